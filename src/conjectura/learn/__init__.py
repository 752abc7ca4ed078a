"""learn: estimators with the scikit-learn contract, honest baselines, and :func:`evaluate`.

>>> from conjectura.learn import evaluate, MLPClassifier     # doctest: +SKIP

Every learned score is reported beside the task's baselines and a shuffled-label null
(:func:`evaluate`). Learners and baselines are named in the one registry,
:mod:`conjectura.core.registry`; this package registers the generic ones (the modules in
``REGISTERS``), and :mod:`conjectura.learn.rules` turns every rule a domain declares into a
baseline.
"""

from __future__ import annotations

import importlib
from typing import Any

from conjectura.core.registry import (
    get_baseline,
    get_learner,
    list_baselines,
    list_learners,
    register_baseline,
    register_learner,
)

REGISTERS = ("conjectura.learn.learners", "conjectura.learn.baselines", "conjectura.learn.rules")

_LAZY = {
    "evaluate": ("conjectura.learn.evaluation", "evaluate"),
    "Evaluation": ("conjectura.learn.evaluation", "Evaluation"),
    "score": ("conjectura.learn.evaluation", "score"),
    "MLPClassifier": ("conjectura.learn.mlp", "MLPClassifier"),
    "MLPRegressor": ("conjectura.learn.mlp", "MLPRegressor"),
    "TrainConfig": ("conjectura.learn.mlp", "TrainConfig"),
    "RuleClassifier": ("conjectura.learn.rules", "RuleClassifier"),
    "RuleRegressor": ("conjectura.learn.rules", "RuleRegressor"),
    "rule_baseline": ("conjectura.learn.rules", "rule_baseline"),
    "check_relation": ("conjectura.learn.check", "check_relation"),
    "RelationCheck": ("conjectura.learn.check", "RelationCheck"),
}

__all__ = [
    "get_baseline",
    "get_learner",
    "list_baselines",
    "list_learners",
    "register_baseline",
    "register_learner",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'conjectura.learn' has no attribute {name!r}")
