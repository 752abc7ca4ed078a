"""The generic learners: an MLP (PyTorch) and three classical models from scikit-learn.

Each factory takes the task and keyword hyperparameters and returns a fresh, unfitted
estimator; the task's ``kind`` ("classification" or "regression") chooses the variant.
Hyperparameters are passed through: ``get_learner("mlp", task, hidden=(300, 300, 300))``.
"""

from __future__ import annotations

from conjectura.learn import models
from conjectura.learn.registry import register_learner

__all__: list[str] = []


@register_learner("mlp", description="fully connected ReLU network (PyTorch), early stopping")
def mlp(task, **hyper):
    from conjectura.learn.mlp import MLPClassifier, MLPRegressor

    return (MLPClassifier if models.is_classification(task) else MLPRegressor)(**hyper)


@register_learner("logistic", description="logistic regression on standardised inputs")
def logistic(task, **hyper):
    return models.linear_model(task, "logistic", **hyper)


@register_learner("linear", description="linear (ridge) regression, or logistic for classes")
def linear(task, **hyper):
    return models.linear_model(task, "linear", **hyper)


@register_learner("gbt", description="histogram gradient-boosted trees (scikit-learn)")
def gbt(task, **hyper):
    return models.gbt(task, **hyper)


@register_learner("knn", description="k-nearest neighbours on standardised inputs")
def knn(task, **hyper):
    return models.knn(task, **hyper)
