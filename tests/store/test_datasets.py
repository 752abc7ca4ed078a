"""The resumable chunked builder: reuse, atomic files, worker pools, failures, interrupts,
progress on stderr, the empty table, the report."""

from __future__ import annotations

import doctest
import json
import multiprocessing as mp
import signal

import pandas as pd
import pytest

# the chunk functions live in a module beside the tests (tests/store is on sys.path, see
# tests/conftest.py), so that the spawned workers can import them
from chunk_work import collatz_steps, fails_at, rows_as_list, sigterm_self

import conjectura.store.datasets as datasets
from conjectura.exceptions import InvalidParameterError, UnknownNameError
from conjectura.store.datasets import BuildReport, Chunk, Part, assemble, build_chunks, build_dataset


def _chunks(fn=collatz_steps, *extra, n=60, size=10, prefix="collatz"):
    return [Chunk(f"{prefix}/{a:04d}", fn, (a, a + size, *extra), size=size) for a in range(1, n + 1, size)]


def test_doctests():
    res = doctest.testmod(datasets, optionflags=doctest.ELLIPSIS)
    assert res.failed == 0 and res.attempted > 0


def test_resume_reuses_finished_chunks_and_gives_the_same_table(tmp_path):
    first = build_chunks(_chunks(), directory=tmp_path, progress=False)
    assert (first.built, first.reused, first.rows) == (6, 0, 60)
    table = assemble(first.paths, tmp_path / "all.parquet")
    # known values: 27 takes 111 steps (A006577), and 1 takes none
    assert table.set_index("n").loc[[1, 7, 27], "steps"].tolist() == [0, 16, 111]
    assert first.stats["steps"] == table["steps"].sum()
    first.paths[2].unlink()  # as if the build had stopped before this chunk
    again = build_chunks(_chunks(), directory=tmp_path, progress=False)
    assert (again.built, again.reused, again.rows) == (1, 5, 60)
    assert again.stats["steps"] == pd.read_parquet(first.paths[2])["steps"].sum()
    pd.testing.assert_frame_equal(assemble(again.paths, tmp_path / "again.parquet"), table)
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_process_pool_gives_the_same_files(tmp_path):
    before = set(mp.active_children())
    serial = build_chunks(_chunks(), directory=tmp_path / "a", workers=1, progress=False)
    pooled = build_chunks(_chunks(), directory=tmp_path / "b", workers=2, progress=False)
    assert pooled.built == 6 and pooled.stats == serial.stats and pooled.cpu_seconds > 0
    for p, q in zip(serial.paths, pooled.paths):
        pd.testing.assert_frame_equal(pd.read_parquet(p), pd.read_parquet(q))
    assert set(mp.active_children()) <= before  # the pool's workers are gone


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_chunk_stops_the_build_and_keeps_the_finished_ones(tmp_path, workers):
    chunks = _chunks(fails_at, 31, n=60)
    before = set(mp.active_children())
    with pytest.raises(ArithmeticError, match="chunk 31 fails"):
        build_chunks(chunks, directory=tmp_path, workers=workers, progress=False)
    done = sorted(p.name for p in (tmp_path / "collatz").glob("*.parquet"))
    assert "0031.parquet" not in done and (
        workers == 2 or done == ["0001.parquet", "0011.parquet", "0021.parquet"]
    )
    assert not list(tmp_path.rglob("*.tmp")) and set(mp.active_children()) <= before
    # once the cause is fixed, the rerun builds only what is missing
    rerun = build_chunks(_chunks(fails_at, -1, n=60), directory=tmp_path, progress=False)
    assert rerun.reused == len(done) and rerun.built == 6 - len(done)


def test_sigterm_stops_the_build_between_chunks(tmp_path):
    """SIGTERM with no handler of the caller: raised as KeyboardInterrupt, the handler restored."""
    stop = Chunk("collatz/stop", sigterm_self, (21, 31), size=10)
    chunks = [*_chunks(n=20), stop, *_chunks(n=20, prefix="later")]
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    with pytest.raises(KeyboardInterrupt):
        build_chunks(chunks, directory=tmp_path, progress=False)
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    assert sorted(p.name for p in tmp_path.rglob("*.parquet")) == ["0001.parquet", "0011.parquet"]
    assert not list(tmp_path.rglob("*.tmp"))


def test_rows_may_be_a_list_of_dicts_or_an_arrow_table(tmp_path):
    run = build_chunks(_chunks(rows_as_list, n=20), directory=tmp_path, progress=False)
    df = assemble(run.paths, tmp_path / "t.parquet")
    assert df["n"].tolist() == list(range(1, 21)) and df["steps"].isna().all()


def test_progress_goes_to_stderr_even_when_stdout_is_a_document(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(datasets, "PROGRESS_SECONDS", 0.0)  # a line per chunk
    build_chunks(_chunks(n=30), directory=tmp_path, progress=True, description="collatz")
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert lines[0].startswith("collatz: 0/30 rows (0%)")
    assert [line.split()[1] for line in lines[1:]] == ["10/30", "20/30", "30/30", "30/30"]
    assert lines[-1].endswith("done")
    build_chunks(_chunks(n=30), directory=tmp_path, progress=True, description="collatz")
    assert capsys.readouterr().err.startswith("collatz: 30/30 rows (100%)")  # all reused
    build_chunks(_chunks(n=30), directory=tmp_path, progress=False)
    assert capsys.readouterr() == ("", "")


def test_an_empty_table_keeps_its_columns(tmp_path):
    """Regression: assembling no chunk at all wrote nothing (``None.to_parquet``)."""
    run = build_chunks([], directory=tmp_path, progress=False)
    assert (run.built, run.reused, run.rows, run.paths) == (0, 0, 0, ())
    df = assemble(run.paths, tmp_path / "empty.parquet", schema={"name": "string", "volume": "float64"})
    back = pd.read_parquet(tmp_path / "empty.parquet")
    assert len(df) == len(back) == 0 and list(back.columns) == ["name", "volume"]
    assert str(back["volume"].dtype) == "float64"


def test_bad_input_is_refused_before_any_work(tmp_path):
    with pytest.raises(InvalidParameterError, match="'workers' parameter of build_chunks"):
        build_chunks(_chunks(), directory=tmp_path, workers=0)
    with pytest.raises(InvalidParameterError, match="distinct keys"):
        build_chunks(_chunks() + _chunks(), directory=tmp_path)
    with pytest.raises(UnknownNameError, match="Did you mean 'knots'"):
        build_dataset("knot")
    with pytest.raises(InvalidParameterError, match="Bad parameters for dataset 'knots'"):
        build_dataset("knots", out_dir=tmp_path)
    assert not list(tmp_path.rglob("*.parquet"))
    assert {"knots", "curves"} <= set(datasets.dataset_names())


def test_the_report_is_strict_json_and_a_table(tmp_path):
    rep = BuildReport(
        name="collatz",
        params={"n": 60},
        directory=tmp_path,
        rows=60,
        chunks_built=6,
        chunks_reused=0,
        failures={"timeout": 1},
        seconds=1.5,
        cpu_seconds=float("nan"),
        parts={"steps": Part(tmp_path / "all.parquet", 60, "the 3n+1 map")},
        details={"range": [1, 60]},
    )
    doc = rep.to_dict()
    assert json.loads(json.dumps(doc, allow_nan=False)) == doc and doc["cpu_seconds"] is None
    assert doc["parts"]["steps"] == {
        "path": str(tmp_path / "all.parquet"),
        "rows": 60,
        "source": "the 3n+1 map",
    }
    from rich.console import Console

    console = Console(width=120, record=True)
    console.print(rep.table())
    text = console.export_text()
    assert "failed: timeout" in text and "1 row (kept)" in text and "range" in text and "1:60" in text
