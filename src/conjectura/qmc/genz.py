"""Genz's test integrands on :math:`[0, 1]^d` with their exact integrals and variances.

Five of Genz's six families (the corner peak is left out: its exact integral is an alternating
sum over all :math:`2^d` vertices of the cube, useless at ``d = 128``):

=================  =================================================================  ==========
family             :math:`f(x)`                                                        smoothness
=================  =================================================================  ==========
``oscillatory``    :math:`\\cos(2\\pi u_1 + \\sum_i a_i x_i)`                             analytic
``product_peak``   :math:`\\prod_i (a_i^{-2} + (x_i - u_i)^2)^{-1}`                      analytic
``gaussian``       :math:`\\exp(-\\sum_i a_i^2 (x_i - u_i)^2)`                            analytic
``continuous``     :math:`\\exp(-\\sum_i a_i |x_i - u_i|)`                                C^0, kinks
``discontinuous``  :math:`\\exp(\\sum_i a_i x_i)` if :math:`x_1 \\le u_1, x_2 \\le u_2`, else 0  jumps
=================  =================================================================  ==========

The exact integral :math:`I = \\int f` and :math:`\\int f^2` are products (or, for the
oscillatory family, real parts of products) of one-dimensional closed forms, so
:math:`\\sigma^2 = \\int f^2 - I^2` is exact too: :math:`\\sigma/\\sqrt{n}` is the
root-mean-square error of plain Monte Carlo with ``n`` points. The product families are
evaluated as :math:`\\prod_i f_i(x_i) / I_i` (each factor divided by its own integral) so their
integral is 1 in every dimension and nothing under- or overflows at ``d = 128``.

Conventions: the shifts :math:`u_i` are uniform on :math:`[0, 1]` (seeded) and the coefficients
are :math:`a_i = c_f\\, i^{-\\text{decay}}` with a per-family scale :math:`c_f`
(:data:`DEFAULT_SCALES`). With ``decay = 0`` every coordinate matters equally, so the effective
dimension grows with ``d``; ``decay = 2`` makes the integrand effectively low-dimensional.

References
----------
A. Genz, "Testing multidimensional integration routines", in Tools, Methods and Languages for
Scientific and Engineering Computation, North-Holland (1984) 81-94.

A. Genz, "A package for testing multiple integration subroutines", in Numerical Integration:
Recent Developments, Software and Applications, Reidel (1987) 337-340.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from conjectura.core.seeding import SeedLike, as_generator
from conjectura.core.validation import validate_choice, validate_float, validate_int
from conjectura.exceptions import InvalidParameterError

__all__ = ["GENZ_FAMILIES", "DEFAULT_SCALES", "GenzIntegrand", "genz"]

GENZ_FAMILIES = ("oscillatory", "product_peak", "gaussian", "continuous", "discontinuous")

#: Per-family coefficient scale c_f (a_i = c_f i^-decay); chosen so that at d = 128 with equal
#: coefficients the relative standard deviation sigma / I stays of order one.
DEFAULT_SCALES = {
    "oscillatory": 0.25,
    "product_peak": 0.5,
    "gaussian": 0.5,
    "continuous": 0.2,
    "discontinuous": 0.1,
}


def _erf(x):
    from scipy.special import erf

    return erf(x)


def _peak_1d(a, u):
    """int_0^1 of 1/(a^-2 + (x-u)^2) and of its square."""
    c = a**-2
    t1, t0 = 1.0 - u, -u
    i1 = a * (np.arctan(a * t1) - np.arctan(a * t0))

    def prim(t):
        return t / (2 * c * (c + t * t)) + np.arctan(t / np.sqrt(c)) / (2 * c**1.5)

    return i1, prim(t1) - prim(t0)


def _gauss_1d(a, u):
    def one(b):
        return np.sqrt(np.pi) / (2 * b) * (_erf(b * (1 - u)) + _erf(b * u))

    return one(a), one(np.sqrt(2.0) * a)


def _cont_1d(a, u):
    def one(b):
        return (2.0 - np.exp(-b * u) - np.exp(-b * (1 - u))) / b

    return one(a), one(2 * a)


def _disc_1d(a, u, cut):
    top = np.where(cut, u, 1.0)

    def one(b):
        return np.expm1(b * top) / b

    return one(a), one(2 * a)


@dataclass(frozen=True)
class GenzIntegrand:
    """One Genz test integrand; call it on an array of points of shape ``(m, d)``.

    Attributes
    ----------
    family : str
    a, u : numpy.ndarray
        Coefficients and shifts (shape ``(d,)``).
    exact : float
        :math:`\\int_{[0,1]^d} f` (1 for the product families, which are normalised).
    variance : float
        :math:`\\int f^2 - (\\int f)^2`.
    """

    family: str
    a: np.ndarray = field(repr=False)
    u: np.ndarray = field(repr=False)
    exact: float = 0.0
    variance: float = 0.0
    _factors: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def d(self) -> int:
        return int(self.a.size)

    @property
    def std(self) -> float:
        """:math:`\\sigma = \\sqrt{\\operatorname{Var} f}`."""
        return float(np.sqrt(self.variance))

    @property
    def smooth(self) -> bool:
        """Whether the integrand is infinitely differentiable on the cube."""
        return self.family in ("oscillatory", "product_peak", "gaussian")

    def __call__(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        if x.ndim != 2 or x.shape[1] != self.d:
            raise InvalidParameterError(
                f"A {self.family} integrand in d = {self.d} takes points of shape (m, {self.d}). "
                f"Got shape {x.shape} instead."
            )
        a, u = self.a, self.u
        if self.family == "oscillatory":
            return np.cos(2 * np.pi * u[0] + x @ a)
        if self.family == "product_peak":
            # prod_i f_i / I_i = exp(sum_i -log(a_i^-2 + (x_i-u_i)^2) - log I_i)
            return np.exp(-np.log(a**-2 + (x - u) ** 2).sum(axis=1) - self._factors.sum())
        if self.family == "gaussian":
            return np.exp(-(((x - u) * a) ** 2).sum(axis=1) - self._factors.sum())
        if self.family == "continuous":
            return np.exp(-(np.abs(x - u) * a).sum(axis=1) - self._factors.sum())
        inside = x[:, 0] <= u[0]
        if self.d > 1:
            inside &= x[:, 1] <= u[1]
        return np.where(inside, np.exp(x @ a - self._factors.sum()), 0.0)

    def to_dict(self) -> dict:
        return {
            "family": self.family,
            "d": self.d,
            "a": self.a.tolist(),
            "u": self.u.tolist(),
            "exact": self.exact,
            "variance": self.variance,
        }


def genz(
    family: str,
    d: int,
    *,
    scale: float | None = None,
    decay: float = 0.0,
    seed: SeedLike = 0,
) -> GenzIntegrand:
    """A Genz test integrand of ``family`` in ``d`` dimensions with its exact integral.

    Parameters
    ----------
    family : str
        One of :data:`GENZ_FAMILIES`.
    d : int
        Dimension.
    scale : float, optional
        The coefficient scale :math:`c_f` (default :data:`DEFAULT_SCALES`).
    decay : float
        :math:`a_i = c_f\\, i^{-\\text{decay}}`.
    seed : int, numpy.random.Generator or None
        Randomness of the shifts :math:`u_i \\sim U[0, 1]`.

    Returns
    -------
    GenzIntegrand

    Examples
    --------
    >>> f = genz("gaussian", 3, seed=1)
    >>> f.exact
    1.0
    >>> import numpy as np
    >>> x = np.random.default_rng(0).random((200_000, 3))
    >>> bool(abs(f(x).mean() - f.exact) < 4 * f.std / np.sqrt(len(x)))
    True
    """
    validate_choice(family, "family", "genz", GENZ_FAMILIES)
    d = validate_int(d, "d", "genz", min_value=1)
    scale = (
        DEFAULT_SCALES[family]
        if scale is None
        else validate_float(scale, "scale", "genz", min_value=0.0, min_inclusive=False)
    )
    decay = validate_float(decay, "decay", "genz", min_value=0.0)
    a = scale * np.arange(1, d + 1, dtype=float) ** (-decay)
    u = as_generator(seed).random(d)
    if family == "oscillatory":
        # prod_j (e^{i a_j} - 1) / (i a_j) = prod_j e^{i a_j / 2} sinc-like factor
        def prod_phase(b, phase0):
            log_mod = np.sum(np.log(np.abs(np.sinc(b / (2 * np.pi)))))
            arg = phase0 + np.sum(b) / 2 + np.pi * np.sum(np.sinc(b / (2 * np.pi)) < 0)
            return np.exp(log_mod) * np.cos(arg)

        exact = float(prod_phase(a, 2 * np.pi * u[0]))
        second = 0.5 + 0.5 * float(prod_phase(2 * a, 4 * np.pi * u[0]))
        return GenzIntegrand(family, a, u, exact, max(second - exact**2, 0.0))
    if family == "product_peak":
        i1, i2 = _peak_1d(a, u)
    elif family == "gaussian":
        i1, i2 = _gauss_1d(a, u)
    elif family == "continuous":
        i1, i2 = _cont_1d(a, u)
    else:
        i1, i2 = _disc_1d(a, u, np.arange(d) < 2)
    factors = np.log(i1)  # each factor f_i is divided by its integral I_i
    # normalised: int f = 1, int f^2 = prod_i i2_i / i1_i^2
    second = float(np.exp(np.sum(np.log(i2) - 2 * np.log(i1))))
    return GenzIntegrand(family, a, u, 1.0, max(second - 1.0, 0.0), factors)
