"""Batched float invariants against networkx, graph by graph."""

import math
import os
import subprocess
import sys

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


def _special_graphs(n, rng):
    """Trees (random Pruefer codes), stars, paths, cycles (odd ones are blossoms), complete
    graphs, unions of equal components (repeated top eigenvalue) and odd cycles with pendant
    paths (augmenting paths through blossoms), all on ``n`` vertices."""
    out = [nx.empty_graph(n), nx.complete_graph(n), nx.path_graph(n), nx.star_graph(n - 1)]
    if n >= 3:
        out.append(nx.cycle_graph(n))
    if n >= 3:
        out += [nx.from_prufer_sequence(rng.integers(0, n, size=n - 2).tolist()) for _ in range(4)]
    for k in (2, 3, 4, 5):  # n // k disjoint copies of K_k or C_k, isolated vertices beyond
        if n >= 2 * k:
            base = nx.complete_graph(k) if k < 4 else nx.cycle_graph(k)
            G = nx.disjoint_union_all([base] * (n // k))
            G.add_nodes_from(range(len(G), n))
            out.append(G)
    if n >= 5:  # a triangle with two pendant paths: the maximum matching needs the blossom
        G = nx.cycle_graph(3)
        nx.add_path(G, [0, *range(3, 3 + (n - 3) // 2)])
        nx.add_path(G, [1, *range(3 + (n - 3) // 2, n)])
        out.append(G)
    if n == 10:
        out.append(nx.petersen_graph())
    return [nx.convert_node_labels_to_integers(G) for G in out]


def _graph_batch(n, per_n, seed):
    """Special graphs and random ones of varied density on ``n`` vertices, as ``(m, n, n)``."""
    rng = np.random.default_rng(seed)
    graphs = _special_graphs(n, rng)
    A = np.stack([nx.to_numpy_array(G, nodelist=range(n), dtype=np.int8) for G in graphs])
    if n >= 2:
        A = np.concatenate([A, B.words_to_adjacency(_random_words(n, per_n, seed), n)])
    perm = rng.permutation(n)  # relabel: the greedy start and the blossoms see other orders
    return A[:, perm][:, :, perm]


def _brute_force_matching(G):
    """The largest matching by exhaustive search (small graphs)."""
    edges = list(G.edges())

    def best(i, used):
        if i == len(edges):
            return 0
        u, v = edges[i]
        skip = best(i + 1, used)
        if u in used or v in used:
            return skip
        return max(skip, 1 + best(i + 1, used | {u, v}))

    return best(0, frozenset())


def test_matching_number_is_exact():
    """The blossom algorithm against networkx's maximum-cardinality matching on about 2000
    graphs with n = 1..19 (random of every density, trees, stars, odd cycles, unions), and
    against brute force for n <= 8."""
    checked = 0
    for n in range(1, 20):
        A = _graph_batch(n, 100, seed=n)
        mu = B.matching_number_batch(A)
        for a, m_ in zip(A, mu):
            G = nx.from_numpy_array(a)
            assert m_ == len(nx.max_weight_matching(G, maxcardinality=True)), (n, a)
            if n <= 8 and G.number_of_edges() <= 14:
                assert m_ == _brute_force_matching(G)
            checked += 1
    assert checked > 1900
    # the greedy start alone is not maximum on a path 1-0-2-3 labelled so that it takes 0-2
    P = np.zeros((1, 4, 4), dtype=np.int8)
    for u, v in [(1, 0), (0, 2), (2, 3)]:
        P[0, u, v] = P[0, v, u] = 1
    assert B.matching_number_batch(P).tolist() == [2]


@pytest.mark.parametrize("n", [1, 2, 3, 5, 10, 19, 30, 70])
def test_spectral_radius_and_components_agree_with_lapack_and_networkx(n):
    A = _graph_batch(n, 150 if n <= 30 else 20, seed=100 + n)
    got = B.spectral_radius_batch(A)
    ref = np.linalg.eigvalsh(A.astype(np.float64))[:, -1]
    assert np.allclose(got, ref, rtol=1e-9, atol=1e-12), np.max(np.abs(got - ref))
    comp = B.components_count(A)  # bit masks up to 64 vertices, the adjacency matrix beyond
    assert comp.tolist() == [nx.number_connected_components(nx.from_numpy_array(a)) for a in A]
    assert np.array_equal(B.connected_mask(A), comp == 1)
    assert np.array_equal(B.spectral_radius_batch(A.astype(bool)), got)  # any dtype


def test_known_spectral_radii():
    n = 19
    graphs = [nx.complete_graph(n), nx.star_graph(n - 1), nx.path_graph(n), nx.cycle_graph(n)]
    want = [n - 1, math.sqrt(n - 1), 2 * math.cos(math.pi / (n + 1)), 2.0]
    A = np.stack([nx.to_numpy_array(G, dtype=np.int8) for G in graphs])
    assert np.allclose(B.spectral_radius_batch(A), want, rtol=1e-13)


def test_kernels_as_plain_python_agree_with_the_compiled_ones(tmp_path):
    """The same kernels run uncompiled (``NUMBA_DISABLE_JIT=1``, what runs without numba)."""
    pytest.importorskip("numba")
    A = _graph_batch(13, 40, seed=13)
    np.save(tmp_path / "A.npy", A)
    code = (
        "import sys, numpy as np; from conjectura.domains.graphs import batch as B; "
        "A = np.load(sys.argv[1]); np.save(sys.argv[2], np.stack([B.components_count(A), "
        "B.matching_number_batch(A), B.spectral_radius_batch(A)]))"
    )
    env = {**os.environ, "NUMBA_DISABLE_JIT": "1"}
    subprocess.run(
        [sys.executable, "-c", code, tmp_path / "A.npy", tmp_path / "out.npy"], env=env, check=True
    )
    plain = np.load(tmp_path / "out.npy")
    assert np.array_equal(plain[0], B.components_count(A))
    assert np.array_equal(plain[1], B.matching_number_batch(A))
    assert np.allclose(plain[2], B.spectral_radius_batch(A), rtol=1e-13, atol=1e-13)


def test_fallbacks_without_numba_agree(monkeypatch):
    """Without numba: components by reachability and the spectrum by LAPACK."""
    n = 12
    A = _graph_batch(n, 60, seed=7)
    fast = (B.components_count(A), B.spectral_radius_batch(A), B.matching_number_batch(A))
    monkeypatch.setattr(B, "_KERNELS", False)
    assert B._kernels() is None
    slow = (B.components_count(A), B.spectral_radius_batch(A), B.matching_number_batch(A))
    assert np.array_equal(fast[0], slow[0]) and np.array_equal(fast[2], slow[2])
    assert np.allclose(fast[1], slow[1], rtol=1e-12, atol=1e-12)


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
