r"""Braid words on :math:`B_n`: the state of the unknotting game, its parsing and validation.

A braid word on ``n`` strands is a tuple of non-zero ints, ``i`` for the Artin generator
:math:`\sigma_i` and ``-i`` for :math:`\sigma_i^{-1}` (``1 <= i <= n - 1``), read left to right
(spherogram's and KnotInfo's convention). :math:`B_n` is presented by

.. math::

    \sigma_i \sigma_{i+1} \sigma_i = \sigma_{i+1} \sigma_i \sigma_{i+1}, \qquad
    \sigma_i \sigma_j = \sigma_j \sigma_i \quad (|i - j| \ge 2).

A state of the game is a :class:`BraidState` ``(word, strands)``: the strand count is part of the
state because Markov (de)stabilisation changes it. The closure of the empty word on one strand is
the unknot; the empty word on ``n > 1`` strands closes to the ``n``-component unlink.

References
----------
E. Artin, "Theorie der Zöpfe", Abh. Math. Sem. Hamburg 4 (1925) 47-72,
doi:10.1007/BF02950718.
J. S. Birman, *Braids, Links, and Mapping Class Groups*, Ann. of Math. Studies 82 (1974),
doi:10.1515/9781400881420.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from conjectura.exceptions import InvalidParameterError

__all__ = [
    "MAX_WORD_LENGTH",
    "MAX_STRANDS",
    "BraidState",
    "parse_braid_word",
    "braid_state",
    "format_braid_word",
    "braid_permutation",
    "closure_components",
    "exponent_sum",
    "is_trivial_state",
]

#: Longest word accepted from a user (letters). Search over longer words is hopeless within any
#: budget here, and the cap keeps a typo (a pasted file) from exhausting memory.
MAX_WORD_LENGTH = 1000
#: Largest strand count accepted (letters are stored in ``int8`` arrays for learned heuristics).
MAX_STRANDS = 64


class BraidState(NamedTuple):
    """A braid word and its strand count: the state of the unknotting game (hashable).

    >>> BraidState((1, -2, 1), 3)
    BraidState(word=(1, -2, 1), strands=3)
    """

    word: tuple[int, ...]
    strands: int


_TOKEN = re.compile(r"\s*(?:(?P<int>[+-]?\d+)|(?P<gen>[sSσ])_?(?P<idx>\d+)(?:\^\{?(?P<exp>[+-]?\d+)\}?)?)\s*")


def parse_braid_word(
    text: str | Iterable[int],
    strands: int | None = None,
    *,
    allow_empty: bool = False,
    owner: str = "parse_braid_word",
) -> BraidState:
    r"""Read a braid word and check it against the strand count.

    Parameters
    ----------
    text : str or iterable of int
        Integers separated by commas or spaces, optionally in ``[...]``, ``(...)`` or KnotInfo's
        ``{...}`` (``"1 -2 1"``, ``"{1,-2,1}"``), or generator notation with optional integer
        exponents (``"s1 s2^-1 s1"``, ``"σ1^3"``; a capital ``S`` is a plain ``s``). An iterable of
        ints is taken as the letters.
    strands : int, optional
        Number of strands ``n``; every letter must satisfy ``1 <= |letter| <= n - 1``. When
        omitted, ``n = max |letter| + 1`` (1 for the empty word).
    allow_empty : bool
        Accept the empty word (the solved state); a word to unknot must not be empty.
    owner : str
        Name of the caller, used in error messages.

    Returns
    -------
    BraidState

    Raises
    ------
    InvalidParameterError
        A malformed word, a zero letter, a generator out of range for ``n``, an empty word
        (unless ``allow_empty``) or one longer than :data:`MAX_WORD_LENGTH`, or a strand count
        outside ``[1, MAX_STRANDS]``. The message is one line and names the offending token.

    Examples
    --------
    >>> parse_braid_word("1 -2 1 -2")
    BraidState(word=(1, -2, 1, -2), strands=3)
    >>> parse_braid_word("s1^3", 2)
    BraidState(word=(1, 1, 1), strands=2)
    >>> parse_braid_word("{1,2,-1}", 4).strands
    4
    """
    if strands is not None:
        strands = _check_strands(strands, owner)
    if isinstance(text, str):
        letters = _parse_string(text, owner)
    else:
        try:
            letters = list(text)
        except TypeError:
            raise InvalidParameterError(
                f"The 'word' parameter of {owner} must be a string or a sequence of non-zero ints. "
                f"Got {text!r} instead."
            ) from None
        for k, x in enumerate(letters):
            if isinstance(x, bool) or (not isinstance(x, int) and not hasattr(x, "__index__")):
                raise InvalidParameterError(
                    f"The 'word' parameter of {owner} must hold non-zero ints. "
                    f"Got {x!r} at position {k} instead."
                )
        letters = [int(x) for x in letters]
    return braid_state(letters, strands, allow_empty=allow_empty, owner=owner)


def _parse_string(text: str, owner: str) -> list[int]:
    s = text.strip()
    if len(s) > 20 * MAX_WORD_LENGTH:
        raise InvalidParameterError(
            f"The 'word' parameter of {owner} must have at most {MAX_WORD_LENGTH} letters. "
            f"Got a string of {len(s)} characters instead."
        )
    if s[:1] in "[({" and s[-1:] in "])}":
        s = s[1:-1]
    letters: list[int] = []
    for k, tok in enumerate(t for t in re.split(r"[,\s]+", s) if t):
        pos = 0
        while pos < len(tok):
            m = _TOKEN.match(tok, pos)
            if m is None or m.end() == pos:
                raise InvalidParameterError(
                    f"The 'word' parameter of {owner} must be a braid word such as '1 -2 1' or "
                    f"'s1 s2^-1 s1'. Got {text!r} instead (bad token {tok!r}, item {k})."
                )
            if m.group("int") is not None:
                letters.append(int(m.group("int")))
            else:
                idx = int(m.group("idx"))
                exp = int(m.group("exp")) if m.group("exp") is not None else 1
                if idx == 0 or exp == 0:
                    raise InvalidParameterError(
                        f"The 'word' parameter of {owner} has a zero generator index or exponent "
                        f"in {tok!r} (item {k}); generators are s1, s2, ... and exponents non-zero."
                    )
                if abs(exp) > MAX_WORD_LENGTH:
                    raise InvalidParameterError(
                        f"The 'word' parameter of {owner} must have at most {MAX_WORD_LENGTH} "
                        f"letters. Got the power {tok!r} instead."
                    )
                letters.extend([idx if exp > 0 else -idx] * abs(exp))
            pos = m.end()
    return letters


def _check_strands(strands, owner: str) -> int:
    if isinstance(strands, bool) or not isinstance(strands, int) or not 1 <= strands <= MAX_STRANDS:
        raise InvalidParameterError(
            f"The 'strands' parameter of {owner} must be an int in the range [1, {MAX_STRANDS}]. "
            f"Got {strands!r} instead."
        )
    return int(strands)


def braid_state(
    letters: Iterable[int],
    strands: int | None = None,
    *,
    allow_empty: bool = True,
    owner: str = "braid_state",
) -> BraidState:
    """Validate letters against a strand count and return the :class:`BraidState`.

    >>> braid_state([1, 2], 3)
    BraidState(word=(1, 2), strands=3)
    >>> braid_state([3], 3)
    Traceback (most recent call last):
    ...
    conjectura.exceptions.InvalidParameterError: The 'word' parameter of braid_state has the generator 3 at position 0, out of range for B_3 (letters are ±1..±2).
    """
    word = tuple(int(x) for x in letters)
    if len(word) > MAX_WORD_LENGTH:
        raise InvalidParameterError(
            f"The 'word' parameter of {owner} must have at most {MAX_WORD_LENGTH} letters. "
            f"Got {len(word)} letters instead."
        )
    if not word and not allow_empty:
        raise InvalidParameterError(
            f"The 'word' parameter of {owner} must be a non-empty braid word. Got the empty word instead."
        )
    if 0 in word:
        raise InvalidParameterError(
            f"The 'word' parameter of {owner} must hold non-zero ints (σ_i = i, σ_i^-1 = -i). "
            f"Got 0 at position {word.index(0)} instead."
        )
    top = max((abs(x) for x in word), default=0)
    if strands is None:
        strands = top + 1
        if strands > MAX_STRANDS:
            raise InvalidParameterError(
                f"The 'word' parameter of {owner} uses the generator {top}, beyond B_{MAX_STRANDS}."
            )
    else:
        strands = _check_strands(strands, owner)
        if top > strands - 1:
            k = next(k for k, x in enumerate(word) if abs(x) == top)
            rng = f"±1..±{strands - 1}" if strands > 1 else "none: B_1 is trivial"
            raise InvalidParameterError(
                f"The 'word' parameter of {owner} has the generator {word[k]} at position {k}, "
                f"out of range for B_{strands} (letters are {rng})."
            )
    return BraidState(word, strands)


def format_braid_word(word: Iterable[int]) -> str:
    """The word as space-separated ints (``parse_braid_word`` reads it back).

    >>> format_braid_word((1, -2, 1))
    '1 -2 1'
    """
    return " ".join(str(int(x)) for x in word)


def braid_permutation(word: Iterable[int], strands: int) -> tuple[int, ...]:
    r"""The permutation of :math:`\{0, \dots, n-1\}` induced by the braid (its image in :math:`S_n`).

    :math:`\sigma_i^{\pm 1}` maps to the transposition :math:`(i-1\ i)`; the letters act left to
    right, so ``perm[k]`` is the end position of the strand starting at position ``k``.

    >>> braid_permutation((1, 2), 3)
    (2, 0, 1)
    """
    where = list(range(strands))  # where[p] = strand now at position p
    for x in word:
        i = abs(x)
        where[i - 1], where[i] = where[i], where[i - 1]
    perm = [0] * strands
    for p, s in enumerate(where):
        perm[s] = p
    return tuple(perm)


def closure_components(word: Iterable[int], strands: int) -> int:
    """Number of components of the closure: the number of cycles of the braid's permutation.

    >>> closure_components((1, 1, 1), 2), closure_components((1, 1), 2), closure_components((), 3)
    (1, 2, 3)
    """
    perm = braid_permutation(word, strands)
    seen = [False] * strands
    cycles = 0
    for s in range(strands):
        if not seen[s]:
            cycles += 1
            while not seen[s]:
                seen[s] = True
                s = perm[s]
    return cycles


def exponent_sum(word: Iterable[int]) -> int:
    """Sum of the exponents (the abelianisation :math:`B_n \\to \\mathbb{Z}`).

    >>> exponent_sum((1, -2, 1))
    1
    """
    return sum(1 if x > 0 else -1 for x in word)


def is_trivial_state(state: BraidState) -> bool:
    """Whether the state is the empty word on one strand (the goal of the unknotting game).

    >>> is_trivial_state(BraidState((), 1)), is_trivial_state(BraidState((), 2))
    (True, False)
    """
    return len(state.word) == 0 and state.strands == 1
