"""Registered graph search problems from Wagner (2021): Conjectures 2.1 and 2.3."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

from conjectura.core.problem import SearchProblem
from conjectura.core.registry import register_problem
from conjectura.core.validation import validate_int
from conjectura.domains.graphs import invariants as inv
from conjectura.domains.graphs.batch import wagner_2_1_scores, wagner_2_3_scores
from conjectura.domains.graphs.conjectures import check_wagner_2_1, check_wagner_2_3
from conjectura.domains.graphs.factory import graph_problem

__all__ = ["wagner_2_1", "wagner_2_3", "disconnected_penalty"]

WAGNER = "A. Z. Wagner, Constructions in combinatorics via neural networks, arXiv:2104.14516"


def disconnected_penalty(G: nx.Graph) -> float:
    """Score of a disconnected candidate: below every connected one, better with fewer parts."""
    return -1e3 - nx.number_connected_components(G)


def score_wagner_2_1(G: nx.Graph) -> float:
    r"""Heuristic :math:`\sqrt{n-1} + 1 - \lambda_1 - \mu` (floats); positive suggests a counterexample."""
    if not inv.is_connected(G):
        return disconnected_penalty(G)
    n = G.number_of_nodes()
    return math.sqrt(n - 1) + 1 - inv.spectral_radius(G) - inv.matching_number(G)


def score_wagner_2_3(G: nx.Graph) -> float:
    r"""Heuristic :math:`-(\pi + \partial_{\lfloor 2D/3 \rfloor})` (floats); >= 0 suggests a counterexample."""
    if not inv.is_connected(G):
        return disconnected_penalty(G)
    D = inv.distance_matrix(G)
    n = len(D)
    k = (2 * int(D.max())) // 3
    if k < 1:
        return -float(n)
    ev = np.linalg.eigvalsh(D.astype(float))[::-1]
    return -(D.sum(axis=1).min() / (n - 1) + ev[k - 1])


@register_problem(
    "graphs/wagner-2.1",
    description="lambda1 + mu >= sqrt(n-1) + 1 for connected graphs (AutoGraphiX); "
    "refuted by Wagner on 19 vertices",
)
def wagner_2_1(n: int = 19) -> SearchProblem:
    r"""Search for a connected graph with :math:`\lambda_1 + \mu < \sqrt{n-1} + 1`.

    Parameters
    ----------
    n : int, default 19
        Number of vertices of the searched graphs (``n >= 3``). The verifier accepts a witness on
        any number of vertices (a simplified witness may be smaller).

    See Also
    --------
    conjectura.domains.graphs.check_wagner_2_1 : the exact verifier.
    """
    n = validate_int(n, "n", "wagner_2_1", min_value=3)
    return graph_problem(
        claim="There is a connected graph G with lambda1(G) + mu(G) < sqrt(n - 1) + 1, "
        "refuting Conjecture 2.1 of Wagner (2021).",
        n=n,
        score=score_wagner_2_1,
        batch_scores=wagner_2_1_scores,
        verify=check_wagner_2_1,
        min_n=3,
        description="Connected graphs with lambda1 + mu < sqrt(n-1) + 1.",
        reference=WAGNER + ", Conjecture 2.1",
    )


@register_problem(
    "graphs/wagner-2.3",
    description="proximity + distance eigenvalue d_{floor(2D/3)} > 0 "
    "(Aouchiche-Hansen); refuted by Wagner on 203 vertices",
)
def wagner_2_3(n: int = 30) -> SearchProblem:
    r"""Search for a connected graph with :math:`\pi + \partial_{\lfloor 2D/3 \rfloor} \le 0`.

    Parameters
    ----------
    n : int, default 30
        Number of vertices of the searched graphs (``n >= 4``).

    See Also
    --------
    conjectura.domains.graphs.check_wagner_2_3 : the exact verifier.
    """
    n = validate_int(n, "n", "wagner_2_3", min_value=4)
    return graph_problem(
        claim="There is a connected graph G with proximity pi and distance eigenvalues "
        "d_1 >= ... >= d_n such that pi + d_floor(2D/3) <= 0, refuting Conjecture 2.3 of "
        "Wagner (2021) (Aouchiche-Hansen).",
        n=n,
        score=score_wagner_2_3,
        batch_scores=wagner_2_3_scores,
        verify=check_wagner_2_3,
        min_n=4,
        description="Connected graphs with pi + d_floor(2D/3) <= 0.",
        reference=WAGNER + ", Conjecture 2.3",
    )
