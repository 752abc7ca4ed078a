"""C4-free graphs: exact counts against brute force, ex(n; C4) for small n, the annealer."""

import itertools
import json

import networkx as nx
import numpy as np
import pytest

import conjectura as cj
from conjectura.domains.graphs import (
    C4_FREE_MAXIMA,
    anneal_c4_free,
    c4_counts,
    check_c4_free,
    four_cycles,
    is_c4_free,
)
from conjectura.domains.graphs.constructions import c4_free_scores
from conjectura.domains.graphs.encoding import edge_pairs, word_to_graph
from conjectura.exceptions import InvalidParameterError


def brute_four_cycles(G):
    """4-cycles as 4-sets of vertices with a cyclic order closing through edges."""
    count = 0
    for quad in itertools.combinations(G.nodes, 4):
        a = quad[0]
        for b, c, d in itertools.permutations(quad[1:]):
            if b < d and G.has_edge(a, b) and G.has_edge(b, c) and G.has_edge(c, d) and G.has_edge(d, a):
                count += 1
    return count


def test_table_is_oeis_a006855():
    assert len(C4_FREE_MAXIMA) == 41
    assert C4_FREE_MAXIMA[1:11] == (0, 1, 3, 4, 6, 7, 9, 11, 13, 16)
    assert C4_FREE_MAXIMA[31] == 90 and C4_FREE_MAXIMA[33] == 96 and C4_FREE_MAXIMA[40] == 127
    # the polarity graph of PG(2, q) has q(q+1)^2/2 edges on q^2+q+1 vertices and is extremal
    assert all(C4_FREE_MAXIMA[q * q + q + 1] == q * (q + 1) ** 2 // 2 for q in (2, 3, 4, 5))


@pytest.mark.parametrize("seed", range(6))
def test_counts_against_brute_force(seed):
    G = nx.gnp_random_graph(8, 0.45, seed=seed)
    assert four_cycles(G) == brute_four_cycles(G)
    assert is_c4_free(G) == (brute_four_cycles(G) == 0)
    A = nx.to_numpy_array(G, dtype=np.int64)[None]
    assert c4_counts(A).tolist() == [four_cycles(G)]
    v = check_c4_free(G)
    assert v.holds == (four_cycles(G) == 0)


def test_ex_c4_for_n_up_to_6_by_exhaustion():
    for n in range(2, 7):
        m = n * (n - 1) // 2
        Z = ((np.arange(2**m)[:, None] >> np.arange(m)) & 1).astype(np.int8)
        r, c = edge_pairs(n)
        A = np.zeros((len(Z), n, n), dtype=np.int32)
        A[:, r, c] = Z
        A[:, c, r] = Z
        free = c4_counts(A) == 0
        assert Z[free].sum(axis=1).max() == C4_FREE_MAXIMA[n]
        assert np.array_equal(c4_free_scores(Z[free], n), Z[free].sum(axis=1))


def test_annealer_stays_c4_free_and_reaches_the_maximum():
    for n in (8, 12, 16):
        G0 = nx.gnp_random_graph(n, 0.5, seed=n)  # full of 4-cycles: repaired first
        A, m = anneal_c4_free(nx.to_numpy_array(G0, dtype=np.uint8), steps=300_000, seed=1)
        G = nx.from_numpy_array(A)
        assert brute_four_cycles(G) == 0 if n <= 12 else four_cycles(G) == 0
        assert m == G.number_of_edges() == C4_FREE_MAXIMA[n]


def test_annealer_is_reproducible():
    a = anneal_c4_free(np.zeros((14, 14), dtype=np.uint8), steps=50_000, seed=7)
    b = anneal_c4_free(np.zeros((14, 14), dtype=np.uint8), steps=50_000, seed=7)
    assert np.array_equal(a[0], b[0]) and a[1] == b[1]


def test_problem_certificate_round_trip_and_tampering():
    p = cj.get_problem("graphs/c4-free-edges", n=13)
    assert p.params == {"n": 13, "target": 24} and p.known == 24
    res = cj.search(p, "climb", budget="60s", seed=0)
    assert res.found
    cert = res.certificate
    assert "matches the known maximum 24" in cert.verdict.reason and cert.values["edges"] == 24
    doc = json.loads(cert.to_json())
    back = cj.Certificate.from_json(doc)
    assert back.verify().holds
    G = cj.get_problem("graphs/c4-free-edges", n=13).deserialize(cert.witness_data)
    u, v = next((u, v) for u, v in itertools.combinations(G.nodes, 2) if not G.has_edge(u, v))
    G.add_edge(u, v)  # 25 edges on 13 vertices cannot be C4-free
    doc["witness"] = cj.get_problem("graphs/c4-free-edges", n=13).serialize(G)
    with pytest.raises(cj.VerificationError):
        cj.Certificate.from_json(doc)


def test_construct_certifies_the_value_reached_below_the_target():
    from conjectura.searching import construct

    r = construct("graphs/c4-free-edges", problem_params={"n": 10, "target": 17}, budget="3g")
    assert not r.reached and r.value == 16 and r.gap == 0
    assert r.comparison == "matches the known maximum 16"
    assert r.certificate.params == {"n": 10, "target": 16} and r.certificate.verify().holds
    assert r.to_dict()["value"] == 16 and "16" in r.table()


def test_bad_parameters():
    with pytest.raises(InvalidParameterError, match="'target' parameter of c4_free_edges is required"):
        cj.get_problem("graphs/c4-free-edges", n=41)
    assert cj.get_problem("graphs/c4-free-edges", n=41, target=130).target == 130
    with pytest.raises(InvalidParameterError, match="'n' parameter of c4_free_edges"):
        cj.get_problem("graphs/c4-free-edges", n=1)
    with pytest.raises(InvalidParameterError, match="needs a construction problem"):
        cj.search("graphs/wagner-2.1", "climb", problem_params={"n": 6}, budget="1g")


def test_word_decoding_matches_encoding():
    p = cj.get_problem("graphs/c4-free-edges", n=7)
    z = np.random.default_rng(0).integers(0, 2, size=21).astype(np.int8)
    G = word_to_graph(z, 7)
    assert p.score(G) == G.number_of_edges() - 2 * four_cycles(G)
