"""interpret: which inputs a learned model uses.

Gradient saliency exactly as eq. (1) of Gukov-Halverson-Ruehle (arXiv:2402.13321), captum's
integrated gradients, and scikit-learn permutation importance, each averaged over seeds.

>>> from conjectura.interpret import attribute, gradient_saliency   # doctest: +SKIP
"""

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
]
