"""Quasi-random sweeps with Optuna: the points are scrambled Sobol points, a sweep lives in a
database that several workers share, and failures are recorded, not lost."""

import subprocess
import sys

import numpy as np
import pytest
from scipy.stats import qmc

from conjectura.exceptions import InvalidParameterError
from conjectura.qmc.sweep import Categorical, Float, Int, sweep, sweep_status


def _scipy_sobol(d, seed, n):
    # Optuna's QMCSampler draws point k of qmc.Sobol(d, scramble=True, seed=seed)
    return qmc.Sobol(d, scramble=True, seed=seed).random(n)


def test_qmc_trials_are_the_scrambled_sobol_sequence():
    space = {"x": Float(-2.0, 3.0), "lr": Float(1e-4, 1e-1, log=True)}
    res = sweep(lambda p: p["x"] ** 2, space, n_trials=17, seed=11)
    u = _scipy_sobol(2, 11, 16)  # trial 0 is Optuna's independent (random) trial
    names = list(space)  # coordinate j of the Sobol point is the j-th parameter of the space
    lr = np.array([t["params"]["lr"] for t in res.trials[1:]])
    x = np.array([t["params"]["x"] for t in res.trials[1:]])
    assert np.allclose(np.log(lr), np.log(1e-4) + u[:, names.index("lr")] * (np.log(1e-1) - np.log(1e-4)))
    assert np.allclose(x, -2.0 + 5.0 * u[:, names.index("x")])


def test_sixteen_sobol_trials_hit_every_interval_of_width_one_sixteenth():
    """The first 2^m scrambled Sobol points form a (0, m, 1)-net, so min |x - 0.3| <= 2^-m and
    the best squared distance is at most 4^-m (an exact bound, m = 4)."""
    res = sweep(lambda p: (p["x"] - 0.3) ** 2, {"x": Float(0.0, 1.0)}, n_trials=17, seed=3)
    assert res.best_value <= 1 / 16**2
    xs = np.array([t["params"]["x"] for t in res.trials[1:]])
    assert np.array_equal(np.sort(np.floor(xs * 16)), np.arange(16))


WORKER = """
import sys
from conjectura.qmc.sweep import Float, Int, sweep
res = sweep(lambda p: (p["x"] - 0.3) ** 2 + p["k"], {"x": Float(0.0, 1.0), "k": Int(0, 3)}, n_trials=8,
            storage=sys.argv[1], study_name="shared", seed=5, worker=int(sys.argv[2]))
print(res.ran)
"""


def test_workers_share_one_sweep_through_the_database(tmp_path):
    """Two processes run 8 trials each against one SQLite file at the same time."""
    url = f"sqlite:///{tmp_path / 'sweep.db'}"
    procs = [
        subprocess.Popen([sys.executable, "-c", WORKER, url, str(w)], stdout=subprocess.PIPE, text=True)
        for w in (0, 1)
    ]
    ran = [int(p.communicate(timeout=300)[0].split()[-1]) for p in procs]
    assert ran == [8, 8]
    res = sweep_status(url, "shared")
    assert len(res.complete) == 16 and res.sampler == "qmc"
    assert res.best_value == min(t["value"] for t in res.complete)
    # the workers draw from one Sobol sequence: every trial but the independent first ones is a
    # Sobol point, no index is skipped (Optuna's counter may hand one index out twice)
    u = _scipy_sobol(2, 5, 32)
    idx = [np.flatnonzero(np.isclose(u[:, 0], t["params"]["x"])) for t in res.trials]
    found = sorted({int(i[0]) for i in idx if i.size})
    assert sum(i.size == 0 for i in idx) <= 2 and found == list(range(len(found))) and len(found) >= 10
    # resuming adds to the same sweep and continues the sequence
    more = sweep(
        lambda p: 0.0,
        {"x": Float(0.0, 1.0), "k": Int(0, 3)},
        n_trials=2,
        storage=url,
        study_name="shared",
        seed=5,
    )
    assert more.ran == 2 and len(more.trials) == 18


def test_sweep_shares_a_database_with_the_store(tmp_path):
    from conjectura.store import open_store

    url = f"sqlite:///{tmp_path / 'store.db'}"
    store = open_store(url)
    with store.run(kind="analysis", name="sweep-host", config={}) as run:
        run.set_summary({"ok": True})
    res = sweep(lambda p: p["x"], {"x": Float(0.0, 1.0)}, n_trials=3, storage=url, study_name="s", seed=0)
    assert len(res.complete) == 3 and res.storage == url
    assert open_store(url).list_runs()[0]["name"] == "sweep-host"


@pytest.mark.parametrize("sampler", ["random", "tpe"])
def test_random_and_tpe_workers_draw_different_points(sampler):
    a = sweep(lambda p: p["x"], {"x": Float(0.0, 1.0)}, n_trials=5, sampler=sampler, seed=1, worker=0)
    b = sweep(lambda p: p["x"], {"x": Float(0.0, 1.0)}, n_trials=5, sampler=sampler, seed=1, worker=1)
    c = sweep(lambda p: p["x"], {"x": Float(0.0, 1.0)}, n_trials=5, sampler=sampler, seed=1, worker=0)
    xa, xb, xc = ([t["params"]["x"] for t in r.trials] for r in (a, b, c))
    assert xa != xb and xa == xc


def test_failures_are_recorded_and_interrupts_keep_finished_trials(tmp_path):
    url = f"sqlite:///{tmp_path / 'f.db'}"

    def objective(p):
        if p["c"] == "bad":
            raise ValueError("diverged")
        return {"value": p["x"], "baseline": 0.5}

    res = sweep(
        objective,
        {"x": (0.0, 1.0), "c": ["good", "bad"]},
        n_trials=12,
        storage=url,
        study_name="f",
        catch=(ValueError,),
        seed=2,
    )
    failed = [t for t in res.trials if t["state"] == "FAIL"]
    assert failed and all(t["attrs"]["error"] == "ValueError: diverged" for t in failed)
    assert all(t["attrs"]["baseline"] == 0.5 for t in res.complete)
    assert res.best_params["c"] == "good"
    calls = []

    def interrupted(p):
        calls.append(p)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return p["x"]

    with pytest.raises(KeyboardInterrupt):
        sweep(interrupted, {"x": Float(0.0, 1.0)}, n_trials=10, storage=url, study_name="g", seed=0)
    kept = sweep_status(url, "g")
    assert [t["state"] for t in kept.trials] == ["COMPLETE", "COMPLETE", "FAIL"]
    nan = sweep(lambda p: float("nan"), {"x": Float(0.0, 1.0)}, n_trials=1)
    assert nan.trials[0]["state"] == "FAIL" and nan.best is None


def test_result_object_and_report(tmp_path):
    res = sweep(
        lambda p: (p["x"] - 0.3) ** 2,
        {"x": Float(0.0, 1.0), "n": Categorical((1, 2))},
        n_trials=9,
        direction="minimize",
    )
    d = res.to_dict()
    assert d["n_complete"] == 9 and d["best"]["value"] == res.best_value
    assert res.table().row_count == 9 and res.table_rows()[0]["value"] == res.best_value
    html = res.report(tmp_path).read_text()
    assert "data:image/png;base64" in html


def test_bad_inputs(tmp_path):
    url = f"sqlite:///{tmp_path / 'b.db'}"
    with pytest.raises(InvalidParameterError, match="'study_name' parameter of sweep is required"):
        sweep(lambda p: 0.0, {"x": Float(0, 1)}, n_trials=1, storage=url)
    with pytest.raises(InvalidParameterError, match="search space entry 'x'"):
        sweep(lambda p: 0.0, {"x": Float(1.0, 0.0)}, n_trials=1)
    with pytest.raises(InvalidParameterError, match="must be an SQLAlchemy URL"):
        sweep(lambda p: 0.0, {"x": Float(0, 1)}, n_trials=1, storage="sweep.db", study_name="a")
    sweep(lambda p: 0.0, {"x": Float(0, 1)}, n_trials=1, storage=url, study_name="a")
    with pytest.raises(InvalidParameterError, match="was created with direction 'minimize'"):
        sweep(
            lambda p: 0.0, {"x": Float(0, 1)}, n_trials=1, storage=url, study_name="a", direction="maximize"
        )
    with pytest.raises(InvalidParameterError, match="runs the 'qmc' sampler"):
        sweep(lambda p: 0.0, {"x": Float(0, 1)}, n_trials=1, storage=url, study_name="a", sampler="tpe")
    with pytest.raises(InvalidParameterError, match=r"There is no sweep named 'zz'.*\['a'\]"):
        sweep_status(url, "zz")
    with pytest.raises(InvalidParameterError, match="must have the key 'value'"):
        sweep(lambda p: {"v": 1.0}, {"x": Float(0, 1)}, n_trials=1)
