"""graphs/bound: a bound rebuilt from its text, decided exactly, refuted with a certificate that
`conjectura verify` re-checks from the JSON alone."""

import json

import networkx as nx
import numpy as np
import pytest
from typer.testing import CliRunner

import conjectura as cj
from conjectura.core.certificate import Certificate
from conjectura.domains.graphs.encoding import graph_to_word
from conjectura.domains.graphs.problems_bounds import bound_problem, bound_scores, check_bound
from conjectura.exceptions import InvalidParameterError, VerificationError


def test_exact_verdicts():
    assert check_bound(nx.star_graph(6), "independence_number <= 5").holds  # 6 > 5
    assert not check_bound(nx.star_graph(5), "independence_number <= 5").holds  # equality
    assert check_bound(nx.star_graph(5), "independence_number < 5").holds  # equality fails a strict bound
    # spectral radius of the star K_{1,4} is exactly 2: a tie, decided exactly
    v = check_bound(nx.star_graph(4), "spectral_radius >= sqrt(size)")
    assert not v.holds and v.values["relation_sign"] == 0
    # girth is undefined on a tree: the bound does not apply
    v = check_bound(nx.path_graph(5), "girth >= 100")
    assert not v.holds and "undefined" in v.reason
    assert not check_bound(nx.empty_graph(4), "order <= 1").holds  # not connected


def test_batch_scores_match_the_margin():
    graphs = [nx.star_graph(6), nx.path_graph(7), nx.cycle_graph(7), nx.complete_graph(7)]
    Z = np.array([graph_to_word(G) for G in graphs])
    s = bound_scores(Z, 7, "independence_number <= 2*min_degree + 1")
    # alpha - 2 delta - 1 minus the slack: 6-3, 4-3, 3-5, 1-13
    assert np.allclose(s + 1e-7, [3, 1, -2, -12])
    assert bound_scores(np.zeros((1, 21), dtype=np.int8), 7, "order <= 3")[0] == -1007  # 7 components


def test_search_refutes_and_the_certificate_reverifies(tmp_path):
    import typer

    from conjectura.cli.certificates import register

    p = cj.get_problem("graphs/bound", relation="independence_number <= 2*min_degree + 1", n=9)
    res = cj.search(p, "local", budget="3000e", seed=0)
    assert res.found
    cert = res.certificate
    # the certificate names the problem its (shrunk) witness belongs to; the search's own
    # parameters stay in the provenance
    order = cert.witness.number_of_nodes()
    assert cert.params == {"relation": "independence_number <= 2*min_degree + 1", "n": order}
    assert order <= 9 and cert.provenance["problem_params"]["n"] == 9
    again = Certificate.from_json(cert.to_json())
    assert again.verify().holds
    path = cert.save(tmp_path / "c.json")
    app = typer.Typer()
    register(app)
    out = CliRunner().invoke(app, ["verify", str(path)])
    assert out.exit_code == 0, out.output
    data = json.loads(path.read_text())
    data["problem"]["params"]["relation"] = "independence_number <= 3*min_degree + 10"
    with pytest.raises(VerificationError):
        Certificate.from_json(data)


@pytest.mark.parametrize(
    ("relation", "needle"),
    [
        ("independence_number == order", "must be an inequality"),
        ("alpha <= order", "unknown column 'alpha'"),
        ("__import__('os') <= 1", "not allowed"),
        ("1 <= 2", "uses no graph invariant"),
    ],
)
def test_bad_relations(relation, needle):
    with pytest.raises(InvalidParameterError, match=needle):
        bound_problem(relation)
