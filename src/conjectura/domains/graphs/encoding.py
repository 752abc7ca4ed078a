r"""Graphs on ``n`` vertices as 0/1 words of length ``n(n-1)/2`` (Wagner's encoding).

Letter ``k`` is the pair ``(i, j)``, ``i < j``, in row-major order: (0,1), (0,2), ..., (0,n-1),
(1,2), ... It is 1 iff ``ij`` is an edge.

The encoding carries its sampling prior (:func:`hub_prior_words`), so every engine starts from
the same random graphs for a built-in problem and for a user's own graph problem.

References
----------
.. [1] A. Z. Wagner, "Constructions in combinatorics via neural networks", arXiv:2104.14516.
.. [2] F. Chung, L. Lu, "Connected components in random graphs with given expected degree
   sequences", Annals of Combinatorics 6 (2002) 125-145 (random graphs with
   :math:`P(uv) \propto w_u w_v`).
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from conjectura.core.problem import Encoding
from conjectura.exceptions import InvalidParameterError

__all__ = ["edge_pairs", "word_to_graph", "graph_to_word", "hub_prior_words", "upper_triangle_encoding"]


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


def upper_triangle_encoding(n: int) -> Encoding[nx.Graph]:
    """The :class:`~conjectura.core.Encoding` of graphs on ``n`` vertices as 0/1 words.

    Its ``sample`` is :func:`hub_prior_words` (hub-weighted random graphs).

    >>> enc = upper_triangle_encoding(4)
    >>> enc.dim, sorted(enc.decode(np.array([1, 0, 0, 1, 0, 1])).edges())
    (6, [(0, 1), (1, 2), (2, 3)])
    """
    return Encoding(
        dim=n * (n - 1) // 2,
        decode=lambda z: word_to_graph(z, n),
        encode=lambda G: graph_to_word(G, n),
        arity=2,
        sample=lambda rng, k: hub_prior_words(n, rng, k),
    )
