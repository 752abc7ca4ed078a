"""``conjectura data build knots``: JSON summary, store run and datasets, geodesics, errors."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

pytest.importorskip("snappy")


@pytest.fixture
def cli():
    from conjectura.cli.app import _assemble, app

    _assemble()
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


def test_build_knots_with_geodesics(cli, home):
    res = cli(
        "data",
        "build",
        "knots",
        "--limit",
        "14",
        "--chunk-size",
        "7",
        "--geodesics",
        "--workers",
        "1",
        "--json",
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["rows"] == 14 and out["hyperbolic"] == 11  # 3_1, 5_1, 7_1 are torus knots
    assert out["failures"]["not hyperbolic"] == 3
    assert set(out["parts"]) == {"census", "geodesics"}
    from conjectura.store import open_store

    store = open_store()
    run = store.get_run(out["run_id"])
    assert run["kind"] == "data" and run["status"] == "finished"
    assert {d["name"] for d in store.datasets()} == {"knots/census", "knots/geodesics"}
    # a rerun reuses every chunk
    again = json.loads(
        cli(
            "data",
            "build",
            "knots",
            "--limit",
            "14",
            "--chunk-size",
            "7",
            "--geodesics",
            "--workers",
            "1",
            "--json",
        ).output
    )
    assert again["chunks_computed"] == 0 and again["chunks_reused"] == 2 + 1

    from conjectura.core.registry import get_task

    task = get_task("knots/signature", limit=14, geodesics=True)
    assert "injectivity_radius" in task.features
    ds = task.dataset(seed=0)
    assert len(ds) == 11 and np.isfinite(ds.X).all()
    inj = ds.frame["injectivity_radius"].to_numpy()
    assert np.all(inj > 0)
    np.testing.assert_allclose(inj, ds.frame["short_geodesic_real_part"].to_numpy() / 2)
    assert (ds.frame["geodesic_error"] == "").all()
    fig8 = ds.frame.set_index("name").loc["K4a1"]
    assert fig8["short_geodesic_real_part"] == pytest.approx(1.0870701449957, rel=1e-9)


def test_build_knots_bad_input(cli, home):
    res = cli("data", "build", "knots", "--max-crossings", "2")
    assert res.exit_code == 2
    assert "max_crossings" in res.output


def test_interrupted_build_resumes(tmp_path):
    """Ctrl-C during a parallel build: exit code 130 quickly, only complete chunk files on
    disk, worker processes gone; the rerun computes just the missing chunks."""
    import os
    import signal
    import subprocess
    import sys
    import time

    env = dict(os.environ, CONJECTURA_HOME=str(tmp_path / "home"))
    cmd = [
        sys.executable,
        "-c",
        "from conjectura.cli.app import main; main()",
        "data",
        "build",
        "knots",
        "--limit",
        "400",
        "--chunk-size",
        "40",
        "--workers",
        "2",
        "--json",
    ]
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    chunk_dir = tmp_path / "home" / "data" / "knots" / "census-c14-first400"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(chunk_dir.glob("chunk-*.parquet"))) < 1:
        time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, proc.stderr.read()
    done = sorted(chunk_dir.glob("chunk-*.parquet"))
    assert 1 <= len(done) < 10
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)  # no worker of the session is left running
    res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["rows"] == 400 and out["chunks_reused"] == len(done)
    assert out["chunks_computed"] == 10 - len(done)
