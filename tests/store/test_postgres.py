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
        cid = run.add_certificate(cert)
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
