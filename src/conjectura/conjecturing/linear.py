r"""Linear bounds with the most tight rows: TxGraffiti's linear program, then exact rationals.

For an upper bound :math:`Y \le a \cdot t + b` on the rows :math:`i` of a table (``t`` one or
more terms), TxGraffiti solves

.. math::

    \min_{a, b} \sum_i \bigl(a \cdot t_i + b - y_i\bigr)
    \quad \text{subject to} \quad a \cdot t_i + b \ge y_i \ \text{for every row } i,

the bound that holds on every row with the least total slack, so that it touches (is tight on)
as many rows as the data allow; a lower bound reverses the inequalities. The LP is solved with
HiGHS (``scipy.optimize.linprog(method="highs")``) on the distinct rows, weighted by their
multiplicity. Its floating-point slopes are then rounded to rationals with small denominators
(:meth:`fractions.Fraction.limit_denominator`); the intercept is *not* taken from the LP but
recomputed exactly afterwards (:mod:`conjectura.conjecturing.propose`), as the extreme value of
:math:`y_i - a \cdot t_i` over the rows, so rounding can never make a bound false.

References
----------
.. [1] R. Davila, "Automated conjecturing in mathematics with TxGraffiti", arXiv:2409.19379.
.. [2] Q. Huangfu, J. A. J. Hall, "Parallelizing the dual revised simplex method", Math. Prog.
   Comput. 10 (2018) 119-142, doi:10.1007/s12532-017-0130-5 (HiGHS).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

__all__ = ["lp_bound", "lp_bounds", "distinct_rows", "rational_slopes"]

#: LPs solved per HiGHS call by :func:`lp_bounds` (one block-diagonal program).
BLOCK = 200


def distinct_rows(y: np.ndarray, T: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct rows of ``(T, y)`` and their multiplicities (fast: integer codes per column)."""
    T = np.asarray(T, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    key = np.zeros(len(y), dtype=np.int64)
    for c in [*T.T, y]:
        u, code = np.unique(c, return_inverse=True)
        key = key * len(u) + code
    _, first, counts = np.unique(key, return_index=True, return_counts=True)
    return T[first], y[first], counts.astype(np.float64)


def support_rows(y: np.ndarray, T: np.ndarray) -> np.ndarray:
    r"""Rows whose constraints imply all the others: the vertices of the convex hull of the
    points :math:`(t_i, y_i)`.

    A constraint :math:`a \cdot t + b \ge y` (or :math:`\le`) is linear in the point, so it
    holds at a convex combination of points where it holds; the LP over the hull's vertices has
    the same feasible set (and, with the objective taken over all rows, the same optimum). When
    qhull cannot form the hull (too few or degenerate points), every row is kept.
    """
    P = np.column_stack([T, y])
    if len(P) <= P.shape[1] + 1:
        return np.arange(len(P))
    from scipy.spatial import ConvexHull, QhullError

    try:
        return np.sort(ConvexHull(P).vertices)
    except (QhullError, ValueError):
        return np.arange(len(P))


def lp_bounds(problems, direction: str) -> list[np.ndarray | None]:
    """The LP slopes of many bounds at once: ``problems`` is a list of ``(y, T)`` (finite rows).

    The LPs are independent, so their sum is one block-diagonal LP whose optimum is optimal in
    every block (the objective is separable); it is solved by HiGHS in chunks of
    :data:`BLOCK` blocks, which saves the per-call overhead of thousands of tiny programs. A
    chunk HiGHS cannot solve is retried block by block with :func:`lp_bound`.

    >>> x = np.array([0.0, 1.0, 2.0, 3.0])
    >>> [a.round(6).tolist() for a in lp_bounds([(2 * x + 1, x[:, None]), (x**2, x[:, None])], "upper")]
    [[2.0], [3.0]]
    """
    out: list[np.ndarray | None] = []
    for start in range(0, len(problems), BLOCK):
        out += _lp_chunk(problems[start : start + BLOCK], direction)
    return out


def _lp_chunk(problems, direction: str) -> list[np.ndarray | None]:
    from scipy import sparse
    from scipy.optimize import linprog

    rows, cols, vals, rhs, obj, spans = [], [], [], [], [], []
    r0 = v0 = 0
    for y, T in problems:
        Tu, yu, w = distinct_rows(y, T)
        keep = support_rows(yu, Tu)
        m, k = len(keep), Tu.shape[1]
        A = np.column_stack([Tu[keep], np.ones(m)])
        rr, cc = np.nonzero(np.ones_like(A, dtype=bool))
        rows.append(rr + r0)
        cols.append(cc + v0)
        vals.append(A[rr, cc])
        rhs.append(yu[keep])
        obj.append(w @ np.column_stack([Tu, np.ones(len(Tu))]))
        spans.append((v0, k))
        r0 += m
        v0 += k + 1
    A = sparse.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(r0, v0)
    )
    c = np.concatenate(obj)
    b = np.concatenate(rhs)
    if direction == "upper":
        res = linprog(c, A_ub=-A, b_ub=-b, bounds=(None, None), method="highs")
    else:
        res = linprog(-c, A_ub=A, b_ub=b, bounds=(None, None), method="highs")
    if res.status != 0 or res.x is None:
        return [lp_bound(y, T, direction) for y, T in problems]
    return [np.asarray(res.x[v : v + k]) for v, k in spans]


def lp_bound(y: np.ndarray, T: np.ndarray, direction: str) -> np.ndarray | None:
    """Slopes ``a`` of the LP bound ``y <= a.t + b`` (``direction="upper"``) or ``>=``.

    Parameters
    ----------
    y : ndarray of shape (N,)
    T : ndarray of shape (N, k)
        The terms on the rows (all finite).
    direction : {"upper", "lower"}

    Returns
    -------
    ndarray of shape (k,) or None
        None when HiGHS reports no optimum.

    Examples
    --------
    >>> x = np.array([0.0, 1.0, 2.0, 3.0]); y = 2 * x + 1
    >>> lp_bound(y, x[:, None], "upper").round(6).tolist()
    [2.0]
    """
    from scipy.optimize import linprog

    Tu, yu, w = distinct_rows(y, T)
    k = Tu.shape[1]
    obj = w @ np.column_stack([Tu, np.ones(len(Tu))])
    keep = support_rows(yu, Tu)
    Tu, yu = Tu[keep], yu[keep]
    # variables (a_1..a_k, b); the objective (over all rows) drops the constant sum(w*y)
    A = np.column_stack([Tu, np.ones(len(Tu))])
    if direction == "upper":  # a.t + b >= y  <=>  -(a.t + b) <= -y
        res = linprog(obj, A_ub=-A, b_ub=-yu, bounds=[(None, None)] * (k + 1), method="highs")
    else:  # a.t + b <= y, maximise the sum
        res = linprog(-obj, A_ub=A, b_ub=yu, bounds=[(None, None)] * (k + 1), method="highs")
    if res.status != 0 or res.x is None:
        return None
    return np.asarray(res.x[:k])


def rational_slopes(a: np.ndarray, max_denominator: int) -> tuple[Fraction, ...]:
    """The slopes as Fractions with denominators at most ``max_denominator``.

    >>> rational_slopes(np.array([0.4999999997, -2.0000001, 1e-12]), 12)
    (Fraction(1, 2), Fraction(-2, 1), Fraction(0, 1))
    """
    return tuple(Fraction(float(x)).limit_denominator(max_denominator) for x in a)
