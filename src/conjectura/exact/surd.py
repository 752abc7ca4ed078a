"""Quadratic surds ``p + q*sqrt(m)`` with rational ``p, q`` and a positive integer ``m``."""

from __future__ import annotations

from fractions import Fraction
from math import isqrt
from numbers import Rational

__all__ = ["QuadraticSurd"]


def _q(x) -> Fraction:
    if isinstance(x, Fraction):
        return x
    if isinstance(x, (int, Rational)):
        return Fraction(x)
    # flint.fmpq and friends
    return Fraction(int(x.p), int(x.q)) if hasattr(x, "p") and hasattr(x, "q") else Fraction(x)


class QuadraticSurd:
    """The real number ``p + q*sqrt(m)``, exactly.

    Parameters
    ----------
    p, q : int or Fraction
    m : int
        Radicand, ``m >= 0``. A perfect square collapses to a rational.

    Examples
    --------
    >>> x = QuadraticSurd(1, 1, 18)     # 1 + sqrt(18)
    >>> x > 5, x < Fraction(53, 10)
    (True, True)
    >>> QuadraticSurd(0, 1, 9) == 3
    True
    """

    __slots__ = ("m", "p", "q")

    def __init__(self, p=0, q=0, m: int = 0):
        m = int(m)
        if m < 0:
            raise ValueError(f"radicand must be >= 0, got {m}")
        p, q = _q(p), _q(q)
        r = isqrt(m)
        if r * r == m:  # rational after all
            p, q, m = p + q * r, Fraction(0), 0
        if q == 0:
            m = 0
        self.p, self.q, self.m = p, q, m

    # -- arithmetic in Q(sqrt(m)) ------------------------------------------------------------
    def _coerce(self, other) -> QuadraticSurd:
        if isinstance(other, QuadraticSurd):
            if other.m and self.m and other.m != self.m:
                raise ValueError(f"cannot mix sqrt({self.m}) and sqrt({other.m})")
            return other
        return QuadraticSurd(_q(other), 0, self.m)

    def _m(self, other: QuadraticSurd) -> int:
        return self.m or other.m

    def __add__(self, other):
        o = self._coerce(other)
        return QuadraticSurd(self.p + o.p, self.q + o.q, self._m(o))

    __radd__ = __add__

    def __neg__(self):
        return QuadraticSurd(-self.p, -self.q, self.m)

    def __sub__(self, other):
        return self + (-self._coerce(other))

    def __rsub__(self, other):
        return (-self) + other

    def __mul__(self, other):
        o = self._coerce(other)
        m = self._m(o)
        return QuadraticSurd(self.p * o.p + self.q * o.q * m, self.p * o.q + self.q * o.p, m)

    __rmul__ = __mul__

    # -- order --------------------------------------------------------------------------------
    def sign(self) -> int:
        """-1, 0 or 1, decided exactly."""
        p, q, m = self.p, self.q, self.m
        sp = (p > 0) - (p < 0)
        if q == 0 or m == 0:
            return sp
        sq = (q > 0) - (q < 0)
        if sp == 0 or sp == sq:
            return sq
        # opposite signs: compare p^2 with q^2 m
        d = p * p - q * q * m
        return sp if d > 0 else (-sp if d < 0 else 0)

    def _cmp(self, other) -> int:
        return (self - other).sign()

    def __lt__(self, other):
        return self._cmp(other) < 0

    def __le__(self, other):
        return self._cmp(other) <= 0

    def __gt__(self, other):
        return self._cmp(other) > 0

    def __ge__(self, other):
        return self._cmp(other) >= 0

    def __eq__(self, other):
        try:
            return self._cmp(other) == 0
        except (TypeError, ValueError):
            return NotImplemented

    def __hash__(self):
        return hash((self.p, self.q, self.m))

    def __float__(self) -> float:
        return float(self.p) + float(self.q) * self.m**0.5

    def __repr__(self) -> str:
        return f"QuadraticSurd({self.p}, {self.q}, {self.m})"

    def __str__(self) -> str:
        if self.q == 0:
            return str(self.p)
        root = f"sqrt({self.m})" if self.q == 1 else f"{self.q}*sqrt({self.m})"
        if self.p == 0:
            return root
        return f"{root} + {self.p}" if self.p > 0 else f"{root} - {-self.p}"
