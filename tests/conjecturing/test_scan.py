"""scan(): Holm-Bonferroni against a direct implementation, and the flag needs both the gap and
the corrected test."""

import numpy as np
import pandas as pd

from conjectura.conjecturing.scan import holm, scan


def test_holm_matches_the_step_down_definition():
    rng = np.random.default_rng(0)
    for _ in range(20):
        p = rng.uniform(0, 0.2, 6)
        adj = holm(p)
        order = np.argsort(p)
        m = len(p)
        for k, i in enumerate(order):
            want = min(1.0, max((m - j) * p[order[j]] for j in range(k + 1)))
            assert np.isclose(adj[i], want)
        # rejecting at level a with adj < a is Holm's procedure
        for a in (0.05, 0.1):
            rejected = set()
            for k, i in enumerate(order):
                if p[i] < a / (m - k):
                    rejected.add(i)
                else:
                    break
            assert rejected == {i for i in range(m) if adj[i] < a}


def test_scan_table_and_report(tmp_path):
    rng = np.random.default_rng(2)
    x = rng.uniform(0, 1, (300, 3))
    t = pd.DataFrame({"a": x[:, 0], "b": x[:, 1], "noise": x[:, 2], "prod": x[:, 0] * x[:, 1]})
    s = scan(t, seeds=(0, 1, 2, 3))
    # prod = a*b, and a = prod/b, b = prod/a: non-linear, so flagged; noise is not predictable
    assert "prod" in s.flagged and set(s.flagged) <= {"prod", "a", "b"}
    row = next(r for r in s.rows if r["target"] == "prod")
    assert row["p_holm"] >= row["p_value"] and row["gap"] > row["spread"]
    assert s.report(tmp_path / "r.html").read_text().count("<tr") == len(s.rows) + 1
