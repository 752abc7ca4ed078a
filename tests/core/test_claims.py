"""A claim that is verified but not searched goes through the same registry, certificates and
``conjectura verify`` as a search problem; ``search`` refuses it in one line."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from typer.testing import CliRunner

import conjectura as cj
from conjectura.cli.app import _assemble, app


def _egyptian(target: str = "1"):
    """Distinct unit fractions summing to ``target`` (exact rationals)."""
    goal = Fraction(target)

    def verify(denominators):
        ok = len(set(denominators)) == len(denominators) and all(d >= 1 for d in denominators)
        total = sum((Fraction(1, d) for d in denominators), Fraction(0))
        return cj.Verdict(ok and total == goal, f"sum of 1/d = {total} (goal {goal})", {"sum": str(total)})

    return cj.Claim(
        claim=f"{goal} is a sum of distinct unit fractions.",
        verify=verify,
        serialize=lambda ds: [int(d) for d in ds],
        deserialize=lambda data: tuple(int(d) for d in data),
        example=lambda: (2, 3, 6),
    )


cj.register_problem("test/egyptian", _egyptian)


def test_a_claim_is_certified_and_read_back_exactly(tmp_path):
    claim = cj.get_problem("test/egyptian", target="1")
    assert claim.name == "test/egyptian" and claim.params == {"target": "1"}
    cert = cj.certify((2, 3, 6), claim)
    assert cert.values == {"sum": "1"}
    assert cj.Certificate.from_json(cert.to_json()).witness == (2, 3, 6)
    with pytest.raises(cj.VerificationError, match="sum of 1/d = 5/6"):
        cj.certify((2, 3), claim)
    path = cert.save(tmp_path / "c.json")
    _assemble()
    ok = CliRunner().invoke(app, ["verify", str(path)])
    assert ok.exit_code == 0 and "verified test/egyptian" in ok.output
    forged = json.loads(path.read_text())
    forged["witness"] = [2, 4, 8]
    (tmp_path / "f.json").write_text(json.dumps(forged))
    bad = CliRunner().invoke(app, ["verify", str(tmp_path / "f.json")])
    assert bad.exit_code == 1 and "7/8" in bad.output


def test_search_refuses_a_claim_without_an_encoding():
    with pytest.raises(cj.InvalidParameterError, match="not a search problem"):
        cj.search("test/egyptian", "random", budget="10e")


def test_a_claim_whose_example_does_not_round_trip_is_refused_on_first_build():
    def broken():
        return cj.Claim(
            claim="x",
            verify=lambda o: cj.Verdict(True, ""),
            serialize=lambda o: [o],
            deserialize=lambda d: d[0] + 1,
            example=lambda: 1,
        )

    cj.register_problem("test/broken-claim", broken)
    from conjectura.core.registry import RegistrationError

    with pytest.raises(RegistrationError, match="does not round-trip"):
        cj.get_problem("test/broken-claim")
