"""graph6 in and out (McKay's format), with vertices relabelled ``0..n-1`` in sorted order.

The serialisation is canonical for a *labelled* graph: the same labelled graph always gives the
same string. (Isomorphic graphs with different labellings give different strings; an
isomorphism-canonical form needs nauty and is not used here.)
"""

from __future__ import annotations

import networkx as nx

from conjectura.exceptions import InvalidParameterError

__all__ = ["to_graph6", "from_graph6"]


def to_graph6(G: nx.Graph) -> str:
    """The graph6 string of ``G`` (no ``>>graph6<<`` header), vertices in sorted order.

    >>> to_graph6(nx.path_graph(3))
    'Bg'
    """
    if G.is_directed() or G.is_multigraph():
        raise InvalidParameterError("graph6 encodes simple undirected graphs only.")
    H = nx.convert_node_labels_to_integers(G, ordering="sorted") if _needs_relabel(G) else G
    return nx.to_graph6_bytes(H, header=False).decode("ascii").strip()


def _needs_relabel(G: nx.Graph) -> bool:
    return list(G.nodes) != list(range(G.number_of_nodes()))


def from_graph6(s: str) -> nx.Graph:
    """Decode a graph6 string (header optional) into a ``networkx.Graph`` on ``0..n-1``.

    Raises
    ------
    InvalidParameterError
        If ``s`` is not a valid graph6 string.

    >>> from_graph6('Bg').number_of_edges()
    2
    """
    if not isinstance(s, str):
        raise InvalidParameterError(f"A graph6 witness must be a string. Got {type(s).__name__} instead.")
    text = s.strip()
    if text.startswith(">>graph6<<"):
        text = text[len(">>graph6<<") :]
    if not text or any(not (63 <= ord(c) <= 126) for c in text):
        raise InvalidParameterError(f"{s!r} is not a graph6 string (characters must be in '?'..'~').")
    try:
        G = nx.from_graph6_bytes(text.encode("ascii"))
    except (nx.NetworkXError, ValueError, IndexError) as exc:
        raise InvalidParameterError(f"{s!r} is not a valid graph6 string: {exc}") from exc
    if to_graph6(G) != text:
        raise InvalidParameterError(f"{s!r} is not a valid graph6 string (trailing or padding bits).")
    return G
