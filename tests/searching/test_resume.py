"""Checkpoints in the store and resumption: a resumed run equals a straight one, and a resume
checks everything before it touches the run (defects D6 and D7 of the reliability probe)."""

import numpy as np
import pytest

import conjectura as cj
from conjectura.searching import SearchConfig
from conjectura.store import open_store

EVERY_GENERATION = SearchConfig(checkpoint_every=0.0)


def _interrupt_at(generation):
    def cb(p):
        if p.generation == generation:
            raise KeyboardInterrupt

    return cb


def _snapshot(store, run_id):
    """Everything a failed resume must leave as it was."""
    run = store.get_run(run_id)
    keep = {
        k: run[k] for k in ("status", "finished", "error", "summary", "host", "pid", "heartbeat", "config")
    }
    keep["metrics"] = len(run["metrics"])
    keep["certificates"] = len(run["certificates"])
    from sqlalchemy import select

    from conjectura.store import schema

    keep["checkpoint"] = store._rows(
        select(schema.checkpoints.c.data).where(schema.checkpoints.c.run_id == run_id)
    )
    return keep


@pytest.mark.parametrize(
    "engine,params",
    [("local", {}), ("cem", {"population": 60, "optimizer": "adam", "learning_rate": 3e-3})],
)
def test_interrupt_and_resume_continue_the_same_search(home, engine, params):
    if engine == "cem":
        pytest.importorskip("torch")
    store = open_store()
    kw = dict(problem_params={"n": 8}, engine_params=params, budget="12g")
    with pytest.raises(KeyboardInterrupt):
        cj.search(
            "graphs/wagner-2.1",
            engine,
            seed=3,
            store=store,
            callbacks=[_interrupt_at(5)],
            config=EVERY_GENERATION,
            **kw,
        )
    run = store.list_runs(kind="search")[0]
    assert run["status"] == "interrupted"
    ckpt = store.load_checkpoint(run["id"])
    assert ckpt["loop"]["generations"] == 5 and ckpt["engine"] == engine
    resumed = cj.search(
        "graphs/wagner-2.1", None, store=store, resume=run["id"], **{**kw, "engine_params": None}
    )
    straight = cj.search("graphs/wagner-2.1", engine, seed=3, **kw)
    assert resumed.generations == straight.generations == 12
    assert resumed.evaluations == straight.evaluations
    assert resumed.best_score == straight.best_score and resumed.best_data == straight.best_data
    assert store.get_run(run["id"])["status"] == "finished"


def test_checkpoints_are_arrays_and_json_never_pickles(home):
    import io
    import zipfile

    store = open_store()
    res = cj.search("graphs/wagner-2.1", "local", problem_params={"n": 7}, budget="3g", store=store, seed=1)
    from sqlalchemy import select

    from conjectura.store import schema

    (row,) = store._rows(select(schema.checkpoints).where(schema.checkpoints.c.run_id == res.run_id))
    assert row["name"] == "checkpoint"
    members = zipfile.ZipFile(io.BytesIO(row["data"])).namelist()
    assert all(m.endswith(".npy") for m in members)
    for m in members:  # no member is an object array, so numpy never unpickles anything
        arr = np.load(io.BytesIO(zipfile.ZipFile(io.BytesIO(row["data"])).read(m)), allow_pickle=False)
        assert not arr.dtype.hasobject
    assert row["data"][:2] == b"PK"  # a zip of .npy members (numpy.savez), not a pickle stream


def test_resume_checks_the_problem(home):
    store = open_store()
    res = cj.search("graphs/wagner-2.1", "random", problem_params={"n": 6}, budget="2g", store=store)
    with pytest.raises(cj.InvalidParameterError, match="searched graphs/wagner-2.1"):
        cj.search(
            "graphs/wagner-2.1",
            "random",
            problem_params={"n": 7},
            budget="3g",
            store=store,
            resume=res.run_id,
        )


def test_D6_failed_resume_leaves_run_untouched(home):
    """A resume with the wrong parameters used to mark the run running first, so the run then
    read 'interrupted: process ended without finishing the run'."""
    store = open_store()
    res = cj.search("graphs/wagner-2.1", "local", problem_params={"n": 12}, budget="3g", store=store)
    before = _snapshot(store, res.run_id)
    assert before["status"] == "finished"
    bad = [
        (
            {"problem_params": {"n": 19}, "budget": "9g"},
            cj.InvalidParameterError,
            "searched graphs/wagner-2.1",
        ),
        ({"engine": "cem", "budget": "9g"}, cj.InvalidParameterError, "engine 'local'"),
        ({"engine_params": {"walkers": 9}, "budget": "9g"}, cj.InvalidParameterError, "walkers=9"),
        ({"budget": "3g"}, cj.InvalidParameterError, "budget '3 generations' is spent"),
    ]
    for kw, exc, msg in bad:
        kw = {"problem_params": {"n": 12}, "engine": None, **kw}
        with pytest.raises(exc, match=msg):
            cj.search("graphs/wagner-2.1", store=store, resume=res.run_id, **kw)
        assert _snapshot(store, res.run_id) == before
    # the same run resumes once the arguments are right
    again = cj.search(
        "graphs/wagner-2.1",
        problem_params={"n": 12},
        engine=None,
        budget="6g",
        store=store,
        resume=res.run_id,
    )
    assert again.generations == 6 and again.run_id == res.run_id


def test_D7_resume_refuses_a_running_run(home):
    """While a run is being searched (fresh heartbeat), a second process cannot resume it."""
    store = open_store()
    seen = []

    def try_to_resume(p):
        if p.generation == 2:
            run_id = store.list_runs(kind="search")[0]["id"]
            with pytest.raises(cj.InvalidParameterError, match=f"run {run_id} is running"):
                cj.search(
                    "graphs/wagner-2.1",
                    problem_params={"n": 8},
                    engine=None,
                    budget="20g",
                    store=store,
                    resume=run_id,
                )
            seen.append(store.get_run(run_id)["status"])

    res = cj.search(
        "graphs/wagner-2.1",
        "local",
        problem_params={"n": 8},
        budget="4g",
        store=store,
        callbacks=[try_to_resume],
    )
    assert seen == ["running"]
    run = store.get_run(res.run_id)
    assert run["status"] == "finished" and run["summary"]["generations"] == 4


def test_D7_resume_refuses_a_found_run(home):
    """Resuming a run that found its counterexample searched again and stored a second certificate."""
    store = open_store()
    res = cj.search(
        "graphs/zagreb-indices", "local", problem_params={"n": 9}, budget="20000e", seed=1, store=store
    )
    assert res.found
    before = _snapshot(store, res.run_id)
    with pytest.raises(cj.InvalidParameterError, match="already found and certified"):
        cj.search(
            "graphs/zagreb-indices",
            None,
            problem_params={"n": 9},
            budget="60000e",
            store=store,
            resume=res.run_id,
        )
    assert _snapshot(store, res.run_id) == before and before["certificates"] == 1


def test_D7_two_resumes_cannot_both_claim_a_run(home):
    store = open_store()
    res = cj.search("graphs/wagner-2.1", "random", problem_params={"n": 6}, budget="1g", store=store)
    first = store.claim_run(res.run_id)
    assert first is not None and store.get_run(res.run_id)["status"] == "running"
    assert store.claim_run(res.run_id) is None  # the second claim finds it running
    first.finish("interrupted", "test")


def test_resume_needs_a_store_and_a_checkpoint(home):
    store = open_store()
    with pytest.raises(cj.InvalidParameterError, match="needs the store"):
        cj.search("graphs/wagner-2.1", budget="1g", resume=1)
    with store.run("learn", "integers/squarefree") as learn_run:
        pass
    with pytest.raises(cj.InvalidParameterError, match="is a 'learn' run, not a search"):
        cj.search("graphs/wagner-2.1", budget="1g", store=store, resume=learn_run.id)
    with store.run("search", "graphs/wagner-2.1") as bare:
        pass
    with pytest.raises(cj.StoreError, match="no search checkpoint"):
        cj.search("graphs/wagner-2.1", budget="1g", store=store, resume=bare.id)
    with pytest.raises(cj.UnknownNameError, match="no run 999"):
        cj.search("graphs/wagner-2.1", budget="1g", store=store, resume=999)


def test_resume_on_another_machine_reads_the_store_alone(home, tmp_path, monkeypatch):
    """The checkpoint is a row of the store: a resume needs nothing from the run directory."""
    import shutil

    url = f"sqlite:///{tmp_path / 'shared.db'}"
    store = open_store(url)
    with pytest.raises(KeyboardInterrupt):
        cj.search(
            "graphs/wagner-2.1",
            "local",
            problem_params={"n": 8},
            budget="6g",
            seed=2,
            store=store,
            callbacks=[_interrupt_at(3)],
            config=EVERY_GENERATION,
        )
    run_id = store.list_runs()[0]["id"]
    shutil.rmtree(home / "runs", ignore_errors=True)
    monkeypatch.setenv("CONJECTURA_HOME", str(tmp_path / "other-machine"))
    resumed = cj.search(
        "graphs/wagner-2.1", None, problem_params={"n": 8}, budget="6g", store=url, resume=run_id
    )
    straight = cj.search("graphs/wagner-2.1", "local", problem_params={"n": 8}, budget="6g", seed=2)
    assert (resumed.evaluations, resumed.best_data) == (straight.evaluations, straight.best_data)
