"""``conjectura guide {train,eval,solve} GAME ...``: the command group that game modules extend.

A game's CLI module adds its commands with ``@train_app.command("unknot")`` etc. (see
:mod:`conjectura.cli.unknot`).
"""

from __future__ import annotations

import typer

guide_app = typer.Typer(
    help="Learned policies and heuristics for move games, beside classical solvers; every solution replayed.",
    no_args_is_help=True,
)
train_app = typer.Typer(help="Train the learned solvers of a game (resumable).", no_args_is_help=True)
eval_app = typer.Typer(
    help="Evaluate every solver of a game on a fixed seeded instance set.", no_args_is_help=True
)
solve_app = typer.Typer(help="Solve one instance and write its certificate.", no_args_is_help=True)
guide_app.add_typer(train_app, name="train")
guide_app.add_typer(eval_app, name="eval")
guide_app.add_typer(solve_app, name="solve")


def register(app: typer.Typer) -> None:
    app.add_typer(guide_app, name="guide")
