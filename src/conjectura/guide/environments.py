"""Registered move games (environments) and their solvers (policies), resolved by name.

An environment entry (:func:`conjectura.core.register_environment`) is a factory
``factory(**params) -> game``; the game has the four methods of
:class:`~conjectura.guide.MoveGame` and, for ``conjectura guide eval/solve``:

``check(start, moves) -> Verdict``
    The independent checker every reported solution is replayed by (required).
``instances(*, seed, **params) -> list``
    A fixed seeded instance set (records with a ``state`` key, tags, ``negative``), for eval.
``parse_state(text) -> state``
    A start state from the command line, for solve.
``solvers``
    ``label -> (policy name, options)``: the methods to run (default: the classical policies
    the game supports). An option ``checkpoint`` that is a relative path names a file of the
    models directory; a solver whose checkpoint is missing is left out, with a note.
``certificate(start, moves) -> Certificate``
    Optional: what ``guide solve --out`` writes (else the witness as JSON).

:func:`game_methods` builds the solvers through the policy registry, :func:`evaluate_environment`
and :func:`solve_environment` are the functions under the generic commands.

>>> ev = evaluate_environment("braids/unknot", instances={"lengths": [6], "strands": [3], "per_cell": 2},
...                           methods=["greedy"], max_expansions=100)
>>> [(r["method"], r["n"], r["fraction"]) for r in ev.summary()], ev.negatives_solved()
([('greedy', 2, 1.0)], 0)
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conjectura.core.jsonable import to_jsonable
from conjectura.core.registry import entries, get_environment, get_policy
from conjectura.exceptions import InvalidParameterError, UnknownNameError
from conjectura.guide.evaluate import GameEvaluation, evaluate_game
from conjectura.guide.game import SolveResult

__all__ = [
    "CLASSICAL_SOLVERS",
    "resolve_environment",
    "game_solvers",
    "game_methods",
    "evaluate_environment",
    "GameSolution",
    "solve_environment",
]

#: The solvers of a game that declares none: label -> (policy, options); the cost-based ones
#: only when the game has ``cost``.
CLASSICAL_SOLVERS: dict[str, tuple[str, dict]] = {
    "random walk": ("random-walk", {"walk_length": 200}),
    "greedy": ("greedy", {}),
    "bfs (depth 8)": ("bfs", {"max_depth": 8}),
    "beam (16)": ("beam", {"width": 16}),
    "wA* h=cost": ("weighted-astar", {"weight": 0.25, "batch_size": 16}),
}
_NEEDS_COST = {"greedy", "beam", "weighted-astar"}


def _close(name: str, names: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, list(names), n=3, cutoff=0.5)
    return f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""


def resolve_environment(name: str) -> str:
    """The registered environment named ``name``, or whose last ``/`` part is ``name``
    (``"unknot"`` for ``"braids/unknot"``) when only one is.

    Raises
    ------
    UnknownNameError
        No such environment; the message suggests close names (full or short).

    >>> resolve_environment("unknot")
    'braids/unknot'
    """
    names = [e.name for e in entries("environment")]
    if name in names:
        return name
    short = [n for n in names if n.rsplit("/", 1)[-1] == name]
    if len(short) == 1:
        return short[0]
    if len(short) > 1:
        raise UnknownNameError(
            f"The environment name {name!r} is ambiguous: {', '.join(short)}. Give the full name."
        )
    pool = names + [n.rsplit("/", 1)[-1] for n in names]
    raise UnknownNameError(
        f"Unknown environment {name!r}.{_close(name, pool)} Known: {', '.join(sorted(names)) or 'none'}. "
        "An environment of your own module is visible once it is loaded: `conjectura --import MODULE`."
    )


def game_solvers(game: Any) -> dict[str, tuple[str, dict]]:
    """``label -> (policy, options)``: the game's ``solvers``, else :data:`CLASSICAL_SOLVERS`
    (without the cost-based ones for a game without ``cost``)."""
    declared = getattr(game, "solvers", None)
    if declared is not None:
        return {str(k): (str(p), dict(o)) for k, (p, o) in dict(declared).items()}
    has_cost = callable(getattr(game, "cost", None))
    return {k: (p, dict(o)) for k, (p, o) in CLASSICAL_SOLVERS.items() if has_cost or p not in _NEEDS_COST}


def _select(table: Mapping[str, tuple[str, dict]], methods: Sequence[str] | None) -> list[str]:
    if methods is None:
        return list(table)
    out = []
    for m in methods:
        hits = [k for k, (p, _) in table.items() if m in (k, p)]
        if not hits:
            pool = list(table) + [p for p, _ in table.values()]
            raise UnknownNameError(
                f"The method {m!r} is not a solver of this game.{_close(m, pool)} Known: "
                f"{', '.join(repr(k) for k in table)} (labels or policy names)."
            )
        out += [h for h in hits if h not in out]
    return out


def game_methods(
    game: Any,
    *,
    models: str | Path | None = None,
    methods: Sequence[str] | None = None,
    learned: bool = True,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The game's solvers built through the policy registry.

    Parameters
    ----------
    game : MoveGame
    models : path, optional
        Directory that relative ``checkpoint`` options refer to.
    methods : sequence of str, optional
        Only these solvers (labels such as ``"beam (16)"`` or policy names such as ``"beam"``);
        unknown names raise :class:`~conjectura.exceptions.UnknownNameError` with close ones.
    learned : bool
        Include the solvers that need a checkpoint.

    Returns
    -------
    (methods, notes)
        ``label -> solver``; for each solver with a checkpoint the file and its training facts,
        or why it is left out.
    """
    table = game_solvers(game)
    chosen = _select(table, methods)
    out: dict[str, Any] = {}
    notes: dict[str, Any] = {}
    for label in chosen:
        policy, opts = table[label]
        opts = dict(opts)
        if "checkpoint" in opts:
            if not learned:
                continue
            path = Path(opts["checkpoint"])
            if not path.is_absolute():
                path = Path(models if models is not None else ".") / path
            if not path.is_file():
                notes[label] = f"not trained: no {path}"
                if methods is not None:
                    raise InvalidParameterError(
                        f"The solver {label!r} needs the checkpoint {str(path)!r}, which does not exist: train it "
                        "first or pass --models."
                    )
                continue
            opts["checkpoint"] = path
            if "name" in _params(policy):
                opts.setdefault("name", label)
            notes[label] = _checkpoint_facts(path)
        out[label] = get_policy(policy, game, **opts)
    return out, notes


def _params(policy: str) -> tuple[str, ...]:
    import inspect

    entry = next(e for e in entries("policy") if e.name == policy)
    try:
        return tuple(inspect.signature(entry.factory).parameters)
    except (TypeError, ValueError):
        return ()


def _checkpoint_facts(path: Path) -> dict[str, Any]:
    """What a checkpoint's header says about its training (``read_checkpoint`` header)."""
    from conjectura.guide.checkpoint import read_checkpoint

    _, header = read_checkpoint(path)
    facts: dict[str, Any] = {"checkpoint": str(path), "training_seconds": header.get("seconds")}
    hist = header.get("history") or []
    if "step" in header:
        facts.update(steps=header["step"], target_refreshes=len(header.get("refreshes") or []))
    elif hist:
        facts.update(
            iterations=len(hist),
            episodes=sum(h.get("episodes", 0) for h in hist),
            steps=sum(h.get("steps", 0) for h in hist),
        )
    return facts


def _check_fn(game: Any):
    check = getattr(game, "check", None)
    if not callable(check):
        raise InvalidParameterError(
            f"The game {type(game).__name__} has no check(start, moves) method: every solution must be replayed "
            "by an independent checker."
        )
    return check


def evaluate_environment(
    name: str,
    *,
    params: Mapping[str, Any] | None = None,
    instances: Mapping[str, Any] | None = None,
    seed: int = 0,
    methods: Sequence[str] | None = None,
    models: str | Path | None = None,
    learned: bool = True,
    max_expansions: int | None = 500,
    max_seconds: float | None = None,
    max_moves: int | None = 100,
    group_by: Sequence[str] | None = None,
    progress: bool = False,
) -> GameEvaluation:
    """Every solver of a registered game on its seeded instance set, every success replayed.

    Parameters
    ----------
    name : str
        A registered environment (short names resolve, see :func:`resolve_environment`).
    params : mapping, optional
        Parameters of the environment factory.
    instances : mapping, optional
        Keyword arguments of ``game.instances`` (besides ``seed``).
    seed : int
        Seed of the instance set and of the solvers' runs.
    methods, models, learned
        As :func:`game_methods`.
    max_expansions, max_seconds, max_moves
        The budget of every run (:func:`~conjectura.guide.evaluate_game`).
    group_by : sequence of str, optional
        Tags to summarise by (default: the tags the instance records share, except ``seed``).

    Returns
    -------
    GameEvaluation
    """
    full = resolve_environment(name)
    game = get_environment(full, **dict(params or {}))
    make = getattr(game, "instances", None)
    if not callable(make):
        raise InvalidParameterError(
            f"The environment {full!r} has no instances(seed=...) method to evaluate on."
        )
    try:
        recs = make(seed=seed, **dict(instances or {}))
    except TypeError as exc:
        raise InvalidParameterError(f"Bad instance parameters for {full!r}: {exc}.") from None
    table, notes = game_methods(game, models=models, methods=methods, learned=learned)
    if not table:
        raise InvalidParameterError(f"No solver of {full!r} is available (notes: {notes}).")
    if group_by is None:
        keys = [set(r) - {"state", "negative", "seed"} for r in recs if isinstance(r, Mapping)]
        group_by = sorted(set.intersection(*keys)) if keys else ()
        group_by = [k for k in ("length", "strands") if k in group_by] or list(group_by)
    ev = evaluate_game(
        game,
        recs,
        table,
        check=_check_fn(game),
        max_expansions=max_expansions,
        max_seconds=max_seconds,
        max_moves=max_moves,
        seed=seed,
        group_by=tuple(group_by),
        progress=progress,
    )
    ev.game = full
    ev.params.update(
        environment=full,
        environment_params=dict(params or {}),
        instances=dict(instances or {}),
        seed=seed,
        learned=notes,
    )
    return ev


@dataclass
class GameSolution:
    """What :func:`solve_environment` found: the solver's result and the checker's verdict."""

    game: str
    method: str
    result: SolveResult
    verdict: Any
    certificate: Any = None

    @property
    def solved(self) -> bool:
        return bool(self.result.solved and self.verdict is not None and self.verdict.holds)

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(
            {
                "game": self.game,
                "solved": self.solved,
                "method": self.method,
                "n_moves": self.result.n_moves,
                "moves": [list(m) if isinstance(m, tuple) else m for m in self.result.moves],
                "expansions": self.result.expansions,
                "seconds": self.result.seconds,
                "stop": self.result.stop,
                "verdict": None if self.verdict is None else self.verdict.reason,
            }
        )

    def table(self):
        from rich.table import Table

        t = Table(title=f"{self.game}: {self.method}")
        t.add_column("field")
        t.add_column("value")
        for k, v in self.to_dict().items():
            t.add_row(k, str(v))
        return t

    def witness_text(self) -> str | None:
        """The certificate (JSON) when solved and the game makes one, else the moves as JSON."""
        import json

        if not self.solved:
            return None
        if self.certificate is not None:
            return self.certificate.to_json()
        return json.dumps(
            {
                "game": self.game,
                "start": to_jsonable(self.result.start),
                "moves": to_jsonable(list(self.result.moves)),
            }
        )


def solve_environment(
    name: str,
    state: Any,
    *,
    params: Mapping[str, Any] | None = None,
    method: str = "greedy",
    models: str | Path | None = None,
    max_expansions: int = 2000,
    max_seconds: float | None = None,
    seed: int = 0,
) -> GameSolution:
    """Solve one start state of a registered game with one solver; the solution replayed.

    ``state`` is a state, or text read by ``game.parse_state``. A reported solution that the
    game's checker rejects gives a :class:`GameSolution` whose ``solved`` is False and whose
    verdict says why.
    """
    full = resolve_environment(name)
    game = get_environment(full, **dict(params or {}))
    if isinstance(state, str):
        parse = getattr(game, "parse_state", None)
        if not callable(parse):
            raise InvalidParameterError(f"The environment {full!r} has no parse_state(text) method.")
        state = parse(state)
    table, _ = game_methods(game, models=models, methods=[method])
    label = next(iter(table))
    res = table[label](game, state, max_expansions=max_expansions, max_seconds=max_seconds, seed=seed)
    verdict = _check_fn(game)(state, tuple(res.moves)) if res.solved else None
    cert = None
    if verdict is not None and verdict.holds and callable(getattr(game, "certificate", None)):
        cert = game.certificate(
            state,
            tuple(res.moves),
            provenance={"source": "conjectura guide solve", "method": label, "seed": seed},
        )
    return GameSolution(full, label, res, verdict, cert)
