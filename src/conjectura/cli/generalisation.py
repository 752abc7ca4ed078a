"""``conjectura curve TASK``: test accuracy against the training fraction (generalisation),
:func:`conjectura.learn.generalisation.generalisation_curve`."""

from __future__ import annotations

from pathlib import Path

import typer

from conjectura.cli.common import cli_errors, console, emit_json, parse_params
from conjectura.exceptions import InvalidParameterError


def _floats(text: str, name: str) -> list[float]:
    try:
        vals = [float(x) for x in text.split(",") if x.strip()]
    except ValueError:
        vals = []
    if not vals or not all(0 < v < 1 for v in vals):
        raise InvalidParameterError(
            f"The '{name}' option must be comma-separated numbers in (0, 1). Got {text!r} instead."
        )
    return vals


def curve(
    task: str = typer.Argument(..., help="A registered classification task, e.g. integers/parity-bit."),
    param: list[str] | None = typer.Option(
        None, "--param", "-p", help="Task parameter key=value (repeatable)."
    ),
    fractions: str = typer.Option(
        "0.05,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9", "--fractions", help="Training fractions in (0, 1)."
    ),
    seeds: str = typer.Option(
        "0,1,2", "--seeds", help="Comma-separated seeds (one split and initialisation each)."
    ),
    learner: str = typer.Option("mlp", "--learner", help="Registered learner."),
    hidden: str | None = typer.Option(
        None, "--hidden", help="MLP hidden widths, e.g. 256,256 (default: the task's)."
    ),
    max_epochs: int | None = typer.Option(None, "--max-epochs", help="MLP epochs (default: the task's)."),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="PNG path (default: the run directory); a JSON is written beside it."
    ),
    store_url: str | None = typer.Option(None, "--store", help="Store URL (default: the conjectura home)."),
    as_json: bool = typer.Option(
        False,
        "--json",
        help=(
            "Print JSON (conjectura.generalisation_curve(...).to_dict()): {run_id, png, report, task, "
            "params, learner, learner_params, fractions, seeds, failures, summary: [{fraction, model, "
            "role, n_train, n_test, test_mean, test_std, train_mean}], records}."
        ),
    ),
) -> None:
    """Test accuracy of a learner, beside the majority baseline and the shuffled-label null,
    against the fraction of the data it trains on; writes a PNG and an HTML report and stores
    the run."""
    from conjectura.learn.generalisation import generalisation_curve
    from conjectura.store import open_store

    fr = _floats(fractions, "--fractions")
    try:
        sd = [int(s) for s in seeds.split(",") if s.strip()]
    except ValueError:
        raise InvalidParameterError(
            f"The '--seeds' option must be comma-separated integers. Got {seeds!r} instead."
        ) from None
    hyper = {}
    if hidden:
        hyper["hidden"] = tuple(int(h) for h in hidden.split(","))
    if max_epochs:
        hyper["max_epochs"] = int(max_epochs)
    result = generalisation_curve(
        task,
        params=parse_params(param),
        learner=learner,
        learner_params=hyper or None,
        fractions=fr,
        seeds=sd,
        store=open_store(store_url),
        figure=out,
        progress=True,  # on stderr, so --json output stays clean
    )
    if as_json:
        emit_json(result.to_dict())
        return
    console.print(result.table())
    console.print(
        f"wrote {result.png} and {result.report_path} (run {result.run_id})",
        highlight=False,
        soft_wrap=True,
        markup=False,
    )


def register(app: typer.Typer) -> None:
    app.command("curve")(cli_errors(curve))
