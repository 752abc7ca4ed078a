"""``conjectura scan TASK``: every column of a task's table as the target, a learner beside the
baselines and the null, flagged when it wins beyond the seed spread with a Holm-Bonferroni
corrected paired test (:func:`conjectura.conjecturing.scan`)."""

from __future__ import annotations

import typer

from conjectura.cli.common import EXIT_NEGATIVE, cli_errors, console, emit_json, parse_params
from conjectura.cli.conjecture import _csv

JSON_HELP = (
    "Print JSON (conjectura.conjecturing.scan(...).to_dict()): {source, flagged, rows: [{target, "
    "kind, metric, n_rows, features, learner_mean, learner_std, baseline, baseline_mean, "
    "baseline_std, null_mean, gap, spread, p_value, p_holm, flagged, error}], config, seconds, "
    "run_id, report}."
)


@cli_errors
def scan(
    source: str = typer.Argument(..., help="A task name (its table) or a .parquet/.csv file."),
    param: list[str] | None = typer.Option(None, "--param", "-p", help="Task parameter key=value."),
    n: int | None = typer.Option(None, "--n", help="Number of objects of the task."),
    targets: str | None = typer.Option(
        None, "--targets", help="Comma-separated columns to scan (default: all numeric)."
    ),
    features: str | None = typer.Option(
        None, "--features", "-f", help="Comma-separated representation (default: the task's features)."
    ),
    learner: str = typer.Option("gbt", "--learner", "-l", help="mlp, gbt, knn, ..."),
    baselines: str | None = typer.Option(
        None, "--baselines", help="Comma-separated baselines (default: constant and linear)."
    ),
    seeds: str = typer.Option("0,1,2,3,4,5,6,7,8,9", "--seeds", help="Comma-separated seeds (at least 2)."),
    alpha: float = typer.Option(0.05, "--alpha", help="Family-wise error rate (Holm-Bonferroni)."),
    max_rows: int = typer.Option(5000, "--max-rows", help="Seeded sample of larger tables (0: all rows)."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
    store_url: str | None = typer.Option(None, "--store", help="Store URL (default: the conjectura home)."),
) -> None:
    """Which columns are predictable from the others beyond a constant and a linear model?

    Exit 0 when some target is flagged, 1 when none is, 2 for bad input.
    """
    from conjectura.conjecturing.scan import scan as run
    from conjectura.store import open_store

    result = run(
        source,
        params=parse_params(param),
        n=n,
        targets=_csv(targets, "targets"),
        features=_csv(features, "features"),
        learner=learner,
        baselines=_csv(baselines, "baselines"),
        seeds=_csv(seeds, "seeds", int),
        alpha=alpha,
        max_rows=max_rows or None,
        store=open_store(store_url),
        progress=True,  # on stderr, so --json output stays clean
    )
    if as_json:
        emit_json(result.to_dict())
    else:
        console.print(result.table(), soft_wrap=True, highlight=False)
    if not result.flagged:
        raise typer.Exit(EXIT_NEGATIVE)


def register(app: typer.Typer) -> None:
    app.command("scan")(scan)
