"""The witness of an unknotting: start braid, moves, and every intermediate braid, as canonical JSON.

Format ``conjectura-braid-unknotting/1`` (keys sorted, no spaces)::

    {"final": {"strands": 1, "word": []},
     "format": "conjectura-braid-unknotting/1",
     "start": {"strands": 3, "word": [1, -2, ...]},
     "steps": [{"move": ["braid", 2], "strands": 3, "word": [...]}, ...]}

Each step records the move (``[kind, arg]``, see :mod:`conjectura.domains.braids.moves`) and the
braid it produces, so a reader can audit the sequence line by line and a checker can test each
result, not only the last. The independent checker is :func:`conjectura.domains.braids.replay.
check_unknotting`, which shares no code with this module or the game.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from conjectura.core.certificate import Verdict
from conjectura.domains.braids.moves import MOVE_KINDS, Move, apply_move
from conjectura.domains.braids.replay import check_unknotting
from conjectura.domains.braids.words import BraidState, braid_state
from conjectura.exceptions import CertificateFormatError, InvalidParameterError

__all__ = [
    "WITNESS_FORMAT",
    "UnknottingSequence",
    "unknotting_to_json",
    "unknotting_from_json",
    "check_unknotting_moves",
]

WITNESS_FORMAT = "conjectura-braid-unknotting/1"


@dataclass(frozen=True)
class UnknottingSequence:
    """A start braid and a move sequence claimed to reduce it to the empty word on one strand.

    >>> seq = UnknottingSequence(BraidState((1, -1), 2), (Move("cancel", 0),))
    >>> seq.states()[-1]
    BraidState(word=(), strands=2)
    """

    start: BraidState
    moves: tuple[Move, ...]

    def states(self) -> list[BraidState]:
        """The braids after each move (the first is the start), applied by the game's moves."""
        out = [self.start]
        for m in self.moves:
            out.append(apply_move(out[-1], m))
        return out

    def to_dict(self) -> dict[str, Any]:
        states = self.states()
        return {
            "final": _state_dict(states[-1]),
            "format": WITNESS_FORMAT,
            "start": _state_dict(self.start),
            "steps": [
                {"move": [m.kind, int(m.arg)], "strands": int(s.strands), "word": [int(x) for x in s.word]}
                for m, s in zip(self.moves, states[1:])
            ],
        }


def _state_dict(s: BraidState) -> dict[str, Any]:
    return {"strands": int(s.strands), "word": [int(x) for x in s.word]}


def unknotting_to_json(seq: UnknottingSequence | tuple[BraidState, Iterable[Move]]) -> str:
    """Canonical JSON of a witness (sorted keys, compact separators); inverse of
    :func:`unknotting_from_json` on its own output.

    >>> s = unknotting_to_json((BraidState((1,), 2), [Move("destabilise")]))
    >>> s
    '{"final":{"strands":1,"word":[]},"format":"conjectura-braid-unknotting/1","start":{"strands":2,"word":[1]},"steps":[{"move":["destabilise",0],"strands":1,"word":[]}]}'
    >>> unknotting_to_json(unknotting_from_json(s)) == s
    True
    """
    if not isinstance(seq, UnknottingSequence):
        start, moves = seq
        seq = UnknottingSequence(
            BraidState(tuple(start[0]), int(start[1])), tuple(Move(str(k), int(a)) for k, a in moves)
        )
    return json.dumps(seq.to_dict(), sort_keys=True, separators=(",", ":"))


def unknotting_from_json(text: str | bytes | Mapping[str, Any]) -> UnknottingSequence:
    """Parse a witness into an :class:`UnknottingSequence` (the start and the moves).

    This reads the format only; whether the moves are legal and the recorded braids right is
    the independent checker's question.

    Raises
    ------
    CertificateFormatError
        Not JSON, another format, missing or mistyped fields, a bad start braid or move kind.
    """
    if isinstance(text, Mapping):
        data = dict(text)
    else:
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise CertificateFormatError(f"unknotting witness is not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != WITNESS_FORMAT:
        got = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise CertificateFormatError(f"unknotting witness must have format {WITNESS_FORMAT!r}. Got {got!r}.")
    try:
        start = braid_state(data["start"]["word"], data["start"]["strands"], owner="unknotting_from_json")
        moves = []
        for k, step in enumerate(data["steps"]):
            kind, arg = step["move"]
            if kind not in MOVE_KINDS or isinstance(arg, bool) or not isinstance(arg, int):
                raise CertificateFormatError(f"step {k}: bad move {step['move']!r}.")
            moves.append(Move(kind, arg))
    except CertificateFormatError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise CertificateFormatError(f"unknotting witness is malformed: {exc!r}") from exc
    return UnknottingSequence(start, tuple(moves))


def check_unknotting_moves(start: BraidState | tuple, moves: Iterable[Move | tuple[str, int]]) -> Verdict:
    """Write the witness of ``moves`` from ``start`` and replay it with the independent checker.

    The checker a solver harness calls (``check(state, moves)``): a move whose precondition
    fails while the witness is written gives a rejecting :class:`Verdict` naming it (no braid to
    record), every other witness is judged by :func:`~conjectura.domains.braids.replay.
    check_unknotting` alone, against ``start``.

    >>> check_unknotting_moves(BraidState((1, 2), 3), [Move("destabilise"), Move("destabilise")]).holds
    True
    >>> check_unknotting_moves(BraidState((1, 1), 2), [Move("cancel", 0)]).reason
    'step 0: The move cancel(0) does not apply to the word (1, 1) on 2 strands: it needs letters p, p+1 of the form σ_i^a σ_i^-a.'
    """
    moves = [Move(str(k), int(a)) for k, a in moves]
    state = BraidState(tuple(start[0]), int(start[1]))
    for k in range(len(moves)):
        try:
            state = apply_move(state, moves[k])
        except InvalidParameterError as exc:
            return Verdict(False, f"step {k}: {exc}")
    return check_unknotting(unknotting_to_json((start, moves)), start)
