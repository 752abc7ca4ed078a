"""qmc: quasi-random point sets, discrepancy, randomised QMC integration, convergence studies
and quasi-random hyperparameter sweeps (a thin layer over :mod:`scipy.stats.qmc` and Optuna).

>>> import numpy as np
>>> from conjectura.qmc import genz, rqmc_integrate
>>> f = genz("oscillatory", 8, seed=0)
>>> res = rqmc_integrate(f, 8, 4096, method="sobol", replicates=16, seed=0)
>>> abs(res.estimate - f.exact) < 4 * res.stderr and res.stderr < 1e-3
True
"""

from conjectura.qmc.discrepancy import DISCREPANCIES, discrepancy, expected_random_discrepancy
from conjectura.qmc.genz import GENZ_FAMILIES, GenzIntegrand, genz
from conjectura.qmc.integrate import IntegrationResult, rqmc_integrate
from conjectura.qmc.lattice import (
    cbc_generating_vector,
    largest_prime_at_most,
    lattice_error,
    lattice_points,
    product_weights,
    tent_transform,
)
from conjectura.qmc.points import METHODS, halton_points, nearest_n, point_set, random_points, sobol_points
from conjectura.qmc.study import ConvergenceCurve, QMCStudy, fit_slope, qmc_study
from conjectura.qmc.sweep import Categorical, Float, Int, SweepResult, sweep

__all__ = [
    "sobol_points",
    "halton_points",
    "random_points",
    "lattice_points",
    "point_set",
    "nearest_n",
    "METHODS",
    "cbc_generating_vector",
    "lattice_error",
    "product_weights",
    "tent_transform",
    "largest_prime_at_most",
    "discrepancy",
    "expected_random_discrepancy",
    "DISCREPANCIES",
    "genz",
    "GenzIntegrand",
    "GENZ_FAMILIES",
    "rqmc_integrate",
    "IntegrationResult",
    "qmc_study",
    "QMCStudy",
    "ConvergenceCurve",
    "fit_slope",
    "sweep",
    "SweepResult",
    "Float",
    "Int",
    "Categorical",
]
