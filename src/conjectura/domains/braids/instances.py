r"""Instances of the unknotting game: scrambled unknots and scrambled knots (negative controls).

:func:`scramble_braid` hides a braid inside a longer braid with the same closure by a seeded
random walk of closure-preserving moves, and hits an exact length and strand count:

1. the ``strands - n0`` Markov stabilisations and growth steps adding ``length - len(w0) -
   (strands - n0)`` letters are made in a random order (a stabilisation first while the braid
   has one strand). A growth step is, with equal probability, a Markov conjugation
   :math:`w \mapsto x w x^{-1}` by a random letter :math:`x`, the insertion of a cancelling
   pair :math:`x x^{-1}` at a random position, or (on at least three strands, when six letters
   remain to add) the insertion at a random position of the relator
   :math:`a^e b^e a^e b^{-e} a^{-e} b^{-e}` for random adjacent generators :math:`a, b`, trivial
   in :math:`B_n` but freely reduced, so that removing it needs a braid relation;
2. after each of them ``mix`` mixing moves, and ``final_mix`` at the end: a uniformly random one
   of the braid relations and far commutations that apply, or (when none does, or with
   probability ``1 / (m + 1)`` among ``m`` applicable ones) a rotation by a random offset.

Every step is a move of the game, the inverse of one (the inverse of an insertion is a free
cancellation) or the insertion of a relator, so the closure is unchanged. The length is therefore exactly ``length``: the
length distribution of the generated words is a point mass, and the harness reports the lengths
it used. A braid whose closure is a knot on ``n`` strands has length :math:`\equiv n - 1
\pmod 2` (its permutation is an ``n``-cycle), so only such lengths are admissible;
:func:`admissible_length` rounds up.

With ``normal_form=True`` the instance is instead the word of the scrambled braid's Garside left
normal form (:func:`~conjectura.domains.braids.normal_form.normal_form_word`): the same braid,
with every free cancellation and visible relation pattern gone (a power of :math:`\Delta^{-1}`
followed by positive letters), so it takes braid relations before any cancellation; its length
is whatever the normal form has, and is recorded.

Gukov, Halverson, Ruehle and Sułkowski (arXiv:2010.16263) also make unknots by applying random
moves to the trivial braid; the scheme above is ours and is described here in full.

References
----------
KnotInfo (C. Livingston, A. H. Moore), braid notation of the prime knots up to 7 crossings,
https://knotinfo.math.indiana.edu/. J. Hoste, M. Thistlethwaite, J. Weeks, "The first 1,701,936
knots", Math. Intelligencer 20 (1998) 33-48, doi:10.1007/BF03025227 (the census names
``K11n34``, ``K11n42`` used by SnapPy).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from conjectura.core.seeding import SeedLike, as_generator, child_seeds
from conjectura.core.validation import validate_int
from conjectura.domains.braids.moves import braid_relation, far_commutation
from conjectura.domains.braids.normal_form import normal_form_word
from conjectura.domains.braids.words import MAX_STRANDS, MAX_WORD_LENGTH, BraidState, braid_state
from conjectura.exceptions import InvalidParameterError

__all__ = [
    "KNOWN_KNOTS",
    "admissible_length",
    "scramble_braid",
    "random_unknot",
    "unknot_instances",
    "negative_control_instances",
]

#: Non-trivial knots as braids: ``name -> (word, strands, alexander)``. The words of the knots up
#: to 7 crossings are KnotInfo's braid notation; ``11n34`` (the Conway knot) and ``11n42`` (the
#: Kinoshita-Terasaka knot) are the braids SnapPy 3.3 gives for the census knots ``K11n34`` and
#: ``K11n42`` (``snappy.Link(name).braid_word()``). ``alexander`` is the Alexander polynomial
#: (constant term first, KnotInfo's normalisation). The last two have trivial Alexander
#: polynomial: that invariant cannot tell them from the unknot, a move sequence must.
KNOWN_KNOTS: dict[str, tuple[tuple[int, ...], int, tuple[int, ...]]] = {
    "3_1": ((1, 1, 1), 2, (1, -1, 1)),
    "4_1": ((1, -2, 1, -2), 3, (1, -3, 1)),
    "5_1": ((1, 1, 1, 1, 1), 2, (1, -1, 1, -1, 1)),
    "5_2": ((1, 1, 1, 2, -1, 2), 3, (2, -3, 2)),
    "6_1": ((1, 1, 2, -1, -3, 2, -3), 4, (2, -5, 2)),
    "6_2": ((1, 1, 1, -2, 1, -2), 3, (1, -3, 3, -3, 1)),
    "6_3": ((1, 1, -2, 1, -2, -2), 3, (1, -3, 5, -3, 1)),
    "7_1": ((1, 1, 1, 1, 1, 1, 1), 2, (1, -1, 1, -1, 1, -1, 1)),
    "7_2": ((1, 1, 1, 2, -1, 2, 3, -2, 3), 4, (3, -5, 3)),
    "11n34": ((-1, 2, -1, 2, -1, 3, -2, -2, -1, 3, 3), 4, (1,)),
    "11n42": ((-1, 2, 2, -3, -3, 2, 1, -2, -2, 3, -2, 3, -2), 4, (1,)),
}


def admissible_length(length: int, strands: int) -> int:
    """The least length ``>= length`` of a braid on ``strands`` strands whose closure is a knot.

    Such a length is ``>= strands - 1`` and has the parity of ``strands - 1``.

    >>> admissible_length(10, 3), admissible_length(10, 4), admissible_length(1, 5)
    (10, 11, 4)
    """
    length = max(int(length), int(strands) - 1)
    return length + (length - strands + 1) % 2


def _mix(word: list[int], n: int, rng: np.random.Generator) -> list[int]:
    t = tuple(word)
    cand = [("braid", p) for p in range(len(t) - 2) if braid_relation(t, n, p) is not None]
    cand += [("commute", p) for p in range(len(t) - 1) if far_commutation(t, n, p) is not None]
    if len(t) >= 2 and (not cand or rng.integers(len(cand) + 1) == 0):
        k = int(rng.integers(1, len(t)))
        return word[k:] + word[:k]
    if not cand:
        return word
    kind, p = cand[int(rng.integers(len(cand)))]
    fn = braid_relation if kind == "braid" else far_commutation
    return list(fn(t, n, p)[0])


def scramble_braid(
    start: BraidState | tuple[Sequence[int], int],
    length: int,
    strands: int,
    seed: SeedLike = None,
    *,
    mix: int = 2,
    final_mix: int | None = None,
) -> BraidState:
    r"""A random braid of exactly ``length`` letters on ``strands`` strands with the closure of ``start``.

    Parameters
    ----------
    start : BraidState or (word, strands)
        The braid to hide; ``((), 1)`` for the unknot.
    length, strands : int
        Target shape: ``strands >= start.strands``, ``length >= len(start.word) + strands -
        start.strands`` with the same parity.
    seed : int, Generator or None
        Randomness of the walk (the result is a deterministic function of the seed).
    mix : int
        Mixing moves after each stabilisation or growth step.
    final_mix : int, optional
        Mixing moves after the last growth step (default ``4 * length``).

    Returns
    -------
    BraidState

    Raises
    ------
    InvalidParameterError
        An unreachable target (fewer strands, too short, wrong parity) or one beyond the caps.

    Examples
    --------
    >>> s = scramble_braid(((), 1), 10, 3, seed=0)
    >>> len(s.word), s.strands
    (10, 3)
    >>> from conjectura.domains.braids.invariants import closure_alexander_polynomial
    >>> closure_alexander_polynomial(*s)
    (1,)
    """
    st = braid_state(start[0], start[1], owner="scramble_braid")
    validate_int(strands, "strands", "scramble_braid", min_value=st.strands, max_value=MAX_STRANDS)
    lo = len(st.word) + strands - st.strands
    validate_int(length, "length", "scramble_braid", min_value=lo, max_value=MAX_WORD_LENGTH)
    if (length - lo) % 2:
        raise InvalidParameterError(
            f"The 'length' parameter of scramble_braid must have the parity of {lo} (each growth "
            f"step adds two letters, each stabilisation one). Got {length} instead."
        )
    if final_mix is None:
        final_mix = 4 * length
    validate_int(mix, "mix", "scramble_braid", min_value=0)
    validate_int(final_mix, "final_mix", "scramble_braid", min_value=0)
    rng = as_generator(seed)
    stabilisations, letters = strands - st.strands, length - lo  # letters: growth still to add
    word, n = list(st.word), st.strands
    while stabilisations or letters:
        # a stabilisation with probability proportional to the stabilisations left
        units = letters // 2
        if stabilisations and (n == 1 or rng.random() < stabilisations / (stabilisations + units)):
            word.append(int(rng.choice((-1, 1))) * n)
            n += 1
            stabilisations -= 1
        else:
            kinds = ["conjugate", "pair"] + (["relator"] if n >= 3 and letters >= 6 else [])
            kind = kinds[int(rng.integers(len(kinds)))]
            i = int(rng.integers(1, n))
            e = int(rng.choice((-1, 1)))
            if kind == "conjugate":
                word = [e * i, *word, -e * i]
                letters -= 2
            elif kind == "pair":
                p = int(rng.integers(len(word) + 1))
                word[p:p] = [e * i, -e * i]
                letters -= 2
            else:
                j = i + 1 if i == 1 or (i < n - 1 and rng.random() < 0.5) else i - 1
                p = int(rng.integers(len(word) + 1))
                word[p:p] = [e * i, e * j, e * i, -e * j, -e * i, -e * j]
                letters -= 6
        for _ in range(mix):
            word = _mix(word, n, rng)
    for _ in range(final_mix):
        word = _mix(word, n, rng)
    return BraidState(tuple(word), n)


def random_unknot(length: int, strands: int, seed: SeedLike = None, **kwargs: Any) -> BraidState:
    """A scrambled unknot: :func:`scramble_braid` of the trivial braid on one strand.

    >>> s = random_unknot(12, 4, seed=1)
    Traceback (most recent call last):
    ...
    conjectura.exceptions.InvalidParameterError: The 'length' parameter of scramble_braid must have the parity of 3 (each growth step adds two letters, each stabilisation one). Got 12 instead.
    >>> random_unknot(13, 4, seed=1).strands
    4
    """
    return scramble_braid(BraidState((), 1), length, strands, seed, **kwargs)


def _finish(state: BraidState, normal_form: bool) -> BraidState:
    return BraidState(normal_form_word(*state), state.strands) if normal_form else state


def _grid(lengths: Iterable[int], strands: Iterable[int]) -> list[tuple[int, int, int]]:
    cells = []
    for n in strands:
        validate_int(n, "strands", "unknot_instances", min_value=2, max_value=MAX_STRANDS)
        for L in lengths:
            validate_int(L, "length", "unknot_instances", min_value=1, max_value=MAX_WORD_LENGTH)
            cells.append((int(L), int(n), admissible_length(L, n)))
    return cells


def unknot_instances(
    lengths: Iterable[int],
    strands: Iterable[int],
    per_cell: int,
    seed: SeedLike = 0,
    *,
    normal_form: bool = False,
) -> list[dict[str, Any]]:
    """A fixed seeded set of scrambled unknots for every (length, strands) cell.

    Parameters
    ----------
    lengths, strands : iterable of int
        The grid. A length of the wrong parity for a strand count is rounded up by
        :func:`admissible_length`; records carry both (``length`` is the grid value,
        ``word_length`` the actual one).
    per_cell : int
        Instances per cell.
    seed : int, Generator or None
        One seed for the whole set; each instance gets a child seed (recorded).
    normal_form : bool
        Replace each scrambled word by the word of its left normal form (same braid; its length
        is then not the grid's).

    Returns
    -------
    list of dict
        Records ``{"state", "knot": "0_1", "negative": False, "length", "strands",
        "word_length", "seed"}``, the form :func:`conjectura.guide.evaluate_game` reads;
        ``word_length`` is the length of the instance's word.

    Examples
    --------
    >>> recs = unknot_instances([10], [3, 4], 2, seed=0)
    >>> [(r["strands"], r["word_length"]) for r in recs]
    [(3, 10), (3, 10), (4, 11), (4, 11)]
    """
    validate_int(per_cell, "per_cell", "unknot_instances", min_value=1)
    cells = _grid(lengths, strands)
    seeds = child_seeds(seed, len(cells) * per_cell)
    out = []
    for c, (L, n, La) in enumerate(cells):
        for k in range(per_cell):
            s = seeds[c * per_cell + k]
            state = _finish(random_unknot(La, n, s), normal_form)
            out.append(
                {
                    "state": state,
                    "knot": "0_1",
                    "negative": False,
                    "length": L,
                    "strands": n,
                    "word_length": len(state.word),
                    "seed": s,
                }
            )
    return out


def negative_control_instances(
    lengths: Iterable[int],
    strands: Iterable[int],
    per_cell: int = 1,
    seed: SeedLike = 1,
    *,
    knots: Sequence[str] | Mapping[str, Any] | None = None,
    normal_form: bool = False,
) -> list[dict[str, Any]]:
    """Scrambled non-trivial knots at the same lengths and strand counts: never solvable.

    Knots are taken in turn from ``knots`` (default: all of :data:`KNOWN_KNOTS`), skipping those
    whose braid needs more strands than the cell has or is longer than the cell's length.
    ``normal_form`` as in :func:`unknot_instances`.

    Returns
    -------
    list of dict
        Records as in :func:`unknot_instances` with ``knot`` the knot's name and
        ``negative=True``.

    Examples
    --------
    >>> recs = negative_control_instances([10], [3], 2, seed=0)
    >>> [(r["knot"], len(r["state"].word)) for r in recs]
    [('3_1', 10), ('4_1', 10)]
    """
    validate_int(per_cell, "per_cell", "negative_control_instances", min_value=1)
    names = list(KNOWN_KNOTS if knots is None else knots)
    for name in names:
        if name not in KNOWN_KNOTS:
            raise InvalidParameterError(
                f"The 'knots' parameter of negative_control_instances must name knots of "
                f"KNOWN_KNOTS {list(KNOWN_KNOTS)}. Got {name!r} instead."
            )
    cells = _grid(lengths, strands)
    seeds = child_seeds(seed, len(cells) * per_cell)
    out, turn = [], 0
    for c, (L, n, La) in enumerate(cells):
        fits = [
            k
            for k in names
            if KNOWN_KNOTS[k][1] <= n and len(KNOWN_KNOTS[k][0]) + n - KNOWN_KNOTS[k][1] <= La
        ]
        for k in range(per_cell):
            if not fits:
                break
            name = fits[turn % len(fits)]
            turn += 1
            w, m, _ = KNOWN_KNOTS[name]
            s = seeds[c * per_cell + k]
            state = _finish(scramble_braid(BraidState(w, m), La, n, s), normal_form)
            out.append(
                {
                    "state": state,
                    "knot": name,
                    "negative": True,
                    "length": L,
                    "strands": n,
                    "word_length": len(state.word),
                    "seed": s,
                }
            )
    return out
