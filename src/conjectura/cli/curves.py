"""``conjectura data build curves`` and ``conjectura murmurations``: elliptic curves over Q.

Thin commands over :func:`conjectura.build_dataset` (``"curves"``) and
:func:`conjectura.murmurations`: they parse the options, call the function and print what it
returns (``--json``: its ``to_dict()``).
"""

from __future__ import annotations

from pathlib import Path

import typer

from conjectura.cli.common import cli_errors, console, emit_json
from conjectura.cli.data import build_app, run_build

__all__ = ["register", "build_curves_cmd", "murmurations_cmd"]


@build_app.command("curves")
@cli_errors
def build_curves_cmd(
    conductor: str = typer.Option(
        "1:10000", help="Conductor range lo:hi (both ends included), within Cremona's table (< 500000)."
    ),
    primes: int = typer.Option(1000, help="Number of primes p whose a_p are stored."),
    workers: int = typer.Option(1, help="Worker processes (each runs PARI)."),
    as_json: bool = typer.Option(
        False,
        "--json",
        help=(
            "Print JSON: name, params, directory, rows, chunks_built, chunks_reused (blocks of "
            "100 conductors), failures, seconds, cpu_seconds, parts {isogeny-classes: {path, "
            "rows, source}}, details {conductor, primes, pari_seconds, block_seconds, overhead "
            "(block_seconds / pari_seconds)}, run_id. Progress still goes to stderr."
        ),
    ),
    store: str | None = typer.Option(None, help="Store URL (default: the home store)."),
) -> None:
    """Build (or resume) the table of isogeny classes: label, conductor, a-invariants, rank,
    root number, torsion order and the first a_p, as Parquet blocks in the data directory.
    Python: conjectura.build_dataset("curves", conductor=..., primes=...)."""
    run_build(
        "curves", {"conductor": conductor, "primes": primes, "workers": workers}, store=store, as_json=as_json
    )


@cli_errors
def murmurations_cmd(
    conductor: str = typer.Option(
        "7500:10000", help="Conductor range lo:hi (both ends included) for the averages by rank."
    ),
    primes: int = typer.Option(1000, help="Number of primes p."),
    dyadic: int | None = typer.Option(
        None, help="X: average eps*a_p over conductors in [X, 2X] against p/X (replaces --conductor)."
    ),
    out: Path | None = typer.Option(
        None,
        help=(
            "Directory for the PNG plots, CSV tables and report.html (default: the directory of "
            "a run recorded in the store)."
        ),
    ),
    window: int = typer.Option(25, help="Moving-average width (primes) for the smoothed sign changes."),
    workers: int = typer.Option(1, help="Worker processes if the table must be built."),
    rows: int = typer.Option(12, help="Rows of the table to print (first primes)."),
    as_json: bool = typer.Option(
        False,
        "--json",
        help=(
            "Print JSON: conductor, primes, counts (classes per rank), rank_table (rows p, rank_0, "
            "rank_1, ...), rank0_above_rank1_first, sign_changes, sign_changes_smoothed, window, "
            "dyadic {X, counts, sign_changes, sign_changes_smoothed, table} with --dyadic, files, "
            "run_id."
        ),
    ),
    store: str | None = typer.Option(None, help="Store URL (default: the home store)."),
) -> None:
    """Murmurations (He-Lee-Oliver-Pozdnyakov): the average of a_p over isogeny classes of each
    rank, and where the rank-0 minus rank-1 difference changes sign; with --dyadic X the
    Sutherland-Zubrilina average of eps(E) a_p over conductors in [X, 2X] against p/X.
    Python: conjectura.murmurations(conductor=..., primes=..., dyadic=...)."""
    from conjectura.domains.curves.murmurations import murmurations
    from conjectura.store import open_store

    res = murmurations(
        conductor,
        primes=primes,
        dyadic=dyadic,
        window=window,
        workers=workers,
        store=None if out is not None else open_store(store),
    )
    if out is not None:
        res.report(out)
    if as_json:
        emit_json(res.to_dict())
        return
    console.print(res.table(rows=rows))
    for f in res.files:
        console.print(f"wrote {f}", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    app.command("murmurations")(murmurations_cmd)
