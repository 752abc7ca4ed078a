"""Compiled kernels (numba) behind :func:`conjectura.domains.graphs.anneal_c4_free`.

This module imports numba at import time; :mod:`.c4_anneal` imports it inside the function
that needs it, so ``import conjectura`` does not load numba.
"""

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def add_edge(A, nb, deg, pos, u, v):
    A[u, v] = 1
    A[v, u] = 1
    pos[u, v] = deg[u]
    nb[u, deg[u]] = v
    deg[u] += 1
    pos[v, u] = deg[v]
    nb[v, deg[v]] = u
    deg[v] += 1


@njit(cache=True, nogil=True)
def drop(nb, deg, pos, u, v):
    i = pos[u, v]
    last = nb[u, deg[u] - 1]
    nb[u, i] = last
    pos[u, last] = i
    deg[u] -= 1


@njit(cache=True, nogil=True)
def remove_edge(A, nb, deg, pos, u, v):
    A[u, v] = 0
    A[v, u] = 0
    drop(nb, deg, pos, u, v)
    drop(nb, deg, pos, v, u)


@njit(cache=True, nogil=True)
def repair(A, nb, deg, pos, n):
    """Delete a random edge of a 4-cycle until none is left; return the number of edges."""
    removed = True
    while removed:
        removed = False
        for u in range(n):
            for v in range(u + 1, n):
                # the common neighbours of u and v: two of them make a 4-cycle
                first = -1
                for i in range(deg[u]):
                    w = nb[u, i]
                    if A[w, v]:
                        if first < 0:
                            first = w
                        else:
                            r = np.random.randint(4)
                            if r == 0:
                                remove_edge(A, nb, deg, pos, u, first)
                            elif r == 1:
                                remove_edge(A, nb, deg, pos, v, first)
                            elif r == 2:
                                remove_edge(A, nb, deg, pos, u, w)
                            else:
                                remove_edge(A, nb, deg, pos, v, w)
                            removed = True
                            break
    m = 0
    for u in range(n):
        m += deg[u]
    return m // 2


@njit(cache=True, nogil=True)
def anneal(A0, steps, temperature, seed):
    """Anneal from the graph ``A0`` for ``steps`` moves; return the best graph and its size."""
    np.random.seed(seed)
    n = A0.shape[0]
    A = np.zeros((n, n), dtype=np.uint8)
    nb = np.zeros((n, n), dtype=np.int32)
    pos = np.zeros((n, n), dtype=np.int32)
    deg = np.zeros(n, dtype=np.int32)
    for u in range(n):
        for v in range(u + 1, n):
            if A0[u, v]:
                add_edge(A, nb, deg, pos, u, v)
    m = repair(A, nb, deg, pos, n)
    best = A.copy()
    best_m = m
    pa = np.zeros(n, dtype=np.int32)
    pb = np.zeros(n, dtype=np.int32)
    # acceptance probabilities of losing 1, 2, ... edges
    kmax = 4
    accept = np.zeros(kmax + 1)
    for k in range(2, kmax + 1):
        accept[k] = np.exp((1.0 - k) / temperature) if temperature > 0 else 0.0
    if n < 2:
        return best, best_m
    for _ in range(steps):
        u = np.random.randint(n)
        v = np.random.randint(n - 1)
        if v >= u:
            v += 1
        if A[u, v]:
            continue
        # the paths u - a - b - v that adding uv would close into 4-cycles
        k = 0
        for i in range(deg[u]):
            a = nb[u, i]
            for j in range(deg[a]):
                b = nb[a, j]
                if b != u and A[b, v]:
                    if k < kmax:
                        pa[k] = a
                        pb[k] = b
                    k += 1
                    break
            if k > kmax:
                break
        if k > kmax:
            continue
        if k >= 2 and np.random.random() >= accept[k]:
            continue
        for t in range(k):
            a = pa[t]
            b = pb[t]
            r = np.random.randint(3)
            if r == 0:
                remove_edge(A, nb, deg, pos, u, a)
            elif r == 1:
                remove_edge(A, nb, deg, pos, a, b)
            else:
                remove_edge(A, nb, deg, pos, b, v)
        add_edge(A, nb, deg, pos, u, v)
        m += 1 - k
        if m > best_m:
            best_m = m
            best[:, :] = A
    return best, best_m
