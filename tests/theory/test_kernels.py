"""Analytic NN-GP and NTK kernels: the closed-form Gaussian expectations against quadrature,
exact identities of the ReLU recursion, and symmetry/positivity."""

import numpy as np
import pytest
from scipy import integrate
from scipy.special import erf

from conjectura.exceptions import InvalidParameterError
from conjectura.theory import ACTIVATIONS, gaussian_expectations, kernels, nngp_kernel, ntk_kernel

PHI = {
    "relu": (lambda u: np.maximum(u, 0.0), lambda u: (u > 0).astype(float)),
    "erf": (erf, lambda u: 2 / np.sqrt(np.pi) * np.exp(-(u**2))),
    "cos": (np.cos, lambda u: -np.sin(u)),
}


def _quad_expectation(g, k11, k22, k12):
    """E[g(u, v)] for (u, v) ~ N(0, [[k11, k12], [k12, k22]]) by adaptive quadrature in the
    whitened coordinates (split at 0 so the ReLU kinks sit on the edges)."""
    L = np.linalg.cholesky(np.array([[k11, k12], [k12, k22]]))

    def f(b, a):
        u, v = L[0, 0] * a, L[1, 0] * a + L[1, 1] * b
        return g(u, v) * np.exp(-(a * a + b * b) / 2) / (2 * np.pi)

    total = 0.0
    for a0, a1 in ((-9, 0), (0, 9)):
        # v = 0 on b = -L10 a / L11: split the b range there
        total += integrate.dblquad(
            f, a0, a1, lambda a: -9.0, lambda a: -L[1, 0] * a / L[1, 1], epsabs=1e-11, epsrel=1e-11
        )[0]
        total += integrate.dblquad(
            f, a0, a1, lambda a: -L[1, 0] * a / L[1, 1], lambda a: 9.0, epsabs=1e-11, epsrel=1e-11
        )[0]
    return total


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("cov", [(1.0, 1.0, 0.3), (0.5, 2.0, -0.7), (1.3, 0.8, 0.9)])
def test_closed_forms_against_quadrature(activation, cov):
    phi, dphi = PHI[activation]
    e, ed = gaussian_expectations(activation, *cov)
    assert float(e) == pytest.approx(_quad_expectation(lambda u, v: phi(u) * phi(v), *cov), abs=1e-8)
    assert float(ed) == pytest.approx(_quad_expectation(lambda u, v: dphi(u) * dphi(v), *cov), abs=1e-8)


def test_relu_at_criticality_preserves_the_norm_and_the_ntk_grows_linearly():
    """With sigma_w^2 = 2, sigma_b^2 = 0: K^{l}(x, x) = |x|^2 * 2 / d at every depth (the
    arc-cosine kernel at theta = 0 is k/2), and Theta^{L+1}(x, x) = (L + 1) K(x, x) (Arora et al.
    2019, the NTK recursion with E[phi'^2] = 1/2)."""
    X = np.array([[0.3, -1.2, 2.0]])
    k = 2 * float((X @ X.T).item()) / 3
    for L in (1, 2, 5, 10):
        K, T = kernels(X, activation="relu", depth=L, sigma_w2=2.0, sigma_b2=0.0)
        assert K[0, 0] == pytest.approx(k, rel=1e-13)
        assert T[0, 0] == pytest.approx((L + 1) * k, rel=1e-13)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_kernels_are_symmetric_and_positive_semidefinite(activation):
    X = np.random.default_rng(0).normal(size=(12, 4))
    K, T = kernels(X, activation=activation, depth=3, sigma_w2=1.7, sigma_b2=0.2)
    for M in (K, T):
        assert np.allclose(M, M.T, rtol=0, atol=1e-14 * np.abs(M).max())
        assert np.linalg.eigvalsh(M).min() > -1e-12 * np.abs(M).max()
    Kxy = nngp_kernel(X[:3], X[3:], activation=activation, depth=3, sigma_w2=1.7, sigma_b2=0.2)
    assert np.allclose(Kxy, K[:3, 3:], rtol=1e-14, atol=0)
    assert np.allclose(
        ntk_kernel(X[:3], X[3:], activation=activation, depth=3, sigma_w2=1.7, sigma_b2=0.2), T[:3, 3:]
    )


def test_bad_inputs():
    with pytest.raises(InvalidParameterError, match="'activation' parameter of kernels must be one of"):
        kernels(np.eye(2), activation="tanh")
    with pytest.raises(InvalidParameterError, match="'depth' parameter of kernels must be an int >= 1"):
        kernels(np.eye(2), depth=0)
    with pytest.raises(InvalidParameterError, match=r"inputs must be a finite 2-d array of shape \(n, 2\)"):
        kernels(np.eye(2), np.eye(3))
