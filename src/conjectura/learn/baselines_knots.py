"""The slope rule for the knot signature, the relation Davies et al.'s saliency led to.

``slope-rule``
    :math:`\\sigma(K) \\approx \\mathrm{slope}(K)/2`, rounded to the nearest even integer, with
    :math:`\\mathrm{slope}(K) = \\operatorname{Re}(\\lambda/\\mu)` for the longitudinal translation
    :math:`\\lambda` (real) and the meridional translation :math:`\\mu` of the maximal cusp. It
    uses no training data; on the census it scores about 0.74-0.79 (the issue's figure).
    Davies, Juhász, Lackenby and Tomasev prove
    :math:`|2\\sigma(K) - \\mathrm{slope}(K)| \\le c\\,\\mathrm{vol}(K)\\,\\mathrm{inj}(K)^{-3}`.

Conventions are those of :mod:`conjectura.domains.knots.features` (SnapPy's orientation, positive
knots have negative signature), under which the rule has this sign.

References
----------
A. Davies, A. Juhász, M. Lackenby, N. Tomasev, "The signature and cusp geometry of hyperbolic
knots", arXiv:2111.15323.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from conjectura.exceptions import InvalidParameterError, NotFittedError
from conjectura.learn.registry import register_baseline

__all__ = ["SlopeRule", "slope", "slope_rule_prediction"]

_COLUMNS = ("longitudinal_translation", "meridional_translation_real", "meridional_translation_imag")


def slope(longitudinal, meridional_real, meridional_imag) -> np.ndarray:
    """:math:`\\operatorname{Re}(\\lambda/\\mu) = \\lambda\\,\\operatorname{Re}\\mu / |\\mu|^2`
    for real :math:`\\lambda` and complex :math:`\\mu`.

    >>> float(slope(3.0, 0.0, 1.0)), float(slope(4.0, 1.0, 1.0))
    (0.0, 2.0)
    """
    lam = np.asarray(longitudinal, dtype=float)
    mr = np.asarray(meridional_real, dtype=float)
    mi = np.asarray(meridional_imag, dtype=float)
    return lam * mr / (mr**2 + mi**2)


def slope_rule_prediction(s) -> np.ndarray:
    """``slope/2`` rounded to the nearest even integer: :math:`2\\,\\mathrm{round}(s/4)`.

    >>> slope_rule_prediction([-4.1, -1.9, 0.3, 2.1, 5.9]).tolist()
    [-2, 0, 0, 2, 2]
    """
    return (2 * np.round(np.asarray(s, dtype=float) / 4)).astype(np.int64)


class SlopeRule(ClassifierMixin, BaseEstimator):
    """Predict the signature as ``slope/2`` rounded to an even integer (no fitting involved).

    Parameters
    ----------
    columns : tuple of int
        Positions in ``X`` of the longitudinal translation and of the real and imaginary parts
        of the meridional translation.

    Attributes
    ----------
    classes_ : ndarray
        The signatures seen in ``fit`` (for the scikit-learn contract; predictions are not
        restricted to them).
    """

    def __init__(self, *, columns: tuple[int, int, int] = (0, 1, 2)):
        self.columns = columns

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        cols = tuple(self.columns)
        if len(cols) != 3 or max(cols) >= X.shape[1] or min(cols) < 0:
            raise InvalidParameterError(
                f"The 'columns' parameter of SlopeRule must be three column positions of X "
                f"(which has {X.shape[1]} columns). Got {self.columns!r} instead."
            )
        self.classes_ = np.unique(np.asarray(y))
        return self

    def predict(self, X):
        if not hasattr(self, "classes_"):
            raise NotFittedError("This SlopeRule instance is not fitted yet: call fit first.")
        X = np.asarray(X, dtype=float)
        lam, mr, mi = (X[:, c] for c in self.columns)
        return slope_rule_prediction(slope(lam, mr, mi))


@register_baseline(
    "slope-rule",
    description=(
        "signature = slope/2 rounded to an even integer, slope = Re(longitudinal/meridional "
        "translation) (Davies-Juhasz-Lackenby-Tomasev)"
    ),
)
def slope_rule(task, **hyper) -> SlopeRule:
    """The slope rule on ``task``'s features (which must include the three translations)."""
    features = list(getattr(task, "features", ()))
    missing = [c for c in _COLUMNS if c not in features]
    if missing:
        raise InvalidParameterError(
            f"The slope-rule baseline needs the features {list(_COLUMNS)}; task "
            f"{getattr(task, 'name', task)!r} lacks {missing}."
        )
    if hyper:
        raise InvalidParameterError(f"The slope-rule baseline takes no parameters. Got {hyper}.")
    return SlopeRule(columns=tuple(features.index(c) for c in _COLUMNS))
