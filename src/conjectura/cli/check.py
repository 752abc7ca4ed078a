"""``conjectura check TABLE "RELATION"``: test a candidate relation on a task's table or a
Parquet file, fitting the smallest constant that makes it hold."""

from __future__ import annotations

from pathlib import Path

import typer

from conjectura.cli.common import (
    EXIT_NEGATIVE,
    cli_errors,
    console,
    emit_json,
    emit_table,
    parse_params,
)
from conjectura.exceptions import InvalidParameterError


def load_table(source: str, *, params=None, n: int | None = None, seed: int = 0):
    """A pandas DataFrame from a Parquet/CSV path or a registered task (its ``Dataset.frame``,
    or the features and target when the task keeps no frame)."""
    import pandas as pd

    path = Path(source)
    if path.suffix in (".parquet", ".pq", ".csv") or path.exists():
        if not path.exists():
            raise InvalidParameterError(f"No such file: {source}.")
        try:
            return pd.read_csv(path) if path.suffix == ".csv" else pd.read_parquet(path)
        except Exception as exc:
            raise InvalidParameterError(f"Cannot read {source} as a table: {exc}.") from None
    from conjectura.core.registry import get_task

    ds = get_task(source, **dict(params or {})).dataset(n, seed=seed)
    if ds.frame is not None:
        return ds.frame.reset_index(drop=True)
    frame = pd.DataFrame(ds.X, columns=list(ds.feature_names))
    frame[ds.target_name] = ds.y
    return frame


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
            "Print JSON: {relation, normal_form, n_rows, n_tested, n_missing, missing_by_column, "
            "n_undefined, constant, c, c_fitted, strict, quantiles, n_violations, violations, "
            "tightest, holds, note}."
        ),
    ),
) -> None:
    """Check a relation over a table's columns; exit 0 if it holds on every tested row, 1 if
    there are violations, 2 for a bad expression, column or table."""
    from conjectura.learn.check import check_relation

    frame = load_table(source, params=parse_params(param), n=n)
    res = check_relation(frame, relation, constant=constant, c=c, top=top)
    if as_json:
        emit_json(res.to_dict())
    else:
        console.print(res.summary(), highlight=False, soft_wrap=True)
        console.print(f"normal form: {res.normal_form}", highlight=False, soft_wrap=True)
        if res.quantiles:
            console.print(
                f"{constant} covering 50% / 90% / 99% of the rows: "
                + " / ".join(f"{v:.6g}" for v in res.quantiles.values()),
                highlight=False,
            )
        for title, rows in (("tightest rows", res.tightest), ("violations", res.violations)):
            if rows:
                cols = list(dict.fromkeys(k for r in rows for k in r))
                emit_table(rows, cols, title=f"{title} (at most {top})")
    if res.n_tested == 0 or res.n_violations:
        raise typer.Exit(EXIT_NEGATIVE)


def register(app: typer.Typer) -> None:
    app.command("check")(check)
