"""Independent references for Kazhdan-Lusztig polynomials, sharing no code with the engine.

``hecke_kl_polynomials(n)``: the Kazhdan-Lusztig basis of the Hecke algebra of S_n built by
multiplying by the generators and subtracting lower basis elements until the coefficients lie in
v Z[v] (Soergel's normalisation: H_s^2 = 1 + (v^-1 - v) H_s, underline-H_s = H_s + v,
h_{x,w} = v^{l(w)-l(x)} P_{x,w}(v^-2)); plain Python dictionaries, for n <= 5.

``Coxeter3``: Fokko du Cloux's Coxeter 3 through passagemath-coxeter3 (optional).

W. Soergel, "Kazhdan-Lusztig polynomials and a combinatoric for tilting modules", Represent.
Theory 1 (1997) 83-114, doi:10.1090/S1088-4165-97-00021-6.
"""

from __future__ import annotations

import itertools


def _length(x):
    return sum(1 for i in range(len(x)) for j in range(i + 1, len(x)) if x[i] > x[j])


def _left_mult(s, x):
    """s_s x: swap the values s and s + 1."""
    return tuple(s + 1 if a == s else s if a == s + 1 else a for a in x)


def _add(p, q, c=1):
    out = dict(p)
    for e, a in q.items():
        out[e] = out.get(e, 0) + c * a
        if out[e] == 0:
            del out[e]
    return out


def _mul(p, q):
    out = {}
    for e1, a1 in p.items():
        for e2, a2 in q.items():
            out[e1 + e2] = out.get(e1 + e2, 0) + a1 * a2
    return {e: a for e, a in out.items() if a}


def _hs_times(s, elt):
    """(H_s + v) * sum_x c_x H_x in the standard basis."""
    out = {}

    def acc(x, c):
        cur = _add(out.get(x, {}), c)
        if cur:
            out[x] = cur
        else:
            out.pop(x, None)

    for x, c in elt.items():
        acc(x, _mul(c, {1: 1}))  # v H_x
        sx = _left_mult(s, x)
        if _length(sx) > _length(x):
            acc(sx, c)  # H_s H_x = H_{sx}
        else:  # H_s H_x = H_{sx} + (v^-1 - v) H_x
            acc(sx, c)
            acc(x, _mul(c, {-1: 1, 1: -1}))
    return out


def hecke_kl_polynomials(n):
    """{(x, w): P_{x,w} as a coefficient tuple} for every pair x <= w of S_n (one-line tuples)."""
    elems = sorted(itertools.permutations(range(1, n + 1)), key=lambda x: (_length(x), x))
    basis = {elems[0]: {elems[0]: {0: 1}}}
    for w in elems[1:]:
        s = next(i for i in range(1, n) if w.index(i) > w.index(i + 1))  # left descent: s w < w
        b = _hs_times(s, basis[_left_mult(s, w)])
        for x in sorted(b, key=lambda y: (-_length(y), y)):
            if x == w or x not in b:
                continue
            c = b[x]
            assert min(c) >= 0, "negative powers of v cannot occur"
            a = c.get(0, 0)
            if a:
                for y, cy in basis[x].items():
                    cur = _add(b.get(y, {}), cy, -a)
                    if cur:
                        b[y] = cur
                    else:
                        b.pop(y, None)
        basis[w] = b
    out = {}
    for w, elt in basis.items():
        for x, h in elt.items():
            l = _length(w) - _length(x)
            coeffs = [0] * (max((l - e) // 2 for e in h) + 1)
            for e, a in h.items():
                assert (l - e) % 2 == 0
                coeffs[(l - e) // 2] += a
            out[(x, w)] = tuple(coeffs)
    return out


def reduced_word(x):
    """A reduced word (i1, ..., ik) with x = s_i1 ... s_ik, by sorting x with adjacent swaps."""
    x = list(x)
    word = []
    while True:
        d = next((i for i in range(len(x) - 1) if x[i] > x[i + 1]), None)
        if d is None:
            return tuple(reversed(word))
        x[d], x[d + 1] = x[d + 1], x[d]
        word.append(d + 1)


class Coxeter3:
    """P_{x,w} and mu(x, w) of S_n from Coxeter 3 (passagemath-coxeter3)."""

    def __init__(self, n):
        import sage.rings.polynomial.laurent_polynomial_ring  # noqa: F401  (a lazy import passagemath needs first)
        from sage.libs.coxeter3.coxeter import CoxGroupElement, get_CoxGroup

        self._W = get_CoxGroup(["A", n - 1])
        self._E = CoxGroupElement

    def element(self, x):
        return self._E(self._W, list(reduced_word(x)))

    def poly(self, x, w):
        p = self.element(x).kazhdan_lusztig_polynomial(self.element(w))
        return tuple(int(c) for c in p.list())

    def mu(self, x, w):
        return int(self.element(x).mu_coefficient(self.element(w)))
