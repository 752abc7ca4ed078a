"""Permutations in one-line notation and their left and right descent sets.

A permutation :math:`x \\in S_n` is stored in one-line notation as the integer vector
:math:`(x(1), \\dots, x(n))`, values :math:`1, \\dots, n` (arrays of shape ``(k, n)`` hold ``k``
permutations). Following Williamson (2024), equations (4) and (5),

.. math::

    \\mathcal{L}(x) = \\{1 \\le i < n : x^{-1}(i) > x^{-1}(i+1)\\}, \\qquad
    \\mathcal{R}(x) = \\{1 \\le i < n : x(i) > x(i+1)\\},

so :math:`\\mathcal{L}(x) = \\mathcal{R}(x^{-1})`. Descent sets are returned as 0/1 vectors of
length :math:`n - 1` (entry :math:`i - 1` is 1 iff :math:`i` is a descent).

References
----------
G. Williamson, "Is deep learning a useful tool for the pure mathematician?", Bull. AMS (2024),
arXiv:2304.12602, §5.2.
A. Björner and F. Brenti, *Combinatorics of Coxeter Groups*, GTM 231, Springer (2005),
doi:10.1007/3-540-27596-7, §1.5 (descents).
"""

from __future__ import annotations

import numpy as np

from conjectura.core.seeding import SeedLike, as_generator
from conjectura.core.validation import validate_int
from conjectura.exceptions import InvalidParameterError

__all__ = [
    "random_permutations",
    "inverse",
    "right_descents",
    "left_descents",
    "descent_set",
    "validate_permutations",
]


def validate_permutations(x, owner: str = "descents") -> np.ndarray:
    """Return ``x`` as a 2-d int64 array of permutations of ``1..n``, or raise."""
    a = np.asarray(x)
    if a.ndim == 1:
        a = a[None, :]
    if a.ndim != 2 or a.shape[1] < 1 or not np.issubdtype(a.dtype, np.integer):
        raise InvalidParameterError(
            f"{owner} expects permutations in one-line notation (integer rows). "
            f"Got an array of shape {a.shape} and dtype {a.dtype} instead."
        )
    n = a.shape[1]
    if not np.array_equal(np.sort(a, axis=1), np.broadcast_to(np.arange(1, n + 1), a.shape)):
        raise InvalidParameterError(
            f"{owner} expects each row to be a permutation of 1..{n}; some row is not."
        )
    return a.astype(np.int64)


def random_permutations(n: int, k: int, seed: SeedLike = None) -> np.ndarray:
    """``k`` uniformly random permutations of :math:`1..n` (shape ``(k, n)``), given ``seed``.

    >>> random_permutations(4, 2, seed=0).shape
    (2, 4)
    """
    n = validate_int(n, "n", "random_permutations", min_value=1)
    k = validate_int(k, "k", "random_permutations", min_value=0)
    rng = as_generator(seed)
    base = np.broadcast_to(np.arange(1, n + 1, dtype=np.int64), (k, n))
    return rng.permuted(base, axis=1)


def inverse(x) -> np.ndarray:
    """The inverse permutations :math:`x^{-1}` (one-line), row by row.

    >>> inverse([2, 3, 1]).tolist()
    [[3, 1, 2]]
    """
    a = validate_permutations(x, "inverse")
    out = np.empty_like(a)
    rows = np.arange(a.shape[0])[:, None]
    out[rows, a - 1] = np.arange(1, a.shape[1] + 1)
    return out


def right_descents(x) -> np.ndarray:
    """The right descent sets :math:`\\mathcal{R}(x)` as 0/1 rows of length :math:`n - 1`.

    >>> right_descents([3, 1, 2]).tolist()   # x(1) = 3 > x(2) = 1
    [[1, 0]]
    """
    a = validate_permutations(x, "right_descents")
    return (a[:, :-1] > a[:, 1:]).astype(np.int64)


def left_descents(x) -> np.ndarray:
    """The left descent sets :math:`\\mathcal{L}(x) = \\mathcal{R}(x^{-1})` as 0/1 rows.

    >>> left_descents([3, 1, 2]).tolist()    # x^{-1} = (2, 3, 1): 3 > 1 at i = 2
    [[0, 1]]
    """
    return right_descents(inverse(x))


def descent_set(x, side: str = "right") -> set[int]:
    """The descent set of one permutation as a set of positions :math:`i \\in [1, n)`.

    >>> descent_set([3, 1, 2], "left")
    {2}
    """
    if side not in ("left", "right"):
        raise InvalidParameterError(
            f"The 'side' parameter of descent_set must be one of ['left', 'right']. Got {side!r} instead."
        )
    row = (left_descents if side == "left" else right_descents)(x)[0]
    return {int(i) + 1 for i in np.flatnonzero(row)}
