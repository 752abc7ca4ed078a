"""Registry: built-ins, user registration in a few lines, clear errors."""

import networkx as nx
import numpy as np
import pytest

import conjectura as cj
from conjectura.core.validation import check_float, check_int


def test_builtins_listed():
    names = [e.name for e in cj.list_problems()]
    assert "graphs/wagner-2.1" in names and "graphs/wagner-2.3" in names


def test_unknown_name_suggests():
    with pytest.raises(cj.UnknownNameError, match="Did you mean 'graphs/wagner-2.1'"):
        cj.get_problem("graphs/wagner-21")
    with pytest.raises(cj.InvalidParameterError, match="Bad parameters"):
        cj.get_problem("graphs/wagner-2.1", m=3)
    with pytest.raises(
        cj.InvalidParameterError, match="The 'n' parameter of wagner_2_1 must be an int >= 3. Got 2 instead."
    ):
        cj.get_problem("graphs/wagner-2.1", n=2)


def test_user_problem_in_a_few_lines():
    """A user's own conjecture: 'every graph on n vertices with 2n edges has a triangle' (false
    for n >= 8? no: bipartite K_{n/2,n/2} has n^2/4 >= 2n edges for n >= 8 and no triangle)."""

    def verify(G):
        holds = (
            G.number_of_edges() >= 2 * G.number_of_nodes()
            and nx.triangles(G)
            and sum(nx.triangles(G).values()) == 0
        )
        return cj.Verdict(
            bool(holds), f"{G.number_of_edges()} edges, {sum(nx.triangles(G).values()) // 3} triangles"
        )

    @cj.register_problem("test/triangle-free-dense")
    def triangle_free_dense(n: int = 8):
        from conjectura.domains.graphs import from_graph6, to_graph6
        from conjectura.domains.graphs.encoding import upper_triangle_encoding

        return cj.SearchProblem(
            name="test/triangle-free-dense",
            claim="A triangle-free graph with >= 2n edges exists.",
            encoding=upper_triangle_encoding(n),
            score=lambda G: G.number_of_edges(),
            verify=verify,
            serialize=to_graph6,
            deserialize=from_graph6,
            params={"n": n},
        )

    p = cj.get_problem("test/triangle-free-dense", n=8)
    cert = cj.certify(nx.complete_bipartite_graph(4, 4), p)
    assert cj.Certificate.from_json(cert.to_json()).verify().holds
    z = p.encoding.encode(nx.complete_bipartite_graph(4, 4))
    assert p.scores(np.stack([z, np.zeros_like(z)])).tolist() == [16.0, 0.0]


def test_validation_messages():
    with pytest.raises(cj.InvalidParameterError, match=r"in the range \[1, 5\]. Got 9"):
        check_int(9, "k", "f", min_value=1, max_value=5)
    with pytest.raises(cj.InvalidParameterError):
        check_int(True, "k", "f")
    with pytest.raises(cj.InvalidParameterError, match="finite float"):
        check_float(float("nan"), "c", "f")
