"""Classical solvers for any move game: random walks, greedy descent, breadth-first and beam search.

Each solver takes a game (:class:`~conjectura.guide.game.MoveGame`), a start state and budgets
(``max_expansions``: states whose moves are enumerated; ``max_seconds``: wall clock), is seeded
where it draws random numbers, and returns a :class:`~conjectura.guide.game.SolveResult` whose
``moves`` replay from the start to a solved state when ``solved`` is true.

References
----------
S. Gukov, J. Halverson, F. Ruehle, P. Sułkowski, "Learning to unknot" (2021), arXiv:2010.16263
(random walkers as the baseline of the braid game). S. Russell, P. Norvig, *Artificial
Intelligence: A Modern Approach*, 4th ed. (2020), Ch. 3-4 (breadth-first, beam search, greedy
local search).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from conjectura.core.seeding import SeedLike, as_generator
from conjectura.core.validation import validate_int
from conjectura.guide.game import MoveGame, SolveResult, _Clock, batched_cost, successors

__all__ = ["random_walk", "greedy", "breadth_first", "beam_search"]

Heuristic = Callable[[Sequence[Any]], Any]


def _path(parents: list[int], moves: list[Any], i: int) -> tuple:
    out = []
    while parents[i] >= 0:
        out.append(moves[i])
        i = parents[i]
    return tuple(reversed(out))


def random_walk(
    game: MoveGame,
    start: Any,
    *,
    walk_length: int = 100,
    max_expansions: int | None = 10_000,
    max_seconds: float | None = None,
    seed: SeedLike = None,
) -> SolveResult:
    """Uniformly random legal moves, restarting from ``start`` every ``walk_length`` moves.

    Parameters
    ----------
    game, start
        The game and the start state.
    walk_length : int
        Moves per walk before restarting.
    max_expansions, max_seconds
        Budgets (one expansion per move drawn).
    seed : int, Generator or None

    Returns
    -------
    SolveResult
        ``moves`` is the walk that reached the goal (it may wander: not a shortest solution).

    Examples
    --------
    >>> class Line:  # walk from 0 to 3 on the integers
    ...     def legal_moves(self, s): return [-1, 1]
    ...     def apply(self, s, m): return s + m
    ...     def is_solved(self, s): return s == 3
    ...     def key(self, s): return s
    >>> r = random_walk(Line(), 0, seed=0)
    >>> r.solved, sum(r.moves)
    (True, 3)
    """
    validate_int(walk_length, "walk_length", "random_walk", min_value=1)
    clock = _Clock("random_walk", max_expansions, max_seconds)
    rng = as_generator(seed)
    name = f"random_walk(walk_length={walk_length})"
    state, walks = start, 0
    if game.is_solved(start):
        return clock.result(name, True, (), start, start, "solved", walks=0)
    while True:
        state, path, walks = start, [], walks + 1
        for _ in range(walk_length):
            stop = clock.spent()
            if stop:
                return clock.result(name, False, (), start, state, stop, walks=walks)
            moves = game.legal_moves(state)
            clock.expansions += 1
            if not len(moves):
                break
            m = moves[int(rng.integers(len(moves)))]
            state = game.apply(state, m)
            clock.generated += 1
            path.append(m)
            if game.is_solved(state):
                return clock.result(name, True, tuple(path), start, state, "solved", walks=walks)


def _argmin_random(values: np.ndarray, rng: np.random.Generator) -> int:
    best = np.flatnonzero(values == values.min())
    return int(best[rng.integers(len(best))]) if len(best) > 1 else int(best[0])


def greedy(
    game: MoveGame,
    start: Any,
    *,
    heuristic: Heuristic | None = None,
    max_expansions: int | None = 10_000,
    max_seconds: float | None = None,
    seed: SeedLike = None,
) -> SolveResult:
    """Greedy descent: move to the unvisited successor of least cost (ties broken at random).

    The walk never revisits a state, so on a plateau it keeps moving (e.g. through braid
    relations at constant length) and it stops ``"stuck"`` when every successor was visited.

    Parameters
    ----------
    game, start
    heuristic : callable, optional
        ``states -> costs`` on a batch of states; default ``game.cost``.
    max_expansions, max_seconds, seed

    Examples
    --------
    >>> class Line:
    ...     def legal_moves(self, s): return [-1, 1]
    ...     def apply(self, s, m): return s + m
    ...     def is_solved(self, s): return s == 0
    ...     def key(self, s): return s
    ...     def cost(self, s): return abs(s)
    >>> greedy(Line(), 4, seed=0).moves
    (-1, -1, -1, -1)
    """
    clock = _Clock("greedy", max_expansions, max_seconds)
    rng = as_generator(seed)
    h = heuristic if heuristic is not None else batched_cost(game)
    name = "greedy" if heuristic is None else "greedy(heuristic)"
    state, path, seen = start, [], {game.key(start)}
    while not game.is_solved(state):
        stop = clock.spent()
        if stop:
            return clock.result(name, False, (), start, state, stop)
        succ = successors(game, state)
        clock.expansions += 1
        clock.generated += len(succ)
        fresh = [(m, s) for m, s in succ if game.key(s) not in seen]
        if not fresh:
            return clock.result(name, False, (), start, state, "stuck")
        k = _argmin_random(np.asarray(h([s for _, s in fresh]), dtype=float), rng)
        m, state = fresh[k]
        seen.add(game.key(state))
        path.append(m)
    return clock.result(name, True, tuple(path), start, state, "solved")


def breadth_first(
    game: MoveGame,
    start: Any,
    *,
    max_depth: int = 6,
    max_expansions: int | None = 100_000,
    max_seconds: float | None = None,
    seed: SeedLike = None,
) -> SolveResult:
    """Breadth-first search to ``max_depth`` moves: a shortest solution when one is found.

    States are deduplicated by ``game.key``. With ``stop == "exhausted"`` every state within
    ``max_depth`` moves (and the game's caps) was examined and none is solved. ``seed`` is
    accepted for a uniform signature; the search is deterministic.

    Examples
    --------
    >>> class Line:
    ...     def legal_moves(self, s): return [-1, 1, 2]
    ...     def apply(self, s, m): return s + m
    ...     def is_solved(self, s): return s == 5
    ...     def key(self, s): return s
    >>> breadth_first(Line(), 0).moves
    (1, 2, 2)
    """
    validate_int(max_depth, "max_depth", "breadth_first", min_value=0)
    clock = _Clock("breadth_first", max_expansions, max_seconds)
    name = f"bfs(max_depth={max_depth})"
    if game.is_solved(start):
        return clock.result(name, True, (), start, start, "solved", depth=0)
    states, parents, moves, depth = [start], [-1], [None], [0]
    seen = {game.key(start)}
    frontier = deque([0])
    while frontier:
        stop = clock.spent()
        if stop:
            return clock.result(name, False, (), start, states[frontier[0]], stop, depth=depth[frontier[0]])
        i = frontier.popleft()
        if depth[i] >= max_depth:
            continue
        succ = successors(game, states[i])
        clock.expansions += 1
        clock.generated += len(succ)
        for m, s in succ:
            k = game.key(s)
            if k in seen:
                continue
            seen.add(k)
            states.append(s)
            parents.append(i)
            moves.append(m)
            depth.append(depth[i] + 1)
            j = len(states) - 1
            if game.is_solved(s):
                return clock.result(name, True, _path(parents, moves, j), start, s, "solved", depth=depth[j])
            frontier.append(j)
    return clock.result(name, False, (), start, states[-1], "exhausted", depth=max_depth)


def beam_search(
    game: MoveGame,
    start: Any,
    *,
    width: int = 32,
    heuristic: Heuristic | None = None,
    max_depth: int | None = None,
    max_expansions: int | None = 10_000,
    max_seconds: float | None = None,
    seed: SeedLike = None,
) -> SolveResult:
    """Beam search: keep the ``width`` best new states of each depth (ties at random).

    Every state of the beam is expanded; the successors not seen before are scored in one
    batched call of ``heuristic`` (default ``game.cost``) and the ``width`` lowest kept.

    Examples
    --------
    >>> class Line:
    ...     def legal_moves(self, s): return [-1, 1, 3]
    ...     def apply(self, s, m): return s + m
    ...     def is_solved(self, s): return s == 7
    ...     def key(self, s): return s
    ...     def cost(self, s): return abs(7 - s)
    >>> beam_search(Line(), 0, width=2, seed=0).moves
    (3, 3, 1)
    """
    validate_int(width, "width", "beam_search", min_value=1)
    if max_depth is not None:
        validate_int(max_depth, "max_depth", "beam_search", min_value=0)
    clock = _Clock("beam_search", max_expansions, max_seconds)
    rng = as_generator(seed)
    h = heuristic if heuristic is not None else batched_cost(game)
    name = f"beam(width={width})" + ("" if heuristic is None else "(heuristic)")
    if game.is_solved(start):
        return clock.result(name, True, (), start, start, "solved", depth=0)
    states, parents, moves = [start], [-1], [None]
    seen = {game.key(start)}
    beam, d = [0], 0
    while beam and (max_depth is None or d < max_depth):
        children: list[int] = []
        for i in beam:
            stop = clock.spent()
            if stop:
                return clock.result(name, False, (), start, states[i], stop, depth=d)
            succ = successors(game, states[i])
            clock.expansions += 1
            clock.generated += len(succ)
            for m, s in succ:
                k = game.key(s)
                if k in seen:
                    continue
                seen.add(k)
                states.append(s)
                parents.append(i)
                moves.append(m)
                j = len(states) - 1
                if game.is_solved(s):
                    return clock.result(name, True, _path(parents, moves, j), start, s, "solved", depth=d + 1)
                children.append(j)
        d += 1
        if len(children) > width:
            scores = np.asarray(h([states[j] for j in children]), dtype=float)
            order = rng.permutation(len(children))  # random ties, then a stable sort by score
            keep = order[np.argsort(scores[order], kind="stable")[:width]]
            beam = [children[j] for j in keep]
        else:
            beam = children
    return clock.result(name, False, (), start, states[-1], "exhausted", depth=d)
