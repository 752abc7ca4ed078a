"""The graph encoding's prior: random trees by preferential attachment, mixed with hub graphs."""

import networkx as nx
import numpy as np
import pytest

from conjectura.domains.graphs import (
    graph_prior_words,
    hub_prior_words,
    tree_prior_words,
    upper_triangle_encoding,
    word_to_graph,
    words_to_adjacency,
)
from conjectura.exceptions import InvalidParameterError


@pytest.mark.parametrize("n", [1, 2, 3, 5, 11, 19])
def test_every_word_is_a_tree(n):
    Z = tree_prior_words(n, np.random.default_rng(n), 300)
    assert Z.shape == (300, n * (n - 1) // 2) and Z.dtype == np.int8
    assert all(nx.is_tree(word_to_graph(z, n)) for z in Z)


def test_uniform_attachment_is_the_random_recursive_tree():
    """alpha = 0: every earlier vertex equally likely. Vertices without children number n/2 on
    average (Najock-Heyde 1982); the root is a leaf of the graph too when no vertex after the
    second joins it, with probability prod_{v=2}^{n-1} (1 - 1/v) = 1/(n-1)."""
    n, k = 12, 20000
    Z = tree_prior_words(n, np.random.default_rng(0), k, alpha=(0.0, 0.0))
    leaves = (words_to_adjacency(Z, n).sum(axis=2) == 1).sum(axis=1)
    se = leaves.std() / np.sqrt(k)
    assert abs(leaves.mean() - (n / 2 + 1 / (n - 1))) < 4 * se


def test_superlinear_attachment_makes_a_star():
    """alpha large: the first hub takes every later vertex (the star K_{1,n-1})."""
    n = 15
    Z = tree_prior_words(n, np.random.default_rng(1), 200, alpha=(60.0, 60.0))
    assert (words_to_adjacency(Z, n).sum(axis=2).max(axis=1) == n - 1).mean() > 0.95


def test_labels_are_uniform():
    """The relabelling is uniform: every vertex is the maximum-degree vertex equally often."""
    n, k = 6, 30000
    Z = tree_prior_words(n, np.random.default_rng(2), k, alpha=(60.0, 60.0))
    hub = words_to_adjacency(Z, n).sum(axis=2).argmax(axis=1)
    counts = np.bincount(hub, minlength=n)
    assert np.all(np.abs(counts - k / n) < 5 * np.sqrt(k / n))


def test_mixture_draws_trees_with_the_given_frequency_and_hub_graphs_otherwise():
    n, k = 9, 4000
    rng = np.random.default_rng(3)
    Z = graph_prior_words(n, rng, k, tree_frac=0.25)
    is_tree = np.array([nx.is_tree(word_to_graph(z, n)) for z in Z])
    assert abs(is_tree.mean() - 0.25) < 4 * np.sqrt(0.25 * 0.75 / k) + 0.02  # hub graphs can be trees
    # the generator is consumed as documented: mask, hub graphs, trees
    rng = np.random.default_rng(3)
    tree = rng.random(k) < 0.25
    H = hub_prior_words(n, rng, int((~tree).sum()))
    T = tree_prior_words(n, rng, int(tree.sum()))
    assert np.array_equal(Z[~tree], H) and np.array_equal(Z[tree], T)


def test_the_encoding_samples_from_the_mixture():
    enc = upper_triangle_encoding(10)
    a = enc.sample(np.random.default_rng(4), 50)
    b = graph_prior_words(10, np.random.default_rng(4), 50)
    assert np.array_equal(a, b)


@pytest.mark.parametrize("bad", [(-1.0, 2.0), (2.0, 1.0), (0.0, float("inf"))])
def test_bad_alpha_is_refused(bad):
    with pytest.raises(InvalidParameterError, match="alpha"):
        tree_prior_words(5, np.random.default_rng(0), 3, alpha=bad)


def test_bad_tree_frac_is_refused():
    with pytest.raises(InvalidParameterError, match="tree_frac"):
        graph_prior_words(5, np.random.default_rng(0), 3, tree_frac=1.5)
