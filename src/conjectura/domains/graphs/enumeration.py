r"""All connected graphs on ``n`` vertices up to isomorphism, by vertex augmentation.

Every connected graph on :math:`n \ge 2` vertices has a vertex whose deletion leaves it
connected (an end of a longest path, or a leaf of a spanning tree). So the connected graphs
on :math:`n` vertices are exactly the graphs obtained from a connected graph on :math:`n - 1`
vertices by adding a vertex joined to a non-empty set of the old ones. Generating all these
extensions and keeping one per isomorphism class, decided by nauty's canonical labelling
(``pynauty.certificate``), enumerates each class exactly once. The numbers are OEIS A001349:
1, 1, 2, 6, 21, 112, 853, 11117, 261080 for :math:`n = 1, \dots, 9`.

Graphs are returned in canonical form (relabelled by nauty's canonical labelling), so the
graph6 string of a returned graph is an isomorphism invariant.

References
----------
.. [1] B. D. McKay, A. Piperno, "Practical graph isomorphism, II", J. Symbolic Comput. 60
   (2014) 94-112, doi:10.1016/j.jsc.2013.09.003 (nauty).
.. [2] B. D. McKay, "Isomorph-free exhaustive generation", J. Algorithms 26 (1998) 306-324,
   doi:10.1006/jagm.1997.0898.
.. [3] OEIS A001349, Number of connected graphs with n nodes.
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from conjectura.core.validation import validate_int
from conjectura.exceptions import MissingDependencyError

__all__ = ["connected_graphs", "canonical_form", "CONNECTED_COUNTS"]

#: OEIS A001349: connected graphs on n = 1, 2, ... vertices.
CONNECTED_COUNTS = (1, 1, 2, 6, 21, 112, 853, 11117, 261080, 11716571)


def _pynauty():
    try:
        import pynauty
    except ImportError as exc:  # pragma: no cover - pynauty is a dependency of the graphs extra
        raise MissingDependencyError(
            "Enumerating graphs needs pynauty: pip install 'conjectura[graphs]' (or pip install pynauty)."
        ) from exc
    return pynauty


def _nauty_graph(n: int, adj: list[int]):
    """A pynauty graph from adjacency bitmasks."""
    pynauty = _pynauty()
    return pynauty.Graph(n, adjacency_dict={v: [u for u in range(n) if adj[v] >> u & 1] for v in range(n)})


def _canonical(n: int, adj: list[int]) -> tuple[bytes, list[int]]:
    """nauty's certificate (an isomorphism invariant) and its canonical labelling."""
    pynauty = _pynauty()
    g = _nauty_graph(n, adj)
    return pynauty.certificate(g), pynauty.canon_label(g)


def _relabel(n: int, adj: list[int], order: list[int]) -> list[int]:
    """Adjacency bitmasks of the graph with vertex ``order[i]`` renamed ``i``."""
    pos = {v: i for i, v in enumerate(order)}
    out = [0] * n
    for v in range(n):
        row = 0
        for u in range(n):
            if adj[v] >> u & 1:
                row |= 1 << pos[u]
        out[pos[v]] = row
    return out


def _to_networkx(n: int, adj: list[int]) -> nx.Graph:
    G = nx.empty_graph(n)
    G.add_edges_from((v, u) for v in range(n) for u in range(v + 1, n) if adj[v] >> u & 1)
    return G


def canonical_form(G: nx.Graph) -> nx.Graph:
    """``G`` relabelled ``0..n-1`` by nauty's canonical labelling: isomorphic graphs give equal
    graphs (and equal graph6 strings).

    >>> from conjectura.domains.graphs.io import to_graph6
    >>> to_graph6(canonical_form(nx.path_graph(4))) == to_graph6(canonical_form(nx.Graph([(2, 0), (0, 3), (3, 1)])))
    True
    """
    nodes = sorted(G.nodes)
    idx = {v: i for i, v in enumerate(nodes)}
    n = len(nodes)
    adj = [0] * n
    for u, v in G.edges():
        if u != v:
            adj[idx[u]] |= 1 << idx[v]
            adj[idx[v]] |= 1 << idx[u]
    if n == 0:
        return nx.empty_graph(0)
    _, lab = _canonical(n, adj)
    return _to_networkx(n, _relabel(n, adj, lab))


def _connected_masks(n: int) -> list[list[int]]:
    """Canonical adjacency bitmasks of the connected graphs on ``n`` vertices."""
    if n == 1:
        return [[0]]
    out: list[list[int]] = []
    seen: set[bytes] = set()
    for adj in _connected_masks(n - 1):
        for S in range(1, 1 << (n - 1)):  # the new vertex n-1 is joined to the set S
            ext = [row | ((S >> v & 1) << (n - 1)) for v, row in enumerate(adj)] + [S]
            cert, lab = _canonical(n, ext)
            if cert in seen:
                continue
            seen.add(cert)
            out.append(_relabel(n, ext, lab))
    return out


def connected_graphs(n: int) -> Iterator[nx.Graph]:
    r"""Every connected graph on ``n`` vertices, once per isomorphism class, in canonical form.

    Parameters
    ----------
    n : int
        Number of vertices, ``1 <= n <= 9`` (there are 261,080 connected graphs on 9 vertices;
        larger orders are out of reach of this pure-Python augmentation).

    Yields
    ------
    networkx.Graph
        On vertices ``0..n-1``, labelled canonically.

    Examples
    --------
    >>> [sum(1 for _ in connected_graphs(n)) for n in range(1, 6)]
    [1, 1, 2, 6, 21]
    """
    n = validate_int(n, "n", "connected_graphs", min_value=1, max_value=9)
    for adj in _connected_masks(n):
        yield _to_networkx(n, adj)
