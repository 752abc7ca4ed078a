"""Graphs: invariants as plain functions over ``networkx.Graph``, exact verifiers, graph6.

Float versions (``spectral_radius``) are for heuristics and scores; their exact counterparts
(``spectral_radius_exact``, returning a :class:`~conjectura.exact.RealAlgebraic`) are what
verifiers use.

A search problem of your own on graphs is :func:`graph_problem` (the encoding with its sampling
prior, graph6 witnesses, minimal-witness simplification) with a batched score built from
:func:`connected_scores`, :func:`words_to_adjacency`, :func:`spectral_radius_batch`,
:func:`matching_number_batch`, :func:`distance_matrix_batch` and :func:`components_count`.

Registers the problems of :mod:`~conjectura.domains.graphs.problems` (Wagner's Conjectures 2.1
and 2.3) and :mod:`~conjectura.domains.graphs.problems_agx` (AutoGraphiX and Zagreb).
"""

from conjectura.domains.graphs.batch import (
    PENALTY,
    components_count,
    connected_mask,
    connected_scores,
    distance_matrix_batch,
    matching_number_batch,
    spectral_radius_batch,
    words_to_adjacency,
)
from conjectura.domains.graphs.c4_anneal import anneal_c4_free
from conjectura.domains.graphs.c4_free import (
    C4_FREE_MAXIMA,
    c4_counts,
    check_c4_free,
    find_four_cycle,
    four_cycles,
    is_c4_free,
)
from conjectura.domains.graphs.conjectures import check_wagner_2_1, check_wagner_2_3
from conjectura.domains.graphs.encoding import (
    graph_prior_words,
    graph_to_word,
    hub_prior_words,
    tree_prior_words,
    upper_triangle_encoding,
    word_to_graph,
)
from conjectura.domains.graphs.factory import graph_problem
from conjectura.domains.graphs.invariants import (
    adjacency_charpoly,
    adjacency_matrix,
    diameter,
    distance_charpoly,
    distance_eigenvalues,
    distance_eigenvalues_exact,
    distance_matrix,
    is_connected,
    matching_number,
    proximity,
    remoteness,
    spectral_radius,
    spectral_radius_exact,
    transmissions,
)
from conjectura.domains.graphs.io import from_graph6, to_graph6
from conjectura.domains.graphs.known import (
    wagner_2_1_counterexample,
    wagner_2_3_counterexample,
)

REGISTERS = (
    "conjectura.domains.graphs.problems",
    "conjectura.domains.graphs.problems_agx",
    "conjectura.domains.graphs.problems_bounds",
    "conjectura.domains.graphs.constructions",
    "conjectura.domains.graphs.tasks",
)

__all__ = [
    "C4_FREE_MAXIMA",
    "anneal_c4_free",
    "c4_counts",
    "check_c4_free",
    "find_four_cycle",
    "four_cycles",
    "is_c4_free",
    "graph_problem",
    "upper_triangle_encoding",
    "hub_prior_words",
    "tree_prior_words",
    "graph_prior_words",
    "word_to_graph",
    "graph_to_word",
    "connected_scores",
    "words_to_adjacency",
    "components_count",
    "connected_mask",
    "spectral_radius_batch",
    "matching_number_batch",
    "distance_matrix_batch",
    "PENALTY",
    "from_graph6",
    "to_graph6",
    "adjacency_charpoly",
    "adjacency_matrix",
    "diameter",
    "distance_charpoly",
    "distance_eigenvalues",
    "distance_eigenvalues_exact",
    "distance_matrix",
    "is_connected",
    "matching_number",
    "proximity",
    "remoteness",
    "spectral_radius",
    "spectral_radius_exact",
    "transmissions",
    "check_wagner_2_1",
    "check_wagner_2_3",
    "wagner_2_1_counterexample",
    "wagner_2_3_counterexample",
]
