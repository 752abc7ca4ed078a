"""Graph invariants against closed forms and independent computations."""

import math
from fractions import Fraction

import networkx as nx
import numpy as np
import pytest

from conjectura.domains import graphs as g
from conjectura.exact import QuadraticSurd
from conjectura.exceptions import InvalidParameterError


@pytest.mark.parametrize("n", [2, 3, 5, 8, 13])
def test_path_closed_forms(n):
    P = nx.path_graph(n)
    assert g.spectral_radius(P) == pytest.approx(2 * math.cos(math.pi / (n + 1)))
    assert g.matching_number(P) == n // 2
    assert g.diameter(P) == n - 1
    # transmission of the centre: sum of distances; proximity = floor(n^2/4)/(n-1)
    assert g.proximity(P) == Fraction(n * n // 4, n - 1)
    assert g.remoteness(P) == Fraction(n * (n - 1) // 2, n - 1)


@pytest.mark.parametrize("n", [3, 4, 7, 10])
def test_cycle_and_complete(n):
    C, K = nx.cycle_graph(n), nx.complete_graph(n)
    assert g.spectral_radius_exact(C) == 2
    assert g.spectral_radius_exact(K) == n - 1
    assert g.matching_number(C) == n // 2
    assert g.matching_number(K) == n // 2
    assert g.diameter(K) == 1 and g.diameter(C) == n // 2
    dk = g.distance_eigenvalues_exact(K)  # D(K_n) = J - I: n-1 once, -1 (n-1 times)
    assert dk[0] == n - 1 and all(x == -1 for x in dk[1:])


def test_petersen():
    P = nx.petersen_graph()
    assert g.spectral_radius_exact(P) == 3
    assert g.matching_number(P) == 5
    assert g.diameter(P) == 2
    assert g.proximity(P) == g.remoteness(P) == Fraction(15, 9)
    ev = g.distance_eigenvalues_exact(P)  # D = 2(J - I) - A: spectrum 15, 0^4, -3^5
    assert [str(x) for x in ev] == ["15"] + ["0"] * 4 + ["-3"] * 5


@pytest.mark.parametrize("n", [3, 6, 17])
def test_star_spectral_radius_is_sqrt(n):
    assert g.spectral_radius_exact(nx.star_graph(n - 1)) == QuadraticSurd(0, 1, n - 1)


def test_exact_matches_float_on_random_graphs():
    rng = np.random.default_rng(0)
    for _ in range(20):
        G = nx.gnp_random_graph(12, 0.3, seed=int(rng.integers(1 << 30)))
        if not nx.is_connected(G):
            continue
        assert float(g.spectral_radius_exact(G)) == pytest.approx(g.spectral_radius(G), abs=1e-9)
        ex = [float(x) for x in g.distance_eigenvalues_exact(G)]
        assert np.allclose(ex, g.distance_eigenvalues(G), atol=1e-8)
        assert g.matching_number(G) == len(nx.algorithms.matching.max_weight_matching(G, maxcardinality=True))
        assert g.diameter(G) == nx.diameter(G)


def test_graph6_round_trip_and_errors():
    G = nx.petersen_graph()
    s = g.to_graph6(G)
    assert nx.is_isomorphic(g.from_graph6(s), G) and g.to_graph6(g.from_graph6(s)) == s
    assert g.from_graph6(">>graph6<<" + s).number_of_edges() == 15
    for bad in ["", "  ", "abc def", "R\x01", 17]:
        with pytest.raises(InvalidParameterError):
            g.from_graph6(bad)


def test_disconnected_errors_are_clear():
    with pytest.raises(InvalidParameterError, match="connected"):
        g.distance_matrix(nx.empty_graph(3))
