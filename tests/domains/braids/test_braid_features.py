"""Encodings of braid states and moves: the vectorised counts equal a letter-by-letter count, are
invariant under rotating the word (the closure does not see the rotation), and move rows are the
successor's features beside their change."""

from __future__ import annotations

import numpy as np

from conjectura.domains.braids import (
    MOVE_FEATURES,
    STATE_FEATURES,
    BraidState,
    UnknotGame,
    random_unknot,
    unknot_move_features,
    unknot_state_features,
)
from conjectura.domains.braids.features import LEVELS
from conjectura.domains.braids.moves import MOVE_KINDS, braid_relation


def count_by_hand(state):
    """The definitions of the feature table, one letter at a time (independent of the numpy code;
    the braid-relation test is the game's own move function)."""
    w, n = state
    L = len(w)
    f = dict.fromkeys(STATE_FEATURES, 0)
    f["length"], f["strands"] = L, n
    f["top_letters"] = sum(abs(x) == n - 1 for x in w)
    f["single_top"] = int(f["top_letters"] == 1)
    f["destabilisable"] = int(f["single_top"] == 1 and abs(w[-1]) == n - 1)

    def level(x):
        return min(n - 1 - abs(x), LEVELS - 1)

    for x in w:
        f[("pos_" if x > 0 else "neg_") + str(level(x))] += 1
    for r in range(LEVELS):
        f[f"abs_exp_{r}"] = abs(sum(1 if x > 0 else -1 for x in w if level(x) == r))
    for k in range(L):
        x, y, z = w[k], w[(k + 1) % L], w[(k + 2) % L]
        if L >= 2:
            f["wrap_cancels"] += y == -x and k == L - 1
            f["cancel_sites"] += y == -x
            f["commute_sites"] += abs(abs(x) - abs(y)) >= 2
            f["powers"] += y == x
            f["sign_changes"] += (x > 0) != (y > 0)
        if L >= 3:
            f["braid_sites"] += braid_relation((x, y, z), n, 0) is not None
            f["wrap_braids"] += braid_relation((x, y, z), n, 0) is not None and k >= L - 2
            f["gap_pairs"] += z == -x
            f["gap_cancels"] += z == -x and abs(abs(x) - abs(y)) >= 2
    f["missing_gens"] = sum(all(abs(x) != i for x in w) for i in range(1, n))
    return np.array([f[k] for k in STATE_FEATURES], dtype=np.float32)


def random_words(count, seed):
    rng = np.random.default_rng(seed)
    out = [BraidState((), 1), BraidState((1,), 2), BraidState((1, -1), 2), BraidState((2, -2), 3)]
    for _ in range(count):
        n = int(rng.integers(2, 8))
        L = int(rng.integers(0, 14))
        out.append(BraidState(tuple(int(rng.integers(1, n)) * int(rng.choice((-1, 1))) for _ in range(L)), n))
    return out


def test_vectorised_counts_equal_the_letter_by_letter_definitions():
    states = random_words(400, seed=0) + [random_unknot(31, 6, seed=s) for s in range(5)]
    F = unknot_state_features(states)
    expected = np.stack([count_by_hand(s) for s in states])
    assert F.shape == (len(states), len(STATE_FEATURES)) and F.dtype == np.float32
    np.testing.assert_array_equal(F, expected)


def test_cyclic_features_are_invariant_under_rotating_the_word():
    positional = [STATE_FEATURES.index(f) for f in ("destabilisable", "wrap_cancels", "wrap_braids")]
    cyclic = [k for k in range(len(STATE_FEATURES)) if k not in positional]
    for s in [*random_words(60, seed=1), random_unknot(20, 5, seed=2)]:
        w, n = s
        rotations = [BraidState(w[k:] + w[:k], n) for k in range(max(len(w), 1))]
        F = unknot_state_features(rotations)[:, cyclic]
        assert (F[0] == F).all(), s


def test_positional_features_see_what_needs_a_rotation():
    f = dict(zip(STATE_FEATURES, unknot_state_features([BraidState((-1, 2, 1), 3)])[0]))
    # conjugating (2) by s1: the cancellation sits across the end; a destabilisation is one rotation away
    assert (f["cancel_sites"], f["wrap_cancels"], f["destabilisable"], f["single_top"]) == (1, 1, 0, 1)
    f = dict(zip(STATE_FEATURES, unknot_state_features([BraidState((1, -1, 2), 3)])[0]))
    assert (f["cancel_sites"], f["wrap_cancels"], f["destabilisable"]) == (1, 0, 1)


def test_move_rows_hold_the_kind_the_change_and_the_successor():
    s = random_unknot(21, 4, seed=3)
    succ = UnknotGame(max_length=30).successors(s)
    rows = unknot_move_features(s, succ)
    k = len(MOVE_KINDS)
    d = len(STATE_FEATURES)
    assert rows.shape == (len(succ), len(MOVE_FEATURES)) == (len(succ), k + 2 * d)
    f0 = unknot_state_features([s])[0]
    for row, (m, t) in zip(rows, succ):
        assert MOVE_KINDS[int(np.argmax(row[:k]))] == m.kind and row[:k].sum() == 1
        np.testing.assert_array_equal(row[k + d :], unknot_state_features([t])[0])
        np.testing.assert_array_equal(row[k : k + d], row[k + d :] - f0)
    assert unknot_move_features(s, []).shape == (0, len(MOVE_FEATURES))
