"""Ensembles of randomly initialised fully connected networks, sampled in batches with PyTorch.

Two samplers of the same distribution (the architecture and parametrisation of
:class:`conjectura.theory.kernels.Architecture`):

``"weights"``
    Draw every weight and bias, run the batch of networks on the inputs (batched matrix
    products). The cost per network is :math:`O(L N^2 P)` for ``P`` inputs and ``N^2`` normal
    draws per layer.
``"gram"``
    Draw the pre-activations at the ``P`` inputs directly. Given the previous layer's
    activations :math:`h \\in \\mathbb R^{N \\times P}`, the rows of :math:`W^\\ell` are independent
    standard normal vectors, so the ``N`` units of :math:`z^{\\ell+1}` are independent
    :math:`\\mathcal N(0, G^{\\ell+1})` vectors with

    .. math::

        G^{\\ell+1} = \\sigma_b^2 \\mathbf 1 \\mathbf 1^{\\top} + \\frac{\\sigma_w^2}{N} h^{\\top} h ,

    which is exact in distribution and costs :math:`O(L N P^2)` per network. (This is the
    Markov chain of Gram matrices through depth of Hanin 2022 and Roberts, Yaida and Hanin 2022.)

Both return, besides the outputs, the conditional output kernel :math:`G^{L+1}` of every
network: given the last hidden layer, the output is exactly Gaussian with that covariance,
which gives lower-variance (Rao-Blackwellised) estimators of correlators
(:mod:`conjectura.theory.correlators`).

References
----------
B. Hanin, "Correlation functions in random fully connected neural networks at finite width",
arXiv:2204.01058 (2022).

D. A. Roberts, S. Yaida and B. Hanin, The Principles of Deep Learning Theory, Cambridge
University Press (2022), arXiv:2106.10165.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from conjectura.core.seeding import SeedLike, child_seeds
from conjectura.core.threads import limit_threads
from conjectura.core.validation import require, validate_choice, validate_int
from conjectura.exceptions import InvalidParameterError
from conjectura.theory.kernels import Architecture, _inputs, activation_fn

__all__ = ["Ensemble", "sample_ensemble", "SAMPLERS"]

SAMPLERS = ("gram", "weights")


@dataclass(frozen=True)
class Ensemble:
    """Outputs of ``M`` independent networks at ``P`` inputs.

    Attributes
    ----------
    arch : Architecture
    X : numpy.ndarray, shape (P, d_in)
    outputs : numpy.ndarray, shape (M, P)
        :math:`f_m(x_p)`.
    kernels : numpy.ndarray, shape (M, P, P)
        The conditional output kernels :math:`G^{L+1}_m` (outputs given the last hidden layer
        are :math:`\\mathcal N(0, G^{L+1}_m)`).
    sampler : str
    seed : int or None
    """

    arch: Architecture
    X: np.ndarray = field(repr=False)
    outputs: np.ndarray = field(repr=False)
    kernels: np.ndarray = field(repr=False)
    sampler: str = "gram"
    seed: int | None = None

    @property
    def size(self) -> int:
        return int(self.outputs.shape[0])


def _torch():
    return require("torch", extra="ml", purpose="to sample network ensembles")


def _psd_sqrt(torch, G):
    """A batch of matrix square roots ``S`` with ``S S^T = G`` for PSD ``G`` (eigh, so a singular
    Gram matrix, e.g. more inputs than units, is fine)."""
    lam, U = torch.linalg.eigh(G)
    return U * torch.sqrt(torch.clamp(lam, min=0.0)).unsqueeze(-2)


def _batch_gram(torch, arch: Architecture, X, B: int, gen, phi):
    P = X.shape[0]
    sw2, sb2, N = arch.sigma_w2, arch.sigma_b2, arch.width
    G = sb2 + sw2 * (X @ X.T) / arch.d_in  # (P, P), the same for every network
    S = _psd_sqrt(torch, G).expand(B, P, P)
    for _ in range(arch.depth):
        z = S @ torch.randn(B, P, N, generator=gen, dtype=X.dtype)  # (B, P, N): units are columns
        h = phi(z)
        G = sb2 + sw2 * (h @ h.transpose(1, 2)) / N  # (B, P, P)
        S = _psd_sqrt(torch, G)
    f = (S @ torch.randn(B, P, 1, generator=gen, dtype=X.dtype))[..., 0]
    return f, G


def _batch_weights(torch, arch: Architecture, X, B: int, gen, phi):
    sw, sb, N = arch.sigma_w2**0.5, arch.sigma_b2**0.5, arch.width
    dt = X.dtype
    W = torch.randn(B, N, arch.d_in, generator=gen, dtype=dt)
    b = torch.randn(B, N, 1, generator=gen, dtype=dt)
    z = sw / arch.d_in**0.5 * (W @ X.T) + sb * b  # (B, N, P)
    for _ in range(arch.depth - 1):
        h = phi(z)
        W = torch.randn(B, N, N, generator=gen, dtype=dt)
        b = torch.randn(B, N, 1, generator=gen, dtype=dt)
        z = sw / N**0.5 * (W @ h) + sb * b
    h = phi(z)
    G = arch.sigma_b2 + arch.sigma_w2 * (h.transpose(1, 2) @ h) / N
    v = torch.randn(B, 1, N, generator=gen, dtype=dt)
    b = torch.randn(B, 1, 1, generator=gen, dtype=dt)
    f = (sw / N**0.5 * (v @ h) + sb * b)[:, 0, :]
    return f, G


def sample_ensemble(
    arch: Architecture,
    X,
    n_networks: int,
    *,
    sampler: str = "gram",
    seed: SeedLike = 0,
    batch_size: int | None = None,
    threads: int | None = 1,
) -> Ensemble:
    """Sample ``n_networks`` independent networks of ``arch`` and evaluate them at ``X``.

    Parameters
    ----------
    arch : Architecture
    X : array, shape (P, d_in)
        Inputs.
    n_networks : int
        Ensemble size :math:`M`.
    sampler : {"gram", "weights"}
        See the module docstring; both sample the same distribution.
    seed : int, numpy.random.Generator or None
        Batch ``k`` uses the ``k``-th child seed, so a result does not depend on the number of
        threads.
    batch_size : int, optional
        Networks per batch (default: about 2^24 numbers drawn per batch).
    threads : int or None
        Torch/BLAS threads (see :func:`conjectura.core.threads.limit_threads`).

    Returns
    -------
    Ensemble

    Examples
    --------
    >>> arch = Architecture(d_in=2, width=32, depth=1, activation="erf")
    >>> ens = sample_ensemble(arch, [[1.0, 0.0], [0.6, 0.8]], 1000, seed=0)
    >>> ens.outputs.shape, ens.kernels.shape
    ((1000, 2), (1000, 2, 2))
    """
    if not isinstance(arch, Architecture):
        raise InvalidParameterError(
            f"The 'arch' parameter of sample_ensemble must be an Architecture. Got {arch!r} instead."
        )
    validate_choice(sampler, "sampler", "sample_ensemble", SAMPLERS)
    M = validate_int(n_networks, "n_networks", "sample_ensemble", min_value=1)
    Xn = _inputs(X, "X", arch.d_in)
    P, N = Xn.shape[0], arch.width
    per_net = (
        (arch.depth * N * P + P)
        if sampler == "gram"
        else (arch.d_in * N + (arch.depth - 1) * N * N + 2 * N * arch.depth + N)
    )
    if batch_size is None:
        batch_size = max(1, min(M, (1 << 24) // max(per_net, 1)))
    batch_size = validate_int(batch_size, "batch_size", "sample_ensemble", min_value=1)
    torch = _torch()
    n_batches = -(-M // batch_size)
    outs, kers = [], []
    with limit_threads(threads), torch.no_grad():
        Xt = torch.as_tensor(Xn, dtype=torch.float64)
        phi = activation_fn(arch.activation, torch)
        step = _batch_gram if sampler == "gram" else _batch_weights
        for k, s in enumerate(child_seeds(seed, n_batches)):
            B = min(batch_size, M - k * batch_size)
            gen = torch.Generator().manual_seed(s % (2**63))
            f, G = step(torch, arch, Xt, B, gen, phi)
            outs.append(f.numpy())
            kers.append(G.numpy())
    seed_int = seed if isinstance(seed, int) else None
    return Ensemble(arch, Xn, np.concatenate(outs), np.concatenate(kers), sampler, seed_int)
