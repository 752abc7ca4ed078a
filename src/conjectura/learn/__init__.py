"""learn: estimators with the scikit-learn contract, honest baselines, and :func:`evaluate`.

>>> from conjectura.learn import study, evaluate, fit_relation     # doctest: +SKIP

Every learned score is reported beside the task's baselines and a shuffled-label null
(:func:`evaluate`). The commands ``conjectura learn``, ``check`` and ``curve`` are
:func:`study`, :func:`fit_relation` and :func:`generalisation_curve`. Learners and baselines are
named in the one registry, :mod:`conjectura.core.registry`; this package registers the generic
ones (the modules in ``REGISTERS``), and :mod:`conjectura.learn.rules` turns every rule a domain
declares into a baseline.
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

REGISTERS = (
    "conjectura.learn.learners",
    "conjectura.learn.baselines",
    "conjectura.learn.rules",
    "conjectura.learn.graphs",
)

_LAZY = {
    "study": ("conjectura.learn.study", "study"),
    "Study": ("conjectura.learn.study", "Study"),
    "evaluate": ("conjectura.learn.evaluation", "evaluate"),
    "EvaluateConfig": ("conjectura.learn.evaluation", "EvaluateConfig"),
    "Evaluation": ("conjectura.learn.evaluation", "Evaluation"),
    "score": ("conjectura.learn.evaluation", "score"),
    "MLPClassifier": ("conjectura.learn.mlp", "MLPClassifier"),
    "MLPRegressor": ("conjectura.learn.mlp", "MLPRegressor"),
    "TrainConfig": ("conjectura.learn.mlp", "TrainConfig"),
    "MPNNClassifier": ("conjectura.learn.graphs", "MPNNClassifier"),
    "GraphTrainConfig": ("conjectura.learn.graphs", "GraphTrainConfig"),
    "RuleClassifier": ("conjectura.learn.rules", "RuleClassifier"),
    "RuleRegressor": ("conjectura.learn.rules", "RuleRegressor"),
    "rule_baseline": ("conjectura.learn.rules", "rule_baseline"),
    "fit_relation": ("conjectura.learn.relations", "fit_relation"),
    "RelationFit": ("conjectura.learn.relations", "RelationFit"),
    "load_table": ("conjectura.learn.relations", "load_table"),
    "generalisation_curve": ("conjectura.learn.generalisation", "generalisation_curve"),
    "sweep_learner": ("conjectura.learn.sweep", "sweep_learner"),
    "LearnerSweep": ("conjectura.learn.sweep", "LearnerSweep"),
    "GeneralisationCurve": ("conjectura.learn.generalisation", "GeneralisationCurve"),
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
