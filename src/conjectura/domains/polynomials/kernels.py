"""Compiled kernels: exact arithmetic in GF(p)[x_0, ..., x_{n-1}] under grevlex, on dense arrays.

Polynomials live in a *pool*: an exponent array ``E`` of shape ``(T, n + 1)`` whose column 0 is
the total degree and columns ``1..n`` the exponents, a coefficient array ``C`` of shape ``(T,)``
with entries in ``[0, p)``, and a table ``PT`` of shape ``(G, 3)`` whose row ``g`` holds the
start row, the number of terms and the sugar of polynomial ``g``. The terms of one polynomial are
consecutive rows, strictly decreasing in grevlex; every polynomial of a Buchberger state is monic.
All integers are int64: for a prime :math:`p < 2^{31}` every product of two residues fits.

Grevlex with :math:`x_0 > x_1 > \\dots > x_{n-1}`: :math:`x^a > x^b` iff :math:`|a| > |b|`, or
:math:`|a| = |b|` and the last non-zero entry of :math:`a - b` is negative.

The kernels are compiled by numba (``cache=True``) when it is installed; without numba the same
functions run as plain Python (exact; a 3-20-10 episode is then some 30 times slower). The hot path of
:func:`step` allocates only small temporary arrays (the pair update). A kernel that runs out of
room in a buffer returns a negative code *before* it changes any state, so the caller can grow
the buffer and call again.
"""

from __future__ import annotations

import numpy as np

try:  # numba is optional: the kernels are plain Python that numba can compile
    from numba import njit as _numba_njit

    def njit(func):
        return _numba_njit(cache=True, nogil=True)(func)

    HAVE_NUMBA = True
except ImportError:  # pragma: no cover - exercised only without numba

    def njit(func):
        return func

    HAVE_NUMBA = False

# return codes of step(): a buffer that must grow before the call is repeated
NEED_SCRATCH = -1
NEED_TERMS = -2
NEED_POLYS = -3
NEED_PAIRS = -4

# pair-elimination codes
ELIM_GEBAUER_MOLLER = 0
ELIM_LCM = 1
ELIM_NONE = 2

# columns of the pair table PR
PAIR_I, PAIR_J, PAIR_LCM_DEGREE, PAIR_SUGAR, PAIR_TRUE_DEGREE = 0, 1, 2, 3, 4
PAIR_COLUMNS = 5

# slots of the META vector of a state
M_POLYS, M_TERMS, M_REDUCERS, M_PAIRS, M_P, M_ELIM, M_SORTED = 0, 1, 2, 3, 4, 5, 6
META_SIZE = 8


@njit
def cmp_rows(A, a, B, b):
    """Grevlex sign of ``A[a] - B[b]``: 1 if ``A[a]`` is larger, -1 if smaller, 0 if equal."""
    if A[a, 0] != B[b, 0]:
        return 1 if A[a, 0] > B[b, 0] else -1
    for v in range(A.shape[1] - 1, 0, -1):
        if A[a, v] != B[b, v]:
            return 1 if A[a, v] < B[b, v] else -1
    return 0


@njit
def cmp_shifted(A, a, B, b, U):
    """Grevlex sign of ``A[a] - (B[b] + U)``."""
    x = A[a, 0]
    y = B[b, 0] + U[0]
    if x != y:
        return 1 if x > y else -1
    for v in range(A.shape[1] - 1, 0, -1):
        x = A[a, v]
        y = B[b, v] + U[v]
        if x != y:
            return 1 if x < y else -1
    return 0


@njit
def cmp_shifted2(A, a, U, B, b, V):
    """Grevlex sign of ``(A[a] + U) - (B[b] + V)``."""
    x = A[a, 0] + U[0]
    y = B[b, 0] + V[0]
    if x != y:
        return 1 if x > y else -1
    for v in range(A.shape[1] - 1, 0, -1):
        x = A[a, v] + U[v]
        y = B[b, v] + V[v]
        if x != y:
            return 1 if x < y else -1
    return 0


@njit
def divides_rows(A, a, B, b):
    """Whether the monomial ``A[a]`` divides ``B[b]``."""
    if A[a, 0] > B[b, 0]:
        return False
    for v in range(1, A.shape[1]):  # noqa: SIM110 - an explicit loop is what numba compiles well
        if A[a, v] > B[b, v]:
            return False
    return True


@njit
def modinv(a, p):
    """The inverse of ``a`` modulo the prime ``p`` (extended Euclid); ``a`` must be non-zero mod p."""
    t, nt = 0, 1
    r, nr = p, a % p
    while nr != 0:
        q = r // nr
        t, nt = nt, t - q * nt
        r, nr = nr, r - q * nr
    return t % p


@njit
def sub_mul(HE, HC, h0, h1, FE, FC, f0, f1, U, c, p, OE, OC):
    """``O = H[h0:h1] - c * x^U * F[f0:f1]``, merged in decreasing grevlex order.

    Returns the number of terms written to ``O``, or -1 when ``O`` is too small.
    """
    cap = OE.shape[0]
    w = HE.shape[1]
    m = (p - c % p) % p  # the coefficient that multiplies the terms of F
    i = h0
    j = f0
    o = 0
    while i < h1 and j < f1:
        s = cmp_shifted(HE, i, FE, j, U)
        if s > 0:
            if o >= cap:
                return -1
            for v in range(w):
                OE[o, v] = HE[i, v]
            OC[o] = HC[i]
            o += 1
            i += 1
        elif s < 0:
            if o >= cap:
                return -1
            for v in range(w):
                OE[o, v] = FE[j, v] + U[v]
            OC[o] = (m * FC[j]) % p
            o += 1
            j += 1
        else:
            cc = (HC[i] + m * FC[j]) % p
            if cc != 0:
                if o >= cap:
                    return -1
                for v in range(w):
                    OE[o, v] = HE[i, v]
                OC[o] = cc
                o += 1
            i += 1
            j += 1
    while i < h1:
        if o >= cap:
            return -1
        for v in range(w):
            OE[o, v] = HE[i, v]
        OC[o] = HC[i]
        o += 1
        i += 1
    while j < f1:
        if o >= cap:
            return -1
        for v in range(w):
            OE[o, v] = FE[j, v] + U[v]
        OC[o] = (m * FC[j]) % p
        o += 1
        j += 1
    return o


@njit
def reduce_full(HE, HC, hlen, sugar, E, C, PT, RED, nred, sorted_red, p, BE, BC, RE, RC):
    """Full reduction of ``H[0:hlen]`` by the monic reducers ``RED[0:nred]`` of the pool.

    The leading term is cancelled by the *first* reducer in ``RED`` whose leading monomial divides
    it (the reducers are in increasing grevlex order of their leading monomials when
    ``sorted_red``); a leading term that no reducer divides moves to the remainder ``R``. ``B`` is
    scratch of the size of ``H``. Returns ``(remainder length, polynomial additions, sugar)``;
    the length is -1 when a buffer is too small. ``H`` and ``B`` are overwritten.
    """
    w = HE.shape[1]
    cap = RE.shape[0]
    U = np.empty(w, np.int64)
    h0 = 0
    h1 = hlen
    rlen = 0
    adds = 0
    while h0 < h1:
        found = -1
        for r in range(nred):
            g = RED[r]
            s = PT[g, 0]
            if E[s, 0] > HE[h0, 0]:
                if sorted_red:
                    break  # increasing grevlex is increasing degree: no later reducer fits
                continue
            ok = True
            for v in range(1, w):
                if E[s, v] > HE[h0, v]:
                    ok = False
                    break
            if ok:
                found = g
                break
        if found >= 0:
            s = PT[found, 0]
            L = PT[found, 1]
            for v in range(w):
                U[v] = HE[h0, v] - E[s, v]
            sg = U[0] + PT[found, 2]
            if sg > sugar:
                sugar = sg
            o = sub_mul(HE, HC, h0 + 1, h1, E, C, s + 1, s + L, U, HC[h0], p, BE, BC)
            if o < 0:
                return -1, adds, sugar
            HE, BE = BE, HE
            HC, BC = BC, HC
            h0 = 0
            h1 = o
            adds += 1
        else:
            if rlen >= cap:
                return -1, adds, sugar
            for v in range(w):
                RE[rlen, v] = HE[h0, v]
            RC[rlen] = HC[h0]
            rlen += 1
            h0 += 1
    return rlen, adds, sugar


@njit
def spoly_into(E, C, PT, i, j, gamma, p, AE, AC, OE, OC):
    """The S-polynomial ``(x^gamma / lm_i) f_i - (x^gamma / lm_j) f_j`` of monic ``f_i, f_j`` into ``O``.

    ``A`` is scratch. Returns the number of terms, or -1 when a buffer is too small.
    """
    w = E.shape[1]
    si = PT[i, 0]
    li = PT[i, 1]
    sj = PT[j, 0]
    lj = PT[j, 1]
    U = np.empty(w, np.int64)
    V = np.empty(w, np.int64)
    for v in range(w):
        U[v] = gamma[v] - E[si, v]
        V[v] = gamma[v] - E[sj, v]
    if li - 1 > AE.shape[0]:
        return -1
    for t in range(li - 1):
        for v in range(w):
            AE[t, v] = E[si + 1 + t, v] + U[v]
        AC[t] = C[si + 1 + t]
    return sub_mul(AE, AC, 0, li - 1, E, C, sj + 1, sj + lj, V, 1, p, OE, OC)


@njit
def spoly_degree(E, C, PT, i, j, gamma, p):
    """Total degree of the S-polynomial of monic ``f_i, f_j`` (-1 when it is zero), without forming it."""
    w = E.shape[1]
    si = PT[i, 0]
    sj = PT[j, 0]
    a = si + 1
    a1 = si + PT[i, 1]
    b = sj + 1
    b1 = sj + PT[j, 1]
    U = np.empty(w, np.int64)
    V = np.empty(w, np.int64)
    for v in range(w):
        U[v] = gamma[v] - E[si, v]
        V[v] = gamma[v] - E[sj, v]
    while a < a1 and b < b1:
        s = cmp_shifted2(E, a, U, E, b, V)
        if s > 0:
            return E[a, 0] + U[0]
        if s < 0:
            return E[b, 0] + V[0]
        if (C[a] - C[b]) % p != 0:
            return E[a, 0] + U[0]
        a += 1
        b += 1
    if a < a1:
        return E[a, 0] + U[0]
    if b < b1:
        return E[b, 0] + V[0]
    return -1


@njit
def argsort_rows(L, m):
    """Indices ``0..m-1`` sorted by the rows of ``L`` in increasing grevlex order (stable merge sort)."""
    idx = np.arange(m)
    tmp = np.empty(m, np.int64)
    width = 1
    while width < m:
        lo = 0
        while lo < m:
            mid = min(lo + width, m)
            hi = min(lo + 2 * width, m)
            a = lo
            b = mid
            k = lo
            while a < mid and b < hi:
                if cmp_rows(L, idx[b], L, idx[a]) < 0:
                    tmp[k] = idx[b]
                    b += 1
                else:
                    tmp[k] = idx[a]
                    a += 1
                k += 1
            while a < mid:
                tmp[k] = idx[a]
                a += 1
                k += 1
            while b < hi:
                tmp[k] = idx[b]
                b += 1
                k += 1
            lo += 2 * width
        idx, tmp = tmp, idx
        width *= 2
    return idx


@njit
def _lcm_is(E, a, F, b, G, c):
    """Whether lcm(E[a], F[b]) equals the monomial G[c]."""
    for v in range(1, E.shape[1]):
        x = E[a, v]
        y = F[b, v]
        if (x if x > y else y) != G[c, v]:
            return False
    return True


@njit
def _set_pair(q, i, m, L, li, E, C, PT, PR, PL, p):
    w = E.shape[1]
    for v in range(w):
        PL[q, v] = L[li, v]
    d = L[li, 0]
    PR[q, 0] = i
    PR[q, 1] = m
    PR[q, 2] = d
    s1 = PT[i, 2] + d - E[PT[i, 0], 0]
    s2 = PT[m, 2] + d - E[PT[m, 0], 0]
    PR[q, 3] = s1 if s1 > s2 else s2
    PR[q, 4] = spoly_degree(E, C, PT, i, m, PL[q], p)


@njit
def update(m, E, C, PT, PR, PL, npairs, elim, p):
    """Add polynomial ``m`` to the basis ``0..m-1``: eliminate pairs and append the new ones.

    Gebauer--Moller (``elim == 0``): drop an old pair :math:`(i, j)` when :math:`\\mathrm{lm}(f)`
    divides :math:`\\gamma_{ij}` and :math:`\\gamma_{ij}` differs from both
    :math:`\\mathrm{lcm}(\\mathrm{lm}_i, \\mathrm{lm}(f))` and :math:`\\mathrm{lcm}(\\mathrm{lm}_j,
    \\mathrm{lm}(f))`; group the new pairs by :math:`\\gamma_i = \\mathrm{lcm}(\\mathrm{lm}_i,
    \\mathrm{lm}(f))`, visit the groups in increasing grevlex order, skip a group whose
    :math:`\\gamma` is divisible by the :math:`\\gamma` of an earlier kept group, keep it
    otherwise, and add its pair with the smallest ``i`` unless some member has coprime leading
    monomials. ``elim == 1`` keeps every old pair and adds the new pairs without coprime leading
    monomials; ``elim == 2`` adds every new pair. New pairs are appended in increasing ``i``.
    Returns the new number of pairs. The caller guarantees room for ``m`` more pairs.
    """
    w = E.shape[1]
    sf = PT[m, 0]
    if elim == 0:
        out = 0
        for q in range(npairs):
            drop = False
            if divides_rows(E, sf, PL, q):
                si = PT[PR[q, 0], 0]
                sj = PT[PR[q, 1], 0]
                if not _lcm_is(E, si, E, sf, PL, q) and not _lcm_is(E, sj, E, sf, PL, q):
                    drop = True
            if not drop:
                if out != q:
                    for v in range(w):
                        PL[out, v] = PL[q, v]
                    for v in range(PR.shape[1]):
                        PR[out, v] = PR[q, v]
                out += 1
        npairs = out
    if m == 0:
        return npairs
    L = np.empty((m, w), np.int64)
    coprime = np.empty(m, np.bool_)
    for i in range(m):
        si = PT[i, 0]
        d = 0
        for v in range(1, w):
            x = E[si, v]
            y = E[sf, v]
            L[i, v] = x if x > y else y
            d += L[i, v]
        L[i, 0] = d
        coprime[i] = d == E[si, 0] + E[sf, 0]
    if elim == 2:
        for i in range(m):
            _set_pair(npairs, i, m, L, i, E, C, PT, PR, PL, p)
            npairs += 1
        return npairs
    if elim == 1:
        for i in range(m):
            if not coprime[i]:
                _set_pair(npairs, i, m, L, i, E, C, PT, PR, PL, p)
                npairs += 1
        return npairs
    order = argsort_rows(L, m)
    kept = np.empty(m, np.int64)
    nk = 0
    new = np.empty(m, np.int64)
    nnew = 0
    t = 0
    while t < m:
        g0 = order[t]
        u = t + 1
        while u < m and cmp_rows(L, order[u], L, g0) == 0:
            u += 1
        blocked = False
        for kk in range(nk):
            if divides_rows(L, kept[kk], L, g0):
                blocked = True
                break
        if not blocked:
            kept[nk] = g0
            nk += 1
            anyc = False
            for z in range(t, u):
                if coprime[order[z]]:
                    anyc = True
                    break
            if not anyc:
                new[nnew] = g0  # the stable sort puts the smallest i of the group first
                nnew += 1
        t = u
    # append in increasing i (insertion sort: nnew is small)
    for a in range(1, nnew):
        x = new[a]
        b = a - 1
        while b >= 0 and new[b] > x:
            new[b + 1] = new[b]
            b -= 1
        new[b + 1] = x
    for a in range(nnew):
        i = new[a]
        _set_pair(npairs, i, m, L, i, E, C, PT, PR, PL, p)
        npairs += 1
    return npairs


@njit
def _insert_reducer(g, E, PT, RED, nred, sorted_red):
    """Insert polynomial ``g`` into the reducer list after every reducer whose lm is <= lm(g)."""
    if not sorted_red:
        RED[nred] = g
        return nred + 1
    sg = PT[g, 0]
    lo = 0
    hi = nred
    while lo < hi:
        mid = (lo + hi) // 2
        if cmp_rows(E, PT[RED[mid], 0], E, sg) > 0:
            hi = mid
        else:
            lo = mid + 1
    for r in range(nred, lo, -1):
        RED[r] = RED[r - 1]
    RED[lo] = g
    return nred + 1


@njit
def _fill_leads(g, E, PT, LEADS):
    """Row ``g`` of LEADS: the exponent vectors of the first k terms of ``g``, zero-padded."""
    n = E.shape[1] - 1
    k = LEADS.shape[1] // n
    s = PT[g, 0]
    L = PT[g, 1]
    for t in range(k):
        for v in range(n):
            LEADS[g, t * n + v] = E[s + t, v + 1] if t < L else 0


@njit
def _init_state(ngen, E, C, PT, RED, PR, PL, META, LEADS):
    """Add the monic generators ``0..ngen-1`` (already in the pool) one by one, as the paper does."""
    elim = META[5]
    sorted_red = META[6] != 0
    p = META[4]
    npairs = 0
    nred = 0
    for m in range(ngen):
        _fill_leads(m, E, PT, LEADS)
        npairs = update(m, E, C, PT, PR, PL, npairs, elim, p)
        nred = _insert_reducer(m, E, PT, RED, nred, sorted_red)
    META[0] = ngen
    META[2] = nred
    META[3] = npairs
    return 0


@njit
def step(idx, E, C, PT, RED, PR, PL, META, LEADS, SE, SC):
    """Process pending pair ``idx``: form its S-polynomial, reduce it fully, update the basis.

    Returns the number of polynomial additions of the reduction (>= 0), or a negative code naming
    the buffer that must grow first (nothing has changed then). ``idx = -1 - m`` initialises
    the state instead with the ``m`` monic generators already in the pool (one compiled entry
    point for both keeps the compilation short).
    """
    if idx < 0:
        return _init_state(-1 - idx, E, C, PT, RED, PR, PL, META, LEADS)
    ng = META[0]
    nt = META[1]
    nred = META[2]
    npairs = META[3]
    p = META[4]
    elim = META[5]
    sorted_red = META[6] != 0
    w = E.shape[1]
    i = PR[idx, 0]
    j = PR[idx, 1]
    AE = SE[1]
    AC = SC[1]
    HE = SE[0]
    HC = SC[0]
    hlen = spoly_into(E, C, PT, i, j, PL[idx], p, AE, AC, HE, HC)
    if hlen < 0:
        return NEED_SCRATCH
    rlen, adds, sugar = reduce_full(
        HE, HC, hlen, PR[idx, 3], E, C, PT, RED, nred, sorted_red, p, SE[1], SC[1], SE[2], SC[2]
    )
    if rlen < 0:
        return NEED_SCRATCH
    if rlen > 0:
        if nt + rlen > E.shape[0]:
            return NEED_TERMS
        if ng + 1 > PT.shape[0]:
            return NEED_POLYS
        if npairs - 1 + ng > PR.shape[0]:
            return NEED_PAIRS
    # commit: remove the pair, keeping the order of the others
    for q in range(idx, npairs - 1):
        for v in range(w):
            PL[q, v] = PL[q + 1, v]
        for v in range(PR.shape[1]):
            PR[q, v] = PR[q + 1, v]
    npairs -= 1
    if rlen > 0:
        RE = SE[2]
        RC = SC[2]
        inv = modinv(RC[0], p)
        for t in range(rlen):
            for v in range(w):
                E[nt + t, v] = RE[t, v]
            C[nt + t] = (RC[t] * inv) % p
        PT[ng, 0] = nt
        PT[ng, 1] = rlen
        PT[ng, 2] = sugar
        _fill_leads(ng, E, PT, LEADS)
        npairs = update(ng, E, C, PT, PR, PL, npairs, elim, p)
        nred = _insert_reducer(ng, E, PT, RED, nred, sorted_red)
        META[0] = ng + 1
        META[1] = nt + rlen
        META[2] = nred
    META[3] = npairs
    return adds


@njit
def argmin_lcm(PR, PL, npairs, by_sugar):
    """First pending pair with the smallest (sugar, lcm) -- or smallest lcm -- in grevlex."""
    best = 0
    for q in range(1, npairs):
        if by_sugar and PR[q, 3] != PR[best, 3]:
            if PR[q, 3] < PR[best, 3]:
                best = q
            continue
        if cmp_rows(PL, q, PL, best) < 0:
            best = q
    return best


@njit
def _grow2(A, need):
    cap = A.shape[0]
    while cap < need:
        cap *= 2
    B = np.zeros((cap, A.shape[1]), np.int64)
    B[: A.shape[0]] = A
    return B


@njit
def _grow1(A, need):
    cap = A.shape[0]
    while cap < need:
        cap *= 2
    B = np.zeros(cap, np.int64)
    B[: A.shape[0]] = A
    return B


@njit
def reduce_batch(E, C, PT, RED, nred, sorted_red, QE, QC, QPT, p):
    """Full normal forms of the query polynomials ``Q`` by the monic reducers ``RED``.

    Returns ``(OE, OC, OPT)``: the remainders in a pool, and per query its start, its number of
    terms and the number of polynomial additions of its reduction.
    """
    w = E.shape[1]
    nq = QPT.shape[0]
    cap = 16
    for q in range(nq):
        while cap < QPT[q, 1]:
            cap *= 2
    SE = np.zeros((3, cap, w), np.int64)
    SC = np.zeros((3, cap), np.int64)
    OE = np.zeros((max(QE.shape[0], 16), w), np.int64)
    OC = np.zeros(OE.shape[0], np.int64)
    OPT = np.zeros((nq, 3), np.int64)
    out = 0
    for q in range(nq):
        while True:
            s = QPT[q, 0]
            L = QPT[q, 1]
            for t in range(L):
                for v in range(w):
                    SE[0, t, v] = QE[s + t, v]
                SC[0, t] = QC[s + t]
            rlen, adds, _ = reduce_full(
                SE[0], SC[0], L, 0, E, C, PT, RED, nred, sorted_red, p, SE[1], SC[1], SE[2], SC[2]
            )
            if rlen >= 0:
                break
            cap *= 2
            SE = np.zeros((3, cap, w), np.int64)
            SC = np.zeros((3, cap), np.int64)
        if out + rlen > OE.shape[0]:
            OE = _grow2(OE, out + rlen)
            OC = _grow1(OC, out + rlen)
        for t in range(rlen):
            for v in range(w):
                OE[out + t, v] = SE[2, t, v]
            OC[out + t] = SC[2, t]
        OPT[q, 0] = out
        OPT[q, 1] = rlen
        OPT[q, 2] = adds
        out += rlen
    return OE[:out].copy(), OC[:out].copy(), OPT


@njit
def spoly_batch(E, C, PT, PAIRS, p):
    """S-polynomials of the monic pool polynomials ``PAIRS[q] = (i, j)``, as a pool ``(QE, QC, QPT)``."""
    w = E.shape[1]
    npair = PAIRS.shape[0]
    cap = 16
    for g in range(PT.shape[0]):
        while cap < 2 * PT[g, 1]:
            cap *= 2
    AE = np.zeros((cap, w), np.int64)
    AC = np.zeros(cap, np.int64)
    OE = np.zeros((cap, w), np.int64)
    OC = np.zeros(cap, np.int64)
    QE = np.zeros((max(16, 2 * npair), w), np.int64)
    QC = np.zeros(QE.shape[0], np.int64)
    QPT = np.zeros((npair, 3), np.int64)
    gamma = np.empty(w, np.int64)
    out = 0
    for q in range(npair):
        i = PAIRS[q, 0]
        j = PAIRS[q, 1]
        si = PT[i, 0]
        sj = PT[j, 0]
        d = 0
        for v in range(1, w):
            x = E[si, v]
            y = E[sj, v]
            gamma[v] = x if x > y else y
            d += gamma[v]
        gamma[0] = d
        L = spoly_into(E, C, PT, i, j, gamma, p, AE, AC, OE, OC)  # fits: len <= len_i + len_j - 2
        if out + L > QE.shape[0]:
            QE = _grow2(QE, out + L)
            QC = _grow1(QC, out + L)
        for t in range(L):
            for v in range(w):
                QE[out + t, v] = OE[t, v]
            QC[out + t] = OC[t]
        QPT[q, 0] = out
        QPT[q, 1] = L
        out += L
    return QE, QC, QPT


@njit
def sort_reducers(E, PT, ng):
    """The polynomials ``0..ng-1`` in increasing grevlex order of their leading monomials (stable)."""
    w = E.shape[1]
    LM = np.empty((ng, w), np.int64)
    for g in range(ng):
        for v in range(w):
            LM[g, v] = E[PT[g, 0], v]
    return argsort_rows(LM, ng)


@njit
def minimal_indices(E, PT, ng):
    """Pool indices of a minimal basis of the polynomials ``0..ng-1``: in increasing grevlex order
    of leading monomials, those whose leading monomial no earlier kept one divides."""
    order = sort_reducers(E, PT, ng)
    keep = np.empty(ng, np.int64)
    nk = 0
    for a in range(ng):
        g = order[a]
        sg = PT[g, 0]
        ok = True
        for b in range(nk):
            if divides_rows(E, PT[keep[b], 0], E, sg):
                ok = False
                break
        if ok:
            keep[nk] = g
            nk += 1
    return keep[:nk].copy()
