"""The unknotting game: braid states and moves presented as a move game.

:class:`UnknotGame` has the methods of the generic move-game interface
(:class:`conjectura.guide.MoveGame`: ``legal_moves``, ``apply``, ``is_solved``, ``key``, and the
optional ``successors``, ``cost``, ``features``) without importing it: the interface is a
structural protocol, so a domain depends on nothing above it. It also has what the registered
environment ``braids/unknot`` offers ``conjectura guide eval/solve``: a seeded instance set
(``instances``), the independent checker (``check``), a reader of states (``parse_state``),
certificates (``certificate``), the encodings of the learned solvers (``state_features``,
``move_features``, ``lower_bound``) and its solvers, declared by policy name (:data:`SOLVERS`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from conjectura.domains.braids.features import unknot_move_features, unknot_state_features
from conjectura.domains.braids.moves import (
    GROWING_KINDS,
    MOVE_KINDS,
    Move,
    apply_move,
    legal_moves,
    move_function,
)
from conjectura.domains.braids.words import MAX_STRANDS, MAX_WORD_LENGTH, BraidState
from conjectura.exceptions import InvalidParameterError

__all__ = ["UnknotGame", "SOLVERS"]

#: The solvers of ``conjectura guide eval unknot``: label -> (registered policy, options). A
#: relative ``checkpoint`` is a file of the models directory (``guide train unknot`` writes it).
#: Both weighted A* use the path-cost weight 0.25: of 0.1, 0.25, 0.5 and 1 it solved the most
#: validation unknots (normal forms of another seed, 4-5 strands, 500 expansions) for each
#: heuristic.
SOLVERS: dict[str, tuple[str, dict]] = {
    "random walk": ("random-walk", {"walk_length": 200}),
    "greedy": ("greedy", {}),
    "bfs (depth 8)": ("bfs", {"max_depth": 8}),
    "beam (16)": ("beam", {"width": 16}),
    "wA* h=cost": ("weighted-astar", {"weight": 0.25, "batch_size": 16}),
    "ppo policy": ("ppo", {"checkpoint": "ppo.npz", "walk_length": 200}),
    "learned A*": ("cost-to-go-astar", {"checkpoint": "cost_to_go.npz", "weight": 0.25, "batch_size": 16}),
}


@dataclass(frozen=True)
class UnknotGame:
    """Reduce a braid to the empty word on one strand by braid relations and Markov moves.

    A solution is a proof that the start braid's closure is the unknot (Markov's theorem: every
    move preserves the closure up to isotopy, see :mod:`conjectura.domains.braids.moves`).

    Parameters
    ----------
    max_length : int, optional
        Growing moves (conjugation, stabilisation) are offered only while the result has at most
        this many letters; with growing moves a search needs a cap to stay finite. Also the
        padded width of :meth:`features`.
    max_strands : int, optional
        Stabilisation is offered only up to this many strands.
    kinds : tuple of str
        Move kinds offered (default: all of :data:`~conjectura.domains.braids.moves.MOVE_KINDS`).
    all_shifts : bool
        Offer every rotation, not only by one letter either way.

    Examples
    --------
    >>> g = UnknotGame(max_length=6)
    >>> s = BraidState((1, 2), 3)
    >>> g.is_solved(g.apply(g.apply(s, Move("destabilise")), Move("destabilise")))
    True
    >>> g.cost(s)
    4
    """

    max_length: int | None = None
    max_strands: int | None = None
    kinds: tuple[str, ...] = MOVE_KINDS
    all_shifts: bool = False

    name = "braids/unknot"

    def __post_init__(self):
        bad = [k for k in self.kinds if k not in MOVE_KINDS]
        if bad or not self.kinds:
            raise InvalidParameterError(
                f"The 'kinds' parameter of UnknotGame must be a non-empty subset of {list(MOVE_KINDS)}. "
                f"Got {list(self.kinds)} instead."
            )
        object.__setattr__(self, "kinds", tuple(self.kinds))
        for name, cap in (("max_length", MAX_WORD_LENGTH), ("max_strands", MAX_STRANDS)):
            v = getattr(self, name)
            if v is not None and (isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= cap):
                raise InvalidParameterError(
                    f"The '{name}' parameter of UnknotGame must be None or an int in the range "
                    f"[1, {cap}]. Got {v!r} instead."
                )

    # -- the move-game interface -----------------------------------------------------------
    def legal_moves(self, state: BraidState) -> list[Move]:
        """Every move whose precondition holds (growing moves within the caps)."""
        return legal_moves(
            state,
            kinds=self.kinds,
            max_length=self.max_length,
            max_strands=self.max_strands,
            all_shifts=self.all_shifts,
        )

    def apply(self, state: BraidState, move: Move | tuple[str, int]) -> BraidState:
        """The state after ``move``; :class:`InvalidParameterError` if its precondition fails."""
        if move[0] not in self.kinds:
            raise InvalidParameterError(
                f"The move kind {move[0]!r} is not offered by this game {self.kinds}."
            )
        return apply_move(state, move)

    def successors(self, state: BraidState) -> list[tuple[Move, BraidState]]:
        """``(move, next state)`` for every legal move (one pass, no re-check)."""
        word, n = state
        out = []
        for m in self.legal_moves(state):
            w2, n2 = move_function(m.kind)(word, n, m.arg)
            out.append((m, BraidState(w2, n2)))
        return out

    def is_solved(self, state: BraidState) -> bool:
        """The empty word on one strand."""
        return len(state[0]) == 0 and state[1] == 1

    def key(self, state: BraidState) -> tuple:
        """Canonical hash key: the word and strand count themselves (words are not identified
        up to rotation, so a move sequence replays letter for letter)."""
        return (tuple(state[0]), int(state[1]))

    def cost(self, state: BraidState) -> int:
        """``len(word) + strands - 1``: 0 exactly at the goal; a move lowers it by at most 2
        (a cancellation or a destabilisation), so ``cost / 2`` is an admissible heuristic."""
        return len(state[0]) + int(state[1]) - 1

    def features(self, states: Sequence[BraidState], width: int | None = None) -> np.ndarray:
        """Batched encoding for a learned heuristic: ``int8`` array of shape ``(m, width + 1)``.

        Row ``k`` holds the letters of ``states[k]`` left-aligned and zero-padded to ``width``
        (default ``max_length``), then the strand count.

        >>> UnknotGame(max_length=4).features([BraidState((1, -2), 3)])
        array([[ 1, -2,  0,  0,  3]], dtype=int8)
        """
        width = self.max_length if width is None else width
        if width is None:
            raise InvalidParameterError(
                "UnknotGame.features needs a padded width: pass width= or make the game with max_length."
            )
        X = np.zeros((len(states), width + 1), dtype=np.int8)
        for r, (word, n) in enumerate(states):
            if len(word) > width:
                raise InvalidParameterError(
                    f"UnknotGame.features: a word of {len(word)} letters does not fit the width {width}."
                )
            X[r, : len(word)] = word
            X[r, width] = n
        return X

    # -- what the registered environment offers `guide eval/solve` ---------------------------
    solvers = SOLVERS

    def state_features(self, states: Sequence[BraidState]) -> np.ndarray:
        """:func:`~conjectura.domains.braids.unknot_state_features` (for a learned cost-to-go)."""
        return unknot_state_features(states)

    def move_features(self, state: BraidState, successors: Sequence[tuple]) -> np.ndarray:
        """:func:`~conjectura.domains.braids.unknot_move_features` (for a policy over moves)."""
        return unknot_move_features(state, successors)

    def lower_bound(self, states: Sequence[BraidState]) -> np.ndarray:
        """``cost / 2`` for a batch: no move lowers ``len + strands - 1`` by more than 2, so it
        is an admissible bound on the moves to go.

        >>> UnknotGame().lower_bound([BraidState((1, 2), 3)]).tolist()
        [2.0]
        """
        return np.fromiter(
            (0.5 * (len(s[0]) + s[1] - 1) for s in states), dtype=np.float32, count=len(states)
        )

    def check(self, start: BraidState, moves: Iterable[Move | tuple[str, int]]):
        """The independent checker (:func:`~conjectura.domains.braids.check_unknotting_moves`):
        a :class:`~conjectura.core.verdict.Verdict`."""
        from conjectura.domains.braids.certificate import check_unknotting_moves

        return check_unknotting_moves(start, moves)

    def parse_state(self, text: str, strands: int | None = None) -> BraidState:
        """A start braid from text such as ``"1 -2 1"`` or ``"s1 s2^-1"``
        (:func:`~conjectura.domains.braids.parse_braid_word`; empty words are refused)."""
        from conjectura.domains.braids.words import parse_braid_word

        return parse_braid_word(text, strands, allow_empty=False, owner="the unknot game")

    def instances(
        self,
        lengths: Sequence[int] = (10, 20, 30, 40, 50, 60),
        strands: Sequence[int] = (3, 4, 5),
        per_cell: int = 10,
        *,
        seed: int = 0,
        normal_form: bool = True,
        negatives: int = 1,
    ) -> list[dict]:
        """Scrambled unknots (:func:`~conjectura.domains.braids.unknot_instances`, seed
        ``seed``) and scrambled knots as negative controls (seed ``seed + 1``)."""
        from conjectura.domains.braids.instances import negative_control_instances, unknot_instances

        recs = unknot_instances(lengths, strands, per_cell, seed=seed, normal_form=normal_form)
        if negatives:
            recs += negative_control_instances(
                lengths, strands, negatives, seed=seed + 1, normal_form=normal_form
            )
        return recs

    def certificate(self, start: BraidState, moves, *, provenance=None):
        """A ``conjectura-certificate/1`` of the claim ``braids/unknotting`` for ``moves``
        (:func:`~conjectura.domains.braids.problems.unknotting_certificate`)."""
        from conjectura.domains.braids.problems import unknotting_certificate

        return unknotting_certificate(start, moves, provenance=provenance)

    # -- helpers ---------------------------------------------------------------------------
    def without_growth(self) -> UnknotGame:
        """The same game without conjugation and stabilisation (a finite state space per word)."""
        return UnknotGame(
            max_length=self.max_length,
            max_strands=self.max_strands,
            kinds=tuple(k for k in self.kinds if k not in GROWING_KINDS),
            all_shifts=self.all_shifts,
        )

    def replay(self, state: BraidState, moves: Iterable[Move | tuple[str, int]]) -> list[BraidState]:
        """The states visited by applying ``moves`` from ``state`` (the first is ``state``)."""
        out = [BraidState(tuple(state[0]), int(state[1]))]
        for m in moves:
            out.append(self.apply(out[-1], m))
        return out
