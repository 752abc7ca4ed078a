r"""The no-three-in-line problem: points of the :math:`n \times n` grid, no three collinear.

At most :math:`2n` points of :math:`\{0, \dots, n-1\}^2` have no three on a line (two per
row); Dudeney asked whether :math:`2n` is reached, and configurations with :math:`2n` points
are known for every :math:`n \le 46` and for :math:`n = 48, 50, 52` (Flammenkamp). Collinearity
is decided exactly: the line through two grid points is the primitive integer equation
:math:`ax + by = c` with :math:`\gcd(a, b) = 1` and a sign normalisation.

References
----------
.. [1] H. E. Dudeney, *Amusements in Mathematics*, Nelson, 1917, problem 317.
.. [2] A. Flammenkamp, "Progress in the no-three-in-line problem, II", J. Combin. Theory
   Ser. A 81 (1998) 108-113, doi:10.1006/jcta.1997.2829.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from conjectura.core.verdict import Verdict

__all__ = [
    "NO_THREE_IN_LINE_KNOWN",
    "no_three_in_line_maximum",
    "line_through",
    "check_no_three_in_line",
    "is_no_three_in_line",
    "grid_lines",
    "line_excess",
]

#: The grid sizes for which a configuration of 2n points is known (Flammenkamp 1998).
NO_THREE_IN_LINE_KNOWN: frozenset[int] = frozenset(range(1, 47)) | {48, 50, 52}


def no_three_in_line_maximum(n: int) -> int | None:
    """The most points of the ``n x n`` grid with no three collinear, where it is known.

    :math:`2n` for :math:`2 \\le n \\le 46` and :math:`n \\in \\{48, 50, 52\\}`, 1 for
    :math:`n = 1`, ``None`` otherwise (only the upper bound :math:`2n` is known).

    >>> no_three_in_line_maximum(1), no_three_in_line_maximum(10), no_three_in_line_maximum(47)
    (1, 20, None)
    """
    if n == 1:
        return 1
    return 2 * n if n in NO_THREE_IN_LINE_KNOWN else None


def line_through(p: tuple[int, int], q: tuple[int, int]) -> tuple[int, int, int]:
    """The line through the distinct integer points ``p``, ``q`` as a primitive ``(a, b, c)``.

    ``a x + b y = c`` with ``gcd(a, b) = 1`` and ``(a, b)`` normalised so that ``a > 0`` or
    ``a = 0 < b``: two pairs of points are collinear iff they give the same triple.

    >>> line_through((0, 0), (2, 2)) == line_through((1, 1), (3, 3))
    True
    """
    (x1, y1), (x2, y2) = p, q
    a, b = y2 - y1, x1 - x2
    g = math.gcd(a, b)
    a, b = a // g, b // g
    if a < 0 or (a == 0 and b < 0):
        a, b = -a, -b
    return (a, b, a * x1 + b * y1)


def check_no_three_in_line(points: Iterable[tuple[int, int]], n: int | None = None) -> Verdict:
    """Exact verdict that no three of ``points`` are collinear (and they lie in the grid).

    >>> check_no_three_in_line([(0, 0), (0, 1), (1, 0), (1, 1)], 2).reason
    'no three of the 4 points on a line'
    >>> check_no_three_in_line([(0, 0), (1, 1), (2, 2)]).reason
    'the points (0, 0), (1, 1), (2, 2) lie on the line 1x + -1y = 0'
    """
    P = [(int(x), int(y)) for x, y in points]
    if len(set(P)) != len(P):
        return Verdict(False, "the points are not distinct")
    if n is not None and any(not (0 <= x < n and 0 <= y < n) for x, y in P):
        return Verdict(False, f"a point lies outside the {n} x {n} grid")
    on: dict[tuple[int, int, int], list] = {}
    for i, p in enumerate(P):
        for q in P[i + 1 :]:
            key = line_through(p, q)
            pts = on.setdefault(key, [p])
            if q not in pts:
                pts.append(q)
            if len(pts) >= 3:
                a, b, c = key
                trio = ", ".join(str(t) for t in sorted(pts[:3]))
                return Verdict(False, f"the points {trio} lie on the line {a}x + {b}y = {c}")
    return Verdict(True, f"no three of the {len(P)} points on a line", {"points": len(P)})


def is_no_three_in_line(points: Iterable[tuple[int, int]]) -> bool:
    """Whether no three of ``points`` are collinear.

    >>> is_no_three_in_line([(0, 0), (1, 2), (2, 1)])
    True
    """
    return check_no_three_in_line(points).holds


@lru_cache(maxsize=16)
def grid_lines(n: int) -> np.ndarray:
    """Incidence matrix of the lines through at least three points of the ``n x n`` grid.

    Shape ``(lines, n * n)``; point ``(x, y)`` is column ``x * n + y``.

    >>> grid_lines(3).shape   # 3 rows, 3 columns, 2 diagonals
    (8, 9)
    """
    pts = [(x, y) for x in range(n) for y in range(n)]
    on: dict[tuple[int, int, int], set[int]] = {}
    for i, p in enumerate(pts):
        for j in range(i + 1, len(pts)):
            s = on.setdefault(line_through(p, pts[j]), set())
            s.update((i, j))
    rows = [sorted(s) for s in on.values() if len(s) >= 3]
    M = np.zeros((len(rows), n * n), dtype=np.int32)
    for r, cols in enumerate(rows):
        M[r, cols] = 1
    M.setflags(write=False)
    return M


def line_excess(Z: np.ndarray, n: int) -> np.ndarray:
    r"""For 0/1 words of length :math:`n^2`, :math:`\sum_L \max(|L \cap P| - 2, 0)` over lines.

    0 exactly for point sets with no three collinear.

    >>> line_excess(np.ones((1, 9), dtype=np.int8), 3).tolist()
    [8]
    """
    M = grid_lines(n)
    counts = np.asarray(Z, dtype=np.int32) @ M.T
    return np.maximum(counts - 2, 0).sum(axis=1)
