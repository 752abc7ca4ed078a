"""Bruhat order on S_n: the tableau criterion against the definition, intervals, Bruhat graphs."""

import itertools
import math

import networkx as nx
import numpy as np
import pytest

from conjectura.domains.permutations import (
    bruhat_graph,
    bruhat_graph_arrays,
    bruhat_graphs,
    bruhat_interval,
    bruhat_le,
    hasse_diagram,
    longest_element,
    permutation_length,
    random_intervals,
    reflections,
    symmetric_group,
)
from conjectura.exceptions import InvalidParameterError


def _length(x):
    return sum(x[i] > x[j] for i in range(len(x)) for j in range(i + 1, len(x)))


def _bruhat_closure(n):
    """x <= w from the definition: the transitive closure of x < xt with l(xt) > l(x)."""
    perms = list(itertools.permutations(range(1, n + 1)))
    up = {x: set() for x in perms}
    for x in perms:
        for i, j in itertools.combinations(range(n), 2):
            if x[i] < x[j]:
                y = list(x)
                y[i], y[j] = y[j], y[i]
                up[x].add(tuple(y))
    above = {}
    for x in sorted(perms, key=_length, reverse=True):
        s = {x}
        for y in up[x]:
            s |= above[y]
        above[x] = s
    return perms, above


def test_tableau_criterion_is_the_bruhat_order_on_S4_and_S5():
    for n in (4, 5):
        perms, above = _bruhat_closure(n)
        for x in perms:
            for w in perms:
                assert bruhat_le(x, w) == (w in above[x])


def test_lengths_and_the_group_order():
    G = symmetric_group(5)
    assert G.shape == (120, 5) and len({tuple(r) for r in G.tolist()}) == 120
    lens = [permutation_length(r) for r in G]
    assert lens == sorted(lens) and lens == [_length(r) for r in G.tolist()]
    assert tuple(G[-1]) == longest_element(5) and permutation_length(longest_element(5)) == 10
    # the rank generating function of S_n is prod [i]_q (Björner-Brenti Cor. 1.3.13)
    gf = np.polynomial.polynomial.polyfromroots([])
    for i in range(1, 6):
        gf = np.polynomial.polynomial.polymul(gf, np.ones(i))
    assert np.bincount(lens).tolist() == [int(c) for c in gf]
    assert reflections(4) == ((1, 2), (1, 3), (1, 4), (2, 3), (2, 4), (3, 4))


def test_intervals_match_brute_force_and_the_graph_is_dyers():
    n = 5
    perms, above = _bruhat_closure(n)
    for x, w in random_intervals(n, 40, seed=3):
        want = sorted((u for u in perms if u in above[x] and w in above[u]), key=lambda u: (_length(u), u))
        els = bruhat_interval(x, w)
        assert [tuple(r) for r in els.tolist()] == want
        G = bruhat_graph(x, w)
        assert set(G.nodes) == set(want)
        expected = set()
        for u in want:
            for i, j in itertools.combinations(range(n), 2):
                if u[i] < u[j]:
                    y = list(u)
                    y[i], y[j] = y[j], y[i]
                    if tuple(y) in G:
                        expected.add((u, tuple(y), (i + 1, j + 1)))
        got = {(u, v, d["reflection"]) for u, v, d in G.edges(data=True)}
        assert got == expected
        for u, v, d in G.edges(data=True):
            a, b = d["left_reflection"]
            assert tuple(b if c == a else a if c == b else c for c in u) == v  # t' u = u t
        H = hasse_diagram(x, w)
        assert all(G.nodes[v]["length"] - G.nodes[u]["length"] == 1 for u, v in H.edges)
        assert nx.is_directed_acyclic_graph(G)


def test_whole_group_interval_and_array_form():
    els, lens, edges, labels = bruhat_graph_arrays((1, 2, 3, 4), (4, 3, 2, 1))
    assert len(els) == 24
    # every u has an edge to ut for each of the C(4,2) - l(u) reflections t raising length
    assert len(edges) == sum(6 - int(l) for l in lens)
    assert np.all(lens[edges[:, 1]] > lens[edges[:, 0]])
    assert np.all(labels[:, 0] < labels[:, 1])
    assert np.all(np.diff(edges[:, 0]) >= 0)


def test_batched_graphs_equal_one_at_a_time():
    pairs = random_intervals(7, 30, seed=4) + random_intervals(9, 3, min_length=12, max_length=15, seed=4)
    for n in (7, 9):
        sel = [(x, w) for x, w in pairs if len(x) == n]
        G = bruhat_graphs([x for x, _ in sel], [w for _, w in sel])
        assert len(G) == len(sel)
        for r, (x, w) in enumerate(sel):
            for a, b in zip(G[r], bruhat_graph_arrays(x, w)):
                assert np.array_equal(a, b)
    with pytest.raises(InvalidParameterError, match="Row 1"):
        bruhat_graphs([[1, 2, 3], [2, 1, 3]], [[3, 2, 1], [1, 3, 2]])


def test_random_intervals_are_seeded_and_in_range():
    a = random_intervals(9, 5, min_length=15, max_length=18, seed=11)
    assert a == random_intervals(9, 5, min_length=15, max_length=18, seed=11)
    for x, w in a:
        assert bruhat_le(x, w) and 15 <= permutation_length(w) - permutation_length(x) <= 18
    assert len(random_intervals(6, 0, seed=0)) == 0


@pytest.mark.parametrize(
    "call",
    [
        lambda: bruhat_le((1, 1, 2), (1, 2, 3)),
        lambda: bruhat_le((1, 2), (1, 2, 3)),
        lambda: bruhat_interval((2, 1, 3), (1, 3, 2)),  # not x <= w
        lambda: bruhat_interval(tuple(range(1, 12)), tuple(range(11, 0, -1))),  # n = 11 > 10
        lambda: bruhat_graph("abc", (1, 2, 3)),
        lambda: random_intervals(4, 2, min_length=3, max_length=2),
        lambda: symmetric_group(0),
    ],
)
def test_bad_input_is_a_clear_error(call):
    with pytest.raises(InvalidParameterError):
        call()


def test_factorial_sizes():
    assert [len(symmetric_group(n)) for n in range(1, 7)] == [math.factorial(n) for n in range(1, 7)]
