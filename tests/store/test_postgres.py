"""The store on a real PostgreSQL server: runs, certificates, and two writer processes."""

import subprocess
import sys

import pytest
from pg import PostgresServer

import conjectura as cj
from conjectura.domains.graphs import wagner_2_1_counterexample
from conjectura.store import open_store


@pytest.fixture(scope="module")
def pg_url():
    server = PostgresServer()
    reason = server.available()
    if reason:
        pytest.skip(reason)
    server.start()
    yield server.url
    server.stop()


def test_postgres_store_round_trip(pg_url):
    store = open_store(pg_url)
    cert = cj.certify(wagner_2_1_counterexample(), cj.get_problem("graphs/wagner-2.1"))
    with store.run("search", "graphs/wagner-2.1", {"engine": "local"}) as run:
        run.log_metrics({"best": 0.08}, step=3)
        cid = run.attach_certificate(cert)
    got = store.get_run(run.id)
    assert got["status"] == "finished" and got["metrics"][0]["value"] == 0.08
    assert store.load_certificate(cid).verify().holds


def test_postgres_two_processes_lose_nothing(pg_url):
    from test_store import WRITER

    procs = [subprocess.Popen([sys.executable, "-c", WRITER, pg_url, tag, "25"]) for tag in ("pa", "pb")]
    assert [p.wait(timeout=240) for p in procs] == [0, 0]
    store = open_store(pg_url)
    runs = [r for r in store.list_runs() if r["name"].startswith(("pa-", "pb-"))]
    assert len(runs) == 50 and all(r["status"] == "finished" for r in runs)
    assert sum(len(store.metrics(r["id"])) for r in runs) == 100


def test_postgres_search_resumes_on_another_machine_and_hides_the_password(pg_url, tmp_path, monkeypatch):
    """Many machines, one store: the checkpoint is a row, so a run interrupted on one machine is
    continued on another (a fresh home here), and the password never shows."""
    url = pg_url.replace("conjectura@", "conjectura:S3cretPass@")  # trust authentication ignores it
    store = open_store(url)
    assert "S3cretPass" not in repr(store) and "conjectura:***@" in store.display_url
    with pytest.raises(cj.UnknownNameError) as info:
        store.get_run(10_000)
    assert "S3cretPass" not in str(info.value) and "***" in str(info.value)

    def stop_at_3(p):
        if p.generation == 3:
            raise KeyboardInterrupt

    from conjectura.searching import SearchConfig

    kw = dict(problem_params={"n": 8}, budget="7g")
    with pytest.raises(KeyboardInterrupt):
        cj.search(
            "graphs/wagner-2.1",
            "local",
            seed=5,
            store=store,
            callbacks=[stop_at_3],
            config=SearchConfig(checkpoint_every=0.0),
            **kw,
        )
    run_id = max(r["id"] for r in store.list_runs(kind="search"))
    monkeypatch.setenv("CONJECTURA_HOME", str(tmp_path / "second-machine"))
    resumed = cj.search("graphs/wagner-2.1", None, store=url, resume=run_id, **kw)
    straight = cj.search("graphs/wagner-2.1", "local", seed=5, **kw)
    assert (resumed.evaluations, resumed.best_data) == (straight.evaluations, straight.best_data)
    assert store.get_run(run_id)["status"] == "finished"


def test_postgres_stale_run_of_a_dead_machine(pg_url):
    import datetime as dt

    from sqlalchemy import update

    from conjectura.store import schema

    store = open_store(pg_url, grace_period=30)
    run = store.start_run("search", "remote")
    store._execute(
        update(schema.runs)
        .where(schema.runs.c.id == run.id)
        .values(host="elsewhere", heartbeat=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=31))
    )
    got = store.get_run(run.id)
    assert got["status"] == "interrupted" and "no heartbeat for over 30 s (host elsewhere" in got["error"]
