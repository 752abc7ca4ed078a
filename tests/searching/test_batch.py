"""Batched float invariants against networkx, graph by graph."""

import math

import networkx as nx
import numpy as np
import pytest

from conjectura.domains.graphs import batch as B
from conjectura.domains.graphs.encoding import graph_to_word, word_to_graph
from conjectura.domains.graphs.problems import score_wagner_2_1, score_wagner_2_3


def _random_words(n, m, seed):
    rng = np.random.default_rng(seed)
    dens = rng.uniform(0.05, 0.6, size=(m, 1))
    return (rng.random((m, n * (n - 1) // 2)) < dens).astype(np.int8)


@pytest.mark.parametrize("n", [2, 5, 11])
def test_adjacency_round_trip(n):
    Z = _random_words(n, 20, n)
    A = B.words_to_adjacency(Z, n)
    for z, a in zip(Z, A):
        G = word_to_graph(z, n)
        assert np.array_equal(a, nx.to_numpy_array(G, nodelist=range(n), dtype=np.int8))
        assert np.array_equal(graph_to_word(G, n), z)


def test_matching_components_spectrum_distances_agree_with_networkx():
    n = 13
    Z = _random_words(n, 300, 1)
    A = B.words_to_adjacency(Z, n)
    mu = B.matching_number_batch(A)
    comp = B.components_count(A)
    lam = B.spectral_radius_batch(A)
    for z, _a, m_, c_, l_ in zip(Z, A, mu, comp, lam):
        G = word_to_graph(z, n)
        assert m_ == len(nx.max_weight_matching(G, maxcardinality=True))
        assert c_ == nx.number_connected_components(G)
        assert l_ == pytest.approx(max(np.linalg.eigvalsh(nx.to_numpy_array(G))), abs=1e-9)
    conn = comp == 1
    D = B.distance_matrix_batch(A[conn])
    for z, d in zip(Z[conn], D):
        ref = nx.floyd_warshall_numpy(word_to_graph(z, n), nodelist=range(n))
        assert np.array_equal(d, ref.astype(np.int64))


def test_numpy_and_numba_rank_agree():
    n = 10
    A = B.words_to_adjacency(_random_words(n, 100, 2), n)
    rng = np.random.default_rng(0)
    X = rng.integers(1, B._P, size=A.shape, dtype=np.int64) * np.triu(np.ones((n, n), bool), 1) * (A != 0)
    T = (X - np.swapaxes(X, 1, 2)) % B._P
    fast = B._numba_rank()
    if fast is None:
        pytest.skip("numba not installed")
    assert np.array_equal(fast(T, B._P), B._rank_mod_p(T))


@pytest.mark.parametrize("n", [8, 19])
def test_wagner_2_1_batch_equals_scalar_score(n):
    Z = _random_words(n, 200, n)
    got = B.wagner_2_1_scores(Z, n)
    ref = np.array([score_wagner_2_1(word_to_graph(z, n)) for z in Z])
    assert np.allclose(got, ref, atol=1e-9)


def test_wagner_2_3_batch_equals_scalar_score():
    n = 12
    Z = _random_words(n, 150, 3)
    got = B.wagner_2_3_scores(Z, n)
    ref = np.array([score_wagner_2_3(word_to_graph(z, n)) for z in Z])
    assert np.allclose(got, ref, atol=1e-9)


def test_known_values():
    star, path = nx.star_graph(18), nx.path_graph(19)
    Z = np.stack([graph_to_word(star, 19), graph_to_word(path, 19)])
    s = B.wagner_2_1_scores(Z, 19)
    assert s[0] == pytest.approx(0.0, abs=1e-12)  # the star meets the bound
    assert s[1] == pytest.approx(math.sqrt(18) + 1 - 2 * math.cos(math.pi / 20) - 9)


def test_batch_scorer_lookup():
    assert B.batch_scorer("graphs/wagner-2.1", 7) is not None
    assert B.batch_scorer("graphs/unknown", 7) is None
