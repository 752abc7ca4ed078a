"""Moves: preconditions and results on hand-made words; braid relations preserve the braid exactly
(Garside normal form on any n, the Burau matrix, faithful on B_3); every move preserves the
closure (its Alexander polynomial and number of components)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from conjectura.domains.braids import (
    MOVE_KINDS,
    BraidState,
    Move,
    apply_move,
    braid_permutation,
    braid_relation,
    burau_matrix,
    closure_alexander_polynomial,
    closure_components,
    cyclic_shift,
    destabilise,
    far_commutation,
    free_cancellation,
    legal_moves,
    markov_conjugation,
    move_function,
    same_braid,
    stabilise,
)
from conjectura.exceptions import InvalidParameterError

# -- hand-made words ------------------------------------------------------------------------


def test_cyclic_shift():
    assert cyclic_shift((1, 2, -1), 3, 1) == ((2, -1, 1), 3)
    assert cyclic_shift((1, 2, -1), 3, 2) == ((-1, 1, 2), 3)
    assert cyclic_shift((1, 2, -1), 3, 0) is None
    assert cyclic_shift((1, 2, -1), 3, 3) is None
    assert cyclic_shift((1,), 2, 1) is None


# (letters, result) for all six relations, in both orders of the adjacent pair (a, b)
RELATIONS = [
    ((1, 2, 1), (2, 1, 2)),
    ((-1, -2, -1), (-2, -1, -2)),
    ((1, 2, -1), (-2, 1, 2)),
    ((-1, 2, 1), (2, 1, -2)),
    ((1, -2, -1), (-2, -1, 2)),
    ((-1, -2, 1), (2, -1, -2)),
    ((2, 1, 2), (1, 2, 1)),
    ((2, 1, -2), (-1, 2, 1)),
    ((-2, 1, 2), (1, 2, -1)),
    ((3, 2, -3), (-2, 3, 2)),
]


@pytest.mark.parametrize("before, after", RELATIONS)
def test_braid_relation_results(before, after):
    assert braid_relation(before, 4, 0) == (after, 4)
    assert braid_relation(after, 4, 0) == (before, 4)  # each rewrite is an involution
    assert braid_relation((3, *before, -3), 4, 1) == ((3, *after, -3), 4)


@pytest.mark.parametrize(
    "letters",
    [(1, -2, 1), (-1, 2, -1), (1, 2, 2), (1, 3, 1), (1, 1, 1), (2, 1, 3), (1, 2), ()],
)
def test_braid_relation_preconditions(letters):
    assert braid_relation(letters, 4, 0) is None


def test_braid_relation_position_range():
    assert braid_relation((1, 2, 1), 3, 1) is None
    assert braid_relation((1, 2, 1), 3, -1) is None


def test_far_commutation_and_cancellation():
    assert far_commutation((1, -3), 4, 0) == ((-3, 1), 4)
    assert far_commutation((1, 2), 3, 0) is None
    assert far_commutation((1, 1), 3, 0) is None
    assert far_commutation((1, -3), 4, 1) is None
    assert free_cancellation((2, 1, -1, 2), 3, 1) == ((2, 2), 3)
    assert free_cancellation((2, 1, 1, 2), 3, 1) is None
    assert free_cancellation((1, -2), 3, 0) is None


def test_markov_moves():
    assert markov_conjugation((1, 2), 3, 2) == ((2, 1, 2, -2), 3)
    assert markov_conjugation((1, 2), 3, -1) == ((-1, 1, 2, 1), 3)
    assert markov_conjugation((1, 2), 3, 3) is None
    assert markov_conjugation((1, 2), 3, 0) is None
    assert stabilise((1, 2), 3, 1) == ((1, 2, 3), 4)
    assert stabilise((1, 2), 3, -1) == ((1, 2, -3), 4)
    assert stabilise((1, 2), 3, 2) is None
    assert destabilise((1, 2), 3) == ((1,), 2)
    assert destabilise((1, -2), 3) == ((1,), 2)
    assert destabilise((1,), 2) == ((), 1)
    assert destabilise((2, 1), 3) is None  # last letter is not sigma_2
    assert destabilise((2, 1, 2), 3) is None  # sigma_2 occurs twice
    assert destabilise((1,), 3) is None  # sigma_2 absent: would delete a split component
    assert destabilise((), 1) is None
    assert destabilise((1, 2), 3, 1) is None


def test_apply_move_raises_with_the_precondition():
    with pytest.raises(InvalidParameterError, match="does not apply.*σ_i\\^a σ_i\\^-a"):
        apply_move(BraidState((1, 1), 2), Move("cancel", 0))
    with pytest.raises(InvalidParameterError, match="must be one of"):
        apply_move(BraidState((1, 1), 2), Move("flip", 0))
    assert apply_move(BraidState((1,), 2), ("destabilise", 0)) == BraidState((), 1)


# -- legal_moves is exactly the set of moves whose precondition holds -----------------------


def _brute_force_legal(state, max_length):
    word, n = state
    out = set()
    args = {
        "shift": range(-1, len(word) + 2),
        "braid": range(-1, len(word) + 2),
        "commute": range(-1, len(word) + 2),
        "cancel": range(-1, len(word) + 2),
        "conjugate": range(-n - 1, n + 2),
        "stabilise": range(-2, 3),
        "destabilise": range(-1, 2),
    }
    for kind, rng in args.items():
        for a in rng:
            res = move_function(kind)(word, n, a)
            if res is not None and len(res[0]) <= max_length:
                out.add(Move(kind, a))
    return out


def test_legal_moves_match_brute_force():
    rng = np.random.default_rng(0)
    for _ in range(150):
        n = int(rng.integers(1, 6))
        L = int(rng.integers(0, 9)) if n > 1 else 0
        word = tuple(int(rng.integers(1, n)) * int(rng.choice((-1, 1))) for _ in range(L))
        st = BraidState(word, n)
        got = set(legal_moves(st, all_shifts=True, max_length=10))
        assert got == _brute_force_legal(st, 10), st
        assert len(got) == len(legal_moves(st, all_shifts=True, max_length=10))
    # default shifts: one letter either way; kinds filter; caps
    st = BraidState((1, 2, -1, 2), 3)
    assert [m for m in legal_moves(st) if m.kind == "shift"] == [Move("shift", 1), Move("shift", 3)]
    assert {m.kind for m in legal_moves(st, kinds=("braid",))} == {"braid"}
    assert not [m for m in legal_moves(st, max_length=4) if m.kind in ("conjugate", "stabilise")]
    assert not [m for m in legal_moves(st, max_strands=3) if m.kind == "stabilise"]


# -- braid relations preserve the braid; every move preserves the closure --------------------

RELATION_KINDS = ("braid", "commute", "cancel")


def _random_word(rng, n, L):
    return tuple(int(rng.integers(1, n)) * int(rng.choice((-1, 1))) for _ in range(L))


def test_every_length3_relation_is_an_identity_in_B3_and_B4():
    """All 3-letter words on which the move applies: the rewrite is the same braid (Burau,
    faithful on B_3, and the normal form, complete on any n), and the move applies exactly to
    the patterns listed in the docs (a^e b^e a^e, a^e b^f a^-e with a, b adjacent)."""
    for n in (3, 4):
        letters = [s * i for i in range(1, n) for s in (1, -1)]
        applied = 0
        for x, y, z in itertools.product(letters, repeat=3):
            res = braid_relation((x, y, z), n, 0)
            adjacent = abs(x) == abs(z) and abs(abs(x) - abs(y)) == 1
            pattern = (x > 0) == (y > 0) == (z > 0) or (x > 0) != (z > 0)
            assert (res is not None) == (adjacent and pattern), (x, y, z)
            if res is None:
                continue
            applied += 1
            assert same_braid((x, y, z), res[0], n)
            if n == 3:
                assert burau_matrix((x, y, z), 3) == burau_matrix(res[0], 3)
        assert applied == 12 * (n - 2)


def test_relation_moves_preserve_the_braid_on_random_words():
    rng = np.random.default_rng(1)
    for _ in range(60):
        n = int(rng.integers(2, 7))
        w = _random_word(rng, n, int(rng.integers(3, 14)))
        st = BraidState(w, n)
        for m in legal_moves(st, kinds=RELATION_KINDS):
            w2 = apply_move(st, m).word
            assert same_braid(w, w2, n), (w, m)
            assert braid_permutation(w, n) == braid_permutation(w2, n)
            if n <= 4 and len(w) <= 8:
                assert burau_matrix(w, n) == burau_matrix(w2, n)


def test_shift_is_conjugation():
    rng = np.random.default_rng(2)
    for _ in range(40):
        n = int(rng.integers(2, 6))
        w = _random_word(rng, n, int(rng.integers(2, 10)))
        for k in range(1, len(w)):
            u = w[:k]
            inv_u = tuple(-x for x in reversed(u))
            assert same_braid(cyclic_shift(w, n, k)[0], inv_u + w + u, n)


def test_every_move_preserves_the_closure():
    """Markov invariance, checked with exact invariants of the closed braid: the number of
    components and the Alexander polynomial (via the reduced Burau matrix)."""
    rng = np.random.default_rng(3)
    seen = set()
    for _ in range(60):
        n = int(rng.integers(2, 5))
        w = _random_word(rng, n, int(rng.integers(1, 9)))
        st = BraidState(w, n)
        comp = closure_components(w, n)
        alex = closure_alexander_polynomial(w, n)
        for m in legal_moves(st, all_shifts=True):
            w2, n2 = apply_move(st, m)
            seen.add(m.kind)
            assert closure_components(w2, n2) == comp, (st, m)
            assert closure_alexander_polynomial(w2, n2) == alex, (st, m)
    assert seen == set(MOVE_KINDS)
