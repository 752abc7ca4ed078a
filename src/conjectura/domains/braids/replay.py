r"""Independent checker of unknotting certificates: replays every move from the start braid.

This module shares no code with the game (:mod:`~conjectura.domains.braids.words`,
:mod:`~conjectura.domains.braids.moves`, :mod:`~conjectura.domains.braids.game`,
:mod:`~conjectura.domains.braids.certificate`): it parses the JSON itself and re-implements each
move from its definition, so a bug in the game cannot certify itself. It imports only the
standard library and :class:`~conjectura.core.certificate.Verdict`.

What an accepted certificate proves. Each move replaces the braid by one whose closure is the
same link: a braid relation or free cancellation does not change the element of :math:`B_n`;
a rotation or conjugation changes it by conjugation; (de)stabilisation is Markov's second move
(Markov's theorem, Birman 1974, Theorem 2.3). The last braid is the empty word on one strand,
whose closure is the unknot; hence the start braid's closure is the unknot.

The braid relations accepted on letters :math:`(x, y, z)` at positions ``p, p+1, p+2`` are
those with :math:`|x| = |z|`, :math:`||x| - |y|| = 1` and either all signs equal or
:math:`\operatorname{sgn} z = -\operatorname{sgn} x`; the result is
:math:`(\operatorname{sgn}(z)|y|, \operatorname{sgn}(y)|x|, \operatorname{sgn}(x)|y|)`: the
relations :math:`aba = bab`, :math:`a^{-1}b^{-1}a^{-1} = b^{-1}a^{-1}b^{-1}` and
:math:`a^{e}b^{f}a^{-e} = b^{-e}a^{f}b^{e}` for adjacent generators :math:`a, b`, all
consequences of Artin's relation.

References
----------
J. S. Birman, *Braids, Links, and Mapping Class Groups*, Ann. of Math. Studies 82 (1974),
doi:10.1515/9781400881420.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from conjectura.core.certificate import Verdict

__all__ = ["CERTIFICATE_FORMAT", "check_unknotting", "is_unknotting"]

CERTIFICATE_FORMAT = "conjectura-braid-unknotting/1"
_MAX_LETTERS = 1000  # the game's own cap on words; larger inputs are refused, not replayed
_MAX_STRANDS = 64
_MAX_STEPS = 1_000_000


class _Reject(Exception):
    pass


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _read_braid(obj: Any, where: str) -> tuple[list[int], int]:
    if not isinstance(obj, Mapping) or set(obj) != {"word", "strands"}:
        raise _Reject(f"{where} must be an object with exactly the keys 'word' and 'strands'")
    word, n = obj["word"], obj["strands"]
    if not _is_int(n) or n < 1 or n > _MAX_STRANDS:
        raise _Reject(f"{where}: strands must be an int in [1, {_MAX_STRANDS}], got {n!r}")
    if not isinstance(word, list) or len(word) > _MAX_LETTERS:
        raise _Reject(f"{where}: word must be a list of at most {_MAX_LETTERS} ints")
    for i, x in enumerate(word):
        if not _is_int(x) or x == 0 or abs(x) >= n:
            raise _Reject(f"{where}: letter {x!r} at position {i} is not a generator of B_{n}")
    return list(word), n


def _sgn(v: int) -> int:
    return 1 if v > 0 else -1


def _replay_one(kind: Any, arg: Any, w: list[int], n: int) -> tuple[list[int], int]:
    """The braid after one move, or _Reject naming the failed precondition."""
    if not _is_int(arg):
        raise _Reject(f"the argument of {kind!r} must be an int, got {arg!r}")
    size = len(w)
    if kind == "shift":
        if not 0 < arg < size:
            raise _Reject(f"shift by {arg} needs 0 < k < {size} (the word length)")
        return w[arg:] + w[:arg], n
    if kind == "braid":
        if arg < 0 or arg + 2 >= size:
            raise _Reject(f"braid relation at {arg} needs three letters there (word length {size})")
        x, y, z = w[arg], w[arg + 1], w[arg + 2]
        adjacent = abs(x) == abs(z) and abs(abs(x) - abs(y)) == 1
        signs_ok = (x * z < 0) or (x * y > 0 and y * z > 0)
        if not (adjacent and signs_ok):
            raise _Reject(
                f"braid relation at {arg}: letters {[x, y, z]} are not a^e b^e a^e or a^e b^f a^-e "
                "with adjacent generators a, b"
            )
        new = [_sgn(z) * abs(y), _sgn(y) * abs(x), _sgn(x) * abs(y)]
        return w[:arg] + new + w[arg + 3 :], n
    if kind == "commute":
        if arg < 0 or arg + 1 >= size:
            raise _Reject(f"commutation at {arg} needs two letters there (word length {size})")
        x, y = w[arg], w[arg + 1]
        if abs(abs(x) - abs(y)) < 2:
            raise _Reject(f"commutation at {arg}: generators {abs(x)} and {abs(y)} are not 2 apart")
        return [*w[:arg], y, x, *w[arg + 2 :]], n
    if kind == "cancel":
        if arg < 0 or arg + 1 >= size:
            raise _Reject(f"cancellation at {arg} needs two letters there (word length {size})")
        if w[arg] + w[arg + 1] != 0:
            raise _Reject(f"cancellation at {arg}: letters {w[arg]}, {w[arg + 1]} are not inverse")
        return w[:arg] + w[arg + 2 :], n
    if kind == "conjugate":
        if arg == 0 or abs(arg) > n - 1:
            raise _Reject(f"conjugation by {arg}: not a generator of B_{n}")
        if size + 2 > _MAX_LETTERS:
            raise _Reject(f"conjugation would exceed {_MAX_LETTERS} letters")
        return [arg, *w, -arg], n
    if kind == "stabilise":
        if arg not in (1, -1):
            raise _Reject(f"stabilisation sign must be 1 or -1, got {arg}")
        if n + 1 > _MAX_STRANDS or size + 1 > _MAX_LETTERS:
            raise _Reject("stabilisation would exceed the size caps")
        return [*w, arg * n], n + 1
    if kind == "destabilise":
        if arg != 0:
            raise _Reject(f"destabilisation takes the argument 0, got {arg}")
        if n < 2 or size == 0 or abs(w[-1]) != n - 1:
            raise _Reject(f"destabilisation needs the last letter to be ±{n - 1} on {n} strands")
        if sum(1 for x in w if abs(x) == n - 1) != 1:
            raise _Reject(f"destabilisation needs ±{n - 1} to occur only once")
        return w[:-1], n - 1
    raise _Reject(f"unknown move kind {kind!r}")


def check_unknotting(certificate: str | bytes | Mapping[str, Any], start: Any = None) -> Verdict:
    """Replay an unknotting certificate and say whether it proves that the start closure is the unknot.

    Parameters
    ----------
    certificate : str, bytes or mapping
        The JSON document (format ``conjectura-braid-unknotting/1``).
    start : (word, strands), optional
        When given, the certificate's start braid must be exactly this one (so a certificate for
        another braid is not accepted for this one).

    Returns
    -------
    Verdict
        ``holds`` when every move's precondition holds, every recorded braid equals the replayed
        one and the final braid is the empty word on one strand; ``reason`` names the first
        failure otherwise. ``values``: ``start_word``, ``start_strands``, ``n_moves``,
        ``move_counts``.

    Examples
    --------
    >>> cert = ('{"final":{"strands":1,"word":[]},"format":"conjectura-braid-unknotting/1",'
    ...         '"start":{"strands":2,"word":[1]},'
    ...         '"steps":[{"move":["destabilise",0],"strands":1,"word":[]}]}')
    >>> check_unknotting(cert).holds
    True
    >>> check_unknotting(cert.replace('"word":[1]', '"word":[1,1,1]', 1)).reason
    'step 0 (destabilise 0): destabilisation needs ±1 to occur only once'
    """
    try:
        return _check(certificate, start)
    except _Reject as exc:
        return Verdict(False, str(exc))


def _check(certificate: Any, start: Any) -> Verdict:
    if isinstance(certificate, Mapping):
        data = certificate
    else:
        try:
            data = json.loads(certificate)
        except (ValueError, TypeError) as exc:
            raise _Reject(f"not a JSON document: {exc}") from None
    if not isinstance(data, Mapping):
        raise _Reject("the certificate must be a JSON object")
    if data.get("format") != CERTIFICATE_FORMAT:
        raise _Reject(f"unknown format {data.get('format')!r}; expected {CERTIFICATE_FORMAT!r}")
    missing = [k for k in ("start", "steps", "final") if k not in data]
    if missing:
        raise _Reject(f"missing field(s) {', '.join(missing)}")
    w, n = _read_braid(data["start"], "start")
    start_word, start_n = list(w), n
    if start is not None:
        want_w, want_n = [int(x) for x in start[0]], int(start[1])
        if (w, n) != (want_w, want_n):
            raise _Reject(f"the certificate starts at {w} on {n} strands, not at {want_w} on {want_n}")
    steps = data["steps"]
    if not isinstance(steps, list) or len(steps) > _MAX_STEPS:
        raise _Reject(f"steps must be a list of at most {_MAX_STEPS} moves")
    counts: dict[str, int] = {}
    for k, step in enumerate(steps):
        if not isinstance(step, Mapping) or set(step) != {"move", "word", "strands"}:
            raise _Reject(f"step {k} must be an object with the keys 'move', 'word', 'strands'")
        mv = step["move"]
        if not isinstance(mv, list) or len(mv) != 2 or not isinstance(mv[0], str):
            raise _Reject(f"step {k}: the move must be [kind, arg], got {mv!r}")
        try:
            w, n = _replay_one(mv[0], mv[1], w, n)
        except _Reject as exc:
            raise _Reject(f"step {k} ({mv[0]} {mv[1]}): {exc}") from None
        rec_w, rec_n = _read_braid({"word": step["word"], "strands": step["strands"]}, f"step {k}")
        if (rec_w, rec_n) != (w, n):
            raise _Reject(
                f"step {k} ({mv[0]} {mv[1]}): the certificate records {rec_w} on {rec_n} strands, "
                f"but the move gives {w} on {n} strands"
            )
        counts[mv[0]] = counts.get(mv[0], 0) + 1
    fin_w, fin_n = _read_braid(data["final"], "final")
    if (fin_w, fin_n) != (w, n):
        raise _Reject(f"the recorded final braid {fin_w} on {fin_n} strands is not the replayed {w} on {n}")
    if w or n != 1:
        raise _Reject(f"the moves end at {w} on {n} strands, not at the empty word on one strand")
    values = {
        "start_word": start_word,
        "start_strands": start_n,
        "n_moves": len(steps),
        "move_counts": dict(sorted(counts.items())),
    }
    return Verdict(
        True,
        f"{len(steps)} braid relations and Markov moves reduce the braid of length {len(start_word)} on "
        f"{start_n} strands to the empty word on one strand, so its closure is the unknot",
        values,
    )


def is_unknotting(certificate: str | bytes | Mapping[str, Any], start: Any = None) -> bool:
    """Whether :func:`check_unknotting` accepts the certificate."""
    return bool(check_unknotting(certificate, start).holds)
