r"""Declared rules: a domain's classical heuristics, as plain functions behind one contract.

A rule is mathematics, not machine learning: the slope rule for the knot signature, the
Mestre-Nagao sum and the root number for the rank of an elliptic curve, divisibility by small
primes for the Möbius function. A domain declares it as a :class:`Rule` whose ``compute`` is a
plain numpy function of the feature matrix, and registers it as a baseline with
:func:`conjectura.core.registry.register_rule`. :mod:`conjectura.learn.rules` turns any declared
rule into an estimator with the scikit-learn contract, so that it is scored beside the learners
on the same split; the domain itself never imports scikit-learn.

There are three kinds of rule, by what ``compute`` returns:

``"predict"``
    The prediction of each row, shape ``(n,)``. Nothing is fitted (the slope rule, trial
    division).
``"key"``
    A discrete key per row, shape ``(n,)``, or a list of such key sequences from the finest to
    the coarsest. The rule predicts the training-majority label of the row's key; the class
    frequencies of a key are shrunk towards those of the next coarser key with weight
    ``min_count`` (an m-estimate), and the coarsest towards the class prior:

    .. math:: \hat p_\ell(c \mid k) = \frac{N_\ell(k, c) + m\,\hat p_{\ell+1}(c)}{N_\ell(k) + m},

    so a key seen far fewer than ``m`` times votes with its coarser key. With ``m = 0`` this is
    the plain majority per key (an unseen key gets the majority of the coarser level). Root
    number; the hierarchical divisibility rule.
``"feature"``
    Real features of each row, shape ``(n, k)`` or ``(n,)``, fed to a logistic regression (a
    linear regression for a regression task) on standardised inputs (the Mestre-Nagao sum).

The m-estimate is Cestnik's; see B. Cestnik, "Estimating probabilities: a crucial task in
machine learning", ECAI (1990) 147-149.

Examples
--------
>>> import numpy as np
>>> parity = Rule(name="last-bit", kind="predict", inputs=("bit0",),
...               compute=lambda context, X: X[:, 0].astype(int),
...               description="n is odd iff its last binary digit is 1")
>>> context = RuleContext(features=("bit1", "bit0"))
>>> parity.apply(context, np.array([[1.0, 0.0], [0.0, 1.0]])).tolist()
[0, 1]
>>> parity.why_not(RuleContext(features=("x",), task="mine/x"))
"The last-bit baseline needs the features ['bit0']; task 'mine/x' lacks ['bit0']."
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from conjectura.exceptions import InvalidParameterError

__all__ = ["RULE_KINDS", "ESTIMATOR_PARAMS", "Rule", "RuleContext"]

RULE_KINDS = ("predict", "key", "feature")
# Hyperparameters of the generic estimator that wraps a rule (conjectura.learn.rules); a rule's
# own parameters may not use these names.
ESTIMATOR_PARAMS = ("min_count", "seed")


@dataclass(frozen=True)
class RuleContext:
    """What a rule may know of its task: the input columns, the task's parameters, its kind.

    Attributes
    ----------
    features : tuple of str
        Names of the columns of ``X``, in order.
    params : mapping
        The task's parameters (e.g. ``{"representation": "crt:25"}``).
    task : str
        The task's name, for messages.
    kind : {"classification", "regression"}
    """

    features: tuple[str, ...]
    params: Mapping[str, Any] = field(default_factory=dict)
    task: str = ""
    kind: str = "classification"

    @classmethod
    def of(cls, task: Any) -> RuleContext:
        """The context of a :class:`~conjectura.core.task.Task` (or of anything with
        ``features``, ``params``, ``name`` and ``kind`` attributes)."""
        if isinstance(task, RuleContext):
            return task
        return cls(
            features=tuple(getattr(task, "features", ()) or ()),
            params=dict(getattr(task, "params", {}) or {}),
            task=str(getattr(task, "name", "") or ""),
            kind=str(getattr(task, "kind", "classification")),
        )

    def index(self, column: str) -> int:
        """Position of ``column`` in ``X``.

        >>> RuleContext(features=("a_2", "a_3")).index("a_3")
        1
        """
        try:
            return self.features.index(column)
        except ValueError:
            raise InvalidParameterError(
                f"Task {self.task!r} has no input column {column!r}; its columns are "
                f"{list(self.features)[:8]}{' ...' if len(self.features) > 8 else ''}."
            ) from None


@dataclass(frozen=True, kw_only=True, repr=False)
class Rule:
    """A classical heuristic declared by a domain: see the module docstring.

    Attributes
    ----------
    name : str
        The baseline's registry name, e.g. ``"slope-rule"``.
    kind : {"predict", "key", "feature"}
        What ``compute`` returns: predictions, keys (finest first) or real features.
    compute : callable
        ``compute(context, X, **params)``, a plain numpy function of the feature matrix ``X``
        (only the ``inputs`` columns, in that order, when ``inputs`` is given) and the
        :class:`RuleContext`.
    description : str
        One line for listings.
    inputs : tuple of str, optional
        Feature columns the rule reads. A task without them is refused with a message naming
        the missing ones.
    applies : callable, optional
        ``applies(context, **params) -> str | None``: why the rule cannot run on a task (a
        representation that hides what it needs, ...), or ``None`` when it can. It may also
        raise :class:`~conjectura.exceptions.InvalidParameterError` for a bad parameter.
    params : mapping
        The rule's own parameters and their defaults (e.g. ``{"bound": 100}``).
    min_count : float, default 20
        ``"key"`` rules: the weight :math:`m` of the m-estimate (0: the plain majority per key).
    reference : str
        Where the rule comes from.
    """

    name: str
    kind: str
    compute: Callable[..., Any]
    description: str = ""
    inputs: Sequence[str] = ()
    applies: Callable[..., str | None] | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    min_count: float = 20.0
    reference: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise InvalidParameterError(
                f"A rule's name must be a non-empty string. Got {self.name!r} instead."
            )
        if self.kind not in RULE_KINDS:
            raise InvalidParameterError(
                f"The 'kind' parameter of Rule {self.name!r} must be one of {list(RULE_KINDS)}. "
                f"Got {self.kind!r} instead."
            )
        if not callable(self.compute):
            raise InvalidParameterError(f"The 'compute' of Rule {self.name!r} must be callable.")
        inputs = (self.inputs,) if isinstance(self.inputs, str) else tuple(self.inputs)
        if not all(isinstance(c, str) for c in inputs):
            raise InvalidParameterError(f"The 'inputs' of Rule {self.name!r} must be column names.")
        object.__setattr__(self, "inputs", inputs)
        object.__setattr__(self, "params", dict(self.params))
        clash = sorted(set(self.params) & set(ESTIMATOR_PARAMS))
        if clash:
            raise InvalidParameterError(
                f"Rule {self.name!r} may not name a parameter {clash[0]!r}: it belongs to the "
                f"estimator that wraps the rule."
            )
        m = self.min_count
        if isinstance(m, bool) or not isinstance(m, (int, float)) or not m >= 0:
            raise InvalidParameterError(
                f"The 'min_count' parameter of Rule {self.name!r} must be a float >= 0. Got {m!r} instead."
            )

    def __repr__(self) -> str:
        return f"Rule({self.name!r}, kind={self.kind!r})"

    def signature(self) -> str:
        """The parameters a baseline built from this rule takes, for listings.

        >>> Rule(name="r", kind="key", compute=len, params={"bound": 100}).signature()
        '(task, *, bound=100, min_count=20.0, seed=0)'
        """
        parts = [f"{k}={v!r}" for k, v in self.params.items()]
        if self.kind == "key":
            parts.append(f"min_count={self.min_count!r}")
        parts.append("seed=0")
        return "(task, *, " + ", ".join(parts) + ")"

    def bind(self, **params: Any) -> dict[str, Any]:
        """The rule's parameters: the defaults updated with ``params`` (unknown names are an error)."""
        unknown = sorted(set(params) - set(self.params))
        if unknown:
            takes = f"takes the parameters {sorted(self.params)}" if self.params else "takes no parameters"
            raise InvalidParameterError(f"The {self.name} baseline {takes}. Got {unknown[0]!r} instead.")
        return {**self.params, **params}

    def why_not(self, context: RuleContext | Any, **params: Any) -> str | None:
        """Why the rule cannot run on ``context`` (a task or :class:`RuleContext`), or ``None``."""
        ctx = RuleContext.of(context)
        missing = [c for c in self.inputs if c not in ctx.features]
        if missing:
            return (
                f"The {self.name} baseline needs the features {list(self.inputs)}; task "
                f"{ctx.task!r} lacks {missing}."
            )
        if self.kind == "key" and ctx.kind != "classification":
            return (
                f"The {self.name} baseline predicts the majority class of a key; task {ctx.task!r} "
                f"is a {ctx.kind}."
            )
        if self.applies is not None:
            return self.applies(ctx, **self.bind(**params))
        return None

    def apply(self, context: RuleContext | Any, X: Any, **params: Any):
        """Run ``compute`` on ``X`` and check the shape of its output.

        Returns an array of shape ``(n,)`` (``"predict"``), an array of shape ``(n, k)``
        (``"feature"``), or a list of per-row key lists, finest first (``"key"``).
        """
        ctx = RuleContext.of(context)
        X = np.asarray(X)
        if X.ndim != 2 or X.shape[1] != len(ctx.features):
            raise InvalidParameterError(
                f"The {self.name} baseline expects X with {len(ctx.features)} columns "
                f"({ctx.task or 'its task'}). Got shape {X.shape} instead."
            )
        if self.inputs:
            X = X[:, [ctx.index(c) for c in self.inputs]]
        out = self.compute(ctx, X, **self.bind(**params))
        n = len(X)
        if self.kind == "key":
            levels = [out] if isinstance(out, np.ndarray) and out.ndim == 1 else out
            if isinstance(levels, np.ndarray):
                levels = list(levels.T)
            levels = [lv.tolist() if isinstance(lv, np.ndarray) else list(lv) for lv in levels]
            bad = [i for i, lv in enumerate(levels) if len(lv) != n]
            if not levels or bad:
                raise InvalidParameterError(
                    f"The compute function of rule {self.name!r} must return {n} keys per level; "
                    f"level {bad[0] if bad else 0} has {len(levels[bad[0]]) if bad else 0}."
                )
            return levels
        out = np.asarray(out)
        if self.kind == "feature":
            out = out.astype(np.float64).reshape(n, -1) if out.ndim == 1 else out.astype(np.float64)
        if out.shape[0] != n or (self.kind == "predict" and out.ndim != 1) or out.ndim > 2:
            raise InvalidParameterError(
                f"The compute function of rule {self.name!r} returned shape {out.shape} for "
                f"{n} rows; a {self.kind!r} rule returns "
                + ("(n,)" if self.kind == "predict" else "(n, k)")
                + "."
            )
        return out
