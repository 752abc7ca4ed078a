"""``conjectura kl poly``, ``conjectura kl invariance`` and ``conjectura data build kl``:
exact output, --json, exit codes, one-line errors and nothing written on bad input."""

import json

import pytest
from typer.testing import CliRunner

from conjectura.cli.app import _assemble, app
from conjectura.cli.kl import format_polynomial, parse_permutation

_assemble()
runner = CliRunner()


def _one_line(output: str) -> bool:
    return "Traceback" not in output and len([l for l in output.strip().splitlines() if l.strip()]) <= 2


def test_poly_prints_the_polynomial_and_mu():
    r = runner.invoke(app, ["kl", "poly", "12345", "45312"])
    assert r.exit_code == 0, r.output
    assert "P_{12345,45312}(q) = 1 + q^2" in r.output
    assert "mu(12345, 45312) = 0; length 8, 78 elements in [x, w]" in r.output
    r = runner.invoke(app, ["kl", "poly", "1,3,2,4", "[3 4 1 2]", "--json"])
    doc = json.loads(r.output)
    assert doc["poly"] == [1, 1] and doc["mu"] == 1 and doc["polynomial"] == "1 + q" and doc["size"] == 10


@pytest.mark.parametrize(
    "args, needle",
    [
        (["2134", "1234"], "x <= w"),
        (["1224", "1234"], "permutation of 1..n"),
        (["123", "1234"], "same S_n"),
        (["abc", "123"], "permutation of 1..n"),
        (["1,2,3,4,5,6,7,8,9,10,11", "1,2,3,4,5,6,7,8,9,10,11"], "n <= 10"),
    ],
)
def test_poly_bad_input_is_one_line_exit_2(args, needle):
    r = runner.invoke(app, ["kl", "poly", *args])
    assert r.exit_code == 2 and needle in r.output and _one_line(r.output)


def test_invariance_holds_on_S4_and_writes_nothing(tmp_path):
    out = tmp_path / "v.json"
    r = runner.invoke(app, ["kl", "invariance", "--n", "4", "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "isomorphism classes" in r.output and "every class has one polynomial" in r.output
    assert "nothing written" in r.output and not out.exists()
    r = runner.invoke(app, ["kl", "invariance", "--n", "5", "--json"])
    doc = json.loads(r.output)
    assert doc["holds"] is True and doc["classes"] == 88 and doc["intervals"] == 2439
    assert doc["certificate"] is None and doc["largest_class"]["intervals"] > 0


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--n", "9"], "'n'"),
        (["--n", "0"], "'n'"),
        (["--n", "4", "--min-length", "0"], "min_length"),
        (["--n", "4", "--method", "bliss"], "method"),
        (["--n", "4", "--out", "/no/such/dir/v.json"], "does not exist"),
    ],
)
def test_invariance_bad_input_is_one_line_exit_2(args, needle, tmp_path):
    r = runner.invoke(app, ["kl", "invariance", *args])
    assert r.exit_code == 2 and needle in r.output and _one_line(r.output)


def test_data_build_kl(home):
    r = runner.invoke(app, ["data", "build", "kl", "--n", "4", "--json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output[r.output.index("{") :])
    assert doc["rows"] == 68 and doc["parts"]["intervals"]["rows"] == 68 and doc["run_id"] is not None
    r = runner.invoke(app, ["data", "build", "kl", "--n", "7"])
    assert r.exit_code == 2 and "size" in r.output and _one_line(r.output)


def test_doctests():
    import doctest

    import conjectura.cli.kl as mod

    res = doctest.testmod(mod)
    assert res.attempted > 0 and res.failed == 0


def test_helpers():
    assert parse_permutation(" 1 2 3 ") == (1, 2, 3)
    assert format_polynomial((2, 0, 0, 1)) == "2 + q^3"


@pytest.mark.parametrize(
    "args, needle",
    [
        (["learn", "permutations/kl-coefficient", "-p", "n=11", "-p", "k=1"], "'n'"),
        (["learn", "permutations/kl-coefficient", "-p", "n=4", "-p", "k=3"], "'k'"),
        (["learn", "permutations/kl-coefficient", "-p", "n=5", "-p", "k=0"], "'k'"),
        (["learn", "permutations/kl-coefficient", "-p", "n=5", "-p", "max_length=2"], "max_length"),
        (["learn", "permutations/kl-coefficient", "-p", "n=8", "-p", "k=1"], "'size'"),
        (["data", "build", "kl", "--n", "11"], "'n'"),
        (["data", "build", "kl", "--n", "5", "--min-length", "6", "--max-length", "4"], "max_length"),
        (["data", "build", "kl", "--n", "5", "--workers", "0"], "workers"),
        (["kl", "invariance", "--n", "4", "--min-length", "9"], "min_length"),
    ],
)
def test_bad_kl_input_is_one_line_exit_2_and_writes_nothing(args, needle, home):
    r = runner.invoke(app, args)
    assert r.exit_code == 2 and needle in r.output and _one_line(r.output), r.output
    assert not home.exists() or not any(p.is_file() for p in home.rglob("*"))
