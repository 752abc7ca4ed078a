"""``conjectura learn TASK``: a learner beside its baselines and the shuffled-label null,
the saliency ranking, and an HTML report of the run (:func:`conjectura.learn.study`)."""

from __future__ import annotations

import typer

from conjectura.cli.common import cli_errors, console, emit_json, parse_params
from conjectura.exceptions import InvalidParameterError

JSON_HELP = (
    "Print JSON instead of tables (conjectura.learn.study(...).to_dict()): {run_id, report, task, "
    "evaluations: [{representation, metric, split, seeds, n_rows, n_dropped, learner, "
    "best_baseline, gap, verdict, notes, rows: [{name, role, mean, std, values, error}], "
    "saliency: {method: {ranking, top3_per_seed, features: [{rank, feature, mean, std, share}]}}, "
    "sweep: null or {name, sampler, storage, metric, space, fixed, default_value, best: {number, value, "
    "params}, chosen, n_trials, n_complete, n_failed, trials, config}}]}."
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


@cli_errors
def learn(
    task: str = typer.Argument(..., help="Task name (see `conjectura tasks`)."),
    learner: str = typer.Option(
        "mlp", "--learner", "-l", help="mlp, mpnn (tasks with graphs), logistic, linear, gbt, knn."
    ),
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
    sweep: int | None = typer.Option(
        None,
        "--sweep",
        min=1,
        help="First run N trials of a hyperparameter sweep (the learner's search space, selected on a "
        "validation slice of the training rows), then evaluate with the best trial.",
    ),
    sampler: str = typer.Option(
        "qmc", "--sampler", help="Sweep sampler: qmc (scrambled Sobol), random, tpe."
    ),
    sweep_name: str | None = typer.Option(
        None, "--sweep-name", help="Name of the sweep in the store; processes with one name share a sweep."
    ),
    resume: bool = typer.Option(False, "--resume", help="Continue the sweep of the default name."),
    val_size: float = typer.Option(
        0.2, "--val-size", help="Sweep: validation fraction of the training rows."
    ),
    worker: int = typer.Option(
        0, "--worker", min=0, help="Sweep: this worker's index (random/tpe workers differ)."
    ),
) -> None:
    """Evaluate a learner beside every baseline and the shuffled-label null, rank the inputs by
    gradient saliency, and write an HTML report for the run. With --sweep N, first tune the
    learner's hyperparameters (trials kept in the store; Ctrl-C keeps the finished ones)."""
    from conjectura.core.registry import get_task
    from conjectura.learn.study import study
    from conjectura.store import open_store

    hp = parse_params(hyper)
    get_task(task, **parse_params(param))  # bad task parameters fail before the store is opened
    if "hidden" in hp and isinstance(hp["hidden"], list):
        hp["hidden"] = tuple(hp["hidden"])
    result = study(
        task,
        representations=representation or (),
        params=parse_params(param),
        learner=learner,
        seeds=_seeds(seeds),
        split=split,
        test_size=test_size,
        n=n,
        learner_params=hp,
        saliency=not no_saliency,
        store=open_store(store_url),
        progress=True,  # on stderr, so --json output stays clean
        sweep=sweep,
        sampler=sampler,
        sweep_name=sweep_name,
        resume=resume,
        val_size=val_size,
        worker=worker,
    )
    if as_json:
        emit_json(result.to_dict())
    else:
        console.print(result.table(), soft_wrap=True, highlight=False)


def register(app: typer.Typer) -> None:
    app.command("learn")(learn)
