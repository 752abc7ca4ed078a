"""conjectura: a workbench for machine-learning-assisted mathematics.

Machine learning proposes; exact mathematics verifies.

>>> import conjectura as cj
>>> problem = cj.get_problem("graphs/wagner-2.1", n=19)
>>> problem.name
'graphs/wagner-2.1'
"""

from __future__ import annotations

import importlib
from typing import Any

from conjectura.core import (
    FORMAT,
    Certificate,
    Claim,
    Dataset,
    Encoding,
    Rule,
    SearchEngine,
    SearchProblem,
    Task,
    Verdict,
    certify,
    get_baseline,
    get_engine,
    get_learner,
    get_problem,
    get_task,
    list_baselines,
    list_engines,
    list_learners,
    list_problems,
    list_tasks,
    load_plugins,
    register_baseline,
    register_engine,
    register_learner,
    register_problem,
    register_rule,
    register_task,
)
from conjectura.exceptions import (
    CertificateFormatError,
    ConjecturaError,
    InvalidParameterError,
    MissingDependencyError,
    NotFittedError,
    RegistrationError,
    StoreError,
    UnknownNameError,
    VerificationError,
)

__version__ = "0.1.0"

# Heavier entry points are imported on first use so `import conjectura` stays fast.
_LAZY = {
    "search": ("conjectura.searching", "search"),
    "SearchResult": ("conjectura.searching", "SearchResult"),
    "SearchConfig": ("conjectura.searching", "SearchConfig"),
    "Budget": ("conjectura.searching", "Budget"),
    "evaluate": ("conjectura.learn", "evaluate"),
    "study": ("conjectura.learn.study", "study"),
    "fit_relation": ("conjectura.learn.relations", "fit_relation"),
    "generalisation_curve": ("conjectura.learn.generalisation", "generalisation_curve"),
    "Store": ("conjectura.store", "Store"),
    "open_store": ("conjectura.store", "open_store"),
    "build_dataset": ("conjectura.store.datasets", "build_dataset"),
    "murmurations": ("conjectura.domains.curves.murmurations", "murmurations"),
    "conjecture": ("conjectura.conjecturing", "conjecture"),
    "refute": ("conjectura.conjecturing", "refute"),
    "scan": ("conjectura.conjecturing", "scan"),
}

__all__ = [
    "FORMAT",
    "Certificate",
    "Dataset",
    "Encoding",
    "Rule",
    "SearchEngine",
    "SearchProblem",
    "Claim",
    "Task",
    "Verdict",
    "certify",
    "get_baseline",
    "get_engine",
    "get_learner",
    "get_problem",
    "get_task",
    "list_baselines",
    "list_engines",
    "list_learners",
    "list_problems",
    "list_tasks",
    "load_plugins",
    "register_baseline",
    "register_engine",
    "register_learner",
    "register_problem",
    "register_rule",
    "register_task",
    "CertificateFormatError",
    "ConjecturaError",
    "InvalidParameterError",
    "MissingDependencyError",
    "NotFittedError",
    "RegistrationError",
    "StoreError",
    "UnknownNameError",
    "VerificationError",
    "__version__",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'conjectura' has no attribute {name!r}")
