"""``conjectura construct PROBLEM``: maximise, certify the value reached, compare with the literature.

A thin command over :func:`conjectura.searching.construct`: it prints the exact value reached,
how it compares with the problem's reference value ("matches the known maximum 96", "1 below
the known maximum 122"), the certificate's claim and witness, and writes the certificate.
"""

from __future__ import annotations

from pathlib import Path

import typer

from conjectura.cli.common import EXIT_NEGATIVE, cli_errors, console, emit_json, parse_params


def construct_cmd(
    problem: str = typer.Argument(..., help="Registered construction, e.g. graphs/c4-free-edges."),
    n: int | None = typer.Option(None, "--n", help="Shortcut for --param n=N."),
    param: list[str] | None = typer.Option(None, "--param", "-p", help="Problem parameter key=value."),
    engine: str = typer.Option("climb", "--engine", "-e", help="climb (default), patternboost, local, ..."),
    engine_param: list[str] | None = typer.Option(
        None, "--engine-param", "-E", help="Engine hyperparameter key=value (repeatable)."
    ),
    seed: int = typer.Option(0, "--seed", help="Seed; the same seed repeats the same search."),
    budget: str = typer.Option("60s", "--budget", "-b", help="60s, 5m, 20000e, 100g, ..."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write the certificate here."),
    store_url: str | None = typer.Option(None, "--store", help="Store URL (default: the conjectura home)."),
    no_store: bool = typer.Option(False, "--no-store", help="Do not record the run."),
    as_json: bool = typer.Option(False, "--json", help="Print the result's to_dict() as JSON."),
) -> None:
    """Search for the best object; certify the value reached, at the target or below it.

    Exit 0 when the target (by default the known maximum) was reached and certified, 1 when
    the best value reached is below it (it is still certified; a gap proves nothing about the
    reference), 2 on bad input.
    """
    from conjectura.searching import construct

    params = parse_params(param)
    if n is not None:
        params["n"] = n
    result = construct(
        problem,
        engine,
        budget=budget,
        seed=seed,
        store=None if no_store else (store_url or True),
        problem_params=params,
        engine_params=parse_params(engine_param) or None,
    )
    if out is not None and result.certificate is not None:
        result.certificate.save(out)
    if as_json:
        emit_json(result.to_dict())
    else:
        console.print(result.table(), highlight=False, soft_wrap=True)
        if result.certificate is not None:
            console.print(f"exact: {result.certificate.verdict.reason}", highlight=False, soft_wrap=True)
        if out is not None and result.certificate is not None:
            console.print(f"re-verify with: conjectura verify {out}", highlight=False)
    if not result.reached:
        raise typer.Exit(EXIT_NEGATIVE)


def register(app: typer.Typer) -> None:
    app.command("construct")(cli_errors(construct_cmd))
