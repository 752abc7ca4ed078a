"""Discrepancies: scipy against Hickernell's closed forms, and the exact expectation for
random points."""

import numpy as np
import pytest
from scipy.stats import t as student_t

from conjectura.exceptions import InvalidParameterError
from conjectura.qmc import discrepancy, expected_random_discrepancy, random_points, sobol_points


def _cd2(x):
    n, d = x.shape
    a = np.abs(x - 0.5)
    t1 = (13 / 12) ** d
    t2 = 2 / n * np.prod(1 + 0.5 * a - 0.5 * a**2, axis=1).sum()
    t3 = (
        np.prod(1 + 0.5 * a[:, None] + 0.5 * a[None] - 0.5 * np.abs(x[:, None] - x[None]), axis=2).sum()
        / n**2
    )
    return t1 - t2 + t3


def _wd2(x):
    n, d = x.shape
    t = np.abs(x[:, None] - x[None])
    return -((4 / 3) ** d) + np.prod(1.5 - t * (1 - t), axis=2).sum() / n**2


def test_scipy_matches_the_closed_forms():
    """Hickernell (1998), eqs. for the centred and wrap-around L2 discrepancies."""
    x = np.random.default_rng(0).random((40, 5))
    assert discrepancy(x, "CD", squared=True) == pytest.approx(_cd2(x), rel=1e-12)
    assert discrepancy(x, "WD", squared=True) == pytest.approx(_wd2(x), rel=1e-12)
    assert discrepancy(x, "CD") == pytest.approx(np.sqrt(_cd2(x)), rel=1e-12)


@pytest.mark.parametrize("method", ["CD", "WD"])
def test_mean_squared_discrepancy_of_random_points(method):
    """E[D^2] = (int K(x,x) - int int K) / n exactly; the mean over R = 400 random sets is
    within the t-quantile for a two-sided 1e-4 test (false-failure probability 1e-4)."""
    n, d, R = 32, 4, 400
    vals = np.array([discrepancy(random_points(n, d, seed=s), method, squared=True) for s in range(R)])
    z = (vals.mean() - expected_random_discrepancy(n, d, method, squared=True)) / (
        vals.std(ddof=1) / np.sqrt(R)
    )
    assert abs(z) < student_t.ppf(1 - 0.5e-4, R - 1)


def test_sobol_beats_the_random_expectation():
    d2 = np.mean([discrepancy(sobol_points(256, 4, seed=s), "CD", squared=True) for s in range(4)])
    assert d2 < expected_random_discrepancy(256, 4, "CD", squared=True)


def test_bad_points():
    with pytest.raises(InvalidParameterError, match=r"must lie in the unit cube \[0, 1\]\^d"):
        discrepancy(np.array([[0.5, 1.5]]))
    with pytest.raises(InvalidParameterError, match="must be a 2-d array of shape"):
        discrepancy(np.zeros(3))
    with pytest.raises(InvalidParameterError, match="'method' parameter of discrepancy"):
        discrepancy(np.zeros((2, 2)), "star")
