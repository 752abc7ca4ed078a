"""``conjectura data build knots``: the knot table (SnapPy census and random knots)."""

from __future__ import annotations

import typer

from conjectura.cli.common import EXIT_NEGATIVE, cli_errors, console, emit_json, emit_table
from conjectura.cli.data import build_app

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
    limit: int | None = typer.Option(None, "--limit", help="Only the first N census knots."),
    chunk_size: int = typer.Option(500, "--chunk-size", help="Knots per resumable chunk file."),
    store: str | None = typer.Option(None, "--store", help="Store URL (default: the home store)."),
    as_json: bool = typer.Option(
        False,
        "--json",
        help=(
            "Print JSON: run_id, path (data directory), parts {census, random, geodesics: Parquet "
            "files}, rows, hyperbolic, failures {kind: count}, chunks_computed, chunks_reused, "
            "seconds (wall), cpu_seconds (workers' CPU time for the chunks computed now)."
        ),
    ),
) -> None:
    """Build (or resume) the knot table: volume, Chern-Simons, maximal-cusp volume and
    translations, slope, symmetry group, exact signature (Seifert matrix), genus and torsion
    degree (knot Floer homology) per knot, as Parquet chunks in the data directory.

    Interrupt at any time: finished chunks are kept and a rerun skips them. Knots whose
    invariants fail keep their row, with the reason in its 'error' column; the failures are
    counted below. Exit code 0 when the table was written.
    """
    from conjectura.domains.knots.dataset import build_knot_table
    from conjectura.store import open_store

    config = {
        "max_crossings": max_crossings,
        "n_random": random_knots,
        "geodesics": geodesics,
        "geodesic_sample": geodesic_sample,
        "geodesic_timeout": geodesic_timeout,
        "workers": workers,
        "seed": seed,
        "limit": limit,
        "chunk_size": chunk_size,
    }
    db = open_store(store)
    with db.run(kind="data", name="knots", config=config) as run:
        _df, report = build_knot_table(
            max_crossings=max_crossings,
            n_random=random_knots,
            geodesics=geodesics,
            geodesic_sample=geodesic_sample,
            geodesic_timeout=geodesic_timeout,
            workers=workers,
            seed=seed,
            limit=limit,
            chunk_size=chunk_size,
            progress=not as_json,
        )
        summary = {
            "run_id": run.id,
            **report.to_dict(),
            "seconds": round(report.seconds, 2),
            "cpu_seconds": round(report.cpu_seconds, 2),
        }
        run.set_summary(summary)
        run.log_metrics(
            {
                "rows": report.rows,
                "hyperbolic": report.hyperbolic,
                "failures": sum(report.failures.values()),
                "seconds": report.seconds,
            }
        )
        params = {k: v for k, v in config.items() if k not in ("workers", "chunk_size")}
        for part, path in report.parts.items():
            import pyarrow.parquet as pq

            run.add_dataset(
                f"knots/{part}",
                params,
                path,
                rows=pq.ParquetFile(path).metadata.num_rows,
                meta={
                    "source": "SnapPy HTLinkExteriors"
                    if part == "census"
                    else "random braid closures"
                    if part == "random"
                    else "geodesic features (Dirichlet domain fallback chain)",
                    "failures": report.failures,
                },
            )
    if as_json:
        emit_json(summary)
        return
    rows = [{"key": k, "value": v} for k, v in summary.items() if k not in ("failures", "parts")]
    rows += [{"key": f"part {k}", "value": v} for k, v in report.parts.items()]
    emit_table(rows, ["key", "value"], title="knot table")
    if report.failures:
        emit_table(
            [{"failure": k, "knots": v} for k, v in report.failures.items()],
            ["failure", "knots"],
            title="failures (rows kept, reason in 'error')",
        )
    else:
        console.print("no failures")
    if report.rows == 0:
        raise typer.Exit(EXIT_NEGATIVE)


def register(app: typer.Typer) -> None:
    """The command is attached to ``conjectura data build`` by its decorator."""
