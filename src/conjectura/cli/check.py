"""``conjectura check TABLE "RELATION"``: test a candidate relation on a task's table or a
Parquet file, fitting the smallest constant that makes it hold
(:func:`conjectura.learn.relations.fit_relation`)."""

from __future__ import annotations

import typer

from conjectura.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_NEGATIVE,
    cli_errors,
    console,
    emit_json,
    err_console,
    parse_params,
)
from conjectura.exceptions import InvalidParameterError


@cli_errors
def check(
    source: str = typer.Argument(..., help="A task name (its table) or a .parquet/.csv file."),
    relation: str = typer.Argument(
        ..., help="E.g. 'abs(2*signature - slope) <= c * volume * injectivity_radius**-3'."
    ),
    constant: str = typer.Option("c", "--constant", help="Name of the free constant to fit."),
    c: float | None = typer.Option(None, "--c", help="Fix the constant instead of fitting it."),
    param: list[str] | None = typer.Option(None, "--param", "-p", help="Task parameter key=value."),
    n: int | None = typer.Option(None, "--n", help="Number of objects of the task."),
    top: int = typer.Option(10, "--top", help="How many violations and tightest rows to list."),
    as_json: bool = typer.Option(
        False,
        "--json",
        help=(
            "Print JSON (conjectura.learn.fit_relation(...).to_dict()): {relation, normal_form, "
            "n_rows, n_tested, n_missing, missing_by_column, n_undefined, n_undecided, constant, c, "
            "c_fitted, c_exact, strict, quantiles, n_violations, violations, tightest, holds, note, "
            "top}."
        ),
    ),
) -> None:
    """Check a relation over a table's columns; exit 0 if it holds on every tested row, 1 if
    there are violations or undecided rows, 2 for a bad expression, column or table."""
    from rich.markup import escape

    from conjectura.learn.relations import fit_relation

    try:
        res = fit_relation(source, relation, constant=constant, c=c, top=top, params=parse_params(param), n=n)
    except InvalidParameterError as exc:
        # the message quotes the expression: print it as text, never as rich markup
        err_console.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    if as_json:
        emit_json(res.to_dict())
    else:
        console.print(res.table(), soft_wrap=True, highlight=False)
    if not res.holds:
        raise typer.Exit(EXIT_NEGATIVE)


def register(app: typer.Typer) -> None:
    app.command("check")(check)
