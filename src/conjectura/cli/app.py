"""Assembly of the typer app from the command modules of this package."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import typer

app = typer.Typer(
    name="conjectura",
    help="conjectura: machine learning proposes, exact mathematics verifies.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_assembled = False


def _assemble() -> None:
    global _assembled
    if _assembled:
        return
    _assembled = True
    import conjectura.cli as pkg

    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        if info.name in ("app", "common") or info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"conjectura.cli.{info.name}")
        if hasattr(mod, "register"):
            mod.register(app)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``conjectura`` script."""
    _assemble()
    app(args=argv if argv is not None else sys.argv[1:], prog_name="conjectura")
