"""``conjectura guide {train,eval,solve} GAME ...``: the command group that game modules extend.

A game's CLI module adds its own commands with ``@train_app.command("unknot")`` etc. (see
:mod:`conjectura.cli.unknot`). Any other name is looked up among the registered environments
(:func:`conjectura.guide.environments.resolve_environment`: full or short names, close names
suggested), so ``conjectura --import my_game.py guide eval mine/sort -i n=6`` evaluates a
user's own move game with the registered policies, and ``guide solve mine/sort STATE`` solves
one state.
"""

from __future__ import annotations

from pathlib import Path

import click
import typer
from typer.core import TyperGroup


class _EnvironmentGroup(TyperGroup):
    """A command group whose unknown command names are registered environments."""

    generic: str = ""

    def get_command(self, ctx: click.Context, cmd_name: str):
        cmd = super().get_command(ctx, cmd_name)
        if cmd is not None or not self.generic:
            return cmd
        from conjectura.cli.common import fail
        from conjectura.exceptions import ConjecturaError
        from conjectura.guide.environments import resolve_environment

        try:
            full = resolve_environment(cmd_name)
        except ConjecturaError as exc:
            fail(str(exc))
        return _generic_command(self.generic, full)


class _EvalGroup(_EnvironmentGroup):
    generic = "eval"


class _SolveGroup(_EnvironmentGroup):
    generic = "solve"


def _generic_command(which: str, name: str) -> click.Command:
    from conjectura.cli.common import cli_errors

    sub = typer.Typer()
    func = _eval_cmd(name) if which == "eval" else _solve_cmd(name)
    sub.command(name=name)(cli_errors(func))
    return typer.main.get_command(sub)


def _eval_cmd(name: str):
    def eval_game(
        param: list[str] | None = typer.Option(
            None, "--param", "-p", help="Environment parameter key=value (repeatable)."
        ),
        instance: list[str] | None = typer.Option(
            None, "--instances", "-i", help="Parameter of the game's instances() key=value (repeatable)."
        ),
        seed: int = typer.Option(0, "--seed", help="Seed of the instance set and the runs."),
        method: list[str] | None = typer.Option(
            None, "--method", "-m", help="Only these solvers (repeatable)."
        ),
        models: Path | None = typer.Option(
            None, "--models", help="Directory of the learned solvers' checkpoints."
        ),
        expansions: int = typer.Option(500, "--expansions", help="Expansion budget of every run."),
        max_moves: int = typer.Option(
            100, "--max-moves", help="Move budget: longer solutions count as not solved."
        ),
        report: Path | None = typer.Option(None, "--report", help="Directory for report.html and the plot."),
        as_json: bool = typer.Option(False, "--json", help="Print the evaluation as JSON."),
    ) -> None:
        """Evaluate every solver of a registered move game on its seeded instance set; every
        success replayed by the game's checker."""
        from conjectura.cli.common import console, emit_json, parse_params
        from conjectura.core.validation import validate_int
        from conjectura.guide.environments import evaluate_environment

        ev = evaluate_environment(
            name,
            params=parse_params(param),
            instances=parse_params(instance),
            seed=validate_int(seed, "--seed", "guide eval", min_value=0),
            methods=method or None,
            models=models,
            max_expansions=validate_int(expansions, "--expansions", "guide eval", min_value=1),
            max_moves=validate_int(max_moves, "--max-moves", "guide eval", min_value=1),
            progress=not as_json,
        )
        if report is not None:
            ev.params["report"] = str(ev.report(report))
        if as_json:
            emit_json(ev.to_dict())
            return
        console.print(ev.table())
        if any(r["negative"] for r in ev.records):
            console.print(ev.table(negative=True))
        if report is not None:
            console.print(f"report: {ev.params['report']}", highlight=False, markup=False)

    eval_game.__doc__ = f"Evaluate the solvers of {name} (see `conjectura guide eval --help`)."
    return eval_game


def _solve_cmd(name: str):
    def solve_game(
        state: str = typer.Argument(..., help="The start state, as the game's parse_state reads it."),
        param: list[str] | None = typer.Option(
            None, "--param", "-p", help="Environment parameter key=value (repeatable)."
        ),
        method: str = typer.Option(
            "greedy", "--method", "-m", help="A solver of the game (label or policy name)."
        ),
        models: Path | None = typer.Option(
            None, "--models", help="Directory of the learned solvers' checkpoints."
        ),
        expansions: int = typer.Option(2000, "--expansions", help="Expansion budget."),
        seed: int = typer.Option(0, "--seed"),
        out: Path | None = typer.Option(None, "--out", help="Write the certificate (or the moves) here."),
        store_url: str | None = typer.Option(
            None, "--store", help="Store URL (default: the conjectura home)."
        ),
        no_store: bool = typer.Option(
            False, "--no-store", help="Do not record the certificate in the store."
        ),
        as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    ) -> None:
        """Solve one start state of a registered move game; exit 0 with a replayed solution, 1 if
        none is found within the budget."""
        from conjectura.cli.common import parse_params
        from conjectura.core.validation import validate_int
        from conjectura.guide.environments import solve_environment

        sol = solve_environment(
            name,
            state,
            params=parse_params(param),
            method=method,
            models=models,
            max_expansions=validate_int(expansions, "--expansions", "guide solve", min_value=1),
            seed=validate_int(seed, "--seed", "guide solve", min_value=0),
        )
        finish_solve(sol, out, as_json, expansions, store=not no_store, store_url=store_url)

    solve_game.__doc__ = f"Solve one state of {name}."
    return solve_game


def finish_solve(
    sol, out: Path | None, as_json: bool, expansions: int, *, store: bool = True, store_url: str | None = None
) -> None:
    """Write the certificate, print the result of a :class:`~conjectura.guide.environments.GameSolution`;
    exit 1 when not solved."""
    from conjectura.cli.common import EXIT_NEGATIVE, console, emit_json, fail

    if sol.solved and out is not None:
        text = sol.witness_text()
        out.write_text(text + "\n")
    doc = sol.to_dict()
    doc["out"] = None if out is None or not sol.solved else str(out)
    doc["certificate_id"] = None
    if store and sol.certificate is not None:
        from conjectura.core.jsonable import to_jsonable
        from conjectura.store import open_store

        config = {"method": sol.method, "start": to_jsonable(sol.result.start)}
        with open_store(store_url).run("guide-solve", sol.game, config) as run:
            doc["certificate_id"] = run.attach_certificate(sol.certificate)
            run.set_summary({k: v for k, v in doc.items() if k != "moves"})
    res, verdict = sol.result, sol.verdict
    if as_json:
        emit_json(doc)
    elif sol.solved:
        console.print(
            f"solved in {res.n_moves} moves ({res.expansions} expansions, {res.seconds:.2f}s); {verdict.reason}",
            highlight=False,
            markup=False,
        )
        if doc["out"]:
            console.print(
                f"certificate: {out} (re-check: conjectura verify {out})", highlight=False, markup=False
            )
        if doc["certificate_id"] is not None:
            console.print(f"stored as certificate {doc['certificate_id']}", highlight=False, markup=False)
    if not sol.solved:
        if verdict is not None:
            fail(
                f"{sol.method} reported a solution the independent checker rejects: {verdict.reason}",
                EXIT_NEGATIVE,
            )
        if not as_json:
            fail(
                f"not solved within {expansions} expansions by {sol.method} (stop: {res.stop}); "
                "this is no evidence that there is no solution (for a braid: no evidence of a knot).",
                EXIT_NEGATIVE,
            )
        raise typer.Exit(EXIT_NEGATIVE)


guide_app = typer.Typer(
    help="Learned policies and heuristics for move games, beside classical solvers; every solution replayed.",
    no_args_is_help=True,
)
train_app = typer.Typer(help="Train the learned solvers of a game (resumable).", no_args_is_help=True)
eval_app = typer.Typer(
    cls=_EvalGroup,
    help="Evaluate every solver of a game on a fixed seeded instance set (GAME: unknot, or any "
    "registered environment, e.g. one of your own loaded with `conjectura --import`).",
    no_args_is_help=True,
)
solve_app = typer.Typer(
    cls=_SolveGroup,
    help="Solve one instance and write its certificate (GAME: unknot, or any registered environment).",
    no_args_is_help=True,
)
guide_app.add_typer(train_app, name="train")
guide_app.add_typer(eval_app, name="eval")
guide_app.add_typer(solve_app, name="solve")


def register(app: typer.Typer) -> None:
    app.add_typer(guide_app, name="guide")
