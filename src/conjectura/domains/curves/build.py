"""The elliptic-curve dataset: one curve per isogeny class, with its a_p, from Cremona's table.

Each row is the optimal curve (number 1) of one isogeny class, with

``label``, ``conductor``, ``isogeny_class``, ``ainvs`` (exact, as the text ``"[a1, a2, a3, a4, a6]"``),
``rank`` (number of generators in Cremona's table), ``root_number``, ``torsion`` (order of the
torsion subgroup) and ``a_2, a_3, a_5, ...``: the coefficients :math:`a_p` for the first ``K``
primes (conventions in :mod:`conjectura.domains.curves.invariants`).

Storage and resumption
----------------------
Rows are computed in blocks of :data:`BLOCK` consecutive conductors, ``[100 i, 100 i + 99]``,
and each block is written to its own Parquet file,
``data_dir("curves")/primes-<K>/N<start>-<end>.parquet``, atomically (a temporary file renamed
when complete), by the shared resumable builder :func:`conjectura.store.datasets.build_chunks`;
this module holds the work of one block. A build that is interrupted keeps every finished
block and resumes from the others; a later request for fewer primes, or for a sub-range, reads
the blocks already there.

Cost
----
All PARI work of one block is a single GP closure: ``forell`` over the block with ``flag = 1``
(first curve of each class), and per curve ``ellinit``, one ``ellan`` up to the K-th prime (all
:math:`a_n` at once: cheaper than K calls of ``ellap``), ``ellrootno`` and ``elltors``. Python
only converts the block's result once. ``benchmarks/bench_curves.py`` measures the ratio of the
builder's time to the time of the PARI calls alone.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from conjectura.core.registry import register_dataset
from conjectura.core.validation import validate_int
from conjectura.domains.curves.invariants import MAX_PRIMES, first_primes
from conjectura.domains.curves.pari import TABLE_MAX_CONDUCTOR, get_pari
from conjectura.domains.curves.table import parse_conductor_range
from conjectura.exceptions import InvalidParameterError

__all__ = [
    "BLOCK",
    "build_curves",
    "load_curves",
    "block_rows",
    "gp_block_code",
    "ap_columns",
    "META_COLUMNS",
]

BLOCK = 100
_SOURCE = "Cremona's tables (passagemath-pari-elldata) through PARI, one curve per isogeny class"
META_COLUMNS = ("label", "conductor", "isogeny_class", "ainvs", "rank", "root_number", "torsion")


def ap_columns(primes: Sequence[int]) -> list[str]:
    """Column names ``a_2, a_3, a_5, ...`` of the given primes.

    >>> ap_columns([2, 3, 5])
    ['a_2', 'a_3', 'a_5']
    """
    return [f"a_{p}" for p in primes]


def gp_block_code(k: int) -> str:
    """The GP closure ``(lo, hi) -> [labels, ainvs, ranks, root numbers, torsion, a_p]``.

    ``a_p`` is a vector with one ``Vecsmall`` of the first ``k`` values per curve.
    """
    return (
        f"(lo, hi) -> my(P = primes({k}), pm = P[#P], L = List(), A = List(), R = List(),"
        " W = List(), T = List(), S = List());"
        " forell(c, lo, hi, my(e = ellinit(c[2]), an = ellan(e, pm));"
        " listput(L, c[1]); listput(A, c[2]); listput(R, #c[3]);"
        " listput(W, ellrootno(e)); listput(T, elltors(e)[1]);"
        " listput(S, vectorsmall(#P, i, an[P[i]])), 1);"
        " [Vec(L), Vec(A), Vecsmall(Vec(R)), Vecsmall(Vec(W)), Vecsmall(Vec(T)), Vec(S)]"
    )


_CLOSURES: dict[int, Any] = {}


def _closure(k: int):
    if k not in _CLOSURES:
        _CLOSURES[k] = get_pari()(gp_block_code(k))
    return _CLOSURES[k]


def block_rows(lo: int, hi: int, k: int):
    """The rows of the conductors ``lo..hi`` with ``k`` primes, as a pyarrow Table.

    Returns
    -------
    (table, pari_seconds) : tuple
        The table (columns :data:`META_COLUMNS` then ``a_p``; ``table.to_pandas()`` for a
        DataFrame) and the seconds spent inside PARI.
    """
    import pyarrow as pa

    f = _closure(k)
    t0 = time.perf_counter()
    labels, ainvs, ranks, roots, tors, aps = f(lo, hi)
    pari_seconds = time.perf_counter() - t0
    names = [str(x) for x in labels]
    n = len(names)
    cols = {
        "label": pa.array(names, pa.string()),
        "conductor": pa.array([int(s[: len(s) - len(s.lstrip("0123456789"))]) for s in names], pa.int32()),
        "isogeny_class": pa.array([s.rstrip("0123456789") for s in names], pa.string()),
        "ainvs": pa.array([str(a).replace(" ", "") for a in ainvs], pa.string()),
        "rank": pa.array(np.array(ranks.python_list_small(), dtype=np.int8)),
        "root_number": pa.array(np.array(roots.python_list_small(), dtype=np.int8)),
        "torsion": pa.array(np.array(tors.python_list_small(), dtype=np.int8)),
    }
    ap = np.array([v.python_list_small() for v in aps], dtype=np.int16).reshape(n, k)
    for j, name in enumerate(ap_columns(first_primes(k))):
        cols[name] = pa.array(np.ascontiguousarray(ap[:, j]))
    return pa.table(cols), pari_seconds


def _block_key(k: int, i: int) -> str:
    return f"primes-{k}/N{i * BLOCK:06d}-{i * BLOCK + BLOCK - 1:06d}"


def _curves_block(i: int, k: int):
    """The rows of block ``i`` (conductors ``100 i .. 100 i + 99``) with ``k`` primes, and the
    seconds spent inside PARI (summed by the builder as ``pari_seconds``)."""
    lo, hi = max(1, i * BLOCK), min(TABLE_MAX_CONDUCTOR, i * BLOCK + BLOCK - 1)
    table, pari_seconds = block_rows(lo, hi, k)
    return table, {"pari_seconds": pari_seconds}


def _find_block(root: Path, k: int, i: int) -> int | None:
    """The smallest number of primes ``>= k`` of an existing file of block ``i``, or None."""
    best = None
    if not root.exists():
        return None
    for d in root.glob("primes-*"):
        try:
            kk = int(d.name.split("-", 1)[1])
        except ValueError:
            continue
        if kk >= k and (root / f"{_block_key(kk, i)}.parquet").exists() and (best is None or kk < best):
            best = kk
    return best


def _check_primes(primes: Any, owner: str) -> int:
    return validate_int(primes, "primes", owner, min_value=1, max_value=MAX_PRIMES)


def build_curves(
    conductor: Any = "1:10000",
    *,
    primes: int = 1000,
    workers: int = 1,
    progress: bool = True,
    directory: str | Path | None = None,
):
    """Build (or resume) the table of isogeny classes with conductor in a range.

    Parameters
    ----------
    conductor : str or pair of int, default "1:10000"
        Conductor range ``"lo:hi"``, both ends included, within Cremona's table (< 500000).
    primes : int, default 1000
        Number of primes ``K`` whose :math:`a_p` are stored (the 1000th prime is 7919).
    workers : int, default 1
        Worker processes (each runs its own PARI); blocks are independent.
    progress : bool, default True
        Report progress on stderr.
    directory : path, optional
        Directory of the block files; default ``data_dir("curves")`` of the conjectura home.

    Returns
    -------
    BuildReport
        ``rows`` (isogeny classes with conductor in the range), blocks built and reused (as
        chunks), the part ``isogeny-classes`` (the block directory of ``K`` primes) and in
        ``details``: ``conductor`` [lo, hi], ``primes``, ``pari_seconds`` (inside the PARI
        calls of the blocks built now, summed over workers), ``block_seconds`` (the same
        blocks, PARI plus conversion plus writing) and ``overhead`` (their ratio). Read the
        table with :func:`load_curves`.

    Raises
    ------
    InvalidParameterError
        For an empty or malformed range, a range beyond the table, or a bad ``primes``.

    Notes
    -----
    The result does not depend on ``workers``: each block is a deterministic function of its
    conductors and ``K``. A block already built with more primes is reused (and read cut to
    ``K`` primes by :func:`load_curves`).

    Examples
    --------
    >>> report = build_curves("11:40", primes=5, progress=False)  # doctest: +SKIP
    >>> report.rows, report.chunks_built  # doctest: +SKIP
    (23, 1)
    """
    from conjectura.store.datasets import BuildReport, Chunk, Part, build_chunks, dataset_directory

    lo, hi = parse_conductor_range(conductor, owner="build_curves")
    k = _check_primes(primes, "build_curves")
    workers = validate_int(workers, "workers", "build_curves", min_value=1, max_value=256)
    t0 = time.perf_counter()
    root = dataset_directory(directory, "curves")
    chunks = []
    for i in range(lo // BLOCK, hi // BLOCK + 1):
        kk = _find_block(root, k, i) or k  # a block with more primes serves as it is
        chunks.append(Chunk(_block_key(kk, i), _curves_block, (i, kk)))
    run = build_chunks(
        chunks,
        directory=root,
        workers=workers,
        progress=progress,
        description=f"curves {lo}:{hi} with {k} primes",
        unit="blocks",
    )
    rows = len(load_curves((lo, hi), primes=k, build=False, directory=root, columns=["label"]))
    pari = run.stats.get("pari_seconds", 0.0)
    return BuildReport(
        name="curves",
        params={"conductor": f"{lo}:{hi}", "primes": k},
        directory=root,
        rows=rows,
        chunks_built=run.built,
        chunks_reused=run.reused,
        failures={},
        seconds=time.perf_counter() - t0,
        cpu_seconds=run.cpu_seconds,
        parts={"isogeny-classes": Part(root / f"primes-{k}", rows, _SOURCE)},
        details={
            "conductor": [lo, hi],
            "primes": k,
            "pari_seconds": pari,
            "block_seconds": run.chunk_seconds,
            "overhead": run.chunk_seconds / pari if pari else None,
        },
    )


def load_curves(
    conductor: Any = "7500:10000",
    *,
    primes: int = 1000,
    build: bool = True,
    workers: int = 1,
    progress: bool = False,
    directory: str | Path | None = None,
    columns: Sequence[str] | None = None,
):
    """The table of isogeny classes with conductor in a range (built first if needed).

    Parameters
    ----------
    conductor : str or pair of int
        Range ``"lo:hi"``, both ends included.
    primes : int, default 1000
        Number of :math:`a_p` columns (blocks built with more primes are read and cut).
    build : bool, default True
        Build missing blocks (see :func:`build_curves`); if False, a missing block is an error.
    workers, progress, directory
        As in :func:`build_curves`.
    columns : list of str, optional
        Read only these columns.

    Returns
    -------
    pandas.DataFrame
        In table order (by conductor, then isogeny class), with a fresh index.

    Examples
    --------
    >>> df = load_curves("11:40", primes=3, progress=False)      # doctest: +SKIP
    >>> df[["label", "rank", "a_2", "a_3", "a_5"]].head(2)       # doctest: +SKIP
    """
    import pandas as pd

    from conjectura.store.datasets import dataset_directory

    lo, hi = parse_conductor_range(conductor, owner="load_curves")
    k = _check_primes(primes, "load_curves")
    root = dataset_directory(directory, "curves")
    blocks = list(range(lo // BLOCK, hi // BLOCK + 1))
    if build and any(_find_block(root, k, i) is None for i in blocks):
        build_curves((lo, hi), primes=k, workers=workers, progress=progress, directory=root)
    want = list(columns) if columns is not None else list(META_COLUMNS) + ap_columns(first_primes(k))
    read = want if "conductor" in want else [*want, "conductor"]
    parts = []
    for i in blocks:
        found = _find_block(root, k, i)
        if found is None:
            raise InvalidParameterError(
                f"The curves of conductor {i * BLOCK}..{i * BLOCK + BLOCK - 1} with {k} primes "
                f"are not built: run `conjectura data build curves --conductor {lo}:{hi} "
                f"--primes {k}`."
            )
        parts.append(pd.read_parquet(root / f"{_block_key(found, i)}.parquet", columns=read))
    df = pd.concat(parts, ignore_index=True)
    df = df[(df["conductor"] >= lo) & (df["conductor"] <= hi)]
    return df[want].reset_index(drop=True)


register_dataset(
    "curves",
    build_curves,
    description="Cremona's tables through PARI: one curve per isogeny class with rank, root "
    "number, torsion and the first a_p, as resumable Parquet blocks",
)
