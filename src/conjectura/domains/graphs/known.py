"""Published counterexamples, built from their descriptions (used by tests and the demo)."""

from __future__ import annotations

import networkx as nx

__all__ = ["wagner_2_1_counterexample", "wagner_2_3_counterexample"]


def wagner_2_1_counterexample() -> nx.Graph:
    r"""The 19-vertex counterexample to Wagner's Conjecture 2.1 (Wagner 2021, Fig. 2).

    Two centres, each with 8 leaves, joined through a middle vertex. Then
    :math:`\lambda_1 = \sqrt{10}`, :math:`\mu = 2` and
    :math:`\sqrt{10} + 2 < \sqrt{18} + 1`.

    References
    ----------
    A. Z. Wagner, "Constructions in combinatorics via neural networks", arXiv:2104.14516.
    """
    G = nx.Graph()
    G.add_edges_from([(0, 1), (0, 2)])  # 0 middle, 1 and 2 centres
    leaf = 3
    for centre in (1, 2):
        for _ in range(8):
            G.add_edge(centre, leaf)
            leaf += 1
    return G


def wagner_2_3_counterexample(leaves: int = 190, path_a: int = 7, path_b: int = 5) -> nx.Graph:
    r"""The 203-vertex counterexample to Conjecture 2.3 (Aouchiche-Hansen; Wagner 2021, §2.3).

    A hub with ``leaves`` pendant vertices and two pendant paths of ``path_a`` and ``path_b``
    vertices attached at the hub: :math:`1 + 190 + 7 + 5 = 203` vertices by default.
    """
    G = nx.star_graph(leaves)  # hub 0, leaves 1..leaves
    nxt = leaves + 1
    for length in (path_a, path_b):
        prev = 0
        for _ in range(length):
            G.add_edge(prev, nxt)
            prev, nxt = nxt, nxt + 1
    return G
