"""The knot table: census and random knots with their invariants, cached as Parquet.

:func:`build_knot_table` computes the table in chunks (one Parquet file per chunk, written
atomically), in parallel with :class:`concurrent.futures.ProcessPoolExecutor`, and skips chunks
already on disk, so an interrupted build resumes where it stopped. :func:`load_knot_table` reads
the assembled table (building it when asked). Every knot gets a row; whatever failed is written
in its ``error`` column and counted, never dropped.

Layout under ``data_dir("knots")``::

    census-c14/chunk-000000-000500.parquet ...   resumable pieces
    census-c14.parquet                           the assembled table
    random-n1000-s0/... , random-n1000-s0.parquet
    census-c14-geodesics/..., census-c14-geodesics.parquet   (with --geodesics)
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from conjectura.core.seeding import child_seeds
from conjectura.core.validation import check_float, check_int
from conjectura.exceptions import InvalidParameterError

__all__ = ["BuildReport", "build_knot_table", "load_knot_table", "table_path"]

_OWNER = "build_knot_table"


@dataclass
class BuildReport:
    """What a build did: rows, failures by kind, chunks computed and reused, time taken.

    ``seconds`` is the wall-clock time of this call, ``cpu_seconds`` the CPU time the workers
    spent on the chunks computed in it (on an otherwise idle machine with ``w`` free cores the
    wall time of the work is about ``cpu_seconds / w``).
    """

    path: str
    rows: int = 0
    hyperbolic: int = 0
    failures: dict[str, int] = field(default_factory=dict)
    chunks_computed: int = 0
    chunks_reused: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    parts: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _data_dir(out_dir) -> Path:
    if out_dir is not None:
        path = Path(out_dir)
        path.mkdir(parents=True, exist_ok=True)
        return path
    from conjectura.store.paths import data_dir

    return data_dir("knots")


def _census_key(max_crossings: int, limit: int | None) -> str:
    return f"census-c{max_crossings}" + (f"-first{limit}" if limit is not None else "")


def _random_key(n: int, seed: int, strands: int, length: int) -> str:
    shape = "" if (strands, length) == (5, 40) else f"-b{strands}x{length}"
    return f"random-n{n}-s{seed}{shape}"


def table_path(
    *, max_crossings: int = 14, limit: int | None = None, n_random: int = 0, seed: int = 0, out_dir=None
) -> Path:
    """Path of the assembled Parquet table for these build parameters.

    The census part and the random part are separate files; this returns the census file when
    ``n_random == 0`` and the random file when ``max_crossings == 0``, and the census file
    otherwise (the random file sits beside it, ``random-n{N}-s{seed}.parquet``).
    """
    d = _data_dir(out_dir)
    if max_crossings == 0:
        return d / f"{_random_key(n_random, seed, 5, 40)}.parquet"
    return d / f"{_census_key(max_crossings, limit)}.parquet"


# ---------------------------------------------------------------------------------------------
# work done in the worker processes (module-level so that they pickle)


def _census_chunk(start: int, stop: int) -> list[dict[str, Any]]:
    from conjectura.domains.knots.features import knot_record
    from conjectura.domains.knots.generate import census_crossings, census_knots

    rows = []
    for i, M in census_knots(start, stop):
        name = M.name()
        row = {
            "name": name,
            "source": "census",
            "index": i,
            "crossings": census_crossings(i),
            "alternating": name[len(str(census_crossings(i))) + 1] == "a",
            "braid": None,
        }
        try:
            row.update(knot_record(M))
        except Exception as exc:
            row["error"] = f"record: {exc!r}"
        rows.append(row)
    return rows


def _random_chunk(
    start: int, stop: int, seeds: list[int], strands: int, length: int, prefix: str = "R"
) -> list[dict[str, Any]]:
    from conjectura.domains.knots.features import knot_record
    from conjectura.domains.knots.generate import random_knot

    rows = []
    for i, s in zip(range(start, stop), seeds):
        row: dict[str, Any] = {"name": f"{prefix}{i}", "source": "random", "index": i}
        try:
            found = random_knot(s, strands=strands, length=length)
        except Exception as exc:
            found, row["error"] = None, f"random_knot: {exc!r}"
        if found is None:
            row.setdefault("error", "random_knot: nothing suitable within max_tries")
            rows.append(row)
            continue
        word, link, M = found
        row.update(
            crossings=len(link.crossings),
            alternating=bool(_is_alternating(link)),
            braid=" ".join(map(str, word)),
        )
        try:
            row.update(knot_record(M, link))
        except Exception as exc:
            row["error"] = f"record: {exc!r}"
        rows.append(row)
    return rows


def _is_alternating(link) -> bool:
    try:
        return link.is_alternating()
    except Exception:
        return False


def _geodesic_chunk(names: list[str], payloads: list[str], timeout: float) -> list[dict[str, Any]]:
    from conjectura.domains.knots.geodesics import GeodesicRunner

    rows = []
    with GeodesicRunner(timeout=timeout) as runner:
        for name, text in zip(names, payloads):
            rows.append({"name": name, **runner.compute(text)})
    return rows


# ---------------------------------------------------------------------------------------------
# the driver


def _timed(fn: Callable, *args) -> tuple[list[dict[str, Any]], float]:
    """Run ``fn(*args)`` in a worker; return its rows and the CPU seconds it took."""
    t0 = time.process_time()
    rows = fn(*args)
    return rows, time.process_time() - t0


def _worker_init() -> None:
    """Workers die on SIGTERM and leave Ctrl-C to the parent (which then terminates them),
    instead of inheriting the parent's handlers."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _terminate(pool: ProcessPoolExecutor) -> None:
    procs = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in procs:
        if proc.is_alive():
            proc.terminate()
    for proc in procs:
        proc.join(timeout=10)


def _run_chunks(
    jobs: list[tuple[Path, Callable, tuple]],
    *,
    workers: int,
    progress: bool,
    description: str,
    total_rows: int,
) -> tuple[int, int, float]:
    """Compute the missing chunk files of ``jobs`` = [(path, fn, args)].

    Returns ``(computed, reused, cpu_seconds)``.
    """
    import pandas as pd

    todo = [(p, fn, args) for p, fn, args in jobs if not p.exists()]
    reused = len(jobs) - len(todo)
    done_rows = sum(_chunk_rows(p) for p, _, _ in jobs if p.exists())

    def write(path: Path, rows: list[dict]) -> int:
        df = _normalise(pd.DataFrame(rows))
        tmp = path.with_suffix(".tmp")
        df.to_parquet(tmp, index=False)
        os.replace(tmp, path)  # atomic: a chunk file is either complete or absent
        return len(df)

    bar = _progress(progress, description, total_rows, done_rows)
    cpu = 0.0
    try:
        if workers <= 1:
            for path, fn, args in todo:
                rows, secs = _timed(fn, *args)
                cpu += secs
                bar.advance(write(path, rows))
        else:
            pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_init)
            try:
                pending = {pool.submit(_timed, fn, *args): path for path, fn, args in todo}
                while pending:
                    finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for fut in finished:
                        path = pending.pop(fut)
                        rows, secs = fut.result()
                        cpu += secs
                        bar.advance(write(path, rows))
            except BaseException:
                # interrupted (Ctrl-C, SIGTERM) or failed: stop now; finished chunks are on disk
                _terminate(pool)
                raise
            pool.shutdown(wait=True)
    except BaseException:
        bar.close()
        raise
    bar.close()
    return len(todo), reused, cpu


def _chunk_rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows


class _Bar:
    """A rich progress bar (or nothing), advanced by rows."""

    def __init__(self, enabled: bool, description: str, total: int, completed: int):
        self._p = None
        if enabled:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._p = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                transient=False,
            )
            self._p.start()
            self._t = self._p.add_task(description, total=total, completed=completed)

    def advance(self, n: int) -> None:
        if self._p is not None:
            self._p.advance(self._t, n)

    def close(self) -> None:
        if self._p is not None:
            self._p.stop()
            self._p = None


def _progress(enabled, description, total, completed) -> _Bar:
    return _Bar(enabled, description, total, completed)


_COLUMNS = {  # column -> pandas dtype, so that every chunk has the same schema
    "name": "string",
    "source": "string",
    "index": "int64",
    "crossings": "Int64",
    "alternating": "boolean",
    "braid": "string",
    "solution_type": "string",
    "hyperbolic": "boolean",
    "volume": "float64",
    "chern_simons": "float64",
    "cusp_volume": "float64",
    "meridional_translation_real": "float64",
    "meridional_translation_imag": "float64",
    "longitudinal_translation": "float64",
    "slope": "float64",
    "symmetry_group": "string",
    "diagram_crossings": "Int64",
    "signature": "Int64",
    "genus": "Int64",
    "torsion_degree": "Int64",
    "fibered": "boolean",
    "hfk_tau": "Int64",
    "hfk_total_rank": "Int64",
    "error": "string",
}

_GEODESIC_COLUMNS = {
    "name": "string",
    "short_geodesic_real_part": "float64",
    "short_geodesic_imag_part": "float64",
    "injectivity_radius": "float64",
    "geodesic_method": "string",
    "geodesic_error": "string",
}


def _normalise(df, columns=None):
    columns = columns or (_GEODESIC_COLUMNS if "geodesic_method" in df.columns else _COLUMNS)
    for c, dtype in columns.items():
        if c not in df.columns:
            df[c] = None
        df[c] = df[c].astype(dtype)
    if "error" in df.columns:
        df["error"] = df["error"].fillna("")
    return df[list(columns)]


def _chunk_ranges(start: int, stop: int, size: int) -> list[tuple[int, int]]:
    return [(a, min(a + size, stop)) for a in range(start, stop, size)]


def _assemble(parts: list[Path], out: Path):
    import pandas as pd

    df = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True) if parts else None
    tmp = out.with_suffix(".tmp")
    df.to_parquet(tmp, index=False)
    os.replace(tmp, out)
    return df


def _failure_counts(df) -> dict[str, int]:
    counts: dict[str, int] = {}
    col = "geodesic_error" if "geodesic_error" in df.columns else "error"
    for err in df[col].fillna(""):
        for item in filter(None, str(err).split("; ")):
            kind, _, rest = item.partition(":")
            if col == "geodesic_error":  # "geodesics: timeout after 20s" -> "timeout"
                kind = rest.strip().split(" after")[0].split(" (")[0] or kind
            counts[kind] = counts.get(kind, 0) + 1
    return dict(sorted(counts.items()))


def build_knot_table(
    *,
    max_crossings: int = 14,
    n_random: int = 0,
    geodesics: bool = False,
    geodesic_sample: int | None = None,
    geodesic_timeout: float = 30.0,
    workers: int = 2,
    seed: int = 0,
    limit: int | None = None,
    chunk_size: int = 500,
    random_strands: int = 5,
    random_length: int = 40,
    out_dir=None,
    progress: bool = True,
) -> tuple[Any, BuildReport]:
    """Compute (or resume computing) the knot table and cache it as Parquet.

    Parameters
    ----------
    max_crossings : int, default 14
        Census knots with at most this many crossings (3..14); 0 for no census knots.
    n_random : int, default 0
        Number of random hyperbolic knots beyond the census (closures of random braids, see
        :func:`~conjectura.domains.knots.generate.random_knot`), labelled ``source='random'``
        and named ``R{seed}-{i}``.
    geodesics : bool, default False
        Also compute the geodesic features (shortest geodesic, injectivity radius) in a
        subprocess with a per-knot timeout and a fallback chain
        (:mod:`conjectura.domains.knots.geodesics`); seconds per knot, so usually on a sample.
    geodesic_sample : int, optional
        Compute the geodesic features for a seeded random sample of this many hyperbolic knots
        (default: all of them).
    geodesic_timeout : float, default 30
        Seconds allowed per knot for the geodesic features.
    workers : int, default 2
        Worker processes.
    seed : int, default 0
        Seed of the random knots and of the geodesic sample; the table is deterministic given it.
    limit : int, optional
        Only the first ``limit`` census knots (for tests and trials).
    chunk_size : int, default 500
        Knots per resumable chunk file.
    out_dir : path, optional
        Where to cache (default ``conjectura.store.paths.data_dir("knots")``).
    progress : bool, default True
        Show a progress bar.

    Returns
    -------
    (pandas.DataFrame, BuildReport)
        The table (census rows first, then random rows; geodesic columns merged in when
        computed) and the report: rows, hyperbolic rows, failures by kind, chunks computed and
        reused, seconds.

    Notes
    -----
    Columns: ``name, source, index, crossings, alternating, braid, solution_type, hyperbolic,
    volume, chern_simons, cusp_volume, meridional_translation_real, meridional_translation_imag,
    longitudinal_translation, slope, symmetry_group, diagram_crossings, signature, genus,
    torsion_degree, fibered, hfk_tau, hfk_total_rank, error`` (see
    :mod:`conjectura.domains.knots.features` for the conventions), plus
    ``short_geodesic_real_part, short_geodesic_imag_part, injectivity_radius, geodesic_method,
    geodesic_error`` when geodesics were computed.
    """
    import pandas as pd

    max_crossings = check_int(max_crossings, "max_crossings", _OWNER, min_value=0, max_value=14)
    if 0 < max_crossings < 3:
        raise InvalidParameterError(
            f"The 'max_crossings' parameter of {_OWNER} must be 0 or an "
            f"int in the range [3, 14]. Got {max_crossings} instead."
        )
    n_random = check_int(n_random, "n_random", _OWNER, min_value=0)
    workers = check_int(workers, "workers", _OWNER, min_value=1)
    seed = check_int(seed, "seed", _OWNER, min_value=0)
    chunk_size = check_int(chunk_size, "chunk_size", _OWNER, min_value=1)
    if limit is not None:
        limit = check_int(limit, "limit", _OWNER, min_value=1)
    if geodesic_sample is not None:
        geodesic_sample = check_int(geodesic_sample, "geodesic_sample", _OWNER, min_value=1)
    geodesic_timeout = check_float(
        geodesic_timeout, "geodesic_timeout", _OWNER, min_value=0, min_inclusive=False
    )
    if max_crossings == 0 and n_random == 0:
        raise InvalidParameterError(
            f"{_OWNER} has nothing to build: max_crossings=0 and "
            "n_random=0. Ask for census knots or random knots."
        )
    from conjectura.domains.knots.generate import census_size

    t0 = time.perf_counter()
    root = _data_dir(out_dir)
    frames, report = [], BuildReport(path=str(root))

    if max_crossings:
        total = census_size(max_crossings)
        if limit is not None:
            total = min(total, limit)
        key = _census_key(max_crossings, limit)
        cdir = root / key
        cdir.mkdir(exist_ok=True)
        jobs = [
            (cdir / f"chunk-{a:06d}-{b:06d}.parquet", _census_chunk, (a, b))
            for a, b in _chunk_ranges(0, total, chunk_size)
        ]
        c, r, cpu = _run_chunks(
            jobs,
            workers=workers,
            progress=progress,
            total_rows=total,
            description=f"census <= {max_crossings} crossings",
        )
        report.chunks_computed += c
        report.chunks_reused += r
        report.cpu_seconds += cpu
        out = root / f"{key}.parquet"
        frames.append(_assemble([p for p, _, _ in jobs], out))
        report.parts["census"] = str(out)

    if n_random:
        from conjectura.domains.knots.generate import random_braid_word

        random_braid_word(0, strands=random_strands, length=random_length)  # validates the shape
        key = _random_key(n_random, seed, random_strands, random_length)
        rdir = root / key
        rdir.mkdir(exist_ok=True)
        seeds = child_seeds(seed, n_random)  # one per knot: independent of chunking and workers
        jobs = [
            (
                rdir / f"chunk-{a:06d}-{b:06d}.parquet",
                _random_chunk,
                (a, b, seeds[a:b], random_strands, random_length, f"R{seed}-"),
            )
            for a, b in _chunk_ranges(0, n_random, max(1, min(chunk_size, 50)))
        ]
        c, r, cpu = _run_chunks(
            jobs, workers=workers, progress=progress, total_rows=n_random, description="random knots"
        )
        report.chunks_computed += c
        report.chunks_reused += r
        report.cpu_seconds += cpu
        out = root / f"{key}.parquet"
        frames.append(_assemble([p for p, _, _ in jobs], out))
        report.parts["random"] = str(out)

    df = pd.concat(frames, ignore_index=True)

    if geodesics:
        gdf, (c, r, cpu), gpath = _build_geodesics(
            df,
            root,
            report,
            sample=geodesic_sample,
            seed=seed,
            timeout=geodesic_timeout,
            workers=workers,
            progress=progress,
        )
        report.chunks_computed += c
        report.chunks_reused += r
        report.cpu_seconds += cpu
        report.parts["geodesics"] = str(gpath)
        g_fail = _failure_counts(gdf)
        report.failures.update({f"geodesics/{k}": v for k, v in g_fail.items()})
        df = df.merge(gdf, on="name", how="left")

    report.rows = len(df)
    report.hyperbolic = int(df["hyperbolic"].fillna(False).sum())
    report.failures = {**_failure_counts(df[["error"]]), **report.failures}
    report.seconds = time.perf_counter() - t0
    return df, report


def _geodesic_key(parts: dict[str, str], sample, seed) -> str:
    base = "+".join(Path(p).stem for p in parts.values())
    return f"{base}-geodesics" + (f"-sample{sample}-s{seed}" if sample is not None else "")


def _build_geodesics(df, root: Path, report: BuildReport, *, sample, seed, timeout, workers, progress):
    """Geodesic features of the hyperbolic rows of ``df`` (or of a seeded sample of them)."""
    import pandas as pd

    hyp = df[df["hyperbolic"].fillna(False)].reset_index(drop=True)
    if sample is not None and sample < len(hyp):
        rng = np.random.default_rng(seed)
        hyp = hyp.iloc[np.sort(rng.choice(len(hyp), size=sample, replace=False))]
    names = list(hyp["name"])
    payloads = [_payload(row) for row in hyp.itertuples()]
    key = _geodesic_key(report.parts, sample, seed)
    gdir = root / key
    gdir.mkdir(exist_ok=True)
    size = 25
    jobs = [
        (gdir / f"chunk-{a:06d}-{b:06d}.parquet", _geodesic_chunk, (names[a:b], payloads[a:b], timeout))
        for a, b in _chunk_ranges(0, len(names), size)
    ]
    counts = _run_chunks(
        jobs, workers=workers, progress=progress, total_rows=len(names), description="geodesics"
    )
    out = root / f"{key}.parquet"
    if jobs:
        gdf = _assemble([p for p, _, _ in jobs], out)
    else:
        gdf = _normalise(pd.DataFrame({c: [] for c in _GEODESIC_COLUMNS}))
    return gdf, counts, out


def _payload(row) -> str:
    """How the geodesic subprocess rebuilds the manifold: a census name or a braid word."""
    return f"braid:{row.braid}" if row.source == "random" else f"census:{row.name}"


def load_knot_table(
    *,
    max_crossings: int = 14,
    n_random: int = 0,
    seed: int = 0,
    limit: int | None = None,
    geodesics: bool | None = None,
    build: bool = True,
    workers: int = 2,
    progress: bool = True,
    out_dir=None,
):
    """The cached knot table (built first when missing and ``build`` is true).

    Parameters
    ----------
    max_crossings, n_random, seed, limit, workers, out_dir
        As in :func:`build_knot_table`.
    geodesics : bool or None, default None
        ``None``: merge geodesic columns when a cached geodesic table exists (any sample).
        ``True``: require them (computed for all hyperbolic knots when missing).
        ``False``: leave them out.
    build : bool, default True
        Build what is missing; otherwise raise :class:`FileNotFoundError` naming the command.

    Returns
    -------
    pandas.DataFrame
        See :func:`build_knot_table` for the columns.
    """
    import pandas as pd

    root = _data_dir(out_dir)
    frames, stems = [], []
    if max_crossings:
        stems.append(_census_key(max_crossings, limit))
    if n_random:
        stems.append(_random_key(n_random, seed, 5, 40))
    missing = [s for s in stems if not (root / f"{s}.parquet").exists()]
    if missing:
        if not build:
            cmd = f"conjectura data build knots --max-crossings {max_crossings or 0}"
            cmd += f" --random {n_random} --seed {seed}" if n_random else ""
            cmd += f" --limit {limit}" if limit else ""
            raise FileNotFoundError(f"The knot table {missing[0]}.parquet is not in {root}: run `{cmd}`.")
        df, _ = build_knot_table(
            max_crossings=max_crossings,
            n_random=n_random,
            seed=seed,
            limit=limit,
            workers=workers,
            progress=progress,
            out_dir=out_dir,
            geodesics=bool(geodesics),
        )
        return df
    for s in stems:
        frames.append(pd.read_parquet(root / f"{s}.parquet"))
    df = pd.concat(frames, ignore_index=True)
    if geodesics is False:
        return df
    base = "+".join(stems)
    candidates = sorted(root.glob(f"{base}-geodesics*.parquet"))
    if not candidates:
        if geodesics:
            df, _ = build_knot_table(
                max_crossings=max_crossings,
                n_random=n_random,
                seed=seed,
                limit=limit,
                workers=workers,
                progress=progress,
                out_dir=out_dir,
                geodesics=True,
            )
        return df
    g = pd.concat([pd.read_parquet(p) for p in candidates], ignore_index=True)
    g = g.drop_duplicates("name", keep="first")
    return df.merge(g, on="name", how="left")
