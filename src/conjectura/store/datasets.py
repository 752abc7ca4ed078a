"""Resumable chunked builds of datasets: one builder, one report, one set of names.

A table too large to compute in one go (SnapPy's knot census, Cremona's table of elliptic
curves, tables of Kazhdan-Lusztig polynomials) is cut into **chunks**: independent pieces of
work, each a picklable module-level function with its arguments. :func:`build_chunks` computes
the chunks whose Parquet file is missing, in a pool of worker processes, and writes each file
atomically (a temporary file renamed when complete), so

* a chunk file is either complete or absent, never partial;
* a rerun skips every chunk already on disk: an interrupted build resumes where it stopped;
* the result does not depend on the number of workers (each chunk is a function of its
  arguments).

Ctrl-C or SIGTERM stops the build at once: the workers are terminated, the finished chunk
files are kept. Progress goes to **stderr** (a bar on a terminal, a line every
:data:`PROGRESS_SECONDS` seconds otherwise), so ``--json`` output on stdout stays clean.

A domain keeps only its per-chunk work and says how to cut the table; the driver, the report
(:class:`BuildReport`) and the entry point :func:`build_dataset` are shared.

>>> import tempfile
>>> import pandas as pd
>>> from conjectura.store.datasets import Chunk, build_chunks
>>> def squares(a, b):
...     return pd.DataFrame({"n": range(a, b), "n2": [n * n for n in range(a, b)]})
>>> d = tempfile.mkdtemp()
>>> chunks = [Chunk(f"squares/{a:03d}", squares, (a, a + 5), size=5) for a in (0, 5)]
>>> run = build_chunks(chunks, directory=d, progress=False)
>>> run.built, run.reused, run.rows
(2, 0, 10)
>>> build_chunks(chunks, directory=d, progress=False).reused  # a rerun reuses both files
2
>>> assemble(run.paths, f"{d}/squares.parquet")["n2"].tolist()[-2:]
[64, 81]
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conjectura.core.jsonable import to_jsonable
from conjectura.core.validation import validate_int
from conjectura.exceptions import InvalidParameterError

__all__ = [
    "Chunk",
    "ChunkRun",
    "BuildReport",
    "Part",
    "build_chunks",
    "assemble",
    "write_parquet",
    "dataset_directory",
    "build_dataset",
    "dataset_names",
    "PROGRESS_SECONDS",
]

PROGRESS_SECONDS = 15.0
"""Seconds between two progress lines when stderr is not a terminal (a log file, a pipe)."""


@dataclass(frozen=True)
class Chunk:
    """One resumable piece of a table.

    Attributes
    ----------
    key : str
        Path of the chunk's Parquet file relative to the build directory, without the
        ``.parquet`` suffix, e.g. ``"census-c14/chunk-000000-000500"``.
    fn : callable
        A module-level (picklable) function; ``fn(*args)`` returns the chunk's rows as a
        :class:`pandas.DataFrame`, a :class:`pyarrow.Table` or a list of dicts, or a pair
        ``(rows, stats)`` where ``stats`` maps names to numbers summed over the chunks built
        (e.g. the seconds spent inside PARI).
    args : tuple
        Its arguments (picklable).
    size : int
        Units of progress the chunk stands for (rows, or 1 for "one block").
    """

    key: str
    fn: Callable[..., Any]
    args: tuple = ()
    size: int = 1


@dataclass(frozen=True)
class ChunkRun:
    """What :func:`build_chunks` did.

    Attributes
    ----------
    paths : tuple of Path
        The chunk files, in the order of the chunks.
    built, reused : int
        Chunks computed by this call, and chunks found on disk.
    rows : int
        Rows over all chunk files.
    seconds : float
        Wall time of the call.
    cpu_seconds : float
        CPU time of the chunks built here, summed over the processes that computed them
        (including their waited-for child processes).
    chunk_seconds : float
        Wall time of the chunks built here (computing plus writing), summed over workers.
    stats : dict
        The ``stats`` returned by the chunk functions, summed.
    """

    paths: tuple[Path, ...]
    built: int
    reused: int
    rows: int
    seconds: float
    cpu_seconds: float
    chunk_seconds: float
    stats: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Part:
    """One file (or directory of block files) a build produced: where, how many rows, from what."""

    path: Path
    rows: int
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "rows": self.rows, "source": self.source}


@dataclass(kw_only=True)
class BuildReport:
    """What a dataset build did; the same for every dataset.

    Attributes
    ----------
    name : str
        The dataset (``"knots"``, ``"curves"``).
    params : dict
        The parameters that determine the table (not the number of workers).
    directory : Path
        Where its files are.
    rows : int
        Rows of the table built.
    chunks_built, chunks_reused : int
        Chunks computed by this build, and chunks found on disk from an earlier one.
    failures : dict
        Rows whose computation failed in part, by kind of failure (the rows are kept, with the
        reason in their error column).
    seconds : float
        Wall time of the build.
    cpu_seconds : float
        CPU time spent on the chunks computed now, over all processes. On an idle machine
        with ``w`` free cores the wall time of that work is about ``cpu_seconds / w``.
    parts : dict of str to Part
        The files produced, by name (e.g. ``census``, ``random``, ``geodesics``).
    details : dict
        Figures of this dataset (e.g. the number of hyperbolic knots, the time inside PARI).
    run_id : int or None
        The run of the store that recorded the build, when :func:`build_dataset` was given one.
    """

    name: str
    params: dict[str, Any]
    directory: Path
    rows: int
    chunks_built: int
    chunks_reused: int
    failures: dict[str, int]
    seconds: float
    cpu_seconds: float
    parts: dict[str, Part]
    details: dict[str, Any] = field(default_factory=dict)
    run_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` document of ``conjectura data build``.

        Keys: ``name``, ``params``, ``directory``, ``rows``, ``chunks_built``,
        ``chunks_reused``, ``failures`` ``{kind: rows}``, ``seconds``, ``cpu_seconds``,
        ``parts`` ``{name: {path, rows, source}}``, ``details``, ``run_id``.
        """
        return to_jsonable(
            {
                "name": self.name,
                "params": self.params,
                "directory": str(self.directory),
                "rows": self.rows,
                "chunks_built": self.chunks_built,
                "chunks_reused": self.chunks_reused,
                "failures": dict(self.failures),
                "seconds": self.seconds,
                "cpu_seconds": self.cpu_seconds,
                "parts": {k: p.to_dict() for k, p in self.parts.items()},
                "details": self.details,
                "run_id": self.run_id,
            },
            finite=True,
        )

    def table(self):
        """A :class:`rich.table.Table`: the figures, one row per part, one row per failure kind."""
        from rich.markup import escape
        from rich.table import Table

        t = Table(title=escape(f"{self.name} dataset in {self.directory}"))
        t.add_column("")
        t.add_column("value")
        rows: list[tuple[str, Any]] = [
            ("rows", self.rows),
            ("chunks built", self.chunks_built),
            ("chunks reused", self.chunks_reused),
            ("seconds", f"{self.seconds:.1f}"),
            ("cpu seconds", f"{self.cpu_seconds:.1f}"),
        ]
        rows += [(k.replace("_", " "), _fmt(v)) for k, v in self.details.items()]
        rows += [(f"part {k}", f"{p.path} ({p.rows} rows)") for k, p in self.parts.items()]
        rows += [(f"failed: {k}", f"{v} row{'' if v == 1 else 's'} (kept)") for k, v in self.failures.items()]
        if not self.failures:
            rows.append(("failures", "none"))
        if self.run_id is not None:
            rows.append(("run", self.run_id))
        for k, v in rows:
            t.add_row(escape(str(k)), escape(str(v)))
        return t


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    if isinstance(v, (list, tuple)):
        return ":".join(map(str, v)) if len(v) == 2 else str(list(v))
    return str(v)


# ---------------------------------------------------------------------------------------------
# writing


def write_parquet(rows: Any, path: str | Path) -> int:
    """Write rows (DataFrame, pyarrow Table or list of dicts) to ``path`` atomically.

    The rows go to a hidden temporary file beside ``path``, renamed onto it when complete, so a
    reader (or a resumed build) sees either the whole file or none. Returns the number of rows.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    if isinstance(rows, list):
        import pandas as pd

        rows = pd.DataFrame(rows)
    table = rows if isinstance(rows, pa.Table) else pa.Table.from_pandas(rows, preserve_index=False)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return table.num_rows


def assemble(paths: Sequence[str | Path], out: str | Path, *, schema: Mapping[str, str] | None = None):
    """Concatenate chunk files into one Parquet file ``out`` (atomically); return the DataFrame.

    Parameters
    ----------
    paths : sequence of path
        Chunk files, in table order.
    out : path
        The assembled file.
    schema : mapping of column to pandas dtype, optional
        The columns of an empty table: with no chunk at all the result is an empty table with
        these columns (and without a schema, an empty table without columns).
    """
    import pandas as pd

    if paths:
        df = pd.concat([pd.read_parquet(p) for p in paths], ignore_index=True)
    else:
        df = pd.DataFrame({c: pd.Series(dtype=t) for c, t in (schema or {}).items()})
    write_parquet(df, out)
    return df


def dataset_directory(directory: str | Path | None, name: str) -> Path:
    """``directory`` (created if missing), or the data directory ``data/<name>`` of the home."""
    if directory is None:
        from conjectura.store.paths import data_dir

        return data_dir(name)
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    return path


# ---------------------------------------------------------------------------------------------
# the worker side (module level, so that it pickles under the spawn start method)

_busy = False


class _Terminated(BaseException):
    """SIGTERM in a worker, raised so that the chunk's ``finally`` blocks run."""


def _worker_init() -> None:
    """Leave Ctrl-C to the parent (which terminates the pool) and die cleanly on SIGTERM."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_sigterm)


def _on_sigterm(signum, frame) -> None:
    if not _busy:  # idle between chunks: nothing to clean up
        os._exit(128 + signum)
    raise _Terminated


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _compute_chunk(path: str, fn: Callable, args: tuple) -> tuple[int, float, float, dict]:
    """Compute one chunk and write its file; returns (rows, cpu seconds, wall seconds, stats)."""
    global _busy
    try:
        _busy = True
        try:
            t0, c0 = time.perf_counter(), _cpu()
            out = fn(*args)
            stats: dict = {}
            if isinstance(out, tuple) and len(out) == 2 and isinstance(out[1], Mapping):
                out, stats = out
            rows = write_parquet(out, path)
            return rows, _cpu() - c0, time.perf_counter() - t0, dict(stats)
        finally:
            _busy = False
    except _Terminated:  # SIGTERM in a worker: the chunk's cleanup ran while this unwound
        os._exit(143)


# ---------------------------------------------------------------------------------------------
# the driver


def build_chunks(
    chunks: Sequence[Chunk],
    *,
    directory: str | Path,
    workers: int = 1,
    progress: bool = True,
    description: str = "chunks",
    unit: str = "rows",
) -> ChunkRun:
    """Compute the chunks whose file is missing under ``directory``; reuse the others.

    Parameters
    ----------
    chunks : sequence of Chunk
        The pieces of the table, in table order; keys must be distinct.
    directory : path
        The build directory; chunk ``c`` lives in ``directory / (c.key + ".parquet")``.
    workers : int, default 1
        Worker processes, started with the spawn method: each is a fresh interpreter that
        imports what its chunk needs, so no state of this process (a PARI stack, SnapPy's
        globals, threads) is copied into it. With 1, or one chunk to build, chunks are
        computed in this process.
    progress : bool, default True
        Report progress on stderr: a bar on a terminal, else a line every
        :data:`PROGRESS_SECONDS` seconds (and at the start and the end).
    description : str
        What the progress line calls the work.
    unit : str, default "rows"
        What ``Chunk.size`` counts, for the progress line.

    Returns
    -------
    ChunkRun

    Raises
    ------
    InvalidParameterError
        For a bad ``workers`` or duplicate chunk keys.
    KeyboardInterrupt
        On Ctrl-C, or on SIGTERM when no other handler is installed; the workers are terminated
        first, the finished chunk files are kept.

    Notes
    -----
    An exception raised by a chunk function stops the build (after terminating the workers)
    and propagates; chunks that finished before it keep their files. Domain code records the
    failures it expects (a knot whose invariant fails) in the rows instead.
    """
    workers = validate_int(workers, "workers", "build_chunks", min_value=1)
    keys = [c.key for c in chunks]
    if len(set(keys)) != len(keys):
        dup = next(k for k in keys if keys.count(k) > 1)
        raise InvalidParameterError(f"The chunks of build_chunks must have distinct keys. Got {dup!r} twice.")
    t0 = time.perf_counter()
    root = Path(directory)
    paths = [root / f"{c.key}.parquet" for c in chunks]
    todo = [(c, p) for c, p in zip(chunks, paths) if not p.exists()]
    reused = len(chunks) - len(todo)
    missing = {p for _, p in todo}
    rows = sum(_rows_on_disk(p) for p in paths if p not in missing)
    for _, p in todo:
        p.parent.mkdir(parents=True, exist_ok=True)

    bar = _Progress(
        progress,
        description,
        total=sum(c.size for c in chunks),
        done=sum(c.size for c in chunks) - sum(c.size for c, _ in todo),
        unit=unit,
    )
    totals = {"cpu": 0.0, "wall": 0.0, "rows": rows}
    stats: dict[str, float] = {}

    def finished(chunk: Chunk, result: tuple[int, float, float, dict]) -> None:
        n, cpu, wall, st = result
        totals["rows"] += n
        totals["cpu"] += cpu
        totals["wall"] += wall
        for k, v in st.items():
            stats[k] = stats.get(k, 0) + v
        bar.advance(chunk.size)

    with _sigterm_as_interrupt():
        try:
            if workers == 1 or len(todo) <= 1:
                for chunk, path in todo:
                    finished(chunk, _compute_chunk(str(path), chunk.fn, chunk.args))
            else:
                _run_pool(todo, min(workers, len(todo)), finished)
        finally:
            bar.close()
    return ChunkRun(
        paths=tuple(paths),
        built=len(todo),
        reused=reused,
        rows=totals["rows"],
        seconds=time.perf_counter() - t0,
        cpu_seconds=totals["cpu"],
        chunk_seconds=totals["wall"],
        stats=stats,
    )


def _rows_on_disk(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows


def _run_pool(todo: list[tuple[Chunk, Path]], workers: int, finished: Callable) -> None:
    """Compute ``todo`` in a spawn-context process pool; terminate the pool on any exception."""
    import multiprocessing as mp
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    before = set(mp.active_children())
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=mp.get_context("spawn"), initializer=_worker_init
    )
    try:
        pending = {pool.submit(_compute_chunk, str(p), c.fn, c.args): c for c, p in todo}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                chunk = pending.pop(fut)
                try:
                    result = fut.result()
                except BrokenProcessPool as exc:
                    raise RuntimeError(
                        f"A worker process died while computing chunk {chunk.key!r} (killed, or a "
                        "crash in compiled code); the finished chunks are kept. Rerun with "
                        "workers=1 to see the error in this process."
                    ) from exc
                finished(chunk, result)
    except BaseException:
        # Ctrl-C, SIGTERM or a failed chunk: stop now; the finished chunk files are on disk
        _terminate(pool, before)
        raise
    pool.shutdown(wait=True)


def _terminate(pool, before: set) -> None:
    """Cancel what is queued and terminate the pool's workers (the children started with it)."""
    import multiprocessing as mp
    import time

    pool.shutdown(wait=False, cancel_futures=True)

    def sweep() -> bool:
        procs = [p for p in mp.active_children() if p not in before]
        for p in procs:
            if p.is_alive():
                p.terminate()
        for p in procs:
            p.join(timeout=10)
            if p.is_alive():
                p.kill()
                p.join()
        return bool(procs)

    # The pool's manager thread may start a worker after a sweep (it replaces the ones that
    # ended); once the workers are gone it sees a broken pool and stops. Sweep until it has
    # stopped and no child is left.
    manager = getattr(pool, "_executor_manager_thread", None)
    for _ in range(50):
        found = sweep()
        if manager is not None:
            manager.join(timeout=0.1)
        if not found and (manager is None or not manager.is_alive()):
            time.sleep(0.02)
            if not sweep():
                return


class _sigterm_as_interrupt:
    """Within the block, SIGTERM raises KeyboardInterrupt, unless a handler is already set
    (a run of the store installs its own) or this is not the main thread."""

    def __enter__(self):
        import signal
        import threading

        self._old = None
        main = threading.current_thread() is threading.main_thread()
        if main and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            self._old = signal.signal(signal.SIGTERM, _raise_interrupt)
        return self

    def __exit__(self, *exc) -> None:
        import signal

        if self._old is not None:
            signal.signal(signal.SIGTERM, self._old)


def _raise_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt("terminated")


class _Progress:
    """Progress on stderr: a rich bar on a terminal, else a plain line every few seconds."""

    def __init__(self, enabled: bool, description: str, *, total: int, done: int, unit: str):
        self.enabled, self.description, self.unit = enabled, description, unit
        self.total, self.done, self.start_done = total, done, done
        self.t0 = self.last = time.monotonic()
        self._bar = None
        if not enabled:
            return
        from rich.console import Console

        console = Console(stderr=True)
        if console.is_terminal:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn(unit),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=console,
            )
            self._bar.start()
            self._task = self._bar.add_task(description, total=total, completed=done)
        else:
            self._line()

    def advance(self, n: int) -> None:
        self.done += n
        if self._bar is not None:
            self._bar.advance(self._task, n)
        elif self.enabled and time.monotonic() - self.last >= PROGRESS_SECONDS:
            self._line()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
        elif self.enabled:
            self._line(final=True)
            self.enabled = False

    def _line(self, final: bool = False) -> None:
        now = time.monotonic()
        self.last = now
        elapsed = now - self.t0
        pct = 100.0 * self.done / self.total if self.total else 100.0
        text = f"{self.description}: {self.done}/{self.total} {self.unit} ({pct:.0f}%), {_clock(elapsed)} elapsed"
        rate = (self.done - self.start_done) / elapsed if elapsed > 0 else 0.0
        if not final and rate > 0 and self.done < self.total:
            text += f", about {_clock((self.total - self.done) / rate)} left"
        if final:
            text += ", done" if self.done >= self.total else ", stopped"
        sys.stderr.write(text + "\n")
        sys.stderr.flush()


def _clock(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


# ---------------------------------------------------------------------------------------------
# the entry point


def dataset_names() -> list[str]:
    """Names of the datasets :func:`build_dataset` can build (the registry's kind "dataset"), sorted."""
    from conjectura.core.registry import list_datasets

    return [e.name for e in list_datasets()]


def build_dataset(name: str, *, store=None, **params) -> BuildReport:
    """Build (or resume building) the dataset ``name`` and return what the build did.

    Parameters
    ----------
    name : str
        ``"knots"`` (:func:`conjectura.domains.knots.dataset.build_knot_table`) or ``"curves"``
        (:func:`conjectura.domains.curves.build.build_curves`), or a dataset registered with
        the kind ``"dataset"`` of the registry.
    store : Store or str, optional
        Record the build as a run of kind ``"data"`` in this store (or store URL), with each
        part of the table as a dataset ``"<name>/<part>"``; the report then carries the run id.
        Ctrl-C marks the run interrupted (the finished chunks are kept).
    **params
        The builder's parameters (``directory``, ``workers``, ``progress`` and the table's own).

    Returns
    -------
    BuildReport

    Raises
    ------
    UnknownNameError
        For a name that is not a dataset (with the close names).
    InvalidParameterError
        For a parameter the builder does not take or a value out of range.

    Examples
    --------
    >>> import conjectura as cj
    >>> report = cj.build_dataset("curves", conductor="11:40", primes=5)  # doctest: +SKIP
    >>> report.rows, report.parts["isogeny-classes"].rows  # doctest: +SKIP
    (23, 23)
    """
    from conjectura.core.registry import get_dataset

    if name not in dataset_names():
        get_dataset(name, **params)  # raises UnknownNameError with the close names

    def build(**kw):
        return get_dataset(name, **kw)

    if store is None:
        return build(**params)
    from conjectura.store import open_store

    db = open_store(store) if isinstance(store, str) else store
    with db.run(kind="data", name=name, config=to_jsonable(params)) as run:
        report = build(**params)
        report.run_id = run.id
        run.set_summary(report.to_dict())
        run.log_metrics(
            {
                "rows": report.rows,
                "failures": sum(report.failures.values()),
                "chunks_built": report.chunks_built,
                "seconds": report.seconds,
            }
        )
        for part, p in report.parts.items():
            run.add_dataset(
                f"{name}/{part}",
                report.params,
                p.path,
                rows=p.rows,
                meta={"source": p.source, "failures": report.failures},
            )
    return report
