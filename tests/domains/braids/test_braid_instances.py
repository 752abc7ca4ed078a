"""Instances: scrambled unknots close to the unknot with exact length and strand count;
scrambled knots keep their Alexander polynomial (so they are never unknots)."""

from __future__ import annotations

import pytest

from conjectura.domains.braids import (
    KNOWN_KNOTS,
    BraidState,
    admissible_length,
    closure_alexander_polynomial,
    closure_components,
    negative_control_instances,
    random_unknot,
    same_braid,
    scramble_braid,
    unknot_instances,
)
from conjectura.exceptions import InvalidParameterError


@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_random_unknots_have_exact_shape_and_unknot_invariants(n):
    for L in (n - 1, n + 9, n + 29):
        for seed in range(3):
            s = random_unknot(L, n, seed)
            assert len(s.word) == L and s.strands == n
            assert all(1 <= abs(x) <= n - 1 for x in s.word)
            assert closure_components(*s) == 1
            assert closure_alexander_polynomial(*s) == (1,)


def test_scrambling_is_seeded():
    assert random_unknot(30, 4 + 1, 7) == random_unknot(30, 5, 7)
    assert random_unknot(30, 5, 7) != random_unknot(30, 5, 8)


def test_scramble_rejects_unreachable_targets():
    with pytest.raises(InvalidParameterError, match="parity of 3"):
        random_unknot(12, 4)
    with pytest.raises(
        InvalidParameterError, match="'length' parameter of scramble_braid must be an int in the range \\[3"
    ):
        random_unknot(1, 4)
    with pytest.raises(InvalidParameterError, match="'strands' parameter"):
        scramble_braid(BraidState((1, 2), 3), 10, 2)
    assert admissible_length(10, 4) == 11 and admissible_length(2, 5) == 4


def test_instance_grid_records():
    recs = unknot_instances([10, 20], [3, 4], 2, seed=0)
    assert len(recs) == 8
    assert {(r["length"], r["strands"], r["word_length"]) for r in recs} == {
        (10, 3, 10),
        (20, 3, 20),
        (10, 4, 11),
        (20, 4, 21),
    }
    assert all(len(r["state"].word) == r["word_length"] and not r["negative"] for r in recs)
    assert recs == unknot_instances([10, 20], [3, 4], 2, seed=0)  # a fixed set
    assert len({r["state"] for r in recs}) == 8


def test_normal_form_instances_are_the_same_braids():
    plain = unknot_instances([20], [4], 3, seed=5)
    nf = unknot_instances([20], [4], 3, seed=5, normal_form=True)
    for a, b in zip(plain, nf):
        assert same_braid(a["state"].word, b["state"].word, 4)
        assert b["word_length"] == len(b["state"].word)
        assert closure_alexander_polynomial(*b["state"]) == (1,)


@pytest.mark.parametrize("normal_form", [False, True])
def test_negative_controls_keep_their_knot(normal_form):
    recs = negative_control_instances([10, 30], [3, 4, 5], 2, seed=1, normal_form=normal_form)
    assert len(recs) == 12
    names = set()
    for r in recs:
        _, n, alex = KNOWN_KNOTS[r["knot"]]
        s = r["state"]
        assert r["negative"] and s.strands == r["strands"] >= n
        if not normal_form:
            assert len(s.word) == admissible_length(r["length"], r["strands"])
        assert closure_components(*s) == 1
        assert closure_alexander_polynomial(*s) == alex
        names.add(r["knot"])
    assert len(names) >= 6
    with pytest.raises(InvalidParameterError, match="must name knots"):
        negative_control_instances([10], [3], knots=["8_20"])
