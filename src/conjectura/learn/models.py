"""Constructors of the classical scikit-learn models used as learners and baselines."""

from __future__ import annotations

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from conjectura.exceptions import InvalidParameterError

__all__ = ["is_classification", "constant", "linear_model", "gbt", "knn", "GBTClassifier"]


def is_classification(task) -> bool:
    """True for a classification task, False for regression (anything else is an error)."""
    kind = getattr(task, "kind", "classification")
    if kind not in ("classification", "regression"):
        raise InvalidParameterError(
            f"The 'kind' of task {getattr(task, 'name', task)!r} must be 'classification' or "
            f"'regression'. Got {kind!r} instead."
        )
    return kind == "classification"


def constant(task, **hyper):
    """Most frequent class, or the training mean for regression."""
    from sklearn.dummy import DummyClassifier, DummyRegressor

    if is_classification(task):
        return DummyClassifier(strategy="most_frequent", **hyper)
    return DummyRegressor(strategy="mean", **hyper)


def linear_model(task, name: str, *, seed=0, **hyper):
    """Logistic regression (classification) or ridge regression, on standardised inputs."""
    from sklearn.linear_model import LogisticRegression, Ridge
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if is_classification(task):
        hyper.setdefault("max_iter", 1000)
        return make_pipeline(StandardScaler(), LogisticRegression(random_state=seed, **hyper))
    if name == "logistic":
        raise InvalidParameterError(
            f"'logistic' is a classifier but task {getattr(task, 'name', '')!r} is a regression: "
            f"use 'linear'."
        )
    hyper.setdefault("alpha", 1e-6)
    return make_pipeline(StandardScaler(), Ridge(**hyper))


def gbt(task, *, seed=0, **hyper):
    """Histogram gradient-boosted trees (early stopping on an internal validation slice)."""
    from sklearn.ensemble import HistGradientBoostingRegressor

    cls = GBTClassifier if is_classification(task) else HistGradientBoostingRegressor
    hyper.setdefault("max_iter", 100)
    hyper.setdefault("early_stopping", True)
    return cls(random_state=seed, **hyper)


class GBTClassifier(HistGradientBoostingClassifier):
    """HistGradientBoostingClassifier that tolerates classes with a single training example.

    scikit-learn's early stopping draws a *stratified* validation slice, which is impossible
    when a class occurs once (rare signatures, rare ranks); then early stopping watches the
    training loss instead (``validation_fraction=None``) rather than failing.
    """

    def fit(self, X, y, sample_weight=None):
        _, counts = np.unique(np.asarray(y), return_counts=True)
        if self.early_stopping is True and self.validation_fraction and counts.min() < 2:
            old = self.validation_fraction
            self.set_params(validation_fraction=None)
            try:
                return super().fit(X, y, sample_weight=sample_weight)
            finally:
                self.set_params(validation_fraction=old)
        return super().fit(X, y, sample_weight=sample_weight)


def knn(task, *, seed=0, n_neighbors=15, **hyper):
    """k-nearest neighbours on standardised inputs (uniform weights unless ``weights="distance"``);
    ``seed`` is unused."""
    from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    cls = KNeighborsClassifier if is_classification(task) else KNeighborsRegressor
    return make_pipeline(StandardScaler(), cls(n_neighbors=n_neighbors, **hyper))
