"""Every function `check` allows, decided against an independent evaluation: mpmath at 50
digits on the exact values of the stored doubles.

Each table holds ``y``, the double nearest to ``f(x)``: ``f(x) <= y`` is then a near-tie on
every row (one ulp), true on about half of them, and only an exact decision gets all of them
right. The fitted constant of ``f(x) <= c*z`` is compared with the largest ``f(x)/z`` computed
by mpmath."""

import math

import mpmath
import numpy as np
import pandas as pd
import pytest
import sympy as sp

from conjectura.exact.syntax import FUNCTIONS
from conjectura.learn.relations import fit_relation

mpmath.mp.dps = 50
# a numpy warning would be a second line on stderr: it fails the test
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

MP = {
    "abs": abs,
    "sqrt": mpmath.sqrt,
    "log": mpmath.log,
    "exp": mpmath.exp,
    "sin": mpmath.sin,
    "cos": mpmath.cos,
    "tan": mpmath.tan,
    "atan": mpmath.atan,
    "floor": mpmath.floor,
    "ceil": mpmath.ceil,
    "sign": mpmath.sign,
    "min": min,
    "max": max,
}

# arguments of each one-argument function: in its domain, with values near ties
# (x*10 for floor/ceil: 0.3*10 is 3.0000000000000004 in doubles but exactly 3 - 2**-51*... )
ARGS = {
    "abs": [-2.5, -0.1, 0.0, 0.7, 3.25],
    "sqrt": [0.1, 2.0, 3.0, 10.5, 1e-8],
    "log": [0.1, 0.5, 2.0, 10.0, 1e10],
    "exp": [-3.0, -0.1, 0.5, 1.0, 20.0],
    "sin": [-2.0, 0.1, 1.0, 3.0, 100.0],
    "cos": [-2.0, 0.1, 1.0, 3.0, 100.0],
    "tan": [-1.0, 0.1, 0.5, 1.2, 10.0],
    "atan": [-5.0, -0.3, 0.1, 1.0, 1e6],
    "floor": [0.3, 0.7, -0.3, 2.9, 1.1],
    "ceil": [0.3, 0.7, -0.3, 2.9, 1.1],
    "sign": [-0.2, 0.0, 0.5, -0.0, 7.0],
}


def _exact_value(name, xs, ws):
    """f on the exact values, with mpmath (50 digits); floor/ceil/sign of x*10 exactly."""
    out = []
    for x, w in zip(xs, ws):
        mx, mw = mpmath.mpf(x), mpmath.mpf(w)
        if name in ("min", "max"):
            out.append(MP[name](mx, mw))
        elif name in ("floor", "ceil", "sign"):
            out.append(MP[name](mx * 10))
        else:
            out.append(MP[name](mx))
    return out


def _expr(name):
    if name in ("min", "max"):
        return f"{name}(x, w)"
    if name in ("floor", "ceil", "sign"):
        return f"{name}(x*10)"
    return f"{name}(x)"


@pytest.mark.parametrize("name", FUNCTIONS)
def test_each_function_against_mpmath(name):
    if name in ("min", "max"):
        xs = [0.1, 0.3, -1.0, 2.0, 5.0]
        ws = [0.2, 0.30000000000000004, -1.0, 1.5, 4.999999999999999]
    else:
        xs, ws = ARGS[name], [1.0] * 5
    exact = _exact_value(name, xs, ws)
    ys = [float(v) for v in exact]  # the nearest doubles: ties within one ulp
    ys = [
        np.nextafter(y, -np.inf) if float(v) == v and i % 2 else y for i, (y, v) in enumerate(zip(ys, exact))
    ]
    zs = [1.5, 2.0, 0.75, 3.0, 1.25]
    df = pd.DataFrame({"x": xs, "w": ws, "y": ys, "z": zs})
    expr = _expr(name)

    res = fit_relation(df, f"{expr} <= y", constant=None)
    want = [i for i, (v, y) in enumerate(zip(exact, ys)) if v > mpmath.mpf(y)]
    assert res.n_tested == 5 and res.n_undecided == 0
    assert sorted(r["row"] for r in res.violations) == want
    assert res.n_violations == len(want)

    res = fit_relation(df, f"{expr} < y", constant=None)
    assert res.n_violations == sum(v >= mpmath.mpf(y) for v, y in zip(exact, ys))

    fit = fit_relation(df, f"{expr} <= c*z")
    best = max(v / mpmath.mpf(z) for v, z in zip(exact, zs))
    assert fit.holds and fit.c == float(best)
    # c_exact is exact: p/q for a rational constant, an exact sympy form otherwise
    assert abs(sp.N(sp.sympify(fit.c_exact), 45) - sp.Float(str(best), 45)) <= abs(best) * 1e-40

    res = fit_relation(df, f"{expr} == y", constant=None)
    assert res.holds  # to the documented relative tolerance 1e-9


def test_floor_decides_what_floats_get_wrong():
    """floor(x*10) for x = 0.3 (the double 0.299999999999999988898...): exactly 2, while the
    product rounded to doubles is 3.0000000000000004 (in floating point, floor would say 3)."""
    assert math.floor(0.3 * 10) == 3
    df = pd.DataFrame({"x": [0.3]})
    assert fit_relation(df, "floor(x*10) <= 2", constant=None).holds
    assert fit_relation(df, "floor(x*10) >= 3", constant=None).n_violations == 1


def test_constants_pi_and_e_against_mpmath():
    df = pd.DataFrame({"x": [float(mpmath.pi), float(mpmath.e)]})
    # the doubles nearest pi and e lie below them (pi) and above them (e)
    r = fit_relation(df, "x < pi", constant=None)
    assert r.n_violations == int(mpmath.mpf(float(mpmath.pi)) >= mpmath.pi) + int(
        mpmath.mpf(float(mpmath.e)) >= mpmath.pi
    )
    r = fit_relation(df, "x <= E", constant=None)
    assert r.n_violations == sum(mpmath.mpf(float(v)) > mpmath.e for v in (mpmath.pi, mpmath.e))
