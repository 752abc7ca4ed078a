"""``conjectura tasks``: the registered learning tasks, their representation and baselines."""

from __future__ import annotations

import typer

from conjectura.cli.common import cli_errors, console, emit_json

COLUMNS = ["name", "kind", "representation", "baselines", "description"]


def task_listing() -> list[dict]:
    """One dict per registered task: name, kind, default representation, baselines (the
    task's own, then the generic ones for its kind), parameters and description. A task that
    cannot be built with its default parameters is listed with its error."""
    from conjectura.core.registry import get_task, list_tasks
    from conjectura.learn.baselines import generic_baselines

    rows = []
    for entry in list_tasks():
        row = {"name": entry.name, "description": entry.description, "signature": entry.signature()}
        try:
            task = get_task(entry.name)
            row.update(
                kind=task.kind,
                representation=task.params.get("representation"),
                baselines=list(dict.fromkeys([*task.baselines, *generic_baselines(task)])),
                params=dict(task.params),
                description=task.description or entry.description,
            )
        except Exception as exc:  # a listing must not die on one broken factory: say why
            row.update(
                kind=None, representation=None, baselines=[], params={}, error=f"{type(exc).__name__}: {exc}"
            )
        rows.append(row)
    return rows


@cli_errors
def tasks(
    as_json: bool = typer.Option(
        False,
        "--json",
        help="Print a JSON list of {name, kind, "
        "representation, baselines, params, signature, description, "
        "error?}.",
    ),
) -> None:
    """List the learning tasks: description, default representation and baselines."""
    rows = task_listing()
    if as_json:
        emit_json(rows)
        return
    from rich.table import Table

    table = Table(title=f"{len(rows)} tasks", show_lines=True)
    for c in COLUMNS:
        table.add_column(c, overflow="fold", no_wrap=(c == "name"))
    for r in rows:
        table.add_row(
            r["name"],
            str(r.get("kind") or "-"),
            str(r.get("representation") or "-"),
            ", ".join(r["baselines"]) if r["baselines"] else r.get("error", ""),
            r["description"] or "",
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("tasks")(tasks)
