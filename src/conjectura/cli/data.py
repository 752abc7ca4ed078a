"""``conjectura data build DOMAIN ...``: the command group that domain modules extend.

A domain's CLI module adds its builder with ``@build_app.command("knots")`` etc.
"""

from __future__ import annotations

import typer

data_app = typer.Typer(help="Build and inspect cached datasets.", no_args_is_help=True)
build_app = typer.Typer(
    help="Build (or resume building) a dataset in the data directory.", no_args_is_help=True
)
data_app.add_typer(build_app, name="build")


def register(app: typer.Typer) -> None:
    app.add_typer(data_app, name="data")
