"""Point sets in the unit cube: scrambled Sobol, Halton, rank-1 lattices and plain Monte Carlo.

Sobol and Halton points come from :mod:`scipy.stats.qmc` (Sobol with the Joe-Kuo direction
numbers and Matousek's linear matrix scramble plus a digital shift; Halton with Owen-type
permutation scrambling). Lattice points come from :mod:`conjectura.qmc.lattice`.

References
----------
I. M. Sobol', "On the distribution of points in a cube and the approximate evaluation of
integrals", USSR Comput. Math. Math. Phys. 7 (1967) 86-112, doi:10.1016/0041-5553(67)90144-9.

S. Joe and F. Y. Kuo, "Constructing Sobol sequences with better two-dimensional projections",
SIAM J. Sci. Comput. 30 (2008) 2635-2654, doi:10.1137/070709359.

J. Matousek, "On the L2-discrepancy for anchored boxes", J. Complexity 14 (1998) 527-556,
doi:10.1006/jcom.1998.0489.

A. B. Owen, "Scrambling Sobol' and Niederreiter-Xing points", J. Complexity 14 (1998)
466-489, doi:10.1006/jcom.1998.0487.
"""

from __future__ import annotations

import warnings

import numpy as np

from conjectura.core.seeding import SeedLike, as_generator
from conjectura.core.validation import validate_choice, validate_int
from conjectura.qmc.lattice import largest_prime_at_most, lattice_points

__all__ = ["METHODS", "sobol_points", "halton_points", "random_points", "point_set", "nearest_n"]

METHODS = ("mc", "sobol", "halton", "lattice")


def sobol_points(n: int, d: int, *, scramble: bool = True, seed: SeedLike = None) -> np.ndarray:
    """The first ``n`` points of a (scrambled) Sobol sequence in :math:`[0, 1)^d`.

    For ``n = 2^m`` the points form a digital :math:`(t, m, d)`-net in base 2: every dyadic box
    of volume :math:`2^{t-m}` holds exactly :math:`2^t` of them (in one dimension, ``t = 0``:
    one point in each interval :math:`[k 2^{-m}, (k+1) 2^{-m})`). Other ``n`` lose that
    balance, which is why studies use powers of two.

    Examples
    --------
    >>> x = sobol_points(8, 1, scramble=False)
    >>> sorted((x[:, 0] * 8).astype(int).tolist())
    [0, 1, 2, 3, 4, 5, 6, 7]
    """
    from scipy.stats import qmc

    n = validate_int(n, "n", "sobol_points", min_value=1)
    d = validate_int(d, "d", "sobol_points", min_value=1, max_value=21201)
    engine = _engine(qmc.Sobol, d, scramble, seed)
    if n & (n - 1) == 0:
        return engine.random_base2(int(n).bit_length() - 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "balance properties need n = 2^m"
        return engine.random(n)


def halton_points(n: int, d: int, *, scramble: bool = True, seed: SeedLike = None) -> np.ndarray:
    """The first ``n`` points of a (scrambled) Halton sequence: coordinate ``j`` is the radical
    inverse of the index in the ``j``-th prime base.

    Examples
    --------
    >>> halton_points(4, 2, scramble=False).tolist()
    [[0.0, 0.0], [0.5, 0.3333333333333333], [0.25, 0.6666666666666666], [0.75, 0.1111111111111111]]
    """
    from scipy.stats import qmc

    n = validate_int(n, "n", "halton_points", min_value=1)
    d = validate_int(d, "d", "halton_points", min_value=1)
    return _engine(qmc.Halton, d, scramble, seed).random(n)


def _engine(cls, d: int, scramble: bool, seed: SeedLike):
    """A scipy QMC engine seeded by a numpy Generator (``rng=`` since scipy 1.15, ``seed=`` before)."""
    gen = as_generator(seed)
    try:
        return cls(d, scramble=scramble, rng=gen)
    except TypeError:  # scipy < 1.15
        return cls(d, scramble=scramble, seed=gen)


def random_points(n: int, d: int, *, seed: SeedLike = None) -> np.ndarray:
    """``n`` independent uniform points in :math:`[0, 1)^d` (plain Monte Carlo)."""
    n = validate_int(n, "n", "random_points", min_value=1)
    d = validate_int(d, "d", "random_points", min_value=1)
    return as_generator(seed).random((n, d))


def nearest_n(method: str, n: int) -> int:
    """The number of points ``method`` uses when asked for about ``n``: a power of two is kept
    for every method; a lattice uses the largest prime ``<= n`` (its construction needs a prime).

    >>> nearest_n("lattice", 1024), nearest_n("sobol", 1024)
    (1021, 1024)
    """
    validate_choice(method, "method", "nearest_n", METHODS)
    n = validate_int(n, "n", "nearest_n", min_value=3 if method == "lattice" else 1)
    return largest_prime_at_most(n) if method == "lattice" else n


def point_set(
    method: str,
    n: int,
    d: int,
    *,
    seed: SeedLike = None,
    lattice_weights="inverse-square",
    tent: bool = False,
) -> np.ndarray:
    """One randomised point set of ``method`` in ``{"mc", "sobol", "halton", "lattice"}``.

    Each call with a fresh seed is an independent randomisation (a new scramble or a new
    shift), and every point is uniformly distributed on the cube, so the equal-weight rule is
    an unbiased estimate of an integral. ``lattice`` needs a prime ``n`` (see
    :func:`nearest_n`); ``tent`` applies the tent transform to the shifted lattice.

    >>> point_set("sobol", 16, 3, seed=0).shape
    (16, 3)
    """
    validate_choice(method, "method", "point_set", METHODS)
    if method == "mc":
        return random_points(n, d, seed=seed)
    if method == "sobol":
        return sobol_points(n, d, scramble=True, seed=seed)
    if method == "halton":
        return halton_points(n, d, scramble=True, seed=seed)
    return lattice_points(n, d, weights=lattice_weights, shift=True, tent=tent, seed=seed)
