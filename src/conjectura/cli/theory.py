"""``conjectura theory ...``: neural networks as field theories (kernel, nongaussianity,
free-field, ntk). Each command runs one study, prints its comparison with the numbers, and
writes an HTML report; ``--check`` exits 1 when the study's claim fails its Monte Carlo
tolerance."""

from __future__ import annotations

from pathlib import Path

import typer

from conjectura.cli.common import EXIT_NEGATIVE, cli_errors, console, emit_json, err_console
from conjectura.cli.qmc import analysis_run, parse_list

__all__ = ["register", "theory_app"]

theory_app = typer.Typer(
    name="theory",
    help="Neural networks as field theories: NN-GP kernels, correlators, finite width, free fields, NTK.",
    no_args_is_help=True,
)

_OUT = typer.Option(None, "--out", "-o", help="Directory for report.html (default: a run in the store).")
_STORE = typer.Option(None, "--store", help="Store URL (default: the conjectura home).")
_NO_STORE = typer.Option(
    False, "--no-store", help="Do not record a run (report in ./theory_<study> unless --out)."
)
_CHECK = typer.Option(False, "--check", help="Exit 1 when the comparison fails its Monte Carlo tolerance.")


def _finish(res, name: str, config: dict, out, store, no_store, as_json: bool, check: bool) -> None:
    with analysis_run(f"theory/{name}", config, out, store, no_store) as (directory, run):
        path = res.report(directory)
        if run is not None:
            run.set_summary({"agrees": res.agrees, "summary": res.summary()})
    if as_json:
        emit_json(res.to_dict() | {"report": str(path), "run_id": getattr(run, "id", None)})
    else:
        console.print(res.table())
        for line in res.summary():
            console.print(line, highlight=False, soft_wrap=True, markup=False)
        console.print(f"wrote {path}", markup=False, highlight=False)
    if check and not res.agrees:
        raise typer.Exit(EXIT_NEGATIVE)


@theory_app.command("kernel")
@cli_errors
def kernel_cmd(
    activations: str = typer.Option("relu,erf,cos", help="Activations, comma-separated."),
    depth: int = typer.Option(2, help="Hidden layers."),
    width: int = typer.Option(1024, help="Units per hidden layer."),
    networks: int = typer.Option(4000, help="Networks per activation."),
    angles: int = typer.Option(9, help="Angles between the inputs, from 0 to pi."),
    sigma_w2: float | None = typer.Option(None, help="Weight variance (default: relu 2, erf 1.5, cos 1)."),
    sigma_b2: float = typer.Option(0.1, help="Bias variance."),
    estimator: str = typer.Option("conditional", help="conditional or outputs."),
    sampler: str = typer.Option("gram", help="gram (exact, fast) or weights (explicit networks)."),
    seed: int = typer.Option(0, help="Seed."),
    out: Path | None = _OUT,
    store: str | None = _STORE,
    no_store: bool = _NO_STORE,
    check: bool = _CHECK,
    as_json: bool = typer.Option(
        False,
        "--json",
        help="Print JSON: depth, width, n_networks, sigma_b2, estimator, sampler, seed, threshold, seconds, rows "
        "[{activation, sigma_w2, gamma, analytic, mc, stderr, z}], max_abs_z, agrees, report, run_id.",
    ),
) -> None:
    """The Monte Carlo two-point function of random networks against the analytic NN-GP kernel
    (arc-cosine for ReLU, Williams for erf, cos), on inputs at angles 0..pi."""
    from conjectura.theory.studies import kernel_study

    config = dict(
        activations=activations,
        depth=depth,
        width=width,
        networks=networks,
        angles=angles,
        sigma_w2=sigma_w2,
        sigma_b2=sigma_b2,
        estimator=estimator,
        sampler=sampler,
        seed=seed,
    )
    with err_console.status("sampling networks", spinner="dots"):
        res = kernel_study(
            parse_list(activations, str, "activations"),
            depth=depth,
            width=width,
            n_networks=networks,
            n_angles=angles,
            sigma_w2=sigma_w2,
            sigma_b2=sigma_b2,
            estimator=estimator,
            sampler=sampler,
            seed=seed,
        )
    _finish(res, "kernel", config, out, store, no_store, as_json, check)


@theory_app.command("nongaussianity")
@cli_errors
def nongaussianity_cmd(
    activation: str = typer.Option("relu", help="relu, erf or cos."),
    depth: int = typer.Option(1, help="Hidden layers (1: compared with the exact c/N too)."),
    widths: str = typer.Option("8,16,32,64,128,256,512,1024", help="Widths N, comma-separated."),
    networks: int = typer.Option(4000, help="Networks per width."),
    x: str = typer.Option("1,0", help="Input x, comma-separated."),
    y: str = typer.Option("0.6,0.8", help="Input y, comma-separated."),
    sigma_w2: float | None = typer.Option(None, help="Weight variance (default: relu 2, erf 1.5, cos 1)."),
    sigma_b2: float = typer.Option(0.1, help="Bias variance."),
    seed: int = typer.Option(0, help="Seed."),
    out: Path | None = _OUT,
    store: str | None = _STORE,
    no_store: bool = _NO_STORE,
    check: bool = _CHECK,
    as_json: bool = typer.Option(
        False,
        "--json",
        help="Print JSON: arch, widths, n_networks, x, y, seed, seconds, rows [{width, g4c, stderr, g4c_outputs, "
        "stderr_outputs, exact, z_exact}], fit {slope, slope_se, log_amplitude, chi2, dof, p_value}, agrees, report, run_id.",
    ),
) -> None:
    """The connected four-point function G4c(x,x,y,y) against the width N, with the fitted slope
    (theory: -1) and, for one hidden layer, the exact c/N."""
    from conjectura.theory.studies import nongaussianity_study

    config = dict(
        activation=activation,
        depth=depth,
        widths=widths,
        networks=networks,
        x=x,
        y=y,
        sigma_w2=sigma_w2,
        sigma_b2=sigma_b2,
        seed=seed,
    )
    with err_console.status("sampling networks", spinner="dots"):
        res = nongaussianity_study(
            activation,
            depth=depth,
            widths=parse_list(widths, int, "widths"),
            n_networks=networks,
            x=parse_list(x, float, "x"),
            y=parse_list(y, float, "y"),
            sigma_w2=sigma_w2,
            sigma_b2=sigma_b2,
            seed=seed,
        )
    _finish(res, "nongaussianity", config, out, store, no_store, as_json, check)


@theory_app.command("free-field")
@cli_errors
def free_field_cmd(
    d: int = typer.Option(1, "--d", help="Dimension of space."),
    mass: float = typer.Option(1.0, help="Mass m."),
    cutoff: float = typer.Option(20.0, help="Momentum cutoff Lambda (ignored with --sampling cauchy)."),
    width: int = typer.Option(256, help="Width N."),
    networks: int = typer.Option(4000, help="Networks."),
    radii: str = typer.Option("0,0.25,0.5,0.75,1,1.25,1.5,1.75,2,2.25,2.5,2.75,3", help="Distances r."),
    sampling: str = typer.Option(
        "ball", help="ball (Halverson-Maiti-Stoner, any d) or cauchy (d = 1, no cutoff)."
    ),
    seed: int = typer.Option(0, help="Seed."),
    out: Path | None = _OUT,
    store: str | None = _STORE,
    no_store: bool = _NO_STORE,
    check: bool = _CHECK,
    as_json: bool = typer.Option(
        False,
        "--json",
        help="Print JSON: d, mass, cutoff, width, n_networks, sampling, shift, seed, rows [{r, exact, continuum, mc, "
        "stderr, z, mc_shifted, stderr_shifted, z_shifted}], g4c_coincident, max_abs_z, agrees, report, run_id.",
    ),
) -> None:
    """A free scalar from a cos network: its two-point function against the propagator
    1/(p^2 + m^2) with a cutoff, at (0, r) and at shifted pairs (translation invariance)."""
    from conjectura.theory.studies import free_field_study

    config = dict(
        d=d,
        mass=mass,
        cutoff=cutoff,
        width=width,
        networks=networks,
        radii=radii,
        sampling=sampling,
        seed=seed,
    )
    with err_console.status("sampling networks", spinner="dots"):
        res = free_field_study(
            d,
            mass=mass,
            cutoff=cutoff,
            width=width,
            n_networks=networks,
            radii=parse_list(radii, float, "radii"),
            sampling=sampling,
            seed=seed,
        )
    _finish(res, "free-field", config, out, store, no_store, as_json, check)


@theory_app.command("ntk")
@cli_errors
def ntk_cmd(
    activation: str = typer.Option("relu", help="relu, erf or cos."),
    depth: int = typer.Option(2, help="Hidden layers."),
    widths: str = typer.Option("16,64,256,1024", help="Widths N, comma-separated."),
    seeds: int = typer.Option(8, help="Initialisations per width."),
    inputs: int = typer.Option(6, help="Inputs on the half circle."),
    steps: int = typer.Option(200, help="Gradient-descent steps."),
    sigma_w2: float | None = typer.Option(None, help="Weight variance (default: relu 2, erf 1.5, cos 1)."),
    sigma_b2: float = typer.Option(0.1, help="Bias variance."),
    seed: int = typer.Option(0, help="Seed."),
    out: Path | None = _OUT,
    store: str | None = _STORE,
    no_store: bool = _NO_STORE,
    check: bool = _CHECK,
    as_json: bool = typer.Option(
        False,
        "--json",
        help="Print JSON: arch, widths, seeds, steps, n_inputs, seed, rows [{width, error, error_se, drift, drift_se, "
        "final_loss}], error_fit, drift_fit, mean_kernel_z, mean_kernel_threshold, analytic, empirical_mean, agrees, "
        "report, run_id.",
    ),
) -> None:
    """The empirical NTK (torch.func) against the analytic NTK as the width grows, and its drift
    during full-batch gradient descent, with fitted slopes."""
    from conjectura.theory.studies import ntk_study

    config = dict(
        activation=activation,
        depth=depth,
        widths=widths,
        seeds=seeds,
        inputs=inputs,
        steps=steps,
        sigma_w2=sigma_w2,
        sigma_b2=sigma_b2,
        seed=seed,
    )
    with err_console.status("training networks", spinner="dots"):
        res = ntk_study(
            activation,
            depth=depth,
            widths=parse_list(widths, int, "widths"),
            seeds=seeds,
            n_inputs=inputs,
            steps=steps,
            sigma_w2=sigma_w2,
            sigma_b2=sigma_b2,
            seed=seed,
        )
    _finish(res, "ntk", config, out, store, no_store, as_json, check)


def register(app: typer.Typer) -> None:
    app.add_typer(theory_app, name="theory")
