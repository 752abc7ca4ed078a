"""Exact row-wise signs: rational arithmetic against Fractions, certified intervals with exact
tie-breaking for algebraic values, undefined and undecided rows, and sums of square roots."""

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from flint import fmpz_poly

from conjectura.exact import real_roots
from conjectura.exact.expressions import (
    ExactColumn,
    enclosures,
    exact_rational_values,
    exact_signs,
    float_values,
)
from conjectura.exact.surdsum import SurdSum, squarefree_part

x, y = sp.symbols("x y", real=True)


def test_rational_path_agrees_with_fractions():
    rng = np.random.default_rng(0)
    a = [Fraction(int(p), int(q)) for p, q in zip(rng.integers(-30, 30, 300), rng.integers(1, 9, 300))]
    b = [Fraction(int(p), int(q)) for p, q in zip(rng.integers(-30, 30, 300), rng.integers(1, 9, 300))]
    cols = {"x": ExactColumn.from_values(a), "y": ExactColumn.from_values(b)}
    e = x**2 / 3 - 2 * y + sp.Rational(1, 7) * sp.Abs(x - y)
    want = [u**2 / 3 - 2 * v + Fraction(1, 7) * abs(u - v) for u, v in zip(a, b)]
    res = exact_signs(e, cols)
    assert res.sign.tolist() == [(w > 0) - (w < 0) for w in want]
    vals, ok = exact_rational_values(e, cols)
    assert ok and vals == want


def test_ties_of_irrational_columns_are_decided_exactly():
    sqrt2 = real_roots(fmpz_poly([-2, 0, 1]))[0]
    cols = {
        "x": ExactColumn.from_values([sqrt2, SurdSum([(1, 8)]), 2, SurdSum([(1, 2)])]),
        "y": ExactColumn.from_values([2, 8, 4, 3]),
    }
    assert exact_signs(x**2 - y, cols).sign.tolist() == [0, 0, 0, -1]
    assert exact_signs(x - sp.sqrt(y), cols).sign.tolist() == [0, 0, 0, -1]
    # a near-tie that is not a tie: sqrt(2) against 1.4142135623730951 (the double nearest it)
    cols2 = {"x": ExactColumn.from_values([sqrt2]), "y": ExactColumn.from_floats([2**0.5])}
    assert exact_signs(x - y, cols2).sign.tolist() == [-1]


def test_square_roots_of_rational_squares_stay_rational():
    cols = {"x": ExactColumn.from_values([Fraction(9, 4), 16, 0])}
    vals, ok = exact_rational_values(sp.sqrt(x) - 1, cols)
    assert ok and vals == [Fraction(1, 2), 3, -1]


def test_undefined_and_missing_rows():
    cols = {"x": ExactColumn.from_values([0, -1, 2, None]), "y": ExactColumn.from_values([1, 1, 1, 1])}
    assert exact_signs(y / x, cols).undefined.tolist() == [True, False, False, True]
    assert exact_signs(sp.log(x), cols).undefined.tolist() == [True, True, False, True]
    assert exact_signs(sp.sqrt(x) - y, cols).undefined.tolist() == [False, True, False, True]


def test_transcendental_near_tie_is_undecided_not_guessed():
    sqrt2 = real_roots(fmpz_poly([-2, 0, 1]))[0]
    cols = {"x": ExactColumn.from_values([sqrt2]), "y": ExactColumn.from_values([2])}
    res = exact_signs(sp.log(x) - sp.log(y) / 2, cols)  # log(sqrt 2) - log(2)/2 = 0
    assert res.undecided.tolist() == [True] and not res.undefined[0]


def test_enclosures_contain_the_float_values():
    rng = np.random.default_rng(1)
    v = rng.uniform(0.1, 5, 200)
    cols = {"x": ExactColumn.from_floats(v)}
    e = sp.sqrt(x) * sp.log(x) + 1 / x
    lo, hi, und = enclosures(e, cols)
    f = float_values(e, {"x": v}, len(v))
    assert not und.any() and np.all(lo <= f) and np.all(f <= hi) and np.all(hi - lo < 1e-12)


def test_surdsum():
    assert squarefree_part(72) == (2, 6)
    s = SurdSum([(Fraction(1, 2), 2), (1, 8), (3, 9)])  # sqrt(2)/2 + 2 sqrt(2) + 9
    assert str(s) == "9 + 5/2*sqrt(2)" and not s.is_rational
    ball = s.enclosure(200)
    assert float(ball.rad()) < 1e-55 and abs(float(ball.mid()) - (9 + 2.5 * 2**0.5)) < 1e-14
    assert abs(float(s) - (9 + 2.5 * 2**0.5)) < 1e-12
    assert sp.simplify(s.to_sympy() - (9 + sp.Rational(5, 2) * sp.sqrt(2))) == 0


def test_bad_column_kind():
    with pytest.raises(ValueError, match="kind"):
        ExactColumn("float", np.zeros(1), np.zeros(1), np.zeros(1, dtype=bool))
