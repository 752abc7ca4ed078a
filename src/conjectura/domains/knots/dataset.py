"""The knot table: census and random knots with their invariants, cached as Parquet.

This module holds the per-chunk work (the invariants of a range of census knots, of a range
of random knots, the geodesic features of a list of knots) and how the table is cut into
chunks; the resumable parallel build itself is
:func:`conjectura.store.datasets.build_chunks`. :func:`build_knot_table` builds (or resumes)
the table; :func:`load_knot_table` reads it (building it when asked). Every knot gets a row;
whatever failed is written in its ``error`` column and counted, never dropped.

Layout of the build directory (default ``data_dir("knots")``)::

    census-c14/chunk-000000-000500.parquet ...   resumable pieces
    census-c14.parquet                           the assembled table
    random-n1000-s0/... , random-n1000-s0.parquet
    random-n1000-s0-b4x21/...                   random knots of another braid shape
    census-c14-geodesics/..., census-c14-geodesics.parquet   (with geodesics=True)
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np

from conjectura.core.registry import register_dataset
from conjectura.core.seeding import child_seeds
from conjectura.core.validation import validate_float, validate_int
from conjectura.exceptions import InvalidParameterError

__all__ = ["build_knot_table", "load_knot_table", "table_path"]

_OWNER = "build_knot_table"
_SOURCES = {
    "census": "SnapPy HTLinkExteriors (Hoste-Thistlethwaite census)",
    "random": "random braid closures beyond the census",
    "geodesics": "geodesic features (Dirichlet-domain fallback chain, per-knot timeout)",
}


def _census_key(max_crossings: int, limit: int | None) -> str:
    return f"census-c{max_crossings}" + (f"-first{limit}" if limit is not None else "")


def _random_key(n: int, seed: int, strands: int, length: int) -> str:
    shape = "" if (strands, length) == (5, 40) else f"-b{strands}x{length}"
    return f"random-n{n}-s{seed}{shape}"


def table_path(
    *,
    max_crossings: int = 14,
    limit: int | None = None,
    n_random: int = 0,
    seed: int = 0,
    random_strands: int = 5,
    random_length: int = 40,
    directory: str | Path | None = None,
) -> Path:
    """Path of the assembled Parquet table for these build parameters.

    The census part and the random part are separate files; this returns the census file when
    ``max_crossings > 0`` and the random file (of the braid shape ``random_strands`` x
    ``random_length``) when ``max_crossings == 0``.

    >>> table_path(max_crossings=0, n_random=10, random_strands=4, random_length=21,
    ...            directory="/tmp").name
    'random-n10-s0-b4x21.parquet'
    """
    from conjectura.store.datasets import dataset_directory

    d = dataset_directory(directory, "knots")
    if max_crossings == 0:
        return d / f"{_random_key(n_random, seed, random_strands, random_length)}.parquet"
    return d / f"{_census_key(max_crossings, limit)}.parquet"


# ---------------------------------------------------------------------------------------------
# work done in the worker processes (module-level so that they pickle)


def _census_chunk(start: int, stop: int):
    """The rows of the census knots ``start <= index < stop``: their invariants and failures."""
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
    return _normalise(rows, _COLUMNS)


def _random_chunk(start: int, stop: int, seeds: list[int], strands: int, length: int, prefix: str = "R"):
    """The rows of the random knots ``start <= i < stop``, knot ``i`` drawn from ``seeds[i - start]``."""
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
    return _normalise(rows, _COLUMNS)


def _is_alternating(link) -> bool:
    try:
        return link.is_alternating()
    except Exception:
        return False


def _geodesic_chunk(names: list[str], payloads: list[str], timeout: float):
    """The geodesic features of the named knots, one child process for the chunk (restarted
    after a timeout), with ``timeout`` seconds per knot."""
    from conjectura.domains.knots.geodesics import GeodesicRunner

    rows = []
    with GeodesicRunner(timeout=timeout) as runner:
        for name, text in zip(names, payloads):
            rows.append({"name": name, **runner.compute(text)})
    return _normalise(rows, _GEODESIC_COLUMNS)


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


def _normalise(rows: list[dict[str, Any]], columns: dict[str, str]):
    """The rows as a DataFrame with exactly ``columns`` (missing ones empty), so that every
    chunk file has the same schema."""
    import pandas as pd

    df = pd.DataFrame(rows)
    for c, dtype in columns.items():
        if c not in df.columns:
            df[c] = None
        df[c] = df[c].astype(dtype)
    if "error" in columns:
        df["error"] = df["error"].fillna("")
    return df[list(columns)]


def _chunk_ranges(start: int, stop: int, size: int) -> list[tuple[int, int]]:
    return [(a, min(a + size, stop)) for a in range(start, stop, size)]


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
    directory: str | Path | None = None,
    progress: bool = True,
):
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
        Census knots per resumable chunk file (random knots: at most 50 per chunk).
    random_strands, random_length : int, default 5 and 40
        Shape of the random braid words (``length`` must have the parity of
        ``strands - 1``).
    directory : path, optional
        Where to cache (default ``data_dir("knots")`` of the conjectura home).
    progress : bool, default True
        Report progress on stderr.

    Returns
    -------
    BuildReport
        ``rows``, ``failures`` by kind, chunks built and reused, seconds, the ``parts``
        (``census``, ``random``, ``geodesics``: the assembled Parquet files) and in
        ``details`` the number of ``hyperbolic`` rows. Read the table with
        :func:`load_knot_table` (census rows first, then random rows; geodesic columns merged
        in when computed).

    Raises
    ------
    InvalidParameterError
        For a parameter out of range, or nothing to build.

    Notes
    -----
    Columns: ``name, source, index, crossings, alternating, braid, solution_type, hyperbolic,
    volume, chern_simons, cusp_volume, meridional_translation_real, meridional_translation_imag,
    longitudinal_translation, slope, symmetry_group, diagram_crossings, signature, genus,
    torsion_degree, fibered, hfk_tau, hfk_total_rank, error`` (see
    :mod:`conjectura.domains.knots.features` for the conventions), plus
    ``short_geodesic_real_part, short_geodesic_imag_part, injectivity_radius, geodesic_method,
    geodesic_error`` when geodesics were computed.

    Examples
    --------
    >>> report = build_knot_table(limit=20, workers=1)  # doctest: +SKIP
    >>> report.rows, report.details["hyperbolic"], report.failures["not hyperbolic"]  # doctest: +SKIP
    (20, 17, 3)
    """
    import pandas as pd

    from conjectura.store.datasets import BuildReport, Chunk, Part, assemble, build_chunks, dataset_directory

    max_crossings = validate_int(max_crossings, "max_crossings", _OWNER, min_value=0, max_value=14)
    if 0 < max_crossings < 3:
        raise InvalidParameterError(
            f"The 'max_crossings' parameter of {_OWNER} must be 0 or an "
            f"int in the range [3, 14]. Got {max_crossings} instead."
        )
    n_random = validate_int(n_random, "n_random", _OWNER, min_value=0)
    workers = validate_int(workers, "workers", _OWNER, min_value=1)
    seed = validate_int(seed, "seed", _OWNER, min_value=0)
    chunk_size = validate_int(chunk_size, "chunk_size", _OWNER, min_value=1)
    if limit is not None:
        limit = validate_int(limit, "limit", _OWNER, min_value=1)
    if geodesic_sample is not None:
        geodesic_sample = validate_int(geodesic_sample, "geodesic_sample", _OWNER, min_value=1)
    geodesic_timeout = validate_float(
        geodesic_timeout, "geodesic_timeout", _OWNER, min_value=0, min_inclusive=False
    )
    if not isinstance(geodesics, bool):
        raise InvalidParameterError(
            f"The 'geodesics' parameter of {_OWNER} must be a bool. Got {geodesics!r} instead."
        )
    if max_crossings == 0 and n_random == 0:
        raise InvalidParameterError(
            f"{_OWNER} has nothing to build: max_crossings=0 and "
            "n_random=0. Ask for census knots or random knots."
        )
    if n_random:
        from conjectura.domains.knots.generate import random_braid_word

        random_braid_word(0, strands=random_strands, length=random_length)  # validates the shape
    from conjectura.domains.knots.generate import census_size

    t0 = time.perf_counter()
    root = dataset_directory(directory, "knots")
    frames, parts, runs = [], {}, []

    def part(name: str, key: str, chunks: list, description: str, schema: dict):
        run = build_chunks(
            chunks, directory=root, workers=workers, progress=progress, description=description
        )
        out = root / f"{key}.parquet"
        df = assemble(run.paths, out, schema=schema)
        runs.append(run)
        parts[name] = Part(out, len(df), _SOURCES[name])
        return df

    if max_crossings:
        total = census_size(max_crossings)
        if limit is not None:
            total = min(total, limit)
        key = _census_key(max_crossings, limit)
        chunks = [
            Chunk(f"{key}/chunk-{a:06d}-{b:06d}", _census_chunk, (a, b), size=b - a)
            for a, b in _chunk_ranges(0, total, chunk_size)
        ]
        frames.append(part("census", key, chunks, f"knots: census <= {max_crossings} crossings", _COLUMNS))

    if n_random:
        key = _random_key(n_random, seed, random_strands, random_length)
        seeds = child_seeds(seed, n_random)  # one per knot: independent of chunking and workers
        chunks = [
            Chunk(
                f"{key}/chunk-{a:06d}-{b:06d}",
                _random_chunk,
                (a, b, seeds[a:b], random_strands, random_length, f"R{seed}-"),
                size=b - a,
            )
            for a, b in _chunk_ranges(0, n_random, max(1, min(chunk_size, 50)))
        ]
        frames.append(part("random", key, chunks, "knots: random knots", _COLUMNS))

    df = pd.concat(frames, ignore_index=True)
    failures = _failure_counts(df[["error"]])
    if geodesics:
        hyp = df[df["hyperbolic"].fillna(False)].reset_index(drop=True)
        if geodesic_sample is not None and geodesic_sample < len(hyp):
            rng = np.random.default_rng(seed)
            hyp = hyp.iloc[np.sort(rng.choice(len(hyp), size=geodesic_sample, replace=False))]
        names = list(hyp["name"])
        payloads = [_payload(row) for row in hyp.itertuples()]
        key = _geodesic_key([p.path for p in parts.values()], geodesic_sample, seed)
        chunks = [
            Chunk(
                f"{key}/chunk-{a:06d}-{b:06d}",
                _geodesic_chunk,
                (names[a:b], payloads[a:b], geodesic_timeout),
                size=b - a,
            )
            for a, b in _chunk_ranges(0, len(names), 25)
        ]
        gdf = part("geodesics", key, chunks, "knots: geodesics", _GEODESIC_COLUMNS)
        failures.update({f"geodesics/{k}": v for k, v in _failure_counts(gdf).items()})

    return BuildReport(
        name="knots",
        params={
            "max_crossings": max_crossings,
            "limit": limit,
            "n_random": n_random,
            "seed": seed,
            "random_strands": random_strands,
            "random_length": random_length,
            "geodesics": geodesics,
            "geodesic_sample": geodesic_sample,
            "geodesic_timeout": geodesic_timeout,
        },
        directory=root,
        rows=len(df),
        chunks_built=sum(r.built for r in runs),
        chunks_reused=sum(r.reused for r in runs),
        failures=failures,
        seconds=time.perf_counter() - t0,
        cpu_seconds=sum(r.cpu_seconds for r in runs),
        parts=parts,
        details={"hyperbolic": int(df["hyperbolic"].fillna(False).sum())},
    )


def _geodesic_key(part_paths: list[Path], sample, seed) -> str:
    base = "+".join(Path(p).stem for p in part_paths)
    return f"{base}-geodesics" + (f"-sample{sample}-s{seed}" if sample is not None else "")


def _payload(row) -> str:
    """How the geodesic subprocess rebuilds the manifold: a census name or a braid word."""
    return f"braid:{row.braid}" if row.source == "random" else f"census:{row.name}"


def load_knot_table(
    *,
    max_crossings: int = 14,
    n_random: int = 0,
    seed: int = 0,
    limit: int | None = None,
    random_strands: int = 5,
    random_length: int = 40,
    geodesics: bool | None = None,
    build: bool = True,
    workers: int = 2,
    progress: bool = True,
    directory: str | Path | None = None,
):
    """The cached knot table (built first when missing and ``build`` is true).

    Parameters
    ----------
    max_crossings, n_random, seed, limit, random_strands, random_length, workers, directory
        As in :func:`build_knot_table`.
    geodesics : bool or None, default None
        ``None``: merge geodesic columns when a cached geodesic table exists (any sample).
        ``True``: require them (computed for all hyperbolic knots when missing).
        ``False``: leave them out.
    build : bool, default True
        Build what is missing; otherwise a missing table is an error naming the command.
    progress : bool, default True
        Report the progress of a build on stderr.

    Returns
    -------
    pandas.DataFrame
        See :func:`build_knot_table` for the columns.

    Raises
    ------
    InvalidParameterError
        When the table is missing and ``build`` is false (the message names the command).
    """
    import pandas as pd

    from conjectura.store.datasets import dataset_directory

    root = dataset_directory(directory, "knots")
    stems = []
    if max_crossings:
        stems.append(_census_key(max_crossings, limit))
    if n_random:
        stems.append(_random_key(n_random, seed, random_strands, random_length))
    params = dict(
        max_crossings=max_crossings,
        n_random=n_random,
        seed=seed,
        limit=limit,
        random_strands=random_strands,
        random_length=random_length,
        workers=workers,
        progress=progress,
        directory=directory,
    )
    missing = [f"{s}.parquet" for s in stems if not (root / f"{s}.parquet").exists()]
    base = "+".join(stems)
    have_geodesics = sorted(root.glob(f"{base}-geodesics*.parquet"))
    if geodesics and not have_geodesics:
        missing.append(f"{base}-geodesics.parquet")
    if missing and not build:
        shape = (random_strands, random_length) != (5, 40)
        cmd = f"conjectura data build knots --max-crossings {max_crossings or 0}"
        cmd += f" --random {n_random} --seed {seed}" if n_random else ""
        cmd += f" --strands {random_strands} --length {random_length}" if n_random and shape else ""
        cmd += f" --limit {limit}" if limit else ""
        cmd += " --geodesics" if geodesics else ""
        raise InvalidParameterError(f"The knot table {missing[0]} is not in {root}: run `{cmd}`.")
    if missing:
        build_knot_table(geodesics=bool(geodesics), **params)
        have_geodesics = sorted(root.glob(f"{base}-geodesics*.parquet"))
    df = pd.concat([pd.read_parquet(root / f"{s}.parquet") for s in stems], ignore_index=True)
    if geodesics is False or not have_geodesics:
        return df
    g = pd.concat([pd.read_parquet(p) for p in have_geodesics], ignore_index=True)
    g = g.drop_duplicates("name", keep="first")
    return df.merge(g, on="name", how="left")


register_dataset(
    "knots",
    build_knot_table,
    description="SnapPy census knots (and random braid closures) with hyperbolic and topological "
    "invariants, as resumable Parquet chunks",
)
