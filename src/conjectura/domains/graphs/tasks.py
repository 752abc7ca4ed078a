"""``graphs/small-connected``: all connected graphs on 3 to 8 vertices and their invariants.

The table of :mod:`conjectura.domains.graphs.table` (12111 graphs, one per isomorphism class) as
a learning task: the features are the invariants of
:data:`~conjectura.domains.graphs.catalogue.GRAPH_INVARIANTS` other than the target, the target
one of them (the independence number by default). ``Dataset.frame`` is the whole table with the
canonical ``graph6`` of each graph; its ``meta`` names the exact twins of the columns
(``exact_columns``) and the search problem that attacks a bound on larger graphs
(``bound_problem``, ``graphs/bound``), for :func:`conjectura.conjecturing.conjecture`.
"""

from __future__ import annotations

import numpy as np

from conjectura.core.registry import register_task
from conjectura.core.task import Dataset, Task
from conjectura.core.validation import validate_choice, validate_int

__all__ = ["small_connected_task"]

_NAME = "graphs/small-connected"


@register_task(
    _NAME,
    description="all connected graphs on 3..8 vertices (12111) with 22 Graffiti/AutoGraphiX "
    "invariants, exact twins kept; target: one invariant (default the independence number)",
)
def small_connected_task(target: str = "independence_number", min_n: int = 3, max_n: int = 8) -> Task:
    """Predict one invariant of a connected graph from the others.

    Parameters
    ----------
    target : str, default "independence_number"
        One of :func:`~conjectura.domains.graphs.catalogue.invariant_names`.
    min_n, max_n : int, default 3 and 8
        Orders of the graphs (``1 <= min_n <= max_n <= 8``).
    """
    from conjectura.domains.graphs.catalogue import invariant_names

    names = invariant_names()
    validate_choice(target, "target", _NAME, names)
    min_n = validate_int(min_n, "min_n", _NAME, min_value=1, max_value=8)
    max_n = validate_int(max_n, "max_n", _NAME, min_value=min_n, max_value=8)
    features = tuple(x for x in names if x != target)

    def build(n: int | None, rng: np.random.Generator) -> Dataset:
        from conjectura.domains.graphs.table import load_small_connected

        df = load_small_connected(min_n, max_n)
        if n is not None and n < len(df):
            df = df.iloc[np.sort(rng.choice(len(df), size=n, replace=False))].reset_index(drop=True)
        X = df[list(features)].astype("float64").to_numpy(na_value=np.nan)
        y = df[target].astype("float64").to_numpy(na_value=np.nan)
        meta = {
            "source": f"connected graphs on {min_n}..{max_n} vertices, one per isomorphism class "
            "(vertex augmentation with nauty canonical labelling)",
            "rows": len(df),
            "exact_columns": "conjectura.domains.graphs.table:exact_columns",
            "bound_problem": "graphs/bound",
            "undefined": {"girth": "trees (no cycle)"},
        }
        return Dataset(X, y, features, target, groups=df["order"].to_numpy(), frame=df, meta=meta)

    return Task(
        name=_NAME,
        features=features,
        target=target,
        build=build,
        kind="regression",
        params={"target": target, "min_n": min_n, "max_n": max_n},
        description="an invariant of a connected graph from the others",
    )
