r"""The registered claim ``braids/unknotting``: a replayed move sequence proves a closure is the unknot.

The witness is the document of :mod:`~conjectura.domains.braids.certificate` (format
``conjectura-braid-unknotting/1``: the start braid, every move with the braid it produces, and
the final braid). Its exact judge is the independent checker
:func:`~conjectura.domains.braids.replay.check_unknotting`, which replays every move, checks its
precondition and the recorded braid, and accepts only a sequence ending at the empty word on
one strand. Wrapped in a ``conjectura-certificate/1`` it is read back by ``conjectura verify``.

Reading the witness (``deserialize``) checks its shape only (the format, the keys, integer
letters and strand counts, the start braid a braid of :math:`B_n`); a well-formed witness whose
moves do not apply or whose recorded braids are wrong is a witness that fails, not a malformed
one.

References
----------
J. S. Birman, *Braids, Links, and Mapping Class Groups*, Ann. of Math. Studies 82 (1974),
doi:10.1515/9781400881420 (Markov's theorem, Theorem 2.3).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from conjectura.core.jsonable import read_witness_document
from conjectura.core.problem import Claim
from conjectura.core.registry import register_problem
from conjectura.core.verdict import Verdict
from conjectura.domains.braids.certificate import WITNESS_FORMAT, unknotting_to_json
from conjectura.domains.braids.moves import Move
from conjectura.domains.braids.replay import check_unknotting
from conjectura.domains.braids.words import MAX_STRANDS, MAX_WORD_LENGTH, BraidState, braid_state
from conjectura.exceptions import CertificateFormatError, InvalidParameterError

__all__ = ["UNKNOTTING_CLAIM", "unknotting_claim", "read_unknotting_witness", "unknotting_certificate"]

UNKNOTTING_CLAIM = (
    "The closure of the witness's start braid is the unknot: the recorded braid relations and "
    "Markov moves reduce it to the empty word on one strand."
)


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _braid(obj: Any, where: str) -> dict[str, Any]:
    if not isinstance(obj, Mapping) or set(obj) != {"word", "strands"}:
        raise CertificateFormatError(f"unknotting witness: {where} must be {{'word': [...], 'strands': n}}.")
    word, n = obj["word"], obj["strands"]
    if not _is_int(n) or not 1 <= n <= MAX_STRANDS:
        raise CertificateFormatError(
            f"unknotting witness: {where} strands must be an int in [1, {MAX_STRANDS}]. Got {n!r}."
        )
    if not isinstance(word, list) or len(word) > MAX_WORD_LENGTH or not all(_is_int(x) for x in word):
        raise CertificateFormatError(
            f"unknotting witness: {where} word must be a list of at most {MAX_WORD_LENGTH} ints."
        )
    return {"strands": n, "word": list(word)}


def read_unknotting_witness(data: str | bytes | Mapping[str, Any]) -> dict[str, Any]:
    """The canonical form of a witness document (a JSON text or a mapping), its shape checked.

    Raises
    ------
    CertificateFormatError
        Not JSON, another format, missing or extra keys, a move that is not ``[kind, int]``,
        letters or strand counts that are not ints, a start word that is not a braid of
        :math:`B_n`. Whether the moves apply is the checker's question.

    Examples
    --------
    >>> doc = read_unknotting_witness(unknotting_to_json((BraidState((1,), 2), [Move("destabilise")])))
    >>> doc["start"], doc["final"]
    ({'strands': 2, 'word': [1]}, {'strands': 1, 'word': []})
    """
    doc = read_witness_document(
        data, what="unknotting witness", format=WITNESS_FORMAT, keys=("format", "start", "steps", "final")
    )
    start = _braid(doc["start"], "the start braid")
    try:
        braid_state(start["word"], start["strands"], owner="the unknotting witness")
    except InvalidParameterError as exc:
        raise CertificateFormatError(str(exc)) from None
    if not isinstance(doc["steps"], list):
        raise CertificateFormatError("unknotting witness: 'steps' must be a list.")
    steps = []
    for k, step in enumerate(doc["steps"]):
        if not isinstance(step, Mapping) or set(step) != {"move", "word", "strands"}:
            raise CertificateFormatError(
                f"unknotting witness: step {k} must have the keys 'move', 'word', 'strands'."
            )
        mv = step["move"]
        if not (isinstance(mv, list) and len(mv) == 2 and isinstance(mv[0], str) and _is_int(mv[1])):
            raise CertificateFormatError(
                f"unknotting witness: step {k}: the move must be a pair (kind, int). Got {mv!r}."
            )
        steps.append(
            {
                "move": [mv[0], mv[1]],
                **_braid({"word": step["word"], "strands": step["strands"]}, f"step {k}"),
            }
        )
    return {
        "final": _braid(doc["final"], "the final braid"),
        "format": WITNESS_FORMAT,
        "start": start,
        "steps": steps,
    }


def _verify(doc: Mapping[str, Any]) -> Verdict:
    return check_unknotting(doc)


def _example() -> dict[str, Any]:
    return read_unknotting_witness(
        unknotting_to_json((BraidState((1, 2), 3), [Move("destabilise"), Move("destabilise")]))
    )


@register_problem(
    "braids/unknotting",
    description="a replayed sequence of braid relations and Markov moves reduces a braid to the "
    "empty word on one strand, so its closure is the unknot",
)
def unknotting_claim() -> Claim:
    """The claim that a braid's closure is the unknot, witnessed by a replayed move sequence.

    The verifier is the independent checker
    :func:`~conjectura.domains.braids.replay.check_unknotting` (no code shared with the game
    that found the moves).

    Examples
    --------
    >>> import conjectura as cj
    >>> claim = cj.get_problem("braids/unknotting")
    >>> claim.verify(claim.deserialize(unknotting_to_json((BraidState((1, 2), 3),
    ...     [Move("destabilise"), Move("destabilise")])))).holds
    True
    """
    return Claim(
        claim=UNKNOTTING_CLAIM,
        verify=_verify,
        serialize=read_unknotting_witness,
        deserialize=read_unknotting_witness,
        example=_example,
        description="closure of a braid is the unknot, by replayed braid relations and Markov moves",
        reference="S. Gukov, J. Halverson, F. Ruehle, P. Sułkowski, Learning to unknot, arXiv:2010.16263; "
        "J. S. Birman, Braids, Links, and Mapping Class Groups (1974), Theorem 2.3",
    )


def unknotting_certificate(start, moves, *, provenance: Mapping[str, Any] | None = None):
    """A ``conjectura-certificate/1`` for the claim ``braids/unknotting``: the witness of
    ``moves`` from ``start``, accepted by the independent checker (else
    :class:`~conjectura.exceptions.VerificationError`; nothing is built).

    >>> unknotting_certificate(BraidState((1, 2), 3), [Move("destabilise")])
    Traceback (most recent call last):
    ...
    conjectura.exceptions.VerificationError: braids/unknotting: the witness does not satisfy the claim: the moves end at [1] on 2 strands, not at the empty word on one strand
    >>> unknotting_certificate(BraidState((1, 2), 3), [Move("destabilise"), Move("destabilise")]).values["n_moves"]
    2
    """
    from conjectura.core.certificate import certify
    from conjectura.core.registry import get_problem
    from conjectura.domains.braids.certificate import UnknottingSequence

    claim = get_problem("braids/unknotting")
    start = BraidState(tuple(start[0]), int(start[1]))
    moves = tuple(Move(str(k), int(a)) for k, a in moves)
    try:
        doc = UnknottingSequence(start, moves).to_dict()
    except InvalidParameterError as exc:  # a move of the game that does not apply: nothing to record
        from conjectura.exceptions import VerificationError

        raise VerificationError(f"braids/unknotting: the moves do not apply: {exc}") from None
    return certify(read_unknotting_witness(doc), claim, provenance=provenance)
