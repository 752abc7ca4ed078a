r"""The library of terms a bound is made of: features, their square roots and logarithms, and
products and ratios of pairs, up to a complexity limit.

Complexity counts the features and operations of a term: a feature :math:`x` is 1,
:math:`\sqrt{x}` and :math:`\log x` are 2, :math:`xz` and :math:`x/z` are 3 (the convention of
Graffiti-style generators: simpler terms are tried first and preferred on ties). A term is kept
only where it is defined on every row where its features are present (square roots of
non-negative columns, logarithms of positive ones, ratios by positive ones), and only once: a
term whose values on the table repeat a simpler term's (e.g. :math:`2m/n` when the mean degree
is a column) is dropped.

References
----------
.. [1] S. Fajtlowicz, "On conjectures of Graffiti", Discrete Math. 72 (1988) 113-118.
.. [2] R. Davila, "Automated conjecturing in mathematics with TxGraffiti", arXiv:2409.19379.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = ["Term", "term_library"]


@dataclass(frozen=True, eq=False)
class Term:
    """One term: its text (parseable by :func:`~conjectura.learn.relations.parse_relation`),
    complexity, the columns it uses and its float values (NaN where a column is missing)."""

    text: str
    complexity: int
    columns: tuple[str, ...]
    values: np.ndarray = field(repr=False)

    @property
    def defined(self) -> np.ndarray:
        return np.isfinite(self.values)


def _key(v: np.ndarray) -> bytes:
    """A fingerprint of a column of values (to drop terms that repeat another)."""
    with np.errstate(all="ignore"):
        r = np.where(np.isfinite(v), np.round(v, 9), np.nan)
    return r.tobytes()


def term_library(
    columns: Mapping[str, np.ndarray], features: Sequence[str], max_complexity: int = 3
) -> list[Term]:
    """The terms of complexity at most ``max_complexity`` over ``features``.

    Parameters
    ----------
    columns : mapping of str to ndarray
        Float values of every feature (NaN where missing).
    features : sequence of str
    max_complexity : int, default 3
        1: the features; 2: also square roots and logarithms; 3: also products and ratios.

    Returns
    -------
    list of Term
        Simplest first; constant columns and repeated terms are left out.

    Examples
    --------
    >>> cols = {"x": np.array([1.0, 4.0, 9.0]), "z": np.array([1.0, 2.0, 3.0])}
    >>> [t.text for t in term_library(cols, ["x", "z"], 3)]
    ['x', 'z', 'sqrt(z)', 'log(x)', 'log(z)', 'x*z', 'z/x']
    """
    seen: set[bytes] = set()
    out: list[Term] = []

    def add(text: str, cx: int, cols: tuple[str, ...], v: np.ndarray) -> None:
        fin = np.isfinite(v)
        if fin.sum() < 2 or np.ptp(v[fin]) == 0:
            return
        key = _key(v)
        if key in seen:
            return
        seen.add(key)
        out.append(Term(text, cx, cols, v))

    vals = {f: np.asarray(columns[f], dtype=np.float64) for f in features}
    for f in features:
        add(f, 1, (f,), vals[f])
    if max_complexity >= 2:
        for f in features:
            v = vals[f]
            fin = np.isfinite(v)
            if not fin.any():
                continue
            with np.errstate(all="ignore"):
                if v[fin].min() >= 0:
                    add(f"sqrt({f})", 2, (f,), np.sqrt(v))
        for f in features:
            v = vals[f]
            fin = np.isfinite(v)
            if fin.any() and v[fin].min() > 0:
                with np.errstate(all="ignore"):
                    add(f"log({f})", 2, (f,), np.log(v))
    if max_complexity >= 3:
        for i, f in enumerate(features):
            for g in features[i + 1 :]:
                with np.errstate(all="ignore"):
                    add(f"{f}*{g}", 3, (f, g), vals[f] * vals[g])
        for f in features:
            for g in features:
                if f == g:
                    continue
                d = vals[g]
                fin = np.isfinite(d)
                if fin.any() and d[fin].min() > 0:
                    with np.errstate(all="ignore"):
                        add(f"{f}/{g}", 3, (f, g), vals[f] / d)
    return out
