"""Shared helpers of the CLI: one-line errors, tables that can also be JSON, key=value params.

Everything printed here is text, never markup: user-supplied strings (claims, names, paths,
expressions, values) are escaped before rich sees them, so ``[/x]`` prints as itself.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import signal
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from conjectura.exceptions import ConjecturaError, InvalidParameterError, Terminated, VerificationError

console = Console()
err_console = Console(stderr=True)

EXIT_OK, EXIT_NEGATIVE, EXIT_BAD_INPUT = 0, 1, 2
#: Exit codes of a run stopped by Ctrl-C (128 + SIGINT) and by SIGTERM (128 + SIGTERM).
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143
#: Longest error message printed; longer ones are cut (a 50 MB claim must not become a 50 MB line).
MAX_MESSAGE = 400

__all__ = [
    "console",
    "err_console",
    "fail",
    "cli_errors",
    "check_out_path",
    "run_app",
    "emit_table",
    "emit_json",
    "parse_params",
    "shorten",
    "escape",
    "EXIT_OK",
    "EXIT_NEGATIVE",
    "EXIT_BAD_INPUT",
]


def shorten(text: Any, limit: int = MAX_MESSAGE) -> str:
    """``text`` on one line and at most about ``limit`` characters: line breaks become spaces
    and the middle of a longer text is replaced by a note of how much was cut.

    >>> shorten("a" * 1000, 40)
    'aaaaaaa… (990 characters cut) …aaa'
    >>> shorten("two\nlines")
    'two lines'
    """
    text = " ".join(str(text).splitlines())
    if len(text) <= limit:
        return text
    keep = max(limit - 30, 2)
    head, tail = keep - keep // 3, keep // 3
    return f"{text[:head]}… ({len(text) - head - tail} characters cut) …{text[-tail:]}"


def fail(message: str, code: int = EXIT_BAD_INPUT) -> None:
    """Print one clear line (no traceback) to stderr and exit with ``code``. The message is
    text, not markup, and is cut to :data:`MAX_MESSAGE` characters."""
    err_console.print(f"[bold red]error:[/] {escape(shorten(message))}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def cli_errors(func: Callable) -> Callable:
    """Turn conjectura errors into one line and an exit code: 1 for a failed verification,
    2 for bad input, 130 for Ctrl-C and 143 for SIGTERM (both keep what was written)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with _sigterm_as_terminated():
            return _run(*args, **kwargs)

    def _run(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except VerificationError as exc:
            code = EXIT_BAD_INPUT if isinstance(exc, ValueError) else EXIT_NEGATIVE
            fail(str(exc), code)
        except (ConjecturaError, FileNotFoundError) as exc:
            fail(str(exc), EXIT_BAD_INPUT)
        except Terminated:
            err_console.print("terminated (SIGTERM); what was written is kept.", markup=False)
            raise typer.Exit(EXIT_TERMINATED) from None
        except KeyboardInterrupt:
            err_console.print("interrupted; what was written is kept.", markup=False)
            raise typer.Exit(EXIT_INTERRUPTED) from None

    return wrapper


@contextlib.contextmanager
def _sigterm_as_terminated():
    """SIGTERM raises :class:`~conjectura.exceptions.Terminated` in the main thread while a
    command runs, so it unwinds like Ctrl-C (runs are marked interrupted, files closed)."""

    def _raise(signum, frame):
        raise Terminated("terminated")

    try:
        old = signal.signal(signal.SIGTERM, _raise)
    except ValueError:  # not the main thread (e.g. a test runner's worker)
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def check_out_path(out: Path | str, option: str = "--out") -> Path:
    """Refuse, before any work, an output path that cannot be written: a directory, a path
    whose parent directory is missing or not writable, an existing file that is not writable,
    or an existing file that is not a regular file (a device such as ``/dev/full``)."""
    out = Path(out)
    shown = shorten(repr(str(out)), 200)
    if out.is_dir():
        raise InvalidParameterError(f"{option} {shown} is a directory; give a file name.")
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise InvalidParameterError(f"{option} {shown}: the directory {str(parent)!r} does not exist.")
    if out.exists():
        if not out.is_file():
            raise InvalidParameterError(f"{option} {shown} is not a regular file.")
        if not os.access(out, os.W_OK):
            raise InvalidParameterError(f"{option} {shown} is not writable.")
    elif not os.access(parent, os.W_OK | os.X_OK):
        raise InvalidParameterError(f"{option} {shown}: the directory {str(parent)!r} is not writable.")
    return out


def run_app(app: typer.Typer, argv: Sequence[str], prog_name: str = "conjectura") -> int:
    """Run the typer ``app`` on ``argv`` and return the exit code; a usage error (an unknown
    option, a value that does not parse) is one line on stderr and exit 2, as every other bad
    input is, instead of click's boxed usage panel."""
    try:
        with _sigterm_as_terminated():
            code = app(args=list(argv), prog_name=prog_name, standalone_mode=False)
    except typer.Abort:
        err_console.print("interrupted.", markup=False)
        return EXIT_INTERRUPTED
    except typer.TyperException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # the help was printed; nothing to add
            return EXIT_BAD_INPUT
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        ctx = getattr(exc, "ctx", None)
        where = f" (see {ctx.command_path} --help)" if ctx is not None else ""
        err_console.print(
            f"[bold red]error:[/] {escape(shorten(message))}{escape(where)}", highlight=False, soft_wrap=True
        )
        return int(getattr(exc, "exit_code", EXIT_BAD_INPUT) or EXIT_BAD_INPUT)
    except Terminated:
        err_console.print("terminated (SIGTERM).", markup=False)
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        err_console.print("interrupted.", markup=False)
        return EXIT_INTERRUPTED
    return int(code or 0)


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
    table = Table(title=escape(title) if title else None)
    for c in columns:
        table.add_column(escape(c))
    for r in rows:
        table.add_row(*[escape(_fmt(r.get(c))) for c in columns])
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
