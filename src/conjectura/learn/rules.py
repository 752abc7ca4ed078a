"""Any declared rule as an estimator with the scikit-learn contract.

A domain declares its classical heuristics as :class:`~conjectura.core.rules.Rule` objects
(plain numpy functions, no machine learning) and registers them as baselines; this module
turns every one of them into an estimator, generically, by the rule's kind:

``"predict"``
    :class:`RuleClassifier` / :class:`RuleRegressor` return the rule's output; ``fit`` only
    checks the rule applies and records the classes.
``"key"``
    ``fit`` counts the training labels per key at each level; ``predict_proba`` is the
    m-estimate of the module :mod:`conjectura.core.rules` (a key's class frequencies shrunk
    towards the coarser key's with weight ``min_count``, the coarsest towards the class prior)
    and ``predict`` its most probable class.
``"feature"``
    A logistic regression (classification) or ridge regression (regression) on the
    standardised features the rule computes.

:func:`rule_baseline` is the builder the registry uses for a ``Rule`` registered as a baseline,
so ``get_baseline("slope-rule", task)`` returns a fresh estimator on ``task``'s columns.

>>> import numpy as np
>>> from conjectura.core.rules import Rule, RuleContext
>>> sign = Rule(name="sign", kind="key", compute=lambda context, X: np.sign(X[:, 0]), min_count=0)
>>> est = rule_baseline(sign, RuleContext(features=("x",)))
>>> X = np.array([[-2.0], [-1.0], [1.0], [3.0]])
>>> est.fit(X, [0, 0, 1, 1]).predict(np.array([[-5.0], [7.0]])).tolist()
[0, 1]
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.utils.metaestimators import available_if

from conjectura.core.registry import register_adapter
from conjectura.core.rules import ESTIMATOR_PARAMS, Rule, RuleContext
from conjectura.core.validation import validate_float
from conjectura.exceptions import InvalidParameterError, NotFittedError

__all__ = ["RuleClassifier", "RuleRegressor", "rule_baseline"]


class _RuleEstimator(BaseEstimator):
    """The estimator of a declared rule (see the module docstring).

    Parameters
    ----------
    rule : Rule
        The declared rule.
    features : tuple of str
        The names of the columns of ``X`` (the task's features).
    task_params : dict, optional
        The task's parameters (a rule may read, e.g., the representation).
    task : str
        The task's name, for messages.
    rule_params : dict, optional
        Values of the rule's own parameters (default: the rule's defaults).
    min_count : float, optional
        ``"key"`` rules: the weight of the m-estimate (default: the rule's ``min_count``).
    seed : int, default 0
        Seed of the regression fitted on a ``"feature"`` rule.

    Attributes
    ----------
    classes_ : ndarray
        The training labels (classifiers).
    tables_ : list of dict
        ``"key"`` rules: for each level, finest first, key -> class counts.
    prior_ : ndarray
        ``"key"`` rules: class counts over all training rows.
    key_labels_ : dict
        ``"key"`` rules: the predicted label of each key of the finest level seen in training.
    model_ : sklearn Pipeline
        ``"feature"`` rules: the fitted regression.
    """

    _task_kind = "classification"

    def __init__(
        self,
        *,
        rule: Rule | None = None,
        features: tuple[str, ...] = (),
        task_params: dict | None = None,
        task: str = "",
        rule_params: dict | None = None,
        min_count: float | None = None,
        seed: int = 0,
    ):
        self.rule = rule
        self.features = features
        self.task_params = task_params
        self.task = task
        self.rule_params = rule_params
        self.min_count = min_count
        self.seed = seed

    # -- helpers ------------------------------------------------------------------------------
    def _context(self) -> RuleContext:
        return RuleContext(
            features=tuple(self.features),
            params=dict(self.task_params or {}),
            task=self.task,
            kind=self._task_kind,
        )

    def _params(self) -> dict[str, Any]:
        return self.rule.bind(**dict(self.rule_params or {}))

    def _check_rule(self) -> RuleContext:
        if not isinstance(self.rule, Rule):
            raise InvalidParameterError(
                f"The 'rule' parameter of {type(self).__name__} must be a Rule. Got {self.rule!r} instead."
            )
        ctx = self._context()
        reason = self.rule.why_not(ctx, **self._params())
        if reason:
            raise InvalidParameterError(reason)
        return ctx

    def _check_fitted(self) -> None:
        if not hasattr(self, "fitted_"):
            name = getattr(self.rule, "name", "a rule")
            raise NotFittedError(
                f"This {type(self).__name__} ({name}) is not fitted yet: call fit(X, y) first."
            )

    def rule_output(self, X) -> Any:
        """The rule's output on ``X``: predictions, keys (a list of levels) or features."""
        return self.rule.apply(self._context(), X, **self._params())

    # -- fit --------------------------------------------------------------------------------
    def fit(self, X, y):
        ctx = self._check_rule()
        y = np.asarray(y)
        kind = self.rule.kind
        if self._task_kind == "classification":
            self.classes_ = np.unique(y)
        if kind == "key":
            self._fit_keys(self.rule.apply(ctx, X, **self._params()), y)
        elif kind == "feature":
            self._fit_features(self.rule.apply(ctx, X, **self._params()), y)
        self.fitted_ = True
        return self

    def _fit_keys(self, levels: list[list], y: np.ndarray) -> None:
        m = self.rule.min_count if self.min_count is None else self.min_count
        self.min_count_ = validate_float(m, "min_count", type(self).__name__, min_value=0.0)
        idx = np.searchsorted(self.classes_, y)
        c = len(self.classes_)
        self.tables_ = []
        for keys in levels:
            table: dict = {}
            for key, i in zip(keys, idx):
                table.setdefault(key, np.zeros(c, dtype=np.int64))[i] += 1
            self.tables_.append(table)
        self.prior_ = np.bincount(idx, minlength=c)
        self.key_labels_ = {k: self.classes_[int(np.argmax(v))] for k, v in self.tables_[0].items()}

    def _fit_features(self, F: np.ndarray, y: np.ndarray) -> None:
        from sklearn.linear_model import LogisticRegression, Ridge
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        if self._task_kind == "classification":
            head = LogisticRegression(max_iter=1000, random_state=self.seed)
        else:
            head = Ridge(alpha=1e-6)
        self.model_ = make_pipeline(StandardScaler(), head).fit(F, y)

    # -- predict ----------------------------------------------------------------------------
    def predict(self, X) -> np.ndarray:
        self._check_fitted()
        kind = self.rule.kind
        if kind == "predict":
            return self.rule_output(X)
        if kind == "key":
            return self.classes_[np.argmax(self.predict_proba(X), axis=1)]
        return self.model_.predict(self.rule_output(X))

    def _has_proba(self) -> bool:
        return self._task_kind == "classification" and getattr(self.rule, "kind", None) in ("key", "feature")

    @available_if(_has_proba)
    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities: the m-estimate per key (``"key"`` rules) or the logistic
        regression's (``"feature"`` rules), columns in the order of ``classes_``."""
        self._check_fitted()
        if self.rule.kind == "feature":
            return self.model_.predict_proba(self.rule_output(X))
        levels = self.rule_output(X)
        a = float(self.min_count_)
        c = len(self.classes_)
        zero = np.zeros(c, dtype=np.int64)
        P = np.broadcast_to(self.prior_ / self.prior_.sum(), (len(levels[0]), c)).astype(np.float64)
        # from the coarsest level to the finest, each key's counts shrunk towards the coarser estimate
        for table, keys in zip(reversed(self.tables_), reversed(levels)):
            C = np.array([table.get(k, zero) for k in keys], dtype=np.int64).reshape(len(keys), c)
            den = C.sum(axis=1, keepdims=True) + a
            with np.errstate(invalid="ignore", divide="ignore"):
                P = np.where(den > 0, (C + a * P) / den, P)
        return P


class RuleClassifier(ClassifierMixin, _RuleEstimator):
    __doc__ = _RuleEstimator.__doc__
    _task_kind = "classification"


class RuleRegressor(RegressorMixin, _RuleEstimator):
    __doc__ = _RuleEstimator.__doc__
    _task_kind = "regression"


def rule_baseline(rule: Rule, task: Any, **hyper: Any) -> RuleClassifier | RuleRegressor:
    """A fresh, unfitted estimator for the declared ``rule`` on ``task``'s columns.

    Parameters
    ----------
    rule : Rule
    task : Task or RuleContext
    **hyper
        The rule's own parameters (e.g. ``bound=50``), ``min_count`` (``"key"`` rules) and
        ``seed``.

    Raises
    ------
    InvalidParameterError
        The rule does not apply to ``task`` (the message says why), or an unknown parameter.
    """
    ctx = RuleContext.of(task)
    if ctx.kind not in ("classification", "regression"):
        raise InvalidParameterError(
            f"The 'kind' of task {ctx.task!r} must be 'classification' or 'regression'. "
            f"Got {ctx.kind!r} instead."
        )
    own = {k: hyper.pop(k) for k in ESTIMATOR_PARAMS if k in hyper}
    if "min_count" in own and rule.kind != "key":
        raise InvalidParameterError(
            f"The {rule.name} baseline is a {rule.kind!r} rule and takes no 'min_count' "
            f"(only 'key' rules do)."
        )
    params = rule.bind(**hyper)
    reason = rule.why_not(ctx, **params)
    if reason:
        raise InvalidParameterError(reason)
    cls = RuleClassifier if ctx.kind == "classification" else RuleRegressor
    return cls(
        rule=rule,
        features=ctx.features,
        task_params=dict(ctx.params),
        task=ctx.task,
        rule_params=params,
        min_count=own.get("min_count"),
        seed=own.get("seed", 0),
    )


register_adapter("baseline", Rule, rule_baseline)
