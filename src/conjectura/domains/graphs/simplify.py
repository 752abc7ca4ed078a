"""Smaller candidates of a graph, for shrinking a counterexample to a minimal witness."""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

__all__ = ["smaller_graphs"]


def smaller_graphs(G: nx.Graph, *, min_n: int = 1, connected: bool = True) -> Iterator[nx.Graph]:
    """Graphs obtained from ``G`` by deleting one vertex, then by deleting one edge.

    Vertex deletions come first (they shrink the witness most). Results are relabelled
    ``0..n-1`` in sorted order; with ``connected=True`` only connected results are yielded.
    """
    if G.number_of_nodes() > min_n:
        for v in sorted(G.nodes, key=lambda v: (G.degree(v), v)):
            H = G.copy()
            H.remove_node(v)
            if not connected or nx.is_connected(H):
                yield nx.convert_node_labels_to_integers(H, ordering="sorted")
    for u, v in sorted(G.edges):
        H = G.copy()
        H.remove_edge(u, v)
        if not connected or nx.is_connected(H):
            yield nx.convert_node_labels_to_integers(H, ordering="sorted")
