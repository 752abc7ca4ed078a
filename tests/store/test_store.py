"""The store: runs, metrics, certificates; real processes writing at once; interrupted runs."""

import os
import signal
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import conjectura as cj
from conjectura.domains.graphs import wagner_2_1_counterexample
from conjectura.store import open_store


def test_run_lifecycle_and_certificates(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 's.db'}")
    cert = cj.certify(wagner_2_1_counterexample(), cj.get_problem("graphs/wagner-2.1"))
    with store.run("search", "graphs/wagner-2.1", {"seed": 3}) as run:
        for step in range(5):
            run.log_metric("best", step * 0.5, step=step)
        cid = run.attach_certificate(cert)
        run.set_summary({"found": True})
        run.save_checkpoint({"gen": 4, "z": np.arange(3)})
    got = store.get_run(run.id)
    assert got["status"] == "finished" and got["config"] == {"seed": 3}
    assert [m["value"] for m in got["metrics"]] == [0.0, 0.5, 1.0, 1.5, 2.0]
    assert got["summary"] == {"found": True}
    assert store.load_certificate(cid).witness_data == cert.witness_data
    back = run.load_checkpoint()
    assert back["gen"] == 4 and back["z"].tolist() == [0, 1, 2]
    assert cj.Certificate.load(run.dir / "certificate.json").witness_data == cert.witness_data


def test_failed_run_is_marked(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 's.db'}")
    with pytest.raises(RuntimeError), store.run("learn", "x") as run:
        run.log_metric("loss", 1.0)
        raise RuntimeError("boom")
    got = store.get_run(run.id)
    assert got["status"] == "failed" and "boom" in got["error"] and len(got["metrics"]) == 1


def test_unknown_run_and_bad_url(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 's.db'}")
    with pytest.raises(cj.UnknownNameError, match="no run 99"):
        store.get_run(99)
    with pytest.raises(cj.StoreError):
        open_store("postgresql://nobody@127.0.0.1:1/none")


WRITER = textwrap.dedent("""
    import sys
    from conjectura.store import open_store
    url, tag, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = open_store(url)
    for i in range(k):
        with store.run("test", f"{tag}-{i}") as run:
            run.log_metrics({"a": i, "b": -i}, step=i)
""")


def test_two_processes_lose_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, url, tag, "25"]) for tag in ("p", "q")]
    assert [p.wait(timeout=240) for p in procs] == [0, 0]
    store = open_store(url)
    runs = store.list_runs()
    assert len(runs) == 50 and all(r["status"] == "finished" for r in runs)
    assert sum(len(store.metrics(r["id"])) for r in runs) == 100


SLEEPER = textwrap.dedent("""
    import sys, time
    from conjectura.store import open_store
    store = open_store(sys.argv[1])
    with store.run("search", "sleeper") as run:
        run.log_metric("gen", 1.0, step=1)
        print(run.id, flush=True)
        time.sleep(120)
""")


@pytest.mark.parametrize(
    "sig,expected_error",
    [
        (signal.SIGINT, "interrupted by the user"),
        (signal.SIGTERM, "terminated (SIGTERM)"),
        (signal.SIGKILL, "process ended"),
    ],
)
def test_killed_run_is_marked_interrupted_and_keeps_its_metrics(tmp_path, sig, expected_error):
    url = f"sqlite:///{tmp_path / 'k.db'}"
    p = subprocess.Popen([sys.executable, "-c", SLEEPER, url], stdout=subprocess.PIPE, text=True)
    run_id = int(p.stdout.readline())
    os.kill(p.pid, sig)
    p.wait(timeout=60)
    got = open_store(url).get_run(run_id)
    assert got["status"] == "interrupted"
    assert expected_error in got["error"]
    assert [m["value"] for m in got["metrics"]] == [1.0]
