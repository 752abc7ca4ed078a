r"""Exact signs of an expression on every row of a table.

An expression is a sympy tree over column names (as :func:`conjectura.learn.relations.
parse_relation` builds it, with exact rational literals). Its sign on each row is decided
without any float comparison, in three stages of increasing cost:

1. **rational arithmetic**, vectorised over the rows (numpy arrays of Python integers), when
   every column used holds rationals and the operations keep them rational (``+ - * /``,
   integer powers, ``abs``, ``min``, ``max``, ``floor``, ``ceil``, ``sign``, square roots of
   rational squares);
2. **certified interval arithmetic**, vectorised: each column holds an enclosure
   :math:`[lo, hi]` of its exact value by two doubles (exact dyadic rationals); ``+ - * /`` and
   ``sqrt`` are correctly rounded in IEEE 754 arithmetic, so widening each result by one ulp
   outward (``numpy.nextafter``) keeps the true value inside; other functions (``log``,
   ``exp``, ...) are enclosed row by row with ``flint.arb`` ball arithmetic. A row whose
   enclosure lies on one side of 0 is decided;
3. **exact arithmetic on the row**, for the rows left (near-ties): the row's exact values
   (Fractions, :class:`~conjectura.exact.RealAlgebraic`, :class:`~conjectura.exact.SurdSum`,
   :class:`~conjectura.exact.QuadraticSurd`) are enclosed by ``arb`` at 128 to 4096 bits, and
   where that does not separate the value from 0, it is tested for being exactly 0 with sympy's
   ``minimal_polynomial`` (an algebraic number is 0 iff its minimal polynomial is :math:`x`).
   A row that is still undecided (a transcendental near-tie) is reported as *undecided*, never
   guessed.

A column without exact values (a table of measured doubles) is exact in the convention of
:func:`~conjectura.learn.relations.fit_relation`: each stored double is the binary rational it
denotes.

>>> import sympy as sp
>>> x, y = sp.symbols("x y", real=True)
>>> cols = {"x": ExactColumn.from_values([1, 2, Fraction(1, 3)]), "y": ExactColumn.from_values([1, 4, 0])}
>>> exact_signs(x**2 - y, cols).sign.tolist()
[0, 0, 1]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import isqrt
from typing import Any

import numpy as np

from conjectura.exact.algebraic import RealAlgebraic
from conjectura.exact.surd import QuadraticSurd
from conjectura.exact.surdsum import SurdSum

__all__ = [
    "ExactColumn",
    "RowSigns",
    "exact_signs",
    "exact_rational_values",
    "float_values",
    "enclose",
    "to_sympy",
    "exact_value_at",
    "enclosures",
    "arb_interval",
]

_INF = np.inf


# -- exact leaves ---------------------------------------------------------------------------
def enclose(value, prec: int = 128):
    """A certified ``flint.arb`` ball containing the exact ``value`` at ``prec`` bits.

    ``value`` is an int, a Fraction, a :class:`QuadraticSurd`, a :class:`SurdSum` or a
    :class:`RealAlgebraic` (whose isolating interval is refined until it is narrower than
    :math:`2^{-prec}` relative to its size).
    """
    from flint import arb, ctx, fmpq

    if isinstance(value, SurdSum):
        return value.enclosure(prec)
    old = ctx.prec
    ctx.prec = prec
    try:
        if isinstance(value, bool):
            raise TypeError("a bool is not an exact number")
        if isinstance(value, (int, Fraction, np.integer)):
            f = Fraction(int(value)) if isinstance(value, np.integer) else Fraction(value)
            return arb(fmpq(f.numerator, f.denominator))
        if isinstance(value, QuadraticSurd):
            p, q = value.p, value.q
            return (
                arb(fmpq(p.numerator, p.denominator))
                + arb(fmpq(q.numerator, q.denominator)) * arb(value.m).sqrt()
            )
        if isinstance(value, RealAlgebraic):
            r = value.rational()
            if r is not None:
                return arb(fmpq(r.numerator, r.denominator))
            scale = max(Fraction(1), abs(value.lo), abs(value.hi))
            while value.hi - value.lo > scale / 2**prec:
                value.refine()
            lo = arb(fmpq(value.lo.numerator, value.lo.denominator))
            hi = arb(fmpq(value.hi.numerator, value.hi.denominator))
            return lo.union(hi)
    finally:
        ctx.prec = old
    raise TypeError(f"cannot enclose {type(value).__name__} exactly")


def to_sympy(value):
    """The exact ``value`` (int, Fraction, QuadraticSurd, SurdSum, RealAlgebraic) in sympy."""
    import sympy as sp

    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return sp.Integer(int(value))
    if isinstance(value, Fraction):
        return sp.Rational(value.numerator, value.denominator)
    if isinstance(value, QuadraticSurd):
        return to_sympy(value.p) + to_sympy(value.q) * sp.sqrt(value.m)
    if isinstance(value, SurdSum):
        return value.to_sympy()
    if isinstance(value, RealAlgebraic):
        r = value.rational()
        if r is not None:
            return to_sympy(r)
        x = sp.Symbol("x")
        coeffs = [int(c) for c in value.poly.coeffs()]
        poly = sp.Poly(list(reversed(coeffs)), x)
        n_real = len(sp.Poly(poly).real_roots())
        index = value.to_json()["root_index"]  # 1 = largest real root
        return sp.CRootOf(poly, n_real - index)
    raise TypeError(f"cannot convert {type(value).__name__} to an exact sympy number")


def _down(x):
    with np.errstate(all="ignore"):  # nextafter of the largest double is inf: no warning
        return np.nextafter(x, -_INF)


def _up(x):
    with np.errstate(all="ignore"):
        return np.nextafter(x, _INF)


def _true_div(a: int, b: int) -> float:
    """``a/b`` correctly rounded (Python's int true division), ``±inf`` beyond the doubles."""
    try:
        return a / b
    except OverflowError:
        return _INF if (a > 0) == (b > 0) else -_INF


def _ratio_interval(num: np.ndarray, den: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Enclosures of ``num/den`` (Python ints) by doubles: int->float and the division are each
    correctly rounded, so two ulps outward contain the exact quotient; integers below
    :math:`2^{53}` are exact doubles and are not widened."""
    q = np.array([_true_div(int(a), int(b)) for a, b in zip(num, den)], dtype=np.float64)
    exact = np.array([b == 1 and abs(a) <= 2**53 for a, b in zip(num, den)], dtype=bool)
    lo = np.where(exact, q, _down(_down(q)))
    hi = np.where(exact, q, _up(_up(q)))
    return lo, hi


# -- columns --------------------------------------------------------------------------------
@dataclass
class ExactColumn:
    """Exact values of one column, row by row.

    Attributes
    ----------
    kind : {"rational", "real"}
    num, den : ndarray of object (Python ints), for ``kind="rational"``
        The value of row ``i`` is ``num[i] / den[i]`` (``den > 0``).
    lo, hi : ndarray of float64
        Certified enclosure of every row's value (for rationals, derived from ``num/den``).
    exact : callable, optional
        ``exact(i)`` is the exact value of row ``i`` (a :class:`RealAlgebraic`,
        :class:`SurdSum`, ...), for ``kind="real"``; used only on near-ties.
    missing : ndarray of bool
        Rows without a value.
    """

    kind: str
    lo: np.ndarray
    hi: np.ndarray
    missing: np.ndarray
    num: np.ndarray | None = None
    den: np.ndarray | None = None
    exact: Callable[[int], Any] | None = None

    def __len__(self) -> int:
        return len(self.missing)

    def __post_init__(self):
        if self.kind not in ("rational", "real"):
            raise ValueError(f"kind must be 'rational' or 'real', got {self.kind!r}")
        if self.exact is not None and not hasattr(self.exact, "cache_info"):
            # exact values are recomputed (e.g. an eigenvalue from its graph): compute each once
            import functools

            self.exact = functools.lru_cache(maxsize=None)(self.exact)

    @classmethod
    def from_rationals(cls, num: Sequence[int], den: Sequence[int], missing=None) -> ExactColumn:
        num = np.array([int(a) for a in num], dtype=object)
        den = np.array([int(b) for b in den], dtype=object)
        missing = np.zeros(len(num), dtype=bool) if missing is None else np.asarray(missing, dtype=bool)
        if np.any(den[~missing] <= 0):
            raise ValueError("denominators must be positive")
        num = np.where(missing, 0, num).astype(object)
        den = np.where(missing, 1, den).astype(object)
        lo, hi = _ratio_interval(num, den)
        return cls("rational", lo, hi, missing, num, den)

    @classmethod
    def from_floats(cls, values) -> ExactColumn:
        """Stored doubles as the binary rationals they denote (NaN and inf are missing)."""
        v = np.asarray(values, dtype=np.float64)
        missing = ~np.isfinite(v)
        pairs = [(0, 1) if m else float(x).as_integer_ratio() for x, m in zip(v, missing)]
        return cls.from_rationals([p for p, _ in pairs], [q for _, q in pairs], missing)

    @classmethod
    def from_values(cls, values: Sequence[Any]) -> ExactColumn:
        """From exact objects (None = missing): all ints/Fractions give a rational column,
        otherwise a real one with certified enclosures (64 bits) and ``exact`` the values."""
        values = list(values)
        missing = np.array([v is None for v in values], dtype=bool)
        rational = []
        for v in values:
            if v is None:
                rational.append(Fraction(0))
                continue
            r = _as_fraction(v)
            if r is None:
                break
            rational.append(r)
        else:
            return cls.from_rationals(
                [r.numerator for r in rational], [r.denominator for r in rational], missing
            )
        lo = np.zeros(len(values))
        hi = np.zeros(len(values))
        for i, v in enumerate(values):
            if v is None:
                continue
            a, b = arb_interval(enclose(v, 64))
            lo[i], hi[i] = a, b
        return cls("real", lo, hi, missing, exact=values.__getitem__)

    @classmethod
    def from_enclosures(cls, lo, hi, exact: Callable[[int], Any] | None = None, missing=None) -> ExactColumn:
        """A real column from certified double enclosures ``lo <= value <= hi``."""
        lo = np.asarray(lo, dtype=np.float64)
        hi = np.asarray(hi, dtype=np.float64)
        miss = ~(np.isfinite(lo) & np.isfinite(hi))
        if missing is not None:
            miss |= np.asarray(missing, dtype=bool)
        return cls("real", np.where(miss, 0.0, lo), np.where(miss, 0.0, hi), miss, exact=exact)

    def value(self, i: int):
        """The exact value of row ``i`` (a Fraction for a rational column), or None."""
        if self.missing[i]:
            return None
        if self.kind == "rational":
            return Fraction(int(self.num[i]), int(self.den[i]))
        if self.exact is None:
            return None
        v = self.exact(i)
        r = _as_fraction(v)
        return r if r is not None else v

    def take(self, rows: np.ndarray) -> ExactColumn:
        """The column on the given rows only (``exact`` is re-indexed)."""
        rows = np.asarray(rows)
        exact = None
        if self.exact is not None:
            base = self.exact
            exact = lambda i: base(int(rows[i]))  # noqa: E731
        return ExactColumn(
            self.kind,
            self.lo[rows],
            self.hi[rows],
            self.missing[rows],
            None if self.num is None else self.num[rows],
            None if self.den is None else self.den[rows],
            exact,
        )


def _as_fraction(v) -> Fraction | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, np.integer)):
        return Fraction(int(v))
    if isinstance(v, Fraction):
        return v
    if isinstance(v, (QuadraticSurd, RealAlgebraic)):
        return v.rational() if isinstance(v, RealAlgebraic) else (v.p if v.q == 0 else None)
    if isinstance(v, SurdSum):
        return v.rational()
    return None


def arb_interval(a) -> tuple[float, float]:
    """Doubles ``lo <= hi`` with the ball ``a`` inside ``[lo, hi]`` (rounded outward)."""
    if not a.is_finite():
        return float("nan"), float("nan")
    lo = float(a.lower())
    hi = float(a.upper())
    return float(_down(lo)), float(_up(hi))


# -- results --------------------------------------------------------------------------------
@dataclass
class RowSigns:
    """Per-row outcome of :func:`exact_signs`.

    Attributes
    ----------
    sign : ndarray of int8
        -1, 0 or 1 on decided rows (0 elsewhere: read it with ``decided``).
    undefined : ndarray of bool
        A column is missing, or the expression is undefined (division by zero, log of a
        non-positive number, square root of a negative number).
    undecided : ndarray of bool
        Defined, but neither interval arithmetic nor the exact zero test settled the sign.
    """

    sign: np.ndarray
    undefined: np.ndarray
    undecided: np.ndarray

    @property
    def decided(self) -> np.ndarray:
        return ~self.undefined & ~self.undecided


# -- stage 1: rational arithmetic -----------------------------------------------------------
class _NotRational(Exception):
    pass


#: Total bits of the exact rationals of one intermediate column in stage 1; beyond it the
#: rows go to certified intervals (bounds memory: ``x**400`` on a million rows of doubles).
_STAGE1_BITS = 2**27


def _bits(a: np.ndarray) -> int:
    return max((abs(int(v)).bit_length() for v in a), default=0)


def _check_bits(*arrays: np.ndarray) -> None:
    n = max(len(arrays[0]), 1)
    if sum(_bits(a) for a in arrays) * n > _STAGE1_BITS:
        raise _NotRational


def _gcd_reduce(num, den):
    import math

    g = np.array([math.gcd(int(a), int(b)) or 1 for a, b in zip(num, den)], dtype=object)
    return num // g, den // g


def _rational(e, cols: Mapping[str, ExactColumn], n: int):
    """``(num, den, undefined)`` object arrays, or raise _NotRational."""
    import sympy as sp

    if e.is_Symbol:
        c = cols[e.name]
        if c.kind != "rational":
            raise _NotRational
        return c.num.copy(), c.den.copy(), c.missing.copy()
    if e.is_Rational:
        return (
            np.full(n, int(e.p), dtype=object),
            np.full(n, int(e.q), dtype=object),
            np.zeros(n, dtype=bool),
        )
    if e.is_Number or e.is_NumberSymbol:
        raise _NotRational
    if e.is_Add or e.is_Mul:
        parts = [_rational(a, cols, n) for a in e.args]
        num, den, und = parts[0]
        for p, q, u in parts[1:]:
            if e.is_Add:
                num, den = num * q + p * den, den * q
            else:
                num, den = num * p, den * q
            und = und | u
            _check_bits(num, den)
        if len(parts) > 2:
            num, den = _gcd_reduce(num, den)
        return num, den, und
    if e.is_Pow:
        base, ex = e.args
        if ex.is_Integer:
            p, q, u = _rational(base, cols, n)
            k = int(ex)
            if k < 0:
                zero = p == 0
                u = u | zero
                p, q = np.where(zero, 1, q), np.where(zero, 1, p)
                sgn = np.array([1 if b > 0 else -1 for b in q], dtype=object)
                p, q = p * sgn, q * sgn
                k = -k
            if (_bits(p) + _bits(q)) * k * max(n, 1) > _STAGE1_BITS:
                raise _NotRational
            return p**k, q**k, u
        if ex == sp.Rational(1, 2):
            p, q, u = _rational(base, cols, n)
            neg = p < 0
            rp = np.array([isqrt(int(a)) if a >= 0 else 0 for a in p], dtype=object)
            rq = np.array([isqrt(int(b)) for b in q], dtype=object)
            square = (rp * rp == np.where(neg, 0, p)) & (rq * rq == q)
            if not np.all(square | neg | u):
                raise _NotRational
            return rp, rq, u | neg
        raise _NotRational
    if isinstance(e, sp.Abs):
        p, q, u = _rational(e.args[0], cols, n)
        return np.abs(p), q, u
    if isinstance(e, (sp.Min, sp.Max)):
        parts = [_rational(a, cols, n) for a in e.args]
        best_p, best_q, und = parts[0]
        for p, q, u in parts[1:]:
            better = (p * best_q < best_p * q) if isinstance(e, sp.Min) else (p * best_q > best_p * q)
            best_p, best_q = np.where(better, p, best_p), np.where(better, q, best_q)
            und = und | u
        return best_p.astype(object), best_q.astype(object), und
    if isinstance(e, (sp.floor, sp.ceiling)):
        p, q, u = _rational(e.args[0], cols, n)
        f = p // q if isinstance(e, sp.floor) else -((-p) // q)
        return f.astype(object), np.ones(n, dtype=object), u
    if isinstance(e, sp.sign):
        p, _q, u = _rational(e.args[0], cols, n)
        return np.sign(p).astype(object), np.ones(n, dtype=object), u
    raise _NotRational


# -- stage 2: certified intervals -----------------------------------------------------------
def _imul(alo, ahi, blo, bhi):
    with np.errstate(all="ignore"):
        cands = np.stack([alo * blo, alo * bhi, ahi * blo, ahi * bhi])
    return _down(np.min(cands, axis=0)), _up(np.max(cands, axis=0))


def _irecip(lo, hi):
    """Reciprocal of intervals not containing 0 (rows containing 0 are flagged unknown)."""
    with np.errstate(all="ignore"):
        rlo, rhi = _down(1.0 / hi), _up(1.0 / lo)
    unknown = (lo <= 0) & (hi >= 0)
    return rlo, rhi, unknown


def _arb_unary(name: str, lo, hi, skip):
    """Enclosures of ``f([lo, hi])`` row by row with arb balls."""
    from flint import arb, ctx

    out_lo = np.full(len(lo), np.nan)
    out_hi = np.full(len(lo), np.nan)
    old = ctx.prec
    ctx.prec = 64
    try:
        for i in np.flatnonzero(~skip):
            ball = arb(float(lo[i])).union(arb(float(hi[i])))
            r = getattr(ball, name)()
            out_lo[i], out_hi[i] = arb_interval(r)
    finally:
        ctx.prec = old
    return out_lo, out_hi


def _interval(e, cols: Mapping[str, ExactColumn], n: int):
    """``(lo, hi, undefined, unknown)``: certified enclosures; ``unknown`` rows need stage 3."""
    import sympy as sp

    false = np.zeros(n, dtype=bool)
    if e.is_Symbol:
        c = cols[e.name]
        return c.lo, c.hi, c.missing.copy(), false.copy()
    if e.is_Rational:
        lo, hi = _ratio_interval(np.array([int(e.p)], dtype=object), np.array([int(e.q)], dtype=object))
        return np.full(n, lo[0]), np.full(n, hi[0]), false.copy(), false.copy()
    if e.is_NumberSymbol or e.is_Number:
        from flint import arb

        ball = arb.pi() if e == sp.pi else arb(1).exp() if e == sp.E else None
        if ball is None:
            return np.full(n, np.nan), np.full(n, np.nan), false.copy(), ~false
        a, b = arb_interval(ball)
        return np.full(n, a), np.full(n, b), false.copy(), false.copy()
    if e.is_Add:
        parts = [_interval(a, cols, n) for a in e.args]
        lo, hi, und, unk = parts[0]
        for a, b, u, k in parts[1:]:
            with np.errstate(all="ignore"):
                lo, hi = _down(lo + a), _up(hi + b)
            und, unk = und | u, unk | k
        return lo, hi, und, unk
    if e.is_Mul:
        parts = [_interval(a, cols, n) for a in e.args]
        lo, hi, und, unk = parts[0]
        for a, b, u, k in parts[1:]:
            lo, hi = _imul(lo, hi, a, b)
            und, unk = und | u, unk | k
        return lo, hi, und, unk
    if e.is_Pow:
        base, ex = e.args
        lo, hi, und, unk = _interval(base, cols, n)
        if ex.is_Integer:
            k = int(ex)
            if k < 0:
                exact_zero = (lo == 0) & (hi == 0)
                und = und | exact_zero
                lo, hi, u2 = _irecip(lo, hi)
                unk = unk | (u2 & ~exact_zero)
                k = -k
            rlo, rhi = np.ones(n), np.ones(n)
            plo, phi = lo, hi
            while k:  # binary powering; every product is rounded outward
                if k & 1:
                    rlo, rhi = _imul(rlo, rhi, plo, phi)
                k >>= 1
                if k:
                    plo, phi = _imul(plo, phi, plo, phi)
            if int(ex) % 2 == 0 and int(ex) != 0:
                rlo = np.maximum(rlo, 0.0)
            return rlo, rhi, und, unk
        if ex == sp.Rational(1, 2):
            neg = hi < 0
            straddle = (lo < 0) & (hi >= 0)
            with np.errstate(all="ignore"):
                rlo = np.where(lo > 0, _down(np.sqrt(np.maximum(lo, 0.0))), 0.0)
                rhi = _up(np.sqrt(np.maximum(hi, 0.0)))
            return rlo, rhi, und | neg, unk | straddle
        if ex.is_Rational or ex.is_Number:
            # x**r = exp(r log x) for x > 0, enclosed with arb
            ok = lo > 0
            llo, lhi = _arb_unary("log", lo, hi, und | ~ok)
            rlo, rhi = _interval(ex, cols, n)[:2]
            plo, phi = _imul(llo, lhi, rlo, rhi)
            elo, ehi = _arb_unary("exp", plo, phi, und | ~ok)
            return elo, ehi, und | (hi <= 0), unk | ((lo <= 0) & (hi > 0))
        return np.full(n, np.nan), np.full(n, np.nan), und, ~und
    if isinstance(e, sp.Abs):
        lo, hi, und, unk = _interval(e.args[0], cols, n)
        alo = np.where(lo >= 0, lo, np.where(hi <= 0, -hi, 0.0))
        ahi = np.maximum(np.abs(lo), np.abs(hi))
        return alo, ahi, und, unk
    if isinstance(e, (sp.Min, sp.Max)):
        parts = [_interval(a, cols, n) for a in e.args]
        f = np.minimum if isinstance(e, sp.Min) else np.maximum
        lo, hi, und, unk = parts[0]
        for a, b, u, k in parts[1:]:
            lo, hi, und, unk = f(lo, a), f(hi, b), und | u, unk | k
        return lo, hi, und, unk
    if isinstance(e, (sp.floor, sp.ceiling)):
        lo, hi, und, unk = _interval(e.args[0], cols, n)
        f = np.floor if isinstance(e, sp.floor) else np.ceil
        return f(lo), f(hi), und, unk
    if isinstance(e, sp.sign):
        lo, hi, und, unk = _interval(e.args[0], cols, n)
        return np.sign(lo), np.sign(hi), und, unk
    funcs = {sp.log: "log", sp.exp: "exp", sp.atan: "atan", sp.sin: "sin", sp.cos: "cos", sp.tan: "tan"}
    for f, name in funcs.items():
        if isinstance(e, f):
            lo, hi, und, unk = _interval(e.args[0], cols, n)
            if f is sp.log:
                und = und | (hi <= 0)
                unk = unk | ((lo <= 0) & (hi > 0))
            rlo, rhi = _arb_unary(name, lo, hi, und | unk)
            unk = unk | (~und & ~np.isfinite(rlo + rhi))
            return rlo, rhi, und, unk
    return np.full(n, np.nan), np.full(n, np.nan), false.copy(), ~false


# -- stage 3: one row exactly ---------------------------------------------------------------
def _arb_eval(e, leaves: Mapping[str, Any], prec: int):
    """``e`` as an arb ball with the exact ``leaves`` enclosed at ``prec`` bits (None if a
    function is not available in arb)."""
    import sympy as sp
    from flint import arb, ctx, fmpq

    old = ctx.prec
    ctx.prec = prec
    try:

        def ev(t):
            if t.is_Symbol:
                return enclose(leaves[t.name], prec)
            if t.is_Rational:
                return arb(fmpq(int(t.p), int(t.q)))
            if t == sp.pi:
                return arb.pi()
            if t == sp.E:
                return arb(1).exp()
            args = [ev(a) for a in t.args]
            if t.is_Add:
                out = args[0]
                for a in args[1:]:
                    out = out + a
                return out
            if t.is_Mul:
                out = args[0]
                for a in args[1:]:
                    out = out * a
                return out
            if t.is_Pow:
                b, x = args
                if t.args[1].is_Integer:
                    k = int(t.args[1])
                    return b**k if k >= 0 else 1 / (b ** (-k))
                if t.args[1] == sp.Rational(1, 2):
                    return b.sqrt()
                return (x * b.log()).exp()
            if isinstance(t, sp.Abs):
                return abs(args[0])
            if isinstance(t, sp.Min):
                out = args[0]
                for a in args[1:]:
                    out = out.min(a)
                return out
            if isinstance(t, sp.Max):
                out = args[0]
                for a in args[1:]:
                    out = out.max(a)
                return out
            if isinstance(t, sp.floor):
                return args[0].floor()
            if isinstance(t, sp.ceiling):
                return args[0].ceil()
            if isinstance(t, sp.sign):
                a = args[0]
                return arb(1) if a > 0 else arb(-1) if a < 0 else arb(0) if a == 0 else arb(0, 1)
            for f, name in (
                (sp.log, "log"),
                (sp.exp, "exp"),
                (sp.atan, "atan"),
                (sp.sin, "sin"),
                (sp.cos, "cos"),
                (sp.tan, "tan"),
            ):
                if isinstance(t, f):
                    return getattr(args[0], name)()
            raise TypeError(f"no arb evaluation of {t.func}")

        return ev(e)
    finally:
        ctx.prec = old


def _sign_of_ball(ball) -> int | None:
    if not ball.is_finite():
        return None
    if ball > 0:
        return 1
    if ball < 0:
        return -1
    if ball.is_exact() and ball == 0:
        return 0
    return None


def exact_value_at(e, cols: Mapping[str, ExactColumn], i: int):
    """The exact value of ``e`` on row ``i`` as a sympy number (None if a column there has no
    exact value)."""
    leaves = {}
    for s in e.free_symbols:
        v = cols[s.name].value(i)
        if v is None:
            return None
        leaves[s] = to_sympy(v)
    return e.xreplace(leaves)


def _exactly_computable(e, leaves: Mapping[str, Any]) -> bool:
    """False when substituting the row's exact values into ``e`` would make sympy form a huge
    number: a power whose exponent depends on a column and is not a small rational there."""
    import sympy as sp

    for p in e.atoms(sp.Pow):
        if not p.exp.free_symbols:
            if p.exp.is_Rational and (p.exp.q > 64 or abs(p.exp.p) > _MAX_EXACT_EXPONENT):
                return False  # a root of high order: sympy would search for exact roots
            continue
        try:
            ball = _arb_eval(p.exp, leaves, 64)
        except (TypeError, ZeroDivisionError, ValueError):
            return False
        if not ball.is_finite() or not abs(ball) < _MAX_EXACT_EXPONENT:
            return False
        v = p.exp.xreplace({t: to_sympy(leaves[t.name]) for t in p.exp.free_symbols})
        if not (v.is_Rational and v.q <= 64):
            return False
    return True


#: Largest exponent (in absolute value) that a column may give a power in exact evaluation.
_MAX_EXACT_EXPONENT = 10_000


def _row_sign(e, cols: Mapping[str, ExactColumn], i: int) -> tuple[int | None, bool]:
    """``(sign, undefined)`` of ``e`` on row ``i``, exactly; sign None when undecided."""
    import sympy as sp

    leaves, subs = {}, {}
    for s in e.free_symbols:
        v = cols[s.name].value(i)
        if v is None:
            return None, bool(cols[s.name].missing[i])
        leaves[s.name] = v
        subs[s] = to_sympy(v)
    if not _exactly_computable(e, leaves):
        for prec in (128, 512):
            try:
                s = _sign_of_ball(_arb_eval(e, leaves, prec))
            except (TypeError, ZeroDivisionError, ValueError):
                s = None
            if s is not None:
                return s, False
        return None, False
    v = e.xreplace(subs)
    if v.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or v.is_real is False:
        return None, True
    if v.is_Rational:
        return int(sp.sign(v)), False
    for prec in (128, 512):
        try:
            s = _sign_of_ball(_arb_eval(e, leaves, prec))
        except (TypeError, ZeroDivisionError, ValueError):
            s = None
        if s is not None:
            return s, False
    x = sp.Dummy("x")
    try:
        mp = sp.minimal_polynomial(v, x)
    except (NotImplementedError, sp.polys.polyerrors.NotAlgebraic, sp.polys.polyerrors.PolynomialError):
        # not algebraic: more precision may still separate it from 0 (sin(10**900) needs it)
        for prec in (2048, 8192):
            try:
                s = _sign_of_ball(_arb_eval(e, leaves, prec))
            except (TypeError, ZeroDivisionError, ValueError):
                s = None
            if s is not None:
                return s, False
        return (0, False) if sp.simplify(v) == 0 else (None, False)
    if sp.Poly(mp, x) == sp.Poly(x, x):
        return 0, False
    for prec in (2048, 8192):
        s = _sign_of_ball(_arb_eval(e, leaves, prec))
        if s is not None:
            return s, False
    return None, False


def exact_signs(e, cols: Mapping[str, ExactColumn]) -> RowSigns:
    """The exact sign of the sympy expression ``e`` on every row.

    Parameters
    ----------
    e : sympy expression
        Over symbols named like the columns.
    cols : mapping of str to ExactColumn
        At least the columns ``e`` uses, all of the same length.

    Returns
    -------
    RowSigns
    """
    names = sorted(s.name for s in e.free_symbols)
    if not names and not cols:
        raise ValueError("the expression uses no column")
    n = len(cols[names[0]]) if names else len(next(iter(cols.values())))
    try:
        num, _den, und = _rational(e, cols, n)
        sign = np.array([(a > 0) - (a < 0) for a in num], dtype=np.int8)
        sign[und] = 0
        return RowSigns(sign, und, np.zeros(n, dtype=bool))
    except _NotRational:
        pass
    with np.errstate(all="ignore"):  # inf - inf in an enclosure is an undecided row, not a warning
        lo, hi, und, unk = _interval(e, cols, n)
        finite = np.isfinite(lo + hi)
    sign = np.zeros(n, dtype=np.int8)
    sign[lo > 0] = 1
    sign[hi < 0] = -1
    left = ~und & (unk | ~((lo > 0) | (hi < 0)) | ~finite)
    sign[left | und] = 0
    undecided = np.zeros(n, dtype=bool)
    for i in np.flatnonzero(left):
        s, u = _row_sign(e, cols, int(i))
        if u:
            und[i] = True
        elif s is None:
            undecided[i] = True
        else:
            sign[i] = s
    return RowSigns(sign, und, undecided)


def enclosures(e, cols: Mapping[str, ExactColumn]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Certified enclosures ``lo <= e <= hi`` on every row and the rows where ``e`` is certainly
    undefined; rows whose enclosure could not be formed have ``lo = -inf, hi = inf``."""
    names = sorted(s.name for s in e.free_symbols)
    n = len(cols[names[0]]) if names else 1
    with np.errstate(all="ignore"):
        lo, hi, und, unk = _interval(e, cols, n)
    bad = unk | ~np.isfinite(lo) | ~np.isfinite(hi)
    return np.where(bad, -_INF, lo), np.where(bad, _INF, hi), und


def exact_rational_values(e, cols: Mapping[str, ExactColumn]) -> tuple[list[Fraction | None], bool]:
    """``e`` on every row as Fractions when rational arithmetic applies: ``(values, True)``
    (None on undefined rows); ``([], False)`` when it does not (use :func:`exact_signs`)."""
    names = sorted(s.name for s in e.free_symbols)
    n = len(cols[names[0]]) if names else 1
    try:
        num, den, und = _rational(e, cols, n)
    except _NotRational:
        return [], False
    return [None if u else Fraction(int(a), int(b)) for a, b, u in zip(num, den, und)], True


def float_values(e, env: Mapping[str, np.ndarray], n: int) -> np.ndarray:
    """``e`` evaluated in floating point on ``n`` rows (NaN where undefined): for heuristics
    (search scores, ranking), never for a decision."""
    import sympy as sp

    if e.is_Symbol:
        return np.asarray(env[e.name], dtype=np.float64)
    if e.is_Number or e.is_NumberSymbol:
        return np.full(n, float(e))
    args = [float_values(a, env, n) for a in e.args]
    with np.errstate(all="ignore"):
        if e.is_Add:
            return np.sum(args, axis=0)
        if e.is_Mul:
            return np.prod(args, axis=0)
        if e.is_Pow:
            out = np.power(args[0], args[1])
            return np.where(np.isfinite(out), out, np.nan)
        table = {
            sp.Abs: np.abs,
            sp.log: np.log,
            sp.exp: np.exp,
            sp.sin: np.sin,
            sp.cos: np.cos,
            sp.tan: np.tan,
            sp.atan: np.arctan,
            sp.floor: np.floor,
            sp.ceiling: np.ceil,
            sp.sign: np.sign,
        }
        for f, g in table.items():
            if isinstance(e, f):
                out = g(args[0])
                return np.where(np.isfinite(out), out, np.nan)
        if isinstance(e, sp.Min):
            return np.min(args, axis=0)
        if isinstance(e, sp.Max):
            return np.max(args, axis=0)
    raise ValueError(f"Cannot evaluate {e} numerically.")
