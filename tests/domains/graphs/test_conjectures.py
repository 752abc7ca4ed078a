"""Exact verifiers of Wagner's Conjectures 2.1 and 2.3 on the published counterexamples."""

import networkx as nx
import pytest
import sympy

from conjectura.domains import graphs as g


def test_wagner_2_1_counterexample_accepted():
    G = g.wagner_2_1_counterexample()
    assert G.number_of_nodes() == 19
    v = g.check_wagner_2_1(G)
    assert v.holds
    assert v.values["matching_number"] == 2
    assert v.values["lambda1"] == {"minpoly": "x^2 + (-10)", "root_index": 1}
    # independent check with sympy: sqrt(10) + 2 < sqrt(18) + 1
    assert sympy.sqrt(10) + 2 < sympy.sqrt(18) + 1


@pytest.mark.parametrize("n", range(3, 41))
def test_star_meets_bound_with_equality_and_is_rejected(n):
    v = g.check_wagner_2_1(nx.star_graph(n - 1))
    assert not v.holds
    # the exact comparison finds equality lambda1 + mu = sqrt(n-1) + 1, not merely "not less"
    assert v.values["relation"] == "="
    assert v.values["matching_number"] == 1


def test_2_1_rejects_non_counterexamples_and_bad_objects():
    assert not g.check_wagner_2_1(nx.complete_graph(6)).holds
    assert not g.check_wagner_2_1(nx.path_graph(10)).holds
    assert "connected" in g.check_wagner_2_1(nx.empty_graph(5)).reason
    assert "n >= 3" in g.check_wagner_2_1(nx.path_graph(2)).reason
    assert not g.check_wagner_2_1(nx.DiGraph([(0, 1), (1, 2)])).holds


def test_2_1_brute_force_small_graphs_agree_with_mpmath():
    """On every connected graph with 3..7 vertices the exact verdict agrees with an independent
    50-digit eigenvalue computation (mpmath); none refutes the conjecture, and the graphs that
    meet the bound with equality (stars, ...) are exactly those the exact comparison calls equal."""
    import mpmath
    from networkx.generators.atlas import graph_atlas_g

    mpmath.mp.dps = 50
    equal = 0
    for G in graph_atlas_g()[1:]:
        n = G.number_of_nodes()
        if n < 3 or not nx.is_connected(G):
            continue
        A = mpmath.matrix(nx.to_numpy_array(G, dtype=int).tolist())
        lam = max(mpmath.eigsy(A, eigvals_only=True))
        gap = lam + g.matching_number(G) - mpmath.sqrt(n - 1) - 1
        v = g.check_wagner_2_1(G)
        assert not v.holds and gap > -(mpmath.mpf(10) ** -40)
        if abs(gap) < mpmath.mpf(10) ** -40:
            equal += 1
            assert v.values["relation"] == "="
        else:
            assert v.values["relation"] == ">"
    assert equal >= 5  # at least the stars K_{1,2..6}


def test_wagner_2_3_counterexample_accepted():
    G = g.wagner_2_3_counterexample()
    assert G.number_of_nodes() == 203
    v = g.check_wagner_2_3(G)
    assert v.holds, v.reason
    assert v.values["diameter"] == 12 and v.values["index"] == 8
    assert v.values["proximity"] == "233/202"


def test_2_3_small_graphs_satisfy_conjecture():
    for G in [
        nx.path_graph(8),
        nx.cycle_graph(9),
        nx.petersen_graph(),
        nx.star_graph(10),
        nx.complete_graph(5),
    ]:
        assert not g.check_wagner_2_3(G).holds
