"""The generic baselines every learner is shown beside.

* ``majority``: the most frequent class (for regression, the training mean; ``mean`` is the
  same rule under its regression name);
* ``logistic`` / ``linear``: a linear model on standardised inputs;
* ``gbt``: histogram gradient-boosted trees;
* ``knn``: k-nearest neighbours on standardised inputs.

A learner that cannot beat these has not learned anything a classical method would miss.
Domain-specific rules (the slope rule for knots, the Mestre-Nagao sum for curves, divisibility
by small primes for integers) are mathematics: each domain declares them
(``conjectura.domains.<domain>.rules``) and :mod:`conjectura.learn.rules` makes them baselines.
"""

from __future__ import annotations

from conjectura.core.registry import register_baseline
from conjectura.learn import models

__all__ = ["GENERIC_BASELINES", "generic_baselines"]

GENERIC_BASELINES = {
    "classification": ("majority", "logistic", "gbt", "knn"),
    "regression": ("mean", "linear", "gbt", "knn"),
}


def generic_baselines(task) -> tuple[str, ...]:
    """Names of the generic baselines for the kind of ``task``."""
    return GENERIC_BASELINES["classification" if models.is_classification(task) else "regression"]


@register_baseline("majority", description="most frequent class (regression: training mean)")
def majority(task, **hyper):
    return models.constant(task, **hyper)


@register_baseline("mean", description="training mean of the target (regression)")
def mean(task, **hyper):
    return models.constant(task, **hyper)


@register_baseline("logistic", description="logistic regression on standardised inputs")
def logistic(task, **hyper):
    return models.linear_model(task, "logistic", **hyper)


@register_baseline("linear", description="linear (ridge) regression, or logistic for classes")
def linear(task, **hyper):
    return models.linear_model(task, "linear", **hyper)


@register_baseline("gbt", description="histogram gradient-boosted trees (scikit-learn)")
def gbt(task, **hyper):
    return models.gbt(task, **hyper)


@register_baseline("knn", description="k-nearest neighbours on standardised inputs")
def knn(task, **hyper):
    return models.knn(task, **hyper)
