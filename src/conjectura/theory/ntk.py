"""The empirical neural tangent kernel with :mod:`torch.func`, and its drift during training.

For a network :math:`f_\\theta` the empirical NTK is

.. math::

    \\hat\\Theta(x, x') = \\sum_{p} \\frac{\\partial f_\\theta(x)}{\\partial \\theta_p}
                                  \\frac{\\partial f_\\theta(x')}{\\partial \\theta_p},

and under gradient flow on :math:`\\mathcal L = \\frac12 \\sum_{x \\in D} (f(x) - y(x))^2` the
outputs move as :math:`\\dot f(x) = -\\sum_{x' \\in D} \\hat\\Theta(x, x') (f(x') - y(x'))`. In the
NTK parametrisation (:mod:`conjectura.theory.kernels`) :math:`\\hat\\Theta` converges at
initialisation to the deterministic kernel :math:`\\Theta^{L+1}` as the width grows, with
fluctuations of order :math:`N^{-1/2}`, and stays constant during training up to changes of
order :math:`N^{-1/2}` (Jacot, Gabriel and Hongler 2018; Lee et al. 2019).

References
----------
A. Jacot, F. Gabriel and C. Hongler, "Neural tangent kernel: convergence and generalization in
neural networks", NeurIPS 2018, arXiv:1806.07572.

J. Lee, L. Xiao, S. S. Schoenholz, Y. Bahri, R. Novak, J. Sohl-Dickstein and J. Pennington,
"Wide neural networks of any depth evolve as linear models under gradient descent",
NeurIPS 2019, arXiv:1902.06720.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np

from conjectura.core.seeding import SeedLike, seed_int
from conjectura.core.threads import limit_threads
from conjectura.core.validation import require, validate_float, validate_int
from conjectura.exceptions import InvalidParameterError
from conjectura.theory.kernels import Architecture, _inputs, activation_fn

__all__ = ["make_network", "empirical_ntk", "TrainingRun", "train_and_track_ntk"]


def make_network(arch: Architecture, *, seed: SeedLike = 0):
    """A :class:`torch.nn.Module` of ``arch`` in the NTK parametrisation (standard normal
    parameters; the scales :math:`\\sigma_w/\\sqrt{\\text{fan-in}}` and :math:`\\sigma_b` are in the
    forward pass), in float64.

    >>> net = make_network(Architecture(d_in=2, width=8, depth=2), seed=0)
    >>> sum(p.numel() for p in net.parameters())
    105
    """
    torch = require("torch", extra="ml", purpose="for the empirical NTK")
    if not isinstance(arch, Architecture):
        raise InvalidParameterError(
            f"The 'arch' parameter of make_network must be an Architecture. Got {arch!r} instead."
        )
    from conjectura.core.seeding import as_generator

    s = int(as_generator(seed).integers(0, 2**63 - 1))
    gen = torch.Generator().manual_seed(s)
    phi = activation_fn(arch.activation, torch)
    sw, sb = arch.sigma_w2**0.5, arch.sigma_b2**0.5

    class NTKNet(torch.nn.Module):
        def __init__(self):
            super().__init__()
            sizes = [arch.d_in] + [arch.width] * arch.depth + [1]
            self.weights = torch.nn.ParameterList(
                [
                    torch.nn.Parameter(torch.randn(o, i, generator=gen, dtype=torch.float64))
                    for i, o in itertools.pairwise(sizes)
                ]
            )
            self.biases = torch.nn.ParameterList(
                [torch.nn.Parameter(torch.randn(o, generator=gen, dtype=torch.float64)) for o in sizes[1:]]
            )

        def forward(self, x):
            h = x
            last = len(self.weights) - 1
            for k, (W, b) in enumerate(zip(self.weights, self.biases)):
                h = sw / W.shape[1] ** 0.5 * h @ W.T + sb * b
                if k < last:
                    h = phi(h)
            return h[..., 0]

    return NTKNet()


def empirical_ntk(net, X) -> np.ndarray:
    """The empirical NTK :math:`\\hat\\Theta(X, X)` of a scalar-output ``net``: the Jacobian of
    the outputs with respect to all parameters, by :func:`torch.func.jacrev` with
    :func:`torch.func.functional_call`, contracted with itself.

    >>> from conjectura.theory.kernels import ntk_kernel
    >>> arch = Architecture(d_in=2, width=4, depth=1, activation="relu")
    >>> T = empirical_ntk(make_network(arch, seed=0), [[1.0, 0.0], [0.0, 1.0]])
    >>> T.shape, bool(np.allclose(T, T.T))
    ((2, 2), True)
    """
    torch = require("torch", extra="ml", purpose="for the empirical NTK")
    from torch.func import functional_call, jacrev

    X = np.asarray(X, dtype=float)
    Xt = torch.as_tensor(X if X.ndim == 2 else X[None, :], dtype=torch.float64)
    params = {k: v.detach() for k, v in net.named_parameters()}

    def f(p):
        return functional_call(net, p, (Xt,))

    J = jacrev(f)(params)  # name -> (P, *shape)
    P = Xt.shape[0]
    T = torch.zeros(P, P, dtype=torch.float64)
    for j in J.values():
        j = j.reshape(P, -1)
        T += j @ j.T
    return T.numpy()


@dataclass(frozen=True)
class TrainingRun:
    """Full-batch gradient descent on the squared loss, with the empirical NTK before and
    after. ``ntk_drift`` is :math:`\\|\\hat\\Theta_T - \\hat\\Theta_0\\|_F / \\|\\hat\\Theta_0\\|_F`."""

    arch: Architecture
    steps: int
    lr: float
    losses: np.ndarray = field(repr=False)
    ntk_initial: np.ndarray = field(repr=False)
    ntk_final: np.ndarray = field(repr=False)
    seed: int | None = None

    @property
    def ntk_drift(self) -> float:
        return float(np.linalg.norm(self.ntk_final - self.ntk_initial) / np.linalg.norm(self.ntk_initial))


def train_and_track_ntk(
    arch: Architecture,
    X,
    y,
    *,
    steps: int = 200,
    lr: float | None = None,
    seed: SeedLike = 0,
    threads: int | None = 1,
) -> TrainingRun:
    """Train a network of ``arch`` by full-batch gradient descent on
    :math:`\\frac12 \\sum (f(x) - y)^2` and record the empirical NTK at the start and the end.

    Parameters
    ----------
    arch : Architecture
    X, y : arrays of shapes (P, d_in) and (P,)
    steps : int
    lr : float, optional
        Learning rate; default :math:`1/\\lambda_{\\max}(\\Theta^{L+1}(X, X))` of the analytic NTK,
        the same at every width (the NTK parametrisation makes that possible).
    seed : int, numpy.random.Generator or None
        The initialisation.

    Returns
    -------
    TrainingRun

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.6, 0.8], [0.0, 1.0]])
    >>> run = train_and_track_ntk(Architecture(d_in=2, width=64), X, np.array([0.5, -0.2, 0.3]), steps=50)
    >>> bool(run.losses[-1] < run.losses[0])
    True
    """
    torch = require("torch", extra="ml", purpose="for the empirical NTK")
    from conjectura.theory.kernels import ntk_kernel

    X = _inputs(X, "X", arch.d_in)
    y = np.asarray(y, dtype=float).reshape(-1)
    if y.shape[0] != X.shape[0] or not np.all(np.isfinite(y)):
        raise InvalidParameterError(
            f"The targets 'y' of train_and_track_ntk must be {X.shape[0]} finite numbers. Got shape {y.shape} instead."
        )
    steps = validate_int(steps, "steps", "train_and_track_ntk", min_value=1)
    if lr is None:
        theta = ntk_kernel(
            X, activation=arch.activation, depth=arch.depth, sigma_w2=arch.sigma_w2, sigma_b2=arch.sigma_b2
        )
        lr = 1.0 / float(np.linalg.eigvalsh(theta)[-1])
    lr = validate_float(lr, "lr", "train_and_track_ntk", min_value=0.0, min_inclusive=False)
    with limit_threads(threads):
        net = make_network(arch, seed=seed)
        t0 = empirical_ntk(net, X)
        Xt = torch.as_tensor(X, dtype=torch.float64)
        yt = torch.as_tensor(y, dtype=torch.float64)
        opt = torch.optim.SGD(net.parameters(), lr=lr)
        losses = np.empty(steps + 1)
        for k in range(steps):
            opt.zero_grad()
            loss = 0.5 * ((net(Xt) - yt) ** 2).sum()
            losses[k] = float(loss.detach())
            loss.backward()
            opt.step()
        with torch.no_grad():
            losses[steps] = float(0.5 * ((net(Xt) - yt) ** 2).sum())
        t1 = empirical_ntk(net, X)
    return TrainingRun(
        arch, steps, lr, losses, t0, t1, seed_int(seed) if not isinstance(seed, np.random.Generator) else None
    )
