"""A learner sweep whose trials live in a PostgreSQL store, beside its runs (one URL)."""

import pytest
from pg import PostgresServer

from conjectura.learn.study import study
from conjectura.learn.synthetic import planted_task
from conjectura.qmc.sweep import sweep_status
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


def test_sweep_trials_and_run_share_a_postgres_store(pg_url):
    s = study(
        planted_task(),
        learner="knn",
        n=300,
        seeds=(0,),
        saliency=False,
        sweep=3,
        sweep_name="pg",
        store=pg_url,
    )
    status = sweep_status(pg_url, "pg")
    assert len(status.complete) == 3 and status.sampler == "qmc"
    assert status.best_value == s.sweeps[0].best_value
    run = open_store(pg_url).get_run(s.run_id)
    assert run["summary"]["evaluations"][0]["sweep"]["n_complete"] == 3
    again = study(
        planted_task(),
        learner="knn",
        n=300,
        seeds=(0,),
        saliency=False,
        sweep=2,
        sweep_name="pg",
        store=pg_url,
    )
    assert len(again.sweeps[0].result.complete) == 5  # the same name continues the sweep
