"""Connected graphs by vertex augmentation: OEIS A001349 counts, and the same isomorphism
classes as networkx's graph atlas (an independent list) up to 7 vertices."""

import networkx as nx
import pytest
from networkx.generators.atlas import graph_atlas_g

from conjectura.domains.graphs.enumeration import CONNECTED_COUNTS, canonical_form, connected_graphs
from conjectura.domains.graphs.io import to_graph6
from conjectura.exceptions import InvalidParameterError


def _atlas_classes(n):
    return {
        to_graph6(canonical_form(G))
        for G in graph_atlas_g()
        if G.number_of_nodes() == n and nx.is_connected(G)
    }


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6, 7])
def test_same_classes_as_the_atlas(n):
    got = [to_graph6(G) for G in connected_graphs(n)]
    assert len(got) == len(set(got)) == CONNECTED_COUNTS[n - 1]
    assert set(got) == _atlas_classes(n)
    assert all(nx.is_connected(G) for G in connected_graphs(min(n, 5)))


@pytest.mark.slow
def test_eight_vertices_count_is_oeis():
    graphs = list(connected_graphs(8))
    assert len(graphs) == 11117
    assert len({to_graph6(G) for G in graphs}) == 11117


def test_canonical_form_is_an_isomorphism_invariant():
    G = nx.petersen_graph()
    H = nx.relabel_nodes(G, {v: (3 * v + 1) % 10 for v in G})
    assert to_graph6(canonical_form(G)) == to_graph6(canonical_form(H))
    assert to_graph6(canonical_form(G)) != to_graph6(canonical_form(nx.cycle_graph(10)))


def test_order_out_of_range():
    with pytest.raises(InvalidParameterError, match="'n' parameter of connected_graphs"):
        list(connected_graphs(10))
