"""PCA followed by logistic regression: the first analysis of He, Lee, Oliver and Pozdnyakov.

Their murmurations were first seen as a separation of the ranks along the leading principal
components of the standardised vectors :math:`(a_p)_{p < B}`. The ``pca-logistic`` learner is
that pipeline with a classifier on top: standardise, project on the first ``n_components``
principal components, fit a logistic regression.

References
----------
.. [1] Y.-H. He, K.-H. Lee, T. Oliver, A. Pozdnyakov, "Murmurations of elliptic curves",
   arXiv:2204.10140.
"""

from __future__ import annotations

from conjectura.exceptions import InvalidParameterError
from conjectura.learn.registry import register_learner

__all__ = ["pca_logistic"]


@register_learner("pca-logistic", description="standardise, PCA (n_components=10), logistic regression")
def pca_logistic(task, *, seed=0, n_components=10, **hyper):
    """Standardise, project on the leading principal components, logistic regression.

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

    from conjectura.core.validation import check_int

    if getattr(task, "kind", "classification") != "classification":
        raise InvalidParameterError(
            f"'pca-logistic' is a classifier but task {getattr(task, 'name', '')!r} is a regression."
        )
    n_components = check_int(n_components, "n_components", "pca-logistic", min_value=1)
    n_components = min(n_components, len(getattr(task, "features", ())) or n_components)
    hyper.setdefault("max_iter", 1000)
    return make_pipeline(
        StandardScaler(),
        PCA(n_components=n_components, random_state=seed),
        LogisticRegression(random_state=seed, **hyper),
    )
