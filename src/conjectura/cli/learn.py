"""``conjectura learn TASK``: a learner beside its baselines and the shuffled-label null,
the saliency ranking, and an HTML report of the run."""

from __future__ import annotations

import typer

from conjectura.cli.common import cli_errors, console, emit_json, parse_params
from conjectura.exceptions import InvalidParameterError

PERMUTATION_MAX_FEATURES = 200
SALIENCY_ROWS_SHOWN = 25

JSON_HELP = (
    "Print JSON instead of tables: {run_id, report, task, evaluations: [{representation, "
    "metric, split, n_rows, n_dropped, learner, best_baseline, gap, verdict, rows: [{name, "
    "role, mean, std, values, error}], saliency: {method: {ranking, top3_per_seed, features: "
    "[{rank, feature, mean, std, share}]}}}]}."
)


def _seeds(text: str) -> tuple[int, ...]:
    try:
        seeds = tuple(int(s) for s in text.split(",") if s.strip())
    except ValueError:
        raise InvalidParameterError(
            f"The '--seeds' option must be comma-separated non-negative integers. Got {text!r} instead."
        ) from None
    if not seeds or min(seeds) < 0:
        raise InvalidParameterError(
            f"The '--seeds' option must be comma-separated non-negative integers. Got {text!r} instead."
        )
    return seeds


def run_learn(
    task_name: str,
    *,
    learner: str = "mlp",
    seeds=(0, 1, 2),
    split: str = "random",
    test_size: float = 0.2,
    representations=(),
    params=None,
    learner_params=None,
    n: int | None = None,
    saliency: bool = True,
    store_url: str | None = None,
    progress: bool = True,
    report: bool = True,
) -> dict:
    """What ``conjectura learn`` does, as a function: evaluate the learner for each
    representation, attribute, write the report, store the run. Returns the JSON summary plus
    the live objects under ``"_evaluations"`` and ``"_attributions"``."""
    from conjectura.core.registry import get_task
    from conjectura.interpret import attribute
    from conjectura.learn.evaluation import evaluate, log_evaluation
    from conjectura.store import open_store

    params = dict(params or {})
    reps = list(representations) or [None]
    tasks = []
    for rep in reps:
        p = dict(params)
        if rep is not None:
            p["representation"] = rep
        tasks.append(get_task(task_name, **p))  # fail on a bad name before training
    store = open_store(store_url)
    config = {
        "task": task_name,
        "learner": learner,
        "seeds": list(seeds),
        "split": split,
        "test_size": test_size,
        "representations": reps,
        "params": params,
        "learner_params": dict(learner_params or {}),
        "n": n,
    }
    evaluations, attributions = [], []
    with store.run(kind="learn", name=task_name, config=config) as run:
        for k, task in enumerate(tasks):
            ev = evaluate(
                task,
                learner,
                seeds=seeds,
                split=split,
                test_size=test_size,
                n=n,
                learner_params=learner_params,
                progress=progress,
            )
            prefix = f"{reps[k]}/" if reps[k] is not None else ""
            log_evaluation(run, ev, prefix=prefix)
            ev.run_id = str(run.id)
            att = {}
            if saliency:
                methods = ["gradient", "integrated_gradients"]
                # permutation importance refits nothing but predicts once per column and repeat:
                # with hundreds of inputs (1000 a_p) it dominates the run, so it is left out there
                if len(ev.dataset.feature_names) <= PERMUTATION_MAX_FEATURES:
                    methods.append("permutation")
                elif progress:
                    console.print(
                        f"permutation importance skipped: {len(ev.dataset.feature_names)} "
                        f"inputs > {PERMUTATION_MAX_FEATURES}",
                        highlight=False,
                    )
                att = attribute(ev, methods)
            evaluations.append(ev)
            attributions.append(att)
        report_path = None
        if report:
            from conjectura.report.learn import learn_report

            report_path = str(learn_report(run.dir, evaluations, attributions))
        summary = {
            "run_id": run.id,
            "report": report_path,
            "task": task_name,
            "evaluations": [_summary(ev, att, rep) for ev, att, rep in zip(evaluations, attributions, reps)],
        }
        run.set_summary(summary)
    summary["_evaluations"], summary["_attributions"] = evaluations, attributions
    return summary


def _summary(ev, att, rep) -> dict:
    m = ev.metric
    return {
        "representation": rep if rep is not None else ev.params.get("representation"),
        "metric": m,
        "split": ev.split,
        "seeds": list(ev.seeds),
        "n_rows": ev.n_rows,
        "n_dropped": ev.n_dropped,
        "learner": ev.learner.name,
        "best_baseline": (ev.best_baseline().name if ev.best_baseline() else None),
        "gap": ev.gap(),
        "verdict": ev.verdict(),
        "rows": [
            {
                "name": r.name,
                "role": r.role,
                "mean": r.mean(m),
                "std": r.std(m),
                "values": r.test.get(m, []),
                "error": r.error,
                **(
                    {"mae": {"mean": r.mean("mae"), "std": r.std("mae")}}
                    if ev.kind == "regression" and not r.error
                    else {}
                ),
            }
            for r in ev.rows
        ],
        "saliency": {
            k: {
                "ranking": a.ranking(),
                "features": a.rows(),
                "top3_per_seed": {str(s): a.top(3, i) for i, s in enumerate(a.seeds)},
            }
            for k, a in att.items()
        },
    }


@cli_errors
def learn(
    task: str = typer.Argument(..., help="Task name (see `conjectura tasks`)."),
    learner: str = typer.Option("mlp", "--learner", "-l", help="mlp, logistic, linear, gbt, knn."),
    seeds: str = typer.Option(
        "0,1,2", "--seeds", help="Comma-separated seeds (one split and one initialisation each)."
    ),
    split: str = typer.Option(
        "random",
        "--split",
        help="random (held out by object), group, group:A,B (test on these groups), group>V, group<V.",
    ),
    test_size: float = typer.Option(0.2, "--test-size", help="Held-out fraction."),
    representation: list[str] | None = typer.Option(
        None, "--representation", "-r", help="Representation (repeatable: all are compared)."
    ),
    param: list[str] | None = typer.Option(None, "--param", "-p", help="Task parameter key=value."),
    hyper: list[str] | None = typer.Option(
        None, "--hyper", help="Learner hyperparameter key=value, e.g. hidden=[300,300,300]."
    ),
    n: int | None = typer.Option(None, "--n", help="Number of objects (default: the task's)."),
    no_saliency: bool = typer.Option(False, "--no-saliency", help="Skip the attributions."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
    store_url: str | None = typer.Option(None, "--store", help="Store URL (default: the conjectura home)."),
) -> None:
    """Evaluate a learner beside every baseline and the shuffled-label null, rank the inputs by
    gradient saliency, and write an HTML report for the run."""
    hp = parse_params(hyper)
    if "hidden" in hp and isinstance(hp["hidden"], list):
        hp["hidden"] = tuple(hp["hidden"])
    out = run_learn(
        task,
        learner=learner,
        seeds=_seeds(seeds),
        split=split,
        test_size=test_size,
        representations=representation or (),
        params=parse_params(param),
        learner_params=hp,
        n=n,
        saliency=not no_saliency,
        store_url=store_url,
        progress=not as_json,
    )
    evaluations, attributions = out.pop("_evaluations"), out.pop("_attributions")
    if as_json:
        emit_json(out)
        return
    for ev, att in zip(evaluations, attributions):
        console.print(ev.table())
        for line in ev.failures():
            console.print(f"not run: {line}", highlight=False, soft_wrap=True, markup=False)
        console.print(ev.verdict(), highlight=False, soft_wrap=True, markup=False)
        if att:
            a = att.get("gradient") or next(iter(att.values()))
            from rich.table import Table

            t = Table(
                title=f"inputs ranked by {a.label}, mean ± sd over {len(a.seeds)} seeds"
                + (f" \\[{ev.params.get('representation')}]" if ev.params.get("representation") else "")
            )
            short = {"integrated_gradients": "integr. gradients"}
            t.add_column("rank")
            t.add_column("feature", no_wrap=True)
            from rich.markup import escape

            for c in att:
                t.add_column(short.get(c, c), overflow="fold")
            rows = a.rows()
            for r in rows[:SALIENCY_ROWS_SHOWN]:
                i = a.feature_names.index(r["feature"])
                t.add_row(
                    str(r["rank"]),
                    escape(r["feature"]),
                    *[f"{b.mean[i]:.4g} ± {b.std[i]:.2g}" for b in att.values()],
                )
            console.print(t)
            if len(rows) > SALIENCY_ROWS_SHOWN:
                console.print(
                    f"({len(rows) - SALIENCY_ROWS_SHOWN} more inputs in the report and in --json)",
                    highlight=False,
                )
            console.print(
                "top 3 per seed: "
                + "; ".join(f"seed {s}: {', '.join(a.top(3, k))}" for k, s in enumerate(a.seeds)),
                highlight=False,
                soft_wrap=True,
                markup=False,
            )
    console.print(f"run {out['run_id']}; report: {out['report']}", highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("learn")(learn)
