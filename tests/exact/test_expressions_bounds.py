"""exact_signs beyond the doubles and beyond stage 1's memory cap: the same signs, computed by
certified intervals or exact rows, compared with Fractions."""

import math
from fractions import Fraction

import numpy as np
import sympy as sp

from conjectura.exact import expressions
from conjectura.exact.expressions import ExactColumn, enclosures, exact_signs

x, y = sp.symbols("x y", real=True)


def test_values_beyond_the_doubles_have_exact_signs():
    cols = {"x": ExactColumn.from_floats([0.5, 10.0, 1.0]), "y": ExactColumn.from_floats([1.0, 1.0, 1.0])}
    assert exact_signs(x**400 - y, cols).sign.tolist() == [-1, 1, 0]
    big = sp.Integer(10) ** 400
    assert exact_signs(x - big, cols).sign.tolist() == [-1, -1, -1]
    assert exact_signs(x * big - big / 2 - y, cols).sign.tolist() == [-1, 1, 1]
    lo, hi, und = enclosures(x * big, cols)  # beyond the doubles: no enclosure is claimed
    assert not und.any() and np.all(np.isneginf(lo)) and np.all(np.isposinf(hi))


def test_stage_one_cap_falls_back_to_intervals(monkeypatch):
    """With stage 1 capped to almost nothing, the signs are the same (from intervals and exact
    rows), and they agree with Fractions."""
    rng = np.random.default_rng(3)
    a = rng.uniform(-2, 2, 40)
    b = rng.uniform(-2, 2, 40)
    cols = {"x": ExactColumn.from_floats(a), "y": ExactColumn.from_floats(b)}
    e = x**7 - 3 * x * y**2 + y / 5
    want = [
        (v > 0) - (v < 0)
        for v in (
            Fraction(p) ** 7 - 3 * Fraction(p) * Fraction(q) ** 2 + Fraction(q) / 5 for p, q in zip(a, b)
        )
    ]
    assert exact_signs(e, cols).sign.tolist() == want
    monkeypatch.setattr(expressions, "_STAGE1_BITS", 64)
    assert exact_signs(e, cols).sign.tolist() == want


def test_an_expression_without_columns_has_one_sign_per_row():
    cols = {"x": ExactColumn.from_values([1, 2, 3])}
    assert exact_signs(sp.Integer(2) ** 500 - sp.Integer(3) ** 300, cols).sign.tolist() == [1, 1, 1]
    assert exact_signs(sp.pi - sp.Rational(355, 113), cols).sign.tolist() == [-1, -1, -1]


def test_high_even_and_odd_powers_of_intervals_contain_the_value():
    v = np.array([-1.1, -0.9, 0.3, 1.05])
    cols = {"x": ExactColumn.from_floats(v)}
    for k in (2, 3, 37, 100, 501):
        lo, hi, _ = enclosures(sp.sqrt(x**2 + 1) * x**k, cols)  # not rational: intervals
        exact = [math.sqrt(t * t + 1) * float(Fraction(t) ** k) for t in v]
        exact = np.array(exact)
        slack = 1e-12 * np.abs(exact) + 1e-300  # the float reference is itself rounded
        assert np.all(lo <= exact + slack) and np.all(exact - slack <= hi)
        assert np.all(hi - lo <= 1e-9 * np.abs(exact) + 1e-300)
