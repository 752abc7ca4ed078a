"""The generic learners: an MLP (PyTorch), classical models from scikit-learn, PCA + logistic.

Each factory takes the task and keyword hyperparameters and returns a fresh, unfitted
estimator; the task's ``kind`` ("classification" or "regression") chooses the variant.
Hyperparameters are passed through: ``get_learner("mlp", task, hidden=(300, 300, 300))``.

References
----------
.. [1] Y.-H. He, K.-H. Lee, T. Oliver, A. Pozdnyakov, "Murmurations of elliptic curves",
   arXiv:2204.10140 (``pca-logistic``: their first analysis separated the ranks along the
   leading principal components of the standardised vectors :math:`(a_p)_{p < B}`).
"""

from __future__ import annotations

from conjectura.core.registry import register_learner
from conjectura.core.validation import validate_int
from conjectura.exceptions import InvalidParameterError
from conjectura.learn import models

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


@register_learner("pca-logistic", description="standardise, PCA (n_components=10), logistic regression")
def pca_logistic(task, *, seed=0, n_components=10, **hyper):
    """Standardise, project on the leading principal components, fit a logistic regression.

    Parameters
    ----------
    task : Task
        A classification task.
    seed : int, default 0
    n_components : int, default 10
        Principal components kept (at most the number of inputs).
    **hyper
        Passed to :class:`sklearn.linear_model.LogisticRegression`.
    """
    from sklearn.decomposition import PCA
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if getattr(task, "kind", "classification") != "classification":
        raise InvalidParameterError(
            f"'pca-logistic' is a classifier but task {getattr(task, 'name', '')!r} is a regression."
        )
    n_components = validate_int(n_components, "n_components", "pca-logistic", min_value=1)
    n_components = min(n_components, len(getattr(task, "features", ())) or n_components)
    hyper.setdefault("max_iter", 1000)
    return make_pipeline(
        StandardScaler(),
        PCA(n_components=n_components, random_state=seed),
        LogisticRegression(random_state=seed, **hyper),
    )
