"""The classical baselines for the rank of an elliptic curve, as one-feature classifiers.

``mestre-nagao``
    The Mestre-Nagao sum

    .. math:: S_B(E) = \\sum_{p < B} \\frac{a_p(E) \\log p}{p},

    which is large and negative for curves of large rank (many points mod p: Birch and
    Swinnerton-Dyer's heuristic, used by Mestre and Nagao to search for high rank), fed as the
    only feature to a logistic regression.
``root-number``
    The root number :math:`\\varepsilon(E)`, recovered from the inputs (the :math:`a_p` and the
    conductor) by the functional equation
    (:func:`conjectura.domains.curves.rootnumber.root_number_from_ap`), as the only feature:
    each value of :math:`\\varepsilon` predicts the most frequent training label with that
    value. Since :math:`\\varepsilon = (-1)^{\\operatorname{rank}}` this is exact for the parity,
    and for rank 0 vs 1.

Both see the same columns as the learners; a learner is interesting only if it beats them.

References
----------
.. [1] J.-F. Mestre, "Formules explicites et minorations de conducteurs de variétés
   algébriques", Compositio Math. 58 (1986) 209-232.
.. [2] K. Nagao, "Construction of high-rank elliptic curves", Kobe J. Math. 11 (1994) 211-219.
.. [3] Y.-H. He, K.-H. Lee, T. Oliver, A. Pozdnyakov, "Murmurations of elliptic curves",
   arXiv:2204.10140 (compares with these sums).
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from conjectura.exceptions import InvalidParameterError, NotFittedError
from conjectura.learn.registry import register_baseline

__all__ = ["MestreNagaoClassifier", "RootNumberClassifier", "ap_layout"]


def ap_layout(features) -> tuple[list[int], list[int]]:
    """Column indices and primes of the ``a_<p>`` features, in order.

    >>> ap_layout(["a_2", "a_3", "conductor"])
    ([0, 1], [2, 3])
    """
    idx, primes = [], []
    for j, name in enumerate(features):
        if name.startswith("a_") and name[2:].isdigit():
            idx.append(j)
            primes.append(int(name[2:]))
    return idx, primes


def mestre_nagao_sum(ap: np.ndarray, primes, bound: float | None = None) -> np.ndarray:
    """:math:`S_B = \\sum_{p < B} a_p \\log p / p` for each row of ``ap`` (all primes if no bound).

    >>> float(mestre_nagao_sum(np.array([[2.0, -3.0]]), [2, 3])[0]) == np.log(2) - np.log(3)
    True
    """
    p = np.asarray(primes, dtype=np.float64)
    w = np.log(p) / p
    if bound is not None:
        w = np.where(p < bound, w, 0.0)
    return np.asarray(ap, dtype=np.float64) @ w


class MestreNagaoClassifier(ClassifierMixin, BaseEstimator):
    """Logistic regression on the single feature :math:`S_B(E)`.

    Parameters
    ----------
    columns : sequence of int
        Indices of the :math:`a_p` columns of ``X``.
    primes : sequence of int
        The prime of each of those columns.
    bound : float, optional
        Use the primes :math:`p < B` only (default: every given prime).
    seed : int, default 0

    Attributes
    ----------
    classes_ : ndarray
    model_ : sklearn Pipeline fitted on the standardised sum.
    """

    def __init__(self, *, columns=(), primes=(), bound=None, seed=0):
        self.columns = columns
        self.primes = primes
        self.bound = bound
        self.seed = seed

    def _feature(self, X):
        X = np.asarray(X, dtype=np.float64)
        return mestre_nagao_sum(X[:, list(self.columns)], self.primes, self.bound)[:, None]

    def fit(self, X, y):
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        if not len(self.columns):
            raise InvalidParameterError("The mestre-nagao baseline needs a_p columns (a_2, a_3, ...).")
        self.model_ = make_pipeline(
            StandardScaler(), LogisticRegression(max_iter=1000, random_state=self.seed)
        )
        self.model_.fit(self._feature(X), y)
        self.classes_ = self.model_.classes_
        return self

    def predict(self, X):
        if not hasattr(self, "model_"):
            raise NotFittedError("This MestreNagaoClassifier is not fitted yet; call fit first.")
        return self.model_.predict(self._feature(X))

    def predict_proba(self, X):
        if not hasattr(self, "model_"):
            raise NotFittedError("This MestreNagaoClassifier is not fitted yet; call fit first.")
        return self.model_.predict_proba(self._feature(X))


class RootNumberClassifier(ClassifierMixin, BaseEstimator):
    """Predict from the root number alone: each :math:`\\varepsilon = \\pm 1` gets its majority label.

    Parameters
    ----------
    columns : sequence of int
        Indices of the :math:`a_p` columns of ``X`` (primes 2, 3, 5, ... without gaps).
    primes : sequence of int
    conductor_column : int
        Index of the conductor column of ``X``.

    Attributes
    ----------
    classes_ : ndarray
    table_ : dict
        ``{+1: label, -1: label}`` learned from the training data.
    """

    def __init__(self, *, columns=(), primes=(), conductor_column=-1):
        self.columns = columns
        self.primes = primes
        self.conductor_column = conductor_column

    def root_numbers(self, X) -> np.ndarray:
        """:math:`\\varepsilon` of each row, from its :math:`a_p` and conductor."""
        from conjectura.domains.curves.rootnumber import root_number_from_ap

        X = np.asarray(X, dtype=np.float64)
        eps, _ = root_number_from_ap(
            X[:, list(self.columns)], self.primes, np.rint(X[:, self.conductor_column]).astype(np.int64)
        )
        return eps

    def fit(self, X, y):
        y = np.asarray(y)
        eps = self.root_numbers(X)
        self.classes_ = np.unique(y)
        overall = _majority(y)
        self.table_ = {e: (_majority(y[eps == e]) if (eps == e).any() else overall) for e in (1, -1)}
        return self

    def predict(self, X):
        if not hasattr(self, "table_"):
            raise NotFittedError("This RootNumberClassifier is not fitted yet; call fit first.")
        eps = self.root_numbers(X)
        return np.where(eps == 1, self.table_[1], self.table_[-1])


def _majority(y):
    vals, counts = np.unique(y, return_counts=True)
    return vals[np.argmax(counts)]


def _layout(task, who: str):
    features = list(getattr(task, "features", ()))
    idx, primes = ap_layout(features)
    if not idx:
        raise InvalidParameterError(
            f"The {who} baseline needs a_p inputs (columns a_2, a_3, ...); task "
            f"{getattr(task, 'name', task)!r} has none."
        )
    return features, idx, primes


@register_baseline(
    "mestre-nagao", description="Mestre-Nagao sum of a_p log p / p as a one-feature classifier"
)
def mestre_nagao(task, *, seed=0, bound=None, **hyper):
    """Mestre-Nagao sum of a_p log p / p as a one-feature classifier."""
    _, idx, primes = _layout(task, "mestre-nagao")
    return MestreNagaoClassifier(columns=tuple(idx), primes=tuple(primes), bound=bound, seed=seed)


@register_baseline("root-number", description="root number from the functional equation (exact rank parity)")
def root_number(task, *, seed=0, **hyper):
    """Root number from the a_p and conductor by the functional equation; gives the parity."""
    features, idx, primes = _layout(task, "root-number")
    if "conductor" not in features:
        raise InvalidParameterError(
            f"The root-number baseline needs the conductor as an input; build the task with "
            f"include_conductor=true (task {getattr(task, 'name', task)!r})."
        )
    if primes[:1] != [2]:
        raise InvalidParameterError("The root-number baseline needs a_p for the first primes 2, 3, 5, ...")
    return RootNumberClassifier(
        columns=tuple(idx), primes=tuple(primes), conductor_column=features.index("conductor")
    )
