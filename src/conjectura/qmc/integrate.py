"""Randomised quasi-Monte Carlo integration with an error bar from independent randomisations.

With ``R`` independent randomisations :math:`P_1, \\dots, P_R` of a point set (fresh scrambles
of a Sobol or Halton sequence, fresh random shifts of a lattice, or fresh random points), each
equal-weight rule :math:`\\hat I_r = \\frac1n \\sum_{x \\in P_r} f(x)` is an unbiased estimate of
:math:`I = \\int_{[0,1]^d} f`, and

.. math::

    \\hat I = \\frac1R \\sum_r \\hat I_r, \\qquad
    \\widehat{\\mathrm{se}} = \\sqrt{\\frac{1}{R(R-1)} \\sum_r (\\hat I_r - \\hat I)^2},

so :math:`(\\hat I - I)/\\widehat{\\mathrm{se}}` is approximately Student-t with ``R - 1``
degrees of freedom (exactly so when the :math:`\\hat I_r` are normal, which the central limit
theorem gives for plain Monte Carlo and, by Loh's theorem, for scrambled nets).

References
----------
A. B. Owen, "Monte Carlo variance of scrambled net quadrature", SIAM J. Numer. Anal. 34 (1997)
1884-1910, doi:10.1137/S0036142994277468.

P. L'Ecuyer and C. Lemieux, "Recent advances in randomized quasi-Monte Carlo methods", in
Modeling Uncertainty, Springer (2002) 419-474, doi:10.1007/0-306-48102-2_20.

W.-L. Loh, "On the asymptotic distribution of scrambled net quadrature", Ann. Statist. 31
(2003) 1282-1324, doi:10.1214/aos/1059655914.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from conjectura.core.seeding import SeedLike, child_seeds
from conjectura.core.validation import validate_choice, validate_int
from conjectura.exceptions import InvalidParameterError
from conjectura.qmc.points import METHODS, point_set

__all__ = ["IntegrationResult", "rqmc_integrate"]


@dataclass(frozen=True)
class IntegrationResult:
    """The estimate of an integral from ``R`` independent randomisations of one point set.

    Attributes
    ----------
    estimate : float
        Mean of the replicate estimates.
    stderr : float
        Standard error of ``estimate`` (from the spread of the replicates).
    replicates : numpy.ndarray
        The ``R`` replicate estimates :math:`\\hat I_r`.
    n, d : int
        Points per replicate and dimension.
    method : str
    """

    estimate: float
    stderr: float
    replicates: np.ndarray = field(repr=False)
    n: int
    d: int
    method: str

    def interval(self, level: float = 0.95) -> tuple[float, float]:
        """A Student-t confidence interval with ``R - 1`` degrees of freedom."""
        from scipy.stats import t

        q = float(t.ppf(0.5 + level / 2, df=len(self.replicates) - 1))
        return (self.estimate - q * self.stderr, self.estimate + q * self.stderr)

    def z_score(self, exact: float) -> float:
        """:math:`(\\hat I - I) / \\widehat{\\mathrm{se}}` against a known exact value."""
        return float((self.estimate - exact) / self.stderr) if self.stderr > 0 else float("inf")

    def to_dict(self) -> dict:
        return {
            "method": self.method,
            "n": self.n,
            "d": self.d,
            "replicates": len(self.replicates),
            "estimate": self.estimate,
            "stderr": self.stderr,
            "interval_95": list(self.interval(0.95)),
        }


def rqmc_integrate(
    f: Callable[[np.ndarray], np.ndarray],
    d: int,
    n: int,
    *,
    method: str = "sobol",
    replicates: int = 16,
    seed: SeedLike = None,
    lattice_weights="inverse-square",
    tent: bool = False,
    chunk: int = 1 << 15,
) -> IntegrationResult:
    """Integrate a vectorised ``f`` over :math:`[0, 1]^d` with ``replicates`` independent
    randomisations of an ``n``-point set of ``method`` (``"mc"``, ``"sobol"``, ``"halton"``,
    ``"lattice"``).

    Parameters
    ----------
    f : callable
        Takes an array of shape ``(m, d)`` and returns ``m`` values.
    d, n : int
        Dimension and points per replicate (a prime for ``"lattice"``; a power of two keeps
        the net property of ``"sobol"``).
    method : str
    replicates : int
        ``R >= 2`` independent randomisations; the error bar uses their spread.
    seed : int, numpy.random.Generator or None
        One seed; replicate ``r`` uses the ``r``-th child seed.
    lattice_weights, tent :
        Passed to :func:`conjectura.qmc.lattice.lattice_points`.
    chunk : int
        Points evaluated per call of ``f`` (bounds memory).

    Returns
    -------
    IntegrationResult

    Examples
    --------
    >>> import numpy as np
    >>> res = rqmc_integrate(lambda x: np.prod(2 * x, axis=1), 3, 1024, replicates=8, seed=0)
    >>> abs(res.estimate - 1.0) < 4 * res.stderr
    True
    """
    validate_choice(method, "method", "rqmc_integrate", METHODS)
    d = validate_int(d, "d", "rqmc_integrate", min_value=1)
    n = validate_int(n, "n", "rqmc_integrate", min_value=1)
    replicates = validate_int(replicates, "replicates", "rqmc_integrate", min_value=2)
    chunk = validate_int(chunk, "chunk", "rqmc_integrate", min_value=1)
    ests = np.empty(replicates)
    for r, s in enumerate(child_seeds(seed, replicates)):
        x = point_set(method, n, d, seed=s, lattice_weights=lattice_weights, tent=tent)
        total = 0.0
        for lo in range(0, n, chunk):
            v = np.asarray(f(x[lo : lo + chunk]), dtype=float)
            if v.shape != (min(chunk, n - lo),):
                raise InvalidParameterError(
                    "The integrand passed to rqmc_integrate must return one value per point "
                    f"(shape ({min(chunk, n - lo)},)). Got shape {v.shape} instead."
                )
            total += float(v.sum())
        ests[r] = total / n
    est = float(ests.mean())
    se = float(ests.std(ddof=1) / np.sqrt(replicates))
    ests.setflags(write=False)
    return IntegrationResult(est, se, ests, n, d, method)
