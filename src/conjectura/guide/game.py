"""The move-game interface and the result every solver returns.

A *move game* is a state space with legal moves, each guarded by a precondition, and a goal test.
Solving it from a start state means finding a move sequence that reaches a solved state; the
sequence is the certificate, replayed by a checker the game provides. Braid unknotting
(:class:`conjectura.domains.braids.UnknotGame`) and Buchberger's algorithm (a state = a partial
basis and its pending S-pairs, a move = the choice of the pair to reduce) both fit.

The interface is a structural :class:`typing.Protocol`: a game is any object with the four
required methods, so a domain package implements it without importing this layer. A game in a
page (sorting a permutation by adjacent transpositions)::

    class SortGame:
        def legal_moves(self, state):            # positions i with state[i] > state[i + 1]
            return [i for i in range(len(state) - 1) if state[i] > state[i + 1]]
        def apply(self, state, i):
            if not (0 <= i < len(state) - 1 and state[i] > state[i + 1]):
                raise ValueError(f"move {i} does not apply to {state}")
            s = list(state); s[i], s[i + 1] = s[i + 1], s[i]
            return tuple(s)
        def is_solved(self, state):
            return list(state) == sorted(state)
        def key(self, state):
            return state

Optional methods the solvers use when present:

``successors(state) -> list[(move, state)]``
    All legal moves with their results in one pass (faster than ``legal_moves`` + ``apply``).
``cost(state) -> float``
    A classical cost, 0 at the goal (the length of a braid word); greedy and beam search
    default to it.
``features(states) -> np.ndarray``
    A batched fixed-width encoding of states for a learned heuristic or policy.
``step_cost(state, move, next_state) -> float``
    The non-negative cost of a move (default 1); :func:`~conjectura.guide.weighted_astar` sums
    it along paths (for Buchberger's algorithm: one plus the additions of the reduction).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar, runtime_checkable

import numpy as np

from conjectura.core.jsonable import to_jsonable
from conjectura.exceptions import InvalidParameterError

__all__ = [
    "MoveGame",
    "SolveResult",
    "successors",
    "replay_moves",
    "batched_cost",
    "zero_heuristic",
    "cost_heuristic",
]

S = TypeVar("S")
M = TypeVar("M")


@runtime_checkable
class MoveGame(Protocol[S, M]):
    """What a solver needs from a game (a structural protocol: no subclassing required)."""

    def legal_moves(self, state: S) -> Sequence[M]:
        """The moves whose precondition holds at ``state``."""
        ...

    def apply(self, state: S, move: M) -> S:
        """The state after ``move``; raise (a ``ValueError``) when its precondition fails."""
        ...

    def is_solved(self, state: S) -> bool:
        """Whether ``state`` is a goal."""
        ...

    def key(self, state: S) -> Hashable:
        """A canonical hashable key: equal keys mean the same state for the search."""
        ...


@dataclass
class SolveResult:
    """What a solver did on one start state.

    Attributes
    ----------
    method : str
        Name of the solver and its main options.
    solved : bool
        Whether ``moves`` reach a solved state from ``start``.
    moves : tuple
        The move sequence (empty when not solved, or when ``start`` is solved).
    start, final : object
        The start state and the state reached (the goal when solved; the last state examined
        otherwise).
    expansions : int
        States whose legal moves were enumerated.
    generated : int
        Successor states produced.
    seconds : float
        Wall-clock time.
    stop : str
        ``"solved"``, ``"expansions"`` or ``"seconds"`` (budget spent), ``"exhausted"`` (no
        unvisited state left within the depth or caps), ``"stuck"`` (a walk with no unvisited
        successor). Anything but ``"solved"`` means "not found within budget", never "unsolvable".
    info : dict
        Solver-specific figures (depth reached, beam width, ...).
    """

    method: str
    solved: bool
    moves: tuple
    start: Any
    final: Any
    expansions: int
    generated: int
    seconds: float
    stop: str
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def n_moves(self) -> int:
        return len(self.moves)

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(
            {
                "method": self.method,
                "solved": self.solved,
                "n_moves": self.n_moves,
                "moves": list(self.moves),
                "start": self.start,
                "final": self.final,
                "expansions": self.expansions,
                "generated": self.generated,
                "seconds": self.seconds,
                "stop": self.stop,
                "info": self.info,
            }
        )


def successors(game: MoveGame, state: S) -> list[tuple[M, S]]:
    """``(move, next_state)`` for every legal move, through ``game.successors`` when defined."""
    fast = getattr(game, "successors", None)
    if fast is not None:
        return list(fast(state))
    return [(m, game.apply(state, m)) for m in game.legal_moves(state)]


def replay_moves(game: MoveGame, state: S, moves: Iterable[M]) -> S:
    """Apply ``moves`` in order through ``game.apply`` (each precondition checked)."""
    for m in moves:
        state = game.apply(state, m)
    return state


def batched_cost(game: MoveGame) -> Callable[[Sequence[Any]], np.ndarray]:
    """``states -> costs`` from ``game.cost``; :class:`InvalidParameterError` if the game has none."""
    cost = getattr(game, "cost", None)
    if cost is None:
        raise InvalidParameterError(
            f"{type(game).__name__} has no cost(state) method: pass a heuristic to the solver."
        )
    return lambda states: np.fromiter((cost(s) for s in states), dtype=float, count=len(states))


def zero_heuristic(states: Sequence[Any]) -> np.ndarray:
    """The heuristic 0 (A* with it is uniform-cost search)."""
    return np.zeros(len(states))


def cost_heuristic(game: MoveGame, scale: float = 1.0) -> Callable[[Sequence[Any]], np.ndarray]:
    """``scale * game.cost`` as a batched heuristic (for braids ``scale=0.5`` is admissible)."""
    f = batched_cost(game)
    return lambda states: scale * f(states)


class _Clock:
    """Expansion and wall-clock budgets shared by the solvers."""

    def __init__(self, owner: str, max_expansions: int | None, max_seconds: float | None):
        if max_expansions is not None and (
            isinstance(max_expansions, bool) or not isinstance(max_expansions, int) or max_expansions < 1
        ):
            raise InvalidParameterError(
                f"The 'max_expansions' parameter of {owner} must be None or an int >= 1. "
                f"Got {max_expansions!r} instead."
            )
        if max_seconds is not None and (isinstance(max_seconds, bool) or not max_seconds > 0):
            raise InvalidParameterError(
                f"The 'max_seconds' parameter of {owner} must be None or a float > 0. Got {max_seconds!r} instead."
            )
        if max_expansions is None and max_seconds is None:
            raise InvalidParameterError(f"{owner} needs a budget: max_expansions, max_seconds or both.")
        self.max_expansions = max_expansions
        self.max_seconds = max_seconds
        self.t0 = time.perf_counter()
        self.expansions = 0
        self.generated = 0

    def spent(self) -> str | None:
        if self.max_expansions is not None and self.expansions >= self.max_expansions:
            return "expansions"
        if self.max_seconds is not None and time.perf_counter() - self.t0 >= self.max_seconds:
            return "seconds"
        return None

    def seconds(self) -> float:
        return time.perf_counter() - self.t0

    def result(
        self, method: str, solved: bool, moves: Iterable[Any], start: Any, final: Any, stop: str, **info: Any
    ) -> SolveResult:
        """The :class:`SolveResult` of a run with this clock's counts."""
        return SolveResult(
            method,
            solved,
            tuple(moves),
            start,
            final,
            self.expansions,
            self.generated,
            self.seconds(),
            stop,
            info,
        )
