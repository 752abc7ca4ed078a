"""``conjectura data build knots``: JSON summary, store run and datasets, geodesics, errors,
progress on stderr under ``--json``, Ctrl-C and resume."""

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
    out = json.loads(res.stdout)  # stdout is the JSON document alone; progress is on stderr
    assert "knots: census <= 14 crossings: 14/14 rows" in res.stderr
    assert "knots: geodesics: 11/11 rows" in res.stderr
    assert out["rows"] == 14 and out["details"]["hyperbolic"] == 11  # 3_1, 5_1, 7_1 are torus knots
    assert out["failures"]["not hyperbolic"] == 3
    assert set(out["parts"]) == {"census", "geodesics"}
    assert out["parts"]["geodesics"]["rows"] == 11 and out["params"]["limit"] == 14
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
        ).stdout
    )
    assert again["chunks_built"] == 0 and again["chunks_reused"] == 2 + 1

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


@pytest.mark.parametrize(
    "args, message",
    [
        (["--max-crossings", "2"], "max_crossings"),
        (["--max-crossings", "0", "--random", "2", "--strands", "4", "--length", "20"], "parity"),
        (["--limit", "5", "--workers", "0"], "workers"),
    ],
)
def test_build_knots_bad_input(cli, home, args, message):
    res = cli("data", "build", "knots", *args)
    assert res.exit_code == 2
    assert message in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert "Traceback" not in res.output
    assert not list(home.rglob("*.parquet"))


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
    assert _running_in_session(proc.pid) == []  # no worker of the session is left running
    res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["rows"] == 400 and out["chunks_reused"] == len(done)
    assert out["chunks_built"] == 10 - len(done)
    # under --json the progress still goes to stderr, starting from the reused chunks
    assert f"knots: census <= 14 crossings: {40 * len(done)}/400 rows" in res.stderr
    assert "400/400 rows (100%)" in res.stderr


def _running_in_session(sid: int, wait: float = 10.0) -> list[int]:
    """Processes of session ``sid`` that are alive and not zombies, after up to ``wait`` seconds
    for them to end (multiprocessing's resource tracker exits just after its parent)."""
    import time
    from pathlib import Path

    deadline = time.monotonic() + wait
    while True:
        alive = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":
                alive.append(int(stat.parent.name))
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.2)
