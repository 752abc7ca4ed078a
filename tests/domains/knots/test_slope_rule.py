"""The slope rule, written once in the domain: the formula, the rounding, the baseline (no SnapPy)."""

import numpy as np
import pytest

import conjectura as cj
from conjectura.core.rules import RuleContext
from conjectura.domains.knots.features import slope
from conjectura.domains.knots.rules import SLOPE_COLUMNS, slope_rule_prediction


def test_slope_is_the_real_part_of_the_quotient():
    rng = np.random.default_rng(0)
    lam = rng.normal(size=200) * 10 + 1j * rng.normal(size=200) * 1e-3
    mu = rng.normal(size=200) + 1j * rng.normal(size=200)
    np.testing.assert_allclose(slope(lam.real, mu.real, mu.imag, lam.imag), (lam / mu).real, rtol=1e-12)
    # SnapPy's longitude is real: the imaginary part defaults to 0
    np.testing.assert_allclose(slope(lam.real, mu.real, mu.imag), (lam.real / mu).real, rtol=1e-12)


def test_the_rule_is_twice_the_nearest_integer_to_a_quarter_slope():
    s = np.array([-8.1, -6.0, -2.1, -1.9, 0.0, 1.99, 2.01, 9.7])
    # sigma ~ slope/2, an even integer: 2*round(s/4); at s = +-2 numpy rounds half to even
    assert slope_rule_prediction(s).tolist() == [-4, -4, -2, 0, 0, 0, 2, 4]
    assert (slope_rule_prediction(s) % 2 == 0).all()


def test_the_slope_rule_baseline_reads_its_three_columns_by_name():
    features = ("volume", *reversed(SLOPE_COLUMNS), "cusp_volume")
    ctx = RuleContext(features=features, task="knots/signature")
    rng = np.random.default_rng(1)
    X = rng.normal(size=(50, 5)) * [1.0, 1.0, 1.0, 8.0, 1.0]
    est = cj.get_baseline("slope-rule", ctx)
    with pytest.raises(cj.NotFittedError):
        est.predict(X)
    lam, mr, mi = X[:, 3], X[:, 2], X[:, 1]  # the columns by name, whatever their order
    want = 2 * np.round(slope(lam, mr, mi) / 4)
    assert np.array_equal(est.fit(X, np.zeros(50)).predict(X), want)
    with pytest.raises(cj.InvalidParameterError, match="slope-rule baseline needs the features"):
        cj.get_baseline("slope-rule", RuleContext(features=("volume",), task="t"))
    with pytest.raises(cj.InvalidParameterError, match="slope-rule baseline takes no parameters"):
        cj.get_baseline("slope-rule", ctx, bound=3)
