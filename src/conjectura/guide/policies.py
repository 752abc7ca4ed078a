"""The solvers of :mod:`conjectura.guide` as registered policies, built for a game by name.

A policy entry is a factory ``factory(game, **options) -> solver``; a solver has the signature
of :mod:`conjectura.guide.baselines` (``solver(game, state, *, max_expansions, max_seconds,
seed) -> SolveResult``). Every policy works on any :class:`~conjectura.guide.MoveGame`; the
ones that need more of the game say so when it lacks it:

* ``random-walk``, ``bfs``: the four required methods only;
* ``greedy``, ``beam``, ``weighted-astar``: a ``cost(state)`` (or a ``heuristic`` option);
* ``ppo``: a trained :class:`~conjectura.guide.ppo.RowPolicy` checkpoint and the game's
  ``move_features(state, successors)``;
* ``cost-to-go-astar``: a trained cost-to-go checkpoint and the game's
  ``state_features(states)`` (and its ``lower_bound(states)`` when it has one).

>>> import conjectura as cj
>>> from conjectura.domains.braids import BraidState, UnknotGame
>>> game = UnknotGame(max_length=12)
>>> solve = cj.core.get_policy("beam", game, width=4)
>>> solve(game, BraidState((1, 2), 3), max_expansions=50, max_seconds=None, seed=0).solved
True
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conjectura.core.registry import register_policy
from conjectura.exceptions import InvalidParameterError

__all__ = [
    "random_walk_policy",
    "greedy_policy",
    "bfs_policy",
    "beam_policy",
    "weighted_astar_policy",
    "ppo_policy",
    "cost_to_go_policy",
]


def _needs(game: Any, method: str, policy: str) -> Callable:
    f = getattr(game, method, None)
    if not callable(f):
        raise InvalidParameterError(
            f"The policy {policy!r} needs the game's {method}() method; {type(game).__name__} has none."
        )
    return f


def _checkpoint(path: str | Path | None, policy: str) -> Path:
    if path is None or not Path(path).is_file():
        raise InvalidParameterError(
            f"The 'checkpoint' parameter of the policy {policy!r} must be a trained checkpoint file. "
            f"Got {None if path is None else str(path)!r} instead (train one first)."
        )
    return Path(path)


@register_policy("random-walk", description="uniformly random legal moves, restarting after walk_length")
def random_walk_policy(game: Any, walk_length: int = 200):
    """Random walker (:func:`~conjectura.guide.random_walk`)."""
    from conjectura.guide.baselines import random_walk

    return functools.partial(random_walk, walk_length=walk_length)


@register_policy("greedy", description="the legal move of least cost, never back to a visited state")
def greedy_policy(game: Any, heuristic: Callable | None = None):
    """Greedy descent on ``game.cost`` (:func:`~conjectura.guide.greedy`)."""
    from conjectura.guide.baselines import greedy

    if heuristic is None:
        _needs(game, "cost", "greedy")
        return greedy
    return functools.partial(greedy, heuristic=heuristic)


@register_policy("bfs", description="breadth-first search up to a depth")
def bfs_policy(game: Any, max_depth: int = 8):
    """Breadth-first search (:func:`~conjectura.guide.breadth_first`)."""
    from conjectura.guide.baselines import breadth_first

    return functools.partial(breadth_first, max_depth=max_depth)


@register_policy("beam", description="beam search on the game's cost")
def beam_policy(game: Any, width: int = 16, heuristic: Callable | None = None):
    """Beam search (:func:`~conjectura.guide.beam_search`)."""
    from conjectura.guide.baselines import beam_search

    if heuristic is None:
        _needs(game, "cost", "beam")
        return functools.partial(beam_search, width=width)
    return functools.partial(beam_search, width=width, heuristic=heuristic)


@register_policy("weighted-astar", description="batched weighted A* with h = scale * cost")
def weighted_astar_policy(
    game: Any,
    weight: float = 0.25,
    batch_size: int = 16,
    scale: float = 1.0,
    heuristic: Callable | None = None,
):
    """Batched weighted A* (:func:`~conjectura.guide.weighted_astar`) with ``h = scale * game.cost``
    unless a batched ``heuristic`` is given."""
    from conjectura.guide.best_first import weighted_astar
    from conjectura.guide.game import cost_heuristic

    if heuristic is None:
        _needs(game, "cost", "weighted-astar")
        heuristic = cost_heuristic(game, scale)
    return functools.partial(weighted_astar, heuristic=heuristic, weight=weight, batch_size=batch_size)


@register_policy("ppo", description="a PPO-trained row-wise policy over the legal moves (a checkpoint)")
def ppo_policy(
    game: Any, checkpoint: str | Path | None = None, walk_length: int = 200, name: str = "ppo policy"
):
    """The policy of a :func:`~conjectura.guide.train_ppo` checkpoint, followed by walks
    (:func:`~conjectura.guide.policy_solver`) with the game's ``move_features``."""
    features = _needs(game, "move_features", "ppo")
    path = _checkpoint(checkpoint, "ppo")
    from conjectura.guide.ppo import load_policy, policy_solver

    policy, _ = load_policy(path)
    return policy_solver(policy, features, walk_length=walk_length, name=name)


@register_policy(
    "cost-to-go-astar", description="batched weighted A* with a learned cost-to-go (DeepCubeA; a checkpoint)"
)
def cost_to_go_policy(
    game: Any,
    checkpoint: str | Path | None = None,
    weight: float = 0.25,
    batch_size: int = 16,
    name: str = "learned A*",
):
    """Weighted A* with the cost-to-go of a :func:`~conjectura.guide.train_cost_to_go`
    checkpoint (:func:`~conjectura.guide.cost_to_go_solver`), on the game's ``state_features``,
    floored by its ``lower_bound`` when it has one."""
    features = _needs(game, "state_features", "cost-to-go-astar")
    path = _checkpoint(checkpoint, "cost-to-go-astar")
    from conjectura.guide.cost_to_go import cost_to_go_solver, load_cost_to_go

    net, _ = load_cost_to_go(path)
    bound = getattr(game, "lower_bound", None)
    return cost_to_go_solver(
        net,
        features,
        lower_bound=bound if callable(bound) else None,
        weight=weight,
        batch_size=batch_size,
        name=name,
    )
