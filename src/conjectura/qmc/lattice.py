"""Rank-1 lattice rules: generating vectors by the fast component-by-component construction.

A rank-1 lattice rule with ``n`` points and generating vector :math:`z \\in \\{1, \\dots, n-1\\}^d`
uses the points

.. math::

    x_k = \\left\\{ \\frac{k z}{n} + \\Delta \\right\\}, \\qquad k = 0, \\dots, n - 1,

with :math:`\\{\\cdot\\}` the fractional part and :math:`\\Delta` a uniform random shift (zero for
the unshifted rule). The generating vector is chosen one coordinate at a time to minimise the
shift-averaged worst-case error in the weighted unanchored Sobolev space of first-order mixed
smoothness with product weights :math:`\\gamma_j` (Dick, Kuo and Sloan 2013, section 5):

.. math::

    e^2(z) = -1 + \\frac{1}{n} \\sum_{k=0}^{n-1} \\prod_{j=1}^{d}
             \\left(1 + \\gamma_j B_2\\left(\\left\\{\\frac{k z_j}{n}\\right\\}\\right)\\right),
    \\qquad B_2(x) = x^2 - x + \\tfrac16 .

For prime ``n`` each coordinate's search over all ``n - 1`` candidates is one circular
convolution (Nuyens and Cools 2006), so the construction costs :math:`O(d\\, n \\log n)`.
The vectors are not copied from a table: they are computed here, and the tests check them
against a brute-force search and against the classical Fibonacci lattice in two dimensions.

References
----------
D. Nuyens and R. Cools, "Fast algorithms for component-by-component construction of rank-1
lattice rules in shift-invariant reproducing kernel Hilbert spaces", Math. Comp. 75 (2006)
903-920, doi:10.1090/S0025-5718-06-01785-6.

J. Dick, F. Y. Kuo and I. H. Sloan, "High-dimensional integration: the quasi-Monte Carlo way",
Acta Numerica 22 (2013) 133-288, doi:10.1017/S0962492913000044.

F. J. Hickernell, "Obtaining O(N^{-2+eps}) convergence for lattice quadrature rules", in
Monte Carlo and Quasi-Monte Carlo Methods 2000, Springer (2002) 274-289 (the tent transform).
"""

from __future__ import annotations

import functools

import numpy as np

from conjectura.core.seeding import SeedLike, as_generator
from conjectura.core.validation import validate_int
from conjectura.exceptions import InvalidParameterError

__all__ = [
    "bernoulli2",
    "product_weights",
    "lattice_error",
    "cbc_generating_vector",
    "lattice_points",
    "tent_transform",
    "largest_prime_at_most",
]


def bernoulli2(x: np.ndarray) -> np.ndarray:
    """The Bernoulli polynomial :math:`B_2(x) = x^2 - x + 1/6` (its Fourier series is
    :math:`\\sum_{h \\ne 0} e^{2\\pi i h x} / (2\\pi^2 h^2)` on :math:`[0, 1]`).

    >>> round(float(bernoulli2(np.array(0.5))), 12)
    -0.083333333333
    """
    x = np.asarray(x, dtype=float)
    return x * x - x + 1.0 / 6.0


def product_weights(d: int, weights: float | str | np.ndarray = "inverse-square") -> np.ndarray:
    """The product weights :math:`\\gamma_1, \\dots, \\gamma_d` of the construction.

    ``"inverse-square"``: :math:`\\gamma_j = j^{-2}` (the later coordinates matter less, the
    usual choice for integrands of low effective dimension); ``"equal"``: :math:`\\gamma_j = 1`;
    a float ``g``: :math:`\\gamma_j = g`; an array: used as given (its first ``d`` entries).

    >>> product_weights(3).tolist()
    [1.0, 0.25, 0.1111111111111111]
    """
    d = validate_int(d, "d", "product_weights", min_value=1)
    if isinstance(weights, str):
        if weights == "inverse-square":
            return 1.0 / np.arange(1, d + 1, dtype=float) ** 2
        if weights == "equal":
            return np.ones(d)
        raise InvalidParameterError(
            "The 'weights' parameter of product_weights must be 'inverse-square', 'equal', a positive "
            f"float or an array of positive floats. Got {weights!r} instead."
        )
    w = np.broadcast_to(np.asarray(weights, dtype=float), (d,)) if np.ndim(weights) == 0 else weights
    w = np.asarray(w, dtype=float)
    if w.ndim != 1 or w.size < d or not np.all(np.isfinite(w[:d])) or np.any(w[:d] <= 0):
        raise InvalidParameterError(
            "The 'weights' parameter of product_weights must hold at least d positive finite floats. "
            f"Got {weights!r} instead."
        )
    return w[:d].astype(float)


def lattice_error(z, n: int, weights: float | str | np.ndarray = "inverse-square") -> float:
    """The squared shift-averaged worst-case error :math:`e^2(z)` of the rank-1 lattice rule
    with ``n`` points and generating vector ``z`` (formula in the module docstring), computed
    directly in :math:`O(n d)`.

    >>> round(lattice_error([1, 55], 89, "equal"), 6) < round(lattice_error([1, 2], 89, "equal"), 6)
    True
    """
    z = np.atleast_1d(np.asarray(z, dtype=np.int64))
    n = validate_int(n, "n", "lattice_error", min_value=2)
    gamma = product_weights(z.size, weights)
    k = np.arange(n, dtype=np.int64)
    prod = np.ones(n)
    for j in range(z.size):
        prod *= 1.0 + gamma[j] * bernoulli2(((k * z[j]) % n) / n)
    return float(prod.mean() - 1.0)


def largest_prime_at_most(m: int) -> int:
    """The largest prime :math:`p \\le m` (``m >= 2``).

    >>> largest_prime_at_most(1024)
    1021
    """
    from sympy import isprime, prevprime

    m = validate_int(m, "m", "largest_prime_at_most", min_value=2)
    return m if isprime(m) else int(prevprime(m))


def cbc_generating_vector(n: int, d: int, weights: float | str | np.ndarray = "inverse-square") -> np.ndarray:
    """The generating vector of a rank-1 lattice rule with a prime number ``n`` of points in
    ``d`` dimensions by the fast component-by-component construction (Nuyens and Cools 2006).

    Coordinate ``s`` takes the value :math:`z_s \\in \\{1, \\dots, n - 1\\}` that minimises
    :math:`e^2(z_1, \\dots, z_s)` given the earlier ones; :math:`z_1 = 1` (in one dimension
    every candidate gives the same rule). For prime ``n`` the candidates are the powers
    :math:`g^a` of a primitive root ``g``, and the errors of all of them are one circular
    convolution of length ``n - 1``. The construction is extensible in dimension: the first
    ``d'`` entries of the vector for ``d`` are the vector for ``d' < d``.

    Parameters
    ----------
    n : int
        A prime number of points, ``n >= 3``.
    d : int
        Dimension, ``d >= 1``.
    weights : str, float or array
        Product weights, see :func:`product_weights`.

    Returns
    -------
    numpy.ndarray of int64, shape (d,)

    Examples
    --------
    >>> cbc_generating_vector(89, 2, "equal").tolist() in ([1, 34], [1, 55])   # Fibonacci
    True
    """
    n = validate_int(n, "n", "cbc_generating_vector", min_value=3)
    d = validate_int(d, "d", "cbc_generating_vector", min_value=1)
    from sympy import isprime

    if not isprime(n):
        raise InvalidParameterError(
            f"The 'n' parameter of cbc_generating_vector must be a prime number. Got {n} instead "
            f"(use largest_prime_at_most({n}) = {largest_prime_at_most(n)})."
        )
    gamma = product_weights(d, weights)
    return _cbc(n, d, tuple(gamma.tolist()))


@functools.lru_cache(maxsize=64)
def _cbc(n: int, d: int, gamma: tuple[float, ...]) -> np.ndarray:
    from sympy import primitive_root

    g = int(primitive_root(n))
    m = n - 1
    # perm[t] = g^t mod n, t = 0..n-2 (all of 1..n-1 once)
    perm = np.empty(m, dtype=np.int64)
    perm[0] = 1
    for t in range(1, m):
        perm[t] = (perm[t - 1] * g) % n
    c = bernoulli2(perm / n)  # c_t = B2({g^t / n})
    c_hat = np.fft.rfft(c)
    inv_perm = np.empty(m, dtype=np.int64)  # k_b = g^{-b} mod n = perm[(-b) mod m]
    inv_perm[0] = 1
    inv_perm[1:] = perm[::-1][: m - 1]
    k = np.arange(n, dtype=np.int64)
    prod = np.ones(n)  # p(k) = prod over chosen coordinates of (1 + gamma_j B2({k z_j / n}))
    z = np.empty(d, dtype=np.int64)
    z[0] = 1
    prod *= 1.0 + gamma[0] * bernoulli2(k / n)
    for s in range(1, d):
        q = prod[inv_perm]  # q_b = p(g^{-b})
        # S(a) = sum_b c_{a-b} q_b for z = g^a: a circular convolution
        s_vals = np.fft.irfft(c_hat * np.fft.rfft(q), n=m)
        a = int(np.argmin(s_vals))
        z[s] = perm[a]
        prod *= 1.0 + gamma[s] * bernoulli2(((k * z[s]) % n) / n)
    z.setflags(write=False)
    return z


def tent_transform(x: np.ndarray) -> np.ndarray:
    """The tent (baker's) transform :math:`\\phi(x) = 1 - |2x - 1|`, applied coordinatewise.

    It preserves the uniform measure, and a shifted lattice rule composed with it integrates
    smooth non-periodic integrands at the rate :math:`O(n^{-2+\\epsilon})` (Hickernell 2002).

    >>> tent_transform(np.array([0.0, 0.25, 0.5, 0.75])).tolist()
    [0.0, 0.5, 1.0, 0.5]
    """
    return 1.0 - np.abs(2.0 * np.asarray(x, dtype=float) - 1.0)


def lattice_points(
    n: int,
    d: int,
    *,
    generating_vector=None,
    weights: float | str | np.ndarray = "inverse-square",
    shift: bool = True,
    tent: bool = False,
    seed: SeedLike = None,
) -> np.ndarray:
    """The ``n`` points of a rank-1 lattice rule in :math:`[0, 1)^d`, randomly shifted.

    Parameters
    ----------
    n : int
        Number of points; a prime when the generating vector is constructed here.
    d : int
        Dimension.
    generating_vector : array of int, optional
        Use this vector (its first ``d`` entries) instead of :func:`cbc_generating_vector`.
    weights : str, float or array
        Product weights of the construction, see :func:`product_weights`.
    shift : bool
        Add one uniform random shift modulo 1 (the randomisation that makes the rule unbiased).
    tent : bool
        Apply the tent transform after the shift (:func:`tent_transform`).
    seed : int, numpy.random.Generator or None
        Randomness of the shift.

    Returns
    -------
    numpy.ndarray, shape (n, d)

    Examples
    --------
    >>> x = lattice_points(89, 2, weights="equal", shift=False)
    >>> x.shape, x[1].tolist() in ([1 / 89, 34 / 89], [1 / 89, 55 / 89])
    ((89, 2), True)
    """
    n = validate_int(n, "n", "lattice_points", min_value=2)
    d = validate_int(d, "d", "lattice_points", min_value=1)
    if generating_vector is None:
        z = cbc_generating_vector(n, d, weights)
    else:
        z = np.atleast_1d(np.asarray(generating_vector, dtype=np.int64))
        if z.ndim != 1 or z.size < d:
            raise InvalidParameterError(
                "The 'generating_vector' parameter of lattice_points must hold at least d integers. "
                f"Got {generating_vector!r} instead."
            )
        z = z[:d]
    k = np.arange(n, dtype=np.int64)[:, None]
    x = ((k * z[None, :]) % n) / n
    if shift:
        x = x + as_generator(seed).random(d)[None, :]
        x -= np.floor(x)
    if tent:
        x = tent_transform(x)
    return x
