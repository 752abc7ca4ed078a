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
* The largest eigenvalue: Householder reduction to a symmetric tridiagonal matrix, Sturm-count
  bisection to isolate the top of the spectrum, then Newton's method from above on the
  characteristic polynomial (monotone, since all its roots are real), in float64. It agrees
  with LAPACK's ``syevd`` to a few units of :math:`10^{-15}` relative on graphs.

References
----------
.. [1] J. Edmonds, "Paths, trees, and flowers", Canad. J. Math. 17 (1965) 449-467,
   doi:10.4153/CJM-1965-045-4.
.. [2] W. Barth, R. S. Martin, J. H. Wilkinson, "Calculation of the eigenvalues of a symmetric
   tridiagonal matrix by the method of bisection", Numer. Math. 9 (1967) 386-393,
   doi:10.1007/BF02162154.
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
    if k is None:  # numpy: sum_v 1/|C(v)| from the reachability matrices
        sizes = reachability(A).sum(axis=2)
        return np.rint((1.0 / sizes).sum(axis=1)).astype(np.int64)
    G = _as_graphs(A)
    out = np.zeros(len(G), dtype=np.int64)
    (k["components_bits"] if G.shape[1] <= 64 else k["components"])(G, out)
    return out


def connected_mask(A: np.ndarray) -> np.ndarray:
    """Boolean ``(m,)``: which graphs are connected (a graph on one vertex is).

    >>> connected_mask(words_to_adjacency(np.array([[1, 1, 0], [1, 0, 0]]), 3)).tolist()
    [True, False]
    """
    return components_count(A) == 1


def spectral_radius_batch(A: np.ndarray) -> np.ndarray:
    r"""Largest adjacency eigenvalue :math:`\lambda_1` of each graph (float64).

    Householder tridiagonalisation, then bisection and Newton's method from above on the
    tridiagonal matrix (module conventions); LAPACK ``syevd`` without numba.

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
    k["largest_eigenvalue"](X, out)
    return out


def matching_number_batch(A: np.ndarray, seed: int = 0x5EED) -> np.ndarray:
    r"""Matching number :math:`\mu` (size of a maximum matching) of each graph, exactly.

    A greedy maximal matching, augmented along the paths Edmonds' blossom algorithm finds from
    each exposed vertex. ``seed`` is accepted for compatibility with the earlier randomised
    (Tutte-matrix) version and does not change anything: the result is deterministic.

    >>> import networkx as nx
    >>> from conjectura.domains.graphs.encoding import graph_to_word
    >>> Z = np.array([graph_to_word(nx.path_graph(5)), graph_to_word(nx.star_graph(4))])
    >>> matching_number_batch(words_to_adjacency(Z, 5)).tolist()
    [2, 1]
    """
    G = _as_graphs(A)
    out = np.zeros(len(G), dtype=np.int64)
    k = _kernels()
    (k["matching"] if k is not None else _PLAIN["matching"])(G, out)
    return out


def _as_graphs(A: np.ndarray) -> np.ndarray:
    """``A != 0`` as a C-contiguous int8 array (the kernels' input)."""
    A = np.asarray(A)
    if A.dtype == np.int8 and A.flags.c_contiguous:
        return A  # the kernels read any non-zero entry as an edge
    return np.ascontiguousarray(A != 0).view(np.int8)


def _build(jit):
    """The per-graph kernels, compiled by ``jit`` (``numba.njit`` or the identity)."""

    @jit
    def components_bits(A, out):
        m, n, _ = A.shape
        rows = np.zeros(n, dtype=np.uint64)
        full = np.uint64(0xFFFFFFFFFFFFFFFF) >> np.uint64(64 - n)
        one = np.uint64(1)
        for b in range(m):
            for v in range(n):
                r = np.uint64(0)
                for w in range(n):
                    if A[b, v, w]:
                        r |= one << np.uint64(w)
                rows[v] = r
            left = full
            c = 0
            while left:
                c += 1
                comp = left & (~left + one)  # the lowest vertex left
                frontier = comp
                while frontier:
                    new = np.uint64(0)
                    for v in range(n):
                        if (frontier >> np.uint64(v)) & one:
                            new |= rows[v]
                    frontier = new & ~comp
                    comp |= new
                left &= ~comp
            out[b] = c

    @jit
    def components(A, out):
        m, n, _ = A.shape
        seen = np.zeros(n, dtype=np.bool_)
        stack = np.empty(n, dtype=np.int64)
        for b in range(m):
            seen[:] = False
            c = 0
            for s in range(n):
                if seen[s]:
                    continue
                c += 1
                seen[s] = True
                stack[0] = s
                top = 1
                while top:
                    top -= 1
                    v = stack[top]
                    for w in range(n):
                        if A[b, v, w] and not seen[w]:
                            seen[w] = True
                            stack[top] = w
                            top += 1
            out[b] = c

    @jit
    def lca(a, b, match, base, p, mark):
        mark[:] = False
        while True:
            a = base[a]
            mark[a] = True
            if match[a] < 0:
                break
            a = p[match[a]]
        while True:
            b = base[b]
            if mark[b]:
                return b
            b = p[match[b]]

    @jit
    def mark_path(v, b, child, match, base, p, blossom):
        while base[v] != b:
            blossom[base[v]] = True
            blossom[base[match[v]]] = True
            p[v] = child
            child = match[v]
            v = p[match[v]]

    @jit
    def augmenting_path(G, root, match, base, p, used, blossom, mark, queue):
        n = len(match)
        for i in range(n):
            used[i] = False
            p[i] = -1
            base[i] = i
        used[root] = True
        queue[0] = root
        head, tail = 0, 1
        while head < tail:
            v = queue[head]
            head += 1
            for to in range(n):
                if not G[v, to] or base[v] == base[to] or match[v] == to:
                    continue
                if to == root or (match[to] >= 0 and p[match[to]] >= 0):
                    cur = lca(v, to, match, base, p, mark)
                    blossom[:] = False
                    mark_path(v, cur, to, match, base, p, blossom)
                    mark_path(to, cur, v, match, base, p, blossom)
                    for i in range(n):
                        if blossom[base[i]]:
                            base[i] = cur
                            if not used[i]:
                                used[i] = True
                                queue[tail] = i
                                tail += 1
                elif p[to] < 0:
                    p[to] = v
                    if match[to] < 0:
                        return to
                    used[match[to]] = True
                    queue[tail] = match[to]
                    tail += 1
        return -1

    @jit
    def matching(A, out):
        m, n, _ = A.shape
        match = np.empty(n, dtype=np.int64)
        base = np.empty(n, dtype=np.int64)
        p = np.empty(n, dtype=np.int64)
        used = np.empty(n, dtype=np.bool_)
        blossom = np.empty(n, dtype=np.bool_)
        mark = np.empty(n, dtype=np.bool_)
        queue = np.empty(n, dtype=np.int64)
        for b in range(m):
            G = A[b]
            match[:] = -1
            size = 0
            for v in range(n):  # a greedy maximal matching first
                if match[v] < 0:
                    for w in range(v + 1, n):
                        if G[v, w] and match[w] < 0:
                            match[v] = w
                            match[w] = v
                            size += 1
                            break
            for v in range(n):
                if size == n // 2:
                    break
                if match[v] >= 0:
                    continue
                u = augmenting_path(G, v, match, base, p, used, blossom, mark, queue)
                if u >= 0:
                    size += 1
                    while u >= 0:
                        pv = p[u]
                        ppv = match[pv]
                        match[u] = pv
                        match[pv] = u
                        u = ppv
            out[b] = size

    @jit
    def largest_eigenvalue(A, out):
        m, n, _ = A.shape
        M = np.empty((n, n))
        d = np.empty(n)
        e2 = np.zeros(n)  # squared off-diagonal: e2[k] couples k and k + 1
        v = np.empty(n)
        q = np.empty(n)
        for b in range(m):
            scale = 0.0
            for i in range(n):
                for j in range(n):
                    M[i, j] = A[b, i, j]
                    scale += M[i, j] * M[i, j]
            # Householder reduction to tridiagonal form (no accumulation of the transforms)
            for k in range(n - 2):
                s = 0.0
                for i in range(k + 2, n):
                    s += M[i, k] * M[i, k]
                x0 = M[k + 1, k]
                if s <= 1e-60 * scale:  # nothing left to annihilate (up to 1e-30 of the norm)
                    d[k] = M[k, k]
                    e2[k] = x0 * x0
                    continue
                norm = np.sqrt(s + x0 * x0)
                alpha = -norm if x0 > 0 else norm
                d[k] = M[k, k]
                e2[k] = alpha * alpha
                v[k + 1] = x0 - alpha
                for i in range(k + 2, n):
                    v[i] = M[i, k]
                beta = 1.0 / (s + v[k + 1] * v[k + 1])  # 2 / |v|^2 with the factor 2 below
                for j in range(k + 1, n):
                    q[j] = 0.0
                for i in range(k + 1, n):  # q = M v, row by row (M is symmetric)
                    vi = 2.0 * beta * v[i]
                    for j in range(k + 1, n):
                        q[j] += M[i, j] * vi
                vq = 0.0
                for i in range(k + 1, n):
                    vq += v[i] * q[i]
                K = beta * vq
                for i in range(k + 1, n):
                    q[i] -= K * v[i]
                for i in range(k + 1, n):
                    for j in range(k + 1, n):
                        M[i, j] -= v[i] * q[j] + q[i] * v[j]
            if n >= 2:
                d[n - 2] = M[n - 2, n - 2]
                e2[n - 2] = M[n - 1, n - 2] * M[n - 1, n - 2]
            d[n - 1] = M[n - 1, n - 1]
            e2[n - 1] = 0.0
            out[b] = tridiagonal_max(d, e2, n, scale)

    @jit
    def count_above(d, e2, s, t, x):
        """How many eigenvalues of the tridiagonal block ``s:t`` exceed ``x`` (Sturm count: the
        positive pivots of the LDL^T factorisation of ``T - x I``)."""
        c = 0
        r = 1.0
        for k in range(s, t):
            r = d[k] - x - (e2[k - 1] / r if k > s else 0.0)
            if r == 0.0:  # a singular leading minor: perturb x (the count is then for x - 0)
                r = 1e-300
            if r > 0:
                c += 1
        return c

    @jit
    def block_max(d, e2, s, t):
        """Largest eigenvalue of the unreduced tridiagonal block ``s:t`` (its eigenvalues are
        simple, so Newton converges quadratically)."""
        lo, hi = d[s], d[s]
        for k in range(s, t):
            rad = 0.0
            if k > s:
                rad += np.sqrt(e2[k - 1])
            if k < t - 1:
                rad += np.sqrt(e2[k])
            lo = min(lo, d[k] - rad)
            hi = max(hi, d[k] + rad)
        if t - s == 1:
            return hi
        # bisection until the bracket is narrow, then Newton from above (monotone, since the
        # characteristic polynomial has only real roots)
        for _ in range(12):
            mid = 0.5 * (lo + hi)
            if count_above(d, e2, s, t, mid):
                lo = mid
            else:
                hi = mid
        x = hi
        for _ in range(200):
            # while x > lambda_max every LDL^T pivot r_k of (xI - T) is positive, and
            # d/dx log det(xI - T) = sum_k r_k' / r_k
            r = x - d[s]
            dr = 1.0
            g = 1.0 / r
            for k in range(s + 1, t):
                if r <= 0.0:
                    break
                dr = 1.0 + e2[k - 1] * dr / (r * r)
                r = x - d[k] - e2[k - 1] / r
                g += dr / r
            if r <= 0.0:  # x = lambda_max up to the rounding of the last Newton step
                return x
            step = 1.0 / g
            x -= step
            if step <= 4e-16 * abs(x):
                return x
        return x

    @jit
    def tridiagonal_max(d, e2, n, scale):
        """Largest eigenvalue of the tridiagonal matrix: the largest over its unreduced blocks,
        split where an off-diagonal entry is below :math:`10^{-14}` of the norm."""
        tol = 1e-28 * scale
        best = -np.inf
        s = 0
        for k in range(n):
            if k == n - 1 or e2[k] <= tol:
                best = max(best, block_max(d, e2, s, k + 1))
                s = k + 1
        return best

    return components, components_bits, matching, largest_eigenvalue


_PLAIN = dict(zip(("components", "components_bits", "matching", "largest_eigenvalue"), _build(lambda f: f)))
_KERNELS: dict | bool | None = None


def _kernels() -> dict | None:
    """The kernels compiled with numba (cached on disk), or ``None`` without numba."""
    global _KERNELS
    if _KERNELS is None:
        try:
            import numba
        except ImportError:
            _KERNELS = False
            return None
        jit = numba.njit(cache=True, nogil=True, error_model="numpy")
        _KERNELS = dict(zip(("components", "components_bits", "matching", "largest_eigenvalue"), _build(jit)))
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
