r"""Polynomials over the prime field :math:`\mathbb{F}_p` in grevlex order, as dense arrays.

A :class:`Polynomial` :math:`f = \sum_t c_t x^{a_t}` is two arrays: the exponent vectors
:math:`a_t` as the rows of an int64 array of shape ``(terms, n)``, strictly decreasing in grevlex
(:mod:`~conjectura.domains.polynomials.monomials`), and the coefficients :math:`c_t \in
\{1, \dots, p - 1\}`. The zero polynomial has no terms. Everything is exact integer arithmetic;
the default prime is :math:`p = 32003`, the field of Peifer, Stillman and Halpern-Leistner (2020).

References
----------
D. Peifer, M. Stillman, D. Halpern-Leistner, "Learning selection strategies in Buchberger's
algorithm", ICML 2020, PMLR 119:7575-7585. arXiv:2005.01917.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Iterable, Sequence

import numpy as np

from conjectura.domains.polynomials.monomials import grevlex_sort, variable_names
from conjectura.exceptions import InvalidParameterError

__all__ = [
    "DEFAULT_PRIME",
    "Polynomial",
    "check_prime",
    "monic",
    "parse_polynomial",
    "parse_polynomials",
    "format_polynomial",
]

DEFAULT_PRIME = 32003
_MAX_PRIME = 2**31  # products of two residues must fit in int64


def _is_prime(p: int) -> bool:
    """Deterministic Miller--Rabin for ``p < 3.3e24`` (bases 2..41)."""
    if p < 2:
        return False
    small = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41)
    for q in small:
        if p % q == 0:
            return p == q
    d, r = p - 1, 0
    while d % 2 == 0:
        d //= 2
        r += 1
    for a in small:
        x = pow(a, d, p)
        if x in (1, p - 1):
            continue
        for _ in range(r - 1):
            x = x * x % p
            if x == p - 1:
                break
        else:
            return False
    return True


def check_prime(p, owner: str = "Polynomial") -> int:
    """Return ``p`` as an int if it is a prime below :math:`2^{31}`, else raise InvalidParameterError.

    >>> check_prime(32003)
    32003
    """
    if isinstance(p, bool) or not isinstance(p, numbers.Integral) or not (2 <= int(p) < _MAX_PRIME):
        raise InvalidParameterError(
            f"The 'p' parameter of {owner} must be a prime in the range [2, 2**31). Got {p!r} instead."
        )
    p = int(p)
    if not _is_prime(p):
        raise InvalidParameterError(
            f"The 'p' parameter of {owner} must be a prime in the range [2, 2**31). Got {p} instead, "
            "which is not prime."
        )
    return p


class Polynomial:
    r"""An element of :math:`\mathbb{F}_p[x_0, \dots, x_{n-1}]`, terms in decreasing grevlex order.

    Parameters
    ----------
    exponents : array_like of int, shape (terms, n)
        Exponent vectors (non-negative). Repeated rows are added; zero coefficients dropped.
    coefficients : array_like of int, shape (terms,)
        Integers, reduced modulo ``p``.
    p : int, default 32003
        A prime below :math:`2^{31}`.

    Notes
    -----
    Immutable and hashable; the arrays are read-only. ``f.exponents[0]`` is the leading monomial.
    Arithmetic (``+``, ``-``, ``*``, ``**`` with a non-negative int) is exact; the polynomial
    operations of Buchberger's algorithm live in compiled kernels, this arithmetic is an
    independent implementation used to check them.

    Examples
    --------
    >>> f = Polynomial([[0, 1], [2, 0]], [1, -1], p=7)   # y - x^2 over F_7
    >>> f
    Polynomial('6*x0^2 + x1', n=2, p=7)
    >>> f.leading_monomial, f.leading_coefficient, f.degree
    ((2, 0), 6, 2)
    """

    __slots__ = ("_coefs", "_exps", "_hash", "_p")

    def __init__(self, exponents, coefficients, p: int = DEFAULT_PRIME):
        p = check_prime(p)
        try:
            A = np.asarray(exponents)
        except (ValueError, TypeError):
            A = None
        if A is None or A.ndim != 2 or (A.size and A.dtype.kind not in "iu"):
            raise InvalidParameterError(
                "The 'exponents' parameter of Polynomial must be a 2-d array of non-negative ints of "
                f"shape (terms, n). Got {_short(exponents)} instead."
            )
        if A.size and (A.min() < 0 or A.max() >= 2**62):
            raise InvalidParameterError(
                "The 'exponents' parameter of Polynomial must hold ints in the range [0, 2**62)."
            )
        E = A.astype(np.int64, copy=True)
        raw = np.asarray(coefficients, dtype=object).reshape(-1).tolist()
        if any(isinstance(c, bool) or not isinstance(c, numbers.Integral) for c in raw):
            raise InvalidParameterError(
                f"The 'coefficients' parameter of Polynomial must hold ints. Got {_short(coefficients)} instead."
            )
        coefs = [int(c) % p for c in raw]
        if len(coefs) != E.shape[0]:
            raise InvalidParameterError(
                f"Polynomial needs one coefficient per exponent row: {E.shape[0]} rows, {len(coefs)} coefficients."
            )
        C = np.array(coefs, dtype=np.int64)
        E, C = _normalise(E, C, p)
        self._init(E, C, p)

    def _init(self, E: np.ndarray, C: np.ndarray, p: int) -> None:
        E.setflags(write=False)
        C.setflags(write=False)
        self._exps = E
        self._coefs = C
        self._p = p
        self._hash = None

    @classmethod
    def _from_sorted(cls, E: np.ndarray, C: np.ndarray, p: int) -> Polynomial:
        """Trusted constructor: rows strictly decreasing in grevlex, coefficients in [1, p)."""
        f = cls.__new__(cls)
        f._init(np.ascontiguousarray(E, dtype=np.int64), np.ascontiguousarray(C, dtype=np.int64), p)
        return f

    @classmethod
    def zero(cls, n: int, p: int = DEFAULT_PRIME) -> Polynomial:
        """The zero polynomial in ``n`` variables."""
        return cls(np.zeros((0, n), dtype=np.int64), [], p)

    @classmethod
    def constant(cls, c: int, n: int, p: int = DEFAULT_PRIME) -> Polynomial:
        """The constant ``c`` in ``n`` variables."""
        return cls(np.zeros((1, n), dtype=np.int64), [c], p)

    @classmethod
    def monomial(cls, exponent: Sequence[int], c: int = 1, p: int = DEFAULT_PRIME) -> Polynomial:
        """The term :math:`c\\,x^a`."""
        return cls([list(exponent)], [c], p)

    @classmethod
    def variable(cls, i: int, n: int, p: int = DEFAULT_PRIME) -> Polynomial:
        """The variable :math:`x_i` in ``n`` variables."""
        e = [0] * n
        e[i] = 1
        return cls([e], [1], p)

    # -- data -------------------------------------------------------------------------------
    @property
    def exponents(self) -> np.ndarray:
        """Exponent vectors, shape ``(terms, n)``, strictly decreasing in grevlex (read-only)."""
        return self._exps

    @property
    def coefficients(self) -> np.ndarray:
        """Coefficients in ``[1, p)``, one per term (read-only)."""
        return self._coefs

    @property
    def p(self) -> int:
        return self._p

    @property
    def n(self) -> int:
        """Number of variables."""
        return int(self._exps.shape[1])

    @property
    def is_zero(self) -> bool:
        return self._exps.shape[0] == 0

    @property
    def leading_monomial(self) -> tuple[int, ...]:
        """Exponent vector of the largest monomial; raises for the zero polynomial."""
        self._nonzero("leading_monomial")
        return tuple(int(x) for x in self._exps[0])

    @property
    def leading_coefficient(self) -> int:
        self._nonzero("leading_coefficient")
        return int(self._coefs[0])

    @property
    def degree(self) -> int:
        """Total degree (the degree of the leading monomial in grevlex); -1 for the zero polynomial."""
        return int(self._exps[0].sum()) if len(self) else -1

    def terms(self) -> list[tuple[int, tuple[int, ...]]]:
        """``[(coefficient, exponent tuple), ...]`` in decreasing grevlex order."""
        return [(int(c), tuple(int(x) for x in e)) for c, e in zip(self._coefs, self._exps)]

    def _nonzero(self, what: str) -> None:
        if self.is_zero:
            raise InvalidParameterError(f"The zero polynomial has no {what.replace('_', ' ')}.")

    # -- protocol ---------------------------------------------------------------------------
    def __len__(self) -> int:
        return int(self._exps.shape[0])

    def __bool__(self) -> bool:
        return not self.is_zero

    def __eq__(self, other) -> bool:
        if isinstance(other, numbers.Integral) and not isinstance(other, bool):
            other = Polynomial.constant(int(other), self.n, self._p)
        if not isinstance(other, Polynomial):
            return NotImplemented
        return (
            self._p == other._p
            and self._exps.shape == other._exps.shape
            and np.array_equal(self._exps, other._exps)
            and np.array_equal(self._coefs, other._coefs)
        )

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash((self._p, self._exps.shape, self._exps.tobytes(), self._coefs.tobytes()))
        return self._hash

    def __repr__(self) -> str:
        return f"Polynomial({format_polynomial(self)!r}, n={self.n}, p={self._p})"

    def __str__(self) -> str:
        return format_polynomial(self)

    # -- arithmetic (numpy, independent of the kernels) -------------------------------------
    def _coerce(self, other) -> Polynomial:
        if isinstance(other, Polynomial):
            if other._p != self._p or other.n != self.n:
                raise InvalidParameterError(
                    f"Cannot combine polynomials of different rings: GF({self._p})[{self.n} variables] and "
                    f"GF({other._p})[{other.n} variables]."
                )
            return other
        if isinstance(other, numbers.Integral) and not isinstance(other, bool):
            return Polynomial.constant(int(other), self.n, self._p)
        return NotImplemented

    def __add__(self, other):
        o = self._coerce(other)
        if o is NotImplemented:
            return o
        E = np.concatenate([self._exps, o._exps])
        C = np.concatenate([self._coefs, o._coefs])
        return Polynomial._from_sorted(*_normalise(E, C, self._p), self._p)

    __radd__ = __add__

    def __neg__(self):
        return Polynomial._from_sorted(self._exps.copy(), (self._p - self._coefs) % self._p, self._p)

    def __sub__(self, other):
        o = self._coerce(other)
        if o is NotImplemented:
            return o
        return self + (-o)

    def __rsub__(self, other):
        o = self._coerce(other)
        if o is NotImplemented:
            return o
        return o + (-self)

    def __mul__(self, other):
        o = self._coerce(other)
        if o is NotImplemented:
            return o
        if self.is_zero or o.is_zero:
            return Polynomial.zero(self.n, self._p)
        E = (self._exps[:, None, :] + o._exps[None, :, :]).reshape(-1, self.n)
        # exact products: residues < 2**31, so each product < 2**62
        C = (self._coefs[:, None] * o._coefs[None, :]).reshape(-1) % self._p
        return Polynomial._from_sorted(*_normalise(E, C, self._p), self._p)

    __rmul__ = __mul__

    def __pow__(self, k: int):
        if isinstance(k, bool) or not isinstance(k, numbers.Integral) or k < 0:
            raise InvalidParameterError(f"Polynomial powers need an int >= 0. Got {k!r} instead.")
        result = Polynomial.constant(1, self.n, self._p)
        base = self
        k = int(k)
        while k:
            if k & 1:
                result = result * base
            base = base * base
            k >>= 1
        return result


def _short(x) -> str:
    s = repr(x)
    return s if len(s) <= 60 else s[:57] + "..."


def _normalise(E: np.ndarray, C: np.ndarray, p: int) -> tuple[np.ndarray, np.ndarray]:
    """Sort rows in decreasing grevlex, add the coefficients of equal rows mod p, drop zeros."""
    n = E.shape[1] if E.ndim == 2 else 0
    if E.shape[0] == 0:
        return np.zeros((0, n), dtype=np.int64), np.zeros(0, dtype=np.int64)
    order = grevlex_sort(E)
    E = E[order]
    C = C[order] % p
    if E.shape[0] > 1:
        new = np.ones(E.shape[0], dtype=bool)
        new[1:] = np.any(E[1:] != E[:-1], axis=1)
        if not new.all():
            starts = np.flatnonzero(new)
            C = np.add.reduceat(C, starts) % p
            E = E[starts]
    keep = C != 0
    return np.ascontiguousarray(E[keep]), np.ascontiguousarray(C[keep])


def monic(f: Polynomial) -> Polynomial:
    """``f`` divided by its leading coefficient (the zero polynomial is returned unchanged).

    >>> monic(Polynomial([[1, 0], [0, 0]], [3, 1], p=7))
    Polynomial('x0 + 5', n=2, p=7)
    """
    if f.is_zero or f.coefficients[0] == 1:
        return f
    inv = pow(int(f.coefficients[0]), -1, f.p)
    return Polynomial._from_sorted(f.exponents.copy(), (f.coefficients * inv) % f.p, f.p)


# -- text -----------------------------------------------------------------------------------
def format_polynomial(f: Polynomial, variables: Sequence[str] | None = None) -> str:
    """``f`` as text, e.g. ``'x0^2*x1 + 5*x2 + 1'``, coefficients in ``[1, p)``.

    >>> format_polynomial(Polynomial([[2, 1, 0], [0, 0, 1], [0, 0, 0]], [1, 5, 1]))
    'x0^2*x1 + 5*x2 + 1'
    """
    names = _check_names(variables, f.n, "format_polynomial")
    if f.is_zero:
        return "0"
    parts = []
    for c, e in zip(f.coefficients.tolist(), f.exponents.tolist()):
        mono = "*".join(f"{names[v]}^{k}" if k > 1 else names[v] for v, k in enumerate(e) if k)
        if not mono:
            parts.append(str(c))
        elif c == 1:
            parts.append(mono)
        else:
            parts.append(f"{c}*{mono}")
    return " + ".join(parts)


_TERM_SPLIT = re.compile(r"([+-])")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z_0-9]*$")


def _check_names(variables, n, owner) -> tuple[str, ...]:
    if variables is None:
        if n is None:
            raise InvalidParameterError(f"{owner} needs the variables (names) or their number n.")
        return variable_names(int(n))
    if isinstance(variables, str):
        variables = [v.strip() for v in variables.replace(",", " ").split()]
    names = tuple(variables)
    if not names or any(not isinstance(v, str) or not _NAME.match(v) for v in names):
        raise InvalidParameterError(
            f"The 'variables' of {owner} must be identifiers. Got {variables!r} instead."
        )
    if len(set(names)) != len(names):
        raise InvalidParameterError(
            f"The 'variables' of {owner} must be distinct. Got {variables!r} instead."
        )
    if n is not None and int(n) != len(names):
        raise InvalidParameterError(f"{owner} got n = {n} but {len(names)} variable names.")
    return names


def parse_polynomial(
    text: str, variables: Sequence[str] | str | None = None, *, n: int | None = None, p: int = DEFAULT_PRIME
) -> Polynomial:
    """Read a polynomial such as ``'x^2*y - 3*z + 1'`` (``^`` or ``**`` for powers).

    Parameters
    ----------
    text : str
        Sum of terms ``c*x^a*y^b``; integer coefficients are reduced modulo ``p``.
    variables : sequence of str or str, optional
        Variable names in order :math:`x_0 > x_1 > \\dots` (``"x, y, z"`` is accepted); default
        ``x0, ..., x{n-1}``.
    n : int, optional
        Number of variables when ``variables`` is not given.
    p : int, default 32003

    Examples
    --------
    >>> parse_polynomial("y - x^2", "x, y", p=7)
    Polynomial('6*x0^2 + x1', n=2, p=7)
    """
    names = _check_names(variables, n, "parse_polynomial")
    p = check_prime(p, "parse_polynomial")
    if not isinstance(text, str):
        raise InvalidParameterError(f"parse_polynomial reads a str. Got {type(text).__name__} instead.")
    s = text.replace(" ", "").replace("**", "^")
    if not s:
        raise InvalidParameterError("parse_polynomial got an empty string.")
    index = {v: i for i, v in enumerate(names)}
    tokens = _TERM_SPLIT.split(s)  # bodies at even positions, signs at odd ones
    if tokens[-1] == "":
        raise InvalidParameterError(f"Cannot read {text!r}: it ends with a sign.")
    sign = 1
    rows, coefs = [], []
    for pos, tok in enumerate(tokens):
        if pos % 2:
            sign = -sign if tok == "-" else sign
            continue
        if tok == "":
            continue
        e = [0] * len(names)
        c = sign
        for factor in tok.split("*"):
            base, caret, power = factor.partition("^")
            if caret and not power.isdigit():
                raise InvalidParameterError(f"Cannot read {text!r}: bad exponent {power!r} in {tok!r}.")
            k = int(power) if caret else 1
            if base.isdigit():
                c *= int(base) ** k
            elif base in index:
                e[index[base]] += k
            else:
                raise InvalidParameterError(
                    f"Cannot read {text!r}: unknown variable {base!r} (variables are {', '.join(names)})."
                )
        rows.append(e)
        coefs.append(c)
        sign = 1
    return Polynomial(np.array(rows, dtype=np.int64).reshape(-1, len(names)), coefs, p)


def parse_polynomials(
    text: str | Iterable[str],
    variables: Sequence[str] | str | None = None,
    *,
    n: int | None = None,
    p: int = DEFAULT_PRIME,
) -> list[Polynomial]:
    """Read a comma-separated list of polynomials (or an iterable of strings).

    >>> [format_polynomial(f, "x, y, z") for f in parse_polynomials("y - x^2, z - x^3", "x, y, z")]
    ['32002*x^2 + y', '32002*x^3 + z']
    """
    names = _check_names(variables, n, "parse_polynomials")
    items = text.split(",") if isinstance(text, str) else list(text)
    return [parse_polynomial(t, names, p=p) for t in items]
