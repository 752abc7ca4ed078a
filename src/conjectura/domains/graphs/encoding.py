r"""Graphs on ``n`` vertices as 0/1 words of length ``n(n-1)/2`` (Wagner's encoding).

Letter ``k`` is the pair ``(i, j)``, ``i < j``, in row-major order: (0,1), (0,2), ..., (0,n-1),
(1,2), ... It is 1 iff ``ij`` is an edge.

The encoding carries its sampling prior (:func:`graph_prior_words`: hub-weighted random graphs
and random trees grown by preferential attachment), so every engine starts from the same random
graphs for a built-in problem and for a user's own graph problem.

References
----------
.. [1] A. Z. Wagner, "Constructions in combinatorics via neural networks", arXiv:2104.14516.
.. [2] F. Chung, L. Lu, "Connected components in random graphs with given expected degree
   sequences", Annals of Combinatorics 6 (2002) 125-145 (random graphs with
   :math:`P(uv) \propto w_u w_v`).
.. [3] A.-L. Barabasi, R. Albert, "Emergence of scaling in random networks", Science 286 (1999)
   509-512; P. L. Krapivsky, S. Redner, F. Leyvraz, "Connectivity of growing random networks",
   Phys. Rev. Lett. 85 (2000) 4629 (attachment probability :math:`\propto d^\alpha`).
.. [4] M. Roucairol, T. Cazenave, "Refutation of spectral graph theory conjectures with Monte
   Carlo search", COCOON 2022, arXiv:2207.03343 (searches that grow trees first).
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from conjectura.core.problem import Encoding
from conjectura.exceptions import InvalidParameterError

__all__ = [
    "edge_pairs",
    "word_to_graph",
    "graph_to_word",
    "hub_prior_words",
    "tree_prior_words",
    "graph_prior_words",
    "upper_triangle_encoding",
]


def edge_pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Row and column indices of the upper triangle in the encoding's order."""
    return np.triu_indices(n, k=1)


def word_to_graph(z: np.ndarray, n: int) -> nx.Graph:
    """Decode one word into a graph on vertices ``0..n-1``."""
    z = np.asarray(z)
    if z.shape != (n * (n - 1) // 2,):
        raise InvalidParameterError(
            f"A graph on {n} vertices needs a word of length {n * (n - 1) // 2}. Got shape {z.shape} instead."
        )
    r, c = edge_pairs(n)
    G = nx.empty_graph(n)
    on = z.astype(bool)
    G.add_edges_from(zip(r[on].tolist(), c[on].tolist()))
    return G


def graph_to_word(G: nx.Graph, n: int | None = None) -> np.ndarray:
    """Encode a graph on vertices ``0..n-1`` (sorted order) as a 0/1 word."""
    n = G.number_of_nodes() if n is None else n
    A = nx.to_numpy_array(G, nodelist=sorted(G.nodes), dtype=np.int8, weight=None)
    r, c = edge_pairs(n)
    return A[r, c].astype(np.int8)


def hub_prior_words(
    n: int,
    rng: np.random.Generator,
    k: int,
    *,
    hub_shape: float = 1.0,
    density: tuple[float, float] = (0.05, 0.5),
) -> np.ndarray:
    r"""``k`` random graphs on ``n`` vertices with hubs, as 0/1 words of shape ``(k, n(n-1)/2)``.

    Each word is an inhomogeneous random graph (Chung-Lu): draw a density
    :math:`p \sim U(\text{density})` and vertex weights :math:`w_v = 1 + X_v` with
    :math:`X_v` Pareto(``hub_shape``) (Lomax, numpy's ``pareto``); the pair :math:`uv` is an
    edge independently with probability

    .. math:: q_{uv} = \min\Bigl(1,\; w_u w_v \, \frac{p\,\binom n2}{\sum_{a<b} w_a w_b}\Bigr),

    so the expected density is :math:`p` before clipping and heavy-tailed weights make hubs.
    This is the prior engines draw their (re)starts from for graph problems: on Wagner's
    Conjecture 2.1 it lets restarts reach the hub-dominated graphs (stars, double stars) where
    the counterexample lives, which uniform random words almost never do (measured with the
    local engine: 0 of 6 seeds within 30 s from uniform restarts).

    Parameters
    ----------
    n : int
        Number of vertices (``n >= 2``).
    rng : numpy.random.Generator
    k : int
        Number of words.
    hub_shape : float, default 1.0
        Shape of the Pareto weights (smaller: heavier tail, more pronounced hubs).
    density : tuple of float, default (0.05, 0.5)
        Range of the uniform density :math:`p`.

    Returns
    -------
    ndarray of int8, shape (k, n(n-1)/2)

    Notes
    -----
    For each word the generator is consumed as ``rng.uniform(*density)``, then
    ``rng.pareto(hub_shape, n)``, then ``rng.random(n(n-1)/2)``; a batch of ``k`` words draws
    the ``k`` densities, then the ``k x n`` weights, then the ``k x n(n-1)/2`` uniforms, so
    ``hub_prior_words(n, rng, 1)`` repeats one word of the single-word loop exactly.

    Examples
    --------
    >>> Z = hub_prior_words(6, np.random.default_rng(0), 3)
    >>> Z.shape, Z.dtype.name, set(np.unique(Z)) <= {0, 1}
    ((3, 15), 'int8', True)
    """
    lo, hi = density
    m = n * (n - 1) // 2
    p = rng.uniform(lo, hi, size=k)
    w = rng.pareto(hub_shape, size=(k, n)) + 1.0
    r, c = edge_pairs(n)
    q = w[:, r] * w[:, c]
    q = np.minimum(1.0, q * (p * m / q.sum(axis=1))[:, None])
    return (rng.random((k, m)) < q).astype(np.int8)


def tree_prior_words(
    n: int, rng: np.random.Generator, k: int, *, alpha: tuple[float, float] = (0.0, 3.0)
) -> np.ndarray:
    r"""``k`` random trees on ``n`` vertices grown by preferential attachment, as 0/1 words.

    Each tree draws an exponent :math:`\alpha \sim U(\text{alpha})` and grows from the edge
    :math:`\{0, 1\}`: vertex :math:`v = 2, \dots, n-1` joins an earlier vertex :math:`u` with
    probability proportional to :math:`\deg(u)^\alpha` (Krapivsky-Redner-Leyvraz). Then
    :math:`\alpha = 0` gives random recursive trees (long paths, few hubs), :math:`\alpha = 1`
    Barabasi-Albert trees, and :math:`\alpha > 1` trees dominated by one or two hubs (stars,
    double stars, brooms). The vertices are then relabelled by a uniform random permutation.

    Parameters
    ----------
    n : int
        Number of vertices (``n >= 1``).
    rng : numpy.random.Generator
    k : int
        Number of words.
    alpha : tuple of float, default (0.0, 3.0)
        Range of the uniform attachment exponent.

    Returns
    -------
    ndarray of int8, shape (k, n(n-1)/2)
        Every word has exactly ``n - 1`` ones and decodes to a tree.

    Examples
    --------
    >>> Z = tree_prior_words(7, np.random.default_rng(0), 4)
    >>> Z.shape, Z.sum(axis=1).tolist()
    ((4, 21), [6, 6, 6, 6])
    >>> all(nx.is_tree(word_to_graph(z, 7)) for z in Z)
    True
    """
    lo, hi = alpha
    if not (0.0 <= lo <= hi) or not np.isfinite(hi):
        raise InvalidParameterError(
            f"The 'alpha' parameter of tree_prior_words must be a range 0 <= lo <= hi < inf. Got {alpha!r} instead."
        )
    m = n * (n - 1) // 2
    Z = np.zeros((k, m), dtype=np.int8)
    if n < 2 or k == 0:
        return Z
    a = rng.uniform(lo, hi, size=k)
    deg = np.zeros((k, n))
    deg[:, :2] = 1.0
    parent = np.zeros((k, n), dtype=np.int64)
    rows = np.arange(k)
    for v in range(2, n):
        c = np.cumsum(deg[:, :v] ** a[:, None], axis=1)
        u = rng.random(k) * c[:, -1]
        p = np.minimum((c < u[:, None]).sum(axis=1), v - 1)
        parent[:, v] = p
        deg[rows, p] += 1.0
        deg[:, v] = 1.0
    label = np.argsort(rng.random((k, n)), axis=1)  # a uniform random relabelling
    child = label[:, 1:]
    par = label[rows[:, None], parent[:, 1:]]
    i, j = np.minimum(child, par), np.maximum(child, par)
    Z[rows[:, None], i * n - i * (i + 1) // 2 + (j - i - 1)] = 1  # index of the pair (i, j)
    return Z


def graph_prior_words(n: int, rng: np.random.Generator, k: int, *, tree_frac: float = 0.5) -> np.ndarray:
    r"""The prior of the graph encoding: ``k`` random graphs, a mixture of two families.

    Each word is, independently, with probability ``tree_frac`` a tree grown by preferential
    attachment (:func:`tree_prior_words`) and otherwise a hub-weighted inhomogeneous random
    graph (:func:`hub_prior_words`). Extremal graphs of spectral and Graffiti-style
    conjectures are often trees or dominated by a few hubs; the first family reaches the
    sparse connected ones (brooms, double stars joined by a path), the second the denser ones.
    On Wagner's Conjecture 2.1 (``n = 19``, whose counterexamples are trees with two hubs) the
    tree half cut the nested Monte Carlo engine's median time to a certified counterexample
    from 1.53 s (hub graphs alone) to 0.18 s, and the local engine's from 1.73 s to 0.47 s
    (20 seeds each, all found within 60 s, one core each; ``benchmarks/bench_engines.py``).

    Parameters
    ----------
    n : int
        Number of vertices.
    rng : numpy.random.Generator
    k : int
        Number of words.
    tree_frac : float, default 0.5
        Probability that a word is a tree.

    Returns
    -------
    ndarray of int8, shape (k, n(n-1)/2)

    Notes
    -----
    The generator is consumed as ``rng.random(k)`` (which words are trees), then the hub
    graphs in one batch, then the trees in one batch.

    Examples
    --------
    >>> Z = graph_prior_words(8, np.random.default_rng(1), 200)
    >>> trees = np.array([nx.is_tree(word_to_graph(z, 8)) for z in Z])
    >>> bool(0.3 < trees.mean() < 0.7)
    True
    """
    if not 0.0 <= tree_frac <= 1.0:
        raise InvalidParameterError(
            f"The 'tree_frac' parameter of graph_prior_words must be a float in [0, 1]. Got {tree_frac!r} instead."
        )
    tree = rng.random(k) < tree_frac
    Z = np.empty((k, n * (n - 1) // 2), dtype=np.int8)
    Z[~tree] = hub_prior_words(n, rng, int((~tree).sum()))
    Z[tree] = tree_prior_words(n, rng, int(tree.sum()))
    return Z


def upper_triangle_encoding(n: int) -> Encoding[nx.Graph]:
    """The :class:`~conjectura.core.Encoding` of graphs on ``n`` vertices as 0/1 words.

    Its ``sample`` is :func:`graph_prior_words` (hub-weighted random graphs and random trees).

    >>> enc = upper_triangle_encoding(4)
    >>> enc.dim, sorted(enc.decode(np.array([1, 0, 0, 1, 0, 1])).edges())
    (6, [(0, 1), (1, 2), (2, 3)])
    """
    return Encoding(
        dim=n * (n - 1) // 2,
        decode=lambda z: word_to_graph(z, n),
        encode=lambda G: graph_to_word(G, n),
        arity=2,
        sample=lambda rng, k: graph_prior_words(n, rng, k),
    )
