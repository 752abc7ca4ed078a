"""The Graffiti/AutoGraphiX invariants against brute force, literature values and theorems on
all connected graphs with at most 6 vertices, and the batched float versions against them."""

import itertools
import math
from fractions import Fraction

import networkx as nx
import numpy as np
import pytest
from networkx.generators.atlas import graph_atlas_g

from conjectura.domains.graphs import classical as C
from conjectura.domains.graphs.batch import words_to_adjacency
from conjectura.domains.graphs.catalogue import GRAPH_INVARIANTS, batch_invariants
from conjectura.domains.graphs.encoding import graph_to_word

SMALL = [G for G in graph_atlas_g()[1:] if 3 <= G.number_of_nodes() <= 6 and nx.is_connected(G)]


def _subsets(G):
    nodes = list(G)
    for k in range(len(nodes) + 1):
        yield from itertools.combinations(nodes, k)


def _alpha(G):
    return max(
        len(S) for S in _subsets(G) if not any(G.has_edge(u, v) for u, v in itertools.combinations(S, 2))
    )


def _omega(G):
    return max(len(S) for S in _subsets(G) if all(G.has_edge(u, v) for u, v in itertools.combinations(S, 2)))


def _gamma(G):
    return min(len(S) for S in _subsets(G) if set(S).union(*(G[v] for v in S)) == set(G))


def _mu(G):
    edges = list(G.edges())
    best = 0
    for k in range(1, len(edges) + 1):
        if any(len({x for e in M for x in e}) == 2 * k for M in itertools.combinations(edges, k)):
            best = k
        else:
            break
    return best


def test_np_hard_invariants_against_brute_force():
    for G in SMALL:
        assert C.independence_number(G) == _alpha(G)
        assert C.clique_number(G) == _omega(G)
        assert C.domination_number(G) == _gamma(G)
        assert GRAPH_INVARIANTS["matching_number"].exact(G) == _mu(G)


def test_theorems_hold_on_small_graphs():
    # residue <= alpha (Favaron-Maheo-Sacle 1991), Caro-Wei <= alpha, alpha <= annihilation
    # number (Pepper 2009), Gallai: n - 2 mu <= alpha <= n - mu
    for G in SMALL:
        a, n = C.independence_number(G), G.number_of_nodes()
        mu = GRAPH_INVARIANTS["matching_number"].exact(G)
        assert C.residue(G) <= a <= C.annihilation_number(G)
        assert C.caro_wei(G) <= a
        assert n - 2 * mu <= a <= n - mu


def test_literature_values_petersen():
    P = nx.petersen_graph()
    assert (C.independence_number(P), C.domination_number(P), C.girth(P), C.radius(P)) == (4, 3, 5, 2)
    assert C.laplacian_spectral_radius_exact(P) == 5  # Laplacian spectrum 0, 2^5, 5^4
    assert str(C.randic_index_exact(P)) == "5" and C.harmonic_index(P) == 5
    assert C.caro_wei(P) == Fraction(5, 2)


def test_exact_twins_agree_with_floats():
    for G in SMALL[::7]:
        lam = GRAPH_INVARIANTS["spectral_radius"].exact(G)
        assert abs(float(lam) - max(np.linalg.eigvalsh(nx.to_numpy_array(G)))) < 1e-9
        L = nx.laplacian_matrix(G).toarray().astype(float)
        assert abs(float(C.laplacian_spectral_radius_exact(G)) - max(np.linalg.eigvalsh(L))) < 1e-9
        R = sum(1 / math.sqrt(G.degree(u) * G.degree(v)) for u, v in G.edges())
        assert abs(float(C.randic_index_exact(G)) - R) < 1e-12
        assert C.harmonic_index(G) == sum(Fraction(2, G.degree(u) + G.degree(v)) for u, v in G.edges())
        g = C.girth(G)
        assert g == (None if nx.is_forest(G) else min(len(c) for c in nx.minimum_cycle_basis(G)))


@pytest.mark.parametrize("n", [5, 6])
def test_batched_floats_match_per_graph_values(n):
    graphs = [G for G in SMALL if G.number_of_nodes() == n]
    A = words_to_adjacency(np.array([graph_to_word(G) for G in graphs]), n)
    batch = batch_invariants(A, list(GRAPH_INVARIANTS))
    for name, item in GRAPH_INVARIANTS.items():
        want = np.array([item.value(G) for G in graphs])
        assert np.allclose(np.nan_to_num(batch[name], nan=-1), np.nan_to_num(want, nan=-1)), name
