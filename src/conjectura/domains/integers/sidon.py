r"""Sidon sets: sets of integers whose pairwise differences are all distinct.

A set :math:`S \subset \mathbb Z` is a Sidon set (a :math:`B_2` set, the marks of a Golomb
ruler) if all sums :math:`a + b` (:math:`a \le b` in :math:`S`) are distinct, equivalently if
all positive differences :math:`a - b` (:math:`a > b`) are distinct. The largest Sidon subset
of :math:`\{1, \dots, n\}` has :math:`k` elements iff the shortest Golomb ruler with
:math:`k` marks has length :math:`G(k) \le n - 1` and the one with :math:`k + 1` marks has
:math:`G(k+1) > n - 1`; :math:`G(k)` is OEIS A003022, known for :math:`k \le 28`
(distributed.net's OGR-24 to OGR-28 for the last ones).

References
----------
.. [1] S. Sidon, "Ein Satz über trigonometrische Polynome und seine Anwendung in der Theorie
   der Fourier-Reihen", Math. Ann. 106 (1932) 536-539.
.. [2] OEIS A003022, https://oeis.org/A003022 (length of the shortest Golomb ruler with k
   marks).
.. [3] K. O'Bryant, "A complete annotated bibliography of work related to Sidon sequences",
   Electron. J. Combin. DS11 (2004).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from conjectura.core.verdict import Verdict

__all__ = [
    "GOLOMB_LENGTHS",
    "sidon_maximum",
    "is_sidon",
    "check_sidon",
    "sidon_collisions",
]

#: ``GOLOMB_LENGTHS[k]`` is the length of the shortest Golomb ruler with ``k`` marks,
#: k = 1..28 (OEIS A003022, with G(1) = 0).
GOLOMB_LENGTHS: dict[int, int] = dict(
    enumerate(
        (
            *(0, 1, 3, 6, 11, 17, 25, 34, 44, 55, 72, 85, 106, 127, 151, 177, 199, 216, 246, 283),
            *(333, 356, 372, 425, 480, 492, 553, 585),
        ),
        start=1,
    )
)


def sidon_maximum(n: int) -> int | None:
    r"""The size of the largest Sidon subset of :math:`\{1, \dots, n\}`, from OEIS A003022.

    :math:`\max\{k : G(k) \le n - 1\}`; ``None`` when :math:`n - 1 \ge G(28) = 585` is beyond
    the known rulers.

    >>> [sidon_maximum(n) for n in (1, 2, 4, 7, 12, 18, 26)]
    [1, 2, 3, 4, 5, 6, 7]
    """
    if n < 1:
        return 0
    if n - 1 >= GOLOMB_LENGTHS[max(GOLOMB_LENGTHS)]:
        return None
    return max(k for k, g in GOLOMB_LENGTHS.items() if g <= n - 1)


def _first_repeat(S: list[int]) -> tuple[int, tuple[int, int], tuple[int, int]] | None:
    seen: dict[int, tuple[int, int]] = {}
    for i, b in enumerate(S):
        for a in S[i + 1 :]:
            d = a - b
            if d in seen:
                return d, seen[d], (a, b)
            seen[d] = (a, b)
    return None


def is_sidon(S: Iterable[int]) -> bool:
    """Whether the distinct integers ``S`` have pairwise distinct differences.

    >>> is_sidon([1, 2, 4, 8, 13]), is_sidon([1, 2, 3])
    (True, False)
    """
    return _first_repeat(sorted({int(x) for x in S})) is None


def check_sidon(S: Iterable[int]) -> Verdict:
    """Exact verdict that ``S`` is a Sidon set; a failing verdict names a repeated difference.

    >>> check_sidon([1, 2, 5, 7]).reason
    'all 6 differences distinct'
    >>> check_sidon([1, 3, 5]).reason
    'the difference 2 occurs twice: 3 - 1 = 5 - 3'
    """
    S = sorted(int(x) for x in S)
    if len(set(S)) != len(S):
        return Verdict(False, "the elements are not distinct")
    rep = _first_repeat(S)
    if rep is None:
        k = len(S)
        return Verdict(True, f"all {k * (k - 1) // 2} differences distinct", {"elements": S})
    d, (a, b), (c, e) = rep
    first, second = sorted([(b, a), (e, c)])
    return Verdict(
        False,
        f"the difference {d} occurs twice: {first[1]} - {first[0]} = {second[1]} - {second[0]}",
        {"elements": S},
    )


def sidon_collisions(Z: np.ndarray) -> np.ndarray:
    r"""Repeated differences of a batch of 0/1 words (letter ``i`` is the integer ``i + 1``).

    :math:`\sum_{d \ge 1} \max(D_d - 1, 0)` with :math:`D_d = \#\{i : z_i = z_{i+d} = 1\}`; 0
    exactly for Sidon sets.

    >>> sidon_collisions(np.array([[1, 1, 0, 1, 0, 0, 0, 1], [1, 1, 1, 0, 0, 0, 0, 0]])).tolist()
    [0, 1]
    """
    Z = np.asarray(Z, dtype=np.int32)
    n = Z.shape[1]
    out = np.zeros(len(Z), dtype=np.int64)
    for d in range(1, n):
        D = (Z[:, :-d] * Z[:, d:]).sum(axis=1)
        out += np.maximum(D - 1, 0)
    return out
