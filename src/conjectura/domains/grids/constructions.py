r"""Registered grid constructions: the no-three-in-line problem on the :math:`n \times n` grid.

``grids/no-three-in-line`` asks for at least ``target`` points of the grid, no three on a
line, the target defaulting to :math:`2n` where such configurations are known. Point sets are
0/1 words of length :math:`n^2` (letter ``x n + y`` is the point ``(x, y)``); witnesses are
sorted lists of ``[x, y]``.
"""

from __future__ import annotations

import numpy as np

from conjectura.core.construction import ConstructionProblem, construction_problem
from conjectura.core.problem import Encoding
from conjectura.core.registry import register_problem
from conjectura.core.validation import validate_int
from conjectura.domains.grids.lines import check_no_three_in_line, line_excess, no_three_in_line_maximum
from conjectura.exceptions import InvalidParameterError

__all__ = ["no_three_in_line", "grid_encoding"]


def grid_encoding(n: int) -> Encoding[list[tuple[int, int]]]:
    """Point sets of the ``n x n`` grid as 0/1 words of length ``n * n``.

    The prior puts each point in with probability :math:`2/n` (about two per row).

    >>> enc = grid_encoding(2)
    >>> enc.decode(np.array([1, 0, 0, 1])), enc.encode([(0, 1)]).tolist()
    ([(0, 0), (1, 1)], [0, 1, 0, 0])
    """
    p = min(1.0, 2.0 / n)

    def decode(z: np.ndarray) -> list[tuple[int, int]]:
        return [(int(i) // n, int(i) % n) for i in np.flatnonzero(np.asarray(z))]

    def encode(P) -> np.ndarray:
        z = np.zeros(n * n, dtype=np.int8)
        for x, y in P:
            z[int(x) * n + int(y)] = 1
        return z

    return Encoding(
        dim=n * n,
        decode=decode,
        encode=encode,
        arity=2,
        sample=lambda rng, k: (rng.random((k, n * n)) < p).astype(np.int8),
    )


@register_problem(
    "grids/no-three-in-line",
    description="most points of the n x n grid with no three on a line; reference 2n (Flammenkamp, n <= 46)",
)
def no_three_in_line(n: int = 8, target: int | None = None) -> ConstructionProblem:
    r"""Find at least ``target`` points of the ``n x n`` grid with no three collinear.

    Parameters
    ----------
    n : int, default 8
        Side of the grid (``n >= 1``).
    target : int, optional
        Points to reach; default :math:`2n` where configurations are known
        (:func:`~conjectura.domains.grids.lines.no_three_in_line_maximum`), required beyond.

    Returns
    -------
    ConstructionProblem

    Examples
    --------
    >>> import conjectura as cj
    >>> p = cj.get_problem("grids/no-three-in-line", n=3)
    >>> print(p.verify([(0, 0), (0, 1), (1, 0), (1, 2), (2, 1), (2, 2)]).reason)
    no three of the 6 points on a line; points = 6 >= 6; matches the known maximum 6

    References
    ----------
    .. [1] A. Flammenkamp, "Progress in the no-three-in-line problem, II", J. Combin. Theory
       Ser. A 81 (1998) 108-113, doi:10.1006/jcta.1997.2829.
    """
    n = validate_int(n, "n", "no_three_in_line", min_value=1)
    known = no_three_in_line_maximum(n)
    if target is None:
        if known is None:
            raise InvalidParameterError(
                f"The 'target' parameter of no_three_in_line is required for n={n} (configurations "
                f"of 2n points are known for n <= 46 and n = 48, 50, 52). Got no target instead."
            )
        target = known
    target = validate_int(target, "target", "no_three_in_line", min_value=0)
    return construction_problem(
        what=f"a set of points of the {n} x {n} grid with no three on a line",
        value_name="points",
        objective=lambda P: len(set(map(tuple, P))),
        constraint=lambda P: check_no_three_in_line(P, n),
        target=target,
        known=known,
        encoding=grid_encoding(n),
        score_batch=lambda Z: (np.asarray(Z).sum(axis=1) - 2 * line_excess(Z, n)).astype(float),
        serialize=lambda P: sorted([int(x), int(y)] for x, y in P),
        deserialize=lambda data: sorted((int(x), int(y)) for x, y in data),
        params={"n": n, "target": target},
        description=f"No-three-in-line sets of >= {target} points in the {n} x {n} grid.",
        reference="A. Flammenkamp, J. Combin. Theory Ser. A 81 (1998) 108-113; Dudeney (1917)",
    )
