r"""Finite sums of rational multiples of square roots, :math:`\sum_k q_k \sqrt{r_k}`, exactly.

Such sums are the values of degree-based indices of graphs, e.g. the Randić index
:math:`\sum_{uv \in E} (d_u d_v)^{-1/2} = \sum_{uv} \sqrt{d_u d_v} / (d_u d_v)`. A
:class:`SurdSum` keeps the terms with squarefree radicands (so two sums are equal iff their
terms are, the square roots of distinct squarefree integers being linearly independent over
:math:`\mathbb{Q}`, Besicovitch 1940), encloses its value in a certified ``flint.arb`` ball at any
precision, and converts to an exact sympy expression.

References
----------
.. [1] A. S. Besicovitch, "On the linear independence of fractional powers of integers",
   J. London Math. Soc. 15 (1940) 3-6, doi:10.1112/jlms/s1-15.1.3.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

__all__ = ["SurdSum", "squarefree_part"]


def squarefree_part(r: int) -> tuple[int, int]:
    """``(s, f)`` with ``r = f**2 * s`` and ``s`` squarefree (``r >= 1``).

    >>> squarefree_part(12), squarefree_part(7), squarefree_part(36)
    ((3, 2), (7, 1), (1, 6))
    """
    if r < 1:
        raise ValueError(f"squarefree_part needs a positive integer; got {r}")
    f, s, p = 1, r, 2
    while p * p <= s:
        while s % (p * p) == 0:
            s //= p * p
            f *= p
        p += 1
    return s, f


class SurdSum:
    r"""The real number :math:`\sum_k q_k \sqrt{s_k}`, rational :math:`q_k`, squarefree :math:`s_k`.

    Parameters
    ----------
    terms : iterable of (coefficient, radicand)
        Rational coefficients and positive integer radicands (any; they are reduced).

    Examples
    --------
    >>> x = SurdSum([(1, 8), (Fraction(1, 2), 2)])        # sqrt(8) + sqrt(2)/2 = 5/2 sqrt(2)
    >>> str(x), x.is_rational, x == SurdSum([(Fraction(5, 2), 2)])
    ('5/2*sqrt(2)', False, True)
    >>> SurdSum([(3, 4)]).rational()                       # 3*sqrt(4) = 6
    Fraction(6, 1)
    """

    __slots__ = ("terms",)

    def __init__(self, terms: Iterable[tuple] = ()):
        acc: dict[int, Fraction] = {}
        for q, r in terms:
            r = int(r)
            if r == 0:
                continue
            s, f = squarefree_part(r)
            acc[s] = acc.get(s, Fraction(0)) + Fraction(q) * f
        self.terms = tuple(sorted((s, q) for s, q in acc.items() if q != 0))

    @property
    def is_rational(self) -> bool:
        return all(s == 1 for s, _ in self.terms)

    def rational(self) -> Fraction | None:
        """The value as a Fraction when every radicand is 1, else None."""
        if not self.is_rational:
            return None
        return sum((q for _, q in self.terms), Fraction(0))

    def enclosure(self, prec: int = 128):
        """A certified ``flint.arb`` ball containing the value, at ``prec`` bits."""
        from flint import arb, ctx, fmpq

        old = ctx.prec
        ctx.prec = prec
        try:
            total = arb(0)
            for s, q in self.terms:
                total += arb(fmpq(q.numerator, q.denominator)) * arb(s).sqrt()
            return total
        finally:
            ctx.prec = old

    def to_sympy(self):
        """The value as an exact sympy expression."""
        import sympy as sp

        return sp.Add(*[sp.Rational(q.numerator, q.denominator) * sp.sqrt(s) for s, q in self.terms])

    def __add__(self, other):
        if isinstance(other, SurdSum):
            return SurdSum([(q, s) for s, q in self.terms + other.terms])
        return SurdSum([(q, s) for s, q in self.terms] + [(Fraction(other), 1)])

    __radd__ = __add__

    def __eq__(self, other):
        if isinstance(other, SurdSum):
            return self.terms == other.terms
        if isinstance(other, (int, Fraction)):
            return self.terms == SurdSum([(other, 1)]).terms
        return NotImplemented

    def __hash__(self):
        return hash(self.terms)

    def __float__(self) -> float:
        return float(sum(float(q) * s**0.5 for s, q in self.terms))

    def __repr__(self) -> str:
        return f"SurdSum({[(str(q), s) for s, q in self.terms]})"

    def __str__(self) -> str:
        if not self.terms:
            return "0"
        parts = []
        for s, q in self.terms:
            parts.append(str(q) if s == 1 else (f"sqrt({s})" if q == 1 else f"{q}*sqrt({s})"))
        return " + ".join(parts)
