"""Generalisation curves: test accuracy against the fraction of the data trained on.

For each training fraction :math:`f` and each seed, a random :math:`f`-fraction of the dataset
is the training set and *all the rest* is the test set; the learner, its baselines and the
shuffled-label null are fitted on the same split. The canonical example is the parity bit
:math:`\\sigma(x) = \\sum_i x_i \\bmod 2` on :math:`\\{0,1\\}^m` (Williamson §5.1): a network fits
:math:`\\sigma` from half of the cube but does not reliably generalise from 10% of it, because
flipping any single bit flips :math:`\\sigma` (it is maximally noise-sensitive).

Run from the shell (prints the table, writes a PNG and a JSON)::

    conjectura curve integers/parity-bit -p m=10 --out parity.png

References
----------
G. Williamson, "Is deep learning a useful tool for the pure mathematician?", Bull. AMS (2024),
arXiv:2304.12602, §5.1.
M. Minsky and S. Papert, *Perceptrons*, expanded ed., MIT Press (2017), I §3.1.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from conjectura.core.validation import check_float, check_int
from conjectura.exceptions import InvalidParameterError

__all__ = ["GeneralisationCurve", "generalisation_curve", "plot_curve", "PARITY_MLP"]

DEFAULT_FRACTIONS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)

#: MLP hyperparameters for the parity curve. Early stopping on a validation slice must be off:
#: on parity the held-out loss first *rises* (the net predicts the parity of the nearest
#: training points, which is wrong for every neighbour at Hamming distance 1) and only falls
#: once the whole function is expressed, so early stopping would halt every run at chance.
PARITY_MLP = {
    "hidden": (256, 256),
    "lr": 3e-3,
    "batch_size": 32,
    "max_epochs": 400,
    "patience": 50,
    "val_fraction": 0.0,
}


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
    """

    task: str
    params: dict
    learner: str
    fractions: tuple[float, ...]
    seeds: tuple[int, ...]
    records: list[dict] = field(default_factory=list)
    learner_params: dict = field(default_factory=dict)

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

    def to_dict(self) -> dict:
        """JSON-able: ``task``, ``params``, ``learner``, ``learner_params``, ``fractions``,
        ``seeds``, ``summary``
        (see :meth:`summary`) and ``records``."""
        return {
            "task": self.task,
            "params": {k: _plain(v) for k, v in self.params.items()},
            "learner": self.learner,
            "learner_params": {
                k: list(v) if isinstance(v, tuple) else v for k, v in self.learner_params.items()
            },
            "fractions": list(self.fractions),
            "seeds": list(self.seeds),
            "summary": self.summary(),
            "records": [{k: _plain(v) for k, v in r.items()} for r in self.records],
        }


def _plain(v):
    return v.item() if isinstance(v, np.generic) else v


def generalisation_curve(
    task,
    *,
    fractions: Sequence[float] = DEFAULT_FRACTIONS,
    learner: str = "mlp",
    seeds: Sequence[int] = (0, 1, 2),
    learner_params: Mapping[str, Any] | None = None,
    baselines: Sequence[str] = ("majority",),
    null: bool = True,
    n: int | None = None,
    data_seed: int = 0,
    run=None,
    progress: bool = False,
) -> GeneralisationCurve:
    """Test accuracy of ``learner`` (and baselines, and the null) against the training fraction.

    Parameters
    ----------
    task : Task or str
        A classification task, or a registered name (built with default parameters).
    fractions : sequence of float, default (0.05, 0.1, 0.2, ..., 0.9)
        Training fractions, each in (0, 1); the test set is the complement.
    learner : str, default "mlp"
    seeds : sequence of int, default (0, 1, 2)
        One split and one initialisation per seed.
    learner_params : mapping, optional
        Hyperparameters of the learner (for the parity bit with the MLP, given values override
        :data:`PARITY_MLP`).
    baselines : sequence of str, default ("majority",)
    null : bool, default True
        Also fit the learner on permuted training labels.
    n : int, optional
        Dataset size (the task's default otherwise; for ``integers/parity-bit``: all of the cube).
    data_seed : int, default 0
    run : store run, optional
        Log ``curve/<model>/test_accuracy`` with ``step`` = the fraction in percent.
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
    from conjectura.core.registry import get_baseline, get_learner, get_task
    from conjectura.learn.evaluation import _set_seed_and_classes, score
    from conjectura.learn.splits import split_indices

    if isinstance(task, str):
        task = get_task(task)
    if task.kind != "classification":
        raise InvalidParameterError(
            f"generalisation_curve measures accuracy: task {task.name!r} is a {task.kind}."
        )
    fractions = tuple(
        check_float(f, "fractions", "generalisation_curve", min_value=0, max_value=1, min_inclusive=False)
        for f in fractions
    )
    if not fractions or max(fractions) >= 1:
        raise InvalidParameterError(
            "The 'fractions' parameter of generalisation_curve must be non-empty, each in (0, 1). "
            f"Got {fractions!r} instead."
        )
    seeds = tuple(check_int(s, "seeds", "generalisation_curve", min_value=0) for s in seeds)
    if learner == "mlp" and task.name == "integers/parity-bit":
        learner_params = {**PARITY_MLP, **(learner_params or {})}  # given values override
    learner_params = dict(learner_params or {})
    ds = task.dataset(n, seed=data_seed)
    X, y = np.asarray(ds.X, dtype=np.float64), np.asarray(ds.y)
    classes = np.unique(y)
    models = [(learner, "learner")] + [(b, "baseline") for b in baselines if b != learner]
    if null:
        models.append((f"null({learner})", "null"))
    out = GeneralisationCurve(
        task.name, dict(task.params), learner, fractions, seeds, learner_params=learner_params
    )

    jobs = [(f, s) for f in fractions for s in seeds]
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(jobs) * len(models), desc=f"{task.name} curve", leave=False)
    for f, seed in jobs:
        tr, te = split_indices(len(y), "random", test_size=1.0 - f, seed=seed)
        for name, role in models:
            if role == "baseline":
                est = get_baseline(name, task)
            else:
                est = get_learner(learner, task, **learner_params)
            _set_seed_and_classes(est, seed, classes)
            y_fit = y[tr]
            if role == "null":
                y_fit = np.random.default_rng([seed, 7919]).permutation(y_fit)
            t0 = time.perf_counter()
            est.fit(X[tr], y_fit)
            secs = time.perf_counter() - t0
            rec = {
                "fraction": f,
                "seed": seed,
                "model": name,
                "role": role,
                "n_train": len(tr),
                "n_test": len(te),
                "train_accuracy": score("classification", y[tr], est.predict(X[tr]))["accuracy"],
                "test_accuracy": score("classification", y[te], est.predict(X[te]))["accuracy"],
                "seconds": secs,
            }
            out.records.append(rec)
            if bar is not None:
                bar.update(1)
    if bar is not None:
        bar.close()
    if run is not None:
        for r in out.summary():
            run.log_metric(
                f"curve/{r['model']}/test_accuracy", r["test_mean"], step=int(round(100 * r["fraction"]))
            )
    return out


def plot_curve(curve: GeneralisationCurve, path: str | Path) -> Path:
    """Write the curve (mean ± std of test accuracy per model against the training fraction)
    to a PNG at ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(6, 4))
    for model in dict.fromkeys(r["model"] for r in curve.records):
        f, m, s = curve.curve(model)
        ax.errorbar(
            f,
            m,
            yerr=s,
            marker="o",
            capsize=3,
            label=model,
            linestyle="--" if model.startswith("null") else "-",
        )
    ax.set_xlabel("training fraction f")
    ax.set_ylabel("test accuracy (on the complement)")
    rep = curve.params.get("representation")
    extra = ", ".join(f"{k}={v}" for k, v in curve.params.items() if k != "representation")
    ax.set_title(f"{curve.task} ({extra}{', ' + rep if rep else ''})")
    ax.set_ylim(0, 1.02)
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
