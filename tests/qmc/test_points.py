"""Point sets: exact net and radical-inverse properties, checked with integer arithmetic."""

from fractions import Fraction

import numpy as np
import pytest

from conjectura.exceptions import InvalidParameterError
from conjectura.qmc.points import halton_points, nearest_n, point_set, random_points, sobol_points


def _dyadic(x, bits):
    """floor(x 2^bits) exactly (Sobol points are dyadic rationals with at most 52 bits)."""
    return np.floor(np.ldexp(x, bits)).astype(np.int64)


@pytest.mark.parametrize("scramble", [False, True])
def test_sobol_is_a_0_m_2_net_in_its_first_two_coordinates(scramble):
    """The first 2^m Sobol points in dimensions 1 and 2 form a (0, m, 2)-net: each dyadic box
    [a 2^-k, (a+1) 2^-k) x [b 2^-(m-k), (b+1) 2^-(m-k)) holds exactly one point. Scrambling
    (linear matrix scramble plus digital shift) keeps the property."""
    m = 10
    x = sobol_points(2**m, 5, scramble=scramble, seed=7)
    for k in range(m + 1):
        cells = _dyadic(x[:, 0], k) * 2 ** (m - k) + _dyadic(x[:, 1], m - k)
        assert np.array_equal(np.sort(cells), np.arange(2**m))
    for j in range(5):  # every coordinate alone: one point per interval of width 2^-m
        assert np.array_equal(np.sort(_dyadic(x[:, j], m)), np.arange(2**m))


def _radical_inverse(i, b):
    r, f = Fraction(0), Fraction(1, b)
    while i:
        i, digit = divmod(i, b)
        r += digit * f
        f /= b
    return r


def test_unscrambled_halton_is_the_radical_inverse():
    x = halton_points(60, 3, scramble=False)
    for i in range(60):
        for j, b in enumerate((2, 3, 5)):
            assert Fraction(x[i, j]).limit_denominator(10**9) == _radical_inverse(i, b)


def test_randomised_sets_are_reproducible_and_independent():
    for m in ("mc", "sobol", "halton", "lattice"):
        n = nearest_n(m, 64)
        a, b, c = (point_set(m, n, 4, seed=s) for s in (1, 1, 2))
        assert a.shape == (n, 4) and a.min() >= 0 and a.max() < 1
        assert np.array_equal(a, b) and not np.array_equal(a, c)
    assert nearest_n("lattice", 1024) == 1021 and nearest_n("sobol", 1000) == 1000
    assert random_points(3, 2, seed=0).shape == (3, 2)


def test_bad_inputs():
    with pytest.raises(InvalidParameterError, match="'method' parameter of point_set must be one of"):
        point_set("niederreiter", 8, 2)
    with pytest.raises(InvalidParameterError, match="'n' parameter of sobol_points must be an int >= 1"):
        sobol_points(0, 2)
