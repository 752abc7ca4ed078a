"""Compiled kernels (numba) behind :mod:`.kl`, :mod:`.kl_interval` and :mod:`.invariance`.

Private: the public functions validate their input and call these. Importing this module
imports numba, so the public modules import it inside functions.

Conventions are those of :mod:`.bruhat`: one-line words, :math:`x s_i` swaps positions,
:math:`s_i x` swaps values; group elements are indexed by length, then lexicographically.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

__all__ = [
    "group_tables",
    "lower_intervals",
    "kl_all_pairs",
    "interval_graph",
    "interval_graphs",
    "interval_kl",
    "orbit_representatives",
    "interval_bitsets",
    "interval_hashes",
    "hasse_diagrams",
]


# ----------------------------------------------------------------------------- group tables
def lehmer_rank(perms: np.ndarray) -> np.ndarray:
    """Lexicographic rank (0-based) of each row (one-line words of 1..n)."""
    perms = np.asarray(perms, dtype=np.int64)
    k, n = perms.shape
    rank = np.zeros(k, dtype=np.int64)
    for i in range(n):
        smaller = (perms[:, i + 1 :] < perms[:, i : i + 1]).sum(axis=1)
        rank += smaller * math.factorial(n - 1 - i)
    return rank


def group_tables(perms: np.ndarray) -> dict[str, np.ndarray]:
    """Multiplication and symmetry tables of :math:`S_n` for elements indexed as ``perms``'s rows.

    ``left[s, x]`` is the index of :math:`s_{s+1} x`, ``right[s, x]`` that of :math:`x s_{s+1}`;
    ``DL``/``DR`` are the left/right descent sets as bitmasks (bit ``s`` for :math:`s_{s+1}`);
    ``inv`` indexes :math:`x^{-1}` and ``conj`` indexes :math:`w_0 x w_0`.
    """
    N, n = perms.shape
    lex = lehmer_rank(perms)
    where = np.empty(N, dtype=np.int64)
    where[lex] = np.arange(N)

    def index(q):
        return where[lehmer_rank(q)].astype(np.int32)

    left = np.empty((max(n - 1, 0), N), dtype=np.int32)
    right = np.empty((max(n - 1, 0), N), dtype=np.int32)
    DL = np.zeros(N, dtype=np.int32)
    DR = np.zeros(N, dtype=np.int32)
    p = perms.astype(np.int64)
    pos = np.argsort(p, axis=1)  # pos[x, v-1] = x^{-1}(v) - 1
    for s in range(n - 1):
        q = p.copy()
        q[:, [s, s + 1]] = q[:, [s + 1, s]]
        right[s] = index(q)
        q = p.copy()
        q[p == s + 1] = s + 2
        q[p == s + 2] = s + 1
        left[s] = index(q)
        DR |= (p[:, s] > p[:, s + 1]).astype(np.int32) << s
        DL |= (pos[:, s] > pos[:, s + 1]).astype(np.int32) << s
    inv = index(pos + 1)
    conj = index(n + 1 - p[:, ::-1])
    length = np.zeros(N, dtype=np.int32)
    for i in range(n):
        length += (p[:, i : i + 1] > p[:, i + 1 :]).sum(axis=1).astype(np.int32)
    return {"left": left, "right": right, "DL": DL, "DR": DR, "inv": inv, "conj": conj, "length": length}


# ----------------------------------------------------------------------------- lower intervals
@njit(cache=True)
def lower_intervals(left, DL):  # pragma: no cover - compiled
    """CSR of the lower intervals :math:`\\{x \\le w\\}`: rows by ``w``, columns sorted (uint16).

    Uses :math:`x \\le w \\iff \\min(x, sx) \\le sw` for a left descent :math:`s` of :math:`w`
    (the lifting property), so the row of ``w`` is :math:`L(v) \\cup sL(v)`, :math:`v = sw`.
    """
    N = DL.shape[0]
    indptr = np.zeros(N + 1, np.int64)
    cap = 1024 if N < 1024 else N * 16
    cols = np.empty(cap, np.uint16)
    stamp = np.full(N, -1, np.int32)
    cols[0] = 0
    indptr[1] = 1
    nnz = 1
    for w in range(1, N):
        d = DL[w]
        s = 0
        while (d >> s) & 1 == 0:
            s += 1
        v = left[s, w]
        for k in range(indptr[v], indptr[v + 1]):
            y = np.int64(cols[k])
            stamp[y] = w
            stamp[left[s, y]] = w
        cnt = 0
        for y in range(w + 1):
            if stamp[y] == w:
                cnt += 1
        if nnz + cnt > cols.shape[0]:
            newcap = cols.shape[0] + cols.shape[0] // 2
            if newcap < nnz + cnt:
                newcap = nnz + cnt
            grown = np.empty(newcap, np.uint16)
            grown[:nnz] = cols[:nnz]
            cols = grown
        for y in range(w + 1):
            if stamp[y] == w:
                cols[nnz] = y
                nnz += 1
        indptr[w + 1] = nnz
    return indptr, cols[:nnz].copy()


# ----------------------------------------------------------------------------- interning
@njit(cache=True)
def _poly_hash(vec, L):  # pragma: no cover - compiled
    h = np.uint64(1469598103934665603)
    for i in range(L):
        h = (h ^ np.uint64(vec[i] & 0xFFFFFFFFFFFF)) * np.uint64(1099511628211)
        h ^= h >> np.uint64(29)
    return h


@njit(cache=True)
def _intern(vec, coeff, plen, npoly, htab):  # pragma: no cover - compiled
    """Id of the polynomial ``vec`` (coefficients, low degree first) in the table; insert if new."""
    d = vec.shape[0]
    L = d
    while L > 0 and vec[L - 1] == 0:
        L -= 1
    mask = np.uint64(htab.shape[0] - 1)
    pos = _poly_hash(vec, L) & mask
    while True:
        e = htab[pos]
        if e == 0:
            break
        pid = e - 1
        if plen[pid] == L:
            same = True
            for i in range(L):
                if coeff[pid, i] != vec[i]:
                    same = False
                    break
            if same:
                return pid, coeff, plen, npoly, htab
        pos = (pos + np.uint64(1)) & mask
    if npoly == coeff.shape[0]:
        c2 = np.zeros((2 * npoly, d), np.int64)
        c2[:npoly] = coeff
        p2 = np.zeros(2 * npoly, np.int32)
        p2[:npoly] = plen
        coeff, plen = c2, p2
    for i in range(d):
        coeff[npoly, i] = vec[i]
    plen[npoly] = L
    htab[pos] = npoly + 1
    pid = npoly
    npoly += 1
    if 2 * npoly > htab.shape[0]:
        h2 = np.zeros(2 * htab.shape[0], np.int64)
        m2 = np.uint64(h2.shape[0] - 1)
        for q in range(npoly):
            p = _poly_hash(coeff[q], plen[q]) & m2
            while h2[p] != 0:
                p = (p + np.uint64(1)) & m2
            h2[p] = q + 1
        htab = h2
    return pid, coeff, plen, npoly, htab


@njit(cache=True)
def _lowbit(m):  # pragma: no cover - compiled
    s = 0
    while (m >> s) & 1 == 0:
        s += 1
    return s


# ----------------------------------------------------------------------------- all pairs
@njit(cache=True)
def kl_all_pairs(left, right, DL, DR, length, inv, conj, indptr, cols, d, use_symmetry):  # pragma: no cover
    """:math:`P_{x,w}` for every pair :math:`x \\le w` of :math:`S_n` (CSR values = polynomial ids).

    For each :math:`w \\ne e` with left descent :math:`s`, :math:`v = sw`, only the *extremal*
    :math:`x \\le w` (whose left and right descent sets contain those of :math:`w`) are computed,
    by (Kazhdan--Lusztig 1979, (2.2.c); Humphreys §7.11, with :math:`sx < x`)

    .. math:: P_{x,w} = P_{sx,v} + q P_{x,v} - \\sum_{z < v,\\ sz < z} \\mu(z, v)\\,
       q^{(\\ell(w) - \\ell(z))/2} P_{x,z};

    the others are copied along :math:`P_{x,w} = P_{s'x,w} = P_{xt,w}` for descents
    :math:`s' \\in D_L(w)`, :math:`t \\in D_R(w)`. With ``use_symmetry`` the rows of
    :math:`w^{-1}`, :math:`w_0ww_0`, :math:`w_0w^{-1}w_0` are copied from that of :math:`w`.
    """
    N = length.shape[0]
    nnz = cols.shape[0]
    vals = np.zeros(nnz, np.uint32)
    done = np.zeros(N, np.bool_)
    coeff = np.zeros((256, d), np.int64)
    plen = np.zeros(256, np.int32)
    npoly = 0
    htab = np.zeros(1 << 10, np.int64)
    mcap = N * 8
    mu_z = np.empty(mcap, np.int32)
    mu_c = np.empty(mcap, np.int64)
    mu_start = np.zeros(N, np.int64)
    mu_cnt = np.zeros(N, np.int64)
    nmu = 0
    ext = np.full(N, -1, np.int32)
    iddense = np.zeros(N, np.int64)
    acc = np.zeros((N, d), np.int64)
    one = np.zeros(d, np.int64)
    one[0] = 1
    id_one, coeff, plen, npoly, htab = _intern(one, coeff, plen, npoly, htab)
    vals[indptr[0]] = id_one
    done[0] = True
    sib = np.empty(3, np.int64)
    for w in range(1, N):
        if done[w]:
            continue
        I = DL[w]
        J = DR[w]
        s = _lowbit(I)
        sb = 1 << s
        v = left[s, w]
        lw = length[w]
        r0 = indptr[w]
        r1 = indptr[w + 1]
        for k in range(r0, r1):
            x = np.int64(cols[k])
            if (DL[x] & I) == I and (DR[x] & J) == J:
                ext[x] = w
                for i in range(d):
                    acc[x, i] = 0
        for k in range(indptr[v], indptr[v + 1]):
            y = np.int64(cols[k])
            p = vals[k]
            if ext[y] == w:  # x = y: + q P_{x,v}
                for i in range(plen[p]):
                    acc[y, i + 1] += coeff[p, i]
            if (DL[y] & sb) == 0:
                x = left[s, y]
                if ext[x] == w:  # x = sy, sx = y: + P_{sx,v}
                    for i in range(plen[p]):
                        acc[x, i] += coeff[p, i]
        for m in range(mu_start[v], mu_start[v] + mu_cnt[v]):
            z = mu_z[m]
            if DL[z] & sb:
                c = mu_c[m]
                sh = (lw - length[z]) // 2
                for k in range(indptr[z], indptr[z + 1]):
                    x = np.int64(cols[k])
                    if ext[x] == w:
                        p = vals[k]
                        for i in range(plen[p]):
                            acc[x, i + sh] -= c * coeff[p, i]
        for k in range(r1 - 1, r0 - 1, -1):  # decreasing length: copies come from longer elements
            x = np.int64(cols[k])
            if ext[x] == w:
                pid, coeff, plen, npoly, htab = _intern(acc[x], coeff, plen, npoly, htab)
                iddense[x] = pid
            else:
                miss = I & ~DL[x]
                if miss != 0:
                    iddense[x] = iddense[left[_lowbit(miss), x]]
                else:
                    iddense[x] = iddense[right[_lowbit(J & ~DR[x]), x]]
        # mu(x, w) for l(w) - l(x) odd
        cnt = 0
        for k in range(r0, r1):
            x = np.int64(cols[k])
            dl = lw - length[x]
            if dl % 2 == 1:
                p = iddense[x]
                deg = (dl - 1) // 2
                if deg < plen[p] and coeff[p, deg] != 0:
                    cnt += 1
        reps = 1
        if use_symmetry:
            sib[0] = inv[w]
            sib[1] = conj[w]
            sib[2] = conj[inv[w]]
            reps = 4
        if nmu + reps * cnt > mu_z.shape[0]:
            newcap = mu_z.shape[0] * 2 + reps * cnt
            z2 = np.empty(newcap, np.int32)
            c2 = np.empty(newcap, np.int64)
            z2[:nmu] = mu_z[:nmu]
            c2[:nmu] = mu_c[:nmu]
            mu_z, mu_c = z2, c2
        mu_start[w] = nmu
        for k in range(r0, r1):
            x = np.int64(cols[k])
            vals[k] = iddense[x]
            dl = lw - length[x]
            if dl % 2 == 1:
                p = iddense[x]
                deg = (dl - 1) // 2
                if deg < plen[p] and coeff[p, deg] != 0:
                    mu_z[nmu] = x
                    mu_c[nmu] = coeff[p, deg]
                    nmu += 1
        mu_cnt[w] = nmu - mu_start[w]
        done[w] = True
        if use_symmetry:
            for j in range(3):
                w2 = sib[j]
                if done[w2]:
                    continue
                # phi is inv, conj or conj o inv: an involutive automorphism of Bruhat order
                for k in range(indptr[w2], indptr[w2 + 1]):
                    x2 = np.int64(cols[k])
                    if j == 0:
                        y = inv[x2]
                    elif j == 1:
                        y = conj[x2]
                    else:
                        y = conj[inv[x2]]
                    vals[k] = iddense[y]
                mu_start[w2] = nmu
                for m in range(mu_start[w], mu_start[w] + mu_cnt[w]):
                    z = mu_z[m]
                    if j == 0:
                        y = inv[z]
                    elif j == 1:
                        y = conj[z]
                    else:
                        y = conj[inv[z]]
                    mu_z[nmu] = y
                    mu_c[nmu] = mu_c[m]
                    nmu += 1
                mu_cnt[w2] = nmu - mu_start[w2]
                done[w2] = True
    # mu lists as CSR by w
    mu_indptr = np.zeros(N + 1, np.int64)
    for w in range(N):
        mu_indptr[w + 1] = mu_indptr[w] + mu_cnt[w]
    mz = np.empty(nmu, np.int32)
    mc = np.empty(nmu, np.int64)
    for w in range(N):
        a = mu_indptr[w]
        b = mu_start[w]
        for i in range(mu_cnt[w]):
            mz[a + i] = mu_z[b + i]
            mc[a + i] = mu_c[b + i]
        # sort each row by z (small rows: insertion sort)
        for i in range(a + 1, mu_indptr[w + 1]):
            zz = mz[i]
            cc = mc[i]
            j = i - 1
            while j >= a and mz[j] > zz:
                mz[j + 1] = mz[j]
                mc[j + 1] = mc[j]
                j -= 1
            mz[j + 1] = zz
            mc[j + 1] = cc
    return vals, coeff[:npoly].copy(), plen[:npoly].copy(), mu_indptr, mz, mc


# ----------------------------------------------------------------------------- one interval
@njit(cache=True)
def _rank(u, fact):  # pragma: no cover - compiled
    n = u.shape[0]
    r = 0
    for i in range(n):
        c = 0
        for j in range(i + 1, n):
            if u[j] < u[i]:
                c += 1
        r += c * fact[n - 1 - i]
    return r


@njit(cache=True)
def _geq(u, xr):  # pragma: no cover - compiled
    """Whether :math:`u \\ge x`, given ``xr[i, j] = #{a <= i : x(a) >= j+1}`` (tableau criterion)."""
    n = u.shape[0]
    cnt = np.zeros(n + 1, np.int64)
    for i in range(n):
        cnt[u[i]] += 1
        run = 0
        for j in range(n, 0, -1):
            run += cnt[j]
            if run < xr[i, j - 1]:
                return False
    return True


@njit(cache=True)
def interval_graph(x, w):  # pragma: no cover - compiled
    """Elements (by length, then lexicographically), lengths and Bruhat-graph edges of :math:`[x, w]`."""
    n = x.shape[0]
    fact = np.ones(n + 1, np.int64)
    for i in range(1, n + 1):
        fact[i] = fact[i - 1] * i
    seen = np.full(fact[n], -1, np.int32)
    return _interval_graph(x, w, seen, fact)


@njit(cache=True)
def interval_graphs(X, W):  # pragma: no cover - compiled
    """:func:`interval_graph` of many intervals, concatenated (CSR by interval)."""
    m = X.shape[0]
    n = X.shape[1]
    fact = np.ones(n + 1, np.int64)
    for i in range(1, n + 1):
        fact[i] = fact[i - 1] * i
    seen = np.full(fact[n], -1, np.int32)
    node_ptr = np.zeros(m + 1, np.int64)
    edge_ptr = np.zeros(m + 1, np.int64)
    els_all = np.empty((1024, n), np.int8)
    lens_all = np.empty(1024, np.int16)
    src_all = np.empty(1024, np.int32)
    dst_all = np.empty(1024, np.int32)
    lab_all = np.empty(1024, np.int16)
    nn = 0
    ne = 0
    for r in range(m):
        els, lens, src, dst, lab = _interval_graph(X[r], W[r], seen, fact)
        k = els.shape[0]
        e = src.shape[0]
        if nn + k > els_all.shape[0]:
            cap = max(2 * els_all.shape[0], nn + k)
            e2 = np.empty((cap, n), np.int8)
            e2[:nn] = els_all[:nn]
            l2 = np.empty(cap, np.int16)
            l2[:nn] = lens_all[:nn]
            els_all, lens_all = e2, l2
        if ne + e > src_all.shape[0]:
            cap = max(2 * src_all.shape[0], ne + e)
            s2 = np.empty(cap, np.int32)
            d2 = np.empty(cap, np.int32)
            b2 = np.empty(cap, np.int16)
            s2[:ne] = src_all[:ne]
            d2[:ne] = dst_all[:ne]
            b2[:ne] = lab_all[:ne]
            src_all, dst_all, lab_all = s2, d2, b2
        for a in range(k):
            for t in range(n):
                els_all[nn + a, t] = els[a, t]
            lens_all[nn + a] = lens[a]
        for i in range(e):
            src_all[ne + i] = src[i]
            dst_all[ne + i] = dst[i]
            lab_all[ne + i] = lab[i]
        nn += k
        ne += e
        node_ptr[r + 1] = nn
        edge_ptr[r + 1] = ne
    return (
        node_ptr,
        els_all[:nn].copy(),
        lens_all[:nn].copy(),
        edge_ptr,
        src_all[:ne].copy(),
        dst_all[:ne].copy(),
        lab_all[:ne].copy(),
    )


@njit(cache=True)
def _interval_graph(x, w, seen, fact):  # pragma: no cover - compiled
    """Core of :func:`interval_graph`; ``seen`` (all -1, size n!) is restored before returning."""
    n = x.shape[0]
    xr = np.zeros((n, n), np.int64)
    cnt = np.zeros(n + 1, np.int64)
    for i in range(n):
        cnt[x[i]] += 1
        run = 0
        for j in range(n, 0, -1):
            run += cnt[j]
            xr[i, j - 1] = run
    cap = 256
    els = np.empty((cap, n), np.int64)
    els[0] = w
    seen[_rank(w, fact)] = 0
    k = 1
    head = 0
    y = np.empty(n, np.int64)
    while head < k:
        for i in range(n):
            for j in range(i + 1, n):
                if els[head, i] > els[head, j]:
                    for t in range(n):
                        y[t] = els[head, t]
                    y[i], y[j] = y[j], y[i]
                    r = _rank(y, fact)
                    if seen[r] < 0 and _geq(y, xr):
                        if k == els.shape[0]:
                            e2 = np.empty((2 * k, n), np.int64)
                            e2[:k] = els
                            els = e2
                        els[k] = y
                        seen[r] = k
                        k += 1
        head += 1
    els = els[:k]
    lens = np.zeros(k, np.int64)
    key = np.zeros(k, np.int64)
    for a in range(k):
        c = 0
        code = 0
        for i in range(n):
            code = code * n + (els[a, i] - 1)
            for j in range(i + 1, n):
                if els[a, i] > els[a, j]:
                    c += 1
        lens[a] = c
        key[a] = code
    # sort by (length, lexicographic): the code is monotone in the lexicographic order
    big = 1
    for _i in range(n):
        big *= n
    order = np.argsort(lens * big + key, kind="mergesort")
    els = els[order]
    lens = lens[order]
    for a in range(k):
        seen[_rank(els[a], fact)] = a
    ecap = 4 * k + 16
    src = np.empty(ecap, np.int32)
    dst = np.empty(ecap, np.int32)
    lab = np.empty(ecap, np.int32)
    m = 0
    for a in range(k):
        li = 0
        for i in range(n):
            for j in range(i + 1, n):
                if els[a, i] < els[a, j]:
                    for t in range(n):
                        y[t] = els[a, t]
                    y[i], y[j] = y[j], y[i]
                    b = seen[_rank(y, fact)]
                    if b >= 0:
                        if m == src.shape[0]:
                            s2 = np.empty(2 * m, np.int32)
                            d2 = np.empty(2 * m, np.int32)
                            l2 = np.empty(2 * m, np.int32)
                            s2[:m] = src
                            d2[:m] = dst
                            l2[:m] = lab
                            src, dst, lab = s2, d2, l2
                        src[m] = a
                        dst[m] = b
                        lab[m] = li
                        m += 1
                li += 1
    for a in range(k):
        seen[_rank(els[a], fact)] = -1
    return els, lens, src[:m].copy(), dst[:m].copy(), lab[:m].copy()


@njit(cache=True)
def interval_kl(lens, src, dst, lab):  # pragma: no cover - compiled
    """:math:`P_{a,w}` for every :math:`a` of :math:`[x, w]` from the Bruhat graph alone.

    Uses :math:`q^{\\ell(a,w)} P_{a,w}(q^{-1}) - P_{a,w}(q) = \\sum_{a < z \\le w} R_{a,z} P_{z,w}`
    with Dyer's formula :math:`R_{a,z}(q) = \\sum_{\\Delta} \\prod_{e \\in \\Delta} (q - 1)
    q^{(\\ell(e) - 1)/2}` over the paths :math:`\\Delta` from ``a`` to ``z`` in the Bruhat graph
    whose labels increase in a reflection order. ``H[e]`` holds, for the edges of a vertex
    ``b`` from ``e`` on (labels ascending), the sum over increasing paths leaving ``b`` by those
    edges of weight times :math:`P_{\\text{end}, w}`. Returns ``(P, ok, overflow)``: ``ok`` is
    False if the high half of the identity fails (a self-check).
    """
    k = lens.shape[0]
    m = src.shape[0]
    L = lens[k - 1] - lens[0]
    D = L + 1
    dp = (L - 1) // 2 + 1 if L > 0 else 1
    indptr = np.zeros(k + 1, np.int64)
    for e in range(m):
        indptr[src[e] + 1] += 1
    for a in range(k):
        indptr[a + 1] += indptr[a]
    P = np.zeros((k, dp), np.int64)
    PB = np.zeros(k, np.float64)
    Suf = np.zeros((m, D), np.int64)
    SufB = np.zeros(m, np.float64)
    total = np.zeros(D, np.int64)
    h = np.zeros(D, np.int64)
    ok = True
    overflow = False
    P[k - 1, 0] = 1
    PB[k - 1] = 1.0
    lw = lens[k - 1]
    for a in range(k - 2, -1, -1):
        for i in range(D):
            total[i] = 0
        tb = 0.0
        for e in range(indptr[a + 1] - 1, indptr[a] - 1, -1):
            b = dst[e]
            t = lab[e]
            f = indptr[b]
            while f < indptr[b + 1] and lab[f] <= t:
                f += 1
            for i in range(D):
                h[i] = 0
            for i in range(dp):
                h[i] = P[b, i]
            hb = PB[b]
            if f < indptr[b + 1]:
                for i in range(D):
                    h[i] += Suf[f, i]
                hb += SufB[f]
            sh = (lens[b] - lens[a] - 1) // 2
            for i in range(D - sh - 1):
                total[i + sh + 1] += h[i]
                total[i + sh] -= h[i]
            tb += 2.0 * hb
            for i in range(D):
                Suf[e, i] = total[i]
            SufB[e] = tb
        if tb > 4.0e18:
            overflow = True
        l = lw - lens[a]
        half = (l - 1) // 2
        nb = 0.0
        for i in range(half + 1):
            P[a, i] = -total[i]
            nb += abs(total[i])
        PB[a] = nb
        for i in range(D):
            if i <= half:
                expect = 0
            elif i <= l and l - i <= half:
                expect = P[a, l - i]
            else:
                expect = 0
            if i > half and total[i] != expect:
                ok = False
    return P, ok, overflow


# ----------------------------------------------------------------------------- invariance
@njit(cache=True)
def _lookup(indptr, cols, vals, x, w):  # pragma: no cover - compiled
    lo = indptr[w]
    hi = indptr[w + 1]
    while lo < hi:
        mid = (lo + hi) // 2
        if np.int64(cols[mid]) < x:
            lo = mid + 1
        else:
            hi = mid
    if lo < indptr[w + 1] and np.int64(cols[lo]) == x:
        return np.int64(vals[lo])
    return np.int64(-1)


@njit(cache=True)
def orbit_representatives(indptr, cols, vals, length, inv, conj, min_length):  # pragma: no cover
    """One pair per orbit of :math:`(x, w) \\mapsto (\\varphi x, \\varphi w)`, :math:`\\varphi` in
    :math:`\\{1, x \\mapsto x^{-1}, x \\mapsto w_0xw_0, x \\mapsto w_0x^{-1}w_0\\}`, with
    :math:`\\ell(w) - \\ell(x) \\ge` ``min_length``; returns ``(x, w, orbit size, poly id, failures)``
    where ``failures`` counts pairs whose images have a different polynomial id (zero when the
    symmetries of Kazhdan--Lusztig polynomials hold, as they must)."""
    N = length.shape[0]
    cnt = 0
    for w in range(N):
        for k in range(indptr[w], indptr[w + 1]):
            if length[w] - length[np.int64(cols[k])] >= min_length:
                cnt += 1
    rx = np.empty(cnt, np.int32)
    rw = np.empty(cnt, np.int32)
    rwt = np.empty(cnt, np.int8)
    rp = np.empty(cnt, np.int64)
    m = 0
    fails = 0
    ix = np.empty(4, np.int64)
    iw = np.empty(4, np.int64)
    for w in range(N):
        for k in range(indptr[w], indptr[w + 1]):
            x = np.int64(cols[k])
            if length[w] - length[x] < min_length:
                continue
            ix[0] = x
            iw[0] = w
            ix[1] = inv[x]
            iw[1] = inv[w]
            ix[2] = conj[x]
            iw[2] = conj[w]
            ix[3] = conj[inv[x]]
            iw[3] = conj[inv[w]]
            best = 0
            for j in range(1, 4):
                if iw[j] < iw[best] or (iw[j] == iw[best] and ix[j] < ix[best]):
                    best = j
            if iw[best] != w or ix[best] != x:
                continue
            size = 0
            for j in range(4):
                new = True
                for i in range(j):
                    if iw[i] == iw[j] and ix[i] == ix[j]:
                        new = False
                if new:
                    size += 1
                if j > 0 and _lookup(indptr, cols, vals, ix[j], iw[j]) != np.int64(vals[k]):
                    fails += 1
            rx[m] = x
            rw[m] = w
            rwt[m] = size
            rp[m] = np.int64(vals[k])
            m += 1
    return rx[:m].copy(), rw[:m].copy(), rwt[:m].copy(), rp[:m].copy(), fails


@njit(cache=True)
def interval_bitsets(indptr, cols):  # pragma: no cover - compiled
    """``lower[w]`` and ``upper[x]``: bitsets (uint64 words) of :math:`\\{x \\le w\\}` and :math:`\\{w \\ge x\\}`."""
    N = indptr.shape[0] - 1
    W = (N + 63) // 64
    lower = np.zeros((N, W), np.uint64)
    upper = np.zeros((N, W), np.uint64)
    for w in range(N):
        for k in range(indptr[w], indptr[w + 1]):
            x = np.int64(cols[k])
            lower[w, x >> 6] |= np.uint64(1) << np.uint64(x & 63)
            upper[x, w >> 6] |= np.uint64(1) << np.uint64(w & 63)
    return lower, upper


@njit(cache=True)
def _mix(h):  # pragma: no cover - compiled (splitmix64 finaliser)
    h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


@njit(cache=True)
def _interval_nodes(x, w, lower, upper, out):  # pragma: no cover - compiled
    k = 0
    for word in range(x >> 6, (w >> 6) + 1):
        b = lower[w, word] & upper[x, word]
        while b != np.uint64(0):
            t = np.uint64(0)
            bb = b
            while (bb & np.uint64(1)) == np.uint64(0):
                bb >>= np.uint64(1)
                t += np.uint64(1)
            out[k] = word * 64 + np.int64(t)
            k += 1
            b &= b - np.uint64(1)
    return k


@njit(cache=True)
def interval_hashes(rx, rw, lower, upper, length, cov_ptr, cov, rounds):  # pragma: no cover
    """Size, number of covering edges and a Weisfeiler--Lehman hash of the Hasse diagram of each
    :math:`[x, w]` (an isomorphism invariant: colours start from (rank, in-, out-degree) and are
    refined ``rounds`` times by the multisets of the colours above and below)."""
    N = length.shape[0]
    m = rx.shape[0]
    size = np.zeros(m, np.int32)
    nedge = np.zeros(m, np.int32)
    hsh = np.zeros(m, np.uint64)
    nodes = np.empty(N, np.int64)
    local = np.full(N, -1, np.int64)
    col = np.empty(N, np.uint64)
    up = np.empty(N, np.uint64)
    dn = np.empty(N, np.uint64)
    indeg = np.empty(N, np.int64)
    outdeg = np.empty(N, np.int64)
    for r in range(m):
        x = np.int64(rx[r])
        w = np.int64(rw[r])
        k = _interval_nodes(x, w, lower, upper, nodes)
        for i in range(k):
            local[nodes[i]] = i
            indeg[i] = 0
            outdeg[i] = 0
        e = 0
        for i in range(k):
            y = nodes[i]
            for c in range(cov_ptr[y], cov_ptr[y + 1]):
                j = local[cov[c]]
                if j >= 0:
                    outdeg[i] += 1
                    indeg[j] += 1
                    e += 1
        for i in range(k):
            col[i] = _mix(
                np.uint64(length[nodes[i]] - length[x]) * np.uint64(1000003)
                + np.uint64(indeg[i]) * np.uint64(1009)
                + np.uint64(outdeg[i])
            )
        for _ in range(rounds):
            for i in range(k):
                up[i] = np.uint64(0)
                dn[i] = np.uint64(0)
            for i in range(k):
                y = nodes[i]
                for c in range(cov_ptr[y], cov_ptr[y + 1]):
                    j = local[cov[c]]
                    if j >= 0:
                        up[i] += _mix(col[j] ^ np.uint64(0x5555))
                        dn[j] += _mix(col[i] ^ np.uint64(0xAAAA))
            for i in range(k):
                col[i] = _mix(col[i] * np.uint64(31) + _mix(up[i]) * np.uint64(7) + dn[i])
        h = np.uint64(k)
        for i in range(k):
            h += _mix(col[i])
        size[r] = k
        nedge[r] = e
        hsh[r] = _mix(h)
        for i in range(k):
            local[nodes[i]] = -1
    return size, nedge, hsh


@njit(cache=True)
def hasse_diagrams(rx, rw, lower, upper, length, cov_ptr, cov):  # pragma: no cover - compiled
    """The Hasse diagrams of the given intervals, concatenated: ``node_ptr``, ``nodes`` (element
    indices, ascending), ``edge_ptr``, ``edges`` (local index pairs, lower to upper)."""
    N = length.shape[0]
    m = rx.shape[0]
    tot = 0
    buf = np.empty(N, np.int64)
    for r in range(m):
        tot += _interval_nodes(np.int64(rx[r]), np.int64(rw[r]), lower, upper, buf)
    node_ptr = np.zeros(m + 1, np.int64)
    nodes = np.empty(tot, np.int32)
    local = np.full(N, -1, np.int64)
    edge_ptr = np.zeros(m + 1, np.int64)
    ecap = 4 * tot + 16
    edges = np.empty((ecap, 2), np.int32)
    ne = 0
    for r in range(m):
        x = np.int64(rx[r])
        w = np.int64(rw[r])
        k = _interval_nodes(x, w, lower, upper, buf)
        a = node_ptr[r]
        for i in range(k):
            nodes[a + i] = buf[i]
            local[buf[i]] = i
        node_ptr[r + 1] = a + k
        for i in range(k):
            y = buf[i]
            for c in range(cov_ptr[y], cov_ptr[y + 1]):
                j = local[cov[c]]
                if j >= 0:
                    if ne == edges.shape[0]:
                        e2 = np.empty((2 * ne, 2), np.int32)
                        e2[:ne] = edges
                        edges = e2
                    edges[ne, 0] = i
                    edges[ne, 1] = j
                    ne += 1
        edge_ptr[r + 1] = ne
        for i in range(k):
            local[buf[i]] = -1
    return node_ptr, nodes, edge_ptr, edges[:ne].copy()
