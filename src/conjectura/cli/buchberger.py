"""``conjectura guide train|eval|solve buchberger``: a learned S-pair selection strategy beside the classical ones.

``train`` runs PPO (:func:`conjectura.domains.polynomials.learning.train_buchberger`) with its run,
metrics and checkpoints in the store; ``--resume RUN`` continues a run from its last checkpoint.
``eval`` (:func:`conjectura.domains.polynomials.learning.evaluate_buchberger`) prints the mean
polynomial additions per ideal ± standard error of every strategy, the learned policy and the
best of k random rollouts on the same seeded ideals. ``solve`` computes the Groebner basis of
one ideal (seeded from a distribution, or typed in) with a classical or the learned strategy and
writes a certificate of ``polynomials/groebner-basis`` that ``conjectura verify`` re-checks.
"""

from __future__ import annotations

from pathlib import Path

import typer

from conjectura.cli.common import cli_errors, console, emit_json, err_console
from conjectura.cli.guide import eval_app, solve_app, train_app
from conjectura.core.validation import validate_int
from conjectura.exceptions import InvalidParameterError

_DIST_HELP = "Ideal distribution n-d-s-{uniform|weighted|maximum}, e.g. 3-20-10-weighted."


def _open(store_url: str | None):
    from conjectura.store import open_store

    return open_store(store_url)


def _policy(policy: str | None, store_url: str | None):
    """The learned policy named by ``--policy`` (a run id of the store, or a checkpoint file) and
    the store it needs (None for a file or no policy)."""
    if policy is None:
        return None, None
    if policy.isdigit():
        return int(policy), _open(store_url)
    source = Path(policy)
    if not source.exists():
        raise InvalidParameterError(
            f"The '--policy' option must be a run id or a checkpoint file. Got {policy!r}."
        )
    return source, None


@cli_errors
def train_cmd(
    dist: str = typer.Option("3-20-10-weighted", "--dist", help=_DIST_HELP),
    iterations: int = typer.Option(
        200, "--iterations", help="Total PPO iterations (with --resume: the new total)."
    ),
    episodes: int = typer.Option(32, "--episodes", help="Episodes per PPO iteration."),
    imitation: int = typer.Option(
        256, "--imitation", help="Episodes of behaviour cloning of --teacher before PPO (0: none)."
    ),
    teacher: str = typer.Option("true-degree", "--teacher", help="Strategy imitated before PPO."),
    baseline: str = typer.Option(
        "degree",
        "--baseline",
        help="Strategy whose return from each state is the value baseline, or 'critic'.",
    ),
    seed: int = typer.Option(0, "--seed", help="The one seed of the run."),
    resume: int | None = typer.Option(
        None, "--resume", help="Continue the training run RUN from its last checkpoint."
    ),
    store_url: str | None = typer.Option(
        None, "--store", help="Store URL (default: the home's SQLite store)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the training result as JSON."),
) -> None:
    """Train a PPO policy that selects S-pairs (Peifer, Stillman, Halpern-Leistner 2020); the run,
    its metrics and checkpoints go to the store, Ctrl-C keeps the last iteration."""
    from conjectura.domains.polynomials.ideals import parse_distribution
    from conjectura.domains.polynomials.learning import default_config, train_buchberger
    from conjectura.domains.polynomials.strategies import get_strategy

    owner = "guide train buchberger"
    validate_int(iterations, "--iterations", owner, min_value=1)
    store = _open(store_url)
    if resume is not None:
        res = train_buchberger(store=store, resume=resume, iterations=iterations, progress=True)
    else:
        validate_int(episodes, "--episodes", owner, min_value=1)
        validate_int(imitation, "--imitation", owner, min_value=0)
        validate_int(seed, "--seed", owner, min_value=0)
        dist_obj = parse_distribution(dist)
        get_strategy(teacher)
        if baseline != "critic":
            get_strategy(baseline)
        cfg = default_config(
            iterations=iterations, episodes=episodes, imitation_episodes=imitation, seed=seed
        )
        res = train_buchberger(
            dist_obj,
            config=cfg,
            baseline=None if baseline == "critic" else baseline,
            teacher=teacher,
            store=store,
            progress=True,
        )
    if as_json:
        emit_json(res.to_dict())
    else:
        console.print(res.table())
        err_console.print(
            f"run {res.run_id}; continue with: conjectura guide train buchberger --resume {res.run_id}"
        )


@cli_errors
def eval_cmd(
    dist: str = typer.Option("3-20-10-weighted", "--dist", help=_DIST_HELP),
    ideals: int = typer.Option(
        10_000, "--ideals", help="Number of seeded ideals (the same for every method)."
    ),
    seed: int = typer.Option(0, "--seed", help="Seed of the ideals."),
    policy: str | None = typer.Option(
        None, "--policy", help="The learned policy: a training run id of the store or a .npz checkpoint."
    ),
    strategies: str = typer.Option(
        "first,degree,normal,sugar,true-degree,random",
        "--strategies",
        help="Classical strategies (comma-separated).",
    ),
    rollouts: int = typer.Option(10, "--rollouts", help="k of 'best of k random rollouts' (0: leave out)."),
    store_url: str | None = typer.Option(
        None, "--store", help="Store URL (default: the home's SQLite store)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the evaluation as JSON."),
) -> None:
    """Mean polynomial additions per ideal ± standard error of every strategy and the learned policy."""
    from conjectura.domains.polynomials.ideals import parse_distribution
    from conjectura.domains.polynomials.learning import evaluate_buchberger
    from conjectura.domains.polynomials.strategies import get_strategy

    owner = "guide eval buchberger"
    validate_int(ideals, "--ideals", owner, min_value=1)
    validate_int(rollouts, "--rollouts", owner, min_value=0)
    validate_int(seed, "--seed", owner, min_value=0)
    dist_obj = parse_distribution(dist)
    names = [s for s in strategies.replace(" ", "").split(",") if s]
    if not names:
        raise InvalidParameterError("The '--strategies' option must name at least one strategy.")
    for s in names:
        get_strategy(s)
    source, store = _policy(policy, store_url)
    ev = evaluate_buchberger(
        dist_obj,
        ideals=ideals,
        seed=seed,
        policy=source,
        strategies=names,
        rollouts=rollouts,
        store=store,
        progress=True,
    )
    if as_json:
        emit_json(ev.to_dict())
    else:
        console.print(ev.table())


@cli_errors
def solve_cmd(
    ideal: str | None = typer.Argument(
        None, help="Generators, comma-separated (e.g. 'y - x^2, z - x^3'); default: a seeded ideal of --dist."
    ),
    variables: str = typer.Option("x,y,z", "--vars", help="Variables of a typed ideal, comma-separated."),
    dist: str = typer.Option("3-20-10-weighted", "--dist", help=_DIST_HELP),
    seed: int = typer.Option(0, "--seed", help="Seed of the ideal drawn from --dist."),
    strategy: str = typer.Option("degree", "--strategy", "-m", help="Classical selection strategy."),
    policy: str | None = typer.Option(
        None,
        "--policy",
        help="Use the learned policy instead: a training run id of the store or a .npz checkpoint.",
    ),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write the certificate (JSON) here."),
    store_url: str | None = typer.Option(
        None, "--store", help="Store URL (default: the home's SQLite store)."
    ),
    no_store: bool = typer.Option(False, "--no-store", help="Do not record the certificate in the store."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Groebner basis of one ideal with a chosen strategy, checked exactly and written as a certificate."""
    from conjectura.domains.polynomials.solve import solve_buchberger

    validate_int(seed, "--seed", "guide solve buchberger", min_value=0)
    if out is not None and (out.is_dir() or not out.parent.is_dir()):
        raise InvalidParameterError(
            f"The '--out' option must be a file in an existing directory. Got {str(out)[:200]!r}."
        )
    source, store = _policy(policy, store_url)
    if store is None and not no_store:
        store = _open(store_url)
    sol = solve_buchberger(
        ideal, variables=variables, dist=dist, seed=seed, strategy=strategy, policy=source, store=store
    )
    if out is not None:
        sol.certificate.save(out)
    doc = sol.to_dict()
    doc["out"] = None if out is None else str(out)
    if as_json:
        emit_json(doc)
    else:
        console.print(sol.summary(), highlight=False, markup=False)
        if out is not None:
            err_console.print(f"certificate written to {out}", highlight=False, markup=False)


def register(app: typer.Typer) -> None:
    train_app.command("buchberger")(train_cmd)
    eval_app.command("buchberger")(eval_cmd)
    solve_app.command("buchberger")(solve_cmd)
