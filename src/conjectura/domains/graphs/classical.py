r"""Classical graph invariants of the Graffiti / AutoGraphiX kind, exactly.

Plain functions over ``networkx.Graph``; integer invariants are ints, rational ones
:class:`fractions.Fraction`, irrational ones exact objects (:class:`~conjectura.exact.SurdSum`,
:class:`~conjectura.exact.RealAlgebraic`). The NP-hard ones (clique, independence, domination
numbers) are computed by exact search, meant for graphs of tens of vertices.

With degrees :math:`d_v`, :math:`n` vertices and :math:`m` edges:

.. math::

    R(G) = \sum_{uv \in E} \frac{1}{\sqrt{d_u d_v}}, \qquad
    H(G) = \sum_{uv \in E} \frac{2}{d_u + d_v}, \qquad
    \mathrm{CW}(G) = \sum_{v} \frac{1}{d_v + 1},

the Randić, harmonic and Caro-Wei numbers; the residue is the number of zeros left when the
Havel-Hakimi process ends on the degree sequence; the annihilation number is the largest
:math:`k` such that the :math:`k` smallest degrees sum to at most :math:`m`.

References
----------
.. [1] S. Fajtlowicz, "On conjectures of Graffiti", Discrete Math. 72 (1988) 113-118,
   doi:10.1016/0012-365X(88)90199-9 (residue, and the conjectures it raised).
.. [2] O. Favaron, M. Mahéo, J.-F. Saclé, "On the residue of a graph", J. Graph Theory 15 (1991)
   39-64, doi:10.1002/jgt.3190150107 (residue <= independence number).
.. [3] Y. Caro, "New results on the independence number", Tech. report, Tel-Aviv University
   (1979); V. K. Wei, Bell Labs memorandum (1981) (Caro-Wei bound).
.. [4] R. Pepper, "On the annihilation number of a graph", Proc. 15th American Conference on
   Applied Mathematics (2009) 217-220 (independence number <= annihilation number).
.. [5] M. Randić, "Characterization of molecular branching", J. Amer. Chem. Soc. 97 (1975)
   6609-6615, doi:10.1021/ja00856a001.
.. [6] S. Fajtlowicz, "On conjectures of Graffiti-II", Congr. Numer. 60 (1987) 187-197
   (harmonic index).
"""

from __future__ import annotations

from fractions import Fraction

import networkx as nx
import numpy as np

from conjectura.domains.graphs import invariants as inv
from conjectura.exact.surdsum import SurdSum

__all__ = [
    "degrees",
    "min_degree",
    "max_degree",
    "mean_degree",
    "clique_number",
    "independence_number",
    "domination_number",
    "radius",
    "girth",
    "laplacian_matrix",
    "laplacian_charpoly",
    "laplacian_spectral_radius",
    "laplacian_spectral_radius_exact",
    "randic_index_exact",
    "harmonic_index",
    "caro_wei",
    "residue",
    "annihilation_number",
    "triangles",
]


def degrees(G: nx.Graph) -> list[int]:
    """Degrees in sorted vertex order."""
    return [d for _, d in sorted(G.degree())]


def min_degree(G: nx.Graph) -> int:
    r""":math:`\delta(G)`.

    >>> min_degree(nx.star_graph(4))
    1
    """
    return min(degrees(G))


def max_degree(G: nx.Graph) -> int:
    r""":math:`\Delta(G)`.

    >>> max_degree(nx.star_graph(4))
    4
    """
    return max(degrees(G))


def mean_degree(G: nx.Graph) -> Fraction:
    r"""The average degree :math:`2m/n`, exactly.

    >>> mean_degree(nx.path_graph(4))
    Fraction(3, 2)
    """
    return Fraction(2 * G.number_of_edges(), G.number_of_nodes())


def clique_number(G: nx.Graph) -> int:
    r""":math:`\omega(G)`, the order of a largest clique (exact: maximal cliques, Bron-Kerbosch).

    >>> clique_number(nx.petersen_graph()), clique_number(nx.complete_graph(5))
    (2, 5)
    """
    if G.number_of_nodes() == 0:
        return 0
    return max(len(c) for c in nx.find_cliques(G))


def independence_number(G: nx.Graph) -> int:
    r""":math:`\alpha(G)`, the order of a largest independent set (a largest clique of the complement).

    >>> independence_number(nx.petersen_graph()), independence_number(nx.cycle_graph(7))
    (4, 3)
    """
    return clique_number(nx.complement(G))


def domination_number(G: nx.Graph) -> int:
    r""":math:`\gamma(G)`, the order of a smallest dominating set, by exact branch and bound.

    Some vertex of the closed neighbourhood :math:`N[v]` of any undominated vertex :math:`v` is
    in every dominating set, so the search branches on those; it is pruned by
    :math:`\lceil u / (\Delta + 1) \rceil` for :math:`u` undominated vertices.

    >>> domination_number(nx.path_graph(7)), domination_number(nx.petersen_graph())
    (3, 3)
    """
    nodes = sorted(G.nodes)
    n = len(nodes)
    if n == 0:
        return 0
    idx = {v: i for i, v in enumerate(nodes)}
    closed = [1 << i for i in range(n)]
    for u, v in G.edges():
        closed[idx[u]] |= 1 << idx[v]
        closed[idx[v]] |= 1 << idx[u]
    full = (1 << n) - 1
    cover = max(bin(c).count("1") for c in closed)
    best = [n]

    def search(dominated: int, size: int) -> None:
        if dominated == full:
            best[0] = min(best[0], size)
            return
        left = n - bin(dominated).count("1")
        if size + -(-left // cover) >= best[0]:
            return
        # branch on the undominated vertex with the fewest ways to be dominated
        v = min(
            (i for i in range(n) if not dominated >> i & 1),
            key=lambda i: bin(closed[i]).count("1"),
        )
        choices = [u for u in range(n) if closed[v] >> u & 1]
        choices.sort(key=lambda u: -bin(closed[u] & ~dominated).count("1"))
        for u in choices:
            search(dominated | closed[u], size + 1)

    search(0, 0)
    return best[0]


def radius(G: nx.Graph) -> int:
    """The smallest eccentricity of a connected graph.

    >>> radius(nx.path_graph(5)), radius(nx.star_graph(5))
    (2, 1)
    """
    return int(inv.distance_matrix(G).max(axis=1).min())


def girth(G: nx.Graph) -> int | None:
    """The length of a shortest cycle, or None for a forest (no cycle).

    >>> girth(nx.petersen_graph()), girth(nx.path_graph(4)) is None
    (5, True)
    """
    g = nx.girth(G)
    return None if g == float("inf") else int(g)


def laplacian_matrix(G: nx.Graph) -> np.ndarray:
    """The Laplacian :math:`L = D - A` (``int64``), sorted vertex order."""
    A = inv.adjacency_matrix(G)
    return np.diag(A.sum(axis=1)) - A


def laplacian_charpoly(G: nx.Graph):
    r""":math:`\det(xI - L)` as a flint ``fmpz_poly``."""
    from flint import fmpz_mat

    return fmpz_mat(laplacian_matrix(G).tolist()).charpoly()


def laplacian_spectral_radius(G: nx.Graph) -> float:
    r"""The largest Laplacian eigenvalue :math:`\mu_1(G)` in floating point.

    >>> round(laplacian_spectral_radius(nx.star_graph(4)), 12)
    5.0
    """
    return float(np.linalg.eigvalsh(laplacian_matrix(G).astype(float))[-1])


def laplacian_spectral_radius_exact(G: nx.Graph):
    r""":math:`\mu_1(G)` as an exact :class:`~conjectura.exact.RealAlgebraic`.

    >>> laplacian_spectral_radius_exact(nx.complete_graph(4)) == 4
    True
    """
    from conjectura.exact import real_roots

    return real_roots(laplacian_charpoly(G))[0]


def randic_index_exact(G: nx.Graph) -> SurdSum:
    r"""The Randić index :math:`\sum_{uv \in E} (d_u d_v)^{-1/2}` as an exact :class:`SurdSum`.

    >>> str(randic_index_exact(nx.star_graph(4)))
    '2'
    >>> str(randic_index_exact(nx.path_graph(4)))
    '1/2 + sqrt(2)'
    """
    d = dict(G.degree())
    return SurdSum((Fraction(1, d[u] * d[v]), d[u] * d[v]) for u, v in G.edges())


def harmonic_index(G: nx.Graph) -> Fraction:
    r"""The harmonic index :math:`\sum_{uv \in E} 2/(d_u + d_v)`, exactly.

    >>> harmonic_index(nx.path_graph(4))          # 2/3 + 2/4 + 2/3
    Fraction(11, 6)
    """
    d = dict(G.degree())
    return sum((Fraction(2, d[u] + d[v]) for u, v in G.edges()), Fraction(0))


def caro_wei(G: nx.Graph) -> Fraction:
    r"""The Caro-Wei number :math:`\sum_v 1/(d_v + 1)`, a lower bound of :math:`\alpha(G)`.

    >>> caro_wei(nx.star_graph(3))
    Fraction(7, 4)
    """
    return sum((Fraction(1, d + 1) for d in degrees(G)), Fraction(0))


def residue(G: nx.Graph) -> int:
    r"""The residue: zeros left by the Havel-Hakimi process on the degree sequence
    (Fajtlowicz's Graffiti; a lower bound of :math:`\alpha`, Favaron-Mahéo-Saclé 1991).

    >>> residue(nx.star_graph(5)), residue(nx.complete_graph(4)), residue(nx.cycle_graph(6))
    (5, 1, 2)
    """
    seq = sorted(degrees(G), reverse=True)
    while seq and seq[0] > 0:
        d = seq.pop(0)
        if d > len(seq):
            raise ValueError("not a graphical sequence")
        for i in range(d):
            seq[i] -= 1
        seq.sort(reverse=True)
    return len(seq)


def annihilation_number(G: nx.Graph) -> int:
    r"""The largest :math:`k` with :math:`d_{(1)} + \dots + d_{(k)} \le m` for the degrees in
    increasing order (Pepper; an upper bound of :math:`\alpha`).

    >>> annihilation_number(nx.star_graph(5)), annihilation_number(nx.complete_graph(5))
    (5, 2)
    """
    m = G.number_of_edges()
    total, k = 0, 0
    for d in sorted(degrees(G)):
        if total + d > m:
            break
        total += d
        k += 1
    return k


def triangles(G: nx.Graph) -> int:
    """The number of triangles.

    >>> triangles(nx.complete_graph(4)), triangles(nx.petersen_graph())
    (4, 0)
    """
    return sum(nx.triangles(G).values()) // 3
