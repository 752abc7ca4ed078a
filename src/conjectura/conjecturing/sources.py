"""The table a conjecture is made on: a task's frame, a file, or a DataFrame, with exact values.

A task's :class:`~conjectura.core.Dataset` may name, in its ``meta``, two hooks as
``"module:function"`` strings (plain data, recorded with the run):

``exact_columns``
    ``f(frame) -> {column: ExactColumn}``: the exact twins of some columns (the graph table
    keeps rationals as numerator/denominator and irrational invariants as certified enclosures
    with the exact value recomputed on demand). Every other numeric column is exact in the
    convention of :func:`~conjectura.learn.relations.fit_relation`: a stored double is the
    binary rational it denotes.
``bound_problem``
    The registered name of the search problem, with parameters ``relation`` and ``n``, that
    tries to refute a bound on larger objects (the graph table's ``graphs/bound``).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from conjectura.exceptions import InvalidParameterError

__all__ = ["Source", "load_source", "resolve_hook", "LABEL_COLUMNS"]

#: Columns that name the objects (the first present labels tight rows); never features.
LABEL_COLUMNS = ("name", "graph6", "knot", "label", "id")
#: Numeric columns that are bookkeeping, never features.
_BOOKKEEPING = ("index", "row", "seed")


@dataclass
class Source:
    """A table with exact values and the hooks of its task.

    Attributes
    ----------
    name : str
        Task name, file name, or ``"table"`` for a DataFrame.
    frame : pandas.DataFrame
    meta : dict
        The dataset's ``meta`` (empty for files and frames).
    label : str or None
        The column naming the objects.
    features : list of str or None
        The task's representation (its feature columns), when the table is a task's.
    """

    name: str
    frame: Any
    meta: dict = field(default_factory=dict)
    label: str | None = None
    features: list[str] | None = None
    _exact: dict = field(default_factory=dict, repr=False)
    _hooked: bool = field(default=False, repr=False)

    def numeric_columns(self) -> list[str]:
        """Columns usable as features or targets: numeric or boolean, not labels or bookkeeping."""
        import pandas as pd

        out = []
        for c in self.frame.columns:
            name = str(c)
            if name in LABEL_COLUMNS or name in _BOOKKEEPING or not name.isidentifier():
                continue
            col = self.frame[c]
            if pd.api.types.is_bool_dtype(col) or pd.api.types.is_numeric_dtype(col):
                out.append(name)
        return out

    def exact_columns(self, names) -> dict:
        """``{name: ExactColumn}`` for the given columns (hooks first, stored values otherwise)."""
        from conjectura.exact.expressions import ExactColumn

        missing = [c for c in names if c not in self._exact]
        if missing:
            hook = self.meta.get("exact_columns")
            if hook and not self._hooked:
                self._exact.update(resolve_hook(hook)(self.frame))
                self._hooked = True
            for c in missing:
                if c in self._exact:
                    continue
                col = self.frame[c]
                vals = col.astype("float64").to_numpy(na_value=np.nan)
                self._exact[c] = ExactColumn.from_floats(vals)
        return {c: self._exact[c] for c in names}

    def labels(self, rows) -> list[str]:
        """How the rows are named in listings (the label column, else ``row i``)."""
        if self.label is None:
            return [f"row {int(i)}" for i in rows]
        col = self.frame[self.label]
        return [str(col.iloc[int(i)]) for i in rows]


def resolve_hook(path: str):
    """The function named ``"module:function"``."""
    if not isinstance(path, str) or ":" not in path:
        raise InvalidParameterError(f"A hook must be written 'module:function'. Got {path!r} instead.")
    module, attr = path.split(":", 1)
    try:
        return getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError) as exc:
        raise InvalidParameterError(f"Cannot load the hook {path!r}: {exc}.") from None


def load_source(
    source, *, params: Mapping[str, Any] | None = None, n: int | None = None, seed: int = 0
) -> Source:
    """A :class:`Source` from a DataFrame, a ``.parquet``/``.csv`` path, a task name or a Task."""
    import pandas as pd

    from conjectura.core.task import Task

    if isinstance(source, Source):
        return source
    features = None
    if isinstance(source, pd.DataFrame):
        frame, name, meta = source.reset_index(drop=True), "table", {}
    elif isinstance(source, Task):
        ds = source.dataset(n, seed=seed)
        frame, name, meta = _frame_of(ds), source.name, dict(ds.meta)
        features = list(source.features)
    elif isinstance(source, (str, Path)):
        path = Path(source)
        if path.suffix in (".parquet", ".pq", ".csv") or path.exists():
            from conjectura.learn.relations import load_table

            frame, name, meta = load_table(path), path.name, {}
        else:
            from conjectura.core.registry import get_task

            task = get_task(str(source), **dict(params or {}))
            ds = task.dataset(n, seed=seed)
            frame, name, meta = _frame_of(ds), task.name, dict(ds.meta)
            features = list(task.features)
    else:
        raise InvalidParameterError(
            "The source must be a task name, a Task, a .parquet/.csv path or a pandas DataFrame. "
            f"Got {type(source).__name__} instead."
        )
    label = next((c for c in LABEL_COLUMNS if c in frame.columns), None)
    return Source(name=name, frame=frame.reset_index(drop=True), meta=meta, label=label, features=features)


def _frame_of(ds):
    import pandas as pd

    if ds.frame is not None:
        return ds.frame.reset_index(drop=True)
    frame = pd.DataFrame(ds.X, columns=list(ds.feature_names))
    frame[ds.target_name] = ds.y
    return frame
