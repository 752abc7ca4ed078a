r"""Moves of the unknotting game: braid relations and Markov moves, each with its precondition.

Every move is a pure function ``move(word, strands, arg) -> (word', strands')`` that returns
``None`` when its precondition fails. Each maps a braid to a braid whose closure is the same link
(up to isotopy), so a sequence of moves from a word to the empty word on one strand proves that the
word's closure is the unknot.

=================  ===========================================================  ==============
kind (``arg``)     move                                                         why it is valid
=================  ===========================================================  ==============
``shift`` (k)      :math:`w = uv \mapsto vu` with :math:`|u| = k`, ``1 <= k <   conjugation by
                   len(w)`` (``k = 1``: conjugation by the first letter)        :math:`u`
``braid`` (p)      a braid relation on the letters at ``p, p+1, p+2`` (below)   Artin relation
``commute`` (p)    :math:`\sigma_i^{a}\sigma_j^{b} \mapsto \sigma_j^{b}\sigma_i^{a}`  Artin relation
                   at ``p, p+1`` when :math:`|i - j| \ge 2`
``cancel`` (p)     delete :math:`\sigma_i^{a}\sigma_i^{-a}` at ``p, p+1``       free group
``conjugate`` (x)  :math:`w \mapsto \sigma^{x} w \sigma^{-x}`, ``x = ±i``,      Markov I
                   ``1 <= i <= n - 1``
``stabilise`` (e)  :math:`(w, n) \mapsto (w\sigma_n^{e}, n + 1)`, ``e = ±1``    Markov II
``destabilise``    :math:`(w\sigma_{n-1}^{\pm 1}, n) \mapsto (w, n - 1)` when   Markov II
(0)                :math:`w` has no letter :math:`\sigma_{n-1}^{\pm 1}`
=================  ===========================================================  ==============

**The braid relations included.** With :math:`a = \sigma_i`, :math:`b = \sigma_j`,
:math:`|i - j| = 1` (either order) and :math:`e, f = \pm 1`, the move rewrites

.. math::

    a^{e} b^{e} a^{e} \;\leftrightarrow\; b^{e} a^{e} b^{e}, \qquad
    a^{e} b^{f} a^{-e} \;\leftrightarrow\; b^{-e} a^{f} b^{e}.

These are all the length-3 consequences of Artin's relation of this shape. The first with
:math:`e = 1` is Artin's relation and with :math:`e = -1` its inverse. From :math:`aba = bab`,
multiplying by :math:`b^{-1}` on the left and :math:`a^{-1}` on the right gives
:math:`b^{-1}ab = aba^{-1}` (:math:`e = f = 1`); the relation is symmetric in :math:`a, b`, so
also :math:`a^{-1}ba = bab^{-1}` (:math:`e = -1, f = 1`); the :math:`f = -1` cases are the inverses
of these two. Each rewrite is an involution: applied to its result it gives the original letters
back. In one formula, letters :math:`(x, y, z)` with :math:`|x| = |z|`, :math:`||x| - |y|| = 1`
and :math:`\operatorname{sgn} z = -\operatorname{sgn} x` or all signs equal become
:math:`(\operatorname{sgn}(z)|y|, \operatorname{sgn}(y)|x|, \operatorname{sgn}(x)|y|)`.

Moves act on the word as a linear string: patterns that wrap around the end are reached with a
``shift`` first.

References
----------
A. A. Markov, "Über die freie Äquivalenz der geschlossenen Zöpfe", Rec. Math. Moscou 1 (1936)
73-78. J. S. Birman, *Braids, Links, and Mapping Class Groups* (1974), Theorem 2.3,
doi:10.1515/9781400881420. S. Gukov, J. Halverson, F. Ruehle, P. Sułkowski, "Learning to unknot",
Mach. Learn.: Sci. Technol. 2 (2021) 025035, arXiv:2010.16263 (the same move set).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from conjectura.domains.braids.words import MAX_STRANDS, MAX_WORD_LENGTH, BraidState
from conjectura.exceptions import InvalidParameterError

__all__ = [
    "MOVE_KINDS",
    "GROWING_KINDS",
    "Move",
    "cyclic_shift",
    "braid_relation",
    "far_commutation",
    "free_cancellation",
    "markov_conjugation",
    "stabilise",
    "destabilise",
    "apply_move",
    "apply_moves",
    "legal_moves",
    "move_function",
]

Word = tuple[int, ...]
Result = tuple[Word, int] | None

#: The move kinds, in the order :func:`legal_moves` lists them.
MOVE_KINDS = ("cancel", "destabilise", "braid", "commute", "shift", "conjugate", "stabilise")
#: Kinds that lengthen the word (a search needs a length cap to stay finite with them).
GROWING_KINDS = ("conjugate", "stabilise")


class Move(NamedTuple):
    """One move: its ``kind`` (one of :data:`MOVE_KINDS`) and integer argument.

    ``arg`` is the shift offset ``k`` (``shift``), the position ``p`` (``braid``, ``commute``,
    ``cancel``), the conjugating letter ``x`` (``conjugate``), the sign ``e`` (``stabilise``) or
    ``0`` (``destabilise``).

    >>> Move("braid", 2)
    Move(kind='braid', arg=2)
    """

    kind: str
    arg: int = 0


def cyclic_shift(word: Word, strands: int, k: int = 1) -> Result:
    """Rotate the word left by ``k`` letters (conjugation by its first ``k`` letters).

    Precondition: ``1 <= k < len(word)``.

    >>> cyclic_shift((1, 2, -1), 3)
    ((2, -1, 1), 3)
    >>> cyclic_shift((1,), 2) is None
    True
    """
    if not 1 <= k < len(word):
        return None
    return word[k:] + word[:k], strands


def _braid_image(x: int, y: int, z: int) -> tuple[int, int, int] | None:
    if abs(x) != abs(z) or abs(abs(x) - abs(y)) != 1:
        return None
    a, b = abs(x), abs(y)
    e = 1 if x > 0 else -1
    f = 1 if y > 0 else -1
    g = 1 if z > 0 else -1
    if e == f == g:  # a^e b^e a^e -> b^e a^e b^e
        return (e * b, e * a, e * b)
    if g == -e:  # a^e b^f a^-e -> b^-e a^f b^e
        return (-e * b, f * a, e * b)
    return None


def braid_relation(word: Word, strands: int, p: int) -> Result:
    r"""Apply the braid relation to the letters at ``p, p+1, p+2`` (see the module table).

    Precondition: ``0 <= p <= len(word) - 3`` and the three letters are
    :math:`a^e b^e a^e` or :math:`a^e b^f a^{-e}` with :math:`a = \sigma_i`,
    :math:`b = \sigma_{i \pm 1}`.

    >>> braid_relation((1, 2, 1), 3, 0)
    ((2, 1, 2), 3)
    >>> braid_relation((1, 2, -1), 3, 0)
    ((-2, 1, 2), 3)
    >>> braid_relation((1, 2, 2), 3, 0) is None
    True
    """
    if not 0 <= p <= len(word) - 3:
        return None
    img = _braid_image(word[p], word[p + 1], word[p + 2])
    if img is None:
        return None
    return word[:p] + img + word[p + 3 :], strands


def far_commutation(word: Word, strands: int, p: int) -> Result:
    r"""Swap the letters at ``p, p+1`` when they are :math:`\sigma_i^{\pm1}, \sigma_j^{\pm1}`
    with :math:`|i - j| \ge 2`.

    >>> far_commutation((1, -3, 2), 4, 0)
    ((-3, 1, 2), 4)
    >>> far_commutation((1, 2), 3, 0) is None
    True
    """
    if not 0 <= p <= len(word) - 2 or abs(abs(word[p]) - abs(word[p + 1])) < 2:
        return None
    return (*word[:p], word[p + 1], word[p], *word[p + 2 :]), strands


def free_cancellation(word: Word, strands: int, p: int) -> Result:
    r"""Delete :math:`\sigma_i^{a}\sigma_i^{-a}` at ``p, p+1``.

    >>> free_cancellation((2, 1, -1, 2), 3, 1)
    ((2, 2), 3)
    >>> free_cancellation((1, 1), 2, 0) is None
    True
    """
    if not 0 <= p <= len(word) - 2 or word[p] != -word[p + 1]:
        return None
    return word[:p] + word[p + 2 :], strands


def markov_conjugation(word: Word, strands: int, x: int) -> Result:
    r"""Conjugate: :math:`w \mapsto \sigma^{x} w \sigma^{-x}` for a letter ``x = ±i``, ``1 <= i < n``.

    >>> markov_conjugation((1,), 3, -2)
    ((-2, 1, 2), 3)
    >>> markov_conjugation((1,), 2, 2) is None
    True
    """
    if not 1 <= abs(x) <= strands - 1 or len(word) + 2 > MAX_WORD_LENGTH:
        return None
    return (x, *word, -x), strands


def stabilise(word: Word, strands: int, e: int = 1) -> Result:
    r"""Markov stabilisation :math:`(w, n) \mapsto (w \sigma_n^{e}, n + 1)`, ``e = ±1``.

    >>> stabilise((), 1, -1)
    ((-1,), 2)
    """
    if e not in (1, -1) or len(word) + 1 > MAX_WORD_LENGTH or strands + 1 > MAX_STRANDS:
        return None
    return (*word, e * strands), strands + 1


def destabilise(word: Word, strands: int, arg: int = 0) -> Result:
    r"""Markov destabilisation :math:`(w \sigma_{n-1}^{\pm 1}, n) \mapsto (w, n - 1)`.

    Precondition: ``n >= 2``, the last letter is :math:`\sigma_{n-1}^{\pm 1}` and no other letter
    is :math:`\sigma_{n-1}^{\pm 1}` (``arg`` must be 0).

    >>> destabilise((1, -2), 3)
    ((1,), 2)
    >>> destabilise((2, 1, -2), 3) is None
    True
    """
    if arg != 0 or strands < 2 or not word or abs(word[-1]) != strands - 1:
        return None
    if any(abs(x) == strands - 1 for x in word[:-1]):
        return None
    return word[:-1], strands - 1


_MOVES: dict[str, Callable[[Word, int, int], Result]] = {
    "shift": cyclic_shift,
    "braid": braid_relation,
    "commute": far_commutation,
    "cancel": free_cancellation,
    "conjugate": markov_conjugation,
    "stabilise": stabilise,
    "destabilise": destabilise,
}

_PRECONDITION = {
    "shift": "1 <= k < len(word)",
    "braid": "letters p, p+1, p+2 of the form a^e b^e a^e or a^e b^f a^-e with a = σ_i, b = σ_(i±1)",
    "commute": "letters p, p+1 of the form σ_i^±1 σ_j^±1 with |i - j| >= 2",
    "cancel": "letters p, p+1 of the form σ_i^a σ_i^-a",
    "conjugate": "a letter ±i with 1 <= i <= strands - 1",
    "stabilise": "a sign ±1",
    "destabilise": "strands >= 2, last letter σ_(n-1)^±1 and no other σ_(n-1)^±1",
}


def move_function(kind: str) -> Callable[[Word, int, int], Result]:
    """The pure function of a move kind.

    >>> move_function("cancel")((1, -1), 2, 0)
    ((), 2)
    """
    try:
        return _MOVES[kind]
    except KeyError:
        raise InvalidParameterError(
            f"The 'kind' parameter of move_function must be one of {list(MOVE_KINDS)}. Got {kind!r} instead."
        ) from None


def apply_move(state: BraidState, move: Move | tuple[str, int]) -> BraidState:
    """Apply one move, raising :class:`InvalidParameterError` when its precondition fails.

    >>> apply_move(BraidState((1, -1), 2), Move("cancel", 0))
    BraidState(word=(), strands=2)
    >>> apply_move(BraidState((1, 1), 2), Move("cancel", 0))
    Traceback (most recent call last):
    ...
    conjectura.exceptions.InvalidParameterError: The move cancel(0) does not apply to the word (1, 1) on 2 strands: it needs letters p, p+1 of the form σ_i^a σ_i^-a.
    """
    kind, arg = move
    out = move_function(kind)(tuple(state[0]), int(state[1]), int(arg))
    if out is None:
        raise InvalidParameterError(
            f"The move {kind}({arg}) does not apply to the word {tuple(state[0])} on {state[1]} "
            f"strands: it needs {_PRECONDITION[kind]}."
        )
    return BraidState(*out)


def apply_moves(state: BraidState, moves: Iterable[Move | tuple[str, int]]) -> BraidState:
    """Apply moves in order (each checked).

    >>> apply_moves(BraidState((1,), 2), [Move("destabilise")])
    BraidState(word=(), strands=1)
    """
    for m in moves:
        state = apply_move(state, m)
    return state


def legal_moves(
    state: BraidState,
    *,
    kinds: Iterable[str] = MOVE_KINDS,
    max_length: int | None = None,
    max_strands: int | None = None,
    all_shifts: bool = False,
) -> list[Move]:
    """Every move whose precondition holds at ``state``, in the order of :data:`MOVE_KINDS`.

    Parameters
    ----------
    state : BraidState
    kinds : iterable of str
        Move kinds to offer (default: all).
    max_length, max_strands : int, optional
        Growing moves whose result would exceed these are left out.
    all_shifts : bool
        Offer every rotation ``1 <= k < len(word)``; by default only ``k = 1`` and
        ``k = len(word) - 1`` (one letter to the back or to the front).

    Examples
    --------
    >>> legal_moves(BraidState((1, -1), 2), kinds=("cancel", "shift"))
    [Move(kind='cancel', arg=0), Move(kind='shift', arg=1)]
    """
    word, n = tuple(state[0]), int(state[1])
    L = len(word)
    kinds = set(kinds)
    out: list[Move] = []
    if "cancel" in kinds:
        out.extend(Move("cancel", p) for p in range(L - 1) if word[p] == -word[p + 1])
    if "destabilise" in kinds and destabilise(word, n) is not None:
        out.append(Move("destabilise", 0))
    if "braid" in kinds:
        out.extend(
            Move("braid", p)
            for p in range(L - 2)
            if _braid_image(word[p], word[p + 1], word[p + 2]) is not None
        )
    if "commute" in kinds:
        out.extend(Move("commute", p) for p in range(L - 1) if abs(abs(word[p]) - abs(word[p + 1])) >= 2)
    if "shift" in kinds and L >= 2:
        ks = range(1, L) if all_shifts else sorted({1, L - 1})
        out.extend(Move("shift", k) for k in ks)
    cap = MAX_WORD_LENGTH if max_length is None else min(max_length, MAX_WORD_LENGTH)
    if "conjugate" in kinds and cap >= L + 2:
        out.extend(Move("conjugate", s * i) for i in range(1, n) for s in (1, -1))
    smax = MAX_STRANDS if max_strands is None else min(max_strands, MAX_STRANDS)
    if "stabilise" in kinds and cap >= L + 1 and n + 1 <= smax:
        out.extend((Move("stabilise", 1), Move("stabilise", -1)))
    return out
