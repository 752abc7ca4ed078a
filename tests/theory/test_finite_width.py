"""Non-Gaussianity at finite width: G4c = c/N exactly for one hidden layer, and a fitted slope
of -1 for two hidden layers, over N = 8..1024."""

import numpy as np
import pytest
from scipy import integrate
from scipy.special import erf

from conjectura.exceptions import InvalidParameterError
from conjectura.theory import Architecture, four_point_coefficient, nongaussianity_study
from conjectura.theory.finite_width import squared_product_expectation

WIDTHS = (8, 16, 32, 64, 128, 256, 512, 1024)


@pytest.mark.parametrize("activation", ["relu", "erf", "cos"])
def test_one_hidden_layer_is_exactly_c_over_n(activation):
    """Every width within the Bonferroni threshold of the exact c/N (family-wise 1e-3) and the
    fitted slope within 4 standard errors of -1."""
    s = nongaussianity_study(activation, depth=1, widths=WIDTHS, n_networks=2000, seed=1)
    assert s.agrees, s.summary()
    assert all(abs(r["z_exact"]) < s.threshold for r in s.rows)


def test_two_hidden_layers_fall_as_one_over_n():
    """With two hidden layers G4c = A N^s (1 + B/N + ...): the fitted exponent s, with the first
    correction in the fit, within 4 standard errors of -1 (false failure about 6e-5)."""
    s = nongaussianity_study("relu", depth=2, widths=WIDTHS, n_networks=2000, seed=2)
    assert abs(s.fit_corrected.z(-1.0)) <= 4, s.summary()
    assert s.fit_corrected.slope_se < 0.05 and s.agrees


def _quad(g, k11, k22, k12):
    L = np.linalg.cholesky(np.array([[k11, k12], [k12, k22]]))

    def f(b, a):
        return g(L[0, 0] * a, L[1, 0] * a + L[1, 1] * b) * np.exp(-(a * a + b * b) / 2) / (2 * np.pi)

    return integrate.dblquad(f, -10, 10, -10, 10, epsabs=1e-12, epsrel=1e-11)[0]


@pytest.mark.parametrize(
    "activation,phi", [("relu", lambda u: np.maximum(u, 0)), ("erf", erf), ("cos", np.cos)]
)
def test_squared_product_expectation_against_quadrature(activation, phi):
    """The degree-2 arc-cosine kernel (ReLU), the cos closed form and the Gauss-Hermite rule (erf)."""
    for cov in ((1.0, 2.0, 0.5), (1.5, 0.8, -0.9)):
        exact = _quad(lambda u, v: phi(u) ** 2 * phi(v) ** 2, *cov)
        assert squared_product_expectation(activation, *cov) == pytest.approx(exact, rel=1e-6)


def test_coefficient_at_coincident_points_and_bad_depth():
    arch = Architecture(d_in=1, width=8, depth=1, activation="relu", sigma_w2=2.0, sigma_b2=0.0)
    assert four_point_coefficient(arch, [1.0]) == pytest.approx(
        3 * 4 * 5.0
    )  # 3 sw^4 Var(relu(z)^2), z~N(0,2)
    with pytest.raises(InvalidParameterError, match="one hidden layer"):
        four_point_coefficient(Architecture(d_in=1, width=8, depth=2), [1.0])
    with pytest.raises(InvalidParameterError, match="at least 4 widths"):
        nongaussianity_study(widths=(8, 16))
