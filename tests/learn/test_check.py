"""learn.check: exact fitting of the constant against brute force, strictness, safety."""

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from conjectura.exceptions import InvalidParameterError
from conjectura.learn.check import check_relation, parse_relation


def test_fitted_c_is_the_exact_maximum_of_the_row_bounds():
    rng = np.random.default_rng(0)
    n = 500
    df = pd.DataFrame(
        {
            "s": rng.integers(-5, 6, n) * 2,
            "t": rng.normal(0, 5, n),
            "v": rng.uniform(1, 10, n),
            "r": rng.uniform(0.1, 1, n),
        }
    )
    res = check_relation(df, "abs(2*s - t) <= c * v * r**-3")
    # brute force with exact rationals of the stored doubles
    exact = max(
        abs(2 * Fraction(int(s)) - Fraction(t)) * Fraction(r) ** 3 / Fraction(v)
        for s, t, v, r in df.itertuples(index=False)
    )
    assert res.c == float(exact)
    assert res.n_violations == 0 and res.n_tested == n
    held = np.abs(2 * df.s - df.t) <= res.c * df.v * df.r**-3 * (1 + 1e-12)
    assert held.all()
    assert res.quantiles["q50"] < res.quantiles["q99"] <= res.c


def test_upper_bounds_that_no_constant_satisfies_are_violations():
    df = pd.DataFrame({"x": [1.0, 2.0, -1.0], "y": [1.0, 4.0, 5.0]})
    # y <= c*x: rows with x > 0 need c >= y/x (1, 2); the row x=-1 needs c <= -5
    res = check_relation(df, "y <= c*x")
    assert res.c == 2.0 and res.n_violations == 1 and res.violations[0]["row"] == 2


def test_direction_and_strictness():
    df = pd.DataFrame({"x": [1.0, 2.0], "y": [3.0, 2.0]})
    res = check_relation(df, "c * x >= y")
    assert res.c == 3.0 and not res.strict
    res = check_relation(df, "y < c * x")
    assert res.c == 3.0 and res.strict and "infimum" in res.summary()
    res = check_relation(df, "y == x + 2", constant=None)
    assert res.n_violations == 1 and res.n_tested == 2


def test_exact_literals_and_undefined_rows():
    df = pd.DataFrame({"x": [0.0, 1.0, 2.0]})
    res = check_relation(df, "1/x <= 0.1 + c")
    assert res.n_undefined == 1 and res.n_tested == 2 and res.c == pytest.approx(0.9)
    _lhs, _op, rhs, _ = parse_relation("x <= 0.1", ["x"])
    import sympy

    assert rhs == sympy.Rational(1, 10)


def test_no_eval_no_attribute_access():
    with pytest.raises(InvalidParameterError, match="not allowed"):
        parse_relation("().__class__ <= 1", ["x"])
    with pytest.raises(InvalidParameterError, match="only numbers"):
        parse_relation("'a' <= 1", ["x"])
    with pytest.raises(InvalidParameterError, match="also a column"):
        check_relation(pd.DataFrame({"c": [1.0]}), "c <= 1")
    with pytest.raises(InvalidParameterError, match="empty"):
        check_relation(pd.DataFrame({"x": [1.0]}), "  ")
