"""learn.relations: exact fitting of the constant against brute force, strictness, safety."""

import io
import json
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from conjectura.exceptions import InvalidParameterError
from conjectura.learn.relations import fit_relation, load_table, parse_relation


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
    res = fit_relation(df, "abs(2*s - t) <= c * v * r**-3")
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
    res = fit_relation(df, "y <= c*x")
    assert res.c == 2.0 and res.n_violations == 1 and res.violations[0]["row"] == 2


def test_direction_and_strictness():
    df = pd.DataFrame({"x": [1.0, 2.0], "y": [3.0, 2.0]})
    res = fit_relation(df, "c * x >= y")
    assert res.c == 3.0 and not res.strict
    res = fit_relation(df, "y < c * x")
    assert res.c == 3.0 and res.strict and "infimum" in res.summary()
    res = fit_relation(df, "y == x + 2", constant=None)
    assert res.n_violations == 1 and res.n_tested == 2


def test_exact_literals_and_undefined_rows():
    df = pd.DataFrame({"x": [0.0, 1.0, 2.0]})
    res = fit_relation(df, "1/x <= 0.1 + c")
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
        fit_relation(pd.DataFrame({"c": [1.0]}), "c <= 1")
    with pytest.raises(InvalidParameterError, match="empty"):
        fit_relation(pd.DataFrame({"x": [1.0]}), "  ")


FUNCTIONS_NUMPY = {
    "abs": np.abs,
    "log": np.log,
    "exp": np.exp,
    "sin": np.sin,
    "cos": np.cos,
    "tan": np.tan,
    "atan": np.arctan,
    "floor": np.floor,
    "ceil": np.ceil,
    "sign": np.sign,
    "sqrt": np.sqrt,
}


@pytest.mark.parametrize("name", sorted(FUNCTIONS_NUMPY))
def test_every_whitelisted_function_is_evaluated_as_numpy_does(name):
    """f(x) == y holds exactly on y = numpy's f(x); shifted by 1e-3 every row violates it."""
    x = np.array([0.3, 1.7, 2.5, 4.0, 0.9])
    y = FUNCTIONS_NUMPY[name](x)
    df = pd.DataFrame({"x": x, "y": y, "z": y - 1e-3})
    res = fit_relation(df, f"{name}(x) == y", constant=None)
    assert res.holds and res.n_tested == 5
    assert fit_relation(df, f"{name}(x) <= z", constant=None).n_violations == 5


def test_min_max_and_constants():
    df = pd.DataFrame({"x": [0.5, 2.0, 3.0], "y": [1.0, 1.0, 4.0]})
    assert fit_relation(df, "min(x, y) <= max(x, y)", constant=None).holds
    res = fit_relation(df, "max(x, y) <= c * pi")
    assert res.c == pytest.approx(4.0 / np.pi) and res.holds


def test_a_task_name_or_a_file_is_a_table(tmp_path):
    """The table of a task (all of {0,1}^4 with its parity), from its name or from a CSV."""
    res = fit_relation("integers/parity-bit", "parity <= c", params={"m": 4})
    assert res.c == 1.0 and res.n_rows == 16 and res.holds
    frame = load_table("integers/parity-bit", params={"m": 4})
    odd = set(np.flatnonzero(frame["parity"] == 1).tolist())
    assert len(odd) == 8 and {r["row"] for r in res.tightest[:8]} == odd  # the rows that need c = 1
    path = tmp_path / "parity.csv"
    frame.to_csv(path, index=False)
    assert fit_relation(str(path), "parity <= c").to_dict() == res.to_dict()
    with pytest.raises(InvalidParameterError, match="No such file"):
        load_table(tmp_path / "none.parquet")


def test_fit_is_json_and_prints_its_tables():
    from rich.console import Console

    df = pd.DataFrame({"x": [1.0, 2.0, -1.0], "y": [1.0, 4.0, 5.0]})
    res = fit_relation(df, "y <= c*x", top=2)
    d = json.loads(json.dumps(res.to_dict()))
    assert d["holds"] is False and d["n_violations"] == 1 and d["top"] == 2
    console = Console(width=120, record=True, file=io.StringIO())
    console.print(res.table(), soft_wrap=True)
    text = console.export_text()
    assert "c = 2 (smallest constant" in text and "violations (at most 2)" in text
    assert "fails for every constant" not in text and "upper bound below the fitted constant" in text
