"""The claim polynomials/groebner-basis: certificates from `guide solve buchberger` are re-checked by
`conjectura verify`; tampered bases are refused, malformed documents are bad input."""

import json

import pytest
from typer.testing import CliRunner

import conjectura as cj
from conjectura.cli.app import _assemble, app
from conjectura.domains.polynomials.poly import parse_polynomials
from conjectura.domains.polynomials.problems import groebner_certificate
from conjectura.domains.polynomials.solve import solve_buchberger
from conjectura.exceptions import CertificateFormatError, VerificationError

_assemble()
runner = CliRunner()


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("CONJECTURA_HOME", str(tmp_path / "home"))


def test_twisted_cubic_is_certified_and_a_partial_basis_is_not():
    F = parse_polynomials("y - x^2, z - x^3", "x, y, z")
    cert = groebner_certificate(F, parse_polynomials("y^2 - x*z, x*y - z, x^2 - y", "x, y, z"))
    assert cert.problem.name == "polynomials/groebner-basis" and cert.verdict.holds
    with pytest.raises(VerificationError, match="S-polynomials do not reduce to 0"):
        groebner_certificate(F, parse_polynomials("x*y - z, x^2 - y", "x, y, z"))
    # a Groebner basis of a different ideal: the generators do not reduce to 0
    with pytest.raises(VerificationError, match="does not contain the ideal"):
        groebner_certificate(F, parse_polynomials("y - x^2", "x, y, z"))


def test_every_strategy_gives_the_same_certified_reduced_basis():
    digests = set()
    for strategy in ("first", "degree", "normal", "sugar", "true-degree", "random"):
        sol = solve_buchberger(dist="3-5-5-weighted", seed=11, strategy=strategy)
        assert sol.verdict.holds
        digests.add(sol.verdict.values["reduced_basis_sha256"])
    assert len(digests) == 1


def test_solve_writes_a_certificate_that_verify_accepts_and_the_store_keeps(tmp_path):
    out = tmp_path / "gb.json"
    r = runner.invoke(
        app, ["guide", "solve", "buchberger", "--dist", "3-10-6-weighted", "--seed", "2", "--out", str(out)]
    )
    assert r.exit_code == 0, r.output
    assert runner.invoke(app, ["verify", str(out)]).exit_code == 0
    loaded = cj.Certificate.load(out)
    assert loaded.problem.name == "polynomials/groebner-basis"
    runs = cj.open_store().list_runs()
    assert any(run["kind"] == "guide-solve" for run in runs)


def test_json_equals_the_api(tmp_path):
    r = runner.invoke(app, ["guide", "solve", "buchberger", "y - x^2, z - x^3", "--no-store", "--json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    api = solve_buchberger("y - x^2, z - x^3").to_dict()
    doc.pop("out")
    for key in ("certificate", "certificate_id"):
        doc.pop(key), api.pop(key)
    assert doc == api


def _tamper(path, edit):
    d = json.loads(path.read_text())
    edit(d["witness"])
    path.write_text(json.dumps(d))


def test_tampered_certificates_fail_and_malformed_ones_are_bad_input(tmp_path):
    out = tmp_path / "gb.json"
    assert (
        runner.invoke(
            app,
            ["guide", "solve", "buchberger", "--seed", "5", "--dist", "3-8-6-weighted", "--out", str(out)],
        ).exit_code
        == 0
    )

    def drop_basis_element(w):
        w["basis"]["polynomials"].pop()

    def change_coefficient(w):
        c = w["basis"]["polynomials"][0]["coefficients"]
        c[-1] = c[-1] % 32002 + 1 if len(c) > 1 else c[-1]
        if len(c) == 1:  # a monomial: multiply it by a variable instead
            w["basis"]["polynomials"][0]["exponents"][0][0] += 1

    for k, edit in enumerate((drop_basis_element, change_coefficient)):
        bad = tmp_path / f"bad{k}.json"
        bad.write_text(out.read_text())
        _tamper(bad, edit)
        r = runner.invoke(app, ["verify", str(bad)])
        assert r.exit_code == 1, (edit.__name__, r.output)
    bad = tmp_path / "malformed.json"
    bad.write_text(out.read_text())
    _tamper(bad, lambda w: w.update(format="nope"))
    r = runner.invoke(app, ["verify", str(bad)])
    assert r.exit_code == 2 and "Traceback" not in r.output


def test_deserialize_refuses_bad_shapes():
    claim = cj.get_problem("polynomials/groebner-basis")
    for doc in (
        "[",
        {"format": "conjectura-groebner-basis/1"},
        {"format": "x", "generators": {}, "basis": {}},
    ):
        with pytest.raises(CertificateFormatError):
            claim.deserialize(doc)


@pytest.mark.parametrize(
    "args",
    [
        ["--dist", "3-20-10-bogus"],
        ["--dist", "0-2-2-weighted"],
        ["--strategy", "fastest"],
        ["y - x^^2"],
        ["--seed", "-1"],
        ["--policy", "no-such-file.npz"],
    ],
)
def test_bad_input_is_one_line_and_exit_2(args):
    r = runner.invoke(app, ["guide", "solve", "buchberger", *args, "--no-store"])
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
