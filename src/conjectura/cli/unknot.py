"""``conjectura guide {train,eval,solve} unknot``: learned and classical solvers of the braid
unknotting game (Gukov, Halverson, Ruehle, Sułkowski, arXiv:2010.16263).

The Python API under the commands:

* :func:`train_unknot`: PPO on a row-wise policy over the legal moves
  (:func:`conjectura.guide.ppo.train_ppo`, reward minus the word length per step) and/or a
  DeepCubeA cost-to-go by approximate value iteration
  (:func:`conjectura.guide.cost_to_go.train_cost_to_go`), both resumable; checkpoints in the
  models directory (default ``$CONJECTURA_HOME/guide/unknot``).
* :func:`unknot_methods`: every solver as ``name -> solver``: random walker, greedy, BFS, beam,
  weighted A* with ``h = cost``, the PPO policy and weighted A* with the learned cost-to-go.
* :func:`evaluate_unknot`: all of them on a fixed seeded set of scrambled unknots (and scrambled
  knots as negative controls), every reported success replayed by the independent checker
  (:func:`conjectura.domains.braids.check_unknotting_moves`); a
  :class:`~conjectura.guide.GameEvaluation`.

The learned solvers are trained on unknots drawn with other seeds than the evaluation set (a
pool of scrambled words and their Garside normal forms, lengths up to ``max_length`` on the
given strand counts); :func:`evaluate_unknot` records how many evaluation words occur in the
training pool (0 expected).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import typer

from conjectura.cli.common import cli_errors, console, emit_json
from conjectura.cli.guide import eval_app, finish_solve, solve_app, train_app
from conjectura.core.jsonable import to_jsonable
from conjectura.core.validation import validate_choice, validate_int
from conjectura.exceptions import InvalidParameterError

__all__ = [
    "DEFAULT_LENGTHS",
    "DEFAULT_STRANDS",
    "UnknotTraining",
    "models_dir",
    "training_pool",
    "train_unknot",
    "unknot_methods",
    "evaluate_unknot",
    "solve_unknot",
]

DEFAULT_LENGTHS = (10, 20, 30, 40, 50, 60)
DEFAULT_STRANDS = (3, 4, 5)
#: Offset between the evaluation seed and the seed of the training pool (disjoint instance seeds).
TRAIN_SEED_OFFSET = 1_000_003
POOL_FILE, PPO_FILE, CTG_FILE = "pool.npz", "ppo.npz", "cost_to_go.npz"
#: Path-cost weight λ of both weighted A* solvers (h = cost and h = learned J): of 0.1, 0.25, 0.5
#: and 1, 0.25 solved the most validation unknots (normal forms, seed 777, 4-5 strands, 500
#: expansions) for each heuristic, so both use it; the evaluation set was not consulted.
ASTAR_WEIGHT = 0.25


def models_dir(path: str | Path | None = None) -> Path:
    """``path``, or ``$CONJECTURA_HOME/guide/unknot`` (created)."""
    if path is None:
        from conjectura.store.paths import home

        path = home() / "guide" / "unknot"
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _half_cost(states) -> np.ndarray:
    """Admissible lower bound on the moves to go: a move lowers ``len + strands - 1`` by at most 2."""
    return np.fromiter((0.5 * (len(s[0]) + s[1] - 1) for s in states), dtype=np.float32, count=len(states))


# -- the training pool -----------------------------------------------------------------------
def training_pool(
    models: str | Path | None = None,
    *,
    seed: int = 0,
    strands: Sequence[int] = DEFAULT_STRANDS,
    max_length: int = 60,
    per_cell: int = 4,
    held_out: bool = True,
    progress: bool = False,
) -> tuple[list, np.ndarray]:
    """Scrambled unknots and their normal forms for training, cached in ``models/pool.npz``.

    For every strand count ``n`` and every admissible scramble length ``L <= max_length``,
    ``per_cell`` unknots from :func:`~conjectura.domains.braids.unknot_instances` (seed
    ``seed + TRAIN_SEED_OFFSET``) in both forms, leaving out every word of the default
    evaluation sets (:func:`evaluation_words`): short normal forms are few, so without this a
    third of the evaluation words would also be training words (``held_out=False`` keeps them).

    Returns
    -------
    (states, depths)
        The braids and the scramble length each was made with (the curriculum's depth).
    """
    from conjectura.domains.braids import BraidState, admissible_length, unknot_instances
    from conjectura.guide.checkpoint import read_checkpoint, write_checkpoint

    strands = tuple(
        sorted({validate_int(n, "strands", "training_pool", min_value=2, max_value=64) for n in strands})
    )
    validate_int(max_length, "max_length", "training_pool", min_value=2, max_value=1000)
    validate_int(per_cell, "per_cell", "training_pool", min_value=1)
    params = {
        "seed": seed,
        "strands": list(strands),
        "max_length": max_length,
        "per_cell": per_cell,
        "excludes": "default evaluation sets" if held_out else None,
        "format": 2,
    }
    path = models_dir(models) / POOL_FILE
    if path.exists():
        arrays, header = read_checkpoint(path)
        if header.get("params") == params:
            ends = np.cumsum(arrays["lengths"])
            words = np.split(arrays["letters"].astype(int), ends[:-1]) if len(ends) else []
            states = [BraidState(tuple(int(x) for x in w), int(n)) for w, n in zip(words, arrays["strands"])]
            return states, arrays["depths"].astype(int)
    t0 = time.perf_counter()
    skip = evaluation_words() if held_out else set()
    excluded = 0
    lengths = sorted({admissible_length(L, n) for n in strands for L in range(1, max_length + 1)})
    states, depths = [], []
    cells = [(L, n) for n in strands for L in lengths if admissible_length(L, n) == L]
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=2 * len(cells), desc="training pool", unit="cell", leave=False)
    for nf in (False, True):
        for c, (L, n) in enumerate(cells):
            recs = unknot_instances([L], [n], per_cell, seed=seed + TRAIN_SEED_OFFSET + c, normal_form=nf)
            for r in recs:
                if (tuple(r["state"].word), int(r["state"].strands)) in skip:
                    excluded += 1
                elif len(r["state"].word):  # a normal form can be empty only for the trivial braid
                    states.append(r["state"])
                    depths.append(L)
            if bar is not None:
                bar.update(1)
    if bar is not None:
        bar.close()
    letters = np.fromiter((x for s in states for x in s.word), dtype=np.int8)
    write_checkpoint(
        path,
        {
            "letters": letters,
            "lengths": np.array([len(s.word) for s in states], dtype=np.int64),
            "strands": np.array([s.strands for s in states], dtype=np.int64),
            "depths": np.array(depths, dtype=np.int64),
        },
        {
            "kind": "conjectura-unknot-pool/1",
            "params": params,
            "excluded": excluded,
            "seconds": time.perf_counter() - t0,
        },
    )
    return states, np.asarray(depths, dtype=int)


def evaluation_words(seed: int = 0) -> set[tuple[tuple[int, ...], int]]:
    """``(word, strands)`` of every instance and control of the default evaluation sets of
    :func:`evaluate_unknot` (lengths 10..60, 3-5 strands, 10 per cell, both forms) for ``seed``."""
    from conjectura.domains.braids import negative_control_instances, unknot_instances

    out = set()
    for nf in (False, True):
        recs = unknot_instances(DEFAULT_LENGTHS, DEFAULT_STRANDS, 10, seed=seed, normal_form=nf)
        recs += negative_control_instances(DEFAULT_LENGTHS, DEFAULT_STRANDS, 1, seed=seed + 1, normal_form=nf)
        out |= {(tuple(r["state"].word), int(r["state"].strands)) for r in recs}
    return out


def _pool_header(models: Path) -> dict[str, Any]:
    from conjectura.guide.checkpoint import read_checkpoint

    return read_checkpoint(Path(models) / POOL_FILE)[1]


def _state_sampler(game, states, depths):
    """``sample_states(depth, count, rng)``: pool braids of scramble length <= depth, each moved by
    0-3 uniformly random legal moves of any kind, so that the states a search generates
    (conjugated, stabilised, rotated) are trained on, not only extrapolated to."""
    order = np.argsort(depths, kind="stable")
    sorted_depths = depths[order]

    def sample(depth: int, count: int, rng: np.random.Generator):
        k = max(int(np.searchsorted(sorted_depths, depth, side="right")), 1)
        out = []
        for i in order[rng.integers(0, k, size=count)]:
            s = states[int(i)]
            for _ in range(int(rng.integers(0, 4))):
                ms = game.legal_moves(s)
                if not ms:
                    break
                s = game.apply(s, ms[int(rng.integers(len(ms)))])
            out.append(s)
        return out

    return sample


# -- training --------------------------------------------------------------------------------
@dataclass
class UnknotTraining:
    """Results of :func:`train_unknot`: one entry per trained model, with its cost."""

    models: str
    pool: dict[str, Any]
    results: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable({"models": self.models, "pool": self.pool, "results": self.results})

    def table(self):
        from rich.table import Table

        t = Table(title=f"unknot training ({self.models})")
        for c in ("model", "updates", "seconds", "last", "checkpoint"):
            t.add_column(c)
        for name, r in self.results.items():
            h = r["history"][-1] if r["history"] else {}
            if name == "ppo":
                updates = f"{len(r['history'])} iterations"
                last = f"solved {h.get('solved', 0):.2f}, return {h.get('mean_return', 0):.0f}, length {h.get('mean_length', 0):.0f}"
            else:
                updates = f"{r['steps_done']} steps, {len(r['refreshes'])} target refreshes"
                last = f"loss {h.get('loss', 0):.2f}, depth {h.get('depth', 0)}, mean target {h.get('mean_target', 0):.1f}"
            t.add_row(name, updates, f"{r['seconds']:.0f}", last, str(r["checkpoint"]))
        return t


def _unknot_game(max_length: int):
    from conjectura.domains.braids import UnknotGame

    return UnknotGame(max_length=min(int(max_length), 1000))


def train_unknot(
    *,
    method: str = "both",
    models: str | Path | None = None,
    seed: int = 0,
    strands: Sequence[int] = DEFAULT_STRANDS,
    max_length: int = 60,
    per_cell: int = 4,
    ppo=None,
    cost_to_go=None,
    episode_steps: int = 100,
    resume: bool = False,
    progress: bool = True,
) -> UnknotTraining:
    r"""Train the learned unknotting solvers on a pool of scrambled unknots.

    Parameters
    ----------
    method : {"both", "ppo", "cost-to-go"}
    models : path, optional
        Directory of the pool and the checkpoints (default :func:`models_dir`).
    seed : int
        Seed of the pool and of both trainings.
    strands, max_length, per_cell
        The pool (:func:`training_pool`).
    ppo : PPOConfig, optional
        Default: 100 iterations of 8 episodes, learning rate 1e-3, rewards scaled by 0.01. The reward is minus the
        word's length plus strands after each move (Gukov et al.), shaped by the potential
        :math:`\Phi = -\mathrm{cost}/(1-\gamma)` (Ng et al. 1999: no optimal policy changes),
        so a move's shaped reward is its decrease of the cost over :math:`1 - \gamma`.
    cost_to_go : CostToGoConfig, optional
        Default: 1500 steps of 128 states, curriculum over scramble lengths 4..``max_length``.
    episode_steps : int
        PPO episode cap.
    resume : bool
        Continue from the checkpoints in ``models``.
    progress : bool
        Progress bars on stderr.

    Returns
    -------
    UnknotTraining
    """
    from conjectura.domains.braids import unknot_move_features, unknot_state_features
    from conjectura.domains.braids.features import MOVE_FEATURES
    from conjectura.guide.cost_to_go import CostToGoConfig, train_cost_to_go
    from conjectura.guide.env import MoveGameEnv
    from conjectura.guide.ppo import PPOConfig, train_ppo

    validate_choice(method, "method", "train_unknot", ("both", "ppo", "cost-to-go"))
    validate_int(seed, "seed", "train_unknot", min_value=0)
    validate_int(episode_steps, "episode_steps", "train_unknot", min_value=1)
    mdir = models_dir(models)
    t0 = time.perf_counter()
    states, depths = training_pool(
        mdir, seed=seed, strands=strands, max_length=max_length, per_cell=per_cell, progress=progress
    )
    pool_info = {
        "size": len(states),
        "strands": sorted({int(s.strands) for s in states}),
        "max_length": max_length,
        "longest_word": max(len(s.word) for s in states),
        "evaluation_words_left_out": _pool_header(mdir)["excluded"],
        "seconds": time.perf_counter() - t0,
    }
    game = _unknot_game(pool_info["longest_word"] + 4)
    out = UnknotTraining(str(mdir), pool_info)
    extra = {"pool": pool_info, "game_max_length": game.max_length, "seed": seed}
    if method in ("both", "ppo"):
        cfg = ppo or PPOConfig(iterations=100, episodes=8, lr=1e-3, reward_scale=0.01, seed=seed)
        env = MoveGameEnv(
            game,
            lambda rng: states[int(rng.integers(len(states)))],
            unknot_move_features,
            len(MOVE_FEATURES),
            reward="cost",
            max_steps=episode_steps,
            # shaping by Φ = -cost/(1-γ): the reward of a move becomes its progress (same optimum)
            potential=lambda s: -game.cost(s) / (1.0 - cfg.gamma),
            gamma=cfg.gamma,
        )
        res = train_ppo(
            env,
            cfg,
            checkpoint=mdir / PPO_FILE,
            resume=resume,
            progress=progress,
            extra={**extra, "episode_steps": episode_steps},
        )
        out.results["ppo"] = res.to_dict()
    if method in ("both", "cost-to-go"):
        cfg = cost_to_go or CostToGoConfig(
            steps=1500, batch=128, start_depth=min(4, max_length), max_depth=max_length, seed=seed
        )
        res = train_cost_to_go(
            game,
            _state_sampler(game, states, depths),
            unknot_state_features,
            cfg,
            lower_bound=_half_cost,
            checkpoint=mdir / CTG_FILE,
            resume=resume,
            progress=progress,
            extra=extra,
        )
        out.results["cost_to_go"] = res.to_dict()
    return out


# -- evaluation ------------------------------------------------------------------------------
def unknot_methods(
    game,
    *,
    models: str | Path | None = None,
    learned: bool = True,
    methods: Sequence[str] | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Every solver of the unknotting game, built by name through the policy registry, and
    facts about the learned ones.

    The solvers are those the game declares (:data:`conjectura.domains.braids.game.SOLVERS`):
    random walker, greedy, BFS to depth 8, beam of width 16, weighted A* with ``h = cost``, the
    PPO policy and weighted A* with the learned cost-to-go; both weighted A* use batches of 16
    and the path-cost weight :data:`ASTAR_WEIGHT`, the walks restart after 200 moves.

    Returns
    -------
    (methods, notes)
        ``methods``: ``name -> solver`` (the learned ones when their checkpoints exist in
        ``models``); ``notes``: for each learned model its checkpoint, training time and
        updates, or why it is missing.
    """
    from conjectura.guide.environments import game_methods

    table, notes = game_methods(game, models=models_dir(models), methods=methods, learned=learned)
    for k, v in notes.items():
        if isinstance(v, str):
            notes[k] = f"{v} (run `conjectura guide train unknot`)"
    return table, notes


def evaluate_unknot(
    lengths: Sequence[int] = DEFAULT_LENGTHS,
    strands: Sequence[int] = DEFAULT_STRANDS,
    per_cell: int = 10,
    *,
    seed: int = 0,
    normal_form: bool = True,
    negatives: int = 1,
    max_expansions: int | None = 500,
    max_seconds: float | None = None,
    max_moves: int | None = 100,
    models: str | Path | None = None,
    methods: Sequence[str] | None = None,
    learned: bool = True,
    report: str | Path | None = None,
    progress: bool = False,
):
    """Every solver on a fixed seeded set of scrambled unknots, every success replayed.

    Parameters
    ----------
    lengths, strands : sequence of int
        The grid of :func:`~conjectura.domains.braids.unknot_instances` (the scramble length;
        in normal form the word's length is what the normal form has, recorded per instance).
    per_cell : int
        Unknots per cell.
    seed : int
        Seed of the instance set (controls use ``seed + 1``).
    normal_form : bool
        Evaluate on the Garside normal forms of the scrambled words (the harder family: every
        visible cancellation is gone) rather than on the scrambled words themselves.
    negatives : int
        Scrambled non-trivial knots per cell (never solvable; a "solution" raises).
    max_expansions, max_seconds, max_moves
        The budget of every run; a solution longer than ``max_moves`` (default 100) counts as
        not solved (``None``: no move budget).
    models : path, optional
        Where the learned solvers' checkpoints are.
    methods : sequence of str, optional
        A subset of the solvers of :func:`unknot_methods`, by label or policy name (unknown
        names suggest close ones).
    learned : bool
        Include the learned solvers (when trained).
    report : path, optional
        Directory for an HTML report with the plot of solved fraction against length (its path
        is recorded in ``params["report"]``).
    progress : bool

    Returns
    -------
    GameEvaluation
        ``params`` also holds the instance family, the learned models' training facts and the
        number of evaluation words found in the training pool.
    """
    from conjectura.guide import evaluate_game

    lengths = [validate_int(L, "length", "evaluate_unknot", min_value=1, max_value=1000) for L in lengths]
    strands = [validate_int(n, "strands", "evaluate_unknot", min_value=2, max_value=64) for n in strands]
    validate_int(per_cell, "per_cell", "evaluate_unknot", min_value=1)
    validate_int(negatives, "negatives", "evaluate_unknot", min_value=0)
    if not lengths or not strands:
        raise InvalidParameterError("evaluate_unknot needs at least one length and one strand count.")
    recs = _unknot_game(1000).instances(
        lengths, strands, per_cell, seed=seed, normal_form=normal_form, negatives=negatives
    )
    inst = [r for r in recs if not r["negative"]]
    neg = [r for r in recs if r["negative"]]
    longest = max(r["word_length"] for r in inst + neg)
    game = _unknot_game(longest + 4)
    table, notes = unknot_methods(game, models=models, learned=learned, methods=methods)
    overlap = None
    pool_path = models_dir(models) / POOL_FILE
    if learned and pool_path.exists():
        from conjectura.guide.checkpoint import read_checkpoint

        arrays, _ = read_checkpoint(pool_path)
        ends = np.cumsum(arrays["lengths"])
        pool_words = {
            (tuple(int(x) for x in w), int(n))
            for w, n in zip(np.split(arrays["letters"].astype(int), ends[:-1]), arrays["strands"])
        }
        for r in inst + neg:  # a tag of each record: the summaries can leave these out
            r["in_training_pool"] = (tuple(r["state"].word), int(r["state"].strands)) in pool_words
        overlap = sum(r["in_training_pool"] for r in inst + neg)
    ev = evaluate_game(
        game,
        inst + neg,
        table,
        check=game.check,
        max_expansions=max_expansions,
        max_seconds=max_seconds,
        max_moves=max_moves,
        seed=seed,
        progress=progress,
    )
    ev.params.update(
        family="Garside normal forms of scrambled unknots" if normal_form else "scrambled unknots",
        normal_form=normal_form,
        lengths=lengths,
        strands=strands,
        per_cell=per_cell,
        seed=seed,
        negatives=len(neg),
        learned=notes,
        eval_words_in_training_pool=overlap,
        word_lengths={
            f"{n}/{L}": sorted(r["word_length"] for r in inst if r["strands"] == n and r["length"] == L)
            for n in strands
            for L in lengths
        },
        report=None,
    )
    if report is not None:
        path = ev.report(report, title=f"Braid unknotting: {ev.params['family']}", notes=_notes(ev))
        ev.params["report"] = str(path)
    return ev


def solve_unknot(
    word: str,
    strands: int | None = None,
    *,
    method: str = "learned A*",
    max_expansions: int = 2000,
    models: str | Path | None = None,
    seed: int = 0,
):
    """Solve one braid with one method; when solved, the replayed certificate.

    Parameters
    ----------
    word : str
        The braid word (``"1 -2 1"``, ``"s1 s2^-1 s1"``).
    strands : int, optional
        Default: the largest generator plus one.
    method : str
        A solver of :func:`unknot_methods`, by label (``"beam (16)"``) or policy name
        (``"beam"``); unknown names suggest close ones.

    Returns
    -------
    GameSolution
        ``result`` (the solver's), ``verdict`` (the independent checker's, when a solution was
        reported) and ``certificate`` (a ``conjectura-certificate/1`` of the claim
        ``braids/unknotting`` that ``conjectura verify`` re-checks); ``to_dict()`` is the
        ``--json`` document.
    """
    from conjectura.domains.braids import parse_braid_word
    from conjectura.guide.environments import GameSolution

    state = parse_braid_word(word, strands, allow_empty=False, owner="guide solve unknot")
    validate_int(max_expansions, "max_expansions", "solve_unknot", min_value=1)
    game = _unknot_game(len(state.word) + 8)
    table, _ = unknot_methods(game, models=models, methods=[method])
    label = next(iter(table))
    res = table[label](game, state, max_expansions=max_expansions, max_seconds=None, seed=seed)
    verdict = game.check(state, res.moves) if res.solved else None
    cert = None
    if verdict is not None and verdict.holds:
        cert = game.certificate(
            state,
            res.moves,
            provenance={"source": "conjectura guide solve unknot", "method": label, "seed": seed},
        )
    return GameSolution(game.name, label, res, verdict, cert)


# -- commands --------------------------------------------------------------------------------
def _ints(text: str, option: str, lo: int, hi: int) -> list[int]:
    try:
        vals = [int(t) for t in text.replace(" ", "").split(",") if t]
    except ValueError:
        vals = []
    if not vals or min(vals) < lo or max(vals) > hi:
        raise InvalidParameterError(
            f"The '{option}' option must be comma-separated integers in [{lo}, {hi}]. Got {text!r} instead."
        )
    return vals


@cli_errors
def train_cmd(
    method: str = typer.Option("both", "--method", help="both, ppo or cost-to-go."),
    models: Path | None = typer.Option(None, "--models", help="Directory of the pool and checkpoints."),
    seed: int = typer.Option(0, "--seed", help="Seed of the training pool and of both trainings."),
    strands: str = typer.Option("3,4,5", "--strands", help="Strand counts of the training pool."),
    max_length: int = typer.Option(60, "--max-length", help="Longest scramble length in the pool."),
    iterations: int = typer.Option(100, "--iterations", help="PPO iterations."),
    episodes: int = typer.Option(8, "--episodes", help="PPO episodes per iteration."),
    episode_steps: int = typer.Option(100, "--episode-steps", help="PPO episode cap (moves)."),
    steps: int = typer.Option(1500, "--steps", help="Value-iteration steps (128 states each)."),
    resume: bool = typer.Option(False, "--resume", help="Continue from the checkpoints in --models."),
    as_json: bool = typer.Option(
        False, "--json", help="Print {models, pool, results: {ppo, cost_to_go}} as JSON."
    ),
) -> None:
    """Train the PPO policy and/or the DeepCubeA cost-to-go for braid unknotting (Ctrl-C keeps
    the last checkpoint; --resume continues it)."""
    from conjectura.guide.cost_to_go import CostToGoConfig
    from conjectura.guide.ppo import PPOConfig

    validate_int(seed, "--seed", "guide train unknot", min_value=0)
    out = train_unknot(
        method=method,
        models=models,
        seed=seed,
        strands=_ints(strands, "--strands", 2, 64),
        max_length=validate_int(
            max_length, "--max-length", "guide train unknot", min_value=2, max_value=1000
        ),
        ppo=PPOConfig(iterations=iterations, episodes=episodes, lr=1e-3, reward_scale=0.01, seed=seed),
        cost_to_go=CostToGoConfig(
            steps=steps, batch=128, start_depth=min(4, max_length), max_depth=max_length, seed=seed
        ),
        episode_steps=episode_steps,
        resume=resume,
        progress=True,  # on stderr, so --json output stays clean
    )
    if as_json:
        emit_json(out.to_dict())
    else:
        console.print(out.table())


@cli_errors
def eval_cmd(
    length: str = typer.Option("10,20,30,40,50,60", "--length", help="Scramble lengths (comma-separated)."),
    strands: str = typer.Option("3,4,5", "--strands", help="Strand counts (comma-separated)."),
    per_cell: int = typer.Option(10, "--per-cell", help="Unknots per (length, strands) cell."),
    seed: int = typer.Option(0, "--seed", help="Seed of the instance set."),
    normal_form: bool = typer.Option(
        True, "--normal-form/--scrambled", help="Garside normal forms (default) or the scrambled words."
    ),
    expansions: int = typer.Option(500, "--expansions", help="Expansion budget of every run."),
    max_moves: int = typer.Option(
        100, "--max-moves", help="Move budget: longer solutions count as not solved."
    ),
    models: Path | None = typer.Option(
        None, "--models", help="Directory of the learned solvers' checkpoints."
    ),
    method: list[str] | None = typer.Option(None, "--method", "-m", help="Only these methods (repeatable)."),
    report: Path | None = typer.Option(None, "--report", help="Directory for report.html and the plot."),
    as_json: bool = typer.Option(
        False, "--json", help="Print the evaluation (summary, controls, records) as JSON."
    ),
) -> None:
    """Fraction of unknots solved, mean solution length and median time per method, length and strand count.

    Every success is replayed by the independent checker; negative controls are shown apart."""
    ev = evaluate_unknot(
        _ints(length, "--length", 1, 1000),
        _ints(strands, "--strands", 2, 64),
        validate_int(per_cell, "--per-cell", "guide eval unknot", min_value=1, max_value=10_000),
        seed=validate_int(seed, "--seed", "guide eval unknot", min_value=0),
        normal_form=normal_form,
        max_expansions=validate_int(expansions, "--expansions", "guide eval unknot", min_value=1),
        max_moves=validate_int(max_moves, "--max-moves", "guide eval unknot", min_value=1),
        models=models,
        methods=method or None,
        report=report,
        progress=True,  # on stderr, so --json output stays clean
    )
    path = ev.params["report"]
    if as_json:
        emit_json(ev.to_dict())
        return
    console.print(ev.table())
    if ev.params["negatives"]:
        console.print(ev.table(negative=True))
    for line in _notes(ev).split("\n\n"):
        console.print(line, highlight=False, soft_wrap=True, markup=False)
    if path is not None:
        console.print(f"report: {path}", highlight=False, markup=False)


def _notes(ev) -> str:
    p = ev.params
    lines = [
        f"Instances: {p['family']}, scramble lengths {p['lengths']} on {p['strands']} strands, {p['per_cell']} per "
        f"cell, seed {p['seed']}; budget {p['budget']}. Every reported solution was replayed by the independent "
        f"checker; negative controls solved: {ev.negatives_solved()} of {p['negatives']} controls x {len(ev.methods)} methods.",
    ]
    if p.get("eval_words_in_training_pool") is not None:
        lines.append(f"Evaluation words found in the training pool: {p['eval_words_in_training_pool']}.")
    for name, note in p.get("learned", {}).items():
        if isinstance(note, str):
            lines.append(f"{name}: {note}.")
        else:
            lines.append(
                f"{name}: {', '.join(f'{k} {v:.0f}' if isinstance(v, float) else f'{k} {v}' for k, v in note.items())}."
            )
    return "\n\n".join(lines)


@cli_errors
def solve_cmd(
    word: str = typer.Argument(..., help="Braid word, e.g. '1 -2 1 2' or 's1 s2^-1 s1'."),
    strands: int | None = typer.Option(
        None, "--strands", "-n", help="Strand count (default: largest generator + 1)."
    ),
    method: str = typer.Option(
        "learned A*", "--method", "-m", help="A method of `guide eval unknot` (e.g. 'beam (16)')."
    ),
    expansions: int = typer.Option(2000, "--expansions", help="Expansion budget."),
    models: Path | None = typer.Option(
        None, "--models", help="Directory of the learned solvers' checkpoints."
    ),
    seed: int = typer.Option(0, "--seed"),
    store_url: str | None = typer.Option(None, "--store", help="Store URL (default: the conjectura home)."),
    no_store: bool = typer.Option(False, "--no-store", help="Do not record the certificate in the store."),
    out: Path | None = typer.Option(
        None,
        "--out",
        help="Write the certificate here (conjectura-certificate/1; `conjectura verify` re-checks it).",
    ),
    as_json: bool = typer.Option(
        False,
        "--json",
        help="Print {game, solved, method, moves, expansions, seconds, stop, verdict, out} as JSON.",
    ),
) -> None:
    """Reduce one braid to the empty word on one strand; exit 0 with a replayed certificate,
    1 if not found within the budget (never a proof of knottedness)."""
    sol = solve_unknot(
        word,
        strands,
        method=method,
        max_expansions=validate_int(expansions, "--expansions", "guide solve unknot", min_value=1),
        models=models,
        seed=validate_int(seed, "--seed", "guide solve unknot", min_value=0),
    )
    finish_solve(sol, out, as_json, expansions, store=not no_store, store_url=store_url)


train_app.command("unknot")(train_cmd)
eval_app.command("unknot")(eval_cmd)
solve_app.command("unknot")(solve_cmd)


def register(app: typer.Typer) -> None:
    """The commands are attached to the ``guide`` group at import; nothing else to add."""
