r"""Batched invariants of whole populations of graphs, for search rewards.

A search engine proposes ``m`` graphs at once as 0/1 words of length :math:`n(n-1)/2` (the
upper triangle in row-major order, :mod:`conjectura.domains.graphs.encoding`). Scoring them one
``networkx`` call at a time costs about a millisecond per graph; the functions here work on the
stacked adjacency matrices of shape ``(m, n, n)``, with one compiled pass per graph (numba,
when installed) or numpy's batched linear algebra.

The spectral radius is a float and ranks candidates only; it never decides anything. Every
claim goes through the exact verifiers of :mod:`conjectura.domains.graphs.conjectures`.

Conventions
-----------
* A disconnected graph scores ``-1000 - c`` where ``c`` is its number of components, as
  :func:`conjectura.domains.graphs.problems.disconnected_penalty` does for one graph.
* Components: depth-first search on bit masks of the neighbourhoods (:math:`n \le 64`) or on
  the adjacency matrix.
* The matching number is exact: a greedy maximal matching, then Edmonds' blossom algorithm
  augments it from every exposed vertex (:math:`O(n^3)` per graph).
* The largest eigenvalue: Householder reduction to a symmetric tridiagonal matrix (eight
  graphs side by side), split where an off-diagonal entry is negligible, then Laguerre's
  method from above the Gershgorin bound on the characteristic polynomial of each block,
  evaluated through the pivots of :math:`xI - T = LDL^\top` (monotone and cubically
  convergent, since all roots are real), in float64. It agrees with LAPACK's ``syevd`` to a
  few units of :math:`10^{-15}` relative on graphs.

References
----------
.. [1] J. Edmonds, "Paths, trees, and flowers", Canad. J. Math. 17 (1965) 449-467,
   doi:10.4153/CJM-1965-045-4.
.. [2] B. N. Parlett, "Laguerre's method applied to the matrix eigenvalue problem", Math. Comp.
   18 (1964) 464-485, doi:10.1090/S0025-5718-1964-0165670-9.
.. [3] G. H. Golub, C. F. Van Loan, "Matrix Computations", 4th ed., Johns Hopkins (2013),
   §8.3 (Householder tridiagonalisation) and §8.4.
.. [4] A. Z. Wagner, "Constructions in combinatorics via neural networks", arXiv:2104.14516.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from conjectura.exceptions import InvalidParameterError

__all__ = [
    "words_to_adjacency",
    "reachability",
    "components_count",
    "connected_mask",
    "spectral_radius_batch",
    "matching_number_batch",
    "distance_matrix_batch",
    "connected_scores",
    "wagner_2_1_scores",
    "wagner_2_3_scores",
    "batch_scorer",
    "PENALTY",
]

PENALTY = -1000.0


def words_to_adjacency(Z: np.ndarray, n: int) -> np.ndarray:
    """Stack the 0/1 words ``Z`` of shape ``(m, n(n-1)/2)`` into adjacency matrices ``(m, n, n)``.

    >>> words_to_adjacency(np.array([[1, 0, 1]]), 3)[0].tolist()
    [[0, 1, 0], [1, 0, 1], [0, 1, 0]]
    """
    Z = np.asarray(Z)
    if Z.ndim != 2 or Z.shape[1] != n * (n - 1) // 2:
        raise InvalidParameterError(
            f"Words for graphs on {n} vertices must have shape (m, {n * (n - 1) // 2}). Got {Z.shape} instead."
        )
    r, c = np.triu_indices(n, k=1)
    A = np.zeros((Z.shape[0], n, n), dtype=np.int8)
    A[:, r, c] = Z
    A[:, c, r] = Z
    return A


def reachability(A: np.ndarray) -> np.ndarray:
    """Boolean ``(m, n, n)``: ``R[b, i, j]`` iff ``j`` is reachable from ``i`` in graph ``b``.

    Computed by repeated squaring of :math:`(A + I)`, :math:`\\lceil \\log_2 n \\rceil` batched
    matrix products.
    """
    _m, n, _ = A.shape
    R = (A != 0).astype(np.float32) + np.eye(n, dtype=np.float32)
    for _ in range(max(1, math.ceil(math.log2(max(n, 2))))):
        R = (R @ R > 0).astype(np.float32)
    return R > 0


def components_count(A: np.ndarray) -> np.ndarray:
    r"""Number of connected components of each graph.

    >>> components_count(words_to_adjacency(np.array([[1, 0, 0], [0, 0, 0]]), 3)).tolist()
    [2, 3]
    """
    k = _kernels()
    if k is None or np.shape(A)[1] == 0:  # numpy: sum_v 1/|C(v)| from the reachability matrices
        sizes = reachability(A).sum(axis=2)
        return np.rint((1.0 / sizes).sum(axis=1)).astype(np.int64)
    G = _as_graphs(A)
    out = np.zeros(len(G), dtype=np.int64)
    (k.components_bits if G.shape[1] <= 64 else k.components)(G, out)
    return out


def connected_mask(A: np.ndarray) -> np.ndarray:
    """Boolean ``(m,)``: which graphs are connected (a graph on one vertex is).

    >>> connected_mask(words_to_adjacency(np.array([[1, 1, 0], [1, 0, 0]]), 3)).tolist()
    [True, False]
    """
    return components_count(A) == 1


def spectral_radius_batch(A: np.ndarray) -> np.ndarray:
    r"""Largest adjacency eigenvalue :math:`\lambda_1` of each graph (float64).

    Householder tridiagonalisation, then Laguerre's method from above on the tridiagonal
    matrix (module conventions); LAPACK ``syevd`` without numba.

    >>> import networkx as nx
    >>> from conjectura.domains.graphs.encoding import graph_to_word
    >>> Z = np.array([graph_to_word(nx.star_graph(4)), graph_to_word(nx.complete_graph(5))])
    >>> np.round(spectral_radius_batch(words_to_adjacency(Z, 5)), 12).tolist()
    [2.0, 4.0]
    """
    A = np.asarray(A)
    k = _kernels()
    if k is None or A.shape[1] == 0:
        return np.linalg.eigvalsh(A.astype(np.float64))[:, -1]
    X = np.ascontiguousarray(A if A.dtype in (np.int8, np.float64) else A.astype(np.float64))
    out = np.empty(len(X))
    k.largest_eigenvalue(X, out)
    return out


def matching_number_batch(A: np.ndarray) -> np.ndarray:
    r"""Matching number :math:`\mu` (size of a maximum matching) of each graph, exactly.

    A greedy maximal matching, augmented along the paths Edmonds' blossom algorithm finds from
    each exposed vertex (deterministic; it replaced a randomised Tutte-matrix rank).

    >>> import networkx as nx
    >>> from conjectura.domains.graphs.encoding import graph_to_word
    >>> Z = np.array([graph_to_word(nx.path_graph(5)), graph_to_word(nx.star_graph(4))])
    >>> matching_number_batch(words_to_adjacency(Z, 5)).tolist()
    [2, 1]
    """
    G = _as_graphs(A)
    out = np.zeros(len(G), dtype=np.int64)
    from conjectura.domains.graphs.batch_kernels import matching  # plain Python without numba

    matching(G, out)
    return out


def _as_graphs(A: np.ndarray) -> np.ndarray:
    """``A != 0`` as a C-contiguous int8 array (the kernels' input)."""
    A = np.asarray(A)
    if A.dtype == np.int8 and A.flags.c_contiguous:
        return A  # the kernels read any non-zero entry as an edge
    return np.ascontiguousarray(A != 0).view(np.int8)


_KERNELS = None


def _kernels():
    """The compiled kernels module (:mod:`~conjectura.domains.graphs.batch_kernels`), or
    ``None`` without numba."""
    global _KERNELS
    if _KERNELS is None:
        from conjectura.domains.graphs import batch_kernels

        _KERNELS = batch_kernels if batch_kernels.COMPILED else False
    return _KERNELS or None


def distance_matrix_batch(A: np.ndarray) -> np.ndarray:
    """Shortest-path distances ``(m, n, n)`` (``int64``); unreachable pairs get ``n``.

    Breadth-first by levels: ``D[i, j]`` counts the levels ``k`` at which ``j`` is not yet within
    distance ``k`` of ``i``.
    """
    m, n, _ = A.shape
    step = (A != 0).astype(np.float32) + np.eye(n, dtype=np.float32)
    R = np.broadcast_to(np.eye(n, dtype=bool), (m, n, n)).copy()
    D = np.zeros((m, n, n), dtype=np.int64)
    for _ in range(n - 1):
        if R.all():
            break
        D += ~R
        R = (R.astype(np.float32) @ step) > 0
    D += ~R  # still unreachable after n-1 levels: n
    return D


def wagner_2_1_scores(Z: np.ndarray, n: int) -> np.ndarray:
    r""":math:`\sqrt{n-1} + 1 - \lambda_1 - \mu` for connected graphs, ``-1000 - c`` otherwise."""
    return connected_scores(
        Z, n, lambda Ac: math.sqrt(n - 1) + 1 - spectral_radius_batch(Ac) - matching_number_batch(Ac)
    )


def wagner_2_3_scores(Z: np.ndarray, n: int) -> np.ndarray:
    r""":math:`-(\pi + \partial_{\lfloor 2D/3 \rfloor})` for connected graphs (``-n`` when
    :math:`\lfloor 2D/3 \rfloor = 0`), ``-1000 - c`` for disconnected ones."""

    def connected(Ac: np.ndarray) -> np.ndarray:
        D = distance_matrix_batch(Ac)
        k = (2 * D.max(axis=(1, 2))) // 3
        prox = D.sum(axis=2).min(axis=1) / (n - 1)
        ev = np.linalg.eigvalsh(D.astype(np.float64))[:, ::-1]
        dk = ev[np.arange(len(D)), np.maximum(k, 1) - 1]
        return np.where(k >= 1, -(prox + dk), -float(n))

    return connected_scores(Z, n, connected)


def connected_scores(Z: np.ndarray, n: int, score: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    r"""``score`` on the connected graphs of a batch of words, ``-1000 - c`` on the others.

    The building block of a batched graph score: ``score`` receives the stacked adjacency
    matrices of the connected graphs only, shape ``(m', n, n)``, and returns their ``m'``
    scores; a graph with :math:`c \ge 2` components scores :data:`PENALTY` :math:`- c`, below
    every connected graph and better with fewer parts (a search can climb towards
    connectivity).

    Parameters
    ----------
    Z : ndarray of shape (m, n(n-1)/2)
        0/1 words (:mod:`conjectura.domains.graphs.encoding`).
    n : int
        Number of vertices.
    score : callable
        ``score(A) -> ndarray of shape (m',)`` on adjacency matrices ``A`` of shape ``(m', n, n)``.

    Returns
    -------
    ndarray of shape (m,)

    Examples
    --------
    >>> Z = np.array([[1, 1, 0], [1, 0, 0]])        # a path on 3 vertices; an edge and a point
    >>> connected_scores(Z, 3, lambda A: A.sum(axis=(1, 2)) / 2.0).tolist()
    [2.0, -1002.0]
    """
    A = words_to_adjacency(Z, n)
    out = np.empty(len(A))
    comp = components_count(A)
    ok = comp == 1
    out[~ok] = PENALTY - comp[~ok]
    if ok.any():
        out[ok] = score(A[ok])
    return out


_SCORERS: dict[str, Callable[[np.ndarray, int], np.ndarray]] = {
    "graphs/wagner-2.1": wagner_2_1_scores,
    "graphs/wagner-2.3": wagner_2_3_scores,
}


def batch_scorer(name: str, n: int) -> Callable[[np.ndarray], np.ndarray] | None:
    """The population scorer ``Z -> scores`` of the registered problem ``name`` on ``n``
    vertices, or ``None`` when there is no batched version."""
    f = _SCORERS.get(name)
    if f is None:
        return None

    def score_batch(Z: np.ndarray) -> np.ndarray:
        return f(Z, n)

    score_batch.__name__ = f"{f.__name__}_n{n}"
    return score_batch
