"""``conjectura runs``, ``conjectura show RUN``, ``conjectura problems``, ``conjectura engines``."""

from __future__ import annotations

import typer

from conjectura.cli.common import cli_errors, console, emit_json, emit_table, escape

RUN_COLUMNS = ["id", "kind", "name", "status", "created", "finished"]


def runs(
    kind: str | None = typer.Option(
        None, "--kind", help="Only runs of this kind (search, learn, data, ...)."
    ),
    limit: int = typer.Option(50, "--limit", help="At most this many, newest first."),
    store_url: str | None = typer.Option(None, "--store", help="Store URL (default: the conjectura home)."),
    as_json: bool = typer.Option(
        False,
        "--json",
        help="Print a JSON list of {id, kind, name, status, created, finished, config, summary}.",
    ),
) -> None:
    """List the runs in the store, newest first."""
    from conjectura.core.validation import validate_int
    from conjectura.store import open_store

    limit = validate_int(limit, "limit", "runs", min_value=1)
    rows = open_store(store_url).list_runs(kind=kind, limit=limit)
    if as_json:
        emit_json([{k: r.get(k) for k in [*RUN_COLUMNS, "config", "summary", "error"]} for r in rows])
        return
    for r in rows:
        for k in ("created", "finished"):
            if r.get(k) is not None:
                r[k] = r[k].strftime("%Y-%m-%d %H:%M:%S")
    emit_table(rows, RUN_COLUMNS, title=f"{len(rows)} runs")


def show(
    run_id: int = typer.Argument(..., help="Run id (see `conjectura runs`)."),
    store_url: str | None = typer.Option(None, "--store", help="Store URL (default: the conjectura home)."),
    as_json: bool = typer.Option(
        False,
        "--json",
        help="Print the run with keys id, kind, name, status, config, summary, error, metrics, certificates, datasets.",
    ),
) -> None:
    """Show one run: configuration, status, summary, last metrics, certificates and datasets."""
    from conjectura.store import open_store

    run = open_store(store_url).get_run(run_id)
    if as_json:
        emit_json(run)
        return
    console.print(
        f"[bold]run {run['id']}[/] {escape(str(run['kind']))} {escape(str(run['name']))}  "
        f"status: [bold]{escape(str(run['status']))}[/]",
        highlight=False,
    )
    console.print(f"config: {run['config']}", highlight=False, soft_wrap=True, markup=False)
    if run.get("summary"):
        console.print(f"summary: {run['summary']}", highlight=False, soft_wrap=True, markup=False)
    if run.get("error"):
        console.print(f"error: {run['error']}", highlight=False, markup=False)
    last: dict = {}
    for m in run["metrics"]:
        last[m["key"]] = m
    if last:
        emit_table(
            [{"key": k, "step": m["step"], "value": m["value"]} for k, m in last.items()],
            ["key", "step", "value"],
            title=f"last of {len(run['metrics'])} metric values",
        )
    for c in run["certificates"]:
        console.print(
            f"certificate {c['id']}: {c['problem']} sha256 {c['sha256'][:16]}", highlight=False, markup=False
        )
    for d in run["datasets"]:
        console.print(f"dataset {d['name']}: {d['rows']} rows at {d['path']}", highlight=False, markup=False)


def problems(
    as_json: bool = typer.Option(
        False, "--json", help="Print a JSON list of {name, description, parameters}."
    ),
) -> None:
    """List the registered search problems."""
    import conjectura as cj

    rows = [
        {"name": e.name, "description": e.description, "parameters": e.signature()}
        for e in cj.list_problems()
    ]
    emit_table(rows, ["name", "parameters", "description"], title="search problems", as_json=as_json)


def engines(
    as_json: bool = typer.Option(
        False, "--json", help="Print a JSON list of {name, description, parameters}."
    ),
) -> None:
    """List the registered search engines."""
    import conjectura as cj

    rows = [
        {"name": e.name, "description": e.description, "parameters": e.signature()} for e in cj.list_engines()
    ]
    emit_table(rows, ["name", "parameters", "description"], title="search engines", as_json=as_json)


def register(app: typer.Typer) -> None:
    app.command("runs")(cli_errors(runs))
    app.command("show")(cli_errors(show))
    app.command("problems")(cli_errors(problems))
    app.command("engines")(cli_errors(engines))
