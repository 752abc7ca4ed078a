"""theory: neural networks as field theories.

Infinite-width kernels (NN-GP and NTK) by the recursion over depth, ensembles of random
networks sampled with PyTorch, n-point correlators with error bars, the exact finite-width
four-point function of one hidden layer, a free scalar field built from a cos network, the
empirical NTK by :mod:`torch.func`, and the four studies that compare them.

>>> from conjectura.theory import Architecture, nngp_kernel
>>> float(nngp_kernel([[1.0, 0.0]], activation="relu", depth=2, sigma_w2=2.0, sigma_b2=0.0)[0, 0])
1.0
"""

from conjectura.theory.correlators import Estimate, connected_four_point, correlator, jackknife, two_point
from conjectura.theory.ensemble import Ensemble, sample_ensemble
from conjectura.theory.finite_width import four_point_coefficient
from conjectura.theory.free_field import (
    FreeFieldEnsemble,
    continuum_propagator,
    cutoff_propagator,
    sample_free_field,
)
from conjectura.theory.kernels import (
    ACTIVATIONS,
    Architecture,
    gaussian_expectations,
    kernels,
    nngp_kernel,
    ntk_kernel,
)
from conjectura.theory.ntk import TrainingRun, empirical_ntk, make_network, train_and_track_ntk
from conjectura.theory.studies import (
    FreeFieldStudy,
    KernelStudy,
    NonGaussianityStudy,
    NTKStudy,
    free_field_study,
    kernel_study,
    nongaussianity_study,
    ntk_study,
)

__all__ = [
    "ACTIVATIONS",
    "Architecture",
    "kernels",
    "nngp_kernel",
    "ntk_kernel",
    "gaussian_expectations",
    "Ensemble",
    "sample_ensemble",
    "Estimate",
    "correlator",
    "two_point",
    "connected_four_point",
    "jackknife",
    "four_point_coefficient",
    "FreeFieldEnsemble",
    "sample_free_field",
    "cutoff_propagator",
    "continuum_propagator",
    "make_network",
    "empirical_ntk",
    "TrainingRun",
    "train_and_track_ntk",
    "kernel_study",
    "KernelStudy",
    "nongaussianity_study",
    "NonGaussianityStudy",
    "free_field_study",
    "FreeFieldStudy",
    "ntk_study",
    "NTKStudy",
]
