r"""S-polynomials, the division algorithm, and minimal and reduced Groebner bases.

For monic :math:`f, g` with leading monomials :math:`\mathrm{lm}(f), \mathrm{lm}(g)` and
:math:`\gamma = \mathrm{lcm}(\mathrm{lm}(f), \mathrm{lm}(g))`,

.. math:: S(f, g) = \frac{\gamma}{\mathrm{lt}(f)}\, f - \frac{\gamma}{\mathrm{lt}(g)}\, g .

*Full* reduction of :math:`h` by a list :math:`F`: while :math:`h \neq 0`, cancel its leading term
with the first :math:`f \in F` whose leading monomial divides it (one *polynomial addition*
:math:`h \leftarrow h - c\,x^u f`), or else move the leading term to the remainder. The reducers
are taken in increasing grevlex order of their leading monomials, as in the environment of
Peifer, Stillman and Halpern-Leistner (2020); the remainder then does not depend on the order
of the input list.

References
----------
D. Cox, J. Little, D. O'Shea, *Ideals, Varieties, and Algorithms*, 4th ed. (2015), Chapter 2,
Sections 3, 6 and 7. doi:10.1007/978-3-319-16721-3.
D. Peifer, M. Stillman, D. Halpern-Leistner, ICML 2020, arXiv:2005.01917.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from conjectura.domains.polynomials.poly import Polynomial, monic
from conjectura.exceptions import InvalidParameterError

__all__ = ["s_polynomial", "normal_form", "minimal_basis", "reduced_basis"]

_K = None


def kernels():
    """The compiled kernels module, imported on first use (numba stays out of ``import conjectura``)."""
    global _K
    if _K is None:
        from conjectura.domains.polynomials import kernels as k

        _K = k
    return _K


def ring_of(polys: Sequence[Polynomial], owner: str) -> tuple[int, int]:
    """``(n, p)`` of a non-empty list of polynomials of one ring, else InvalidParameterError."""
    polys = list(polys)
    if not polys:
        raise InvalidParameterError(f"{owner} needs at least one polynomial (to know the ring).")
    for f in polys:
        if not isinstance(f, Polynomial):
            raise InvalidParameterError(f"{owner} takes Polynomial objects. Got {type(f).__name__} instead.")
    n, p = polys[0].n, polys[0].p
    for f in polys[1:]:
        if (f.n, f.p) != (n, p):
            raise InvalidParameterError(
                f"{owner}: all polynomials must lie in one ring; got GF({p})[{n} variables] and "
                f"GF({f.p})[{f.n} variables]."
            )
    return n, p


def to_pool(polys: Sequence[Polynomial], *, make_monic: bool = False):
    """The kernel layout ``(E, C, PT)`` of a list of polynomials (degree in column 0 of ``E``)."""
    polys = [monic(f) if make_monic else f for f in polys]
    n = polys[0].n if polys else 0
    lens = np.array([len(f) for f in polys], dtype=np.int64)
    total = int(lens.sum())
    E = np.zeros((max(total, 1), n + 1), dtype=np.int64)
    C = np.zeros(max(total, 1), dtype=np.int64)
    PT = np.zeros((len(polys), 3), dtype=np.int64)
    t = 0
    for g, f in enumerate(polys):
        L = len(f)
        if L:
            E[t : t + L, 1:] = f.exponents
            E[t : t + L, 0] = f.exponents.sum(axis=1)
            C[t : t + L] = f.coefficients
        PT[g] = (t, L, E[t, 0] if L else 0)
        t += L
    return E, C, PT


def from_pool(E: np.ndarray, C: np.ndarray, PT: np.ndarray, p: int, rows=None) -> list[Polynomial]:
    """Polynomials ``rows`` (default all) of a kernel pool."""
    rows = range(PT.shape[0]) if rows is None else rows
    out = []
    for g in rows:
        s, L = int(PT[g, 0]), int(PT[g, 1])
        out.append(Polynomial._from_sorted(E[s : s + L, 1:].copy(), C[s : s + L].copy(), p))
    return out


def _sorted_reducers(E, PT) -> np.ndarray:
    K = kernels()
    return np.ascontiguousarray(K.sort_reducers(E, PT, PT.shape[0]), dtype=np.int64)


def s_polynomial(f: Polynomial, g: Polynomial) -> Polynomial:
    r"""The S-polynomial :math:`S(f, g)` of two non-zero polynomials.

    Examples
    --------
    >>> from conjectura.domains.polynomials.poly import parse_polynomial as P
    >>> str(s_polynomial(P("x0^3*x1^2 - x0^2*x1^3", n=2), P("x0^4*x1 + x1^2", n=2)))
    '32002*x0^3*x1^3 + 32002*x1^3'
    """
    ring_of([f, g], "s_polynomial")
    if f.is_zero or g.is_zero:
        raise InvalidParameterError("s_polynomial needs non-zero polynomials.")
    E, C, PT = to_pool([f, g], make_monic=True)
    QE, QC, QPT = kernels().spoly_batch(E, C, PT, np.array([[0, 1]], dtype=np.int64), f.p)
    L = int(QPT[0, 1])
    return Polynomial._from_sorted(QE[:L, 1:].copy(), QC[:L].copy(), f.p)


def normal_form(f: Polynomial, G: Sequence[Polynomial]) -> tuple[Polynomial, int]:
    r"""The remainder of the full reduction of ``f`` by ``G``, and the number of polynomial additions.

    The reducers are the non-zero elements of ``G`` made monic and taken in increasing grevlex
    order of their leading monomials. When ``G`` is a Groebner basis the remainder is the normal
    form of ``f`` modulo the ideal of ``G`` and is zero iff :math:`f \in \langle G \rangle`.

    Examples
    --------
    >>> from conjectura.domains.polynomials.poly import parse_polynomials as Ps
    >>> G = Ps("x^2 + y, x*y*z + z, x*z^2 + y^2", "x, y, z")
    >>> r, adds = normal_form(Ps("x^3*y*z^2 + x^2*z", "x, y, z")[0], G)
    >>> from conjectura.domains.polynomials.poly import format_polynomial
    >>> format_polynomial(r, "x, y, z"), adds
    ('y^4 + 32002*y*z', 3)
    """
    ring_of([f, *G], "normal_form")
    G = [g for g in G if not g.is_zero]
    return _normal_forms([f], G)[0]


def _normal_forms(fs: Sequence[Polynomial], G: Sequence[Polynomial]) -> list[tuple[Polynomial, int]]:
    """Full reductions of every ``f`` in ``fs`` by the non-zero list ``G`` (one kernel call)."""
    p = fs[0].p if fs else (G[0].p if G else 2)
    if not fs:
        return []
    n = fs[0].n
    K = kernels()
    if G:
        E, C, PT = to_pool(G, make_monic=True)
        RED = _sorted_reducers(E, PT)
    else:
        E, C, PT = np.zeros((1, n + 1), np.int64), np.zeros(1, np.int64), np.zeros((0, 3), np.int64)
        RED = np.zeros(0, np.int64)
    QE, QC, QPT = to_pool(fs)
    OE, OC, OPT = K.reduce_batch(E, C, PT, RED, len(G), True, QE, QC, QPT, p)
    return [
        (Polynomial._from_sorted(OE[s : s + L, 1:].copy(), OC[s : s + L].copy(), p), int(a))
        for s, L, a in OPT.tolist()
    ]


def _minimal_indices(E: np.ndarray, PT: np.ndarray) -> np.ndarray:
    """Pool indices of a minimal basis, in increasing order of leading monomials (of equal leading
    monomials the first is kept)."""
    return kernels().minimal_indices(E, PT, PT.shape[0])


def reduced_from_pool(E: np.ndarray, C: np.ndarray, PT: np.ndarray, p: int) -> list[Polynomial]:
    """The reduced Groebner basis from a monic Groebner basis stored in a kernel pool."""
    if PT.shape[0] == 0:
        return []
    keep = _minimal_indices(E, PT)
    starts = PT[keep, 0] + 1
    lens = PT[keep, 1] - 1
    offs = np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int64)
    idx = np.repeat(starts - offs, lens) + np.arange(int(lens.sum()), dtype=np.int64)
    QE = np.ascontiguousarray(E[idx]) if idx.size else np.zeros((1, E.shape[1]), np.int64)
    QC = np.ascontiguousarray(C[idx]) if idx.size else np.zeros(1, np.int64)
    QPT = np.ascontiguousarray(np.stack([offs, lens, np.zeros_like(lens)], axis=1), dtype=np.int64)
    OE, OC, OPT = kernels().reduce_batch(E, C, PT, keep, keep.size, True, QE, QC, QPT, p)
    # each polynomial: its leading term (coefficient 1), then its reduced tail
    nk = keep.size
    heads = OPT[:, 0] + np.arange(nk)
    rows = np.ones(nk + OE.shape[0], dtype=bool)
    rows[heads] = False
    AE = np.empty((nk + OE.shape[0], E.shape[1] - 1), dtype=np.int64)
    AC = np.empty(nk + OE.shape[0], dtype=np.int64)
    AE[heads] = E[PT[keep, 0], 1:]
    AC[heads] = 1
    AE[rows] = OE[:, 1:]
    AC[rows] = OC
    return [
        Polynomial._from_sorted(AE[h : h + 1 + L], AC[h : h + 1 + L], p)
        for h, L in zip(heads.tolist(), OPT[:, 1].tolist())
    ]


def minimal_basis(G: Sequence[Polynomial]) -> list[Polynomial]:
    """A minimal Groebner basis from a Groebner basis ``G``: monic, in increasing order of leading
    monomials, dropping every element whose leading monomial an earlier kept one divides.

    >>> from conjectura.domains.polynomials.poly import parse_polynomials as Ps
    >>> [str(g) for g in minimal_basis(Ps("x0^2 + x1, x0, x1^2", n=2))]
    ['x0', 'x1^2']
    """
    ring_of(G, "minimal_basis")
    G = [monic(g) for g in G if not g.is_zero]
    if not G:
        return []
    E, _, PT = to_pool(G)
    return [G[k] for k in _minimal_indices(E, PT).tolist()]


def reduced_basis(G: Sequence[Polynomial]) -> list[Polynomial]:
    r"""The reduced Groebner basis of :math:`\langle G \rangle` from a Groebner basis ``G``.

    Minimalise, then replace each tail by its normal form modulo the minimal basis. The result
    is unique for the ideal and the order (Cox--Little--O'Shea, Chapter 2, Section 7,
    Theorem 5); it is returned monic, in increasing grevlex order of leading monomials. If ``G``
    is not a Groebner basis the output is not meaningful: check it with
    :func:`~conjectura.domains.polynomials.groebner.is_groebner_basis`.

    Examples
    --------
    >>> from conjectura.domains.polynomials.poly import parse_polynomials as Ps
    >>> [str(g) for g in reduced_basis(Ps("x0^2 - x1, x0*x1 - 1, x1^2 - x0", n=2))]
    ['x1^2 + 32002*x0', 'x0*x1 + 32002', 'x0^2 + 32002*x1']
    """
    ring_of(G, "reduced_basis")
    G = [g for g in G if not g.is_zero]
    if not G:
        return []
    E, C, PT = to_pool(G, make_monic=True)
    return reduced_from_pool(E, C, PT, G[0].p)
