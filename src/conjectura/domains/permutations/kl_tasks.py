"""Learning task: a coefficient of the Kazhdan--Lusztig polynomial from the Bruhat interval.

``permutations/kl-coefficient``
    One row per interval :math:`[x, w]` of :math:`S_n` (the table of
    :mod:`.kl_dataset`: every interval for :math:`n \\le 6`, a seeded sample of distinct
    symmetry orbits otherwise). Target: the coefficient of :math:`q^k` in :math:`P_{x,w}(q)`,
    a classification over the values present. The tabular input ``X`` holds the graph
    statistics of :func:`~.kl_dataset.interval_statistics` (nodes, edges, length, atoms,
    coatoms, degree histogram): what the classical baselines see. The Bruhat graph itself rides
    along in the dataset's **graph store**: ``Dataset.meta["graph_store"]`` is the Parquet table
    of the intervals (graph-table format, :mod:`.kl_dataset`) and ``Dataset.frame["graph_id"]``
    the row of each interval in it; a graph learner (``mpnn``, :mod:`conjectura.learn.graphs`)
    reads its inputs from there, so the same splits, seeds and shuffled-label null serve it and
    the baselines alike.

``Dataset.groups`` is the length :math:`\\ell(w) - \\ell(x)` (``split="group>10"`` trains on
intervals of length at most 10 and tests on the longer ones). ``Dataset.frame`` holds ``x``,
``w`` (one-line), ``length``, all coefficients ``q0..qD`` and ``graph_id``.

The combinatorial invariance conjecture (Lusztig; Dyer) says that :math:`P_{x,w}` depends only
on the poset :math:`[x, w]`, hence on the unlabelled Bruhat graph (Dyer: the graph is
determined by the poset); a learner that reads the graph without its labels is testing that
the map is learnable.

References
----------
A. Davies et al., "Advancing mathematics by guiding human intuition with AI", Nature 600 (2021)
70-74, doi:10.1038/s41586-021-04086-x.
M. J. Dyer, "On the 'Bruhat graph' of a Coxeter system", Compositio Math. 78 (1991) 185-191.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from conjectura.core.registry import register_task
from conjectura.core.task import Dataset, Task
from conjectura.core.validation import validate_int
from conjectura.domains.permutations.kl_dataset import (
    _params,
    coefficient_columns,
    kl_table_path,
    load_kl_table,
    statistic_names,
)
from conjectura.exceptions import InvalidParameterError

__all__ = ["kl_coefficient_task"]

_NAME = "permutations/kl-coefficient"


@register_task(
    _NAME,
    description="coefficient of q^k in the Kazhdan-Lusztig polynomial P_{x,w} from the Bruhat "
    "interval [x, w] (Davies et al. 2021); graph statistics for baselines, the Bruhat graph for mpnn",
)
def kl_coefficient_task(
    n: int = 6,
    k: int = 1,
    size: int | None = None,
    min_length: int = 3,
    max_length: int | None = None,
    seed: int = 0,
    build: bool = True,
) -> Task:
    """Predict the coefficient of :math:`q^k` in :math:`P_{x,w}` from the interval :math:`[x, w]`.

    Parameters
    ----------
    n : int, default 6
        The symmetric group :math:`S_n`, :math:`2 \\le n \\le 10`.
    k : int, default 1
        The coefficient index, :math:`1 \\le k \\le (L - 1)/2` for the longest length
        :math:`L` allowed (``max_length``, else :math:`\\binom n2`): :math:`\\deg P_{x,w} \\le
        (\\ell(w) - \\ell(x) - 1)/2`, and the coefficient of :math:`q^0` is always 1.
    size : int, optional
        A seeded sample of this many intervals (required for :math:`n \\ge 7`); default every
        interval.
    min_length, max_length : int
        The range of interval lengths (default 3 and :math:`\\binom n2`).
    seed : int, default 0
        Seed of the sample of intervals.
    build : bool, default True
        Build the table when it is not cached (else a missing table is an error naming the
        command).

    Examples
    --------
    >>> import conjectura as cj
    >>> t = cj.get_task("permutations/kl-coefficient", n=5, k=1)   # doctest: +SKIP
    >>> ds = t.dataset(); ds.X.shape, sorted(set(ds.y))             # doctest: +SKIP
    ((2439, 15), [0, 1, 2])
    """
    n, size, min_length, max_length, seed = _params(n, size, min_length, max_length, seed)
    kmax = (max_length - 1) // 2
    if kmax < 1:
        raise InvalidParameterError(
            f"Task {_NAME}: intervals of length <= {max_length} have P = 1; ask for max_length >= 3."
        )
    k = validate_int(k, "k", _NAME, min_value=1, max_value=kmax)
    if not isinstance(build, bool):
        raise InvalidParameterError(
            f"The 'build' parameter of {_NAME} must be a bool. Got {build!r} instead."
        )
    features = statistic_names(n)
    table = {"n": n, "size": size, "min_length": min_length, "max_length": max_length, "seed": seed}

    def build_dataset(rows: int | None, rng: np.random.Generator) -> Dataset:
        df = load_kl_table(**table, build=build)
        df["graph_id"] = np.arange(len(df), dtype=np.int64)
        if rows is not None:
            rows = validate_int(rows, "n", _NAME, min_value=1)
            if rows < len(df):
                df = df.iloc[np.sort(rng.choice(len(df), size=rows, replace=False))].reset_index(drop=True)
        target = f"q{k}"
        y = df[target].to_numpy().astype(np.int64)
        meta = {
            "source": f"Bruhat intervals of S_{n} (conjectura.domains.permutations.kl_dataset)",
            "graph_store": str(kl_table_path(**table)),
            "table": table,
            "rows": len(df),
            "target_counts": {int(a): int(b) for a, b in zip(*np.unique(y, return_counts=True))},
            "node_order": "by length, then lexicographically; node 0 is x",
            "edge_labels": "right reflection (i, j), 1-based positions",
        }
        frame = df[["x", "w", "length", *coefficient_columns(n), "graph_id"]]
        X = df[list(features)].to_numpy(dtype=np.float64)
        return Dataset(
            X, y, features, target, groups=df["length"].to_numpy().astype(np.int64), frame=frame, meta=meta
        )

    params: dict[str, Any] = {"n": n, "k": k, **{a: b for a, b in table.items() if a != "n"}, "build": build}
    return Task(
        features=features,
        target=f"q{k}",
        build=build_dataset,
        kind="classification",
        baselines=(),
        params=params,
        description=f"coefficient of q^{k} in P_(x,w) for intervals of S_{n}",
    )
