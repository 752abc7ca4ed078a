"""Infinite-width kernels of fully connected networks: the NN-GP kernel and the neural tangent
kernel, by the recursion over depth with closed-form Gaussian expectations.

Conventions (the "NTK parametrisation", as in neural-tangents): a network with ``depth``
hidden layers of width :math:`N`, input dimension :math:`d`, activation :math:`\\phi`,

.. math::

    z^{1} = \\frac{\\sigma_w}{\\sqrt{d}} W^{0} x + \\sigma_b b^{0}, \\qquad
    z^{\\ell+1} = \\frac{\\sigma_w}{\\sqrt{N}} W^{\\ell} \\phi(z^{\\ell}) + \\sigma_b b^{\\ell},
    \\qquad f(x) = z^{L+1}(x),

with every entry of :math:`W^\\ell, b^\\ell` independent standard normal. (The standard
parametrisation, with variances :math:`\\sigma_w^2/\\text{fan-in}` in the weights, gives the same
distribution of functions, hence the same NN-GP kernel.) As :math:`N \\to \\infty`,
:math:`f` is a centred Gaussian process with covariance :math:`K^{L+1}` (Neal 1996; Lee et al.
2018; Matthews et al. 2018), where

.. math::

    K^{1}(x, x') = \\sigma_b^2 + \\sigma_w^2 \\frac{x \\cdot x'}{d}, \\qquad
    K^{\\ell+1}(x, x') = \\sigma_b^2 + \\sigma_w^2\\,
        \\mathbb{E}_{(u, v) \\sim \\mathcal N(0, K^{\\ell}|_{x, x'})}[\\phi(u)\\phi(v)],

and the neural tangent kernel (Jacot, Gabriel and Hongler 2018; Arora et al. 2019) is

.. math::

    \\Theta^{1} = K^{1}, \\qquad
    \\Theta^{\\ell+1} = K^{\\ell+1} + \\sigma_w^2\\,
        \\mathbb{E}[\\phi'(u)\\phi'(v)]\\, \\Theta^{\\ell}.

Closed forms of the Gaussian expectations, with :math:`k_{11} = K(x,x)`, :math:`k_{22} = K(x',x')`,
:math:`k_{12} = K(x,x')`:

- ReLU, the arc-cosine kernel of degree 1 (Cho and Saul 2009), :math:`\\theta = \\arccos(k_{12}/\\sqrt{k_{11}k_{22}})`:
  :math:`\\mathbb{E}[\\phi\\phi] = \\frac{\\sqrt{k_{11}k_{22}}}{2\\pi}(\\sin\\theta + (\\pi - \\theta)\\cos\\theta)`,
  :math:`\\mathbb{E}[\\phi'\\phi'] = \\frac{\\pi - \\theta}{2\\pi}`;
- erf (Williams 1997):
  :math:`\\mathbb{E}[\\phi\\phi] = \\frac{2}{\\pi}\\arcsin\\frac{2k_{12}}{\\sqrt{(1 + 2k_{11})(1 + 2k_{22})}}`,
  :math:`\\mathbb{E}[\\phi'\\phi'] = \\frac{4}{\\pi}\\left((1 + 2k_{11})(1 + 2k_{22}) - 4k_{12}^2\\right)^{-1/2}`;
- cos: :math:`\\mathbb{E}[\\cos u \\cos v] = e^{-(k_{11}+k_{22})/2}\\cosh k_{12}`,
  :math:`\\mathbb{E}[\\sin u \\sin v] = e^{-(k_{11}+k_{22})/2}\\sinh k_{12}`.

References
----------
R. M. Neal, Bayesian Learning for Neural Networks, Springer (1996), doi:10.1007/978-1-4612-0745-0.

C. K. I. Williams, "Computing with infinite networks", NIPS 9 (1997) 295-301.

Y. Cho and L. K. Saul, "Kernel methods for deep learning", NIPS 22 (2009) 342-350.

J. Lee, Y. Bahri, R. Novak, S. S. Schoenholz, J. Pennington and J. Sohl-Dickstein, "Deep neural
networks as Gaussian processes", ICLR 2018, arXiv:1711.00165.

A. Jacot, F. Gabriel and C. Hongler, "Neural tangent kernel: convergence and generalization in
neural networks", NeurIPS 2018, arXiv:1806.07572.

S. Arora, S. S. Du, W. Hu, Z. Li, R. Salakhutdinov and R. Wang, "On exact computation with an
infinitely wide neural net", NeurIPS 2019, arXiv:1904.11955.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from conjectura.core.validation import validate_choice, validate_float, validate_int
from conjectura.exceptions import InvalidParameterError

__all__ = [
    "ACTIVATIONS",
    "Architecture",
    "gaussian_expectations",
    "nngp_kernel",
    "ntk_kernel",
    "kernels",
    "activation_fn",
]

ACTIVATIONS = ("relu", "erf", "cos")


@dataclass(frozen=True)
class Architecture:
    """A fully connected network: ``depth`` hidden layers of ``width`` units, scalar output.

    Attributes
    ----------
    d_in : int
        Input dimension.
    width : int
        :math:`N`, units per hidden layer.
    depth : int
        :math:`L`, number of hidden layers (``depth = 1``: one hidden layer).
    activation : {"relu", "erf", "cos"}
    sigma_w2, sigma_b2 : float
        :math:`\\sigma_w^2` and :math:`\\sigma_b^2` (NTK parametrisation, see the module docstring).

    Examples
    --------
    >>> Architecture(d_in=2, width=64, depth=2, activation="erf").n_params
    4417
    """

    d_in: int
    width: int
    depth: int = 1
    activation: str = "relu"
    sigma_w2: float = 2.0
    sigma_b2: float = 0.1

    def __post_init__(self):
        validate_int(self.d_in, "d_in", "Architecture", min_value=1)
        validate_int(self.width, "width", "Architecture", min_value=1)
        validate_int(self.depth, "depth", "Architecture", min_value=1)
        validate_choice(self.activation, "activation", "Architecture", ACTIVATIONS)
        validate_float(self.sigma_w2, "sigma_w2", "Architecture", min_value=0.0, min_inclusive=False)
        validate_float(self.sigma_b2, "sigma_b2", "Architecture", min_value=0.0)

    @property
    def n_params(self) -> int:
        """Number of weights and biases."""
        n, d, L = self.width, self.d_in, self.depth
        return (d * n + n) + (L - 1) * (n * n + n) + (n + 1)

    def with_width(self, width: int) -> Architecture:
        return Architecture(self.d_in, width, self.depth, self.activation, self.sigma_w2, self.sigma_b2)

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def activation_fn(name: str, module=np):
    """The activation ``name`` as a function of arrays of ``module`` (numpy or torch).

    >>> activation_fn("relu")(np.array([-1.0, 2.0])).tolist()
    [0.0, 2.0]
    """
    validate_choice(name, "activation", "activation_fn", ACTIVATIONS)
    if name == "relu":
        return (lambda x: module.clamp(x, min=0)) if module is not np else (lambda x: np.maximum(x, 0.0))
    if name == "erf":
        if module is np:
            from scipy.special import erf

            return erf
        return module.erf
    return module.cos


def gaussian_expectations(activation: str, k11, k22, k12) -> tuple[np.ndarray, np.ndarray]:
    """:math:`\\mathbb{E}[\\phi(u)\\phi(v)]` and :math:`\\mathbb{E}[\\phi'(u)\\phi'(v)]` for
    :math:`(u, v)` centred Gaussian with variances ``k11``, ``k22`` and covariance ``k12``
    (arrays broadcast), in closed form (module docstring).

    >>> e, ed = gaussian_expectations("relu", 1.0, 1.0, 1.0)
    >>> float(e), float(ed)         # E[relu(u)^2] = 1/2, E[1{u > 0}] = 1/2
    (0.5, 0.5)
    """
    validate_choice(activation, "activation", "gaussian_expectations", ACTIVATIONS)
    k11, k22, k12 = (np.asarray(v, dtype=float) for v in (k11, k22, k12))
    if activation == "relu":
        norm = np.sqrt(k11 * k22)
        c = np.clip(
            np.divide(k12, norm, out=np.zeros(np.broadcast(k12, norm).shape), where=norm > 0), -1.0, 1.0
        )
        theta = np.arccos(c)
        e = norm / (2 * np.pi) * (np.sin(theta) + (np.pi - theta) * c)
        ed = (np.pi - theta) / (2 * np.pi)
        return e, ed
    if activation == "erf":
        a, b = 1 + 2 * k11, 1 + 2 * k22
        e = 2 / np.pi * np.arcsin(np.clip(2 * k12 / np.sqrt(a * b), -1.0, 1.0))
        ed = 4 / np.pi / np.sqrt(np.maximum(a * b - 4 * k12**2, 1e-300))
        return e, ed
    damp = np.exp(-(k11 + k22) / 2)
    return damp * np.cosh(k12), damp * np.sinh(k12)


def _inputs(X, name: str, d_in: int | None = None) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    if X.ndim == 1:
        X = X[None, :]
    if X.ndim != 2 or not np.all(np.isfinite(X)) or (d_in is not None and X.shape[1] != d_in):
        want = f"(n, {d_in})" if d_in is not None else "(n, d)"
        raise InvalidParameterError(
            f"The {name!r} inputs must be a finite 2-d array of shape {want}. Got shape {X.shape} instead."
        )
    return X


def kernels(
    X,
    Y=None,
    *,
    activation: str = "relu",
    depth: int = 1,
    sigma_w2: float = 2.0,
    sigma_b2: float = 0.1,
) -> tuple[np.ndarray, np.ndarray]:
    """The NN-GP kernel :math:`K^{L+1}(X, Y)` and the NTK :math:`\\Theta^{L+1}(X, Y)` of a
    fully connected network with ``depth`` hidden layers in the infinite-width limit.

    Parameters
    ----------
    X : array, shape (n, d)
    Y : array, shape (m, d), optional
        Defaults to ``X``.
    activation : {"relu", "erf", "cos"}
    depth : int
        Number of hidden layers :math:`L`.
    sigma_w2, sigma_b2 : float

    Returns
    -------
    (nngp, ntk) : two arrays of shape (n, m)

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> K, T = kernels(X, activation="relu", depth=1, sigma_w2=2.0, sigma_b2=0.0)
    >>> K.round(6).tolist()          # K^1 = x.x'/2 * 2; ReLU of orthogonal unit-variance inputs
    [[1.0, 0.31831], [0.31831, 1.0]]
    """
    validate_choice(activation, "activation", "kernels", ACTIVATIONS)
    depth = validate_int(depth, "depth", "kernels", min_value=1)
    sigma_w2 = validate_float(sigma_w2, "sigma_w2", "kernels", min_value=0.0, min_inclusive=False)
    sigma_b2 = validate_float(sigma_b2, "sigma_b2", "kernels", min_value=0.0)
    X = _inputs(X, "X")
    same = Y is None
    Y = X if same else _inputs(Y, "Y", X.shape[1])
    d = X.shape[1]
    kxy = sigma_b2 + sigma_w2 * (X @ Y.T) / d
    kxx = sigma_b2 + sigma_w2 * np.sum(X * X, axis=1) / d
    kyy = sigma_b2 + sigma_w2 * np.sum(Y * Y, axis=1) / d
    diag = np.diag_indices(X.shape[0])
    if same:
        kxy[diag] = kxx  # the same input: correlation exactly 1 (arccos is ill-conditioned there)
    txy = kxy.copy()
    for _ in range(depth):
        e, ed = gaussian_expectations(activation, kxx[:, None], kyy[None, :], kxy)
        ex, edx = gaussian_expectations(activation, kxx, kxx, kxx)
        ey, _ = gaussian_expectations(activation, kyy, kyy, kyy)
        if same:
            e[diag], ed[diag] = ex, edx
        new_kxy = sigma_b2 + sigma_w2 * e
        txy = new_kxy + sigma_w2 * ed * txy
        kxy, kxx, kyy = new_kxy, sigma_b2 + sigma_w2 * ex, sigma_b2 + sigma_w2 * ey
    return kxy, txy


def nngp_kernel(X, Y=None, **kw) -> np.ndarray:
    """The NN-GP kernel :math:`K^{L+1}(X, Y)`; keywords as :func:`kernels`.

    >>> float(nngp_kernel([[1.0]], activation="relu", depth=3, sigma_w2=2.0, sigma_b2=0.0)[0, 0])
    2.0
    """
    return kernels(X, Y, **kw)[0]


def ntk_kernel(X, Y=None, **kw) -> np.ndarray:
    """The neural tangent kernel :math:`\\Theta^{L+1}(X, Y)`; keywords as :func:`kernels`.

    >>> float(ntk_kernel([[1.0]], activation="relu", depth=1, sigma_w2=2.0, sigma_b2=0.0)[0, 0])
    4.0
    """
    return kernels(X, Y, **kw)[1]
