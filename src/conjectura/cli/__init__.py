"""The ``conjectura`` command line: a typer app; each command calls one public function.

Every module ``conjectura.cli.<name>`` that defines ``register(app)`` adds its commands. Commands
that print a table accept ``--json``; exit codes: 0 success, 1 a negative answer (a certificate
rejected, nothing found), 2 bad input.
"""

from conjectura.cli.app import app, main

__all__ = ["app", "main"]
