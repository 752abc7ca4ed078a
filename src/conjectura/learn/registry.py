"""Named learners and baselines for :func:`conjectura.learn.evaluate`.

A factory takes the :class:`~conjectura.core.Task` (so a baseline can find its column by name)
and keyword hyperparameters, and returns an estimator with the scikit-learn contract
(``fit(X, y)``, ``predict(X)``). Domain-specific baselines (the slope rule for knots, the
Mestre-Nagao sum for curves, the divisibility rule for integers) live in
``conjectura.learn.baselines_<domain>`` modules and register themselves here; every
``conjectura.learn.learners*`` and ``conjectura.learn.baselines*`` module is imported on first
lookup.

>>> from conjectura.learn.registry import register_baseline
>>> @register_baseline("always-zero", description="predicts 0")
... def always_zero(task):
...     from sklearn.dummy import DummyClassifier
...     return DummyClassifier(strategy="constant", constant=0)
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from conjectura.exceptions import UnknownNameError

__all__ = [
    "register_learner",
    "register_baseline",
    "get_learner",
    "get_baseline",
    "list_learners",
    "list_baselines",
    "ModelEntry",
]


@dataclass(frozen=True)
class ModelEntry:
    name: str
    factory: Callable[..., Any]
    description: str = ""


_LEARNERS: dict[str, ModelEntry] = {}
_BASELINES: dict[str, ModelEntry] = {}
_loaded = False


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    import conjectura.learn as pkg

    for info in pkgutil.iter_modules(pkg.__path__):
        if info.name.startswith(("learners", "baselines")):
            importlib.import_module(f"conjectura.learn.{info.name}")


def _reg(table, name, factory, description):
    def deco(f):
        table[name] = ModelEntry(name, f, description or (f.__doc__ or "").strip().split("\n")[0])
        return f

    return deco(factory) if factory is not None else deco


def register_learner(name: str, factory: Callable | None = None, *, description: str = ""):
    """Register ``factory(task, **hyper) -> estimator`` as a learner; usable as a decorator."""
    return _reg(_LEARNERS, name, factory, description)


def register_baseline(name: str, factory: Callable | None = None, *, description: str = ""):
    """Register ``factory(task, **hyper) -> estimator`` as a baseline; usable as a decorator."""
    return _reg(_BASELINES, name, factory, description)


def _get(table, kind, name, task, hyper):
    _load()
    if name not in table:
        raise UnknownNameError(f"Unknown {kind} {name!r}. Known: {', '.join(sorted(table))}.")
    return table[name].factory(task, **hyper)


def get_learner(name: str, task, **hyper):
    """A fresh estimator for the learner ``name`` on ``task``."""
    return _get(_LEARNERS, "learner", name, task, hyper)


def get_baseline(name: str, task, **hyper):
    """A fresh estimator for the baseline ``name`` on ``task``."""
    return _get(_BASELINES, "baseline", name, task, hyper)


def list_learners() -> list[ModelEntry]:
    _load()
    return [v for _, v in sorted(_LEARNERS.items())]


def list_baselines() -> list[ModelEntry]:
    _load()
    return [v for _, v in sorted(_BASELINES.items())]
