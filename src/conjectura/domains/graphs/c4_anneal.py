r"""A fast local search for graphs without 4-cycles: repair, then anneal on the C4-free graphs.

The walk never leaves the C4-free graphs on ``n`` vertices. A move picks a random non-edge
:math:`uv`. Adding it closes one 4-cycle for each path :math:`u - a - b - v`; in a C4-free
graph these paths are edge-disjoint (two of them sharing :math:`a` would give :math:`a` and
:math:`v` two common neighbours), so exactly :math:`k` edges must go, one from each path, and
the move changes the number of edges by :math:`\Delta = 1 - k`. It is taken when
:math:`k \le 1` (a gain, or a plateau move that rewires one edge) and otherwise with the
Metropolis probability :math:`e^{\Delta / T}`. Words that are not C4-free (a transformer's
samples, random starts) are first repaired by deleting a random edge of a 4-cycle until none
is left, as in the local search of PatternBoost.

The kernel is compiled with numba (``pip install 'conjectura[ml]'``); one core makes a few
million moves per second on 30 vertices.

References
----------
.. [1] F. Charton, J. S. Ellenberg, A. Z. Wagner, G. Williamson, "PatternBoost: Constructions
   in mathematics with a little help from AI", arXiv:2411.00566 (local search for C4-free
   graphs: delete edges of 4-cycles, then add edges greedily).
.. [2] S. Kirkpatrick, C. D. Gelatt, M. P. Vecchi, "Optimization by simulated annealing",
   Science 220 (1983) 671-680.
"""

from __future__ import annotations

import numpy as np

from conjectura.core.seeding import as_generator
from conjectura.exceptions import MissingDependencyError

__all__ = ["anneal_c4_free"]


def _kernel():
    """The compiled annealing kernel (numba is imported here, not with the package)."""
    try:
        from conjectura.domains.graphs.c4_kernels import anneal
    except ImportError as exc:  # pragma: no cover - numba is in the ml extra
        raise MissingDependencyError(
            "anneal_c4_free needs numba. Install it with: pip install 'conjectura[ml]'"
        ) from exc
    return anneal


def anneal_c4_free(
    A: np.ndarray,
    *,
    steps: int = 100_000,
    temperature: float = 0.25,
    seed: int | np.random.Generator | None = None,
) -> tuple[np.ndarray, int]:
    r"""The best C4-free graph met by annealing from the graph with adjacency matrix ``A``.

    ``A`` is repaired first (random edges of 4-cycles deleted until none is left), so any
    symmetric 0/1 matrix is a valid start. Every graph the walk visits is C4-free; the move
    adding a non-edge :math:`uv` deletes one edge from each of the :math:`k` paths
    :math:`u - a - b - v` and is accepted with probability :math:`\min(1, e^{(1-k)/T})`.

    Parameters
    ----------
    A : ndarray of shape (n, n)
        Symmetric 0/1 adjacency matrix of the starting graph (the upper triangle is read).
    steps : int, default 100000
        Proposed moves.
    temperature : float, default 0.25
        :math:`T`; 0 accepts only gains and plateau moves (:math:`k \le 1`).
    seed : int, numpy.random.Generator or None
        Seeds the kernel's generator; the same seed gives the same walk.

    Returns
    -------
    best : ndarray of uint8, shape (n, n)
        Adjacency matrix of the largest C4-free graph visited.
    edges : int
        Its number of edges.

    Examples
    --------
    >>> B, m = anneal_c4_free(np.zeros((10, 10), dtype=np.uint8), steps=200_000, seed=0)
    >>> m   # ex(10; C4) = 16 (OEIS A006855)
    16
    """
    A = np.ascontiguousarray(np.asarray(A, dtype=np.uint8))
    rng = as_generator(seed)
    s = int(rng.integers(0, 2**31 - 1))
    best, m = _kernel()(A, int(steps), float(temperature), s)
    return best, int(m)
