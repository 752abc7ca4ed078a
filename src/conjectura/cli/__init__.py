"""The ``conjectura`` command line: a typer app; each command calls one public function.

The modules named in :data:`conjectura.cli.app.COMMAND_MODULES` add their commands (each
defines ``register(app)``); ``conjectura --import MODULE`` loads a user's plug-ins first. Commands
that print a table accept ``--json``; exit codes: 0 success, 1 a negative answer (a certificate
rejected, nothing found), 2 bad input.
"""

from conjectura.cli.app import app, main

__all__ = ["app", "main"]
