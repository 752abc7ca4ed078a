"""Assembly of the typer app from an explicit list of command modules.

``conjectura --import MODULE COMMAND ...`` (repeatable; a dotted module name or a path to a
``.py`` file) and ``CONJECTURA_PLUGINS=mod1,mod2`` import a user's modules before any command,
so that ``search``, ``verify``, ``learn`` and the worker processes they start see the problems,
tasks and baselines those modules register.
"""

from __future__ import annotations

import importlib
import os
import sys

import typer

app = typer.Typer(
    name="conjectura",
    help="conjectura: machine learning proposes, exact mathematics verifies.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# The modules of conjectura.cli that add commands; each defines register(app).
COMMAND_MODULES = (
    "buchberger",
    "certificates",
    "check",
    "construct",
    "conjecture",
    "curves",
    "data",
    "demo",
    "generalisation",
    "guide",
    "kl",
    "knots",
    "learn",
    "qmc",
    "runs",
    "scan",
    "search",
    "tasks",
    "theory",
    "unknot",
)

_assembled = False


@app.callback()
def _load_user_modules(
    modules: list[str] | None = typer.Option(
        None,
        "--import",
        metavar="MODULE",
        help="Import a module of your own (a dotted name or a path to a .py file) before the "
        "command, so its registered problems, tasks and baselines are visible; repeatable. "
        "CONJECTURA_PLUGINS=mod1,mod2 does the same.",
    ),
) -> None:
    from conjectura.cli.common import fail
    from conjectura.core.registry import PLUGINS_ENV, load_plugins, plugin_spec
    from conjectura.exceptions import ConjecturaError

    specs = [s for s in os.environ.get(PLUGINS_ENV, "").split(",") if s.strip()] + list(modules or ())
    try:
        load_plugins(specs)
    except ConjecturaError as exc:
        fail(str(exc))
    if modules:
        # spawned worker processes (process pools, Ray) import the same modules
        os.environ[PLUGINS_ENV] = ",".join(dict.fromkeys(plugin_spec(s) for s in specs))


def _assemble() -> None:
    global _assembled
    if _assembled:
        return
    _assembled = True
    for name in COMMAND_MODULES:
        importlib.import_module(f"conjectura.cli.{name}").register(app)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``conjectura`` script."""
    from conjectura.cli.common import run_app

    _assemble()
    code = run_app(app, argv if argv is not None else sys.argv[1:])
    _exit_past_abandoned_work(code)
    sys.exit(code)


def _exit_past_abandoned_work(code: int) -> None:
    """End the process now if a search generation abandoned at its time budget is still running.

    Such a daemon thread can hold a lock (of numba, BLAS or torch) that the interpreter's
    finalisation waits for, so a normal exit may hang after the result was printed. Everything
    the command writes is written before it returns (the store commits, files are closed), so
    flushing the streams and leaving with ``os._exit`` loses nothing.
    """
    import os
    import threading

    if any(t.name == "conjectura-search-generation" and t.is_alive() for t in threading.enumerate()):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
