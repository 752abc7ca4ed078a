r"""Batched weighted A* (best-first search) with any heuristic on batches of states.

DeepCubeA's search (Agostinelli et al. 2019): nodes are ordered by

.. math::

    f(x) = \lambda\, g(x) + h(x),

with :math:`g` the cost of the path from the start (its number of moves, or the sum of
``game.step_cost(state, move, next_state)`` when the game defines it, e.g. the polynomial
additions of a Buchberger step), :math:`h` a heuristic estimate of the moves
to go and :math:`\lambda \in [0, 1]` the path-cost weight; each iteration pops the ``batch_size``
nodes of least :math:`f`, expands them all, and scores all their new children in **one** call
of the heuristic (one forward pass of a network). With :math:`\lambda = 1`, ``batch_size = 1`` and
an admissible :math:`h` this is A* (a shortest solution); with :math:`h = 0` it is uniform-cost
search; with :math:`\lambda = 0` greedy best-first search.

References
----------
F. Agostinelli, S. McAleer, A. Shmakov, P. Baldi, "Solving the Rubik's cube with deep
reinforcement learning and search", Nature Machine Intelligence 1 (2019) 356-363,
doi:10.1038/s42256-019-0070-z. P. E. Hart, N. J. Nilsson, B. Raphael, "A formal basis for the
heuristic determination of minimum cost paths", IEEE Trans. SSC 4 (1968) 100-107,
doi:10.1109/TSSC.1968.300136. I. Pohl, "Heuristic search viewed as path finding in a graph",
Artificial Intelligence 1 (1970) 193-204 (weighted A*).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from conjectura.core.seeding import SeedLike, as_generator
from conjectura.core.validation import validate_float, validate_int
from conjectura.guide.game import MoveGame, SolveResult, _Clock, successors, zero_heuristic

__all__ = ["weighted_astar"]


def weighted_astar(
    game: MoveGame,
    start: Any,
    heuristic: Callable[[Sequence[Any]], Any] | None = None,
    *,
    weight: float = 1.0,
    batch_size: int = 1,
    max_expansions: int | None = 10_000,
    max_seconds: float | None = None,
    seed: SeedLike = None,
) -> SolveResult:
    r"""Batched weighted A*: pop ``batch_size`` nodes of least :math:`\lambda g + h`, expand them
    together, score their children in one heuristic call.

    Parameters
    ----------
    game, start
        The game and the start state.
    heuristic : callable, optional
        ``states -> estimates`` (array-like of floats, one per state) on a list of states; the
        default is 0 (uniform-cost search). A learned cost-to-go network goes here.
    weight : float
        :math:`\lambda` in ``[0, 1]``, the weight of the path cost. Path costs are move counts,
        or sums of the game's optional ``step_cost(state, move, next_state)`` (non-negative).
    batch_size : int
        Nodes expanded per iteration (DeepCubeA uses thousands on a GPU).
    max_expansions, max_seconds
        Budgets (every popped node counts as one expansion).
    seed : int, Generator or None
        Ties of :math:`f` go to the smaller :math:`h` (the node nearer the goal), remaining ties
        are broken at random.

    Returns
    -------
    SolveResult
        ``info`` has ``iterations``, ``heuristic_calls`` and ``path_cost`` (of the final state). The goal test is made when a node
        is popped, so with :math:`\lambda = 1` and an admissible heuristic (0 at goals) the solution is a
        shortest one (for any batch size: the popped goal has the least :math:`f` in the queue).

    Examples
    --------
    >>> class Line:
    ...     def legal_moves(self, s): return [-1, 1, 2]
    ...     def apply(self, s, m): return s + m
    ...     def is_solved(self, s): return s == 5
    ...     def key(self, s): return s
    >>> len(weighted_astar(Line(), 0).moves)
    3
    """
    validate_float(weight, "weight", "weighted_astar", min_value=0.0, max_value=1.0)
    validate_int(batch_size, "batch_size", "weighted_astar", min_value=1)
    clock = _Clock("weighted_astar", max_expansions, max_seconds)
    rng = as_generator(seed)
    h = heuristic if heuristic is not None else zero_heuristic
    step_cost = getattr(game, "step_cost", None)
    label = "0" if heuristic is None else "h"
    name = f"astar(weight={weight:g}, batch={batch_size}, heuristic={label})"

    states, parents, moves, g = [start], [-1], [None], [0]
    best_g = {game.key(start): 0}
    h0 = float(np.asarray(h([start]), dtype=float)[0])
    heap = [(h0, h0, rng.random(), 0)]  # (f, h, random tie-break, node): ties go to smaller h
    iterations = calls = 1

    def done(stop: str, solved: bool, i: int) -> SolveResult:
        path: tuple = ()
        if solved:
            out, j = [], i
            while parents[j] >= 0:
                out.append(moves[j])
                j = parents[j]
            path = tuple(reversed(out))
        return clock.result(
            name,
            solved,
            path,
            start,
            states[i],
            stop,
            iterations=iterations,
            heuristic_calls=calls,
            path_cost=g[i],
        )

    last = 0
    while heap:
        stop = clock.spent()
        if stop:
            return done(stop, False, last)
        batch = []
        room = batch_size
        if max_expansions is not None:  # never expand past the budget, even mid-batch
            room = min(room, max_expansions - clock.expansions)
        while heap and len(batch) < room:
            i = heapq.heappop(heap)[3]
            if g[i] > best_g[game.key(states[i])]:
                continue  # a stale entry: the state was reached again by a shorter path
            if game.is_solved(states[i]):
                return done("solved", True, i)
            batch.append(i)
        if not batch:
            break
        iterations += 1
        children: list[int] = []
        for i in batch:
            last = i
            succ = successors(game, states[i])
            clock.expansions += 1
            clock.generated += len(succ)
            for m, s in succ:
                k = game.key(s)
                gs = g[i] + (1 if step_cost is None else float(step_cost(states[i], m, s)))
                if gs >= best_g.get(k, gs + 1):
                    continue
                best_g[k] = gs
                states.append(s)
                parents.append(i)
                moves.append(m)
                g.append(gs)
                children.append(len(states) - 1)
        if children:
            hs = np.asarray(h([states[j] for j in children]), dtype=float)
            calls += 1
            ties = rng.random(len(children))
            for j, hj, t in zip(children, hs, ties):
                heapq.heappush(heap, (weight * g[j] + float(hj), float(hj), float(t), j))
    return done("exhausted", False, last)
