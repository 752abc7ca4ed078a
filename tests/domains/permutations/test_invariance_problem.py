"""Violations of combinatorial invariance as certificates: the registered problem, its exact
verifier through Certificate.from_json, and forged certificates.

No genuine violation exists in S_n for n <= 7 (combinatorial_invariance finds none), so a
certificate that verifies cannot be produced; the tests check that every forgery is refused and
that a genuine one would be certified (the verifier holds exactly when the map is a poset
isomorphism and the recomputed polynomials differ, see test_invariance.py)."""

import json

import pytest

import conjectura as cj
from conjectura.core.certificate import FORMAT
from conjectura.domains.permutations import InvarianceViolation, interval_isomorphism, kl_table
from conjectura.domains.permutations.invariance_problem import decode_candidate
from conjectura.exceptions import CertificateFormatError, VerificationError

X1, W1, X2, W2 = (1, 3, 2, 4, 5), (3, 4, 1, 2, 5), (1, 2, 4, 3, 5), (1, 4, 5, 2, 3)


def _isomorphic_pair():
    m = interval_isomorphism(X1, W1, X2, W2)
    p = kl_table(5).poly(X1, W1)
    return InvarianceViolation(X1, W1, X2, W2, tuple(sorted(m.items())), p, kl_table(5).poly(X2, W2))


def _certificate(witness: dict, n: int = 5, values=None) -> dict:
    problem = cj.get_problem("permutations/invariance-violation", n=n)
    return {
        "format": FORMAT,
        "problem": {"name": problem.name, "params": dict(problem.params)},
        "claim": problem.claim,
        "witness": witness,
        "values": values or {},
        "provenance": {},
    }


def test_problem_is_registered_and_round_trips():
    p = cj.get_problem("permutations/invariance-violation", n=5)
    assert p.params == {"n": 5} and "S_5" in p.claim
    v = _isomorphic_pair()
    assert p.serialize(p.deserialize(p.serialize(v))) == p.serialize(v)
    assert p.encoding.dim == 20 and p.encoding.arity == 5


def test_an_isomorphic_pair_with_equal_polynomials_is_refused():
    v = _isomorphic_pair()
    assert v.poly1 == v.poly2 == (1, 1)
    with pytest.raises(VerificationError, match="isomorphic but both polynomials"):
        cj.Certificate.from_json(_certificate(v.to_dict()))
    with pytest.raises(VerificationError, match="does not satisfy"):
        cj.certify(v, cj.get_problem("permutations/invariance-violation", n=5))


@pytest.mark.parametrize(
    "forge, error, needle",
    [
        (lambda d: {**d, "poly2": [1, 2]}, VerificationError, "stated polynomials"),
        (lambda d: {**d, "isomorphism": d["isomorphism"][:-1]}, VerificationError, "not an isomorphism"),
        (
            lambda d: {
                **d,
                "isomorphism": [
                    [u, d["isomorphism"][-1 - i][1]] for i, (u, _) in enumerate(d["isomorphism"])
                ],
            },
            VerificationError,
            "not an isomorphism",
        ),
        (lambda d: {**d, "x1": [1, 2, 3], "w1": [3, 2, 1]}, VerificationError, "S_5"),
        (lambda d: {k: v for k, v in d.items() if k != "poly1"}, CertificateFormatError, "does not decode"),
        (lambda d: "not an object", CertificateFormatError, "does not decode"),
    ],
)
def test_forged_certificates_are_refused(forge, error, needle):
    with pytest.raises(error, match=needle):
        cj.Certificate.from_json(_certificate(forge(_isomorphic_pair().to_dict())))


def test_a_tampered_claim_or_unknown_parameter_is_refused():
    doc = _certificate(_isomorphic_pair().to_dict())
    with pytest.raises(VerificationError, match="claim"):
        cj.Certificate.from_json({**doc, "claim": "Combinatorial invariance fails."})
    with pytest.raises(CertificateFormatError, match="bad problem parameters"):
        cj.Certificate.from_json({**doc, "problem": {"name": doc["problem"]["name"], "params": {"n": 2}}})


def test_decoded_candidates_carry_the_isomorphism_when_there_is_one():
    # blocks sort to x1 = e, w1 = 2341, x2 = e, w2 = 4123: isomorphic 4-element chains... of length 3
    z = [0, 1, 2, 3, 3, 0, 1, 2, 0, 1, 2, 3, 1, 2, 3, 0]
    v = decode_candidate(z, 4)
    assert (v.x1, v.w1, v.x2, v.w2) == ((1, 2, 3, 4), (2, 3, 4, 1), (1, 2, 3, 4), (4, 1, 2, 3))
    assert len(v.isomorphism) == 8 and v.poly1 == v.poly2 == (1,)
    p = cj.get_problem("permutations/invariance-violation", n=4)
    assert p.score(v) == -0.5 and not p.verify(v).holds
    incomparable = decode_candidate([3, 2, 1, 0] + [0, 1, 2, 3] * 3, 4)  # w0 is not <= e
    assert incomparable.isomorphism == () and p.score(incomparable) == -1.0


def test_certificate_file_through_the_cli(tmp_path):
    from typer.testing import CliRunner

    from conjectura.cli.app import _assemble, app

    _assemble()
    runner = CliRunner()
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(_certificate(_isomorphic_pair().to_dict())))
    r = runner.invoke(app, ["verify", str(path)])
    assert r.exit_code == 1 and "both polynomials" in r.output and "Traceback" not in r.output
    path.write_text(json.dumps(_certificate("junk")))
    r = runner.invoke(app, ["verify", str(path)])
    assert r.exit_code == 2 and "does not decode" in r.output
