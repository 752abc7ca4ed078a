"""Generalisation curves: test accuracy against the fraction of the data trained on.

For each training fraction :math:`f` and each seed, a random :math:`f`-fraction of the dataset
is the training set and *all the rest* is the test set; the learner, its baselines and the
shuffled-label null are fitted on the same split. The canonical example is the parity bit
:math:`\\sigma(x) = \\sum_i x_i \\bmod 2` on :math:`\\{0,1\\}^m` (Williamson §5.1): a network fits
:math:`\\sigma` from half of the cube but does not reliably generalise from 10% of it, because
flipping any single bit flips :math:`\\sigma` (it is maximally noise-sensitive).

Each fraction is one :func:`~conjectura.learn.evaluation.evaluate` with
``test_size = 1 - f``, so the seeding, the baselines and the null are exactly those of
``conjectura learn``. From the shell (prints the table, writes a PNG, a JSON and an HTML
report) or from Python::

    conjectura curve integers/parity-bit -p m=10 --out parity.png

    >>> import conjectura as cj                                                # doctest: +SKIP
    >>> c = cj.generalisation_curve("integers/parity-bit", fractions=(0.1, 0.5, 0.9))  # doctest: +SKIP
    >>> c.table(); c.report("parity/")                                         # doctest: +SKIP

References
----------
G. Williamson, "Is deep learning a useful tool for the pure mathematician?", Bull. AMS (2024),
arXiv:2304.12602, §5.1.
M. Minsky and S. Papert, *Perceptrons*, expanded ed., MIT Press (2017), I §3.1.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from conjectura.core.jsonable import to_jsonable
from conjectura.core.validation import validate_float
from conjectura.exceptions import InvalidParameterError

__all__ = ["GeneralisationCurve", "generalisation_curve", "DEFAULT_FRACTIONS"]

DEFAULT_FRACTIONS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass
class GeneralisationCurve:
    """The result of :func:`generalisation_curve`.

    Attributes
    ----------
    task : str
    params : dict
    learner : str
        The learner, whose hyperparameters are ``learner_params``.
    fractions : tuple of float
    seeds : tuple of int
    records : list of dict
        One per (fraction, seed, model): ``fraction``, ``seed``, ``model``, ``role`` (learner,
        baseline, null), ``n_train``, ``n_test``, ``train_accuracy``, ``test_accuracy``,
        ``seconds``.
    learner_params : dict
    failures : list of str
        Baselines that could not run on this task, with the reason (no records for them).
    run_id : int or None
        The stored run, when a store was given.
    png, report_path : Path or None
        The figure and the HTML report written for the stored run (or at ``figure``).
    """

    task: str
    params: dict
    learner: str
    fractions: tuple[float, ...]
    seeds: tuple[int, ...]
    records: list[dict] = field(default_factory=list)
    learner_params: dict = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    run_id: int | None = None
    png: Path | None = None
    report_path: Path | None = None

    def frame(self):
        """The records as a :class:`pandas.DataFrame`."""
        import pandas as pd

        return pd.DataFrame(self.records)

    def summary(self) -> list[dict]:
        """Mean and standard deviation of the test accuracy per fraction and model."""
        out = []
        df = self.frame()
        for (f, model, role), g in df.groupby(["fraction", "model", "role"], sort=False):
            acc = g["test_accuracy"].to_numpy()
            out.append(
                {
                    "fraction": float(f),
                    "model": model,
                    "role": role,
                    "n_train": int(g["n_train"].iloc[0]),
                    "n_test": int(g["n_test"].iloc[0]),
                    "test_mean": float(acc.mean()),
                    "test_std": float(acc.std(ddof=1)) if len(acc) > 1 else 0.0,
                    "train_mean": float(g["train_accuracy"].mean()),
                }
            )
        return out

    def curve(self, model: str | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(fractions, mean test accuracy, std)`` of one model (the learner by default)."""
        model = model or self.learner
        rows = [r for r in self.summary() if r["model"] == model]
        if not rows:
            raise InvalidParameterError(f"No model {model!r} in this curve.")
        return (
            np.array([r["fraction"] for r in rows]),
            np.array([r["test_mean"] for r in rows]),
            np.array([r["test_std"] for r in rows]),
        )

    def models(self) -> list[str]:
        """The models of the curve: the learner, the baselines, the null."""
        return list(dict.fromkeys(r["model"] for r in self.records))

    def to_dict(self) -> dict:
        """The ``--json`` document of ``conjectura curve``: ``run_id``, ``png``, ``report``,
        ``task``, ``params``, ``learner``, ``learner_params``, ``fractions``, ``seeds``,
        ``failures``, ``summary`` (see :meth:`summary`) and ``records``."""
        return to_jsonable(
            {
                "run_id": self.run_id,
                "png": self.png,
                "report": self.report_path,
                "task": self.task,
                "params": self.params,
                "learner": self.learner,
                "learner_params": self.learner_params,
                "fractions": self.fractions,
                "seeds": self.seeds,
                "failures": self.failures,
                "summary": self.summary(),
                "records": self.records,
            }
        )

    def table(self):
        """A :class:`rich.table.Table`: test accuracy (mean ± sd over seeds) and mean training
        accuracy per fraction and model."""
        from rich.markup import escape
        from rich.table import Table

        t = Table(title=escape(f"{self.task}: test accuracy against the training fraction"))
        for c in ("fraction", "model", "n_train", "test accuracy", "train accuracy"):
            t.add_column(c, no_wrap=c in ("model", "test accuracy"))
        style = {"learner": "bold green", "null": "dim"}
        for r in self.summary():
            t.add_row(
                f"{r['fraction']:.4g}",
                escape(r["model"]),
                str(r["n_train"]),
                f"{r['test_mean']:.4f} ± {r['test_std']:.4f}",
                f"{r['train_mean']:.4f}",
                style=style.get(r["role"], ""),
            )
        return t

    def plot(self, path: str | Path) -> Path:
        """Write the curve (mean ± sd of the test accuracy of each model against the training
        fraction) to a PNG at ``path``."""
        from conjectura.report.figures import generalisation_chart

        return generalisation_chart(self, path)

    def report(self, path: str | Path) -> Path:
        """Write an HTML report (the figure and the table) and return its path: ``path`` is a
        directory (``report.html`` in it) or a ``.html`` file; the PNG is written beside it."""
        from conjectura.report.html import Section, write_report

        path = Path(path)
        directory, filename = (path.parent, path.name) if path.suffix == ".html" else (path, "report.html")
        png = self.plot(directory / "generalisation.png")
        rows = [
            {
                "fraction": r["fraction"],
                "model": r["model"],
                "role": r["role"],
                "n_train": r["n_train"],
                "n_test": r["n_test"],
                "test accuracy": f"{r['test_mean']:.4f} ± {r['test_std']:.4f}",
                "train accuracy": f"{r['train_mean']:.4f}",
            }
            for r in self.summary()
        ]
        text = (
            f"Task {self.task}, parameters {dict(self.params)}; learner {self.learner} with "
            f"{dict(self.learner_params)}; seeds {list(self.seeds)}. For each fraction f a random "
            f"f-fraction of the rows is trained on and all the rest is the test set. The null is "
            f"the learner trained on randomly permuted training labels."
        )
        if self.failures:
            text += "\n\nBaselines that could not run: " + "; ".join(self.failures)
        return write_report(
            directory,
            f"conjectura curve {self.task}",
            [Section("Generalisation curve", text=text, rows=rows, images=[png])],
            filename=filename,
        )


def generalisation_curve(
    task,
    *,
    params: Mapping[str, Any] | None = None,
    fractions: Sequence[float] = DEFAULT_FRACTIONS,
    learner: str = "mlp",
    seeds: Sequence[int] = (0, 1, 2),
    learner_params: Mapping[str, Any] | None = None,
    baselines: Sequence[str] = ("majority",),
    null: bool = True,
    n: int | None = None,
    data_seed: int = 0,
    store=None,
    figure: str | Path | None = None,
    progress: bool = False,
) -> GeneralisationCurve:
    """Test accuracy of ``learner`` (and baselines, and the null) against the training fraction.

    Parameters
    ----------
    task : Task or str
        A classification task, or a registered name.
    params : mapping, optional
        Task parameters when ``task`` is a name (e.g. ``{"m": 10}``); its defaults otherwise.
    fractions : sequence of float, default (0.05, 0.1, 0.2, ..., 0.9)
        Training fractions, each in (0, 1); the test set is the complement.
    learner : str, default "mlp"
    seeds : sequence of int, default (0, 1, 2)
        One split and one initialisation per seed.
    learner_params : mapping, optional
        Hyperparameters of the learner; they override the task's recommended ones
        (``Task.learner_defaults``, e.g. wide layers and no early stopping for the MLP on the
        parity bit).
    baselines : sequence of str, default ("majority",)
    null : bool, default True
        Also fit the learner on permuted training labels.
    n : int, optional
        Dataset size (the task's default otherwise; for ``integers/parity-bit``: all of the cube).
    data_seed : int, default 0
    store : Store or str, optional
        Record a run of kind ``"learn-curve"``: ``curve/<model>/test_accuracy`` logged with
        ``step`` = the fraction in percent, and the figure, the JSON and the HTML report written
        in the run's directory.
    figure : str or Path, optional
        Where to write the PNG (a JSON of :meth:`~GeneralisationCurve.to_dict` is written
        beside it). Default: the run's directory when stored, else nothing.
    progress : bool, default False

    Returns
    -------
    GeneralisationCurve

    Examples
    --------
    >>> from conjectura.core.registry import get_task
    >>> c = generalisation_curve(get_task("integers/parity-bit", m=4), fractions=(0.5,),
    ...                          learner="logistic", seeds=(0,), null=False)
    >>> [r["model"] for r in c.summary()]
    ['logistic', 'majority']
    """
    from conjectura.core.registry import get_task
    from conjectura.learn.evaluation import EvaluateConfig, evaluate, recording_run

    if isinstance(task, str):
        task = get_task(task, **dict(params or {}))
    elif params:
        raise InvalidParameterError(
            f"The 'params' parameter of generalisation_curve needs a task name; got the built task {task.name!r}."
        )
    if task.kind != "classification":
        raise InvalidParameterError(
            f"generalisation_curve measures accuracy: task {task.name!r} is a {task.kind}."
        )
    fractions = tuple(
        validate_float(f, "fractions", "generalisation_curve", min_value=0, max_value=1, min_inclusive=False)
        for f in fractions
    )
    if not fractions or max(fractions) >= 1:
        raise InvalidParameterError(
            "The 'fractions' parameter of generalisation_curve must be non-empty, each in (0, 1). "
            f"Got {fractions!r} instead."
        )
    learner_params = task.learner_params(learner, learner_params)  # the task's, then the user's
    config = EvaluateConfig(
        learner=learner,
        seeds=tuple(seeds),
        split="random",
        n=n,
        baselines=tuple(baselines),
        learner_params=dict(learner_params or {}),
        null=null,
        data_seed=data_seed,
        keep_models=False,
    )
    out = GeneralisationCurve(
        task=task.name,
        params=dict(task.params),
        learner=learner,
        fractions=fractions,
        seeds=config.seeds,
        learner_params=dict(config.learner_params),
    )
    run_config = {"task": task.name, "params": to_jsonable(task.params), "fractions": list(fractions)}
    run_config.update(config.to_dict())
    with recording_run(store, kind="learn-curve", name=task.name, config=run_config) as run:
        dataset = task.dataset(config.n, seed=config.data_seed)
        for f in fractions:
            ev = evaluate(task, config=config, dataset=dataset, test_size=1.0 - f, progress=progress)
            _add_records(out, ev, f)
        if run is not None:
            out.run_id = run.id
            for r in out.summary():
                run.log_metric(
                    f"curve/{r['model']}/test_accuracy", r["test_mean"], step=int(round(100 * r["fraction"]))
                )
        if figure is not None or run is not None:
            out.png = out.plot(figure if figure is not None else run.dir / "generalisation.png")
            if run is not None:
                out.report_path = out.report(run.dir / "report.html")
            out.png.with_suffix(".json").write_text(json.dumps(out.to_dict(), indent=1))
        if run is not None:
            run.set_summary({"png": str(out.png), "report": str(out.report_path), "summary": out.summary()})
    return out


def _add_records(out: GeneralisationCurve, ev, fraction: float) -> None:
    """One record per (seed, model) of the evaluation at ``fraction``."""
    out.failures += [f"{row.name} (f={fraction:g}): {row.error}" for row in ev.rows if row.error is not None]
    for k, seed in enumerate(ev.seeds):
        for row in ev.rows:
            if row.error is not None:
                continue
            out.records.append(
                {
                    "fraction": fraction,
                    "seed": seed,
                    "model": row.name,
                    "role": row.role,
                    "n_train": ev.n_train[k],
                    "n_test": ev.n_test[k],
                    "train_accuracy": row.train["accuracy"][k],
                    "test_accuracy": row.test["accuracy"][k],
                    "seconds": row.seconds[k],
                }
            )
