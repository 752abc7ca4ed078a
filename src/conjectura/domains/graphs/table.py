r"""The table of all connected graphs on 3 to 8 vertices with their invariants, cached as Parquet.

One row per isomorphism class (2 + 6 + 21 + 112 + 853 + 11117 = 12111 graphs), with the
canonical graph6 string and every invariant of :data:`~conjectura.domains.graphs.catalogue.
GRAPH_INVARIANTS`. Integer invariants are stored as integers (``girth`` is missing for trees);
rational and irrational ones as doubles for fitting, with their exact twins kept beside them in
the cached file:

* a rational invariant ``x`` has integer columns ``x__num`` and ``x__den``;
* an irrational one has a certified enclosure ``x__lo <= x <= x__hi`` by two doubles (from
  ``flint.arb`` at 64 bits, rounded outward), and its exact value (an algebraic number or a sum
  of square roots) is recomputed from the graph when a near-tie needs it.

:func:`exact_columns` turns these into the :class:`~conjectura.exact.expressions.ExactColumn`
objects that decide conjectures on the table exactly.

The file is ``data_dir("graphs")/small-connected-3-8.parquet``, built on first use (about a
minute) and reused afterwards.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

from conjectura.core.validation import validate_int
from conjectura.exceptions import InvalidParameterError

__all__ = ["small_connected_table", "load_small_connected", "exact_columns", "table_file", "graph_row"]

_SUFFIXES = ("__num", "__den", "__lo", "__hi")


def table_file(min_n: int = 3, max_n: int = 8, out_dir=None) -> Path:
    """Where the table for these orders is cached."""
    if out_dir is None:
        from conjectura.store.paths import data_dir

        out_dir = data_dir("graphs")
    return Path(out_dir) / f"small-connected-{min_n}-{max_n}.parquet"


def graph_row(G) -> dict:
    """One row of the table: graph6, the float value of every invariant and its exact twin."""
    from conjectura.domains.graphs.catalogue import GRAPH_INVARIANTS
    from conjectura.domains.graphs.io import to_graph6
    from conjectura.exact.expressions import arb_interval, enclose

    row: dict = {"graph6": to_graph6(G)}
    for name, item in GRAPH_INVARIANTS.items():
        v = item.exact(G)
        if item.kind == "integer":
            row[name] = None if v is None else int(v)
        elif item.kind == "rational":
            row[name] = float(v)
            row[name + "__num"], row[name + "__den"] = v.numerator, v.denominator
        else:
            lo, hi = arb_interval(enclose(v, 64))
            row[name] = float(item.value(G))
            row[name + "__lo"], row[name + "__hi"] = lo, hi
    return row


def small_connected_table(min_n: int = 3, max_n: int = 8, *, out_dir=None, build: bool = True):
    """The full cached table (invariants and their exact twins) as a pandas DataFrame.

    Parameters
    ----------
    min_n, max_n : int, default 3 and 8
        Orders of the graphs (``1 <= min_n <= max_n <= 8``).
    out_dir : path, optional
        Cache directory (default ``data_dir("graphs")``).
    build : bool, default True
        Build the table when it is not cached; otherwise a missing table is an error.
    """
    import pandas as pd

    min_n = validate_int(min_n, "min_n", "graphs/small-connected", min_value=1, max_value=8)
    max_n = validate_int(max_n, "max_n", "graphs/small-connected", min_value=min_n, max_value=8)
    path = table_file(min_n, max_n, out_dir)
    if path.exists():
        return pd.read_parquet(path)
    if not build:
        raise InvalidParameterError(
            f"The table {path.name} is not built; run `conjectura conjecture graphs/small-connected` "
            "or load it with build=True."
        )
    from conjectura.domains.graphs.enumeration import connected_graphs

    rows = [graph_row(G) for n in range(min_n, max_n + 1) for G in connected_graphs(n)]
    df = pd.DataFrame(rows)
    from conjectura.domains.graphs.catalogue import GRAPH_INVARIANTS

    for name, item in GRAPH_INVARIANTS.items():
        if item.kind == "integer":
            df[name] = df[name].astype("Int64" if df[name].isna().any() else "int64")
    tmp = path.with_suffix(".tmp")
    df.to_parquet(tmp, index=False)
    tmp.replace(path)
    return df


def load_small_connected(min_n: int = 3, max_n: int = 8, *, out_dir=None, build: bool = True):
    """The table without the exact-twin columns: ``graph6`` and one column per invariant."""
    df = small_connected_table(min_n, max_n, out_dir=out_dir, build=build)
    return df[[c for c in df.columns if not c.endswith(_SUFFIXES)]].copy()


@functools.lru_cache(maxsize=4)
def _indexed(path: str):
    import pandas as pd

    df = pd.read_parquet(path)
    return df, {g: i for i, g in enumerate(df["graph6"])}


def exact_columns(frame, *, min_n: int | None = None, max_n: int | None = None, out_dir=None) -> dict:
    """Exact columns (``ExactColumn``) of a frame of the table, aligned by its ``graph6`` column.

    Integer invariants are exact as stored; rational ones come from ``__num``/``__den``; the
    irrational ones from their certified enclosures, with the exact value recomputed from the
    graph on demand. The cached table is the one for the orders of the frame (``min_n``,
    ``max_n`` default to the smallest and largest ``order``). A frame without ``graph6`` gets no exact twins (its doubles are then taken
    as the binary rationals they denote).
    """
    from conjectura.domains.graphs.catalogue import GRAPH_INVARIANTS
    from conjectura.domains.graphs.io import from_graph6
    from conjectura.exact.expressions import ExactColumn

    if "graph6" not in frame.columns or len(frame) == 0:
        return {}
    if min_n is None or max_n is None:
        orders = (
            frame["order"]
            if "order" in frame.columns
            else frame["graph6"].map(lambda g: from_graph6(g).number_of_nodes())
        )
        min_n = int(orders.min()) if min_n is None else min_n
        max_n = int(orders.max()) if max_n is None else max_n
    full, index = _indexed(str(table_file(min_n, max_n, out_dir)))
    graph6 = frame["graph6"].astype(str).tolist()
    pos = np.array([index.get(g, -1) for g in graph6])
    if (pos < 0).any():
        raise InvalidParameterError(
            f"{int((pos < 0).sum())} rows of the frame are not graphs of the small-connected table."
        )
    out = {}
    for name, item in GRAPH_INVARIANTS.items():
        if name not in frame.columns:
            continue
        if item.kind == "integer":
            col = full[name].iloc[pos]
            miss = col.isna().to_numpy()
            vals = col.fillna(0).astype("int64").to_numpy()
            out[name] = ExactColumn.from_rationals(vals.tolist(), [1] * len(vals), miss)
        elif item.kind == "rational":
            out[name] = ExactColumn.from_rationals(
                full[name + "__num"].to_numpy()[pos].tolist(), full[name + "__den"].to_numpy()[pos].tolist()
            )
        else:

            def exact(i, _f=item.exact):
                return _f(from_graph6(graph6[i]))

            out[name] = ExactColumn.from_enclosures(
                full[name + "__lo"].to_numpy()[pos], full[name + "__hi"].to_numpy()[pos], exact=exact
            )
    return out
