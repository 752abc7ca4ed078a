"""``evaluate``: a learner beside its honest baselines and a shuffled-label null.

For every seed the data are split (held out by object, or by group), and on the same split
are fitted

* the **learner** (e.g. the MLP);
* every **baseline**: the task's own (``Task.baselines``: the slope rule for the knot
  signature, the Mestre-Nagao sum for elliptic-curve ranks, ...) and the generic ones
  (majority class, logistic/linear regression, gradient-boosted trees, k-nearest neighbours);
* the **null**: the same learner trained on a random permutation of the training labels and
  scored on the true test labels. It measures what the learner gets from class frequencies and
  from chance alone; a learned accuracy means something only well above it.

The test metric is reported as mean and standard deviation over seeds: accuracy for
classification, :math:`R^2` (and mean absolute error) for regression,

.. math::

    R^2 = 1 - \\frac{\\sum_i (y_i - \\hat y_i)^2}{\\sum_i (y_i - \\bar y)^2},
    \\qquad \\mathrm{MAE} = \\frac1n \\sum_i |y_i - \\hat y_i|.

References
----------
A. Davies et al., "Advancing mathematics by guiding human intuition with AI", Nature 600
(2021) 70-74, doi:10.1038/s41586-021-04086-x (the knot-signature set-up).
G. Williamson, "Is deep learning a useful tool for the pure mathematician?",
arXiv:2304.12602 (why baselines and representations matter).
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from conjectura.core.jsonable import to_jsonable
from conjectura.core.registry import get_baseline, get_learner
from conjectura.core.task import Dataset
from conjectura.core.threads import limit_threads
from conjectura.core.validation import validate_float, validate_int
from conjectura.exceptions import ConjecturaError, InvalidParameterError, UnknownNameError
from conjectura.learn import models
from conjectura.learn.baselines import generic_baselines
from conjectura.learn.splits import describe_split, split_indices

__all__ = [
    "evaluate",
    "EvaluateConfig",
    "Evaluation",
    "Row",
    "score",
    "seed_estimator",
    "fit_and_score",
    "learner_inputs",
    "null_labels",
    "log_evaluation",
    "recording_run",
]

HIGHER_IS_BETTER = {"accuracy": True, "r2": True, "mae": False}


def score(kind: str, y_true, y_pred) -> dict[str, float]:
    """Test metrics (:mod:`sklearn.metrics`): ``{"accuracy"}`` for classification,
    ``{"r2", "mae"}`` for regression.

    Conventions: on a constant target (:math:`\\sum_i (y_i - \\bar y)^2 = 0`, which includes a
    single row) :math:`R^2` is 1 for an exact prediction and 0 otherwise, as
    :func:`sklearn.metrics.r2_score` with ``force_finite=True``, never NaN or infinite.

    >>> score("classification", [1, 2, 2], [1, 2, 0])["accuracy"]
    0.6666666666666666
    >>> score("regression", [0.0, 2.0], [0.0, 2.0])
    {'r2': 1.0, 'mae': 0.0}
    >>> score("regression", [1.0, 1.0], [0.0, 2.0])
    {'r2': 0.0, 'mae': 1.0}
    """
    from sklearn.metrics import accuracy_score, mean_absolute_error, r2_score

    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if kind == "classification":
        return {"accuracy": float(accuracy_score(y_true, y_pred))}
    y_true, y_pred = y_true.astype(np.float64), y_pred.astype(np.float64)
    if len(y_true) < 2:  # r2_score is NaN here; one row is a constant target
        r2 = 1.0 if np.array_equal(y_true, y_pred) else 0.0
    else:
        r2 = float(r2_score(y_true, y_pred, force_finite=True))
    return {"r2": r2, "mae": float(mean_absolute_error(y_true, y_pred))}


@dataclass(frozen=True, kw_only=True)
class EvaluateConfig:
    """Everything that decides an evaluation (frozen: an evaluation is reproducible from it).

    Attributes
    ----------
    learner : str, default "mlp"
        A registered learner (``mlp``, ``logistic``, ``linear``, ``gbt``, ``knn``, ...).
    seeds : tuple of int, default (0, 1, 2)
        One split (for ``split="random"``/``"group"``) and one model initialisation per seed.
    split : str, default "random"
        ``"random"`` (held out by object), ``"group"``, ``"group:A,B"``, ``"group>V"``,
        ``"group<V"``: see :mod:`conjectura.learn.splits`.
    test_size : float, default 0.2
        Fraction of rows (or groups) held out, in (0, 1).
    n : int, optional
        Number of objects to build the dataset with (all by default).
    baselines : tuple of str, optional
        Baselines to run. Default: the task's own (``task.baselines``) followed by the generic
        ones for its kind (unless ``generic=False``).
    generic : bool, default True
    learner_params : mapping, default {}
        Hyperparameters of the learner (e.g. ``{"hidden": (300, 300, 300)}``). :func:`evaluate`
        puts them over the task's recommended ones (``Task.learner_defaults[learner]``): the
        evaluation's ``config`` holds the hyperparameters the learner ran with.
    null : bool, default True
        Also fit the learner on permuted training labels (always on in the CLI).
    data_seed : int, default 0
        Seed of the dataset build (sub-sampling, random objects).
    keep_models : bool, default True
        Keep each seed's fitted learner and test indices (for :mod:`conjectura.interpret`).
    n_threads : int or None, default 1
        Threads for PyTorch, OpenMP and BLAS while fitting
        (:func:`conjectura.core.threads.limit_threads`). One thread is the fast choice for these
        small networks and tables on a shared machine (OpenMP spin-waiting on busy cores slows
        gradient boosting many-fold); ``None`` lets the libraries choose.

    Examples
    --------
    >>> EvaluateConfig(learner="logistic", seeds=[0, 1]).seeds
    (0, 1)
    >>> EvaluateConfig(test_size=1.5)
    Traceback (most recent call last):
    ...
    conjectura.exceptions.InvalidParameterError: The 'test_size' parameter of evaluate must be a finite float > 0 and <= 1. Got 1.5 instead.
    """

    learner: str = "mlp"
    seeds: tuple[int, ...] = (0, 1, 2)
    split: str = "random"
    test_size: float = 0.2
    n: int | None = None
    baselines: tuple[str, ...] | None = None
    generic: bool = True
    learner_params: Mapping[str, Any] = field(default_factory=dict)
    null: bool = True
    data_seed: int = 0
    keep_models: bool = True
    n_threads: int | None = 1

    def __post_init__(self):
        owner = "evaluate"
        seeds = tuple(validate_int(s, "seeds", owner, min_value=0) for s in self.seeds)
        if not seeds:
            raise InvalidParameterError("The 'seeds' parameter of evaluate must name at least one seed.")
        if not isinstance(self.learner, str):
            raise InvalidParameterError(
                f"The 'learner' parameter of evaluate must be a str. Got {self.learner!r} instead."
            )
        if not isinstance(self.split, str):
            raise InvalidParameterError(
                f"The 'split' parameter of evaluate must be a string. Got {self.split!r} instead."
            )
        values = {
            "seeds": seeds,
            "test_size": validate_float(
                self.test_size, "test_size", owner, min_value=0, max_value=1, min_inclusive=False
            ),
            "n": None if self.n is None else validate_int(self.n, "n", owner, min_value=2),
            "baselines": None if self.baselines is None else tuple(self.baselines),
            "learner_params": dict(self.learner_params or {}),
            "data_seed": validate_int(self.data_seed, "data_seed", owner, min_value=0),
            "n_threads": None
            if self.n_threads is None
            else validate_int(self.n_threads, "n_threads", owner, min_value=1),
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def replace(self, **changes) -> EvaluateConfig:
        """A copy with some fields changed; an unknown field name is an error naming close ones."""
        fields = [f.name for f in dataclasses.fields(self)]
        for name in changes:
            if name not in fields:
                close = difflib.get_close_matches(name, fields, n=2)
                hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
                raise InvalidParameterError(
                    f"evaluate got an unknown option {name!r}.{hint} Options: {', '.join(fields)}."
                )
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        """The fields as plain JSON values (for a run's configuration)."""
        return to_jsonable(dataclasses.asdict(self))


@dataclass
class Row:
    """One model of an evaluation: its test (and train) metrics for every seed.

    Attributes
    ----------
    name : str
        Learner or baseline name; the null is ``"null(<learner>)"``.
    role : {"learner", "baseline", "null"}
    test, train : dict of str to list of float
        Metric name -> one value per seed.
    seconds : list of float
        Fit time per seed.
    error : str or None
        Why a baseline could not run on this task (shown in the table, never dropped).
    """

    name: str
    role: str
    description: str = ""
    test: dict[str, list[float]] = field(default_factory=dict)
    train: dict[str, list[float]] = field(default_factory=dict)
    seconds: list[float] = field(default_factory=list)
    error: str | None = None

    def mean(self, metric: str, which: str = "test") -> float:
        vals = getattr(self, which).get(metric, [])
        return float(np.mean(vals)) if vals else float("nan")

    def std(self, metric: str, which: str = "test") -> float:
        vals = getattr(self, which).get(metric, [])
        return float(np.std(vals, ddof=1)) if len(vals) > 1 else (0.0 if vals else float("nan"))

    def add(self, *, test: Mapping[str, float], train: Mapping[str, float], seconds: float) -> None:
        """Append one seed's test and train metrics and fit time."""
        for m, v in test.items():
            self.test.setdefault(m, []).append(v)
        for m, v in train.items():
            self.train.setdefault(m, []).append(v)
        self.seconds.append(seconds)

    def to_dict(self) -> dict:
        out: dict[str, Any] = {
            "name": self.name,
            "role": self.role,
            "description": self.description,
            "error": self.error,
        }
        for which in ("test", "train"):
            out[which] = {
                m: {"mean": self.mean(m, which), "std": self.std(m, which), "values": list(v)}
                for m, v in getattr(self, which).items()
            }
        out["seconds"] = float(np.sum(self.seconds)) if self.seconds else 0.0
        return out


@dataclass
class Evaluation:
    """The result of :func:`evaluate`.

    Attributes
    ----------
    task : str
    params : dict
        Task parameters (e.g. ``representation``).
    kind : {"classification", "regression"}
    metric : str
        The primary test metric (``accuracy`` or ``r2``).
    split : str
    seeds : tuple of int
    rows : list of Row
        The learner first, then the baselines, then the null.
    n_rows, n_dropped : int
        Rows used, and rows dropped because a feature or the target was missing (non-finite).
    n_train, n_test : list of int
        Split sizes per seed.
    curves : dict
        ``seed -> {"train_loss": [...], "val_loss": [...], "best_epoch": k}`` for learners that
        record a history (the MLP).
    models : dict
        ``seed -> fitted learner`` (not serialised).
    test_index : dict
        ``seed -> indices of the test rows`` in ``dataset`` (not serialised).
    dataset : Dataset
        The rows used (after dropping missing values).
    meta : dict
        The dataset's provenance (``Dataset.meta``).
    config : EvaluateConfig or None
        The knobs the evaluation ran with.
    run_id : str or None
        The stored run, when a store was given.
    """

    task: str
    params: dict
    kind: str
    metric: str
    split: str
    seeds: tuple[int, ...]
    feature_names: tuple[str, ...]
    rows: list[Row]
    n_rows: int
    n_dropped: int
    n_train: list[int]
    n_test: list[int]
    test_size: float
    curves: dict = field(default_factory=dict)
    models: dict = field(default_factory=dict, repr=False)
    test_index: dict = field(default_factory=dict, repr=False)
    dataset: Dataset | None = field(default=None, repr=False)
    meta: dict = field(default_factory=dict)
    config: EvaluateConfig | None = field(default=None, repr=False)
    run_id: str | None = None

    # -- lookups -------------------------------------------------------------------------
    @property
    def learner(self) -> Row:
        return next(r for r in self.rows if r.role == "learner")

    @property
    def null(self) -> Row | None:
        return next((r for r in self.rows if r.role == "null"), None)

    @property
    def baselines(self) -> list[Row]:
        return [r for r in self.rows if r.role == "baseline" and r.error is None]

    def row(self, name: str) -> Row:
        for r in self.rows:
            if r.name == name:
                return r
        raise InvalidParameterError(f"No row {name!r}; rows are {[r.name for r in self.rows]}.")

    def best_baseline(self, metric: str | None = None) -> Row | None:
        """The baseline with the best mean test metric (None if no baseline ran)."""
        metric = metric or self.metric
        rows = [r for r in self.baselines if metric in r.test]
        if not rows:
            return None
        sign = 1 if HIGHER_IS_BETTER[metric] else -1
        return max(rows, key=lambda r: sign * r.mean(metric))

    def gap(self, baseline: str | None = None, metric: str | None = None) -> float:
        """Learner mean minus baseline mean (the best baseline by default); positive = better
        for accuracy and R^2 (for MAE the sign is flipped so positive still means better)."""
        metric = metric or self.metric
        b = self.row(baseline) if baseline else self.best_baseline(metric)
        if b is None:
            return float("nan")
        d = self.learner.mean(metric) - b.mean(metric)
        return d if HIGHER_IS_BETTER[metric] else -d

    def verdict(self) -> str:
        """One plain sentence: does the learner beat its best baseline and the null?"""
        m, L = self.metric, self.learner
        parts = [f"{L.name}: {m} {L.mean(m):.4f} ± {L.std(m):.4f}"]
        b = self.best_baseline()
        if b is not None:
            g = self.gap()
            spread = max(L.std(m), b.std(m))
            if abs(g) <= spread:
                how = "within the seed spread of"
            elif g > 0:
                how = "above"
            else:
                how = "BELOW"
            single = " (one seed: no spread to judge by)" if len(self.seeds) == 1 else ""
            parts.append(
                f"{how} the best baseline {b.name} ({b.mean(m):.4f} ± {b.std(m):.4f}, gap {g:+.4f}){single}"
            )
        if self.null is not None:
            parts.append(f"shuffled-label null {self.null.mean(m):.4f}")
        return "; ".join(parts) + "."

    # -- output --------------------------------------------------------------------------
    def to_dict(self) -> dict:
        """A JSON-able summary.

        Keys: ``task``, ``params``, ``kind``, ``metric`` (primary), ``split``,
        ``split_description``, ``test_size``, ``seeds``, ``features``, ``n_rows``,
        ``n_dropped``, ``n_train``, ``n_test`` (per seed), ``rows`` (one per model: ``name``,
        ``role`` in learner/baseline/null, ``description``, ``error``, ``test`` and ``train``:
        ``{metric: {"mean", "std", "values"}}``, ``seconds``), ``best_baseline``, ``gap``
        (learner minus best baseline, primary metric), ``verdict``, ``curves``
        (``{seed: {"train_loss", "val_loss", "best_epoch"}}``), ``meta``, ``run_id``.
        """
        b = self.best_baseline()
        return {
            "task": self.task,
            "params": to_jsonable(self.params),
            "kind": self.kind,
            "metric": self.metric,
            "split": self.split,
            "split_description": describe_split(self.split),
            "test_size": self.test_size,
            "seeds": list(self.seeds),
            "features": list(self.feature_names),
            "n_rows": self.n_rows,
            "n_dropped": self.n_dropped,
            "n_train": list(self.n_train),
            "n_test": list(self.n_test),
            "rows": [r.to_dict() for r in self.rows],
            "best_baseline": b.name if b else None,
            "gap": self.gap(),
            "verdict": self.verdict(),
            "curves": {
                str(k): {kk: vv for kk, vv in v.items() if kk in ("train_loss", "val_loss", "best_epoch")}
                for k, v in self.curves.items()
            },
            "meta": to_jsonable(self.meta),
            "run_id": self.run_id,
        }

    def table_rows(self) -> list[dict]:
        """Rows for a table: model, role, and ``metric`` mean ± std per metric."""
        metrics = ["accuracy"] if self.kind == "classification" else ["r2", "mae"]
        out = []
        for r in self.rows:
            d: dict[str, Any] = {"model": r.name, "role": r.role}
            for m in metrics:
                d[m] = "failed" if r.error else f"{r.mean(m):.4f} ± {r.std(m):.4f}"
                d[f"train {m}" if m != "accuracy" else "train"] = (
                    "" if r.error else f"{r.mean(m, 'train'):.4f}"
                )
            d["fit s"] = f"{np.mean(r.seconds):.1f}" if r.seconds else ""
            d["note"] = "not run" if r.error else ""
            out.append(d)
        return out

    def table(self, title: str | None = None):
        """A :class:`rich.table.Table` of the rows (learner, baselines, null)."""
        from rich.markup import escape
        from rich.table import Table

        rows = self.table_rows()
        rep = self.params.get("representation")
        title = title or (
            f"{self.task}"
            + (f" [{rep}]" if rep else "")
            + f": {describe_split(self.split)}, {len(self.seeds)} seeds, "
            f"{self.n_rows} rows" + (f" ({self.n_dropped} dropped: missing values)" if self.n_dropped else "")
        )
        t = Table(title=escape(title))
        for c in rows[0]:
            t.add_column(c, overflow="fold", no_wrap=c in ("model", "role", "accuracy", "r2", "mae"))
        style = {"learner": "bold green", "null": "dim", "baseline": ""}
        for r in rows:
            t.add_row(*[escape(str(v)) for v in r.values()], style=style.get(r["role"], ""))
        return t

    def failures(self) -> list[str]:
        """One line per baseline that could not run on this task, with the reason."""
        return [f"{r.name}: {r.error}" for r in self.rows if r.error]


def seed_estimator(est, seed: int, classes: np.ndarray | None = None):
    """Point the estimator's own seed parameters at ``seed``; give a classifier that declares
    ``classes`` every class of the dataset (so no class is ever unpredictable).

    Only parameters of ``est`` itself are set (``random_state`` or ``seed``, as
    :func:`sklearn.utils.check_random_state` reads them), and for a
    :class:`~sklearn.pipeline.Pipeline` those of each of its steps; ``classes`` only on the
    classifier that makes the prediction (``est``, or the last step of a pipeline). Parameters
    of estimators nested deeper (e.g. the base estimator of a bagging ensemble) are left as
    their owner set them.

    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sklearn.linear_model import LogisticRegression
    >>> pipe = seed_estimator(make_pipeline(StandardScaler(), LogisticRegression()), 7)
    >>> pipe[-1].random_state
    7
    """
    from sklearn.base import is_classifier

    steps = [s for _, s in est.steps if hasattr(s, "get_params")] if hasattr(est, "steps") else [est]
    predictor = steps[-1] if steps else est
    for step in steps:
        try:
            own = step.get_params(deep=False)
        except AttributeError:
            continue
        update: dict[str, Any] = {k: seed for k in ("random_state", "seed") if k in own}
        if step is predictor and classes is not None and "classes" in own and is_classifier(step):
            update["classes"] = classes
        if update:
            step.set_params(**update)
    return est


def null_labels(y, seed: int) -> np.ndarray:
    """The training labels of the shuffled-label null for ``seed``: a random permutation of
    ``y``, from its own stream (independent of the split and of the model's seed)."""
    return np.random.default_rng([seed, 7919]).permutation(y)


def fit_and_score(est, kind: str, X_train, y_train, X_test, y_test) -> tuple[dict, dict, float]:
    """Fit ``est`` on the training rows; return ``(test metrics, train metrics, fit seconds)``."""
    t0 = time.perf_counter()
    est.fit(X_train, y_train)
    seconds = time.perf_counter() - t0
    return score(kind, y_test, est.predict(X_test)), score(kind, y_train, est.predict(X_train)), seconds


def learner_inputs(est, ds: Dataset, rows: np.ndarray, X_rows: np.ndarray | None = None):
    """What ``est`` is fitted and scored on for the rows ``rows`` of ``ds``.

    The feature rows ``ds.X[rows]`` (``X_rows`` when already taken), unless the estimator reads
    the objects itself: an estimator with a ``dataset_inputs(dataset, rows)`` method (the graph
    learners of :mod:`conjectura.learn.graphs` read each row's graph from the dataset's graph
    store) gets what that method returns. Either way the rows, hence the split, the seeds and
    the shuffled-label null, are those of every other model of the evaluation.
    """
    read = getattr(est, "dataset_inputs", None)
    if callable(read):
        return read(ds, rows)
    return ds.X[rows] if X_rows is None else X_rows


def _clean(ds: Dataset, kind: str) -> tuple[Dataset, int]:
    """The rows whose features (and, for regression, target) are all finite; how many were dropped."""
    X = np.asarray(ds.X, dtype=np.float64)
    ok = np.isfinite(X).all(axis=1)
    if kind == "regression" or np.issubdtype(np.asarray(ds.y).dtype, np.floating):
        ok &= np.isfinite(np.asarray(ds.y, dtype=float))
    sub = ds if ok.all() else ds.subset(np.flatnonzero(ok))
    clean = Dataset(
        X=np.asarray(sub.X, dtype=np.float64),
        y=np.asarray(sub.y),
        feature_names=sub.feature_names,
        target_name=sub.target_name,
        groups=sub.groups,
        frame=sub.frame,
        meta=sub.meta,
    )
    return clean, int((~ok).sum())


def evaluate(
    task,
    learner: str | None = None,
    *,
    config: EvaluateConfig | None = None,
    dataset: Dataset | None = None,
    store=None,
    progress: bool = False,
    **options,
) -> Evaluation:
    """Evaluate ``learner`` on ``task`` beside every baseline and the shuffled-label null.

    Parameters
    ----------
    task : Task or str
        A task, or a registered task name (built with its default parameters).
    learner : str, optional
        A registered learner; overrides ``config.learner`` (default ``"mlp"``).
    config : EvaluateConfig, optional
        The knobs of the evaluation (seeds, split, baselines, hyperparameters, ...).
    dataset : Dataset, optional
        Use this dataset instead of building one.
    store : Store or str, optional
        Record the evaluation as a run of kind ``"learn"``.
    progress : bool, default False
        Show a progress bar (on stderr).
    **options
        Fields of :class:`EvaluateConfig` (``seeds``, ``split``, ``test_size``, ``n``,
        ``baselines``, ``generic``, ``learner_params``, ``null``, ``data_seed``,
        ``keep_models``, ``n_threads``), overriding those of ``config``.

    Returns
    -------
    Evaluation

    Examples
    --------
    >>> from conjectura.learn.synthetic import planted_task
    >>> ev = evaluate(planted_task(), "logistic", seeds=(0, 1), n=300, baselines=["majority"])
    >>> [r.name for r in ev.rows]
    ['logistic', 'majority', 'null(logistic)']
    >>> ev.gap() > 0.3
    True
    """
    from conjectura.core.registry import get_task

    if learner is not None:
        options["learner"] = learner
    config = (config or EvaluateConfig()).replace(**options)
    if isinstance(task, str):
        task = get_task(task)
    if hasattr(task, "learner_params"):  # the task's recommended hyperparameters, under the user's
        config = config.replace(learner_params=task.learner_params(config.learner, config.learner_params))
    ev = _plan(task, config, dataset)
    jobs = len(config.seeds) * sum(r.error is None for r in ev.rows)
    with _Progress(progress, jobs, f"{task.name}: {config.learner}") as bar, limit_threads(config.n_threads):
        for seed in config.seeds:
            _run_seed(ev, task, config, seed, bar)
    # A baseline that failed on some seed is reported as failed, not averaged over fewer seeds.
    for r in ev.rows:
        if r.error is not None:
            r.test, r.train = {}, {}
    _record(ev, store)
    return ev


def _plan(task, config: EvaluateConfig, dataset: Dataset | None) -> Evaluation:
    """Validate the names, build and clean the dataset, and lay out the rows (learner first,
    then the baselines, then the null) of an evaluation not yet run."""
    kind = "classification" if models.is_classification(task) else "regression"
    if config.baselines is None:
        names = list(task.baselines) + (list(generic_baselines(task)) if config.generic else [])
    else:
        names = list(config.baselines)
    names = [b for b in dict.fromkeys(names) if b != config.learner]

    ds = dataset if dataset is not None else task.dataset(config.n, seed=config.data_seed)
    ds, n_dropped = _clean(ds, kind)
    if len(ds) < 5:
        raise InvalidParameterError(f"Task {task.name!r} gave only {len(ds)} usable rows.")

    # Make every model once up front so a bad name fails before any training.
    get_learner(config.learner, task, **config.learner_params)
    rows = [Row(name=config.learner, role="learner", description=_describe("learner", config.learner))]
    for b in names:
        row = Row(name=b, role="baseline", description=_describe("baseline", b))
        try:
            get_baseline(b, task)
        except UnknownNameError:
            raise
        except (ConjecturaError, ValueError) as exc:
            row.error = str(exc)  # e.g. a classifier baseline on a regression task: shown, not dropped
        rows.append(row)
    if config.null:
        rows.append(
            Row(
                name=f"null({config.learner})",
                role="null",
                description="same learner, training labels randomly permuted",
            )
        )
    return Evaluation(
        task=task.name,
        params=dict(task.params),
        kind=kind,
        metric="accuracy" if kind == "classification" else "r2",
        split=config.split,
        seeds=config.seeds,
        feature_names=tuple(ds.feature_names),
        rows=rows,
        n_rows=len(ds),
        n_dropped=n_dropped,
        n_train=[],
        n_test=[],
        test_size=config.test_size,
        dataset=ds,
        meta=dict(ds.meta),
        config=config,
    )


def _run_seed(ev: Evaluation, task, config: EvaluateConfig, seed: int, bar: _Progress) -> None:
    """Split with ``seed`` and fit every row that can run (learner, baselines, null) on it."""
    ds = ev.dataset
    tr, te = split_indices(len(ds), config.split, test_size=config.test_size, seed=seed, groups=ds.groups)
    ev.n_train.append(len(tr))
    ev.n_test.append(len(te))
    X_train, y_train, X_test, y_test = ds.X[tr], ds.y[tr], ds.X[te], ds.y[te]
    classes = np.unique(ds.y) if ev.kind == "classification" else None
    for row in ev.rows:
        if row.error is not None:
            continue
        bar.describe(f"seed {seed}: {row.name}")
        if row.role == "baseline":
            est = get_baseline(row.name, task)
        else:
            est = get_learner(config.learner, task, **config.learner_params)
        seed_estimator(est, seed, classes)
        y_fit = null_labels(y_train, seed) if row.role == "null" else y_train
        try:
            X_fit, X_eval = learner_inputs(est, ds, tr, X_train), learner_inputs(est, ds, te, X_test)
            test, train, seconds = fit_and_score(est, ev.kind, X_fit, y_fit, X_eval, y_test)
        except (ConjecturaError, ValueError) as exc:
            if row.role == "baseline":  # shown in the table as not run, never dropped
                row.error = f"{type(exc).__name__}: {exc}"
                bar.advance()
                continue
            if isinstance(exc, ConjecturaError):
                raise
            # scikit-learn's answer to data a model cannot take, e.g. fewer rows than neighbours
            raise InvalidParameterError(
                f"The learner {config.learner!r} cannot be fitted on {task.name!r} "
                f"({len(tr)} training rows, seed {seed}): {exc}"
            ) from exc
        row.add(test=test, train=train, seconds=seconds)
        if row.role == "learner":
            if hasattr(est, "history_"):
                ev.curves[seed] = est.history_
            if config.keep_models:
                ev.models[seed] = est
                ev.test_index[seed] = te
        bar.advance()


def _describe(kind: str, name: str) -> str:
    from conjectura.core.registry import list_baselines, list_learners

    table = list_learners() if kind == "learner" else list_baselines()
    return next((e.description for e in table if e.name == name), "")


def _record(ev: Evaluation, store) -> None:
    """Record an evaluation as a new run of ``store`` (a Store or a URL), if one is given."""
    config = {"task": ev.task, "params": to_jsonable(ev.params)}
    config.update(ev.config.to_dict() if ev.config is not None else {})
    with recording_run(store, kind="learn", name=ev.task, config=config) as run:
        if run is not None:
            log_evaluation(run, ev)
            run.set_summary(ev.to_dict())
            ev.run_id = str(run.id)


@contextlib.contextmanager
def recording_run(store, *, kind: str, name: str, config: Mapping[str, Any]):
    """A new run of ``store`` (a Store or a URL) as a context, or ``None`` when ``store`` is None.

    The run is marked finished when the block ends, interrupted on Ctrl-C and failed on an
    error (``Store.run``); what was logged before stays.
    """
    if store is None:
        yield None
        return
    from conjectura.store import open_store

    st = open_store(store) if isinstance(store, str) else store
    with st.run(kind=kind, name=name, config=config) as run:
        yield run


def log_evaluation(run, ev: Evaluation, prefix: str = "") -> None:
    """Log every row's mean test metric, and the learner's learning curve, into ``run``."""
    for r in ev.rows:
        for m in r.test:
            run.log_metric(f"{prefix}{r.role}/{r.name}/{m}", r.mean(m))
    for seed, h in ev.curves.items():
        for step, (a, b) in enumerate(zip(h.get("train_loss", []), h.get("val_loss", []))):
            run.log_metrics(
                {f"{prefix}curve/seed{seed}/train_loss": a, f"{prefix}curve/seed{seed}/val_loss": b},
                step=step,
            )


class _Progress:
    """A rich progress bar, or nothing."""

    def __init__(self, enabled: bool, total: int, label: str):
        self.enabled, self.total, self.label = enabled, total, label
        self._p = None

    def __enter__(self):
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._p = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._p.__enter__()
            self._t = self._p.add_task(self.label, total=self.total)
        return self

    def describe(self, text: str):
        if self._p is not None:
            self._p.update(self._t, description=f"{self.label} | {text}")

    def advance(self):
        if self._p is not None:
            self._p.advance(self._t)

    def __exit__(self, *exc):
        if self._p is not None:
            self._p.__exit__(*exc)
        return False
