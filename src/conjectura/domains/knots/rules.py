r"""The slope rule for the knot signature, declared as a baseline.

``slope-rule``
    :math:`\sigma(K) \approx \mathrm{slope}(K)/2`, rounded to the nearest even integer, with
    :math:`\mathrm{slope}(K) = \operatorname{Re}(\lambda/\mu)` for the longitudinal translation
    :math:`\lambda` (real) and the meridional translation :math:`\mu` of the maximal cusp
    (:func:`~conjectura.domains.knots.features.slope`). It uses no training data. Davies, Juhász, Lackenby and Tomasev prove
    :math:`|2\sigma(K) - \mathrm{slope}(K)| \le c\,\mathrm{vol}(K)\,\mathrm{inj}(K)^{-3}`.

Conventions are those of :mod:`conjectura.domains.knots.features` (SnapPy's orientation,
positive knots have negative signature), under which the rule has this sign.

References
----------
A. Davies, A. Juhász, M. Lackenby, N. Tomasev, "The signature and cusp geometry of hyperbolic
knots", arXiv:2111.15323.
"""

from __future__ import annotations

import numpy as np

from conjectura.core.registry import register_rule
from conjectura.core.rules import Rule
from conjectura.domains.knots.features import slope

__all__ = ["SLOPE_COLUMNS", "SLOPE_RULE", "slope_rule_prediction"]

#: The features the slope rule reads, in the order of :func:`~conjectura.domains.knots.features.slope`.
SLOPE_COLUMNS = ("longitudinal_translation", "meridional_translation_real", "meridional_translation_imag")


def slope_rule_prediction(s) -> np.ndarray:
    """``slope/2`` rounded to the nearest even integer: :math:`2\\,\\mathrm{round}(s/4)`.

    >>> slope_rule_prediction([-4.1, -1.9, 0.3, 2.1, 5.9]).tolist()
    [-2, 0, 0, 2, 2]
    """
    return (2 * np.round(np.asarray(s, dtype=float) / 4)).astype(np.int64)


def _slope_rule(context, X: np.ndarray) -> np.ndarray:
    return slope_rule_prediction(slope(X[:, 0], X[:, 1], X[:, 2]))


SLOPE_RULE = register_rule(
    Rule(
        name="slope-rule",
        kind="predict",
        inputs=SLOPE_COLUMNS,
        compute=_slope_rule,
        description=(
            "signature = slope/2 rounded to an even integer, slope = Re(longitudinal/meridional "
            "translation) (Davies-Juhasz-Lackenby-Tomasev)"
        ),
        reference="A. Davies, A. Juhasz, M. Lackenby, N. Tomasev, arXiv:2111.15323",
    )
)
