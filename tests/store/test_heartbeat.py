"""Heartbeats: a tracked run keeps its heartbeat fresh; a run whose machine stopped beating is
marked interrupted from any machine after the grace period (as Optuna's fail_stale_trials)."""

import datetime as dt
import time

import pytest
from sqlalchemy import update

from conjectura.store import GRACE_PERIOD, HEARTBEAT_INTERVAL, open_store, schema


def _heartbeat(store, run_id):
    return store._rows(schema.runs.select().where(schema.runs.c.id == run_id))[0]["heartbeat"]


def test_documented_defaults():
    assert HEARTBEAT_INTERVAL == 10.0 and GRACE_PERIOD == 120.0
    assert GRACE_PERIOD >= 10 * HEARTBEAT_INTERVAL  # many missed beats before a live run is doubted


def test_a_tracked_run_beats_and_is_never_stale(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 's.db'}", heartbeat_interval=0.05, grace_period=0.5)
    with store.run("search", "beating") as run:
        first = _heartbeat(store, run.id)
        time.sleep(1.2)  # more than twice the grace period, with no metric written
        assert _heartbeat(store, run.id) > first
        assert store.mark_stale_runs() == 0 and store.get_run(run.id)["status"] == "running"
    assert store.get_run(run.id)["status"] == "finished"


def _pretend_remote(store, run_id, *, seconds_ago):
    """What a run looks like whose machine died: another host, a heartbeat that stopped."""
    store._execute(
        update(schema.runs)
        .where(schema.runs.c.id == run_id)
        .values(
            host="another-machine.example.org",
            pid=1,
            heartbeat=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=seconds_ago),
        )
    )


def test_a_silent_run_of_another_machine_is_marked_interrupted(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 's.db'}", grace_period=60)
    dead, alive = store.start_run("search", "dead"), store.start_run("search", "alive")
    _pretend_remote(store, dead.id, seconds_ago=61)
    _pretend_remote(store, alive.id, seconds_ago=5)
    runs = {r["id"]: r for r in store.list_runs()}
    assert runs[dead.id]["status"] == "interrupted"
    assert "no heartbeat for over 60 s (host another-machine.example.org" in runs[dead.id]["error"]
    assert runs[alive.id]["status"] == "running"  # its pid means nothing here: only the heartbeat counts
    assert store.mark_stale_runs(grace_period=4) == 1  # the grace period is also a parameter
    assert store.get_run(alive.id)["status"] == "interrupted"


def test_same_host_dead_process_is_marked_at_once(tmp_path):
    import subprocess
    import sys

    store = open_store(f"sqlite:///{tmp_path / 's.db'}")
    run = store.start_run("search", "short-lived")
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    store._execute(update(schema.runs).where(schema.runs.c.id == run.id).values(pid=p.pid))
    got = store.get_run(run.id)  # heartbeat is fresh, but the process is gone
    assert got["status"] == "interrupted" and got["error"] == "process ended without finishing the run"


@pytest.mark.parametrize("bad", [0, -1.0, float("nan")])
def test_heartbeat_parameters_are_checked(bad):
    import conjectura as cj

    with pytest.raises(cj.InvalidParameterError, match="'grace_period' parameter of Store"):
        open_store("sqlite://", grace_period=bad)
    with pytest.raises(cj.InvalidParameterError, match="'heartbeat_interval' parameter of Store"):
        open_store("sqlite://", heartbeat_interval=bad)
