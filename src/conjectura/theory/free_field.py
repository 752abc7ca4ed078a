"""A free scalar field from a neural network: a single-layer cos network whose two-point
function is the Euclidean propagator :math:`1/(p^2 + m^2)` (with a momentum cutoff).

The architecture of Halverson, Maiti and Stoner (2021), eq. (11) of Gukov, Halverson and
Ruehle (2024): on :math:`\\mathbb R^d`,

.. math::

    \\phi(x) = \\sqrt{\\frac{2\\,\\mathrm{vol}(B_\\Lambda)}{\\sigma_a^2 (2\\pi)^d}}
        \\sum_{i=1}^N \\frac{a_i \\cos(b_i \\cdot x + c_i)}{\\sqrt{b_i^2 + m^2}},
    \\qquad a_i \\sim \\mathcal N(0, \\sigma_a^2 / N),\\; b_i \\sim U(B_\\Lambda),\\;
    c_i \\sim U[-\\pi, \\pi],

with :math:`B_\\Lambda` the ball of radius :math:`\\Lambda` in :math:`\\mathbb R^d`. Since
:math:`\\mathbb E_c[\\cos(b\\cdot x + c)\\cos(b\\cdot y + c)] = \\frac12\\cos(b\\cdot(x - y))`, at every
width :math:`N`

.. math::

    G^{(2)}(x, y) = \\int_{|p| < \\Lambda} \\frac{d^d p}{(2\\pi)^d}
        \\frac{e^{i p\\cdot(x - y)}}{p^2 + m^2}
    = \\frac{r^{1 - d/2}}{(2\\pi)^{d/2}} \\int_0^\\Lambda \\frac{p^{d/2} J_{d/2 - 1}(p r)}{p^2 + m^2}\\,dp,
    \\quad r = |x - y|,

translation and rotation invariant, and as :math:`\\Lambda \\to \\infty` (for ``r > 0``) the
free propagator :math:`(2\\pi)^{-d/2} (m/r)^{d/2 - 1} K_{d/2 - 1}(m r)`, e.g.
:math:`e^{-m r}/(2m)` in ``d = 1`` and :math:`e^{-m r}/(4\\pi r)` in ``d = 3``. As
:math:`N \\to \\infty` the field is Gaussian (the central limit theorem): a free field; at finite
``N`` its connected four-point function is of order :math:`1/N`.

In ``d = 1`` the cutoff can be removed: with :math:`b_i` Cauchy distributed with scale
:math:`m` (density :math:`m / (\\pi (b^2 + m^2))`) and constant amplitude,
:math:`\\phi(x) = \\sqrt{2 G_0} \\sum_i a_i \\cos(b_i x + c_i)`, :math:`G_0 = 1/(2m)`, one gets
exactly :math:`G^{(2)}(r) = e^{-m r}/(2m)` (``sampling="cauchy"``, importance sampling of the
spectral density).

References
----------
J. Halverson, A. Maiti and K. Stoner, "Neural networks and quantum field theory", Mach. Learn.:
Sci. Technol. 2 (2021) 035002, arXiv:2008.08601.

J. Halverson, "Building quantum field theories out of neurons", arXiv:2112.04527 (2021).

S. Gukov, J. Halverson and F. Ruehle, "Rigor with machine learning from field theory to the
Poincare conjecture", Nature Reviews Physics (2024), arXiv:2402.13321.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from conjectura.core.seeding import SeedLike, child_seeds
from conjectura.core.threads import limit_threads
from conjectura.core.validation import require, validate_choice, validate_float, validate_int
from conjectura.exceptions import InvalidParameterError

__all__ = [
    "FREE_FIELD_SAMPLINGS",
    "FreeFieldEnsemble",
    "sample_free_field",
    "cutoff_propagator",
    "continuum_propagator",
    "ball_volume",
    "coincident_four_point",
]

FREE_FIELD_SAMPLINGS = ("ball", "cauchy")


def ball_volume(d: int, radius: float) -> float:
    """:math:`\\mathrm{vol}(B_\\Lambda) = \\pi^{d/2} \\Lambda^d / \\Gamma(d/2 + 1)`.

    >>> round(ball_volume(3, 1.0), 6)
    4.18879
    """
    from scipy.special import gammaln

    return float(np.exp(0.5 * d * np.log(np.pi) + d * np.log(radius) - gammaln(0.5 * d + 1)))


def cutoff_propagator(r, d: int, mass: float, cutoff: float) -> np.ndarray:
    """:math:`\\int_{|p|<\\Lambda} \\frac{d^dp}{(2\\pi)^d} \\frac{e^{i p \\cdot x}}{p^2 + m^2}` at
    :math:`|x| = r` (module docstring), by adaptive quadrature of the radial integral.

    >>> bool(abs(cutoff_propagator(0.5, 1, 1.0, 2000.0) - np.exp(-0.5) / 2) < 1 / (np.pi * 2000))
    True
    """
    from scipy.integrate import quad
    from scipy.special import gamma, jv

    d = validate_int(d, "d", "cutoff_propagator", min_value=1)
    m = validate_float(mass, "mass", "cutoff_propagator", min_value=0.0, min_inclusive=False)
    lam = validate_float(cutoff, "cutoff", "cutoff_propagator", min_value=0.0, min_inclusive=False)
    rs = np.atleast_1d(np.asarray(r, dtype=float))
    out = np.empty(rs.shape)
    for i, ri in enumerate(rs.ravel()):
        ri = abs(float(ri))
        limit = max(200, int(4 * lam * ri))
        if ri == 0.0:
            area = 2 * np.pi ** (d / 2) / gamma(d / 2)  # surface of the unit sphere S^{d-1}
            val = (
                area
                / (2 * np.pi) ** d
                * quad(lambda p: p ** (d - 1) / (p * p + m * m), 0, lam, limit=limit)[0]
            )
        elif d == 1:
            val = quad(lambda p: 1 / (p * p + m * m), 0, lam, weight="cos", wvar=ri, limit=limit)[0] / np.pi
        elif d == 3:
            val = quad(lambda p: p / (p * p + m * m), 0, lam, weight="sin", wvar=ri, limit=limit)[0] / (
                2 * np.pi**2 * ri
            )
        else:
            nu = d / 2 - 1
            pref = ri ** (1 - d / 2) / (2 * np.pi) ** (d / 2)
            val = (
                pref
                * quad(
                    lambda p, nu=nu, ri=ri: p ** (d / 2) * jv(nu, p * ri) / (p * p + m * m),
                    0,
                    lam,
                    limit=limit,
                )[0]
            )
        out.ravel()[i] = val
    return out if np.ndim(r) else out[0]


def continuum_propagator(r, d: int, mass: float) -> np.ndarray:
    """The free Euclidean propagator without cutoff,
    :math:`(2\\pi)^{-d/2} (m/r)^{d/2-1} K_{d/2-1}(m r)` (``r > 0``; at ``r = 0`` finite only in
    ``d = 1``, where it is :math:`1/(2m)`).

    >>> float(continuum_propagator(1.0, 3, 1.0)) == float(np.exp(-1.0) / (4 * np.pi))
    True
    """
    from scipy.special import kv

    d = validate_int(d, "d", "continuum_propagator", min_value=1)
    m = validate_float(mass, "mass", "continuum_propagator", min_value=0.0, min_inclusive=False)
    r = np.abs(np.asarray(r, dtype=float))
    if d == 1:
        return np.exp(-m * r) / (2 * m)
    if d == 3:
        with np.errstate(divide="ignore"):
            return np.exp(-m * r) / (4 * np.pi * r)
    nu = d / 2 - 1
    with np.errstate(divide="ignore", invalid="ignore"):
        return (2 * np.pi) ** (-d / 2) * (m / r) ** nu * kv(nu, m * r)


def _ball_mean(d: int, radius: float, h) -> float:
    """E[h(|b|)] for b uniform in the d-ball: (d / R^d) int_0^R r^(d-1) h(r) dr."""
    from scipy.integrate import quad

    return float(d / radius**d * quad(lambda r: r ** (d - 1) * h(r), 0.0, radius, limit=200)[0])


def coincident_four_point(
    d: int, mass: float, cutoff: float | None, width: int, *, sampling: str = "ball", sigma_a2: float = 1.0
) -> float:
    """The exact connected four-point function :math:`G^{(4)}_c(x, x, x, x)` of the free-field
    network at width ``N`` (the same at every ``x``):

    .. math::

        G^{(4)}_c = \frac{3 \\sigma_a^4}{N} \\left( \\mathbb E[g^4] - \\mathbb E[g^2]^2 \right),
        \\qquad g = A(b) \\cos(b\\cdot x + c),

    because, given :math:`(b_i, c_i)`, the field is Gaussian with variance
    :math:`\frac{\\sigma_a^2}{N}\\sum_i g_i^2`, an average of ``N`` independent terms; here
    :math:`\\mathbb E_c[\\cos^2] = 1/2`, :math:`\\mathbb E_c[\\cos^4] = 3/8` and the moments of
    :math:`A(b)^2 = C^2/(b^2 + m^2)` over the ball are radial integrals. Exactly :math:`1/N`: the
    interactions of this network vanish as its width grows.

    >>> coincident_four_point(1, 1.0, None, 10, sampling="cauchy")   # 3 G0^2 / (2N), G0 = 1/2
    0.0375
    """
    validate_choice(sampling, "sampling", "coincident_four_point", FREE_FIELD_SAMPLINGS)
    N = validate_int(width, "width", "coincident_four_point", min_value=1)
    m = validate_float(mass, "mass", "coincident_four_point", min_value=0.0, min_inclusive=False)
    sa2 = validate_float(sigma_a2, "sigma_a2", "coincident_four_point", min_value=0.0, min_inclusive=False)
    if sampling == "cauchy":
        amp2 = 2 * (1 / (2 * m)) / sa2
        e2, e4 = amp2 / 2, 3 * amp2**2 / 8
    else:
        lam = validate_float(cutoff, "cutoff", "coincident_four_point", min_value=0.0, min_inclusive=False)
        c2 = 2 * ball_volume(d, lam) / (sa2 * (2 * np.pi) ** d)
        e2 = 0.5 * c2 * _ball_mean(d, lam, lambda r: 1 / (r * r + m * m))
        e4 = 3 / 8 * c2**2 * _ball_mean(d, lam, lambda r: 1 / (r * r + m * m) ** 2)
    return float(3 * sa2**2 * (e4 - e2**2) / N)


@dataclass(frozen=True)
class FreeFieldEnsemble:
    """Samples of the free-field network at the points ``X``: ``outputs`` (M, P) and the
    conditional kernels (M, P, P) (given :math:`b, c` the field is Gaussian)."""

    d: int
    width: int
    mass: float
    cutoff: float | None
    sampling: str
    X: np.ndarray = field(repr=False)
    outputs: np.ndarray = field(repr=False)
    kernels: np.ndarray = field(repr=False)

    @property
    def size(self) -> int:
        return int(self.outputs.shape[0])

    def exact_two_point(self, a: int, b: int) -> float:
        """The exact :math:`G^{(2)}(x_a, x_b)` of this network (with its cutoff)."""
        r = float(np.linalg.norm(self.X[a] - self.X[b]))
        if self.sampling == "cauchy":
            return float(continuum_propagator(r, 1, self.mass))
        return float(cutoff_propagator(r, self.d, self.mass, self.cutoff))


def _ball(torch, B, N, d, radius, gen, dtype):
    """Uniform points in the d-ball: a uniform direction times radius * U^(1/d)."""
    g = torch.randn(B, N, d, generator=gen, dtype=dtype)
    g = g / torch.linalg.vector_norm(g, dim=-1, keepdim=True)
    u = torch.rand(B, N, 1, generator=gen, dtype=dtype)
    return g * radius * u ** (1.0 / d)


def sample_free_field(
    X,
    n_networks: int,
    *,
    width: int = 256,
    mass: float = 1.0,
    cutoff: float | None = 10.0,
    sampling: str = "ball",
    sigma_a2: float = 1.0,
    seed: SeedLike = 0,
    batch_size: int | None = None,
    threads: int | None = 1,
) -> FreeFieldEnsemble:
    """Sample ``n_networks`` free-field networks (module docstring) at the points ``X``.

    Parameters
    ----------
    X : array, shape (P, d)
        Points of :math:`\\mathbb R^d`.
    n_networks : int
    width : int
        :math:`N`.
    mass, cutoff : float
        :math:`m` and :math:`\\Lambda` (``cutoff`` is ignored with ``sampling="cauchy"``).
    sampling : {"ball", "cauchy"}
        ``"ball"``: Halverson-Maiti-Stoner, any ``d``; ``"cauchy"``: ``d = 1`` only, no cutoff.
    sigma_a2 : float
        :math:`\\sigma_a^2` (drops out of the two-point function).
    seed : int, numpy.random.Generator or None

    Returns
    -------
    FreeFieldEnsemble

    Examples
    --------
    >>> ens = sample_free_field([[0.0], [0.5]], 4000, width=64, cutoff=50.0, seed=0)
    >>> g = ens.kernels[:, 0, 1]
    >>> bool(abs(g.mean() - ens.exact_two_point(0, 1)) < 4 * g.std() / np.sqrt(g.size))
    True
    """
    validate_choice(sampling, "sampling", "sample_free_field", FREE_FIELD_SAMPLINGS)
    M = validate_int(n_networks, "n_networks", "sample_free_field", min_value=1)
    N = validate_int(width, "width", "sample_free_field", min_value=1)
    m = validate_float(mass, "mass", "sample_free_field", min_value=0.0, min_inclusive=False)
    sa2 = validate_float(sigma_a2, "sigma_a2", "sample_free_field", min_value=0.0, min_inclusive=False)
    X = np.asarray(X, dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    if X.ndim != 2 or not np.all(np.isfinite(X)):
        raise InvalidParameterError(
            f"The 'X' points of sample_free_field must be a finite (P, d) array. Got shape {X.shape} instead."
        )
    P, d = X.shape
    if sampling == "cauchy":
        if d != 1:
            raise InvalidParameterError(
                f"The 'sampling' parameter of sample_free_field can be 'cauchy' only in d = 1. Got d = {d} instead."
            )
        lam = None
    else:
        if cutoff is None:
            raise InvalidParameterError(
                "The 'cutoff' parameter of sample_free_field is needed with sampling='ball' (the propagator "
                "1/(p^2+m^2) is not integrable in d >= 2). Got None instead."
            )
        lam = validate_float(cutoff, "cutoff", "sample_free_field", min_value=0.0, min_inclusive=False)
    torch = require("torch", extra="ml", purpose="to sample network ensembles")
    if batch_size is None:
        batch_size = max(1, min(M, (1 << 23) // (N * (P + d + 2))))
    n_batches = -(-M // batch_size)
    outs, kers = [], []
    with limit_threads(threads), torch.no_grad():
        Xt = torch.as_tensor(X, dtype=torch.float64)
        for k, s in enumerate(child_seeds(seed, n_batches)):
            B = min(batch_size, M - k * batch_size)
            gen = torch.Generator().manual_seed(s % (2**63))
            if sampling == "ball":
                b = _ball(torch, B, N, d, lam, gen, torch.float64)
                amp = (2 * ball_volume(d, lam) / (sa2 * (2 * np.pi) ** d)) ** 0.5 / torch.sqrt(
                    (b * b).sum(-1) + m * m
                )
            else:
                u = torch.rand(B, N, 1, generator=gen, dtype=torch.float64)
                b = m * torch.tan(np.pi * (u - 0.5))
                amp = torch.full((B, N), (2 * (1 / (2 * m)) / sa2) ** 0.5, dtype=torch.float64)
            c = (2 * torch.rand(B, N, 1, generator=gen, dtype=torch.float64) - 1) * np.pi
            a = torch.randn(B, N, generator=gen, dtype=torch.float64) * (sa2 / N) ** 0.5
            feat = amp.unsqueeze(-1) * torch.cos(b @ Xt.T + c)  # (B, N, P)
            outs.append(torch.einsum("bn,bnp->bp", a, feat).numpy())
            kers.append(((sa2 / N) * feat.transpose(1, 2) @ feat).numpy())
    return FreeFieldEnsemble(d, N, m, lam, sampling, X, np.concatenate(outs), np.concatenate(kers))
