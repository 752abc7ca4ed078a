"""Guide: solvers for move games whose solutions are replayable certificates.

A move game (:class:`MoveGame`: legal moves with preconditions, apply, goal test, canonical key)
is solved by a move sequence, which the game's independent checker replays. This package is
generic: the games live in their domains (e.g. :class:`conjectura.domains.braids.UnknotGame`).

* :func:`random_walk`, :func:`greedy`, :func:`breadth_first`, :func:`beam_search`: classical
  baselines.
* :func:`weighted_astar`: batched weighted A* with any heuristic on batches of states
  (DeepCubeA's search, for a learned cost-to-go).
* :func:`evaluate_game`: every method on a fixed seeded instance set, every success replayed,
  a :class:`GameEvaluation` with ``.to_dict()``, ``.table()`` and ``.plot()``.
"""

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
]
