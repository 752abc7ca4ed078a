"""``conjectura data build DATASET ...``: the command group that dataset commands extend.

Each dataset's command (``cli/knots.py``, ``cli/curves.py``) parses its options and hands them
to :func:`run_build`, which calls :func:`conjectura.build_dataset` (recording the build in the
store) and prints the :class:`~conjectura.store.datasets.BuildReport`.
"""

from __future__ import annotations

from typing import Any

import typer

from conjectura.cli.common import console, emit_json

data_app = typer.Typer(help="Build and inspect cached datasets.", no_args_is_help=True)
build_app = typer.Typer(
    help="Build (or resume building) a dataset in the data directory.", no_args_is_help=True
)
data_app.add_typer(build_app, name="build")

__all__ = ["data_app", "build_app", "run_build", "register"]


def run_build(name: str, params: dict[str, Any], *, store: str | None, as_json: bool):
    """Build dataset ``name`` with ``params`` into the store ``store`` (URL, default the home
    store); print the report as a table, or as JSON with ``as_json``. Returns the report."""
    from conjectura.store import open_store
    from conjectura.store.datasets import build_dataset

    report = build_dataset(name, store=open_store(store), **params)
    if as_json:
        emit_json(report.to_dict())
    else:
        console.print(report.table())
    return report


def register(app: typer.Typer) -> None:
    app.add_typer(data_app, name="data")
