"""``study``: the learn workflow in one call, the function under ``conjectura learn``.

A study asks whether an invariant is predictable from a representation of the objects, and
which inputs the prediction uses (the set-up of Davies et al. 2021):

1. for each representation, :func:`~conjectura.learn.evaluation.evaluate` fits the learner
   beside every baseline and the shuffled-label null, over several seeds;
2. :func:`~conjectura.interpret.attribute` ranks the inputs of each seed's network by gradient
   saliency (eq. (1) of Gukov, Halverson and Ruehle 2024), integrated gradients and
   permutation importance, on held-out rows;
3. with a store, the study is a run of kind ``"learn"``: metrics are logged as each
   representation finishes, and the HTML report is written in the run's directory.

A notebook gets the object the CLI prints: ``study(...).table()`` is what ``conjectura learn``
shows and ``study(...).to_dict()`` its ``--json`` document.

>>> import conjectura as cj                                            # doctest: +SKIP
>>> s = cj.study("integers/squarefree", representations=["crt:25", "binary"])  # doctest: +SKIP
>>> print(s.verdict())                                                 # doctest: +SKIP

References
----------
A. Davies et al., "Advancing mathematics by guiding human intuition with AI", Nature 600
(2021) 70-74, doi:10.1038/s41586-021-04086-x.
S. Gukov, J. Halverson, F. Ruehle, "Rigor with machine learning from field theory to the
Poincare conjecture", Nature Reviews Physics (2024), arXiv:2402.13321.
G. Williamson, "Is deep learning a useful tool for the pure mathematician?", Bull. AMS (2024),
arXiv:2304.12602 (representations, baselines and nulls).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conjectura.core.jsonable import to_jsonable
from conjectura.exceptions import InvalidParameterError
from conjectura.interpret.saliency import Attributions
from conjectura.learn.evaluation import EvaluateConfig, Evaluation, evaluate, log_evaluation, recording_run

__all__ = ["study", "Study", "PERMUTATION_MAX_FEATURES", "SALIENCY_ROWS_SHOWN"]

#: Permutation importance predicts once per input column and repeat: with hundreds of inputs
#: (the 1000 a_p of an elliptic curve) it dominates the run, so above this it is left out.
PERMUTATION_MAX_FEATURES = 200
#: Inputs shown in the printed saliency table (all are in the report and in ``to_dict()``).
SALIENCY_ROWS_SHOWN = 25


@dataclass
class Study:
    """The result of :func:`study`: one evaluation (and its attributions) per representation.

    Attributes
    ----------
    task : str
        The task name.
    representations : tuple of (str or None)
        As requested; ``None`` stands for the task's default.
    evaluations : list of Evaluation
        One per representation, in order.
    attributions : list of Attributions
        ``{method: Attribution}`` per evaluation (empty without saliency).
    notes : list of list of str
        What was left out, per evaluation, and why (e.g. permutation importance on very many
        inputs).
    config : dict
        The options the study ran with (the stored run's configuration).
    run_id : int or None
        The stored run, when a store was given.
    report_path : Path or None
        The HTML report written in the run's directory.
    sweeps : list of (LearnerSweep or None)
        With ``sweep=N``: the hyperparameter sweep of each evaluation
        (:class:`~conjectura.learn.sweep.LearnerSweep`), whose best trial it ran with.
    """

    task: str
    representations: tuple[str | None, ...]
    evaluations: list[Evaluation]
    attributions: list = field(default_factory=list)
    notes: list[list[str]] = field(default_factory=list)
    config: dict = field(default_factory=dict)
    run_id: int | None = None
    report_path: Path | None = None
    sweeps: list = field(default_factory=list)

    @property
    def labels(self) -> list[str | None]:
        """The representation of each evaluation (the task's default when none was asked)."""
        return [
            rep if rep is not None else ev.params.get("representation")
            for rep, ev in zip(self.representations, self.evaluations)
        ]

    @property
    def saliency(self) -> dict:
        """``{representation: Attributions}``; each has ``.table()``, and each of its
        :class:`~conjectura.interpret.Attribution` values too."""
        return dict(zip(self.labels, self.attributions))

    def verdict(self) -> str:
        """One sentence per representation: does the learner beat its best baseline and the null?"""
        many = len(self.evaluations) > 1
        return "\n".join(
            (f"[{label}] " if many and label is not None else "") + ev.verdict()
            for label, ev in zip(self.labels, self.evaluations)
        )

    def to_dict(self) -> dict:
        """The ``--json`` document of ``conjectura learn``.

        Keys: ``run_id``, ``report``, ``task``, ``evaluations``: one per representation with
        ``representation``, ``metric``, ``split``, ``seeds``, ``n_rows``, ``n_dropped``,
        ``learner``, ``learner_params`` (the hyperparameters it ran with: the task's recommended
        ones under the given ones), ``best_baseline``, ``gap``, ``verdict``, ``notes``, ``rows`` (``name``,
        ``role``, ``mean``, ``std``, ``values``, ``error``, and ``mae`` for regression) and
        ``saliency`` (``{method: {ranking, features: [{rank, feature, mean, std, share}],
        top3_per_seed}}``), and with a sweep ``sweep``
        (:meth:`conjectura.learn.sweep.LearnerSweep.to_dict`; ``None`` without).
        """
        return {
            "run_id": self.run_id,
            "report": None if self.report_path is None else str(self.report_path),
            "task": self.task,
            "evaluations": [
                {**_summary(ev, att, label, notes), "sweep": sw.to_dict() if sw is not None else None}
                for ev, att, label, notes, sw in zip(
                    self.evaluations, self.attributions, self.labels, self.notes, self._sweeps()
                )
            ],
        }

    def _sweeps(self) -> list:
        return list(self.sweeps) + [None] * (len(self.evaluations) - len(self.sweeps))

    def table(self, max_inputs: int = SALIENCY_ROWS_SHOWN):
        """The rich renderables ``conjectura learn`` prints: per representation the evaluation
        table, the baselines that could not run, the verdict, and the saliency ranking (its
        first ``max_inputs`` inputs), then the run and its report."""
        from rich.console import Group
        from rich.text import Text

        parts: list[Any] = []
        for ev, att, label, notes, sw in zip(
            self.evaluations, self.attributions, self.labels, self.notes, self._sweeps()
        ):
            if sw is not None:
                parts.append(sw.table(5))
                parts.append(Text(sw.summary()))
            parts.append(ev.table())
            parts += [Text(f"not run: {line}") for line in ev.failures()]
            parts.append(Text(ev.verdict()))
            parts += [Text(note) for note in notes]
            if att:
                tag = f" [{label}]" if label is not None else ""
                primary = att.primary
                title = f"inputs ranked by {primary.label}, mean ± sd over {len(primary.seeds)} seeds{tag}"
                parts.append(att.table(max_inputs, title=title))
                hidden = len(primary.feature_names) - max_inputs
                if hidden > 0:
                    parts.append(Text(f"({hidden} more inputs in the report and in --json)"))
                parts.append(Text(f"top 3 per seed: {att.top_per_seed(3)}"))
        if self.run_id is not None:
            parts.append(Text(f"run {self.run_id}; report: {self.report_path}"))
        return Group(*parts)

    def report(self, path: str | Path) -> Path:
        """Write the HTML report (tables, saliency charts, learning curves) and return its path.

        ``path`` is a directory (the report is ``report.html`` in it) or a ``.html`` file; the
        PNG figures are written beside the report."""
        from conjectura.report.learn import learn_report

        path = Path(path)
        directory, filename = (path.parent, path.name) if path.suffix == ".html" else (path, "report.html")
        return learn_report(
            directory,
            self.evaluations,
            self.attributions,
            title=f"conjectura learn {self.task}",
            filename=filename,
        )


def study(
    task,
    *,
    representations: Sequence[str] = (),
    params: Mapping[str, Any] | None = None,
    learner: str = "mlp",
    seeds: Sequence[int] = (0, 1, 2),
    split: str = "random",
    test_size: float = 0.2,
    n: int | None = None,
    learner_params: Mapping[str, Any] | None = None,
    saliency: bool = True,
    report: bool = True,
    store=None,
    progress: bool = False,
    sweep: int | None = None,
    sampler: str = "qmc",
    sweep_name: str | None = None,
    resume: bool = False,
    val_size: float = 0.2,
    worker: int = 0,
) -> Study:
    """Evaluate a learner beside its baselines and the null for each representation of a task,
    and rank its inputs.

    Parameters
    ----------
    task : str or Task
        A registered task name, or a :class:`~conjectura.core.Task` (then ``representations``
        and ``params`` must be empty: the task is already built).
    representations : sequence of str, default ()
        Representations to compare (each builds the task with ``representation=...``); empty:
        the task's default.
    params : mapping, optional
        Other task parameters, e.g. ``{"m": 10}``.
    learner : str, default "mlp"
    seeds : sequence of int, default (0, 1, 2)
        One split and one initialisation per seed.
    split : str, default "random"
        See :mod:`conjectura.learn.splits`.
    test_size : float, default 0.2
    n : int, optional
        Number of objects (the task's default otherwise).
    learner_params : mapping, optional
        Hyperparameters of the learner, over the task's recommended ones
        (``Task.learner_defaults``). To tune them, see :func:`conjectura.learn.sweep.sweep_learner`.
    saliency : bool, default True
        Attribute each network's predictions to its inputs (gradient saliency, integrated
        gradients; permutation importance up to :data:`PERMUTATION_MAX_FEATURES` inputs).
    report : bool, default True
        With a store, write the HTML report in the run's directory.
    store : Store or str, optional
        Record the study as a run of kind ``"learn"`` (metrics, summary, report).
    progress : bool, default False
        Progress bars on stderr.
    sweep : int, optional
        First run this many trials of a hyperparameter sweep of the learner per representation
        (:func:`conjectura.learn.sweep.sweep_learner`: the learner's declared search space,
        selected on a validation slice of each seed's training rows, never on the test rows),
        then evaluate with the best trial's hyperparameters (or the default ones, when no trial
        beats them on validation). The trials go to the store's
        database (in memory without a store).
    sampler : {"qmc", "random", "tpe"}, default "qmc"
        The sweep's sampler: scrambled Sobol points, random search or TPE.
    sweep_name : str, optional
        Name of the sweep in the database (suffixed ``[representation]`` when several are
        compared); processes that give the same name share one sweep.
    resume : bool, default False
        Continue the sweep of the default name (see :func:`~conjectura.learn.sweep.sweep_learner`).
    val_size : float, default 0.2
        The sweep's validation fraction of the training rows.
    worker : int, default 0
        This process's index among the workers of a random or TPE sweep.

    Returns
    -------
    Study

    Examples
    --------
    >>> from conjectura.learn.synthetic import planted_task
    >>> s = study(planted_task(), learner="logistic", seeds=(0,), n=300)
    >>> s.saliency[None].primary.ranking()[:2]
    ['x0', 'x1']
    >>> s.to_dict()["evaluations"][0]["learner"]
    'logistic'
    """
    tasks, reps = _tasks(task, representations, params)
    config = EvaluateConfig(
        learner=learner,
        seeds=tuple(seeds),
        split=split,
        test_size=test_size,
        n=n,
        learner_params=dict(learner_params or {}),
    )
    run_config = _run_config(tasks[0].name, config, reps, params)
    if sweep is not None:
        run_config["sweep"] = {
            "n_trials": sweep,
            "sampler": sampler,
            "name": sweep_name,
            "val_size": val_size,
        }
    result = Study(task=tasks[0].name, representations=reps, evaluations=[], config=run_config)
    if isinstance(store, str):
        from conjectura.store import open_store

        store = open_store(store)
    configs = [config] * len(tasks)
    if sweep is not None:
        from conjectura.learn.sweep import sweep_learner

        for rep, t in zip(reps, tasks):
            name = sweep_name if sweep_name is None or len(reps) == 1 else f"{sweep_name}[{rep}]"
            result.sweeps.append(
                sweep_learner(
                    t,
                    learner,
                    n_trials=sweep,
                    sampler=sampler,
                    seeds=config.seeds,
                    split=split,
                    test_size=config.test_size,
                    val_size=val_size,
                    n=n,
                    learner_params=config.learner_params,
                    store=store,
                    sweep_name=name,
                    resume=resume,
                    worker=worker,
                    progress=progress,
                )
            )
        configs = [config.replace(learner_params=sw.params()) for sw in result.sweeps]
    with recording_run(store, kind="learn", name=result.task, config=run_config) as run:
        _evaluate_each(result, run, tasks, configs, saliency=saliency, progress=progress)
        if run is not None:
            result.run_id = run.id
            if report:
                result.report_path = result.report(run.dir)
            run.set_summary(result.to_dict())
    return result


def _run_config(name: str, config: EvaluateConfig, reps, params) -> dict:
    """The stored configuration of a study's run."""
    return {
        "task": name,
        "learner": config.learner,
        "seeds": list(config.seeds),
        "split": config.split,
        "test_size": config.test_size,
        "representations": list(reps),
        "params": to_jsonable(dict(params or {})),
        "learner_params": to_jsonable(config.learner_params),
        "n": config.n,
    }


def _evaluate_each(result: Study, run, tasks, configs, *, saliency: bool, progress: bool) -> None:
    """Evaluate each representation's task with its config (and attribute), logging into ``run``."""
    for rep, t, config in zip(result.representations, tasks, configs):
        ev = evaluate(t, config=config, progress=progress)
        att, notes = _attribute(ev) if saliency else (Attributions(), [])
        if run is not None:
            log_evaluation(run, ev, prefix=f"{rep}/" if rep is not None else "")
            ev.run_id = str(run.id)
        result.evaluations.append(ev)
        result.attributions.append(att)
        result.notes.append(notes)


def _tasks(task, representations, params):
    """The task of each representation, all built before any training (a bad name fails fast)."""
    from conjectura.core.registry import get_task

    reps = tuple(dict.fromkeys(representations)) or (None,)
    if not isinstance(task, str):
        if representations or params:
            raise InvalidParameterError(
                "The 'representations' and 'params' parameters of study need a task name; "
                f"got the built task {getattr(task, 'name', task)!r}."
            )
        return [task], reps
    tasks = []
    for rep in reps:
        p = dict(params or {})
        if rep is not None:
            p["representation"] = rep
        tasks.append(get_task(task, **p))
    return tasks, reps


def _attribute(ev: Evaluation):
    """The attributions of an evaluation, and a note for each method left out. A graph learner
    is attributed by its salient subgraphs (:mod:`conjectura.interpret.graphs`)."""
    from conjectura.interpret import METHODS, attribute
    from conjectura.learn.graphs import is_graph_learner

    if ev.models and all(is_graph_learner(m) for m in ev.models.values()):
        from conjectura.interpret.graphs import graph_attributions

        try:
            return graph_attributions(ev), []
        except InvalidParameterError as exc:  # e.g. a graph store without edge labels
            return Attributions(), [f"graph saliency skipped: {exc}"]

    methods = list(METHODS)
    notes = []
    if len(ev.feature_names) > PERMUTATION_MAX_FEATURES:
        methods.remove("permutation")
        notes.append(
            f"permutation importance skipped: {len(ev.feature_names)} inputs > {PERMUTATION_MAX_FEATURES}"
        )
    return attribute(ev, methods), notes


def _summary(ev: Evaluation, att, label, notes) -> dict:
    """One evaluation of :meth:`Study.to_dict`."""
    m = ev.metric
    best = ev.best_baseline()
    rows = []
    for r in ev.rows:
        row = {
            "name": r.name,
            "role": r.role,
            "mean": r.mean(m),
            "std": r.std(m),
            "values": r.test.get(m, []),
            "error": r.error,
        }
        if ev.kind == "regression" and not r.error:
            row["mae"] = {"mean": r.mean("mae"), "std": r.std("mae")}
        rows.append(row)
    return {
        "representation": label,
        "metric": m,
        "split": ev.split,
        "seeds": list(ev.seeds),
        "n_rows": ev.n_rows,
        "n_dropped": ev.n_dropped,
        "learner": ev.learner.name,
        "learner_params": to_jsonable(dict(ev.config.learner_params)) if ev.config is not None else {},
        "best_baseline": best.name if best else None,
        "gap": ev.gap(),
        "verdict": ev.verdict(),
        "notes": list(notes),
        "rows": rows,
        "saliency": att.to_dict() if att else {},
    }
