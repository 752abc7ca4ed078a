"""One constructor for graph search problems over Wagner's 0/1 upper-triangle encoding."""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx
import numpy as np

from conjectura.core.problem import SearchProblem
from conjectura.core.verdict import Verdict
from conjectura.domains.graphs.encoding import upper_triangle_encoding
from conjectura.domains.graphs.io import from_graph6, to_graph6
from conjectura.domains.graphs.simplify import smaller_graphs
from conjectura.exceptions import InvalidParameterError

__all__ = ["graph_problem"]


def _order(G: nx.Graph) -> dict[str, int]:
    """A graph witness determines the problem's ``n``: its number of vertices."""
    return {"n": G.number_of_nodes()}


def graph_problem(
    *,
    claim: str,
    n: int,
    verify: Callable[[nx.Graph], Verdict],
    score: Callable[[nx.Graph], float] | None = None,
    batch_scores: Callable[[np.ndarray, int], np.ndarray] | None = None,
    min_n: int = 3,
    connected: bool = True,
    threshold: float = 0.0,
    description: str = "",
    reference: str = "",
) -> SearchProblem:
    """A search problem on graphs with ``n`` vertices, as the built-in graph problems are made.

    The problem gets everything a built-in graph problem has: Wagner's upper-triangle
    encoding with its sampling prior of hub-weighted random graphs and random trees
    (:func:`upper_triangle_encoding`), graph6 witnesses in certificates, and vertex-then-edge deletion as simplification, so a found
    counterexample is shrunk to a minimal one. Register the factory that calls it with
    :func:`conjectura.register_problem`; the registry fills in the name and the parameters.

    Parameters
    ----------
    claim : str
        What a verified witness establishes, word for word in certificates.
    n : int
        Number of vertices of the searched graphs. The verifier should accept a witness on
        any number of vertices (a simplified witness may be smaller).
    verify : callable
        ``verify(G) -> Verdict``, exact arithmetic only: the only judge of success.
    score : callable, optional
        ``score(G) -> float``, higher is closer to a counterexample.
    batch_scores : callable, optional
        ``batch_scores(Z, n) -> scores`` for words ``Z`` of shape ``(m, n(n-1)/2)``; engines
        use it to score a whole population at once (see
        :func:`conjectura.domains.graphs.connected_scores` and the other batched helpers).
        When ``score`` is not given, one graph is scored as a batch of one.
    min_n : int, default 3
        Smallest number of vertices a simplified witness may have.
    connected : bool, default True
        Whether simplification keeps graphs connected.
    threshold : float, default 0.0
        A candidate scoring at least ``threshold`` is sent to ``verify``; scores below it are
        never verified. Make the score cross it exactly where a counterexample may be.
    description, reference : str
        For listings and certificates.

    Returns
    -------
    SearchProblem

    Examples
    --------
    >>> import conjectura as cj
    >>> p = graph_problem(
    ...     claim="A graph on 5 vertices with more than 6 edges and no triangle exists.",
    ...     n=5, connected=False,
    ...     verify=lambda G: cj.Verdict(G.number_of_edges() > 6 and not any(nx.triangles(G).values()), ""),
    ...     score=lambda G: G.number_of_edges() - 7.0 - sum(nx.triangles(G).values()))
    >>> p.encoding.dim, p.serialize(nx.path_graph(3))
    (10, 'Bg')
    """
    if score is None:
        if batch_scores is None:
            raise InvalidParameterError("graph_problem needs a score or batch_scores function.")

        def score(G: nx.Graph) -> float:
            m = G.number_of_nodes()
            return float(batch_scores(upper_triangle_encoding(m).encode(G)[None], m)[0])

    return SearchProblem(
        claim=claim,
        encoding=upper_triangle_encoding(n),
        score=score,
        score_batch=(lambda Z: batch_scores(Z, n)) if batch_scores is not None else None,
        verify=verify,
        serialize=to_graph6,
        deserialize=from_graph6,
        simplify=lambda G: smaller_graphs(G, min_n=min_n, connected=connected),
        witness_params=_order,
        threshold=threshold,
        description=description,
        reference=reference,
    )
