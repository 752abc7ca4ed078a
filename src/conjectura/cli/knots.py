"""``conjectura data build knots``: the knot table (SnapPy census and random knots)."""

from __future__ import annotations

import typer

from conjectura.cli.common import EXIT_NEGATIVE, cli_errors
from conjectura.cli.data import build_app, run_build

__all__ = ["register", "build_knots_cmd"]


@build_app.command("knots")
@cli_errors
def build_knots_cmd(
    max_crossings: int = typer.Option(
        14,
        "--max-crossings",
        help=(
            "Census knots with at most this many crossings (3..14; 0 for none). The whole census "
            "(14) has 59,937 knots."
        ),
    ),
    random_knots: int = typer.Option(
        0,
        "--random",
        help=("Also this many random hyperbolic knots beyond the census (random braid closures)."),
    ),
    geodesics: bool = typer.Option(
        False,
        "--geodesics",
        help=(
            "Also compute the geodesic features (seconds per knot, in a subprocess with a "
            "per-knot timeout and a fallback chain)."
        ),
    ),
    geodesic_sample: int | None = typer.Option(
        None,
        "--geodesic-sample",
        help=("With --geodesics: only a seeded random sample of this many hyperbolic knots."),
    ),
    geodesic_timeout: float = typer.Option(
        30.0, "--geodesic-timeout", help=("Seconds allowed per knot for the geodesic features.")
    ),
    workers: int = typer.Option(2, "--workers", help="Worker processes."),
    seed: int = typer.Option(0, "--seed", help="Seed of the random knots and geodesic sample."),
    strands: int = typer.Option(5, "--strands", help="With --random: strands of the random braids."),
    length: int = typer.Option(
        40, "--length", help="With --random: length of the random braid words (parity of strands - 1)."
    ),
    limit: int | None = typer.Option(None, "--limit", help="Only the first N census knots."),
    chunk_size: int = typer.Option(500, "--chunk-size", help="Knots per resumable chunk file."),
    store: str | None = typer.Option(None, "--store", help="Store URL (default: the home store)."),
    as_json: bool = typer.Option(
        False,
        "--json",
        help=(
            "Print JSON: name, params, directory, rows, chunks_built, chunks_reused, failures "
            "{kind: rows}, seconds (wall), cpu_seconds (CPU time of the chunks computed now), "
            "parts {census, random, geodesics: {path, rows, source}}, details {hyperbolic}, "
            "run_id. Progress still goes to stderr."
        ),
    ),
) -> None:
    """Build (or resume) the knot table: volume, Chern-Simons, maximal-cusp volume and
    translations, slope, symmetry group, exact signature (Seifert matrix), genus and torsion
    degree (knot Floer homology) per knot, as Parquet chunks in the data directory.

    Interrupt at any time: finished chunks are kept and a rerun skips them. Knots whose
    invariants fail keep their row, with the reason in its 'error' column; the failures are
    counted below. Exit code 0 when the table was written. Python:
    conjectura.build_dataset("knots", max_crossings=..., ...).
    """
    params = {
        "max_crossings": max_crossings,
        "n_random": random_knots,
        "geodesics": geodesics,
        "geodesic_sample": geodesic_sample,
        "geodesic_timeout": geodesic_timeout,
        "workers": workers,
        "seed": seed,
        "limit": limit,
        "chunk_size": chunk_size,
        "random_strands": strands,
        "random_length": length,
    }
    report = run_build("knots", params, store=store, as_json=as_json)
    if report.rows == 0:
        raise typer.Exit(EXIT_NEGATIVE)


def register(app: typer.Typer) -> None:
    """The command is attached to ``conjectura data build`` by its decorator."""
