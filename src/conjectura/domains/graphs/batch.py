r"""Batched float invariants of whole populations of graphs, for search rewards.

A search engine proposes ``m`` graphs at once as 0/1 words of length :math:`n(n-1)/2` (the
upper triangle in row-major order, :mod:`conjectura.domains.graphs.encoding`). Scoring them one
``networkx`` call at a time costs about a millisecond per graph; the functions here work on the
stacked adjacency matrices of shape ``(m, n, n)`` with numpy's batched linear algebra instead.

These are **heuristics**: floats, and (for the matching number) a randomised algorithm. They
rank candidates; they never decide anything. Every claim goes through the exact verifiers of
:mod:`conjectura.domains.graphs.conjectures`.

Conventions
-----------
* A disconnected graph scores ``-1000 - c`` where ``c`` is its number of components, as
  :func:`conjectura.domains.graphs.problems.disconnected_penalty` does for one graph.
* The matching number is :math:`\operatorname{rank}(T)/2` for the Tutte matrix :math:`T` with
  random entries modulo the prime :math:`p = 2^{31}-1` (Lovász 1979). A random evaluation can
  only lower the rank, and does so with probability at most :math:`n/p` per graph by the
  Schwartz-Zippel lemma; the generator is seeded, so scores are deterministic.

References
----------
.. [1] L. Lovász, "On determinants, matchings, and random algorithms", Fundamentals of
   Computation Theory (1979) 565-574.
.. [2] A. Z. Wagner, "Constructions in combinatorics via neural networks", arXiv:2104.14516.
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
_P = 2_147_483_647  # the Mersenne prime 2^31 - 1: products of two residues fit in int64


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
    r"""Number of connected components of each graph: :math:`\sum_v 1/|C(v)|`.

    >>> components_count(words_to_adjacency(np.array([[1, 0, 0], [0, 0, 0]]), 3)).tolist()
    [2, 3]
    """
    sizes = reachability(A).sum(axis=2)
    return np.rint((1.0 / sizes).sum(axis=1)).astype(np.int64)


def connected_mask(A: np.ndarray) -> np.ndarray:
    """Boolean ``(m,)``: which graphs are connected (a graph on one vertex is)."""
    return reachability(A)[:, 0, :].all(axis=1)


def spectral_radius_batch(A: np.ndarray) -> np.ndarray:
    r"""Largest adjacency eigenvalue :math:`\lambda_1` of each graph (floats, LAPACK ``syevd``)."""
    return np.linalg.eigvalsh(A.astype(np.float64))[:, -1]


def _powmod(x: np.ndarray, e: int) -> np.ndarray:
    out = np.ones_like(x)
    base = x % _P
    while e:
        if e & 1:
            out = (out * base) % _P
        base = (base * base) % _P
        e >>= 1
    return out


def _rank_mod_p(T: np.ndarray) -> np.ndarray:
    """Ranks modulo ``_P`` of the integer matrices ``T`` (shape ``(m, n, n)``, entries in [0, p))."""
    T = T.copy()
    m, n, _ = T.shape
    row = np.zeros(m, dtype=np.int64)  # next pivot row of each matrix
    idx = np.arange(n)
    bs = np.arange(m)
    for c in range(n):
        cand = (T[:, :, c] != 0) & (idx[None, :] >= row[:, None])
        has = cand.any(axis=1)
        if not has.any():
            continue
        b = bs[has]
        piv = cand[b].argmax(axis=1)
        r = row[b]
        tmp = T[b, piv, :].copy()  # swap the pivot row into place
        T[b, piv, :] = T[b, r, :]
        T[b, r, :] = tmp
        inv = _powmod(T[b, r, c], _P - 2)
        prow = (T[b, r, :] * inv[:, None]) % _P  # normalised pivot row
        below = idx[None, :] > r[:, None]  # eliminate the rows below the pivot
        f = T[b, :, c] * below
        T[b] = (T[b] - (f[:, :, None] * prow[:, None, :]) % _P) % _P
        row[b] += 1
    return row


_NUMBA_RANK = None


def _numba_rank():
    """A numba-compiled row reduction modulo ``_P`` (about 6x faster), or ``None``."""
    global _NUMBA_RANK
    if _NUMBA_RANK is None:
        try:
            import numba
        except ImportError:
            _NUMBA_RANK = False
            return None

        @numba.njit(cache=True, nogil=True)
        def ranks(T, p):  # pragma: no cover - compiled
            m, n, _ = T.shape
            out = np.zeros(m, dtype=np.int64)
            for b in range(m):
                M = T[b].copy()
                row = 0
                for c in range(n):
                    piv = -1
                    for i in range(row, n):
                        if M[i, c] != 0:
                            piv = i
                            break
                    if piv < 0:
                        continue
                    for j in range(n):
                        M[piv, j], M[row, j] = M[row, j], M[piv, j]
                    inv, base, e = 1, M[row, c], p - 2
                    while e:
                        if e & 1:
                            inv = inv * base % p
                        base = base * base % p
                        e >>= 1
                    for i in range(row + 1, n):
                        f = M[i, c] * inv % p
                        if f:
                            for j in range(c, n):
                                M[i, j] = (M[i, j] - f * M[row, j]) % p
                    row += 1
                out[b] = row
            return out

        _NUMBA_RANK = ranks
    return _NUMBA_RANK or None


def matching_number_batch(A: np.ndarray, seed: int = 0x5EED) -> np.ndarray:
    r"""Matching number :math:`\mu` of each graph, as half the rank of a random Tutte matrix.

    Randomised (Lovász): the result never exceeds the true :math:`\mu` and equals it with
    probability at least :math:`1 - n/(2^{31}-1)` per graph. Deterministic given ``seed``.

    >>> import networkx as nx
    >>> from conjectura.domains.graphs.encoding import graph_to_word
    >>> Z = np.array([graph_to_word(nx.path_graph(5)), graph_to_word(nx.star_graph(4))])
    >>> matching_number_batch(words_to_adjacency(Z, 5)).tolist()
    [2, 1]
    """
    m, n, _ = A.shape
    rng = np.random.default_rng(seed)
    X = rng.integers(1, _P, size=(m, n, n), dtype=np.int64)
    upper = np.triu(np.ones((n, n), dtype=bool), k=1)
    X = np.where(upper[None], X, 0) * (A != 0)
    T = (X - np.swapaxes(X, 1, 2)) % _P
    fast = _numba_rank()
    return (fast(T, _P) if fast else _rank_mod_p(T)) // 2


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
