"""Certificates: only certify() makes them, from_json re-verifies and names the failed check."""

import json

import networkx as nx
import pytest

import conjectura as cj
from conjectura.domains.graphs import to_graph6, wagner_2_1_counterexample, wagner_2_3_counterexample


@pytest.fixture
def cert():
    return cj.certify(
        wagner_2_1_counterexample(), cj.get_problem("graphs/wagner-2.1", n=19), provenance={"seed": 0}
    )


def test_round_trip(cert, tmp_path):
    data = json.loads(cert.to_json())
    assert data["format"] == "conjectura-certificate/1"
    assert data["problem"] == {"name": "graphs/wagner-2.1", "params": {"n": 19}}
    assert data["provenance"]["seed"] == 0 and "versions" in data["provenance"]
    back = cj.Certificate.from_json(cert.to_json())
    assert back.witness_data == cert.witness_data and back.verify().holds
    path = cert.save(tmp_path / "c.json")
    assert cj.Certificate.load(path).sha256() == cert.sha256()


def test_certify_refuses_failing_witness():
    with pytest.raises(cj.VerificationError, match="does not satisfy"):
        cj.certify(nx.star_graph(18), cj.get_problem("graphs/wagner-2.1"))
    with pytest.raises(TypeError):
        cj.Certificate(
            _token=object(), problem=None, witness=None, witness_data=None, values={}, provenance={}
        )


def test_2_3_certificate():
    c = cj.certify(wagner_2_3_counterexample(), cj.get_problem("graphs/wagner-2.3", n=203))
    assert cj.Certificate.from_json(c.to_json()).values["index"] == 8


def _tamper(cert, **changes):
    data = json.loads(cert.to_json())
    for path, value in changes.items():
        d = data
        keys = path.split(".")
        for k in keys[:-1]:
            d = d[k]
        if value is KeyError:
            del d[keys[-1]]
        else:
            d[keys[-1]] = value
    return json.dumps(data)


@pytest.mark.parametrize(
    "changes,exc,match",
    [
        ({"format": "conjectura-certificate/9"}, cj.CertificateFormatError, "unknown certificate format"),
        ({"witness": KeyError}, cj.CertificateFormatError, "lacks the field"),
        ({"problem.name": "graphs/no-such"}, cj.CertificateFormatError, "Unknown problem"),
        ({"problem.params": {"n": 2}}, cj.CertificateFormatError, "must be an int >= 3"),
        ({"witness": "not graph6!"}, cj.CertificateFormatError, "does not decode"),
        ({"witness": to_graph6(nx.star_graph(18))}, cj.VerificationError, "does not satisfy the claim"),
        ({"claim": "Something else"}, cj.VerificationError, "is not the claim"),
        ({"values.matching_number": 1}, cj.VerificationError, "'matching_number' = 1 differs"),
        ({"values.lambda1": {"minpoly": "x^2 + (-9)", "root_index": 1}}, cj.VerificationError, "lambda1"),
    ],
)
def test_tampered_certificates_rejected(cert, changes, exc, match):
    with pytest.raises(exc, match=match):
        cj.Certificate.from_json(_tamper(cert, **changes))


def test_not_json_and_not_object():
    with pytest.raises(cj.CertificateFormatError, match="not valid JSON"):
        cj.Certificate.from_json("{")
    with pytest.raises(cj.CertificateFormatError, match="JSON object"):
        cj.Certificate.from_json("[1, 2]")
