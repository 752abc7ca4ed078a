r"""Graphs without 4-cycles: the exact test, the batched count, and the extremal numbers.

A graph contains a 4-cycle (not necessarily induced) iff two distinct vertices have at least
two common neighbours; with :math:`A` the adjacency matrix the number of 4-cycles is

.. math:: C_4(G) = \frac12 \sum_{u < v} \binom{(A^2)_{uv}}{2},

because each 4-cycle has two diagonals. The Turán number :math:`\mathrm{ex}(n; C_4)`, the most
edges of a C4-free graph on :math:`n` vertices, is known exactly for :math:`n \le 40`
(OEIS A006855: Clapham, Flockhart and Sheehan for :math:`n \le 21`, Yuansheng and Rowlinson
for :math:`n \le 31`, McKay's tables of extremal graphs for :math:`n \le 40`).

References
----------
.. [1] OEIS A006855, https://oeis.org/A006855.
.. [2] C. R. J. Clapham, A. Flockhart, J. Sheehan, "Graphs without four-cycles", J. Graph
   Theory 13 (1989) 29-47, doi:10.1002/jgt.3190130107.
.. [3] Y. Yuansheng, P. Rowlinson, "On extremal graphs without four-cycles", Utilitas Math.
   41 (1992) 204-210.
.. [4] B. McKay, "Extremal graphs and Turán numbers",
   https://users.cecs.anu.edu.au/~bdm/data/extremal.html (values for :math:`n \le 40`).
.. [5] Z. Füredi, "On the number of edges of quadrilateral-free graphs", J. Combin. Theory
   Ser. B 68 (1996) 1-6 (the polarity graphs of projective planes are extremal).
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from conjectura.core.verdict import Verdict

__all__ = ["C4_FREE_MAXIMA", "four_cycles", "find_four_cycle", "is_c4_free", "check_c4_free", "c4_counts"]

#: ``C4_FREE_MAXIMA[n]`` is ex(n; C4) for n = 1..40 (OEIS A006855); index 0 is unused.
C4_FREE_MAXIMA: tuple[int, ...] = (
    0,
    *(0, 1, 3, 4, 6, 7, 9, 11, 13, 16, 18, 21, 24, 27, 30, 33, 36, 39, 42, 46),
    *(50, 52, 56, 59, 63, 67, 71, 76, 80, 85, 90, 92, 96, 102, 106, 110, 113, 117, 122, 127),
)


def _codegrees(G: nx.Graph) -> tuple[list, np.ndarray]:
    nodes = sorted(G.nodes)
    A = nx.to_numpy_array(G, nodelist=nodes, dtype=np.int64, weight=None)
    np.fill_diagonal(A, 0)
    return nodes, A @ A  # integer matrix product: exact


def four_cycles(G: nx.Graph) -> int:
    r"""The number of 4-cycles of ``G`` (as subgraphs, not necessarily induced), exactly.

    .. math:: C_4(G) = \tfrac12 \sum_{u<v} \binom{(A^2)_{uv}}{2}

    Examples
    --------
    >>> four_cycles(nx.complete_graph(4)), four_cycles(nx.petersen_graph())
    (3, 0)
    """
    _, C = _codegrees(G)
    iu = np.triu_indices(len(C), k=1)
    c = C[iu]
    return int((c * (c - 1) // 2).sum()) // 2


def find_four_cycle(G: nx.Graph) -> tuple | None:
    """One 4-cycle ``(u, a, v, b)`` of ``G`` (``u-a-v-b-u``), or ``None`` if ``G`` is C4-free.

    >>> find_four_cycle(nx.cycle_graph(4))
    (0, 1, 2, 3)
    """
    nodes, C = _codegrees(G)
    np.fill_diagonal(C, 0)
    hit = np.argwhere(np.triu(C, k=1) >= 2)
    if not len(hit):
        return None
    i, j = (int(x) for x in hit[0])
    u, v = nodes[i], nodes[j]
    a, b = sorted(set(G[u]) & set(G[v]))[:2]
    return (u, a, v, b)


def is_c4_free(G: nx.Graph) -> bool:
    """Whether ``G`` has no 4-cycle, i.e. no two vertices have two common neighbours.

    >>> is_c4_free(nx.petersen_graph()), is_c4_free(nx.complete_bipartite_graph(2, 2))
    (True, False)
    """
    return find_four_cycle(G) is None


def check_c4_free(G: nx.Graph) -> Verdict:
    """Exact verdict that ``G`` has no 4-cycle; a failing verdict names one 4-cycle.

    Integer arithmetic only: the codegrees :math:`(A^2)_{uv}` are an integer matrix product.

    >>> check_c4_free(nx.petersen_graph()).reason
    'no 4-cycle (every two vertices have at most one common neighbour)'
    >>> check_c4_free(nx.cycle_graph(4)).reason
    'contains the 4-cycle 0-1-2-3-0'
    """
    cyc = find_four_cycle(G)
    if cyc is None:
        return Verdict(True, "no 4-cycle (every two vertices have at most one common neighbour)", {"c4": 0})
    u, a, v, b = cyc
    return Verdict(False, f"contains the 4-cycle {u}-{a}-{v}-{b}-{u}", {"c4": four_cycles(G)})


def c4_counts(A: np.ndarray) -> np.ndarray:
    """Numbers of 4-cycles of a batch of adjacency matrices ``A`` of shape ``(m, n, n)``.

    Batched integer matrix products; ``c4_counts(A)[i] == four_cycles(graph of A[i])``.

    >>> A = nx.to_numpy_array(nx.complete_graph(4), dtype=np.int64)[None]
    >>> c4_counts(A).tolist()
    [3]
    """
    A = np.asarray(A, dtype=np.int32)
    C = A @ A
    n = A.shape[-1]
    iu = np.triu_indices(n, k=1)
    c = C[:, iu[0], iu[1]].astype(np.int64)
    return (c * (c - 1) // 2).sum(axis=1) // 2
