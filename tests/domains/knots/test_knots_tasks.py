"""The registered task knots/signature and the slope-rule baseline on a census slice."""

from __future__ import annotations

import numpy as np
import pytest

from conjectura.core.registry import get_task, list_tasks
from conjectura.exceptions import InvalidParameterError, NotFittedError

pytest.importorskip("snappy")


@pytest.fixture(scope="module")
def task(tmp_path_factory):
    """One census slice of 300 knots, built once for the module in a fresh home."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CONJECTURA_HOME", str(tmp_path_factory.mktemp("knots-home")))
        t = get_task("knots/signature", limit=300)
        t.dataset(seed=0)  # builds and caches while the home is set
        yield t


def test_task_dataset(task):
    assert "knots/signature" in [e.name for e in list_tasks()]
    assert task.kind == "classification" and task.baselines[0] == "slope-rule"
    ds = task.dataset(seed=0)
    # first 300 census knots: 6 torus knots (3_1, 5_1, 7_1, 8_19, 9_1, 10_124) are left out
    assert len(ds) == 294 and ds.meta["dropped"] == {"not hyperbolic": 6}
    assert ds.X.shape == (294, len(task.features)) and np.isfinite(ds.X).all()
    assert set(np.unique(ds.y)) <= set(range(-10, 11, 2))
    assert ds.groups.tolist() == ds.frame["crossings"].tolist()
    assert set(ds.groups) == set(range(4, 12))
    sym = [c for c in task.features if c.startswith("sym_")]
    assert (ds.frame[sym].sum(axis=1) == 1).all()  # one-hot
    assert {"name", "slope", "signature"} <= set(ds.frame.columns)
    sub = task.dataset(100, seed=1)
    assert len(sub) == 100 and set(sub.frame["name"]) <= set(ds.frame["name"])


def test_slope_rule_on_the_slice(task):
    from conjectura.core.registry import get_baseline
    from conjectura.domains.knots.features import slope

    ds = task.dataset(seed=0)
    est = get_baseline("slope-rule", task)
    with pytest.raises(NotFittedError):
        est.predict(ds.X)
    pred = est.fit(ds.X, ds.y).predict(ds.X)
    # the slope column of the table is the slope the rule reads from the features
    f = list(task.features)
    s = slope(
        ds.X[:, f.index("longitudinal_translation")],
        ds.X[:, f.index("meridional_translation_real")],
        ds.X[:, f.index("meridional_translation_imag")],
    )
    np.testing.assert_allclose(s, ds.frame["slope"].to_numpy(), rtol=1e-9, atol=1e-12)
    assert np.array_equal(pred, 2 * np.round(s / 4))
    acc = float(np.mean(pred == ds.y))
    majority = max(np.mean(ds.y == v) for v in np.unique(ds.y))
    assert acc > 0.6 and acc > majority + 0.25, (acc, majority)
    # |2 sigma - slope| is small next to the slope itself (the DJLT inequality's content)
    assert np.median(np.abs(2 * ds.y - s)) < 0.5 * np.median(np.abs(s))


def test_bad_task_parameters(home):
    with pytest.raises(InvalidParameterError, match="max_crossings"):
        get_task("knots/signature", max_crossings=2)
    with pytest.raises(InvalidParameterError, match="groups"):
        get_task("knots/signature", groups="parity")
    with pytest.raises(InvalidParameterError, match="slope-rule baseline needs"):
        from conjectura.core.registry import get_baseline
        from conjectura.core.registry import get_task as gt

        get_baseline("slope-rule", gt("integers/parity-bit"))


def test_census_vs_random_groups(home):
    task = get_task("knots/signature", limit=30, n_random=2, seed=3, groups="source")
    ds = task.dataset(seed=0)
    assert sorted(set(ds.groups)) == ["census", "random"]
    assert (ds.groups == "random").sum() == 2
    rnd = ds.frame[ds.frame["source"] == "random"]
    assert (rnd["crossings"] >= 15).all() and rnd["braid"].notna().all()
