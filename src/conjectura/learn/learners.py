"""The generic learners: an MLP (PyTorch), classical models from scikit-learn, PCA + logistic.

Each factory takes the task and keyword hyperparameters and returns a fresh, unfitted
estimator; the task's ``kind`` ("classification" or "regression") chooses the variant.
Hyperparameters are passed through: ``get_learner("mlp", task, hidden=(300, 300, 300))``.

Each learner declares the search space of its hyperparameter sweep beside it (the
``search_space`` entry of its registration's ``meta``: a mapping from hyperparameter names to
:class:`~conjectura.qmc.sweep.Float`, :class:`~conjectura.qmc.sweep.Int` or
:class:`~conjectura.qmc.sweep.Categorical`, or a function of the task returning one), which
:func:`conjectura.learn.sweep.sweep_learner` explores. Scales that span decades (learning
rates, penalties, sizes) are searched in log scale (Bergstra and Bengio 2012).

References
----------
.. [1] Y.-H. He, K.-H. Lee, T. Oliver, A. Pozdnyakov, "Murmurations of elliptic curves",
   arXiv:2204.10140 (``pca-logistic``: their first analysis separated the ranks along the
   leading principal components of the standardised vectors :math:`(a_p)_{p < B}`).
.. [2] J. Bergstra and Y. Bengio, "Random search for hyper-parameter optimization", JMLR 13
   (2012) 281-305.
"""

from __future__ import annotations

from conjectura.core.registry import register_learner
from conjectura.core.validation import validate_int
from conjectura.exceptions import InvalidParameterError
from conjectura.learn import models
from conjectura.qmc.sweep import Categorical, Float, Int

__all__ = ["MLP_SPACE", "LOGISTIC_SPACE", "RIDGE_SPACE", "GBT_SPACE", "KNN_SPACE", "PCA_LOGISTIC_SPACE"]

#: The MLP's sweep: width and depth of the hidden layers, Adam's learning rate and weight decay,
#: the epoch budget and the early-stopping patience (see :class:`~conjectura.learn.mlp.TrainConfig`).
MLP_SPACE = {
    "width": Int(16, 256, log=True),
    "depth": Int(1, 3),
    "lr": Float(1e-4, 3e-2, log=True),
    "weight_decay": Float(1e-7, 1e-2, log=True),
    "max_epochs": Int(50, 400, log=True),
    "patience": Int(5, 50, log=True),
}
#: Inverse regularisation strength of the logistic regression.
LOGISTIC_SPACE = {"C": Float(1e-3, 1e3, log=True)}
#: Ridge penalty of the linear regression.
RIDGE_SPACE = {"alpha": Float(1e-6, 1e3, log=True)}
#: Boosting rounds, shrinkage and tree size of the gradient-boosted trees.
GBT_SPACE = {
    "max_iter": Int(20, 500, log=True),
    "learning_rate": Float(0.01, 0.5, log=True),
    "max_leaf_nodes": Int(4, 64, log=True),
}
#: Neighbours and their weighting.
KNN_SPACE = {"n_neighbors": Int(1, 64, log=True), "weights": Categorical(("uniform", "distance"))}
#: Principal components kept, and the logistic regression's inverse penalty.
PCA_LOGISTIC_SPACE = {"n_components": Int(2, 50, log=True), "C": Float(1e-3, 1e3, log=True)}


def _linear_space(task):
    return LOGISTIC_SPACE if models.is_classification(task) else RIDGE_SPACE


@register_learner(
    "mlp",
    description="fully connected ReLU network (PyTorch), early stopping",
    meta={"search_space": MLP_SPACE},
)
def mlp(task, *, width=None, depth=None, **hyper):
    """:class:`~conjectura.learn.mlp.MLPClassifier` or :class:`~conjectura.learn.mlp.MLPRegressor`.

    ``width`` and ``depth``, when given, set the width and the number of the hidden layers
    (``hidden = (width,) * depth``; the one not given is taken from ``hidden``), so that a sweep
    can search them as two numbers; the other hyperparameters are those of
    :class:`~conjectura.learn.mlp.TrainConfig`.
    """
    from conjectura.learn.mlp import MLPClassifier, MLPRegressor

    if width is not None or depth is not None:
        hidden = hyper.get("hidden", (100, 100))
        hidden = (hidden,) if isinstance(hidden, int) else tuple(hidden)
        width = validate_int(width if width is not None else hidden[0], "width", "mlp", min_value=1)
        depth = validate_int(depth if depth is not None else len(hidden), "depth", "mlp", min_value=1)
        hyper["hidden"] = (width,) * depth
    return (MLPClassifier if models.is_classification(task) else MLPRegressor)(**hyper)


@register_learner(
    "logistic",
    description="logistic regression on standardised inputs",
    meta={"search_space": LOGISTIC_SPACE},
)
def logistic(task, **hyper):
    return models.linear_model(task, "logistic", **hyper)


@register_learner(
    "linear",
    description="linear (ridge) regression, or logistic for classes",
    meta={"search_space": _linear_space},
)
def linear(task, **hyper):
    return models.linear_model(task, "linear", **hyper)


@register_learner(
    "gbt", description="histogram gradient-boosted trees (scikit-learn)", meta={"search_space": GBT_SPACE}
)
def gbt(task, **hyper):
    return models.gbt(task, **hyper)


@register_learner(
    "knn", description="k-nearest neighbours on standardised inputs", meta={"search_space": KNN_SPACE}
)
def knn(task, **hyper):
    return models.knn(task, **hyper)


@register_learner(
    "pca-logistic",
    description="standardise, PCA (n_components=10), logistic regression",
    meta={"search_space": PCA_LOGISTIC_SPACE},
)
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
