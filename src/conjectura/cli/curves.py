"""``conjectura data build curves`` and ``conjectura murmurations``: elliptic curves over Q."""

from __future__ import annotations

from pathlib import Path

import typer

from conjectura.cli.common import cli_errors, console, emit_json, emit_table
from conjectura.cli.data import build_app

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
            "Print JSON: directory, conductor [lo, hi], primes, rows, blocks_built, blocks_cached, "
            "seconds, pari_seconds, block_seconds, overhead (block_seconds / pari_seconds)."
        ),
    ),
    store: str | None = typer.Option(None, help="Store URL (default: the home store)."),
) -> None:
    """Build (or resume) the table of isogeny classes: label, conductor, a-invariants, rank,
    root number, torsion order and the first a_p, as Parquet blocks in the data directory."""
    from conjectura.domains.curves.build import build_curves

    res = build_curves(conductor, primes=primes, workers=workers, progress=True)
    summary = {
        "directory": str(res.directory),
        "conductor": list(res.conductor),
        "primes": res.primes,
        "rows": res.rows,
        "blocks_built": res.blocks_built,
        "blocks_cached": res.blocks_cached,
        "seconds": round(res.seconds, 3),
        "pari_seconds": round(res.pari_seconds, 3),
        "block_seconds": round(res.block_seconds, 3),
        "overhead": round(res.block_seconds / res.pari_seconds, 3) if res.pari_seconds else None,
    }
    from conjectura.store import open_store

    open_store(store).add_dataset(
        "curves",
        {"conductor": f"{res.conductor[0]}:{res.conductor[1]}", "primes": res.primes},
        res.directory,
        rows=res.rows,
        meta={
            "source": "Cremona's tables (passagemath-pari-elldata) via PARI",
            "one_curve_per": "isogeny class",
        },
    )
    if as_json:
        emit_json(summary)
        return
    emit_table([{"key": k, "value": v} for k, v in summary.items()], ["key", "value"], title="curves dataset")


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
        None, help="Directory for the PNG plots and CSV tables (default: the run directory in the store)."
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
            "dyadic {X, counts, table, sign_changes, sign_changes_smoothed} with --dyadic, files, "
            "run_id."
        ),
    ),
    store: str | None = typer.Option(None, help="Store URL (default: the home store)."),
) -> None:
    """Murmurations (He-Lee-Oliver-Pozdnyakov): the average of a_p over isogeny classes of each
    rank, and where the rank-0 minus rank-1 difference changes sign; with --dyadic X the
    Sutherland-Zubrilina average of eps(E) a_p over conductors in [X, 2X] against p/X."""
    from conjectura.domains.curves.murmurations import murmurations

    config = {"conductor": conductor, "primes": primes, "dyadic": dyadic, "window": window}
    run_id = None
    if out is not None:
        res = murmurations(
            conductor, primes=primes, dyadic=dyadic, window=window, out_dir=out, workers=workers
        )
    else:
        from conjectura.store import open_store

        with open_store(store).run(kind="analysis", name="curves/murmurations", config=config) as run:
            res = murmurations(
                conductor, primes=primes, dyadic=dyadic, window=window, out_dir=run.dir, workers=workers
            )
            run.set_summary(
                {k: v for k, v in res.items() if k not in ("rank_table",)}
                | (
                    {"dyadic": {k: v for k, v in res["dyadic"].items() if k != "table"}}
                    if "dyadic" in res
                    else {}
                )
            )
            run_id = run.id
    res["run_id"] = run_id
    if as_json:
        emit_json(res)
        return
    lo, hi = res["conductor"]
    ranks = [c for c in res["rank_table"][0] if c != "p"]
    emit_table(
        res["rank_table"][:rows],
        ["p", *ranks],
        title=f"average a_p by rank, conductors {lo}-{hi}; classes: "
        + ", ".join(f"rank {r}: {n}" for r, n in res["counts"].items()),
    )
    if res["rank0_above_rank1_first"] is not None:
        n_p = len(res["rank_table"])
        console.print(
            f"rank-0 average above rank-1 average at the first "
            f"{res['rank0_above_rank1_first']} of {n_p} primes; "
            f"rank_0 - rank_1 changes sign at p = "
            f"{_short(res['sign_changes'])}; its moving average over "
            f"{res['window']} primes at p = {_short(res['sign_changes_smoothed'])}"
        )
    if "dyadic" in res:
        d = res["dyadic"]
        emit_table(
            d["table"][:rows],
            ["p", "p_over_X", "eps_ap", "root_plus", "root_minus"],
            title=f"dyadic X={d['X']}: conductors in [{d['X']}, {2 * d['X']}], "
            f"root number +1: {d['counts']['+1']}, -1: {d['counts']['-1']}",
        )
        ratios = ", ".join(f"{p / d['X']:.3g}" for p in d["sign_changes_smoothed"][:15])
        console.print(
            f"eps*a_p average changes sign at p = {_short(d['sign_changes'])}; "
            f"its moving average over {res['window']} primes at p = "
            f"{_short(d['sign_changes_smoothed'])} (p/X = {ratios})"
        )
    for f in res["files"]:
        console.print(f"wrote {f}")


def _short(values, k: int = 15) -> str:
    if not values:
        return "(never)"
    head = ", ".join(str(v) for v in values[:k])
    return head + (f", ... ({len(values)} in all)" if len(values) > k else "")


def register(app: typer.Typer) -> None:
    app.command("murmurations")(murmurations_cmd)
