"""Discrepancy of a point set in the unit cube (through :func:`scipy.stats.qmc.discrepancy`).

The :math:`L_2` discrepancies of Hickernell are worst-case integration errors in reproducing
kernel Hilbert spaces: for a kernel :math:`K` on :math:`[0, 1]^d`,

.. math::

    D^2(P) = \\int\\!\\!\\int K(x, y)\\,dx\\,dy - \\frac{2}{n} \\sum_{i} \\int K(x_i, y)\\,dy
             + \\frac{1}{n^2} \\sum_{i, j} K(x_i, x_j),

with, for the centred discrepancy (``"CD"``),
:math:`K(x, y) = \\prod_k (1 + \\tfrac12|x_k - \\tfrac12| + \\tfrac12|y_k - \\tfrac12| - \\tfrac12|x_k - y_k|)`
and for the wrap-around discrepancy (``"WD"``), which does not see where the cube is cut,
:math:`K(x, y) = \\prod_k (\\tfrac32 - |x_k - y_k|(1 - |x_k - y_k|))`.

For ``n`` independent uniform points the expectation is
:math:`E[D^2] = (\\int K(x, x)\\,dx - \\iint K)/n`, i.e. :math:`((5/4)^d - (13/12)^d)/n` for CD
and :math:`((3/2)^d - (4/3)^d)/n` for WD (:func:`expected_random_discrepancy`): the yardstick a
low-discrepancy set is measured against.

References
----------
F. J. Hickernell, "A generalized discrepancy and quadrature error bound", Math. Comp. 67
(1998) 299-322, doi:10.1090/S0025-5718-98-00894-1.
"""

from __future__ import annotations

import numpy as np

from conjectura.core.validation import validate_choice, validate_int
from conjectura.exceptions import InvalidParameterError

__all__ = ["DISCREPANCIES", "discrepancy", "expected_random_discrepancy"]

DISCREPANCIES = ("CD", "WD", "MD", "L2-star")


def _as_points(points, owner: str) -> np.ndarray:
    x = np.asarray(points, dtype=float)
    if x.ndim != 2 or x.shape[0] < 1 or x.shape[1] < 1:
        raise InvalidParameterError(
            f"The 'points' parameter of {owner} must be a 2-d array of shape (n, d). "
            f"Got shape {x.shape} instead."
        )
    if not np.all(np.isfinite(x)) or x.min() < 0 or x.max() > 1:
        raise InvalidParameterError(
            f"The 'points' parameter of {owner} must lie in the unit cube [0, 1]^d. "
            f"Got values in [{x.min():.4g}, {x.max():.4g}] instead."
        )
    return x


def discrepancy(points, method: str = "CD", *, squared: bool = False) -> float:
    """The centred (``"CD"``), wrap-around (``"WD"``), mixture (``"MD"``) or star
    (``"L2-star"``) :math:`L_2` discrepancy of ``points`` (shape ``(n, d)``, in the unit cube).

    Returns :math:`D` (or :math:`D^2` with ``squared=True``; scipy returns :math:`D^2`).
    The cost is :math:`O(n^2 d)`.

    Examples
    --------
    >>> from conjectura.qmc import sobol_points, random_points
    >>> discrepancy(sobol_points(256, 4, seed=0)) < discrepancy(random_points(256, 4, seed=0))
    True
    """
    from scipy.stats import qmc

    validate_choice(method, "method", "discrepancy", DISCREPANCIES)
    x = _as_points(points, "discrepancy")
    d2 = float(qmc.discrepancy(x, method=method, workers=1))
    d2 = max(d2, 0.0)  # rounding can leave -1e-17 for a perfect set
    return d2 if squared else float(np.sqrt(d2))


def expected_random_discrepancy(n: int, d: int, method: str = "CD", *, squared: bool = False) -> float:
    """The expected squared discrepancy :math:`E[D^2]` of ``n`` independent uniform points in
    ``d`` dimensions (closed form, see the module docstring); with ``squared=False`` its square
    root, the root-mean-square discrepancy of plain Monte Carlo.

    >>> expected_random_discrepancy(1, 1, "WD", squared=True)
    0.16666666666666674
    """
    validate_choice(method, "method", "expected_random_discrepancy", ("CD", "WD"))
    n = validate_int(n, "n", "expected_random_discrepancy", min_value=1)
    d = validate_int(d, "d", "expected_random_discrepancy", min_value=1)
    if method == "CD":
        v = (1.25**d - (13.0 / 12.0) ** d) / n
    else:
        v = (1.5**d - (4.0 / 3.0) ** d) / n
    return float(v if squared else np.sqrt(v))
