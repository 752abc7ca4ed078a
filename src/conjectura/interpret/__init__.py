"""interpret: which inputs a learned model uses.

Gradient saliency exactly as eq. (1) of Gukov-Halverson-Ruehle (arXiv:2402.13321), captum's
integrated gradients, and scikit-learn permutation importance, each averaged over seeds; for
graph learners, salient nodes and subgraphs and the edge labels they are made of
(:mod:`conjectura.interpret.graphs`).

>>> from conjectura.interpret import attribute, gradient_saliency   # doctest: +SKIP
"""

from conjectura.interpret.graphs import (
    GraphSaliency,
    graph_attributions,
    graph_saliency,
    node_saliency,
    salient_subgraph,
)
from conjectura.interpret.saliency import (
    METHODS,
    Attribution,
    Attributions,
    attribute,
    gradient_saliency,
    integrated_gradients,
    permutation_scores,
)

__all__ = [
    "METHODS",
    "Attribution",
    "Attributions",
    "attribute",
    "gradient_saliency",
    "integrated_gradients",
    "permutation_scores",
    "GraphSaliency",
    "graph_saliency",
    "graph_attributions",
    "node_saliency",
    "salient_subgraph",
]
