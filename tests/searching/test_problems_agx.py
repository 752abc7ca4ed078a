"""The extra published conjectures: statements hold on small graphs, known counterexamples
are accepted, verifiers agree with an independent float check, batch scores with scalar ones."""

import math
from fractions import Fraction

import networkx as nx
import numpy as np
import pytest
from networkx.generators.atlas import graph_atlas_g

import conjectura as cj
from conjectura.domains.graphs import problems_agx as P

SMALL = [G for G in graph_atlas_g()[1:] if 3 <= G.number_of_nodes() <= 6 and nx.is_connected(G)]


@pytest.mark.parametrize(
    "check", [P.check_zagreb_indices, P.check_agx_spectral_proximity, P.check_agx_randic_independence]
)
def test_conjectures_hold_on_all_connected_graphs_up_to_6_vertices(check):
    assert len(SMALL) == 2 + 6 + 21 + 112  # OEIS A001349
    assert not any(check(G).holds for G in SMALL)


def test_equality_cases_are_not_counterexamples():
    assert not P.check_agx_spectral_proximity(nx.complete_graph(7)).holds
    assert not P.check_agx_randic_independence(nx.star_graph(9)).holds
    v = P.check_zagreb_indices(nx.cycle_graph(5))
    assert not v.holds and v.values["M1/n"] == v.values["M2/m"] == "4"


def test_hansen_vukicevic_counterexample():
    G = nx.disjoint_union(nx.star_graph(5), nx.complete_graph(3))
    v = P.check_zagreb_indices(G)
    assert v.holds and (v.values["M1"], v.values["M2"], v.values["n"], v.values["m"]) == (42, 37, 9, 8)
    assert not P.check_zagreb_indices(nx.disjoint_union(G, nx.empty_graph(1))).holds  # isolated


def test_independence_number_brute_force():
    from itertools import combinations

    for G in SMALL[::7]:
        n = G.number_of_nodes()
        best = max(
            k
            for k in range(n + 1)
            for S in combinations(G.nodes, k)
            if not any(G.has_edge(u, v) for u, v in combinations(S, 2))
        )
        assert P.independence_number(G) == best


@pytest.mark.parametrize(
    "name,scores",
    [
        ("graphs/zagreb-indices", P.zagreb_scores),
        ("graphs/agx-spectral-proximity", P.spectral_proximity_scores),
        ("graphs/agx-randic-independence", P.randic_independence_scores),
    ],
)
def test_batch_scores_match_float_definitions(name, scores):
    n = 9
    rng = np.random.default_rng(0)
    Z = (rng.random((60, 36)) < rng.uniform(0.1, 0.7, (60, 1))).astype(np.int8)
    got = scores(Z, n)
    prob = cj.get_problem(name, n=n)
    for z, s in zip(Z, got):
        G = prob.encoding.decode(z)
        d = dict(G.degree())
        if name == "graphs/zagreb-indices":
            if 0 in d.values():
                assert s < -999
                continue
            ref = (
                sum(x * x for x in d.values()) / n
                - sum(d[u] * d[v] for u, v in G.edges()) / G.number_of_edges()
            )
        else:
            if not nx.is_connected(G):
                assert s < -999
                continue
            if name == "graphs/agx-spectral-proximity":
                pi = float(Fraction(int(nx.floyd_warshall_numpy(G).sum(1).min()), n - 1))
                ref = max(np.linalg.eigvalsh(nx.to_numpy_array(G))) * pi - (n - 1)
            else:
                R = sum(1 / math.sqrt(d[u] * d[v]) for u, v in G.edges())
                ref = R + P.independence_number(G) - (n - 1) - math.sqrt(n - 1)
        assert s == pytest.approx(ref, abs=1e-9)


def test_found_counterexamples_check_independently():
    # witnesses found by `conjectura search ... --engine local` (seed 1 and seed 0)
    G = cj.get_problem("graphs/agx-randic-independence").deserialize("JKD?a?OOA_?")
    n, a = G.number_of_nodes(), P.independence_number(G)
    R = sum(1 / math.sqrt(G.degree(u) * G.degree(v)) for u, v in G.edges())
    assert R + a - (n - 1) - math.sqrt(n - 1) > 0.04
    assert P.check_agx_randic_independence(G).holds
    H = cj.get_problem("graphs/agx-spectral-proximity").deserialize("K`DEECKoo?C@")
    pi = Fraction(int(nx.floyd_warshall_numpy(H).sum(1).min()), H.number_of_nodes() - 1)
    assert max(np.linalg.eigvalsh(nx.to_numpy_array(H))) * float(pi) > H.number_of_nodes() - 1 + 0.01
    assert P.check_agx_spectral_proximity(H).holds


def test_parameters_are_checked():
    with pytest.raises(cj.InvalidParameterError, match="'n' parameter of agx_spectral_proximity"):
        cj.get_problem("graphs/agx-spectral-proximity", n=2)
