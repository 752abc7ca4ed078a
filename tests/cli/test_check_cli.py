"""`conjectura check`: the fitted constant, violations, missing columns, and bad expressions."""

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from conjectura.cli.app import _assemble, app

_assemble()
runner = CliRunner()

REL = "abs(2*signature - slope) <= c * volume * injectivity_radius**-3"


@pytest.fixture
def table(tmp_path):
    df = pd.DataFrame(
        {
            "name": ["a", "b", "c", "d", "e"],
            "signature": [2, -4, 0, 6, 2],
            "slope": [3.0, -9.0, 0.5, 13.0, 4.0],
            "volume": [2.0, 4.0, 3.0, 1.0, 5.0],
            "injectivity_radius": [0.5, 1.0, None, 0.25, 0.5],
        }
    )
    p = tmp_path / "t.parquet"
    df.to_parquet(p)
    return p


def test_check_fits_c_and_counts_missing(table):
    # per-row c = |2s - slope| * inj^3 / vol: a 1/16, b 1/4, d 1/1024, e 0; c is missing inj
    r = runner.invoke(app, ["check", str(table), REL, "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["c"] == 0.25 and out["c_fitted"] and out["holds"]
    assert out["n_tested"] == 4 and out["n_missing"] == 1
    assert out["missing_by_column"] == {"injectivity_radius": 1}
    assert out["tightest"][0]["name"] == "b" and out["tightest"][0]["c_needed"] == 0.25


def test_check_with_given_c_lists_violations(table):
    r = runner.invoke(app, ["check", str(table), REL, "--c", "0.1", "--json"])
    assert r.exit_code == 1
    out = json.loads(r.output)
    assert out["n_violations"] == 1 and out["violations"][0]["name"] == "b"
    r = runner.invoke(app, ["check", str(table), REL, "--c", "0.1"])
    assert r.exit_code == 1 and "1 violation" in r.output


@pytest.mark.parametrize(
    "expr,needle",
    [
        ("abs(2*signature - slop) <= c", "unknown column 'slop'"),
        ("__import__('os').system('true') < 1", "not allowed"),
        ("signature.real <= 1", "not allowed"),
        ("open('x') <= 1", "function 'open' is not allowed"),
        ("signature + 1", "needs one comparison"),
        ("signature <= ", "not a valid expression"),
        ("signature <= c**2", "must enter linearly"),
        ("1 < signature < 2", "exactly one comparison"),
        ("name <= 1", "not numeric"),
    ],
)
def test_check_bad_expressions_fail_in_one_line(table, expr, needle):
    r = runner.invoke(app, ["check", str(table), expr])
    assert r.exit_code == 2, r.output
    assert needle in r.output and "Traceback" not in r.output


def test_check_missing_file(tmp_path):
    r = runner.invoke(app, ["check", str(tmp_path / "none.parquet"), "x <= 1"])
    assert r.exit_code == 2 and "No such file" in r.output


@pytest.mark.parametrize(
    "args,kwargs",
    [
        ([REL], {}),
        ([REL, "--c", "0.1", "--top", "1"], {"c": 0.1, "top": 1}),
        (["signature == 2*floor(signature/2)", "--constant", "k"], {"constant": "k"}),
    ],
)
def test_check_json_is_the_api_fit_relation_to_dict(table, args, kwargs):
    from conjectura.learn.relations import fit_relation

    r = runner.invoke(app, ["check", str(table), *args, "--json"])
    api = fit_relation(str(table), args[0], **kwargs)
    assert r.exit_code == (0 if api.holds else 1), r.output
    assert json.loads(r.output) == json.loads(json.dumps(api.to_dict()))


def test_check_on_a_task_table(home):
    r = runner.invoke(app, ["check", "integers/parity-bit", "parity <= c", "-p", "m=4", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["c"] == 1.0 and out["n_rows"] == 16
