"""Guide: solvers for move games whose solutions are replayable certificates.

A move game (:class:`MoveGame`: legal moves with preconditions, apply, goal test, canonical key)
is solved by a move sequence, which the game's independent checker replays. This package is
generic: the games live in their domains (e.g. :class:`conjectura.domains.braids.UnknotGame`).

* :func:`random_walk`, :func:`greedy`, :func:`breadth_first`, :func:`beam_search`: classical
  baselines.
* :func:`weighted_astar`: batched weighted A* with any heuristic on batches of states
  (DeepCubeA's search, for a learned cost-to-go).
* :func:`evaluate_game`: every method on a fixed seeded instance set, every success replayed,
  a :class:`GameEvaluation` with ``.to_dict()``, ``.table()``, ``.plot()`` and ``.report()``.

Learning (imported on first use: gymnasium and torch load only then):

* :class:`MoveGameEnv`: a move game as a gymnasium environment observed through one feature
  row per legal move (any number of moves).
* :func:`train_ppo`, :class:`PPOConfig`, :class:`RowPolicy`, :func:`policy_solver`,
  :func:`load_policy`, :func:`gae`: PPO with a row-wise softmax policy, and the policy as a
  solver.
* :func:`train_cost_to_go`, :class:`CostToGoConfig`, :func:`cost_to_go_solver`,
  :func:`cost_to_go_heuristic`, :func:`load_cost_to_go`, :func:`bellman_targets`: DeepCubeA's
  approximate value iteration and weighted A* with the learned cost-to-go.
* :func:`write_checkpoint`, :func:`read_checkpoint`: checkpoints as arrays plus a JSON header.
"""

from importlib import import_module
from typing import Any

from conjectura.guide.baselines import beam_search, breadth_first, greedy, random_walk
from conjectura.guide.best_first import weighted_astar
from conjectura.guide.evaluate import GameEvaluation, Instance, evaluate_game
from conjectura.guide.game import (
    MoveGame,
    SolveResult,
    batched_cost,
    cost_heuristic,
    replay_moves,
    successors,
    zero_heuristic,
)

__all__ = [
    "MoveGame",
    "SolveResult",
    "successors",
    "replay_moves",
    "batched_cost",
    "cost_heuristic",
    "zero_heuristic",
    "random_walk",
    "greedy",
    "breadth_first",
    "beam_search",
    "weighted_astar",
    "Instance",
    "GameEvaluation",
    "evaluate_game",
    "MoveGameEnv",
    "PPOConfig",
    "RowPolicy",
    "PPOResult",
    "gae",
    "train_ppo",
    "load_policy",
    "policy_solver",
    "CostToGoConfig",
    "CostToGoNet",
    "CostToGoResult",
    "bellman_targets",
    "train_cost_to_go",
    "load_cost_to_go",
    "cost_to_go_heuristic",
    "cost_to_go_solver",
    "write_checkpoint",
    "read_checkpoint",
]

_LAZY = {
    "MoveGameEnv": "conjectura.guide.env",
    **dict.fromkeys(
        ("PPOConfig", "RowPolicy", "PPOResult", "gae", "train_ppo", "load_policy", "policy_solver"),
        "conjectura.guide.ppo",
    ),
    **dict.fromkeys(
        (
            "CostToGoConfig",
            "CostToGoNet",
            "CostToGoResult",
            "bellman_targets",
            "train_cost_to_go",
            "load_cost_to_go",
            "cost_to_go_heuristic",
            "cost_to_go_solver",
        ),
        "conjectura.guide.cost_to_go",
    ),
    "write_checkpoint": "conjectura.guide.checkpoint",
    "read_checkpoint": "conjectura.guide.checkpoint",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'conjectura.guide' has no attribute {name!r}")
