"""`conjectura check` regressions, each run through the CLI: the exit code, one line on stderr
for bad input, no traceback, and the right verdict (decided exactly, never by float overflow)."""

import json
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from conjectura.cli.app import _assemble, app
from conjectura.exact.syntax import FUNCTIONS

_assemble()
runner = CliRunner()
# a numpy warning would be a second line on stderr: it fails the test
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


@pytest.fixture
def t(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("x,y,name\n1,2,a\n2,3,b\n4,9,c\n0,1,d\n")
    return str(p)


@pytest.fixture
def t2(tmp_path):
    p = tmp_path / "t2.csv"
    p.write_text("x,y\n0.5,1\n10,1\n")
    return str(p)


def run(*args):
    r = runner.invoke(app, ["check", *args])
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert "Traceback" not in r.output + r.stderr
    return r


def one_error_line(r, needle):
    assert r.exit_code == 2, (r.output, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and needle in lines[0], r.stderr
    assert r.stdout == ""


def verdict(r):
    return json.loads(r.stdout)


# -- D1: every allowed function works; 1/0 and log(-x) are bad input or undefined rows ---------
@pytest.mark.parametrize("name", FUNCTIONS)
def test_d1_every_allowed_function_is_checked(t, name):
    call = f"{name}(x, y)" if name in ("min", "max") else f"{name}(x + 1)"
    r = run(t, f"{call} <= 1000 + y", "--json")
    out = verdict(r)
    assert r.exit_code == 0 and out["holds"] and out["n_tested"] == 4, out  # every value is below 1000
    r = run(t, f"{call} <= -1000 + y", "--json")
    assert r.exit_code == 1 and verdict(r)["n_violations"] == 4


def test_d1_log_of_x_plus_one(t):
    r = run(t, "log(x+1) <= y", "--json")
    out = verdict(r)
    assert r.exit_code == 0 and out["holds"] and out["n_tested"] == 4 and out["n_undefined"] == 0


def test_d1_literal_division_by_zero_is_bad_input(t):
    one_error_line(run(t, "y <= 1/0"), "division by zero")


def test_d1_log_of_negative_rows_are_undefined_not_a_crash(t):
    r = run(t, "log(-x) <= y", "--json")
    out = verdict(r)
    # x = 0 and x > 0 give log of a non-positive number on every row: nothing is claimed
    assert r.exit_code == 1 and out["n_undefined"] == 4 and out["n_tested"] == 0 and not out["holds"]


# -- D2: huge powers and literals are refused before any work --------------------------------
@pytest.mark.parametrize(
    "expr,limit",
    [
        ("x <= 9**9**9", "MAX_DIGITS"),
        ("x <= 10**10**10", "MAX_DIGITS"),
        ("x <= 1e999999999", "MAX_DIGITS"),
        ("x <= 2**2**2**2**2**2", "MAX_DIGITS"),
        ("x <= 1e-999999999", "MAX_DIGITS"),
        ("x**1000000 <= y", "MAX_DEGREE"),
        ("(x**100)**101 <= y", "MAX_DEGREE"),
        ("x <= sqrt(10**999999)", "MAX_DIGITS"),
    ],
)
def test_d2_huge_numbers_are_refused_at_once(t, expr, limit):
    start = time.perf_counter()
    r = run(t, expr)
    assert time.perf_counter() - start < 20  # was > 40 s, or a MemoryError after 1.9 GB
    one_error_line(r, limit)


# -- D3: no float overflow: x**400 is compared exactly ----------------------------------------
def test_d3_x_to_the_400_reports_its_violation(t2):
    r = run(t2, "x**400 <= y", "--json")
    out = verdict(r)
    assert r.exit_code == 1 and out["n_violations"] == 1 and out["n_undefined"] == 0
    assert out["violations"][0]["row"] == 1 and out["violations"][0]["excess"].endswith("e+400")
    r = run(t2, "x**400 <= y")
    assert r.exit_code == 1 and "1 violation" in r.stdout and "No violations" not in r.stdout


def test_d3_a_huge_bound_holds(t):
    r = run(t, "x <= 10**400", "--json")
    out = verdict(r)
    assert r.exit_code == 0 and out["holds"] and out["n_tested"] == 4 and out["n_undefined"] == 0


def test_d3_a_fitted_constant_beyond_the_doubles_is_exact(t2):
    out = verdict(run(t2, "x**400 <= c*y", "--json"))
    assert out["holds"] and out["c_exact"] == str(10**400)  # 10**400 / 1, exactly
    out = verdict(run(t2, "x**-400 <= c*y", "--json"))
    assert out["holds"] and out["c_exact"] == str(2**400)


# -- D13: a non-finite constant is bad input ---------------------------------------------------
@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_d13_non_finite_constant_is_one_line(t, value):
    one_error_line(run(t, "y <= c*x", "--c", value), "finite number")


# -- D14: deep expressions: a correct answer or one line, never RecursionError ----------------
def test_d14_long_sums_and_sign_runs_are_answered(t):
    out = verdict(run(t, "x" + "+x" * 995 + " <= y", "--json"))
    # 996*x <= y fails on the rows with x > 0
    assert out["n_violations"] == 3 and out["n_tested"] == 4
    r = run(t, "--json", "--", "-" * 1990 + "x <= y")  # an even number of signs: x <= y
    assert r.exit_code == 0 and verdict(r)["holds"]
    r = run(t, "--json", "--", "-" * 1991 + "x <= -y")  # odd: -x <= -y, i.e. x >= y, false everywhere
    assert r.exit_code == 1 and verdict(r)["n_violations"] == 4
    r = run(t, "(" * 150 + "x" + ")" * 150 + " <= y", "--json")  # parentheses alone nest nothing
    assert r.exit_code == 0 and verdict(r)["holds"]


@pytest.mark.parametrize(
    "expr",
    [
        "sin(" * 60 + "x" + ")" * 60 + " <= y",
        "x" + "**x" * 600 + " <= y",
        "abs(" * 45 + "x" + ")" * 45 + " <= y",
    ],
)
def test_d14_deep_nesting_is_one_line(t, expr):
    one_error_line(run(t, expr), "MAX_DEPTH")


def test_d14_through_the_installed_command(t):
    """The report's reproductions in a real process: one stderr line or an answer, no traceback."""
    cmd = [sys.executable, "-c", "from conjectura.cli.app import main; main()", "check", t]
    for expr, code in (("x" + "+x" * 995 + " <= y", 1), ("-" * 1990 + "x <= y", 0), ("x <= 9**9**9", 2)):
        p = subprocess.run([*cmd, "--", expr], capture_output=True, text=True, timeout=120)
        assert p.returncode == code, p.stderr
        assert "Traceback" not in p.stderr and len(p.stderr.strip().splitlines()) == (1 if code == 2 else 0)


def test_json_is_the_api_to_dict(t2):
    from conjectura.learn.relations import fit_relation

    for expr in ("x**400 <= y", "x**400 <= c*y", "exp(x) == y"):
        r = run(t2, expr, "--json")
        assert verdict(r) == json.loads(json.dumps(fit_relation(t2, expr).to_dict()))
