"""Randomised QMC integration: unbiased estimates with honest error bars, and the variance
reduction of QMC over Monte Carlo, as statistical tests with stated false-failure rates."""

import pytest
from scipy.stats import chi2
from scipy.stats import f as fisher
from scipy.stats import t as student_t

from conjectura.exceptions import InvalidParameterError
from conjectura.qmc import GENZ_FAMILIES, genz, nearest_n, rqmc_integrate

METHODS = ("mc", "sobol", "halton", "lattice")


def test_every_method_is_unbiased_within_its_error_bar():
    """20 estimates (5 families x 4 methods, d = 8, R = 16 randomisations): each within the
    Bonferroni t-quantile, family-wise false-failure probability 1e-3."""
    R, K = 16, len(GENZ_FAMILIES) * len(METHODS)
    thr = student_t.ppf(1 - 1e-3 / (2 * K), R - 1)
    zs = []
    for i, fam in enumerate(GENZ_FAMILIES):
        f = genz(fam, 8, seed=i)
        for j, m in enumerate(METHODS):
            res = rqmc_integrate(
                f, 8, nearest_n(m, 1024), method=m, replicates=R, seed=100 * i + j, tent=(j == 3)
            )
            zs.append(res.z_score(f.exact))
            lo, hi = res.interval(0.999999)
            assert lo < res.estimate < hi
    assert max(abs(z) for z in zs) < thr, zs


def test_monte_carlo_error_bar_matches_the_exact_variance():
    """(R - 1) s^2 / (sigma^2 / n) is chi-square with R - 1 degrees of freedom for Monte Carlo;
    two-sided test at 1e-3."""
    f, n, R = genz("gaussian", 8, seed=0), 512, 64
    res = rqmc_integrate(f, 8, n, method="mc", replicates=R, seed=1)
    stat = (R - 1) * res.replicates.var(ddof=1) / (f.variance / n)
    assert chi2.ppf(5e-4, R - 1) < stat < chi2.ppf(1 - 5e-4, R - 1)


@pytest.mark.parametrize("method", ["sobol", "lattice"])
def test_qmc_variance_is_a_hundred_times_smaller_in_two_dimensions(method):
    """F-test (one-sided, 1e-3): the variance of Monte Carlo over that of randomised QMC, divided
    by 100, still exceeds the F quantile, so the true ratio is above 100 at n ~ 4096."""
    f, R = genz("product_peak", 2, seed=0), 16
    mc = rqmc_integrate(f, 2, 4096, method="mc", replicates=R, seed=1)
    q = rqmc_integrate(f, 2, nearest_n(method, 4096), method=method, replicates=R, seed=2, tent=True)
    ratio = mc.replicates.var(ddof=1) / q.replicates.var(ddof=1)
    assert ratio / 100 > fisher.ppf(1 - 1e-3, R - 1, R - 1)


def test_chunking_does_not_change_the_estimate():
    f = genz("oscillatory", 3, seed=0)
    a = rqmc_integrate(f, 3, 1000, replicates=4, seed=5, chunk=7)
    b = rqmc_integrate(f, 3, 1000, replicates=4, seed=5)
    assert a.estimate == pytest.approx(b.estimate, rel=1e-12)
    assert set(a.to_dict()) >= {"estimate", "stderr", "interval_95", "replicates"}


def test_bad_integrand_and_parameters():
    with pytest.raises(InvalidParameterError, match="must return one value per point"):
        rqmc_integrate(lambda x: x, 2, 16, replicates=2)
    with pytest.raises(
        InvalidParameterError, match="'replicates' parameter of rqmc_integrate must be an int >= 2"
    ):
        rqmc_integrate(lambda x: x[:, 0], 2, 16, replicates=1)
    with pytest.raises(InvalidParameterError, match="must be a prime number"):
        rqmc_integrate(lambda x: x[:, 0], 2, 16, method="lattice")
