"""The Kazhdan--Lusztig dataset: Bruhat intervals with their Bruhat graphs, graph statistics and
the coefficients of :math:`P_{x,w}`, built as resumable Parquet chunks.

One row per interval :math:`[x, w]` of :math:`S_n` with :math:`\\ell(w) - \\ell(x)` in
``[min_length, max_length]``. Two ways of choosing the intervals:

* **all of them** (``size=None``, :math:`n \\le 6`): every pair of the table
  :func:`~.kl.kl_table`, chunked by ranges of :math:`w`. :math:`S_6` has 84,745 intervals of
  length :math:`\\ge 3` (4.5 million nodes, 17.3 million edges). :math:`S_7` has 3,399,985 and
  about sixty times as many edges, :math:`S_8` 170 million pairs: their graphs do not fit here,
  so for :math:`n \\ge 7` the dataset is a sample;
* **a seeded sample** (``size=N``, :math:`n \\le 10`): :func:`~.bruhat.random_intervals`
  (a length uniform in the range, then a random walk down the Hasse diagram from a random
  :math:`w`), one interval per orbit of the symmetries
  :math:`(x, w) \\mapsto (x^{-1}, w^{-1}), (w_0xw_0, w_0ww_0)` (which preserve the poset and
  :math:`P`), drawn until ``N`` distinct orbits are found. :math:`P_{x,w}` comes from
  :func:`~.kl_interval.kl_interval` on the interval alone.

Columns of a chunk (and of the assembled table):

``x``, ``w`` (one-line, space separated), ``length``; ``q0, q1, ..., q{D}`` the coefficients of
:math:`P_{x,w}` (:math:`D = \\lfloor(\\binom n2 - 1)/2\\rfloor`, the degree bound); the graph
statistics of :func:`interval_statistics` (``nodes``, ``edges``, ``atoms``, ``coatoms``,
``deg_1 ... deg_R``); and the Bruhat graph itself, in the **graph-table format** read by the
graph learners of :mod:`conjectura.learn.graphs`: ``num_nodes`` and, per edge,
``edge_src``/``edge_dst`` (local node indices: nodes ordered by length, then lexicographically,
node 0 is :math:`x`; an edge :math:`u \\to ut` goes up in Bruhat order) and
``edge_label_i``/``edge_label_j`` (the right reflection :math:`t = (i\\ j)`, 1-based positions),
as Parquet list columns.

Layout of the build directory (default ``data_dir("kl")``)::

    s6-all-l3-15/chunk-w000000-000240.parquet ...        resumable pieces
    s6-all-l3-15.parquet                                  the assembled table
    s9-sample4000-l6-12-s0/chunk-000000-000250.parquet ...
    s9-sample4000-l6-12-s0.parquet

References
----------
A. Davies et al., "Advancing mathematics by guiding human intuition with AI", Nature 600 (2021)
70-74, doi:10.1038/s41586-021-04086-x (the S_9 dataset and the node features).
"""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import numpy as np

from conjectura.core.registry import register_dataset
from conjectura.core.seeding import SeedLike, as_generator
from conjectura.core.validation import validate_int
from conjectura.domains.permutations.bruhat import MAX_INTERVAL_N, BruhatGraphs, random_intervals
from conjectura.exceptions import InvalidParameterError

__all__ = [
    "MAX_ALL_N",
    "GRAPH_COLUMNS",
    "statistic_names",
    "coefficient_columns",
    "interval_statistics",
    "sample_intervals",
    "build_kl_dataset",
    "kl_table_path",
    "load_kl_table",
]

_OWNER = "build_kl_dataset"
MAX_ALL_N = 6
"""Largest :math:`n` for which ``size=None`` (every interval) is allowed."""
GRAPH_COLUMNS = ("num_nodes", "edge_src", "edge_dst", "edge_label_i", "edge_label_j")
"""The columns of the graph-table format (see the module docstring)."""


def _top(n: int) -> int:
    return n * (n - 1) // 2


def statistic_names(n: int) -> tuple[str, ...]:
    """The graph statistics of an interval of :math:`S_n`, in column order.

    >>> statistic_names(3)
    ('nodes', 'edges', 'length', 'atoms', 'coatoms', 'deg_1', 'deg_2', 'deg_3')
    """
    return ("nodes", "edges", "length", "atoms", "coatoms", *(f"deg_{d}" for d in range(1, _top(n) + 1)))


def coefficient_columns(n: int) -> tuple[str, ...]:
    """``q0 .. qD``: the coefficients of :math:`P_{x,w}` kept for :math:`S_n`,
    :math:`D = \\lfloor(\\binom n2 - 1)/2\\rfloor`.

    >>> coefficient_columns(4)
    ('q0', 'q1', 'q2')
    """
    return tuple(f"q{k}" for k in range(max(_top(n) - 1, 0) // 2 + 1))


def interval_statistics(graphs: BruhatGraphs, n: int) -> dict[str, np.ndarray]:
    """Graph statistics of every interval of ``graphs`` (vectorised over the batch).

    For the Bruhat graph of :math:`[x, w]`: ``nodes`` :math:`= |[x, w]|`, ``edges`` (pairs
    :math:`u < ut` inside the interval, :math:`t` a reflection), ``length``
    :math:`= \\ell(w) - \\ell(x)`, ``atoms`` and ``coatoms`` (the elements of length
    :math:`\\ell(x) + 1` and :math:`\\ell(w) - 1`), and the degree histogram ``deg_d``: the
    number of elements with exactly :math:`d` Bruhat-graph neighbours in the interval,
    :math:`1 \\le d \\le \\binom n2` (each reflection gives at most one neighbour). By Deodhar's
    inequality every degree is at least the length.

    Parameters
    ----------
    graphs : BruhatGraphs
        From :func:`~.bruhat.bruhat_graphs` (or a chunk of :meth:`~.kl.KLTable.iter_intervals`).
    n : int
        The :math:`S_n` of the intervals (fixes the number of histogram columns).

    Returns
    -------
    dict of str to ndarray of int64
        One array of length ``len(graphs)`` per name of :func:`statistic_names`.

    Examples
    --------
    >>> from conjectura.domains.permutations import bruhat_graphs
    >>> s = interval_statistics(bruhat_graphs([[1, 2, 3]], [[3, 2, 1]]), 3)
    >>> int(s["nodes"][0]), int(s["edges"][0]), int(s["atoms"][0]), int(s["coatoms"][0]), int(s["deg_3"][0])
    (6, 9, 2, 2, 6)
    """
    node_ptr = np.asarray(graphs.node_ptr, dtype=np.int64)
    edge_ptr = np.asarray(graphs.edge_ptr, dtype=np.int64)
    sizes, counts = np.diff(node_ptr), np.diff(edge_ptr)
    m, total = len(sizes), int(node_ptr[-1] - node_ptr[0])
    R = _top(n)
    node_owner = np.repeat(np.arange(m), sizes)
    edge_owner = np.repeat(np.arange(m), counts)
    start = node_ptr[:-1] - node_ptr[0]
    edges = np.asarray(graphs.edges, dtype=np.int64).reshape(-1, 2)
    src, dst = edges[:, 0] + start[edge_owner], edges[:, 1] + start[edge_owner]
    degree = np.bincount(src, minlength=total) + np.bincount(dst, minlength=total)
    if degree.size and degree.max() > R:
        raise InvalidParameterError(
            f"interval_statistics: graphs of S_{n} have degrees <= {R}; got {degree.max()}."
        )
    lengths = np.asarray(graphs.lengths, dtype=np.int64)
    if np.any(sizes < 1):
        raise InvalidParameterError("interval_statistics: every interval has at least one element.")
    base, top = lengths[start], lengths[start + sizes - 1]  # x first, w last
    length = top - base
    rank = lengths - base[node_owner]
    hist = np.bincount(node_owner * (R + 1) + degree, minlength=m * (R + 1)).reshape(m, R + 1)
    out = {
        "nodes": sizes.astype(np.int64),
        "edges": counts.astype(np.int64),
        "length": length.astype(np.int64),
        "atoms": np.bincount(node_owner[rank == 1], minlength=m).astype(np.int64),
        "coatoms": np.bincount(node_owner[rank == length[node_owner] - 1], minlength=m).astype(np.int64),
    }
    for d in range(1, R + 1):
        out[f"deg_{d}"] = hist[:, d].astype(np.int64)
    return out


# ----------------------------------------------------------------------------- sampling
def _canonical(X: np.ndarray, W: np.ndarray) -> np.ndarray:
    """One key per orbit of :math:`(x, w) \\mapsto (x^{-1}, w^{-1}), (w_0xw_0, w_0ww_0)`:
    the lexicographically least concatenation ``x|w`` of the orbit, as rows of bytes."""
    n = X.shape[1]

    def inv(A):
        out = np.empty_like(A)
        np.put_along_axis(out, A - 1, np.arange(1, n + 1, dtype=A.dtype)[None, :].repeat(len(A), 0), axis=1)
        return out

    def conj(A):  # w0 a w0: i -> n + 1 - a(n + 1 - i)
        return (n + 1 - A[:, ::-1]).astype(A.dtype)

    images = [(X, W), (inv(X), inv(W)), (conj(X), conj(W)), (conj(inv(X)), conj(inv(W)))]
    keys = np.stack([np.concatenate(p, axis=1) for p in images])  # (4, k, 2n)
    best = keys[0]
    for other in keys[1:]:
        diff = other != best
        first = np.argmax(diff, axis=1)
        rows = np.arange(len(best))
        smaller = diff.any(axis=1) & (other[rows, first] < best[rows, first])
        best = np.where(smaller[:, None], other, best)
    return np.ascontiguousarray(best.astype(np.int8)).view(f"S{2 * n}").ravel()


def sample_intervals(
    n: int,
    size: int,
    *,
    min_length: int = 3,
    max_length: int | None = None,
    seed: SeedLike = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """``size`` intervals of :math:`S_n` from distinct symmetry orbits, deterministic given ``seed``.

    Draws from :func:`~.bruhat.random_intervals` (length uniform in
    ``[min_length, max_length]``) until ``size`` distinct orbits of
    :math:`(x, w) \\mapsto (x^{-1}, w^{-1}), (w_0xw_0, w_0ww_0)` are found, keeping the first
    interval drawn of each orbit.

    Returns
    -------
    X, W : ndarray of int8, shape (size, n)

    Raises
    ------
    InvalidParameterError
        If the length range holds fewer than ``size`` orbits that the sampler reaches.

    >>> X, W = sample_intervals(4, 5, min_length=2, max_length=3, seed=0)
    >>> X.shape, bool(np.all((X != W).any(axis=1)))
    ((5, 4), True)
    """
    owner = "sample_intervals"
    n = validate_int(n, "n", owner, min_value=2, max_value=MAX_INTERVAL_N)
    size = validate_int(size, "size", owner, min_value=1)
    rng = as_generator(seed)
    seen: set = set()
    X, W = [], []
    stale = 0
    while len(X) < size:
        want = size - len(X)
        batch = random_intervals(n, max(want, 16), min_length=min_length, max_length=max_length, seed=rng)
        bx = np.array([a for a, _ in batch], dtype=np.int8)
        bw = np.array([b for _, b in batch], dtype=np.int8)
        new = 0
        for key, x, w in zip(_canonical(bx, bw).tolist(), bx, bw):
            if key in seen or len(X) >= size:
                continue
            seen.add(key)
            X.append(x)
            W.append(w)
            new += 1
        stale = 0 if new else stale + 1
        if stale >= 20:
            raise InvalidParameterError(
                f"{owner} found only {len(X)} distinct intervals of S_{n} with length in "
                f"[{min_length}, {max_length}] after repeated draws; ask for size <= {len(X)}."
            )
    return np.array(X, dtype=np.int8), np.array(W, dtype=np.int8)


# ----------------------------------------------------------------------------- chunks
def _words(A: np.ndarray) -> list[str]:
    return [" ".join(map(str, row)) for row in A.tolist()]


def _chunk_table(n: int, X: np.ndarray, W: np.ndarray, coeff: np.ndarray, graphs: BruhatGraphs):
    """The rows of one chunk as a pyarrow Table (statistics, coefficients, graph columns)."""
    import pyarrow as pa

    stats = interval_statistics(graphs, n)
    qcols = coefficient_columns(n)
    C = np.zeros((len(X), len(qcols)), dtype=np.int64)
    width = min(coeff.shape[1], len(qcols)) if coeff.ndim == 2 else 0
    if width:
        if np.any(coeff[:, width:]):
            raise ArithmeticError("a polynomial exceeds the degree bound (l(w0) - 1) / 2")
        C[:, :width] = coeff[:, :width]
    cols: dict = {"x": pa.array(_words(X)), "w": pa.array(_words(W))}
    cols["length"] = pa.array(stats["length"], pa.int16())
    for k, name in enumerate(qcols):
        cols[name] = pa.array(C[:, k], pa.int64())
    for name in statistic_names(n):
        if name != "length":
            cols[name] = pa.array(stats[name], pa.int32())
    offsets = pa.array((graphs.edge_ptr - graphs.edge_ptr[0]).astype(np.int32), pa.int32())
    edges = np.asarray(graphs.edges, dtype=np.int32).reshape(-1, 2)
    labels = np.asarray(graphs.labels, dtype=np.int8).reshape(-1, 2)
    cols["num_nodes"] = pa.array(graphs.sizes.astype(np.int32), pa.int32())
    for name, values in zip(GRAPH_COLUMNS[1:], (edges[:, 0], edges[:, 1], labels[:, 0], labels[:, 1])):
        cols[name] = pa.ListArray.from_arrays(offsets, pa.array(values))
    return pa.table(cols)


def _all_chunk(n: int, w_lo: int, w_hi: int, min_length: int, max_length: int):
    """Every interval :math:`[x, w]` with ``w_lo <= index(w) < w_hi`` and length in range (from the table)."""
    from conjectura.domains.permutations.bruhat import bruhat_graphs
    from conjectura.domains.permutations.kl import kl_table

    T = kl_table(n)
    lo, hi = T.indptr[w_lo], T.indptr[w_hi]
    w_of = np.repeat(np.arange(w_lo, w_hi), np.diff(T.indptr[w_lo : w_hi + 1]))
    x_of = T.cols[lo:hi].astype(np.int64)
    length = T.lengths[w_of] - T.lengths[x_of]
    keep = (length >= min_length) & (length <= max_length)
    x_of, w_of = x_of[keep], w_of[keep]
    X, W = T.elements[x_of], T.elements[w_of]
    coeff = T.coefficients[T.vals[lo:hi][keep]]
    return _chunk_table(n, X, W, coeff, bruhat_graphs(X, W))


def _sample_chunk(n: int, X: list, W: list):
    """The sampled intervals ``(X[r], W[r])``, each :math:`P` from the interval alone."""
    from conjectura.domains.permutations.bruhat import bruhat_graphs
    from conjectura.domains.permutations.kl_interval import kl_interval

    X, W = np.asarray(X, dtype=np.int8).reshape(-1, n), np.asarray(W, dtype=np.int8).reshape(-1, n)
    D = len(coefficient_columns(n))
    coeff = np.zeros((len(X), D), dtype=np.int64)
    for r, (x, w) in enumerate(zip(X, W)):
        p = kl_interval(x, w).poly
        coeff[r, : len(p)] = p
    return _chunk_table(n, X, W, coeff, bruhat_graphs(X, W))


# ----------------------------------------------------------------------------- the table
def _params(n, size, min_length, max_length, seed) -> tuple[int, int | None, int, int, int]:
    n = validate_int(n, "n", _OWNER, min_value=2, max_value=MAX_INTERVAL_N)
    top = _top(n)
    min_length = validate_int(min_length, "min_length", _OWNER, min_value=0, max_value=top)
    max_length = top if max_length is None else validate_int(max_length, "max_length", _OWNER, max_value=top)
    if max_length < min_length:
        raise InvalidParameterError(
            f"The 'max_length' parameter of {_OWNER} must be >= min_length = {min_length} and "
            f"<= {top}. Got {max_length} instead."
        )
    seed = validate_int(seed, "seed", _OWNER, min_value=0)
    if size is None:
        if n > MAX_ALL_N:
            raise InvalidParameterError(
                f"The 'size' parameter of {_OWNER} must be an int >= 1 for n = {n}: the Bruhat "
                f"graphs of all intervals of S_{n} do not fit here (S_7 has 3,399,985 intervals "
                f"of length >= 3, S_8 170 million pairs). Got None (all intervals) instead."
            )
    else:
        size = validate_int(size, "size", _OWNER, min_value=1)
    return n, size, min_length, max_length, seed


def _key(n, size, min_length, max_length, seed) -> str:
    if size is None:
        return f"s{n}-all-l{min_length}-{max_length}"
    return f"s{n}-sample{size}-l{min_length}-{max_length}-s{seed}"


def kl_table_path(
    *,
    n: int = 6,
    size: int | None = None,
    min_length: int = 3,
    max_length: int | None = None,
    seed: int = 0,
    directory: str | Path | None = None,
) -> Path:
    """Path of the assembled table for these parameters (it may not exist yet).

    >>> kl_table_path(n=5, directory="/tmp").name
    's5-all-l3-10.parquet'
    """
    from conjectura.store.datasets import dataset_directory

    key = _key(*_params(n, size, min_length, max_length, seed))
    return dataset_directory(directory, "kl") / f"{key}.parquet"


def build_kl_dataset(
    *,
    n: int = 6,
    size: int | None = None,
    min_length: int = 3,
    max_length: int | None = None,
    seed: int = 0,
    chunk_size: int = 250,
    workers: int = 1,
    directory: str | Path | None = None,
    progress: bool = True,
):
    """Build (or resume building) the Kazhdan--Lusztig dataset of :math:`S_n` as Parquet chunks.

    Parameters
    ----------
    n : int, default 6
        :math:`2 \\le n \\le 10`.
    size : int, optional
        A seeded sample of this many intervals (distinct symmetry orbits). Default: every
        interval, allowed for :math:`n \\le 6`.
    min_length, max_length : int
        The range of :math:`\\ell(w) - \\ell(x)` (default 3 and :math:`\\binom n2`). Intervals of
        length :math:`\\le 2` have :math:`P = 1`.
    seed : int, default 0
        Seed of the sample (ignored for ``size=None``); the table is deterministic given it.
    chunk_size : int, default 250
        Sampled intervals per resumable chunk file (for ``size=None``: about this many
        comparable pairs times 20 per chunk, cut by ranges of :math:`w`).
    workers : int, default 1
        Worker processes (the table does not depend on it).
    directory : path, optional
        Where to cache (default ``data_dir("kl")`` of the conjectura home).
    progress : bool, default True
        Report progress on stderr.

    Returns
    -------
    BuildReport
        ``parts["intervals"]`` is the assembled table (see the module docstring for the
        columns); ``details`` holds the node and edge totals and the largest coefficient.

    Examples
    --------
    >>> report = build_kl_dataset(n=4, progress=False, directory=__import__("tempfile").mkdtemp())
    >>> report.rows, report.details["edges"]
    (68, 1326)
    """
    from conjectura.store.datasets import BuildReport, Chunk, Part, assemble, build_chunks, dataset_directory

    n, size, min_length, max_length, seed = _params(n, size, min_length, max_length, seed)
    chunk_size = validate_int(chunk_size, "chunk_size", _OWNER, min_value=1)
    workers = validate_int(workers, "workers", _OWNER, min_value=1)
    t0 = time.perf_counter()
    root = dataset_directory(directory, "kl")
    key = _key(n, size, min_length, max_length, seed)
    if size is None:
        from conjectura.domains.permutations.kl import kl_table

        indptr = kl_table(n).indptr
        per = chunk_size * 20
        bounds = [0]
        while bounds[-1] < len(indptr) - 1:
            b = int(np.searchsorted(indptr, indptr[bounds[-1]] + per, side="right")) - 1
            bounds.append(min(max(b, bounds[-1] + 1), len(indptr) - 1))
        chunks = [
            Chunk(
                f"{key}/chunk-w{a:06d}-{b:06d}",
                _all_chunk,
                (n, a, b, min_length, max_length),
                int(indptr[b] - indptr[a]),
            )
            for a, b in itertools.pairwise(bounds)
        ]
        source, unit = f"every interval of S_{n} with length in [{min_length}, {max_length}]", "pairs"
    else:
        X, W = sample_intervals(n, size, min_length=min_length, max_length=max_length, seed=seed)
        chunks = [
            Chunk(f"{key}/chunk-{a:06d}-{b:06d}", _sample_chunk, (n, X[a:b].tolist(), W[a:b].tolist()), b - a)
            for a, b in ((a, min(a + chunk_size, size)) for a in range(0, size, chunk_size))
        ]
        source = (
            f"{size} random intervals of S_{n} (distinct symmetry orbits), length uniform in "
            f"[{min_length}, {max_length}], seed {seed}"
        )
        unit = "intervals"
    run = build_chunks(
        chunks, directory=root, workers=workers, progress=progress, description=f"kl: S_{n}", unit=unit
    )
    out = root / f"{key}.parquet"
    df = assemble(run.paths, out)
    qcols = [c for c in coefficient_columns(n) if c in df.columns]
    details = {
        "nodes": int(df["nodes"].sum()) if len(df) else 0,
        "edges": int(df["edges"].sum()) if len(df) else 0,
        "max_nodes": int(df["nodes"].max()) if len(df) else 0,
        "max_coefficient": int(df[qcols].to_numpy().max()) if len(df) else 0,
        "P_not_1": int((df[qcols[1:]].to_numpy() != 0).any(axis=1).sum())
        if len(df) and len(qcols) > 1
        else 0,
    }
    return BuildReport(
        name="kl",
        params={"n": n, "size": size, "min_length": min_length, "max_length": max_length, "seed": seed},
        directory=root,
        rows=len(df),
        chunks_built=run.built,
        chunks_reused=run.reused,
        failures={},
        seconds=time.perf_counter() - t0,
        cpu_seconds=run.cpu_seconds,
        parts={"intervals": Part(out, len(df), source)},
        details=details,
    )


def load_kl_table(
    *,
    n: int = 6,
    size: int | None = None,
    min_length: int = 3,
    max_length: int | None = None,
    seed: int = 0,
    columns=None,
    build: bool = True,
    workers: int = 1,
    progress: bool = True,
    directory: str | Path | None = None,
):
    """The assembled table (built first when missing and ``build`` is true), as a DataFrame.

    ``columns`` selects columns (default: all but the graph columns); the graph columns are
    read by :mod:`conjectura.learn.graphs` from the file itself (:func:`kl_table_path`).

    Raises
    ------
    InvalidParameterError
        When the table is missing and ``build`` is false (the message names the command).
    """
    import pyarrow.parquet as pq

    path = kl_table_path(
        n=n, size=size, min_length=min_length, max_length=max_length, seed=seed, directory=directory
    )
    if not path.exists():
        if not build:
            cmd = f"conjectura data build kl --n {n} --min-length {min_length}"
            cmd += f" --max-length {max_length}" if max_length is not None else ""
            cmd += f" --size {size} --seed {seed}" if size is not None else ""
            raise InvalidParameterError(
                f"The Kazhdan-Lusztig table {path.name} is not in {path.parent}: run `{cmd}`."
            )
        build_kl_dataset(
            n=n,
            size=size,
            min_length=min_length,
            max_length=max_length,
            seed=seed,
            workers=workers,
            progress=progress,
            directory=directory,
        )
    if columns is None:
        names = pq.ParquetFile(path).schema_arrow.names
        columns = [c for c in names if c not in GRAPH_COLUMNS]
    return pq.read_table(path, columns=list(columns)).to_pandas()


register_dataset(
    "kl",
    build_kl_dataset,
    description="Bruhat intervals of S_n with Bruhat graphs (edges labelled by reflections), graph "
    "statistics and Kazhdan-Lusztig coefficients, as resumable Parquet chunks",
)
