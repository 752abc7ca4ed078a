"""Reading braid words: the accepted notations and a one-line error for every bad input."""

from __future__ import annotations

import pytest

from conjectura.domains.braids import (
    MAX_STRANDS,
    MAX_WORD_LENGTH,
    BraidState,
    braid_permutation,
    closure_components,
    format_braid_word,
    parse_braid_word,
)
from conjectura.exceptions import InvalidParameterError


@pytest.mark.parametrize(
    "text, strands, expected",
    [
        ("1 -2 1 -2", None, BraidState((1, -2, 1, -2), 3)),
        ("[1, -2, 1]", None, BraidState((1, -2, 1), 3)),
        ("{1,1,1}", 2, BraidState((1, 1, 1), 2)),
        ("(3)", 5, BraidState((3,), 5)),
        ("s1 s2^-1 s1", None, BraidState((1, -2, 1), 3)),
        ("σ1^3", 2, BraidState((1, 1, 1), 2)),
        ("S2^{-2} s1", 3, BraidState((-2, -2, 1), 3)),
        ("s1s2", 3, BraidState((1, 2), 3)),
        ([1, -3], 4, BraidState((1, -3), 4)),
        ("", 1, None),
    ],
)
def test_parse_notations(text, strands, expected):
    if expected is None:
        assert parse_braid_word(text, strands, allow_empty=True) == BraidState((), 1)
    else:
        assert parse_braid_word(text, strands) == expected


def test_format_round_trip():
    s = BraidState((2, -1, 3, -3), 4)
    assert parse_braid_word(format_braid_word(s.word), 4) == s


@pytest.mark.parametrize(
    "text, strands, fragment",
    [
        ("1 x 2", None, "bad token 'x'"),
        ("1,,2;3", None, "bad token '2;3'"),
        ("1 0 2", None, "Got 0 at position 1"),
        ("s0", None, "zero generator index"),
        ("s1^0", None, "zero generator index or exponent"),
        ("1 3", 3, "generator 3 at position 1, out of range for B_3"),
        ("-4", 4, "generator -4 at position 0, out of range for B_4"),
        ("1", 1, "B_1 is trivial"),
        ("", 3, "non-empty braid word"),
        ("  ", None, "non-empty braid word"),
        ("1 2", 0, "'strands' parameter of parse_braid_word must be an int in the range [1, 64]"),
        ("1 2", MAX_STRANDS + 1, "must be an int in the range"),
        (" ".join(["1"] * (MAX_WORD_LENGTH + 1)), None, f"at most {MAX_WORD_LENGTH} letters"),
        ("s1^2000", None, f"at most {MAX_WORD_LENGTH} letters"),
        ([1, True], None, "Got True at position 1"),
        ([1, 2.5], None, "Got 2.5 at position 1"),
        (12, None, "must be a string or a sequence"),
    ],
)
def test_parse_errors_are_one_line(text, strands, fragment):
    with pytest.raises(InvalidParameterError) as err:
        parse_braid_word(text, strands)
    msg = str(err.value)
    assert fragment in msg
    assert "\n" not in msg


def test_permutation_and_components():
    # sigma_1 sigma_2 on 3 strands: the strand at 0 ends at 2, 1 at 0, 2 at 1
    assert braid_permutation((1, 2), 3) == (2, 0, 1)
    assert braid_permutation((-1, 2), 3) == braid_permutation((1, 2), 3)
    assert closure_components((1, 2), 3) == 1  # the unknot
    assert closure_components((1, 1), 2) == 2  # the Hopf link
    assert closure_components((1, -3), 4) == 2
    assert closure_components((), 4) == 4  # the 4-component unlink
