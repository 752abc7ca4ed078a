r"""Compiled per-graph kernels behind :mod:`conjectura.domains.graphs.batch`.

Each kernel loops over a stack of adjacency matrices ``A`` of shape ``(m, n, n)`` (any non-zero
entry is an edge) and writes one number per graph into ``out``. They are compiled with numba
when it is installed (cached on disk) and run as plain Python otherwise; :data:`COMPILED` says
which (the first compiled call of a fresh install takes a few seconds). The algorithms and their
references are in the module docstring of :mod:`conjectura.domains.graphs.batch`.
"""

from __future__ import annotations

import numpy as np

try:
    import numba
except ImportError:  # pragma: no cover - numba is optional
    numba = None

__all__ = ["COMPILED", "components", "components_bits", "largest_eigenvalue", "matching"]

COMPILED = numba is not None


def _jit(f):
    return numba.njit(cache=True, nogil=True, error_model="numpy")(f) if numba is not None else f


@_jit
def components_bits(A, out):
    """Number of connected components of each graph (``n <= 64``): depth-first search on the
    bit masks of the neighbourhoods."""
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


@_jit
def components(A, out):
    """Number of connected components of each graph, by depth-first search on ``A``."""
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


@_jit
def _lca(a, b, match, base, p, mark):
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


@_jit
def _mark_path(v, b, child, match, base, p, blossom):
    while base[v] != b:
        blossom[base[v]] = True
        blossom[base[match[v]]] = True
        p[v] = child
        child = match[v]
        v = p[match[v]]


@_jit
def _augmenting_path(G, root, match, base, p, used, blossom, mark, queue):
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
                cur = _lca(v, to, match, base, p, mark)
                blossom[:] = False
                _mark_path(v, cur, to, match, base, p, blossom)
                _mark_path(to, cur, v, match, base, p, blossom)
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


@_jit
def matching(A, out):
    """Matching number of each graph: a greedy maximal matching, then augmenting paths found
    by Edmonds' blossom algorithm from every exposed vertex."""
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
            u = _augmenting_path(G, v, match, base, p, used, blossom, mark, queue)
            if u >= 0:
                size += 1
                while u >= 0:
                    pv = p[u]
                    ppv = match[pv]
                    match[u] = pv
                    match[pv] = u
                    u = ppv
        out[b] = size


_LANES = 8  # graphs reduced side by side: the innermost loops run over them (SIMD)


@_jit
def largest_eigenvalue(A, out):
    """Householder tridiagonalisation of ``_LANES`` graphs at a time (the same operations on
    each, no branches: a column with nothing left to annihilate gets the identity), then the
    largest eigenvalue of each tridiagonal matrix."""
    m, n, _ = A.shape
    G = _LANES
    M = np.empty((n, n, G))
    d = np.empty((n, G))
    e2 = np.zeros((n, G))  # squared off-diagonal: e2[k] couples k and k + 1
    v = np.zeros((n, G))
    q = np.zeros((n, G))
    w = np.zeros((n, G))
    scale = np.empty(G)
    s = np.empty(G)
    beta = np.empty(G)
    K = np.empty(G)
    dg = np.empty(n)
    eg = np.empty(n)
    for b0 in range(0, m, G):
        for i in range(n):
            for j in range(n):
                for g in range(G):
                    M[i, j, g] = A[b0 + g, i, j] if b0 + g < m else 0.0
        for g in range(G):
            scale[g] = 0.0
        for i in range(n):
            for j in range(n):
                for g in range(G):
                    scale[g] += M[i, j, g] * M[i, j, g]
        for k in range(n - 2):
            for g in range(G):
                s[g] = 0.0
            for i in range(k + 2, n):
                for g in range(G):
                    s[g] += M[i, k, g] * M[i, k, g]
            for g in range(G):
                x0 = M[k + 1, k, g]
                d[k, g] = M[k, k, g]
                skip = s[g] <= 1e-28 * scale[g]  # nothing to annihilate (up to 1e-14 of the norm)
                norm = np.sqrt(s[g] + x0 * x0)
                alpha = x0 if skip else (-norm if x0 > 0 else norm)
                e2[k, g] = alpha * alpha
                v0 = x0 - alpha
                v[k + 1, g] = v0
                beta[g] = 0.0 if skip else 1.0 / (s[g] + v0 * v0)  # 2 / |v|^2, the 2 below
            for i in range(k + 2, n):
                for g in range(G):
                    v[i, g] = M[i, k, g]
            for j in range(k + 1, n):
                for g in range(G):
                    q[j, g] = 0.0
                    w[j, g] = 2.0 * beta[g] * v[j, g]
            for i in range(k + 1, n):  # q = M w from the lower triangle (M is symmetric)
                for g in range(G):
                    q[i, g] += M[i, i, g] * w[i, g]
                for j in range(k + 1, i):
                    for g in range(G):
                        q[i, g] += M[i, j, g] * w[j, g]
                        q[j, g] += M[i, j, g] * w[i, g]
            for g in range(G):
                K[g] = 0.0
            for i in range(k + 1, n):
                for g in range(G):
                    K[g] += v[i, g] * q[i, g]
            for g in range(G):
                K[g] *= beta[g]
            for i in range(k + 1, n):
                for g in range(G):
                    q[i, g] -= K[g] * v[i, g]
            for i in range(k + 1, n):  # the lower triangle of M - v q^T - q v^T
                for j in range(k + 1, i + 1):
                    for g in range(G):
                        M[i, j, g] -= v[i, g] * q[j, g] + q[i, g] * v[j, g]
        for g in range(min(G, m - b0)):
            for k in range(n - 2):
                dg[k] = d[k, g]
                eg[k] = e2[k, g]
            if n >= 2:
                dg[n - 2] = M[n - 2, n - 2, g]
                eg[n - 2] = M[n - 1, n - 2, g] * M[n - 1, n - 2, g]
            dg[n - 1] = M[n - 1, n - 1, g]
            eg[n - 1] = 0.0
            out[b0 + g] = _tridiagonal_max(dg, eg, n, scale[g])


@_jit
def _block_max(d, e2, s, t):
    """Largest eigenvalue of the unreduced tridiagonal block ``s:t`` (its eigenvalues are
    simple, so the iteration below converges fast), from above its Gershgorin bound."""
    hi = d[s]
    for k in range(s, t):
        rad = 0.0
        if k > s:
            rad += np.sqrt(e2[k - 1])
        if k < t - 1:
            rad += np.sqrt(e2[k])
        hi = max(hi, d[k] + rad)
    if t - s == 1:
        return hi
    # Laguerre's method from above: for a polynomial with only real roots it decreases
    # monotonically to the largest one, cubically near it. With G = p'/p and H = -G' of
    # p(x) = det(xI - T) = prod_k r_k (the LDL^T pivots r_k of xI - T, all positive while
    # x > lambda_max): G = sum r_k'/r_k, H = sum (r_k'/r_k)^2 - r_k''/r_k.
    N = t - s
    x = hi
    for _ in range(100):
        r = x - d[s]
        dr = 1.0
        ddr = 0.0
        if r <= 0.0:
            return x
        G = 1.0 / r
        H = G * G
        for k in range(s + 1, t):
            e = e2[k - 1]
            ri = 1.0 / r
            ddr = e * (ddr * r - 2.0 * dr * dr) * ri * ri * ri
            dr = 1.0 + e * dr * ri * ri
            r = x - d[k] - e * ri
            if r <= 0.0:  # x = lambda_max up to the rounding of the last step
                return x
            f = dr / r
            G += f
            H += f * f - ddr / r
        step = N / (G + np.sqrt(max((N - 1) * (N * H - G * G), 0.0)))
        x -= step
        if step <= 4e-16 * abs(x):
            return x
    return x


@_jit
def _tridiagonal_max(d, e2, n, scale):
    """Largest eigenvalue of the tridiagonal matrix: the largest over its unreduced blocks,
    split where an off-diagonal entry is below :math:`10^{-14}` of the norm."""
    tol = 1e-28 * scale
    best = -np.inf
    s = 0
    for k in range(n):
        if k == n - 1 or e2[k] <= tol:
            best = max(best, _block_max(d, e2, s, k + 1))
            s = k + 1
    return best
