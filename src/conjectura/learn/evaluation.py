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

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from conjectura.core.registry import get_baseline, get_learner
from conjectura.core.task import Dataset
from conjectura.core.validation import check_float, check_int
from conjectura.exceptions import ConjecturaError, InvalidParameterError, UnknownNameError
from conjectura.learn import models
from conjectura.learn.baselines import generic_baselines
from conjectura.learn.splits import describe_split, split_indices

__all__ = ["evaluate", "Evaluation", "Row", "score"]

HIGHER_IS_BETTER = {"accuracy": True, "r2": True, "mae": False}


def score(kind: str, y_true, y_pred) -> dict[str, float]:
    """Test metrics: ``{"accuracy"}`` for classification, ``{"r2", "mae"}`` for regression.

    >>> score("classification", [1, 2, 2], [1, 2, 0])["accuracy"]
    0.6666666666666666
    >>> score("regression", [0.0, 2.0], [0.0, 2.0])
    {'r2': 1.0, 'mae': 0.0}
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if kind == "classification":
        return {"accuracy": float(np.mean(y_true == y_pred))}
    y_true, y_pred = y_true.astype(float), y_pred.astype(float)
    ss_res = float(np.sum((y_true - y_pred) ** 2))
    ss_tot = float(np.sum((y_true - y_true.mean()) ** 2))
    r2 = 1.0 - ss_res / ss_tot if ss_tot > 0 else (1.0 if ss_res == 0 else 0.0)
    return {"r2": r2, "mae": float(np.mean(np.abs(y_true - y_pred)))}


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
            "params": _jsonable(self.params),
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
            "meta": _jsonable(self.meta),
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


def _jsonable(obj):
    if isinstance(obj, Mapping):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, (str, int, float, bool)) or obj is None:
        return obj
    return str(obj)


def _set_seed_and_classes(est, seed: int, classes: np.ndarray | None):
    """Point every seed-like parameter of ``est`` (and nested steps) at ``seed``; give
    classifiers that accept it the full list of classes (so no class is ever unpredictable)."""
    try:
        params = est.get_params(deep=True)
    except AttributeError:
        return est
    update = {}
    for key in params:
        last = key.rsplit("__", 1)[-1]
        if last in ("seed", "random_state"):
            update[key] = seed
        elif last == "classes" and classes is not None:
            update[key] = classes
    if update:
        est.set_params(**update)
    return est


def _fit_score(est, kind, Xtr, ytr, Xte, yte):
    t0 = time.perf_counter()
    est.fit(Xtr, ytr)
    secs = time.perf_counter() - t0
    return score(kind, yte, est.predict(Xte)), score(kind, ytr, est.predict(Xtr)), secs


def _clean(ds: Dataset, kind: str) -> tuple[Dataset, int]:
    X = np.asarray(ds.X, dtype=np.float64)
    ok = np.isfinite(X).all(axis=1)
    if kind == "regression" or np.issubdtype(np.asarray(ds.y).dtype, np.floating):
        ok &= np.isfinite(np.asarray(ds.y, dtype=float))
    if ok.all():
        return Dataset(X, np.asarray(ds.y), ds.feature_names, ds.target_name, ds.groups, ds.frame, ds.meta), 0
    idx = np.flatnonzero(ok)
    sub = ds.subset(idx)
    return Dataset(
        np.asarray(sub.X, dtype=np.float64),
        sub.y,
        sub.feature_names,
        sub.target_name,
        sub.groups,
        sub.frame,
        sub.meta,
    ), int((~ok).sum())


def evaluate(
    task,
    learner: str = "mlp",
    *,
    seeds: Sequence[int] = (0, 1, 2),
    split: str = "random",
    test_size: float = 0.2,
    n: int | None = None,
    baselines: Iterable[str] | None = None,
    generic: bool = True,
    learner_params: Mapping[str, Any] | None = None,
    null: bool = True,
    data_seed: int = 0,
    dataset: Dataset | None = None,
    store=None,
    run=None,
    progress: bool = False,
    keep_models: bool = True,
    n_threads: int | None = 1,
) -> Evaluation:
    """Evaluate ``learner`` on ``task`` beside every baseline and the shuffled-label null.

    Parameters
    ----------
    task : Task or str
        A task, or a registered task name (built with its default parameters).
    learner : str, default "mlp"
        A registered learner (``mlp``, ``logistic``, ``linear``, ``gbt``, ``knn``, ...).
    seeds : sequence of int, default (0, 1, 2)
        One split (for ``split="random"``/``"group"``) and one model initialisation per seed.
    split : str, default "random"
        ``"random"`` (held out by object), ``"group"``, ``"group:A,B"``, ``"group>V"``,
        ``"group<V"``: see :mod:`conjectura.learn.splits`.
    test_size : float, default 0.2
        Fraction of rows (or groups) held out.
    n : int, optional
        Number of objects to build the dataset with (all by default).
    baselines : iterable of str, optional
        Baselines to run. Default: the task's own (``task.baselines``) followed by the generic
        ones for its kind (unless ``generic=False``).
    learner_params : mapping, optional
        Hyperparameters of the learner (e.g. ``{"hidden": (300, 300, 300)}``).
    null : bool, default True
        Also fit the learner on permuted training labels (always on in the CLI).
    data_seed : int, default 0
        Seed of the dataset build (sub-sampling, random objects).
    dataset : Dataset, optional
        Use this dataset instead of building one.
    store : Store or str, optional
        Record the evaluation as a run of kind ``"learn"``; ``run`` records into an open run.
    progress : bool, default False
        Show a progress bar.
    keep_models : bool, default True
        Keep each seed's fitted learner and test indices (for :mod:`conjectura.interpret`).
    n_threads : int or None, default 1
        Threads for PyTorch, OpenMP and BLAS while fitting (``threadpoolctl``). One thread is
        the fast choice for these small networks and tables on a shared machine (OpenMP
        spin-waiting on busy cores slows gradient boosting many-fold); ``None`` lets the
        libraries choose.

    Returns
    -------
    Evaluation

    Examples
    --------
    >>> import conjectura as cj                         # doctest: +SKIP
    >>> ev = cj.evaluate("knots/signature", seeds=(0, 1, 2))   # doctest: +SKIP
    >>> print(ev.verdict())                             # doctest: +SKIP
    """
    from conjectura.core.registry import get_task

    if isinstance(task, str):
        task = get_task(task)
    owner = "evaluate"
    seeds = tuple(check_int(s, "seeds", owner, min_value=0) for s in seeds)
    if not seeds:
        raise InvalidParameterError("The 'seeds' parameter of evaluate must name at least one seed.")
    test_size = check_float(test_size, "test_size", owner, min_value=0, max_value=1, min_inclusive=False)
    if n is not None:
        n = check_int(n, "n", owner, min_value=2)
    kind = "classification" if models.is_classification(task) else "regression"
    metric = "accuracy" if kind == "classification" else "r2"
    learner_params = dict(learner_params or {})

    if baselines is None:
        names = list(task.baselines) + (list(generic_baselines(task)) if generic else [])
    else:
        names = list(baselines)
    names = [b for b in dict.fromkeys(names) if b != learner]

    ds = dataset if dataset is not None else task.dataset(n, seed=data_seed)
    ds, n_dropped = _clean(ds, kind)
    if len(ds) < 5:
        raise InvalidParameterError(f"Task {task.name!r} gave only {len(ds)} usable rows.")
    classes = np.unique(ds.y) if kind == "classification" else None

    # Make every model once up front so a bad name fails before any training.
    get_learner(learner, task, **learner_params)
    rows = [Row(learner, "learner", _describe("learner", learner))]
    base_rows = []
    for b in names:
        row = Row(b, "baseline", _describe("baseline", b))
        try:
            get_baseline(b, task)
        except UnknownNameError:
            raise
        except (ConjecturaError, ValueError) as exc:
            row.error = str(exc)
        base_rows.append(row)
    rows += base_rows
    if null:
        rows.append(Row(f"null({learner})", "null", "same learner, training labels randomly permuted"))

    ev = Evaluation(
        task=task.name,
        params=dict(task.params),
        kind=kind,
        metric=metric,
        split=split,
        seeds=seeds,
        feature_names=tuple(ds.feature_names),
        rows=rows,
        n_rows=len(ds),
        n_dropped=n_dropped,
        n_train=[],
        n_test=[],
        test_size=test_size,
        dataset=ds,
        meta=dict(ds.meta),
    )

    jobs = len(seeds) * (1 + sum(r.error is None for r in base_rows) + int(null))
    bar = _Progress(progress, jobs, f"{task.name}: {learner}")
    with bar, _threads(n_threads):
        for seed in seeds:
            tr, te = split_indices(len(ds), split, test_size=test_size, seed=seed, groups=ds.groups)
            ev.n_train.append(len(tr))
            ev.n_test.append(len(te))
            Xtr, ytr, Xte, yte = ds.X[tr], ds.y[tr], ds.X[te], ds.y[te]
            for row in rows:
                if row.error is not None:
                    continue
                bar.describe(f"seed {seed}: {row.name}")
                if row.role == "baseline":
                    est = get_baseline(row.name, task)
                else:
                    est = get_learner(learner, task, **learner_params)
                _set_seed_and_classes(est, seed, classes)
                y_fit = ytr
                if row.role == "null":
                    y_fit = np.random.default_rng([seed, 7919]).permutation(ytr)
                try:
                    te_s, tr_s, secs = _fit_score(est, kind, Xtr, y_fit, Xte, yte)
                except (ConjecturaError, ValueError) as exc:
                    if row.role != "baseline":
                        raise
                    row.error = f"{type(exc).__name__}: {exc}"
                    bar.advance()
                    continue
                for m, v in te_s.items():
                    row.test.setdefault(m, []).append(v)
                for m, v in tr_s.items():
                    row.train.setdefault(m, []).append(v)
                row.seconds.append(secs)
                if row.role == "learner":
                    if hasattr(est, "history_"):
                        ev.curves[seed] = est.history_
                    if keep_models:
                        ev.models[seed] = est
                        ev.test_index[seed] = te
                bar.advance()
    # A baseline that failed on some seed is reported as failed, not averaged over fewer seeds.
    for r in rows:
        if r.error is not None:
            r.test, r.train = {}, {}
    _record(ev, store, run)
    return ev


def _describe(kind: str, name: str) -> str:
    from conjectura.core.registry import list_baselines, list_learners

    table = list_learners() if kind == "learner" else list_baselines()
    return next((e.description for e in table if e.name == name), "")


def _record(ev: Evaluation, store, run) -> None:
    """Log an evaluation into an open run, or into a new run of ``store``."""
    if run is None and store is None:
        return
    if run is not None:
        log_evaluation(run, ev)
        ev.run_id = str(run.id)
        return
    from conjectura.store import open_store

    st = open_store(store) if isinstance(store, str) else store
    with st.run(
        kind="learn",
        name=ev.task,
        config={
            "learner": ev.learner.name,
            "seeds": list(ev.seeds),
            "split": ev.split,
            "params": _jsonable(ev.params),
        },
    ) as r:
        log_evaluation(r, ev)
        r.set_summary(ev.to_dict())
        ev.run_id = str(r.id)


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


class _threads:
    """Limit PyTorch, OpenMP and BLAS threads inside a ``with`` block (``None``: no limit)."""

    def __init__(self, n: int | None):
        self.n = None if n is None else check_int(n, "n_threads", "evaluate", min_value=1)

    def __enter__(self):
        if self.n is None:
            return self
        from threadpoolctl import threadpool_limits

        self._limits = threadpool_limits(limits=self.n)
        self._torch = None
        try:
            import torch

            self._torch = torch.get_num_threads()
            torch.set_num_threads(self.n)
        except ImportError:
            pass
        return self

    def __exit__(self, *exc):
        if self.n is None:
            return False
        self._limits.restore_original_limits()
        if self._torch is not None:
            import torch

            torch.set_num_threads(self._torch)
        return False


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
