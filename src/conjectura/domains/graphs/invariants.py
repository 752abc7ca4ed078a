"""Graph invariants as plain functions over ``networkx.Graph``.

Float-valued functions (``spectral_radius``, ``distance_eigenvalues``) serve heuristics and
plots; the ``*_exact`` and ``*_charpoly`` functions return exact objects (flint ``fmpz_poly``,
:class:`~conjectura.exact.RealAlgebraic`, :class:`fractions.Fraction`) for verifiers. Vertices
are taken in sorted order wherever a matrix is formed.

References
----------
.. [1] D. Cvetković, P. Rowlinson, S. Simić, *An Introduction to the Theory of Graph Spectra*,
   Cambridge University Press, 2010. (adjacency spectra)
.. [2] M. Aouchiche, P. Hansen, "Distance spectra of graphs: a survey", Linear Algebra Appl.
   458 (2014) 301-386. doi:10.1016/j.laa.2014.06.010 (distance spectra, proximity, remoteness)
"""

from __future__ import annotations

from fractions import Fraction

import networkx as nx
import numpy as np

from conjectura.exceptions import InvalidParameterError

__all__ = [
    "is_connected",
    "adjacency_matrix",
    "spectral_radius",
    "adjacency_charpoly",
    "spectral_radius_exact",
    "matching_number",
    "distance_matrix",
    "diameter",
    "transmissions",
    "proximity",
    "remoteness",
    "distance_eigenvalues",
    "distance_charpoly",
    "distance_eigenvalues_exact",
]


def _nodes(G: nx.Graph) -> list:
    return sorted(G.nodes)


def _require_nonempty(G: nx.Graph, fn: str) -> None:
    if G.number_of_nodes() == 0:
        raise InvalidParameterError(f"{fn} is undefined for the graph with no vertices.")


def _require_connected(G: nx.Graph, fn: str) -> None:
    _require_nonempty(G, fn)
    if not nx.is_connected(G):
        raise InvalidParameterError(
            f"{fn} needs a connected graph; this one has {nx.number_connected_components(G)} components."
        )


def is_connected(G: nx.Graph) -> bool:
    """Whether ``G`` is connected (the graph with no vertices is not).

    >>> is_connected(nx.path_graph(4)), is_connected(nx.empty_graph(2))
    (True, False)
    """
    return G.number_of_nodes() > 0 and nx.is_connected(G)


def adjacency_matrix(G: nx.Graph) -> np.ndarray:
    """The 0/1 adjacency matrix (``int64``), rows and columns in sorted vertex order."""
    return nx.to_numpy_array(G, nodelist=_nodes(G), dtype=np.int64, weight=None)


def spectral_radius(G: nx.Graph) -> float:
    r"""The largest adjacency eigenvalue :math:`\lambda_1(G)` in floating point.

    For exact comparisons use :func:`spectral_radius_exact`.

    >>> round(spectral_radius(nx.complete_graph(5)), 12)
    4.0
    """
    _require_nonempty(G, "spectral_radius")
    return float(np.linalg.eigvalsh(adjacency_matrix(G).astype(float))[-1])


def adjacency_charpoly(G: nx.Graph):
    r"""The characteristic polynomial :math:`\det(xI - A)` as a flint ``fmpz_poly``.

    >>> str(adjacency_charpoly(nx.path_graph(2)))
    'x^2 + (-1)'
    """
    from flint import fmpz_mat

    _require_nonempty(G, "adjacency_charpoly")
    return fmpz_mat(adjacency_matrix(G).tolist()).charpoly()


def spectral_radius_exact(G: nx.Graph):
    r""":math:`\lambda_1(G)` as an exact real algebraic number.

    Returns
    -------
    RealAlgebraic
        The largest root of :func:`adjacency_charpoly`, with its minimal polynomial.

    >>> spectral_radius_exact(nx.star_graph(9)) == 3
    True
    """
    from conjectura.exact import real_roots

    return real_roots(adjacency_charpoly(G))[0]


def matching_number(G: nx.Graph) -> int:
    r"""The matching number :math:`\mu(G)`: the size of a maximum matching (Edmonds' blossom
    algorithm via networkx).

    >>> matching_number(nx.path_graph(5)), matching_number(nx.star_graph(7))
    (2, 1)
    """
    return len(nx.max_weight_matching(G, maxcardinality=True, weight=None))


def distance_matrix(G: nx.Graph) -> np.ndarray:
    """The matrix of shortest-path distances (``int64``), sorted vertex order.

    Raises
    ------
    InvalidParameterError
        If ``G`` is not connected (distances would be infinite).
    """
    _require_connected(G, "distance_matrix")
    from scipy.sparse.csgraph import shortest_path

    D = shortest_path(adjacency_matrix(G), method="D", unweighted=True, directed=False)
    return np.rint(D).astype(np.int64)


def diameter(G: nx.Graph) -> int:
    """The largest distance between two vertices of a connected graph.

    >>> diameter(nx.path_graph(6)), diameter(nx.petersen_graph())
    (5, 2)
    """
    return int(distance_matrix(G).max())


def transmissions(G: nx.Graph) -> np.ndarray:
    r"""Transmission :math:`t(v) = \sum_u d(u, v)` of every vertex (sorted order)."""
    return distance_matrix(G).sum(axis=1)


def proximity(G: nx.Graph) -> Fraction:
    r"""Proximity :math:`\pi(G) = \min_v t(v) / (n - 1)`, exactly.

    The minimum average distance from a vertex to all others (Aouchiche-Hansen).

    >>> proximity(nx.path_graph(5))
    Fraction(3, 2)
    """
    n = G.number_of_nodes()
    if n < 2:
        raise InvalidParameterError("proximity needs a graph with at least 2 vertices.")
    return Fraction(int(transmissions(G).min()), n - 1)


def remoteness(G: nx.Graph) -> Fraction:
    r"""Remoteness :math:`\rho(G) = \max_v t(v) / (n - 1)`, exactly.

    >>> remoteness(nx.path_graph(5))
    Fraction(5, 2)
    """
    n = G.number_of_nodes()
    if n < 2:
        raise InvalidParameterError("remoteness needs a graph with at least 2 vertices.")
    return Fraction(int(transmissions(G).max()), n - 1)


def distance_eigenvalues(G: nx.Graph) -> np.ndarray:
    r"""Distance eigenvalues :math:`\partial_1 \ge \dots \ge \partial_n` in floating point."""
    return np.linalg.eigvalsh(distance_matrix(G).astype(float))[::-1]


def distance_charpoly(G: nx.Graph):
    r"""Characteristic polynomial of the distance matrix, as a flint ``fmpz_poly``."""
    from flint import fmpz_mat

    return fmpz_mat(distance_matrix(G).tolist()).charpoly()


def distance_eigenvalues_exact(G: nx.Graph) -> list:
    r"""Distance eigenvalues :math:`\partial_1 \ge \dots \ge \partial_n`, exact, with repetition.

    Returns
    -------
    list of RealAlgebraic
        Length ``n``; equal eigenvalues are the same object repeated.

    >>> ev = distance_eigenvalues_exact(nx.complete_graph(4))
    >>> [str(x) for x in ev]
    ['3', '-1', '-1', '-1']
    """
    from conjectura.exact import real_roots

    out = []
    for r, m in real_roots(distance_charpoly(G), multiplicities=True):
        out.extend([r] * m)
    if len(out) != G.number_of_nodes():  # a real symmetric matrix has only real eigenvalues
        raise ArithmeticError("root isolation lost eigenvalues of a symmetric matrix")
    return out
