"""Real algebraic numbers with exact comparisons, built on python-flint.

A :class:`RealAlgebraic` is an irreducible integer polynomial ``f`` and a rational interval
``[lo, hi]`` that contains exactly one root of ``f``. The interval comes from flint's certified
complex root isolation (``fmpz_poly.complex_roots``: each returned ball provably contains exactly
one root, and real roots are returned with an exactly zero imaginary part) and is refined by
bisection with *exact* sign evaluation at rational points. Because ``f`` is squarefree its root is
simple, so the sign of ``f`` changes across it; that is all the comparisons below use.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Union

from conjectura.exact.surd import QuadraticSurd

__all__ = ["RealAlgebraic", "real_roots"]

Number = Union[int, Fraction, QuadraticSurd, "RealAlgebraic"]


def _fmpq(x: Fraction):
    from flint import fmpq

    return fmpq(x.numerator, x.denominator)


def _arb_to_fraction(a) -> Fraction:
    man, exp = a.man_exp()
    man, exp = int(man), int(exp)
    return Fraction(man * 2**exp) if exp >= 0 else Fraction(man, 2**-exp)


def _sign_at(f, x) -> int:
    """Exact sign of the integer polynomial ``f`` at a rational or a quadratic surd."""
    if isinstance(x, QuadraticSurd):
        if x.q == 0:
            return _sign_at(f, x.p)
        acc = QuadraticSurd(0, 0, x.m)
        for c in reversed(f.coeffs()):  # Horner in Q(sqrt(m))
            acc = acc * x + int(c)
        return acc.sign()
    v = f(_fmpq(Fraction(x)))
    return (v > 0) - (v < 0)


class RealAlgebraic:
    """A real root of an irreducible integer polynomial, isolated in a rational interval.

    Use :func:`real_roots` to make them. Compare with ints, Fractions, :class:`QuadraticSurd`
    and other :class:`RealAlgebraic` numbers with ``<``, ``==`` etc.; every answer is exact.

    Examples
    --------
    >>> from flint import fmpz_poly
    >>> r = real_roots(fmpz_poly([-10, 0, 1]))[0]        # largest root of x^2 - 10
    >>> r > 3, r < QuadraticSurd(0, 1, 11), r == QuadraticSurd(0, 1, 10)
    (True, True, True)
    """

    __slots__ = ("_slo", "hi", "lo", "poly")

    def __init__(self, poly, lo: Fraction, hi: Fraction):
        self.poly, self.lo, self.hi = poly, Fraction(lo), Fraction(hi)
        self._slo = _sign_at(poly, self.lo)
        if self.lo == self.hi and self._slo != 0:
            raise ValueError("degenerate interval does not contain a root")

    @property
    def is_rational(self) -> bool:
        return self.poly.degree() == 1

    def rational(self) -> Fraction | None:
        """The root as a Fraction when the polynomial is linear."""
        if self.poly.degree() != 1:
            return None
        c0, c1 = (int(c) for c in self.poly.coeffs())
        return Fraction(-c0, c1)

    def refine(self) -> None:
        """Halve the isolating interval (exact sign evaluation at the midpoint)."""
        if self._slo == 0:
            self.hi = self.lo
            return
        mid = (self.lo + self.hi) / 2
        s = _sign_at(self.poly, mid)
        if s == 0:
            self.lo = self.hi = mid
            self._slo = 0
        elif s == self._slo:
            self.lo, self._slo = mid, s
        else:
            self.hi = mid

    def compare(self, x: Number) -> int:
        """Exact sign of ``self - x``."""
        if isinstance(x, RealAlgebraic):
            return self._compare_algebraic(x)
        if isinstance(x, (int, Fraction)):
            x = Fraction(x)
        elif not isinstance(x, QuadraticSurd):
            raise TypeError(f"cannot compare RealAlgebraic with {type(x).__name__}")
        r = self.rational()
        if r is not None:
            return -((x - r).sign() if isinstance(x, QuadraticSurd) else (x > r) - (x < r))
        if self._slo == 0:  # root is exactly lo
            return -_cmp_number(x, self.lo)
        if _cmp_number(x, self.lo) <= 0:  # lo is not a root, so root > lo >= x
            return 1
        if _cmp_number(x, self.hi) > 0:
            return -1
        sx = _sign_at(self.poly, x)
        if sx == 0:
            return 0  # x is the unique root in [lo, hi]
        # one simple root in [lo, hi]: it lies in (lo, x) iff the sign changes on [lo, x]
        return -1 if sx != self._slo else 1

    def _compare_algebraic(self, other: RealAlgebraic) -> int:
        if self.poly == other.poly or -self.poly == other.poly:
            # same irreducible polynomial: equal iff the isolating intervals share the root
            while True:
                if self.hi < other.lo:
                    return -1
                if other.hi < self.lo:
                    return 1
                if self.lo == other.lo and self.hi == other.hi:
                    return 0
                # overlapping isolating intervals of one squarefree polynomial hold one root
                lo, hi = max(self.lo, other.lo), min(self.hi, other.hi)
                if _sign_at(self.poly, lo) * _sign_at(self.poly, hi) <= 0:
                    return 0
                self.refine()
                other.refine()
        # distinct irreducible polynomials have no common root: refine until disjoint
        while True:
            if self.hi < other.lo:
                return -1
            if other.hi < self.lo:
                return 1
            self.refine()
            other.refine()

    def __lt__(self, x):
        return self.compare(x) < 0

    def __le__(self, x):
        return self.compare(x) <= 0

    def __gt__(self, x):
        return self.compare(x) > 0

    def __ge__(self, x):
        return self.compare(x) >= 0

    def __eq__(self, x):
        try:
            return self.compare(x) == 0
        except TypeError:
            return NotImplemented

    __hash__ = None  # mutable refinement state; not hashable

    def __float__(self) -> float:
        return float((self.lo + self.hi) / 2)

    def approx(self, digits: int = 12) -> str:
        """A decimal approximation, refined until ``digits`` significant digits are settled."""
        while float(self.hi - self.lo) > 10.0 ** (-digits - 2) * max(1.0, abs(float(self.lo))):
            self.refine()
        return f"{float((self.lo + self.hi) / 2):.{digits}g}"

    def to_json(self) -> dict:
        """Exact, canonical description: minimal polynomial and root index (1 = largest)."""
        roots = real_roots(self.poly)
        index = next(i for i, r in enumerate(roots, 1) if r.compare(self) == 0)
        return {"minpoly": str(self.poly), "root_index": index}

    def __repr__(self) -> str:
        return f"RealAlgebraic({self.poly}, [{self.lo}, {self.hi}])"

    def __str__(self) -> str:
        r = self.rational()
        if r is not None:
            return str(r)
        return f"root of {self.poly} ~ {self.approx(10)}"


def _cmp_number(x, y: Fraction) -> int:
    if isinstance(x, QuadraticSurd):
        return (x - y).sign()
    return (x > y) - (x < y)


def real_roots(poly, *, multiplicities: bool = False):
    """The real roots of an integer polynomial, largest first, as :class:`RealAlgebraic`.

    Parameters
    ----------
    poly : flint.fmpz_poly
    multiplicities : bool
        If True, return ``[(root, multiplicity), ...]``; otherwise distinct roots.

    Notes
    -----
    The polynomial is factored into irreducibles (flint), so each root carries its minimal
    polynomial. Roots from distinct factors are distinct and are ordered by refining their
    isolating intervals until they separate.
    """
    from flint import fmpz_poly

    if not isinstance(poly, fmpz_poly):
        poly = fmpz_poly(list(poly))
    if poly.is_zero():
        raise ValueError("the zero polynomial has no isolated roots")
    _, factors = poly.factor()
    roots: list[tuple[RealAlgebraic, int]] = []
    for f, e in factors:
        if f.leading_coefficient() < 0:
            f = -f
        if f.degree() == 1:
            c0, c1 = (int(c) for c in f.coeffs())
            x = Fraction(-c0, c1)
            roots.append((RealAlgebraic(f, x, x), int(e)))
            continue
        for z, _m in f.complex_roots():
            if not z.imag.is_zero():
                continue
            mid, rad = _arb_to_fraction(z.real.mid()), _arb_to_fraction(z.real.rad())
            roots.append((RealAlgebraic(f, mid - rad, mid + rad), int(e)))
    import functools

    roots.sort(key=functools.cmp_to_key(lambda a, b: b[0].compare(a[0])))
    return roots if multiplicities else [r for r, _ in roots]
