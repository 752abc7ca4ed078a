"""Fuzzing `check` expressions with Hypothesis: from the grammar and outside it (random text,
deep nesting, huge literals and powers). Never a traceback: either a result or one
InvalidParameterError (exit 0/1 or 2 on the command line); parsing within one second of CPU
time and 100 MB; a whole check on a small table within a few seconds of CPU time.

The number of examples comes from the Hypothesis profile ("ci" in `make test`, "all" in
`make test-all`, see tests/conftest.py)."""

import time
import tracemalloc

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conjectura.cli.app import _assemble, app
from conjectura.exact.syntax import FUNCTIONS, MAX_LENGTH, parse_relation
from conjectura.exceptions import InvalidParameterError
from conjectura.learn.relations import fit_relation

_assemble()
runner = CliRunner()
# a numpy warning would be a second line on stderr: it fails the test
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

COLUMNS = ["x", "y", "w"]
TABLE = pd.DataFrame(
    {
        "x": [0.0, 1.0, -2.5, 10.0, 1e-300, 0.1, 3.0],
        "y": [1.0, 2.0, 0.5, -1.0, 1e300, 0.3, 9.0],
        "w": [3, 0, -7, 2, 5, 1, 4],
    }
)
PARSE_CPU_S = 1.0
CHECK_CPU_S = 10.0
PARSE_MB = 100

parse_relation("sin(x) + floor(y) <= c * w", COLUMNS)  # import sympy once, outside the timings


def _number():
    return st.one_of(
        st.integers(-(10**30), 10**30).map(str),
        st.integers(0, 10**1200).map(str),
        st.floats(allow_nan=False, allow_infinity=False, width=64).map(lambda f: repr(abs(f))),
        st.tuples(st.integers(0, 999), st.integers(-(10**10), 10**10)).map(lambda t: f"{t[0]}e{t[1]}"),
        st.sampled_from(["pi", "E", "0.5", "1/3", "0"]),
    )


_leaf = st.one_of(st.sampled_from([*COLUMNS, "c"]), _number())


def _extend(inner):
    unary = st.one_of(
        st.sampled_from([f for f in FUNCTIONS if f not in ("min", "max")]),
    )
    return st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "**"]), inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        st.tuples(unary, inner).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(st.sampled_from(["min", "max"]), inner, inner).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        inner.map(lambda e: f"-{e}"),
    )


_expr = st.recursive(_leaf, _extend, max_leaves=12)
_relation = st.tuples(_expr, st.sampled_from(["<=", "<", ">=", ">", "=="]), _expr).map(" ".join)


def _parse_bounded(text):
    """Parse ``text``: a result or InvalidParameterError, within the CPU time and memory limit."""
    tracemalloc.start()
    start = time.process_time()
    try:
        parse_relation(text, COLUMNS, constant="c")
        ok = True
    except InvalidParameterError as exc:
        assert "\n" not in str(exc) and len(str(exc)) < 1000
        ok = False
    finally:
        elapsed = time.process_time() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < PARSE_CPU_S, (text, elapsed)
    assert peak < PARSE_MB * 2**20, (text, peak)
    return ok


def _check_bounded(text, **kwargs):
    start = time.process_time()
    try:
        res = fit_relation(TABLE, text, **kwargs)
    except InvalidParameterError as exc:
        assert "\n" not in str(exc)
        res = None
    assert time.process_time() - start < CHECK_CPU_S, text
    if res is not None:
        d = res.to_dict()
        assert d["n_tested"] + d["n_undefined"] + d["n_undecided"] == len(TABLE)
        assert res.holds == (d["n_violations"] == 0 and d["n_undecided"] == 0 and d["n_tested"] > 0)
    return res


@given(_relation)
def test_grammar_expressions_parse_within_limits(text):
    _parse_bounded(text)


@given(_relation)
def test_grammar_expressions_check_exactly_or_refuse(text):
    _check_bounded(text)  # a result whose counts add up, or one InvalidParameterError


@given(st.text(alphabet="xyzwc0123456789.eE+-*/()<>=!,_ ^%&|~[]{}'\"\\:;@#$abs(sqrt)logexp", max_size=200))
def test_random_text_is_a_result_or_one_error(text):
    if text.strip():
        _parse_bounded(text)
        _check_bounded(text)


@given(st.text(max_size=300))
def test_arbitrary_unicode_is_a_result_or_one_error(text):
    if text.strip():
        _parse_bounded(text)


@given(
    st.sampled_from(["sin(", "abs(", "(", "-", "+", "sqrt(", "min(x, ", "log(1+", "x**("]),
    st.integers(1, 1000),
    st.sampled_from(["<=", ">"]),
)
def test_deep_nesting_is_answered_or_refused(opening, depth, op):
    closing = ")" * opening.count("(")
    text = opening * depth + "x" + closing * depth + f" {op} y"
    if len(text) > MAX_LENGTH:
        text = text[:MAX_LENGTH]
    _parse_bounded(text)
    _check_bounded(text)


@given(
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.integers(-(10**9), 10**9),
    st.sampled_from(
        ["{a}**{b}**{c}", "{a}e{c}", "x**{b} <= y*{a}", "sqrt({a}**{b})", "({a}/{b})**{c}", "x**({a}/{b})"]
    ),
)
def test_huge_literals_and_powers_are_bounded(a, b, c, template):
    text = template.format(a=a, b=b, c=c)
    if "<=" not in text:
        text = f"x <= {text}"
    _parse_bounded(text)
    _check_bounded(text, constant=None)


@given(st.one_of(_relation, st.text(alphabet="xy+-*/()<=[]/ 1e9", max_size=60)))
def test_the_cli_exits_0_1_or_2_with_at_most_one_stderr_line(tmp_path_factory, text):
    path = tmp_path_factory.getbasetemp() / "fuzz.csv"
    if not path.exists():
        TABLE.to_csv(path, index=False)
    r = runner.invoke(app, ["check", str(path), "--", text])
    assert r.exit_code in (0, 1, 2), (text, r.exception)
    assert r.exception is None or isinstance(r.exception, SystemExit), (text, repr(r.exception))
    assert "Traceback" not in r.stdout + r.stderr
    assert len(r.stderr.strip().splitlines()) <= 1, r.stderr


def test_the_limits_at_their_edges():
    """Just inside each limit the expression is checked; just beyond it, it is refused."""
    assert _check_bounded("x <= 10**999", constant=None).holds
    assert _parse_bounded("x <= 10**999") and not _parse_bounded("x <= 10**1000")
    assert _parse_bounded("x**10000 <= y") and not _parse_bounded("x**10001 <= y")
    nested = "abs(" * 40 + "x" + ")" * 40 + " <= y"
    assert _parse_bounded(nested) and not _parse_bounded("abs(" + nested.replace(" <= y", ") <= y"))
    assert _parse_bounded("x" + " + x" * 450 + " <= y")
    assert not _parse_bounded("x" * (MAX_LENGTH + 1) + " <= y")


@pytest.mark.parametrize("seed", range(3))
def test_decisions_agree_with_floats_far_from_ties(seed):
    """Independent check of the verdicts: where numpy's value is finite and far from the
    boundary (relative 1e-6), the exact decision says the same."""
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"x": rng.uniform(0.1, 5, 200), "y": rng.uniform(-3, 3, 200)})
    for expr, f in (
        ("log(x) + sin(y) <= cos(x*y)", lambda x, y: np.log(x) + np.sin(y) - np.cos(x * y)),
        (
            "sqrt(x)*atan(y) <= exp(-x) + tan(y/4)",
            lambda x, y: np.sqrt(x) * np.arctan(y) - np.exp(-x) - np.tan(y / 4),
        ),
        ("floor(x) + ceil(y) <= sign(y)*x**3", lambda x, y: np.floor(x) + np.ceil(y) - np.sign(y) * x**3),
        ("min(x, y) <= max(x, y)/2", lambda x, y: np.minimum(x, y) - np.maximum(x, y) / 2),
    ):
        res = fit_relation(df, expr, constant=None, top=1000)
        g = f(df.x.to_numpy(), df.y.to_numpy())
        bad = {r["row"] for r in res.violations}
        far = np.abs(g) > 1e-6 * (1 + np.abs(g))
        assert set(np.flatnonzero(far & (g > 0))) == bad & set(np.flatnonzero(far))
        assert res.n_tested == 200
