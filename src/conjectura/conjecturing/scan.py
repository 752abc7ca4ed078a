r"""``scan``: which columns of a table are unexpectedly predictable from the others?

Every numeric column :math:`Y` of a task's table is taken in turn as the target. A learner (by
default gradient-boosted trees) is fitted from the representation (the task's features, or
every other numeric column of a file) beside simple baselines (the constant predictor and a
linear model) and the shuffled-label null, over several seeds, by
:func:`conjectura.learn.evaluate`. A target is *flagged* when

1. the learner beats the best baseline by more than the seed spread (the larger of the two
   standard deviations), and
2. a one-sided paired :math:`t`-test across seeds (learner minus best baseline, the same split
   and seed in each pair) rejects "no improvement" after the Holm-Bonferroni correction over all
   targets scanned, at level ``alpha``.

Holm's step-down procedure controls the family-wise error rate under any dependence between the
targets' tests: with the :math:`m` p-values sorted, :math:`p_{(i)}` is compared with
:math:`\alpha / (m - i + 1)` and the first failure stops the rejections. The seeds are not
independent samples of objects: they resample the split and the initialisation of one table, so
the test says the gain is robust to those, not that it generalises beyond the table; the best
baseline is chosen after seeing the means, which favours the baseline (conservative for the
learner).

References
----------
.. [1] S. Holm, "A simple sequentially rejective multiple test procedure", Scand. J. Statist. 6
   (1979) 65-70.
.. [2] A. Davies et al., Nature 600 (2021) 70-74, doi:10.1038/s41586-021-04086-x (the
   signature of a knot is predictable from its cusp geometry).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from conjectura.conjecturing.sources import load_source
from conjectura.core.jsonable import to_jsonable
from conjectura.core.validation import validate_float, validate_int
from conjectura.exceptions import InvalidParameterError

__all__ = ["scan", "Scan", "holm", "MAX_CLASSES"]

#: A target with integer values and at most this many distinct ones is a classification target.
MAX_CLASSES = 20


def holm(p: Sequence[float]) -> np.ndarray:
    """Holm-Bonferroni adjusted p-values (step-down, monotone, capped at 1).

    >>> holm([0.01, 0.04, 0.03]).round(4).tolist()
    [0.03, 0.06, 0.06]
    """
    p = np.asarray(p, dtype=np.float64)
    m = len(p)
    order = np.argsort(p)
    adj = np.empty(m)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        adj[i] = running
    return adj


@dataclass
class Scan:
    """The result of :func:`scan`: one row per target, flagged ones first.

    Attributes
    ----------
    source : str
    rows : list of dict
        ``target``, ``kind``, ``metric``, ``n_rows``, ``features`` (how many), ``learner``
        (mean, std), ``best_baseline`` (name, mean, std), ``null`` (mean), ``gap``, ``spread``,
        ``p_value``, ``p_holm``, ``flagged``, ``error`` (why a target was not evaluated).
    config : dict
    seconds : float
    """

    source: str
    rows: list[dict]
    config: dict = field(default_factory=dict)
    seconds: float = 0.0
    run_id: int | None = None
    report_path: Path | None = None

    @property
    def flagged(self) -> list[str]:
        return [r["target"] for r in self.rows if r.get("flagged")]

    def summary(self) -> str:
        tested = [r for r in self.rows if r.get("error") is None]
        cfg = self.config
        return (
            f"{len(tested)} targets of {self.source} scanned with {cfg.get('learner')} against "
            f"{'/'.join(cfg.get('baselines_used', []))} and the shuffled-label null, seeds "
            f"{cfg.get('seeds')}: {len(self.flagged)} flagged (gap above the seed spread and Holm-adjusted "
            f"paired t-test p < {cfg.get('alpha')}): {', '.join(self.flagged) or 'none'}."
        )

    def to_dict(self) -> dict:
        """The ``--json`` document of ``conjectura scan``."""
        return {
            "source": self.source,
            "flagged": self.flagged,
            "rows": to_jsonable(self.rows),
            "config": to_jsonable(self.config),
            "seconds": round(self.seconds, 2),
            "run_id": self.run_id,
            "report": None if self.report_path is None else str(self.report_path),
        }

    def table_rows(self) -> list[dict]:
        out = []
        for r in self.rows:
            if r.get("error"):
                out.append({"target": r["target"], "note": r["error"], "role": "null"})
                continue
            out.append(
                {
                    "target": r["target"],
                    "metric": r["metric"],
                    "learner": f"{r['learner_mean']:.4f} ± {r['learner_std']:.4f}",
                    "best baseline": f"{r['baseline']} {r['baseline_mean']:.4f} ± {r['baseline_std']:.4f}",
                    "null": f"{r['null_mean']:.4f}",
                    "gap": f"{r['gap']:+.4f}",
                    "p (Holm)": f"{r['p_holm']:.2g}",
                    "flagged": "yes" if r["flagged"] else "",
                    "role": "learner" if r["flagged"] else "",
                }
            )
        return out

    def table(self):
        from rich.console import Group
        from rich.markup import escape
        from rich.table import Table
        from rich.text import Text

        rows = self.table_rows()
        cols = ["target", "metric", "learner", "best baseline", "null", "gap", "p (Holm)", "flagged"]
        t = Table(title=escape(f"scan of {self.source}: is each column predictable from the others?"))
        for c in cols:
            t.add_column(c)
        for r in rows:
            if "note" in r:
                t.add_row(escape(r["target"]), *[""] * 6, escape("not run: " + r["note"]), style="dim")
            else:
                t.add_row(*[escape(str(r[c])) for c in cols], style="bold green" if r["flagged"] else "")
        parts = [Text(self.summary()), t]
        if self.report_path is not None:
            parts.append(Text(f"report: {self.report_path}"))
        return Group(*parts)

    def report(self, path: str | Path) -> Path:
        from conjectura.report.html import Section, write_report

        path = Path(path)
        directory, filename = (path.parent, path.name) if path.suffix == ".html" else (path, "report.html")
        cols = ["target", "metric", "learner", "best baseline", "null", "gap", "p (Holm)", "flagged", "note"]
        sections = [
            Section("Summary", text=self.summary()),
            Section(
                "Targets",
                text=(
                    "Flagged: the learner beats the best baseline by more than the seed spread and a one-sided "
                    "paired t-test across seeds, Holm-Bonferroni adjusted over all targets, is significant. The "
                    "seeds resample the split and initialisation of one table."
                ),
                rows=self.table_rows(),
                columns=cols,
            ),
        ]
        return write_report(directory, f"conjectura scan {self.source}", sections, filename=filename)


def _kind(y: np.ndarray) -> str:
    fin = y[np.isfinite(y)]
    if len(fin) and np.all(fin == np.round(fin)) and len(np.unique(fin)) <= MAX_CLASSES:
        return "classification"
    return "regression"


def scan(
    source,
    *,
    params: Mapping[str, Any] | None = None,
    n: int | None = None,
    targets: Sequence[str] | None = None,
    features: Sequence[str] | None = None,
    learner: str = "gbt",
    baselines: Sequence[str] | None = None,
    seeds: Sequence[int] = tuple(range(10)),
    alpha: float = 0.05,
    test_size: float = 0.2,
    max_rows: int | None = 5000,
    store=None,
    progress: bool = False,
) -> Scan:
    """Fit a learner for every column of a table as the target and flag the unexpectedly
    predictable ones (see the module for the test).

    Parameters
    ----------
    source : str, Task, path or DataFrame
    params, n :
        Task parameters and number of objects.
    targets : sequence of str, optional
        Columns to scan (default: every numeric column except labels and bookkeeping).
    features : sequence of str, optional
        The representation (default: the task's features, or every numeric column of a file);
        the target is always left out of its own features.
    learner : str, default "gbt"
    baselines : sequence of str, optional
        Default: the constant predictor and a linear model (``majority``/``logistic`` for a
        classification target, ``mean``/``linear`` for a regression target).
    seeds : sequence of int, default 0..9
        At least 2 (the test needs a spread); with few seeds a paired t-test has little power
        once the Holm correction divides the level among many targets.
    alpha : float, default 0.05
        Family-wise error rate of the Holm-Bonferroni procedure.
    test_size : float, default 0.2
    max_rows : int or None, default 5000
        A seeded random sample of larger tables.
    store : Store or str, optional
        Record the scan as a run (kind ``"scan"``) with its report.
    progress : bool, default False

    Returns
    -------
    Scan

    Examples
    --------
    >>> import pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> x = rng.uniform(-1, 1, (400, 2))
    >>> t = pd.DataFrame({"a": x[:, 0], "b": x[:, 1], "c": np.abs(x[:, 0]) + x[:, 1] ** 2})
    >>> s = scan(t, seeds=(0, 1, 2))
    >>> s.flagged
    ['c']
    """
    from scipy import stats

    from conjectura.core.task import Dataset, Task
    from conjectura.learn.evaluation import evaluate, recording_run

    t0 = time.perf_counter()
    seeds = tuple(validate_int(s, "seeds", "scan", min_value=0) for s in seeds)
    if len(seeds) < 2:
        raise InvalidParameterError(
            "The 'seeds' parameter of scan must name at least 2 seeds (the test needs a spread)."
        )
    alpha = validate_float(alpha, "alpha", "scan", min_value=0, max_value=1, min_inclusive=False)
    src = load_source(source, params=params, n=n)
    frame = src.frame
    numeric = src.numeric_columns()
    if max_rows is not None and len(frame) > max_rows:
        rng = np.random.default_rng(0)
        frame = frame.iloc[np.sort(rng.choice(len(frame), size=max_rows, replace=False))].reset_index(
            drop=True
        )
    if features is not None:
        rep = list(features)
    else:
        rep = [f for f in (src.features or []) if f in numeric] or numeric
    unknown = [c for c in rep if c not in numeric]
    if unknown:
        raise InvalidParameterError(f"The features {unknown} are not numeric columns of {src.name}.")
    chosen = list(targets) if targets is not None else list(numeric)
    bad = [c for c in chosen if c not in numeric]
    if bad:
        raise InvalidParameterError(f"The targets {bad} are not numeric columns of {src.name}.")
    rows: list[dict] = []
    used_baselines: set[str] = set()
    items = chosen
    if progress:
        from rich.console import Console
        from rich.progress import track

        items = track(chosen, description="scan", console=Console(stderr=True), transient=True)
    for target in items:
        feats = [c for c in rep if c != target]
        y = frame[target].astype("float64").to_numpy(na_value=np.nan)
        X = (
            np.column_stack([frame[c].astype("float64").to_numpy(na_value=np.nan) for c in feats])
            if feats
            else None
        )
        row: dict[str, Any] = {"target": target, "features": len(feats), "error": None}
        fin = np.isfinite(y)
        if X is None or fin.sum() < 10 or len(np.unique(y[fin])) < 2:
            row["error"] = "constant or too few values" if X is not None else "no features"
            rows.append(row)
            continue
        kind = _kind(y)
        names = baselines or (("majority", "logistic") if kind == "classification" else ("mean", "linear"))
        used_baselines |= set(names)
        yy = y.astype(np.int64) if kind == "classification" else y
        if kind == "classification":
            X, yy = X[fin], yy[fin]

        def build(n_, rng_, X=X, yy=yy, feats=tuple(feats), target=target):
            return Dataset(X, yy, feats, target)

        task = Task(name=f"{src.name}:{target}", features=tuple(feats), target=target, build=build, kind=kind)
        try:
            ev = evaluate(
                task,
                learner,
                seeds=seeds,
                baselines=tuple(names),
                generic=False,
                test_size=test_size,
                keep_models=False,
            )
        except InvalidParameterError as exc:
            row["error"] = str(exc)
            rows.append(row)
            continue
        m = ev.metric
        L, Bst, N = ev.learner, ev.best_baseline(), ev.null
        if Bst is None:
            row["error"] = "no baseline ran: " + "; ".join(ev.failures())
            rows.append(row)
            continue
        a, b = np.array(L.test[m]), np.array(Bst.test[m])
        d = a - b
        if np.allclose(d, d[0]):
            p = 0.0 if d[0] > 0 else 1.0
        else:
            p = float(stats.ttest_rel(a, b, alternative="greater").pvalue)
        row.update(
            {
                "kind": kind,
                "metric": m,
                "n_rows": ev.n_rows,
                "learner_mean": L.mean(m),
                "learner_std": L.std(m),
                "baseline": Bst.name,
                "baseline_mean": Bst.mean(m),
                "baseline_std": Bst.std(m),
                "null_mean": N.mean(m) if N is not None else float("nan"),
                "gap": ev.gap(),
                "spread": max(L.std(m), Bst.std(m)),
                "p_value": p,
            }
        )
        rows.append(row)
    tested = [r for r in rows if r["error"] is None]
    for r, adj in zip(tested, holm([r["p_value"] for r in tested]) if tested else []):
        r["p_holm"] = float(adj)
        r["flagged"] = bool(r["gap"] > r["spread"] and adj < alpha)
    rows.sort(key=lambda r: (r["error"] is not None, not r.get("flagged", False), -(r.get("gap") or 0)))
    config = {
        "learner": learner,
        "baselines": list(baselines) if baselines else None,
        "baselines_used": sorted(used_baselines),
        "seeds": list(seeds),
        "alpha": alpha,
        "test_size": test_size,
        "max_rows": max_rows,
        "features": rep,
        "params": dict(params or {}),
    }
    result = Scan(source=src.name, rows=rows, config=config, seconds=time.perf_counter() - t0)
    with recording_run(store, kind="scan", name=src.name, config=config) as run:
        if run is not None:
            result.run_id = run.id
            result.report_path = result.report(run.dir)
            run.set_summary(result.to_dict())
    return result
