"""Shared helpers of the CLI: one-line errors, tables that can also be JSON, key=value params."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from conjectura.exceptions import ConjecturaError, InvalidParameterError, VerificationError

console = Console()
err_console = Console(stderr=True)

EXIT_OK, EXIT_NEGATIVE, EXIT_BAD_INPUT = 0, 1, 2

__all__ = [
    "console",
    "err_console",
    "fail",
    "cli_errors",
    "emit_table",
    "emit_json",
    "parse_params",
    "EXIT_OK",
    "EXIT_NEGATIVE",
    "EXIT_BAD_INPUT",
]


def fail(message: str, code: int = EXIT_BAD_INPUT) -> None:
    """Print one clear line (no traceback) to stderr and exit with ``code``."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def cli_errors(func: Callable) -> Callable:
    """Turn conjectura errors into one line and an exit code: 1 for a failed verification,
    2 for bad input, 130 for an interrupt."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except VerificationError as exc:
            code = EXIT_BAD_INPUT if isinstance(exc, ValueError) else EXIT_NEGATIVE
            fail(str(exc), code)
        except (ConjecturaError, FileNotFoundError) as exc:
            fail(str(exc), EXIT_BAD_INPUT)
        except KeyboardInterrupt:
            err_console.print("interrupted; what was written is kept.")
            raise typer.Exit(130) from None

    return wrapper


def emit_json(obj: Any) -> None:
    """Print ``obj`` as JSON on stdout (for scripts)."""
    sys.stdout.write(json.dumps(obj, indent=2, default=str) + "\n")


def emit_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    *,
    title: str | None = None,
    as_json: bool = False,
) -> None:
    """Print rows as a rich table, or as a JSON list of objects with ``--json``."""
    if as_json:
        emit_json([{c: r.get(c) for c in columns} for r in rows])
        return
    table = Table(title=title)
    for c in columns:
        table.add_column(c)
    for r in rows:
        table.add_row(*[_fmt(r.get(c)) for c in columns])
    console.print(table)


def _fmt(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


def parse_params(items: Iterable[str] | None) -> dict[str, Any]:
    """Parse ``key=value`` options; values are read as JSON when they parse, else as strings.

    >>> parse_params(["n=19", "name=abc"])
    {'n': 19, 'name': 'abc'}
    """
    out: dict[str, Any] = {}
    for item in items or ():
        if "=" not in item:
            raise InvalidParameterError(f"A parameter must be written key=value. Got {item!r} instead.")
        k, v = item.split("=", 1)
        try:
            out[k.strip()] = json.loads(v)
        except json.JSONDecodeError:
            out[k.strip()] = v
    return out
