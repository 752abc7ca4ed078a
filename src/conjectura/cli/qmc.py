"""``conjectura qmc ...``: convergence study, discrepancies, lattice generating vectors, sweeps."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import typer

from conjectura.cli.common import cli_errors, console, emit_json, emit_table, err_console
from conjectura.exceptions import InvalidParameterError

__all__ = ["register", "qmc_app", "analysis_run", "parse_list"]

qmc_app = typer.Typer(
    name="qmc",
    help="Quasi-Monte Carlo: convergence study, discrepancy, lattice rules, quasi-random sweeps.",
    no_args_is_help=True,
)


def parse_list(text: str, kind=str, name: str = "list") -> tuple:
    """``"2,8,32"`` -> ``(2, 8, 32)`` (a bad item raises a one-line error)."""
    items = [t.strip() for t in text.split(",") if t.strip()]
    try:
        return tuple(kind(t) for t in items)
    except ValueError as exc:
        raise InvalidParameterError(
            f"The --{name} option must be a comma-separated list. Got {text!r} instead."
        ) from exc


@contextlib.contextmanager
def analysis_run(
    name: str, config: dict, out: Path | None, store: str | None, no_store: bool
) -> Iterator[tuple[Path, object]]:
    """Where a study writes its report: ``out`` if given, else the directory of a new analysis
    run in the store (marked finished or failed on exit). Yields ``(directory, run or None)``."""
    if out is not None or no_store:
        directory = out if out is not None else Path.cwd() / name.replace("/", "_")
        yield directory, None
        return
    from conjectura.store import open_store

    with open_store(store).run(kind="analysis", name=name, config=config) as run:
        yield run.dir, run


def _progress(total_label: str):
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn(total_label),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    )


@qmc_app.command("study")
@cli_errors
def study_cmd(
    dims: str = typer.Option("2,8,32,128", help="Dimensions, comma-separated."),
    families: str = typer.Option(
        "oscillatory,product_peak,gaussian,continuous,discontinuous", help="Genz families, comma-separated."
    ),
    methods: str = typer.Option("mc,sobol,lattice", help="Methods: mc, sobol, halton, lattice."),
    log2_n: str = typer.Option(
        "6:14", "--log2-n", help="n = 2^k for k in LO:HI (lattice: largest prime <= 2^k)."
    ),
    replicates: int = typer.Option(16, help="Independent randomisations per n."),
    fit_from: int = typer.Option(256, help="Fit slopes over n >= this."),
    decay: float = typer.Option(0.0, help="Genz coefficients a_i = c_f i^-decay (0: all coordinates equal)."),
    tent: bool = typer.Option(True, "--tent/--no-tent", help="Tent transform on the shifted lattice."),
    seed: int = typer.Option(0, help="Seed of the integrands and of every randomisation."),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Directory for report.html (default: a run in the store)."
    ),
    store: str | None = typer.Option(None, "--store", help="Store URL (default: the conjectura home)."),
    no_store: bool = typer.Option(
        False, "--no-store", help="Do not record a run (report in ./qmc_study unless --out)."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    as_json: bool = typer.Option(
        False,
        "--json",
        help="Print JSON: dims, families, methods, replicates, decay, tent, lattice_weights, seed, seconds, curves "
        "[{d, family, method, n, rmse, rmse_se, slope, slope_se, intercept, fit_from, seconds}], report, run_id.",
    ),
) -> None:
    """Error against n of Monte Carlo, scrambled Sobol and a lattice rule on Genz integrands with
    known integrals; prints the fitted convergence slopes and writes the plots to an HTML report."""
    from conjectura.qmc.study import qmc_study

    lo_hi = parse_list(log2_n.replace(":", ","), int, "log2-n")
    if len(lo_hi) != 2:
        raise InvalidParameterError(f"The --log2-n option must be LO:HI. Got {log2_n!r} instead.")
    config = dict(
        dims=dims,
        families=families,
        methods=methods,
        log2_n=log2_n,
        replicates=replicates,
        fit_from=fit_from,
        decay=decay,
        tent=tent,
        seed=seed,
    )
    kwargs = dict(
        dims=parse_list(dims, int, "dims"),
        families=parse_list(families, str, "families"),
        methods=parse_list(methods, str, "methods"),
        log2_n=lo_hi,
        replicates=replicates,
        fit_from=fit_from,
        decay=decay,
        tent=tent,
        seed=seed,
    )
    with analysis_run("qmc/study", config, out, store, no_store) as (directory, run):
        if quiet or as_json:
            res = qmc_study(**kwargs)
        else:
            total = len(kwargs["dims"]) * len(kwargs["families"]) * len(kwargs["methods"])
            with _progress("convergence curves") as prog:
                task = prog.add_task("curves", total=total)
                res = qmc_study(**kwargs, progress=lambda done, _t: prog.update(task, completed=done))
        path = res.report(directory)
        if run is not None:
            run.set_summary({f"slope {c.d} {c.family} {c.method}": round(c.slope, 4) for c in res.curves})
    doc = res.to_dict() | {"report": str(path), "run_id": getattr(run, "id", None)}
    if as_json:
        emit_json(doc)
        return
    console.print(res.table())
    console.print(f"wrote {path}", markup=False, highlight=False)


@qmc_app.command("discrepancy")
@cli_errors
def discrepancy_cmd(
    n: int = typer.Option(256, help="Points (a lattice uses the largest prime <= n)."),
    d: int = typer.Option(8, help="Dimension."),
    methods: str = typer.Option("mc,sobol,halton,lattice", help="Point sets, comma-separated."),
    replicates: int = typer.Option(8, help="Independent randomisations averaged per method."),
    seed: int = typer.Option(0, help="Seed."),
    as_json: bool = typer.Option(
        False,
        "--json",
        help="Print a JSON list of {method, n, CD, CD_se, WD, WD_se} (root-mean-square over replicates).",
    ),
) -> None:
    """Centred and wrap-around L2 discrepancies of randomised point sets, beside the closed-form
    root-mean-square discrepancy of n independent uniform points."""
    import numpy as np

    from conjectura.core.seeding import child_seeds
    from conjectura.qmc.discrepancy import discrepancy, expected_random_discrepancy
    from conjectura.qmc.points import nearest_n, point_set

    rows = []
    for m in parse_list(methods, str, "methods"):
        nn = nearest_n(m, n)
        vals = {"CD": [], "WD": []}
        for s in child_seeds(seed, replicates):
            x = point_set(m, nn, d, seed=s)
            for k in vals:
                vals[k].append(discrepancy(x, k, squared=True))
        row = {"method": m, "n": nn}
        for k, v in vals.items():
            v = np.array(v)
            row[k] = float(np.sqrt(v.mean()))
            row[f"{k}_se"] = (
                float(v.std(ddof=1) / np.sqrt(v.size) / (2 * np.sqrt(v.mean()))) if v.size > 1 else None
            )
        rows.append(row)
    rows.append(
        {
            "method": "iid uniform (exact RMS)",
            "n": n,
            "CD": expected_random_discrepancy(n, d, "CD"),
            "CD_se": 0.0,
            "WD": expected_random_discrepancy(n, d, "WD"),
            "WD_se": 0.0,
        }
    )
    emit_table(
        rows,
        ["method", "n", "CD", "CD_se", "WD", "WD_se"],
        title=f"L2 discrepancies in d = {d}",
        as_json=as_json,
    )


@qmc_app.command("lattice")
@cli_errors
def lattice_cmd(
    n: int = typer.Option(..., help="Number of points (a prime)."),
    d: int = typer.Option(..., help="Dimension."),
    weights: str = typer.Option(
        "inverse-square", help="Product weights: inverse-square, equal, or a number."
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print JSON: n, d, weights, generating_vector, squared_error."
    ),
) -> None:
    """The generating vector of a rank-1 lattice rule by the fast component-by-component
    construction (Nuyens-Cools), and its squared shift-averaged worst-case error."""
    from conjectura.qmc.lattice import cbc_generating_vector, lattice_error

    try:
        w: str | float = float(weights)
    except ValueError:
        w = weights
    z = cbc_generating_vector(n, d, w)
    doc = {
        "n": n,
        "d": d,
        "weights": weights,
        "generating_vector": z.tolist(),
        "squared_error": lattice_error(z, n, w),
    }
    if as_json:
        emit_json(doc)
        return
    console.print(f"z = {doc['generating_vector']}", soft_wrap=True, markup=False)
    console.print(f"e^2(z) = {doc['squared_error']:.6g} (n = {n}, d = {d}, weights {weights})", markup=False)


@qmc_app.command("sweep-status")
@cli_errors
def sweep_status_cmd(
    study_name: str = typer.Argument(..., help="Name of the sweep in the database."),
    storage: str = typer.Option(..., "--storage", help="SQLAlchemy URL of the sweep's database."),
    limit: int = typer.Option(10, help="Best trials to show."),
    as_json: bool = typer.Option(
        False,
        "--json",
        help="Print JSON: study_name, sampler, direction, storage, ran, seconds, n_trials, n_complete, best, trials.",
    ),
) -> None:
    """Show a sweep that one or more workers have written to a database: counts and best trials."""
    from conjectura.qmc.sweep import sweep_status

    res = sweep_status(storage, study_name)
    if as_json:
        emit_json(res.to_dict())
        return
    console.print(res.table(limit))


def register(app: typer.Typer) -> None:
    app.add_typer(qmc_app, name="qmc")
