"""Hyperparameter sweeps of a learner: quasi-random by default, selected on validation rows
inside the training rows (never the test rows), trials kept in the store's database, shared by
processes, and kept when interrupted."""

import inspect
import json
import subprocess
import sys

import numpy as np
import pytest
from typer.testing import CliRunner

import conjectura as cj
from conjectura.cli.app import _assemble, app
from conjectura.core.task import Task
from conjectura.exceptions import InvalidParameterError
from conjectura.learn.splits import split_indices
from conjectura.learn.study import study
from conjectura.learn.sweep import _val_split, search_space, sweep_learner
from conjectura.learn.synthetic import FEATURES, planted_dataset, planted_task
from conjectura.qmc.sweep import Int, sweep_status

_assemble()
runner = CliRunner()


@cj.register_task("test/sweep-planted", description="the planted signal, majority baseline only")
def sweep_planted() -> Task:
    return Task(
        name="test/sweep-planted",
        features=FEATURES,
        target="y",
        build=lambda n, rng: planted_dataset(n, rng),
        baselines=("majority",),
        description="planted signal",
    )


def test_qmc_is_the_default_sampler():
    for f in (sweep_learner, study):
        assert inspect.signature(f).parameters["sampler"].default == "qmc"
    sw = sweep_learner(planted_task(), "knn", n_trials=2, seeds=(0,), n=200)
    assert sw.result.sampler == "qmc" and sw.to_dict()["sampler"] == "qmc"


def test_validation_rows_are_inside_the_training_rows():
    groups = np.repeat(np.arange(10), 10)
    for split, g in (("random", None), ("group", groups), ("group>6", groups)):
        for seed in (0, 1):
            tr, te = split_indices(100, split, test_size=0.2, seed=seed, groups=g)
            fit, val = _val_split(tr, split, 0.25, seed, g)
            assert set(fit) | set(val) == set(tr) and not set(val) & set(te) and not set(fit) & set(val)
            if g is not None:  # by group: no group on both sides
                assert not set(g[fit]) & set(g[val])


def test_sweep_improves_or_matches_the_default_on_validation():
    """k-NN (default k = 5) on the planted signal: 8 Sobol points of (k, weights) reach at
    least the default's validation accuracy, and the study evaluates with the best trial."""
    sw = sweep_learner(planted_task(), "knn", n_trials=8, seeds=(0, 1), n=400)
    assert len(sw.result.complete) == 8
    assert sw.best_value >= sw.default_value
    assert sw.best_value == max(t["value"] for t in sw.result.complete)
    assert set(sw.best_params) == set(search_space("knn", planted_task()))
    s = study(planted_task(), learner="knn", seeds=(0, 1), n=400, saliency=False, sweep=8)
    ev = s.evaluations[0]
    assert dict(ev.config.learner_params) == sw.params()  # same sweep, same best trial
    d = s.to_dict()["evaluations"][0]
    assert d["sweep"]["best"]["value"] == sw.best_value and d["learner_params"] == sw.params()
    assert [r["role"] for r in d["rows"]][-1] == "null"  # reported beside the baselines and the null


def test_the_default_is_kept_when_no_trial_beats_it():
    """k-NN on the parity of 6 bits: the 15 nearest points of a vertex are its 6 neighbours at
    Hamming distance 1 (other parity) and 9 of the 15 at distance 2 (same parity), so the
    default k = 15 votes right; with k in [30, 40] the 20 points at distance 3 (other parity)
    outvote them. The sweep must keep the default."""
    task = cj.get_task("integers/parity-bit", m=6)
    sw = sweep_learner(task, "knn", n_trials=3, seeds=(0, 1), space={"n_neighbors": Int(30, 40)})
    assert sw.default_value > sw.best_value and sw.chosen == "default" and sw.params() == {}
    assert "no trial beats the default" in sw.summary()


def test_cli_sweep_json_is_the_study_and_trials_land_in_the_store(tmp_path, home):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    args = ["learn", "test/sweep-planted", "-l", "knn", "--n", "300", "--seeds", "0", "--no-saliency"]
    r = runner.invoke(app, [*args, "--sweep", "4", "--json", "--store", url])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    sw = doc["evaluations"][0]["sweep"]
    assert sw["n_complete"] == 4 and sw["sampler"] == "qmc" and sw["storage"] == url
    status = sweep_status(url, sw["name"])  # the trials are in the store's database
    assert len(status.complete) == 4 and status.best_value == sw["best"]["value"]
    run = cj.open_store(url).get_run(doc["run_id"])
    assert run["summary"]["evaluations"][0]["sweep"]["name"] == sw["name"]
    api = study(
        "test/sweep-planted",
        learner="knn",
        n=300,
        seeds=(0,),
        saliency=False,
        sweep=4,
        store=f"sqlite:///{tmp_path / 'b.db'}",
    ).to_dict()
    for d in (doc, api):
        d.pop("run_id"), d.pop("report"), d["evaluations"][0]["sweep"].pop("storage")
    assert api == doc
    # the same command again must say how to continue; --resume continues the sweep
    again = runner.invoke(app, [*args, "--sweep", "2", "--store", url])
    assert again.exit_code == 2 and "already holds 4 trials" in again.stderr
    more = runner.invoke(app, [*args, "--sweep", "2", "--resume", "--json", "--store", url])
    assert json.loads(more.stdout)["evaluations"][0]["sweep"]["n_complete"] == 6
    bad = runner.invoke(app, [*args, "--sweep", "2", "--sampler", "grid", "--store", url])
    assert bad.exit_code == 2 and "'sampler'" in bad.stderr and "Traceback" not in bad.output


WORKER = """
import sys
from conjectura.learn.study import study
study("integers/parity-bit", params={"m": 7}, learner="knn", seeds=(0,), saliency=False, sweep=3,
      sweep_name="shared", store=sys.argv[1])
"""


def test_two_processes_share_a_sweep(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    procs = [
        subprocess.Popen([sys.executable, "-c", WORKER, url], stderr=subprocess.PIPE, text=True) for _ in "ab"
    ]
    for p in procs:
        assert p.wait(timeout=600) == 0, p.stderr.read()
    status = sweep_status(url, "shared")
    assert len(status.complete) == 6 and status.sampler == "qmc"
    assert len(cj.open_store(url).list_runs(kind="learn")) == 2


_FITS = {"left": -1}


class _Interrupting:
    """k-NN that raises KeyboardInterrupt (a Ctrl-C) when its fit budget runs out."""

    def __init__(self, n_neighbors=5):
        from sklearn.neighbors import KNeighborsClassifier

        self.est = KNeighborsClassifier(n_neighbors=n_neighbors)

    def fit(self, X, y):
        _FITS["left"] -= 1
        if _FITS["left"] == 0:
            raise KeyboardInterrupt
        self.est.fit(X, y)
        return self

    def predict(self, X):
        return self.est.predict(X)


cj.register_learner(
    "test/interrupting-knn",
    lambda task, **hyper: _Interrupting(**hyper),
    meta={"search_space": {"n_neighbors": Int(1, 9)}},
)
cj.register_learner("test/no-space", lambda task, **hyper: _Interrupting(**hyper))


def test_interrupted_sweep_keeps_finished_trials_and_resumes(tmp_path):
    url = f"sqlite:///{tmp_path / 'i.db'}"
    kw = {"seeds": (0,), "n": 200, "store": url}
    _FITS["left"] = 4  # the default's fit, two trials, then Ctrl-C in the third
    with pytest.raises(KeyboardInterrupt):
        sweep_learner(planted_task(), "test/interrupting-knn", n_trials=6, **kw)
    _FITS["left"] = -1
    name = next(s.study_name for s in __import__("optuna").get_all_study_summaries(url))
    assert [t["state"] for t in sweep_status(url, name).trials] == ["COMPLETE", "COMPLETE", "FAIL"]
    with pytest.raises(InvalidParameterError, match="already holds 3 trials"):
        sweep_learner(planted_task(), "test/interrupting-knn", n_trials=2, **kw)
    sw = sweep_learner(planted_task(), "test/interrupting-knn", n_trials=2, resume=True, **kw)
    assert len(sw.result.complete) == 4 and sw.result.ran == 2
    with pytest.raises(InvalidParameterError, match="another configuration.*seeds"):
        sweep_learner(
            planted_task(), "test/interrupting-knn", n_trials=1, sweep_name=name, **{**kw, "seeds": (1,)}
        )
    with pytest.raises(InvalidParameterError, match="declares no search space"):
        sweep_learner(planted_task(), "test/no-space", n_trials=1)
