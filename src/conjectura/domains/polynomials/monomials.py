r"""Monomials as exponent vectors, in the graded reverse lexicographic order (grevlex).

Conventions: variables :math:`x_0 > x_1 > \dots > x_{n-1}`; a monomial :math:`x^a` is its
exponent vector :math:`a \in \mathbb{N}^n`; its degree is :math:`|a| = \sum_i a_i`. Grevlex:

.. math::

    x^a > x^b \iff |a| > |b| \ \text{or}\ \big(|a| = |b| \text{ and the last non-zero entry of }
    a - b \text{ is negative}\big).

It is the order of Macaulay2's and Singular's default and of sympy's ``order='grevlex'``.

References
----------
D. Cox, J. Little, D. O'Shea, *Ideals, Varieties, and Algorithms*, 4th ed., Springer (2015),
Chapter 2, Section 2, Definition 6. doi:10.1007/978-3-319-16721-3.
"""

from __future__ import annotations

import functools
import itertools
import math

import numpy as np

__all__ = [
    "grevlex_compare",
    "grevlex_sort",
    "count_monomials",
    "monomials_of_degree",
    "variable_names",
]


def grevlex_compare(a, b) -> int:
    """Sign of :math:`x^a - x^b` in grevlex: 1 if :math:`x^a > x^b`, -1 if smaller, 0 if equal.

    Examples
    --------
    >>> grevlex_compare((1, 1, 0), (2, 0, 0))   # x0*x1 < x0^2
    -1
    >>> grevlex_compare((0, 2, 0), (1, 0, 1))   # x1^2 > x0*x2
    1
    """
    a = tuple(int(x) for x in a)
    b = tuple(int(x) for x in b)
    da, db = sum(a), sum(b)
    if da != db:
        return 1 if da > db else -1
    for x, y in zip(reversed(a), reversed(b)):
        if x != y:
            return 1 if x < y else -1
    return 0


def grevlex_sort(exponents: np.ndarray, *, descending: bool = True) -> np.ndarray:
    """The permutation that sorts the rows of ``exponents`` in grevlex (decreasing by default).

    Examples
    --------
    >>> E = np.array([[0, 0, 2], [2, 0, 0], [1, 0, 1], [0, 2, 0]])
    >>> E[grevlex_sort(E)].tolist()
    [[2, 0, 0], [0, 2, 0], [1, 0, 1], [0, 0, 2]]
    """
    E = np.asarray(exponents)
    if E.ndim != 2:
        raise ValueError("exponents must be a 2-d array")
    if E.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    deg = E.sum(axis=1)
    # np.lexsort: the last key is the primary one. Decreasing grevlex = increasing -degree, then
    # increasing x_{n-1}, then increasing x_{n-2}, ... (x_0 is fixed by the degree).
    keys = (*(E[:, v] for v in range(E.shape[1])), -deg)
    order = np.lexsort(keys)
    return order if descending else order[::-1].copy()


def count_monomials(n: int, d: int) -> int:
    r"""The number :math:`\binom{n + d - 1}{n - 1}` of monomials of degree exactly ``d`` in ``n`` variables.

    >>> [count_monomials(3, d) for d in range(4)]
    [1, 3, 6, 10]
    """
    if d < 0:
        return 0
    return math.comb(n + d - 1, n - 1)


@functools.lru_cache(maxsize=256)
def _monomials_of_degree(n: int, d: int) -> np.ndarray:
    rows = []
    for c in itertools.combinations_with_replacement(range(n), d):
        e = [0] * n
        for v in c:
            e[v] += 1
        rows.append(e)
    E = np.array(rows, dtype=np.int64).reshape(-1, n)
    E = E[grevlex_sort(E)]
    E.setflags(write=False)
    return E


def monomials_of_degree(n: int, d: int) -> np.ndarray:
    """All monomials of degree ``d`` in ``n`` variables, rows in decreasing grevlex order (read-only).

    Examples
    --------
    >>> monomials_of_degree(3, 2).tolist()
    [[2, 0, 0], [1, 1, 0], [0, 2, 0], [1, 0, 1], [0, 1, 1], [0, 0, 2]]
    """
    return _monomials_of_degree(int(n), int(d))


def variable_names(n: int) -> tuple[str, ...]:
    """The default variable names ``x0, ..., x{n-1}`` (those of the reference environment).

    >>> variable_names(3)
    ('x0', 'x1', 'x2')
    """
    return tuple(f"x{i}" for i in range(n))
