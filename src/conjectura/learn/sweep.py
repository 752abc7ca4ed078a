"""``sweep_learner``: tune a learner's hyperparameters on a validation split, never on the test.

For each seed of an evaluation the data are split into training and test rows exactly as
:func:`~conjectura.learn.evaluation.evaluate` splits them; a sweep then holds out a
validation slice *of the training rows* (``val_size`` of them, by object, or by group for a
group split), fits the learner on the rest with the trial's hyperparameters and scores it on
the validation slice. The trial's value is the mean validation metric over the seeds
(accuracy, or :math:`R^2` for regression). The test rows are never seen while selecting, so
the evaluation that :func:`conjectura.learn.study` runs afterwards with the best trial's
hyperparameters (beside the baselines and the shuffled-label null, on the test rows) is an
honest held-out estimate. The learner's default hyperparameters are scored the same way, and
they are kept when no trial beats them on validation.

Each learner declares its search space beside its factory (``meta={"search_space": ...}`` in
:func:`~conjectura.core.registry.register_learner`; see :mod:`conjectura.learn.learners`), in
the ranges of :mod:`conjectura.qmc.sweep` (:class:`~conjectura.qmc.sweep.Float`,
:class:`~conjectura.qmc.sweep.Int`, :class:`~conjectura.qmc.sweep.Categorical`). The
sampler is Optuna's scrambled-Sobol :class:`~optuna.samplers.QMCSampler` by default (random
search and TPE on request): in low effective dimension quasi-random points cover the space
more evenly than random ones (Bergstra and Bengio 2012).

The trials are kept in Optuna's tables in the database of the conjectura store (SQLite or
PostgreSQL, one URL): several processes that run the same sweep name add trials to one sweep,
a sweep stopped by Ctrl-C keeps every finished trial, and ``resume=True`` (or the same
``sweep_name``) continues it. A sweep remembers the configuration it was started with (task,
learner, seeds, split, space, fixed hyperparameters); a worker with a different one is refused.

References
----------
J. Bergstra and Y. Bengio, "Random search for hyper-parameter optimization", JMLR 13 (2012)
281-305.
T. Akiba, S. Sano, T. Yanase, T. Ohta and M. Koyama, "Optuna: a next-generation
hyperparameter optimization framework", KDD 2019, doi:10.1145/3292500.3330701.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from conjectura.core.jsonable import to_jsonable
from conjectura.core.registry import get_learner, list_learners
from conjectura.core.threads import limit_threads
from conjectura.core.validation import require, validate_float, validate_int
from conjectura.exceptions import InvalidParameterError
from conjectura.learn import models
from conjectura.learn.evaluation import _clean, score, seed_estimator
from conjectura.learn.splits import split_indices
from conjectura.qmc.sweep import SAMPLERS, Categorical, Float, Int, SweepResult, sweep

__all__ = ["LearnerSweep", "sweep_learner", "search_space", "validation_score"]


class _TrialFailed(ValueError):
    """A fit that failed for this trial's hyperparameters (the trial is recorded as failed)."""


def search_space(learner: str, task) -> dict:
    """The search space the learner ``learner`` declares for ``task`` (its registration's
    ``meta["search_space"]``: a mapping, or a function of the task returning one).

    >>> from conjectura.learn.synthetic import planted_task
    >>> sorted(search_space("knn", planted_task()))
    ['n_neighbors', 'weights']
    """
    entry = next((e for e in list_learners() if e.name == learner), None)
    if entry is None:
        get_learner(learner, task)  # the registry's error, with close names
    space = dict(entry.meta).get("search_space")
    if callable(space):
        space = space(task)
    if not space:
        raise InvalidParameterError(
            f"The learner {learner!r} declares no search space; pass space={{name: Float(...), ...}} "
            "(or register it with meta={'search_space': ...})."
        )
    return dict(space)


def _describe_space(space: Mapping[str, Any]) -> dict:
    out = {}
    for name, spec in space.items():
        if isinstance(spec, (Float, Int)):
            out[name] = {
                "type": type(spec).__name__.lower(),
                "low": spec.low,
                "high": spec.high,
                "log": spec.log,
            }
        elif isinstance(spec, Categorical):
            out[name] = {"type": "categorical", "choices": list(spec.choices)}
        else:
            out[name] = repr(spec)
    return to_jsonable(out)


def _val_split(
    tr: np.ndarray, split: str, val_size: float, seed: int, groups
) -> tuple[np.ndarray, np.ndarray]:
    """The fitting and validation rows inside the training rows ``tr`` (by group for a group
    split when the training rows hold at least two groups, by object otherwise)."""
    g = None if groups is None else np.asarray(groups)[tr]
    how = "group" if split.startswith("group") and g is not None and len(np.unique(g)) >= 2 else "random"
    fit, val = split_indices(len(tr), how, test_size=val_size, seed=seed, groups=g)
    return tr[fit], tr[val]


def validation_score(task, learner: str, hyper: Mapping[str, Any], ds, *, seeds, split, test_size, val_size):
    """The validation metric of ``learner`` with hyperparameters ``hyper`` (over the task's
    recommended ones) for each seed: fitted on the training rows minus a validation slice,
    scored on that slice. The test rows of each seed are not touched."""
    kind = "classification" if models.is_classification(task) else "regression"
    metric = "accuracy" if kind == "classification" else "r2"
    hyper = task.learner_params(learner, hyper) if hasattr(task, "learner_params") else dict(hyper)
    classes = np.unique(ds.y) if kind == "classification" else None
    values = []
    for seed in seeds:
        tr, _ = split_indices(len(ds), split, test_size=test_size, seed=seed, groups=ds.groups)
        fit, val = _val_split(tr, split, val_size, seed, ds.groups)
        est = seed_estimator(get_learner(learner, task, **hyper), seed, classes)  # bad names raise here
        try:
            est.fit(ds.X[fit], ds.y[fit])
            values.append(score(kind, ds.y[val], est.predict(ds.X[val]))[metric])
        except (ValueError, FloatingPointError, RuntimeError) as exc:
            if isinstance(exc, InvalidParameterError):
                raise
            raise _TrialFailed(f"{type(exc).__name__}: {exc}") from exc
    return values


@dataclass
class LearnerSweep:
    """The result of :func:`sweep_learner`: every trial of the sweep (all workers') and the
    validation score of the learner's default hyperparameters beside the best one.

    Attributes
    ----------
    task, learner, metric : str
        ``metric`` is the validation metric (``accuracy`` or ``r2``; higher is better).
    name : str
        The sweep's name in the database.
    space : dict
        The search space, described as JSON.
    fixed : dict
        Hyperparameters given by the user, fixed in every trial.
    default_values : list of float
        Validation metric per seed of the learner with ``fixed`` only (its defaults and the
        task's recommended hyperparameters): the reference a sweep has to beat.
    result : SweepResult
        The trials (:class:`conjectura.qmc.sweep.SweepResult`).
    config : dict
        What decides the sweep (task, seeds, split, sizes, ...), as stored with it.
    """

    task: str
    learner: str
    metric: str
    name: str
    space: dict
    fixed: dict
    default_values: list[float]
    result: SweepResult = field(repr=False)
    config: dict = field(default_factory=dict)

    @property
    def default_value(self) -> float:
        return float(np.mean(self.default_values))

    @property
    def best_value(self) -> float | None:
        return self.result.best_value

    @property
    def best_params(self) -> dict:
        """The best trial's hyperparameters (``{}`` when no trial finished)."""
        return self.result.best_params or {}

    @property
    def chosen(self) -> str:
        """``"trial N"`` when the best trial beats the default hyperparameters on validation,
        else ``"default"`` (a sweep never replaces the default by something worse)."""
        best = self.result.best
        if best is None or not self.best_value > self.default_value:
            return "default"
        return f"trial {best['number']}"

    def params(self) -> dict:
        """The hyperparameters to evaluate with: the fixed ones, and the best trial's when it
        beats the default on validation (:attr:`chosen`)."""
        return {**self.fixed, **(self.best_params if self.chosen != "default" else {})}

    def summary(self) -> str:
        """One sentence: the best trial's validation metric beside the default's, and the choice."""
        r = self.result
        failed = sum(t["state"] == "FAIL" for t in r.trials)
        head = f"sweep {self.name} ({r.sampler}): {len(r.complete)} trial{'s' * (len(r.complete) != 1)}" + (
            f" ({failed} failed)" if failed else ""
        )
        if r.best is None:
            return f"{head}; none finished, the default hyperparameters are used."
        choice = (
            f"evaluated with the best: {to_jsonable(self.best_params)}"
            if self.chosen != "default"
            else "no trial beats the default, which is evaluated"
        )
        return (
            f"{head}; best validation {self.metric} {self.best_value:.4f} (trial {r.best['number']}) against "
            f"{self.default_value:.4f} with the default hyperparameters; {choice}."
        )

    def to_dict(self) -> dict:
        """JSON: ``name``, ``task``, ``learner``, ``sampler``, ``storage``, ``metric``,
        ``space``, ``fixed``, ``default_value``, ``default_values``, ``best`` (``number``,
        ``value``, ``params``), ``chosen`` (``"trial N"`` or ``"default"``), ``n_trials``,
        ``n_complete``, ``n_failed``, ``trials``
        (``number``, ``state``, ``value``, ``params``, ``values`` per seed, ``error``),
        ``config``."""
        r = self.result
        best = r.best
        return to_jsonable(
            {
                "name": self.name,
                "task": self.task,
                "learner": self.learner,
                "sampler": r.sampler,
                "storage": r.storage,
                "metric": self.metric,
                "space": self.space,
                "fixed": self.fixed,
                "default_value": self.default_value,
                "default_values": list(self.default_values),
                "best": None if best is None else {k: best[k] for k in ("number", "value", "params")},
                "chosen": self.chosen,
                "n_trials": len(r.trials),
                "n_complete": len(r.complete),
                "n_failed": sum(t["state"] == "FAIL" for t in r.trials),
                "trials": [
                    {
                        "number": t["number"],
                        "state": t["state"],
                        "value": t["value"],
                        "params": t["params"],
                        "values": t["attrs"].get("values"),
                        "error": t["attrs"].get("error"),
                    }
                    for t in r.trials
                ],
                "config": self.config,
            },
            finite=True,
        )

    def table(self, limit: int = 10):
        """The best ``limit`` trials (:meth:`conjectura.qmc.sweep.SweepResult.table`)."""
        return self.result.table(limit)


def sweep_learner(
    task,
    learner: str = "mlp",
    *,
    n_trials: int,
    sampler: str = "qmc",
    space: Mapping[str, Any] | None = None,
    seeds: Sequence[int] = (0, 1, 2),
    split: str = "random",
    test_size: float = 0.2,
    val_size: float = 0.2,
    n: int | None = None,
    data_seed: int = 0,
    learner_params: Mapping[str, Any] | None = None,
    store=None,
    sweep_name: str | None = None,
    resume: bool = False,
    seed: int = 0,
    worker: int = 0,
    progress: bool = False,
    n_threads: int | None = 1,
) -> LearnerSweep:
    """Sweep the hyperparameters of ``learner`` on ``task``, selecting on validation rows
    carved out of each seed's training rows.

    Parameters
    ----------
    task : Task or str
    learner : str, default "mlp"
    n_trials : int
        Trials this call runs (the sweep may hold more: other workers', earlier calls').
    sampler : {"qmc", "random", "tpe"}, default "qmc"
        Scrambled Sobol points (Optuna's ``QMCSampler``), random search, or TPE.
    space : mapping, optional
        The search space; default: the one the learner declares (:func:`search_space`).
    seeds, split, test_size, n, data_seed
        As in :func:`~conjectura.learn.evaluation.evaluate`: the trial is scored on the same
        training rows the evaluation will train on.
    val_size : float, default 0.2
        Fraction of each seed's training rows (or groups) held out for validation.
    learner_params : mapping, optional
        Hyperparameters fixed in every trial; their names are left out of the search space
        (for the MLP, fix ``width`` and ``depth`` to fix its layers).
    store : Store or str, optional
        Keep the trials in the database of this store (its URL); ``None``: in memory.
    sweep_name : str, optional
        The sweep's name in the database; workers that give the same name share one sweep.
        Default: the task, learner and a digest of the configuration.
    resume : bool, default False
        Continue the sweep of the default name if it exists (with ``sweep_name`` given, an
        existing sweep of that name is always continued).
    seed : int, default 0
        The Sobol scramble (the same for every worker) and the root of the random/TPE seeds.
    worker : int, default 0
        This worker's index (random and TPE workers must differ; QMC workers share one sequence).
    progress : bool, default False
        A progress bar on stderr.
    n_threads : int or None, default 1
        Threads while fitting (:func:`conjectura.core.threads.limit_threads`).

    Returns
    -------
    LearnerSweep

    Examples
    --------
    >>> from conjectura.learn.synthetic import planted_task
    >>> sw = sweep_learner(planted_task(), "knn", n_trials=5, seeds=(0,), n=300)
    >>> sw.result.sampler, len(sw.result.complete)
    ('qmc', 5)
    >>> sw.best_value == max(t["value"] for t in sw.result.complete)   # validation accuracy
    True
    """
    from conjectura.core.registry import get_task

    optuna = require("optuna", extra="qmc", purpose="for hyperparameter sweeps")
    if isinstance(task, str):
        task = get_task(task)
    n_trials = validate_int(n_trials, "n_trials", "sweep_learner", min_value=1)
    val_size = validate_float(
        val_size, "val_size", "sweep_learner", min_value=0, max_value=1, min_inclusive=False
    )
    if sampler not in SAMPLERS:
        raise InvalidParameterError(
            f"The 'sampler' parameter of sweep_learner must be one of {', '.join(SAMPLERS)}. Got {sampler!r} instead."
        )
    seeds = tuple(validate_int(s, "seeds", "sweep_learner", min_value=0) for s in seeds)
    fixed = dict(learner_params or {})
    space = dict(space) if space is not None else search_space(learner, task)
    space = {k: v for k, v in space.items() if k not in fixed}  # what the user fixed is not swept
    if not space:
        raise InvalidParameterError(
            f"The sweep of {learner!r} has nothing left to search: learner_params fixes every "
            f"hyperparameter of its space ({', '.join(sorted(fixed))})."
        )
    kind = "classification" if models.is_classification(task) else "regression"
    metric = "accuracy" if kind == "classification" else "r2"
    ds, _ = _clean(task.dataset(n, seed=data_seed), kind)
    config = to_jsonable(
        {
            "task": task.name,
            "params": dict(task.params),
            "learner": learner,
            "seeds": list(seeds),
            "split": split,
            "test_size": test_size,
            "val_size": val_size,
            "n": n,
            "data_seed": data_seed,
            "fixed": fixed,
            "space": _describe_space(space),
            "seed": seed,
        }
    )
    digest = hashlib.sha256(json.dumps(config, sort_keys=True, default=str).encode()).hexdigest()[:10]
    explicit = sweep_name is not None
    name = sweep_name or f"{task.name}:{learner}:{digest}"
    url = None if store is None else (store if isinstance(store, str) else store.url)
    if url is not None and url.rstrip("/") in ("sqlite:", "sqlite:/"):
        url = None  # an in-memory store: Optuna's own in-memory storage
    _claim(optuna, url, name, config, digest, explicit=explicit, resume=resume)

    score_kw = {"seeds": seeds, "split": split, "test_size": test_size, "val_size": val_size}

    def objective(params: dict) -> dict:
        values = validation_score(task, learner, {**fixed, **params}, ds, **score_kw)
        return {"value": float(np.mean(values)), "values": values}

    from conjectura.learn.evaluation import _Progress

    with _Progress(progress, n_trials + 1, f"sweep {name}") as bar, limit_threads(n_threads):
        bar.describe("default hyperparameters")
        default_values = validation_score(task, learner, fixed, ds, **score_kw)
        bar.advance()
        bar.describe(f"{n_trials} {sampler} trials")
        res = sweep(
            objective,
            space,
            n_trials=n_trials,
            sampler=sampler,
            direction="maximize",
            storage=url,
            study_name=name,
            seed=seed,
            worker=worker,
            catch=(_TrialFailed,),
            progress=lambda done, total: bar.advance(),
        )
    return LearnerSweep(
        task=task.name,
        learner=learner,
        metric=metric,
        name=name,
        space=_describe_space(space),
        fixed=to_jsonable(fixed),
        default_values=[float(v) for v in default_values],
        result=res,
        config=config,
    )


def _claim(optuna, url, name, config, digest, *, explicit: bool, resume: bool) -> None:
    """Create the sweep ``name`` in the database at ``url`` with its configuration, or check
    that an existing one was started with the same configuration (and may be continued)."""
    if url is None:
        return
    from conjectura.qmc.sweep import _mask, _storage

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(
        storage=_storage(url, None), study_name=name, direction="maximize", load_if_exists=True
    )
    stored = study.user_attrs.get("learn_digest")
    if stored is None:
        study.set_user_attr("learn_config", config)
        study.set_user_attr("learn_digest", digest)
        return
    if stored != digest:
        old = study.user_attrs.get("learn_config", {})
        diff = sorted(k for k in set(old) | set(config) if old.get(k) != config.get(k))
        raise InvalidParameterError(
            f"The sweep {name!r} in {_mask(url)} was started with another configuration "
            f"(it differs in {', '.join(diff) or 'its digest'}); give another sweep name."
        )
    if not explicit and not resume and study.get_trials(deepcopy=False):
        raise InvalidParameterError(
            f"The sweep {name!r} in {_mask(url)} already holds {len(study.get_trials(deepcopy=False))} trials; "
            "pass resume=True (--resume) to continue it, or give a sweep name to start another."
        )
