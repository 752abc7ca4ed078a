"""Graphs: invariants as plain functions over ``networkx.Graph``, exact verifiers, graph6.

Float versions (``spectral_radius``) are for heuristics and scores; their exact counterparts
(``spectral_radius_exact``, returning a :class:`~conjectura.exact.RealAlgebraic`) are what
verifiers use.
"""

from conjectura.domains.graphs.conjectures import check_wagner_2_1, check_wagner_2_3
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

__all__ = [
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
