"""One constructor for graph search problems over Wagner's 0/1 upper-triangle encoding."""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx
import numpy as np

from conjectura.core.certificate import Verdict
from conjectura.core.problem import SearchProblem
from conjectura.domains.graphs.encoding import upper_triangle_encoding
from conjectura.domains.graphs.io import from_graph6, to_graph6
from conjectura.domains.graphs.simplify import smaller_graphs

__all__ = ["graph_problem"]


def graph_problem(
    *,
    name: str,
    claim: str,
    n: int,
    verify: Callable[[nx.Graph], Verdict],
    score: Callable[[nx.Graph], float] | None = None,
    batch_scores: Callable[[np.ndarray, int], np.ndarray] | None = None,
    min_n: int = 3,
    connected: bool = True,
    description: str = "",
    reference: str = "",
) -> SearchProblem:
    """A :class:`SearchProblem` on graphs with ``n`` vertices, graph6 witnesses and vertex/edge
    deletion as simplification.

    ``batch_scores(Z, n)`` scores a population of words; when ``score`` is not given, one graph
    is scored by encoding it and calling ``batch_scores`` on a batch of one.
    """
    if score is None:
        if batch_scores is None:
            raise ValueError("graph_problem needs score or batch_scores")

        def score(G: nx.Graph) -> float:
            m = G.number_of_nodes()
            return float(batch_scores(upper_triangle_encoding(m).encode(G)[None], m)[0])

    return SearchProblem(
        name=name,
        claim=claim,
        encoding=upper_triangle_encoding(n),
        score=score,
        score_batch=(lambda Z: batch_scores(Z, n)) if batch_scores is not None else None,
        verify=verify,
        serialize=to_graph6,
        deserialize=from_graph6,
        simplify=lambda G: smaller_graphs(G, min_n=min_n, connected=connected),
        params={"n": n},
        description=description,
        reference=reference,
    )
