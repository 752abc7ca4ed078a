"""``conjectura conjecture TASK --target Y``: propose bounds exactly true on a table, and (on a
graph table) try to refute each by a search on larger graphs
(:func:`conjectura.conjecturing.conjecture`)."""

from __future__ import annotations

from pathlib import Path

import typer

from conjectura.cli.common import EXIT_NEGATIVE, cli_errors, console, emit_json, parse_params
from conjectura.exceptions import InvalidParameterError

JSON_HELP = (
    "Print JSON (conjectura.conjecturing.conjecture(...).to_dict()): {source, target, features, "
    "n_rows, label, counts, notes, saliency, config, seconds, run_id, report, conjectures: "
    "[{relation, target, direction, bound, origin, complexity, n_tested, n_undefined, n_tight, "
    "tight_rows, tight_objects, constant_exact, status, verdict, search}]}."
)


def _csv(text: str | None, what: str, cast=str) -> list | None:
    if text is None:
        return None
    try:
        items = [cast(s.strip()) for s in text.split(",") if s.strip()]
    except ValueError:
        raise InvalidParameterError(
            f"The '--{what}' option must be a comma-separated list. Got {text!r} instead."
        ) from None
    if not items:
        raise InvalidParameterError(f"The '--{what}' option is empty.")
    return items


@cli_errors
def conjecture(
    source: str = typer.Argument(..., help="A task name (its table) or a .parquet/.csv file."),
    target: str = typer.Option(..., "--target", "-t", help="The column to bound."),
    features: str | None = typer.Option(
        None, "--features", "-f", help="Comma-separated feature columns (default: all other numeric columns)."
    ),
    param: list[str] | None = typer.Option(None, "--param", "-p", help="Task parameter key=value."),
    n: int | None = typer.Option(None, "--n", help="Number of objects of the task."),
    max_complexity: int = typer.Option(
        3, "--max-complexity", help="1 features, 2 also sqrt/log and pairs, 3 also products and ratios."
    ),
    max_denominator: int = typer.Option(12, "--max-denominator", help="Of the rational slopes."),
    no_pairs: bool = typer.Option(False, "--no-pairs", help="Only bounds in one term."),
    no_symbolic: bool = typer.Option(False, "--no-symbolic", help="Skip the symbolic-regression terms."),
    max_conjectures: int = typer.Option(15, "--max-conjectures", help="Kept per direction (upper, lower)."),
    refute: bool | None = typer.Option(
        None,
        "--refute/--no-refute",
        help="Search for counterexamples (default: when the table names a search problem, as graph tables do).",
    ),
    sizes: str = typer.Option("9,10", "--sizes", help="Orders of the searched objects, comma-separated."),
    budget: str = typer.Option(
        "5s", "--budget", help="Search budget per conjecture and order, e.g. 5s, 20000e."
    ),
    engine: str = typer.Option("local", "--engine", help="Search engine: local, cem, random."),
    seed: int = typer.Option(0, "--seed", help="Seed of the search and the symbolic regression."),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Directory for certificates and the HTML report."
    ),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
    store_url: str | None = typer.Option(None, "--store", help="Store URL (default: the conjectura home)."),
) -> None:
    """Propose upper and lower bounds for a column that are exactly true on every row, ranked by
    the rows where they are tight; on a graph table, attack each with a search at larger n.

    Exit 0 when at least one bound was proposed, 1 when none was, 2 for bad input.
    """
    from conjectura.conjecturing import conjecture as run
    from conjectura.store import open_store

    result = run(
        source,
        target=target,
        features=_csv(features, "features"),
        params=parse_params(param),
        n=n,
        max_complexity=max_complexity,
        max_denominator=max_denominator,
        pairs=not no_pairs,
        symbolic=not no_symbolic,
        max_conjectures=max_conjectures,
        refute=refute,
        sizes=_csv(sizes, "sizes", int),
        budget=budget,
        engine=engine,
        seed=seed,
        out=out,
        store=open_store(store_url),
        progress=True,  # on stderr, so --json output stays clean
    )
    if as_json:
        emit_json(result.to_dict())
    else:
        console.print(result.table(), soft_wrap=True, highlight=False)
    if not len(result):
        raise typer.Exit(EXIT_NEGATIVE)


def register(app: typer.Typer) -> None:
    app.command("conjecture")(conjecture)
