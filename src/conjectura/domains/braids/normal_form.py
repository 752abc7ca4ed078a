r"""Garside's left normal form: a complete invariant of braids, and so a solution of the word problem.

Every :math:`\beta \in B_n` is uniquely :math:`\Delta^{k} A_1 \cdots A_r` with :math:`\Delta` the
half twist, each :math:`A_j` a *simple* braid (a positive braid in which two strands cross at most
once; these correspond to the permutations of :math:`S_n`), :math:`A_1 \ne \Delta`,
:math:`A_r \ne 1`, and each pair :math:`(A_j, A_{j+1})` *left-weighted*: every generator that
:math:`A_{j+1}` can start with, :math:`A_j` can end with. Two words are the same braid iff their
normal forms agree, on any number of strands (unlike the Burau matrix, which is not faithful for
:math:`n \ge 5`).

Conventions. A simple braid is stored as its permutation ``e`` (``e[k]`` is the final position of
the strand starting at position ``k``, as :func:`~conjectura.domains.braids.words.braid_permutation`
gives). The braid :math:`uv` has permutation :math:`e_v \circ e_u`. :math:`\sigma_i` can start a
simple :math:`B` iff ``e_B[i-1] > e_B[i]``, and end a simple :math:`A` iff ``e_A^{-1}[i-1] >
e_A^{-1}[i]``. Conjugation by :math:`\Delta` is :math:`\tau(\sigma_i) = \sigma_{n-i}`.

References
----------
F. A. Garside, "The braid group and other groups", Quart. J. Math. 20 (1969) 235-254,
doi:10.1093/qmath/20.1.235. E. A. Elrifai, H. R. Morton, "Algorithms for positive braids",
Quart. J. Math. 45 (1994) 479-497, doi:10.1093/qmath/45.4.479. D. B. A. Epstein et al., *Word
Processing in Groups* (1992), Ch. 9.
"""

from __future__ import annotations

from collections.abc import Iterable

from conjectura.domains.braids.words import braid_state

__all__ = ["left_normal_form", "normal_form_word", "same_braid"]

Perm = tuple[int, ...]


def _compose(first: Perm, then: Perm) -> Perm:
    """Permutation of the braid ``first * then``."""
    return tuple(then[x] for x in first)


def _inverse(e: Perm) -> Perm:
    out = [0] * len(e)
    for k, x in enumerate(e):
        out[x] = k
    return tuple(out)


def _swap(n: int, i: int) -> Perm:
    t = list(range(n))
    t[i - 1], t[i] = i, i - 1
    return tuple(t)


def _tau(e: Perm) -> Perm:
    n = len(e)
    return tuple(n - 1 - e[n - 1 - k] for k in range(n))


def _starts(e: Perm) -> set[int]:
    return {i for i in range(1, len(e)) if e[i - 1] > e[i]}


def _finishes(e: Perm) -> set[int]:
    w = _inverse(e)
    return {i for i in range(1, len(e)) if w[i - 1] > w[i]}


def _left_weight(a: Perm, b: Perm) -> tuple[Perm, Perm, bool]:
    """Make ``(a, b)`` left-weighted by moving generators from the start of ``b`` to the end of ``a``."""
    n, changed = len(a), False
    while True:
        move = _starts(b) - _finishes(a)
        if not move:
            return a, b, changed
        i = min(move)
        t = _swap(n, i)
        a, b, changed = _compose(a, t), _compose(t, b), True


def left_normal_form(word: Iterable[int], strands: int) -> tuple[int, tuple[Perm, ...]]:
    r"""The left normal form :math:`\Delta^{k} A_1 \cdots A_r` of a braid.

    Parameters
    ----------
    word : iterable of int
    strands : int

    Returns
    -------
    (int, tuple of tuple of int)
        ``k`` and the permutations of :math:`A_1, \dots, A_r` (see the module conventions).

    Examples
    --------
    >>> left_normal_form((1, 2, 1), 3)
    (1, ())
    >>> left_normal_form((1, -1, 2), 3)
    (0, ((0, 2, 1),))
    >>> left_normal_form((1, 2, 1), 3) == left_normal_form((2, 1, 2), 3)
    True
    """
    st = braid_state(word, strands, owner="left_normal_form")
    n = st.strands
    ident = tuple(range(n))
    delta = tuple(range(n - 1, -1, -1))
    k, factors = 0, []
    for x in st.word:
        t = _swap(n, abs(x))
        if x > 0:
            factors.append(t)
        else:  # sigma_i^-1 = Delta^-1 (Delta sigma_i^-1); push Delta^-1 to the front
            factors = [_tau(f) for f in factors]
            factors.append(_compose(delta, t))  # Delta = X sigma_i  =>  e_X = t o e_Delta
            k -= 1
    changed = True
    while changed:
        changed = False
        for j in range(len(factors) - 1):
            a, b, c = _left_weight(factors[j], factors[j + 1])
            if c:
                factors[j], factors[j + 1], changed = a, b, True
        while factors and factors[0] == delta:
            factors.pop(0)
            k += 1
        kept = [f for f in factors if f != ident]
        if len(kept) != len(factors):
            factors, changed = kept, True
    return k, tuple(factors)


def _simple_word(e: Perm) -> list[int]:
    """A positive word for the simple braid with permutation ``e`` (one crossing per inversion)."""
    n = len(e)
    where = list(range(n))  # where[p] = strand at position p; sort strands by their targets
    word = []
    for _ in range(n):
        for p in range(n - 1):
            if e[where[p]] > e[where[p + 1]]:
                where[p], where[p + 1] = where[p + 1], where[p]
                word.append(p + 1)
    return word


def normal_form_word(word: Iterable[int], strands: int) -> tuple[int, ...]:
    r"""The braid word of the left normal form: :math:`\Delta^{k}` (its inverse when ``k < 0``)
    followed by positive words of the simple factors. Same braid as ``word``, canonical, and
    freely reduced: for ``k < 0`` the word of :math:`\Delta` is chosen to start with a generator
    that :math:`A_1` cannot start with (there is one, since :math:`A_1 \ne \Delta`), so no
    :math:`\sigma_i^{-1}\sigma_i` appears where the negative and positive parts meet.

    >>> normal_form_word((2, 1, -1, -2, 1), 3)
    (1,)
    >>> normal_form_word((-1,), 2)
    (-1,)
    >>> normal_form_word((-1, 1, 2), 3)
    (2,)
    """
    k, factors = left_normal_form(word, strands)
    n = strands
    delta = tuple(range(n - 1, -1, -1))
    first = 1
    if factors:
        first = min(set(range(1, n)) - _starts(factors[0]))
    # Delta = sigma_first X with X simple: e_X = e_Delta o t
    delta_word = [first, *_simple_word(_compose(_swap(n, first), delta))] if n > 1 else []
    out: list[int] = []
    if k >= 0:
        out.extend(delta_word * k)
    else:
        out.extend([-x for x in reversed(delta_word)] * (-k))
    for f in factors:
        out.extend(_simple_word(f))
    return tuple(out)


def same_braid(u: Iterable[int], v: Iterable[int], strands: int) -> bool:
    """Whether two words are the same element of :math:`B_n` (equal left normal forms).

    >>> same_braid((1, 3), (3, 1), 4), same_braid((1, 2), (2, 1), 3)
    (True, False)
    """
    return left_normal_form(u, strands) == left_normal_form(v, strands)
