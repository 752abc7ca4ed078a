"""Graphs on ``n`` vertices as 0/1 words of length ``n(n-1)/2`` (Wagner's encoding).

Letter ``k`` is the pair ``(i, j)``, ``i < j``, in row-major order: (0,1), (0,2), ..., (0,n-1),
(1,2), ... It is 1 iff ``ij`` is an edge.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from conjectura.core.problem import Encoding

__all__ = ["edge_pairs", "word_to_graph", "graph_to_word", "upper_triangle_encoding"]


def edge_pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Row and column indices of the upper triangle in the encoding's order."""
    return np.triu_indices(n, k=1)


def word_to_graph(z: np.ndarray, n: int) -> nx.Graph:
    """Decode one word into a graph on vertices ``0..n-1``."""
    z = np.asarray(z)
    if z.shape != (n * (n - 1) // 2,):
        raise ValueError(f"a graph on {n} vertices needs a word of length {n * (n - 1) // 2}, got {z.shape}")
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


def upper_triangle_encoding(n: int) -> Encoding[nx.Graph]:
    """The :class:`~conjectura.core.Encoding` of graphs on ``n`` vertices as 0/1 words."""
    return Encoding(
        dim=n * (n - 1) // 2,
        decode=lambda z: word_to_graph(z, n),
        encode=lambda G: graph_to_word(G, n),
        arity=2,
    )
