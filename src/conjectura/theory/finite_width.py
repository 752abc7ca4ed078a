"""The leading finite-width correction: the connected four-point function of a network with one
hidden layer, exactly.

With one hidden layer the output given the hidden units is Gaussian with covariance
:math:`G = \\sigma_b^2 + \\frac{\\sigma_w^2}{N} \\sum_{i=1}^N \\phi(z_i)\\phi(z_i)^{\\top}`, an average
of ``N`` independent terms with :math:`z_i \\sim \\mathcal N(0, K^1)`. Hence (see
:mod:`conjectura.theory.correlators`) the connected four-point function is exactly
:math:`1/N` times a constant, with no higher corrections:

.. math::

    N\\, G^{(4)}_c(x, x, y, y) = \\sigma_w^4 \\left( 3\\,\\mathbb E[\\phi_x^2 \\phi_y^2]
        - \\mathbb E[\\phi_x^2]\\,\\mathbb E[\\phi_y^2] - 2\\,\\mathbb E[\\phi_x \\phi_y]^2 \\right),
    \\qquad \\phi_x = \\phi(z(x)),

and at coincident points :math:`N G^{(4)}_c(x, x, x, x) = 3 \\sigma_w^4 \\operatorname{Var}\\phi_x^2`.
The Gaussian expectation :math:`\\mathbb E[\\phi_x^2 \\phi_y^2]` is in closed form for ReLU (the
arc-cosine kernel of degree 2, Cho and Saul 2009:
:math:`\\frac{k_{11} k_{22}}{2\\pi}(3 \\sin\\theta\\cos\\theta + (\\pi - \\theta)(1 + 2\\cos^2\\theta))`)
and for cos (:math:`\\frac14(1 + e^{-2k_{11}} + e^{-2k_{22}} + e^{-2(k_{11} + k_{22})}\\cosh 4k_{12})`),
and by two-dimensional Gauss-Hermite quadrature for erf (an entire integrand, so the
quadrature converges exponentially). For deeper networks the coefficient obeys a recursion
over layers (Yaida 2020; Roberts, Yaida and Hanin 2022) that is not implemented here; the
width dependence is then measured (:func:`conjectura.theory.studies.nongaussianity_study`).

References
----------
S. Yaida, "Non-Gaussian processes and neural networks at finite widths", MSML 2020,
arXiv:1910.00019.

Y. Cho and L. K. Saul, "Kernel methods for deep learning", NIPS 22 (2009).
"""

from __future__ import annotations

import numpy as np

from conjectura.exceptions import InvalidParameterError
from conjectura.theory.kernels import Architecture, _inputs, activation_fn, gaussian_expectations

__all__ = ["four_point_coefficient", "squared_product_expectation"]


def squared_product_expectation(
    activation: str, k11: float, k22: float, k12: float, *, nodes: int = 96
) -> float:
    """:math:`\\mathbb E[\\phi(u)^2 \\phi(v)^2]` for :math:`(u, v)` centred Gaussian with variances
    ``k11``, ``k22`` and covariance ``k12`` (closed form for ReLU and cos, Gauss-Hermite for erf).

    >>> squared_product_expectation("relu", 1.0, 1.0, 1.0)      # E[relu(u)^4] = 3/2
    1.5
    """
    if activation == "relu":
        c = float(np.clip(k12 / np.sqrt(k11 * k22), -1.0, 1.0))
        th = float(np.arccos(c))
        j2 = 3 * np.sin(th) * c + (np.pi - th) * (1 + 2 * c * c)
        return float(k11 * k22 / (2 * np.pi) * j2)
    if activation == "cos":
        return float(
            0.25 * (1 + np.exp(-2 * k11) + np.exp(-2 * k22) + np.exp(-2 * (k11 + k22)) * np.cosh(4 * k12))
        )
    return _gauss_hermite(activation, k11, k22, k12, nodes)


def _gauss_hermite(activation, k11, k22, k12, nodes):
    g, w = np.polynomial.hermite_e.hermegauss(nodes)  # weight exp(-x^2/2)
    w = w / np.sqrt(2 * np.pi)
    L = (
        np.linalg.cholesky(np.array([[k11, k12], [k12, k22]]) + 1e-300 * np.eye(2))
        if k11 * k22 > k12 * k12
        else None
    )
    if L is None:  # perfectly correlated: v = (k12 / k11) u
        u = np.sqrt(k11) * g
        v = (k12 / np.sqrt(k11)) * g
        phi = activation_fn(activation)
        return float(np.sum(w * phi(u) ** 2 * phi(v) ** 2))
    G1, G2 = np.meshgrid(g, g, indexing="ij")
    W = np.outer(w, w)
    u = L[0, 0] * G1
    v = L[1, 0] * G1 + L[1, 1] * G2
    phi = activation_fn(activation)
    return float(np.sum(W * phi(u) ** 2 * phi(v) ** 2))


def four_point_coefficient(arch: Architecture, x, y=None) -> float:
    """:math:`\\lim N\\, G^{(4)}_c(x, x, y, y)`, which for one hidden layer equals
    :math:`N G^{(4)}_c(x, x, y, y)` at every width ``N`` (module docstring); ``y`` defaults to ``x``.

    Examples
    --------
    >>> arch = Architecture(d_in=1, width=8, depth=1, activation="relu", sigma_w2=2.0, sigma_b2=0.0)
    >>> four_point_coefficient(arch, [1.0])      # 3 sigma_w^4 Var(relu(z)^2), z ~ N(0, 2): 3*4*5
    60.0
    """
    if arch.depth != 1:
        raise InvalidParameterError(
            "four_point_coefficient is exact for networks with one hidden layer (depth=1). "
            f"Got depth={arch.depth} instead."
        )
    X = _inputs(np.vstack([np.atleast_2d(x), np.atleast_2d(x if y is None else y)]), "x, y", arch.d_in)
    K = arch.sigma_b2 + arch.sigma_w2 * (X @ X.T) / arch.d_in
    k11, k22, k12 = float(K[0, 0]), float(K[1, 1]), float(K[0, 1])
    e12, _ = gaussian_expectations(arch.activation, k11, k22, k12)
    e11, _ = gaussian_expectations(arch.activation, k11, k11, k11)
    e22, _ = gaussian_expectations(arch.activation, k22, k22, k22)
    e4 = squared_product_expectation(arch.activation, k11, k22, k12)
    return float(arch.sigma_w2**2 * (3 * e4 - float(e11) * float(e22) - 2 * float(e12) ** 2))
