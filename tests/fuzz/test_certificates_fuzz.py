"""Fuzzing of certificate reading: random byte flips and field edits of a real certificate.

Property: :meth:`Certificate.from_json` either raises a
:class:`~conjectura.exceptions.VerificationError` (a :class:`CertificateFormatError` for bad
input) or accepts a certificate whose claim is true, which is checked here independently of
the exact verifier: the witness is a connected graph whose largest adjacency eigenvalue (numpy)
plus matching number (NetworkX) is below :math:`\\sqrt{n-1} + 1`, refuting Conjecture 2.1 of
A. Z. Wagner, "Constructions in combinatorics via neural networks", arXiv:2104.14516.
Any other exception (a TypeError, a RecursionError, ...) fails the test.
"""

from __future__ import annotations

import json
import math

import networkx as nx
import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st

import conjectura as cj
from conjectura.core.certificate import Certificate

WITNESS_18 = "Q??????}_??A??DY_?G?A??O?O?"
_PROB = cj.get_problem("graphs/wagner-2.1", n=18)
DOC = cj.certify(_PROB.deserialize(WITNESS_18), _PROB).to_dict()
RAW = json.dumps(DOC).encode()


def _claim_is_true(cert: Certificate) -> bool:
    """Independent float check of the Wagner 2.1 claim, with a margin far above rounding."""
    G = cert.witness
    n = G.number_of_nodes()
    if n < 3 or not nx.is_connected(G) or cert.params != {"n": n}:
        return False
    lam = float(np.linalg.eigvalsh(nx.to_numpy_array(G)).max())
    mu = len(nx.max_weight_matching(G, maxcardinality=True))
    margin = math.sqrt(n - 1) + 1 - (lam + mu)
    assume(abs(margin) > 1e-9)  # too close to call in floats
    return margin > 0


def _judge(payload) -> None:
    try:
        cert = Certificate.from_json(payload)
    except cj.VerificationError:
        return
    assert cert.problem_name == "graphs/wagner-2.1" and cert.claim == DOC["claim"]
    assert _claim_is_true(cert), cert.to_dict()


@given(st.lists(st.tuples(st.integers(0, len(RAW) - 1), st.integers(1, 255)), min_size=1, max_size=6))
def test_byte_flips_are_never_accepted_unless_the_claim_stays_true(flips):
    data = bytearray(RAW)
    for i, x in flips:
        data[i] ^= x
    _judge(bytes(data))


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(["[/x]", "3.1", "99.0", "Q??????}_??A??DY_?G?A??O?O?", "graphs/wagner-2.3", "<", ""]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))


PATHS = [p for p in _paths(DOC) if p]


@given(
    st.lists(
        st.tuples(st.sampled_from(PATHS), JSON | st.sampled_from(["__delete__", "__new_approx__"])),
        min_size=1,
        max_size=3,
    )
)
def test_field_edits_are_never_accepted_unless_the_claim_stays_true(edits):
    doc = json.loads(json.dumps(DOC))
    for path, value in edits:
        node = doc
        for k in path[:-1]:
            if not isinstance(node, dict) or k not in node:
                break
            node = node[k]
        else:
            if not isinstance(node, dict):
                continue
            if value == "__delete__":
                node.pop(path[-1], None)
            elif value == "__new_approx__":
                node[f"{path[-1]}_approx"] = "1.0"
            else:
                node[path[-1]] = value
    _judge(json.dumps(doc, allow_nan=True))


@given(
    st.sampled_from(["3.10", "3.1013", "3.101295533934"]), st.sampled_from(["3.2", "2.9", "31.0", "-3.10"])
)
def test_an_approximation_is_accepted_iff_it_rounds_the_exact_value(good, bad):
    # lambda1 = 3.10129553393... is the largest root of x^4 - 17 x^2 + 71
    doc = json.loads(json.dumps(DOC))
    doc["values"]["lambda1_approx"] = good
    Certificate.from_json(doc)
    doc["values"]["lambda1_approx"] = bad
    try:
        Certificate.from_json(doc)
    except cj.VerificationError as exc:
        assert "lambda1_approx" in str(exc)
    else:
        raise AssertionError(f"{bad} accepted as an approximation of 3.1013")
