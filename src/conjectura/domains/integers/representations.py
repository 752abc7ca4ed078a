"""Representations of integers as feature vectors, named by short strings.

The same question ("is n squarefree?") asked in different encodings can have very different
answers, which is the point of these tasks. A representation is named by a string, so the CLI
(``--representation crt:25``) and Python say the same thing:

``binary`` / ``binary:W``
    The ``W`` binary digits of :math:`n`, least significant first (``bit0`` is :math:`n \\bmod 2`).
    Without ``W``, just enough digits for the largest integer of the task.
``base:B`` / ``base:B:W``
    The ``W`` digits of :math:`n` in base ``B >= 2``, least significant first.
``crt:K`` / ``crt:M1,M2,...``
    The Chinese-remainder encoding: the residues :math:`n \\bmod p` for the first ``K`` primes
    (``crt:25``: the 25 primes below 100, as in Lowry-Duda), or for the listed moduli
    (``crt:4,9,25`` sees divisibility by squares).
``char:K`` / ``char:M1,M2,...``
    Sinusoidal "character" encoding: :math:`\\cos(2\\pi n/m)` and :math:`\\sin(2\\pi n/m)` for each
    modulus :math:`m`: the values of the additive characters of :math:`\\mathbb{Z}/m`, as in the
    sinusoidal positional encoding of transformers.

Residues are computed exactly with integers; only the character encoding turns them into
floats, and :meth:`IntegerRepresentation.residues` recovers them exactly by rounding (the
angles :math:`2\\pi r/m` are more than :math:`10^{-3}` apart for the moduli allowed here).

References
----------
D. Lowry-Duda, "Studying number theory with deep learning: a case study with the Möbius and
squarefree indicator functions", arXiv:2502.10335 (2025).
A. Vaswani et al., "Attention is all you need", NeurIPS (2017), arXiv:1706.03762 (sinusoidal
encodings).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from conjectura.domains.integers.arithmetic import first_primes
from conjectura.exceptions import InvalidParameterError

__all__ = ["IntegerRepresentation", "parse_representation", "REPRESENTATION_HELP"]

REPRESENTATION_HELP = (
    "binary[:W], base:B[:W], crt:K or crt:M1,M2,..., char:K or char:M1,M2,... "
    "(K = number of first primes, W = number of digits, M = moduli)"
)

_MAX_MODULUS = 5000


@dataclass(frozen=True)
class IntegerRepresentation:
    """A parsed integer representation.

    Attributes
    ----------
    spec : str
        The canonical name, e.g. ``"crt:25"`` or ``"binary:40"``.
    kind : {"binary", "base", "crt", "char"}
    base : int
        The digit base (``binary`` has base 2); 0 for ``crt`` and ``char``.
    width : int
        The number of digits (``binary``/``base``).
    moduli : tuple of int
        The moduli (``crt``/``char``).
    """

    spec: str
    kind: str
    base: int = 0
    width: int = 0
    moduli: tuple[int, ...] = ()

    @property
    def feature_names(self) -> tuple[str, ...]:
        if self.kind in ("binary", "base"):
            return tuple(f"digit{i}" if self.kind == "base" else f"bit{i}" for i in range(self.width))
        if self.kind == "crt":
            return tuple(f"mod{m}" for m in self.moduli)
        return tuple(name for m in self.moduli for name in (f"cos{m}", f"sin{m}"))

    @property
    def lossless(self) -> bool:
        """True when :math:`n` can be read back from the features (digit encodings)."""
        return self.kind in ("binary", "base")

    def encode(self, ns) -> np.ndarray:
        """The feature matrix (float64) of the integers ``ns``.

        >>> parse_representation("binary:4").encode([6]).tolist()
        [[0.0, 1.0, 1.0, 0.0]]
        >>> parse_representation("crt:3").encode([10]).tolist()
        [[0.0, 1.0, 0.0]]
        """
        ns = np.asarray(ns, dtype=np.int64).ravel()
        if self.kind in ("binary", "base"):
            if len(ns) and ns.max() >= self.base**self.width:
                raise InvalidParameterError(
                    f"The representation {self.spec!r} has {self.width} digits, too few for "
                    f"n = {int(ns.max())}: use at least {_digits(int(ns.max()), self.base)}."
                )
            out = np.empty((len(ns), self.width), dtype=np.float64)
            rest = ns.copy()
            for i in range(self.width):
                out[:, i] = rest % self.base
                rest //= self.base
            return out
        res = np.stack([ns % m for m in self.moduli], axis=1) if self.moduli else np.zeros((len(ns), 0))
        if self.kind == "crt":
            return res.astype(np.float64)
        angle = 2 * np.pi * res / np.asarray(self.moduli, dtype=np.float64)
        out = np.empty((len(ns), 2 * len(self.moduli)))
        out[:, 0::2], out[:, 1::2] = np.cos(angle), np.sin(angle)
        return out

    def decode(self, X) -> np.ndarray:
        """The integers behind the features of a lossless (digit) representation."""
        if not self.lossless:
            raise InvalidParameterError(
                f"The representation {self.spec!r} does not determine n: only binary and base "
                f"digits can be decoded."
            )
        digits = np.rint(np.asarray(X, dtype=np.float64)).astype(np.int64)
        weights = self.base ** np.arange(self.width, dtype=np.int64)
        return digits @ weights

    def determines(self, d: int) -> bool:
        """True when the features determine :math:`n \\bmod d` (see :meth:`residues`).

        >>> parse_representation("crt:25").determines(7), parse_representation("crt:25").determines(49)
        (True, False)
        """
        return self.lossless or any(m % d == 0 for m in self.moduli)

    def residues(self, X, d: int) -> np.ndarray | None:
        """The exact residues :math:`n \\bmod d` read from the features, or None if undetermined.

        A digit encoding determines every residue; ``crt``/``char`` with moduli :math:`m_i`
        determine :math:`n \\bmod d` exactly when ``d`` divides some :math:`m_i`.
        """
        X = np.asarray(X, dtype=np.float64)
        if self.lossless:
            return self.decode(X) % d
        for j, m in enumerate(self.moduli):
            if m % d == 0:
                if self.kind == "crt":
                    r = np.rint(X[:, j]).astype(np.int64)
                else:
                    theta = np.arctan2(X[:, 2 * j + 1], X[:, 2 * j])
                    r = np.rint(theta * m / (2 * np.pi)).astype(np.int64) % m
                return r % d
        return None


def _digits(n: int, base: int) -> int:
    w = 1
    while base**w <= n:
        w += 1
    return w


def _bad(spec, why: str) -> InvalidParameterError:
    return InvalidParameterError(
        f"The 'representation' parameter must be one of {REPRESENTATION_HELP}; {why}. Got {spec!r} instead."
    )


def _int(text: str, spec, what: str, lo: int, hi: int) -> int:
    try:
        v = int(text)
    except ValueError:
        raise _bad(spec, f"{what} must be an integer") from None
    if not lo <= v <= hi:
        raise _bad(spec, f"{what} must lie in [{lo}, {hi}]")
    return v


def parse_representation(spec: str, *, max_value: int | None = None) -> IntegerRepresentation:
    """Parse a representation name such as ``"crt:25"``, ``"base:3"`` or ``"binary:20"``.

    Parameters
    ----------
    spec : str
        See the module docstring for the grammar.
    max_value : int, optional
        The largest integer to encode; sets the number of digits when ``binary``/``base`` give
        none, and is checked against them when they do.

    Raises
    ------
    InvalidParameterError
        For an unknown kind, a malformed number, or too few digits for ``max_value``.

    Examples
    --------
    >>> parse_representation("crt:25").moduli[-1]
    97
    >>> parse_representation("binary", max_value=1000).spec
    'binary:10'
    """
    if not isinstance(spec, str) or not spec.strip():
        raise _bad(spec, "it must be a non-empty string")
    parts = spec.strip().lower().split(":")
    kind, args = parts[0], parts[1:]
    if kind == "binary":
        if len(args) > 1:
            raise _bad(spec, "binary takes at most one number, the width")
        return _digit_rep(spec, "binary", 2, args[0] if args else None, max_value)
    if kind == "base":
        if not 1 <= len(args) <= 2:
            raise _bad(spec, "base needs the base and optionally the width, as in base:3:20")
        b = _int(args[0], spec, "the base", 2, 1000)
        return _digit_rep(spec, "base", b, args[1] if len(args) == 2 else None, max_value)
    if kind in ("crt", "char"):
        if len(args) != 1 or not args[0]:
            raise _bad(spec, f"{kind} needs a number of primes or a list of moduli, as in {kind}:25")
        if "," in args[0]:
            moduli = tuple(_int(t, spec, "each modulus", 2, _MAX_MODULUS) for t in args[0].split(","))
            if len(set(moduli)) != len(moduli):
                raise _bad(spec, "the moduli must be distinct")
            canon = f"{kind}:{','.join(map(str, moduli))}"
        else:
            k = _int(args[0], spec, "the number of primes", 1, 600)
            moduli = tuple(int(p) for p in first_primes(k))
            canon = f"{kind}:{k}"
        return IntegerRepresentation(canon, kind, moduli=moduli)
    raise _bad(spec, f"{kind!r} is not a known kind")


def _digit_rep(spec, kind, base, width_text, max_value) -> IntegerRepresentation:
    need = _digits(int(max_value), base) if max_value is not None else None
    if width_text is None:
        if need is None:
            raise _bad(spec, f"{kind} needs a width when the range of n is not known")
        width = need
    else:
        width = _int(width_text, spec, "the width", 1, 62)
        if need is not None and width < need:
            raise _bad(spec, f"{width} digits in base {base} cannot hold n up to {max_value} (need {need})")
    if base**width > 2**62:
        raise _bad(spec, f"{width} digits in base {base} overflow 64-bit integers")
    canon = f"binary:{width}" if kind == "binary" else f"base:{base}:{width}"
    return IntegerRepresentation(canon, kind, base=base, width=width)
