"""Cost of the TxGraffiti linear programs in :func:`conjectura.conjecturing.conjecture`.

Measured in one process on the same bounds (every single-term LP of the term library of the
connected graphs on 3..7 vertices, target the independence number, both directions):

``per_lp``
    one ``scipy.optimize.linprog(method="highs")`` call per bound, every distinct row a
    constraint (the straightforward formulation);
``hull_per_lp``
    one call per bound, constraints only at the vertices of the convex hull of the points
    (the same feasible set);
``block``
    :func:`conjectura.conjecturing.linear.lp_bounds`: hull vertices, and 200 bounds per
    block-diagonal HiGHS call.

The slopes of the three agree (they solve the same programs; where an LP has several optimal
vertices they may differ, and the count of disagreements is reported). Each timing is the
minimum over ``--repeat`` runs (the machine is shared)::

    .venv/bin/python benchmarks/bench_conjecture.py --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

import numpy as np


def _min_time(fn, repeat: int):
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def _plain(y, T, direction):
    from scipy.optimize import linprog

    from conjectura.conjecturing.linear import distinct_rows

    Tu, yu, w = distinct_rows(y, T)
    A = np.column_stack([Tu, np.ones(len(Tu))])
    obj = w @ A
    k = Tu.shape[1]
    if direction == "upper":
        res = linprog(obj, A_ub=-A, b_ub=-yu, bounds=[(None, None)] * (k + 1), method="highs")
    else:
        res = linprog(-obj, A_ub=A, b_ub=yu, bounds=[(None, None)] * (k + 1), method="highs")
    return res.x[:k]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--max-n", type=int, default=7)
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "bench_conjecture.json"))
    args = ap.parse_args()
    os.environ.setdefault("CONJECTURA_HOME", tempfile.mkdtemp())

    from conjectura.conjecturing.linear import lp_bound, lp_bounds
    from conjectura.conjecturing.terms import term_library
    from conjectura.domains.graphs.table import load_small_connected

    df = load_small_connected(3, args.max_n)
    y = df["independence_number"].to_numpy(dtype=float)
    feats = [c for c in df.columns if c not in ("graph6", "independence_number")]
    cols = {f: df[f].astype("float64").to_numpy(na_value=np.nan) for f in feats}
    terms = term_library(cols, feats, 3)
    problems = []
    for t in terms:
        ok = np.isfinite(t.values)
        problems.append((y[ok], t.values[ok][:, None]))
    figures = {}
    for d in ("upper", "lower"):
        t_plain, a_plain = _min_time(lambda d=d: [_plain(yy, T, d) for yy, T in problems], args.repeat)
        t_hull, a_hull = _min_time(lambda d=d: [lp_bound(yy, T, d) for yy, T in problems], args.repeat)
        t_block, a_block = _min_time(lambda d=d: lp_bounds(problems, d), args.repeat)
        differ = sum(not np.allclose(a, b, atol=1e-6) for a, b in zip(a_plain, a_block))
        differ_hull = sum(not np.allclose(a, b, atol=1e-6) for a, b in zip(a_plain, a_hull))
        figures[d] = {
            "lps": len(problems),
            "per_lp_s": round(t_plain, 3),
            "hull_per_lp_s": round(t_hull, 3),
            "block_s": round(t_block, 3),
            "speedup_block_vs_per_lp": round(t_plain / t_block, 2),
            "speedup_hull_vs_per_lp": round(t_plain / t_hull, 2),
            "slopes_differing_block_vs_per_lp": int(differ),
            "slopes_differing_hull_vs_per_lp": int(differ_hull),
        }
        print(d, figures[d])
    out = {
        "table": f"connected graphs on 3..{args.max_n} vertices ({len(df)} rows)",
        "repeat": args.repeat,
        "python": platform.python_version(),
        "time": time.strftime("%Y-%m-%d %H:%M:%S"),
        "figures": figures,
    }
    Path(args.out).write_text(json.dumps(out, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
