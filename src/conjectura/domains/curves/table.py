"""Cremona's table of elliptic curves over Q: labels, conductor ranges and single curves.

Each entry of the table (as PARI's ``elldata`` stores it) is ``[label, [a1,a2,a3,a4,a6],
generators]``, where the generators are a basis of :math:`E(\\mathbb{Q})` modulo torsion, so

.. math:: \\operatorname{rank} E(\\mathbb{Q}) = \\#\\text{generators}.

Labels are Cremona's: conductor, isogeny class letters, curve number, e.g. ``"389a1"``. Since
the renumbering of 20 August 2019 the curve numbered 1 in each class is the
:math:`\\Gamma_0(N)`-optimal curve; the rank and all :math:`a_p` are isogeny invariants, so one
curve per class (PARI's ``forell(..., flag=1)``) loses nothing for these invariants.

Conductor ranges are written ``"lo:hi"`` and include both ends, like PARI's ``forell``.

References
----------
.. [1] J. E. Cremona, *Algorithms for modular elliptic curves*, 2nd ed., CUP 1997.
.. [2] J. E. Cremona, ecdata release notes (2019), https://github.com/JohnCremona/ecdata.
"""

from __future__ import annotations

import re
from typing import Any

from conjectura.domains.curves.invariants import first_primes
from conjectura.domains.curves.pari import TABLE_MAX_CONDUCTOR, get_pari
from conjectura.exceptions import InvalidParameterError, UnknownNameError

__all__ = ["parse_label", "parse_conductor_range", "curve", "isogeny_classes", "LABEL_RE"]

LABEL_RE = re.compile(r"^([1-9][0-9]*)([a-z]+)([1-9][0-9]*)$")


def parse_label(label: str) -> tuple[int, str, int]:
    """Split a Cremona curve label into conductor, class letters and curve number.

    >>> parse_label("5077a1")
    (5077, 'a', 1)
    """
    m = LABEL_RE.match(label) if isinstance(label, str) else None
    if not m:
        raise InvalidParameterError(
            f"The 'label' parameter of curve must be a Cremona curve label such as '389a1' "
            f"(conductor, class letters, curve number). Got {label!r} instead."
        )
    return int(m.group(1)), m.group(2), int(m.group(3))


def parse_conductor_range(spec: Any, owner: str = "curves") -> tuple[int, int]:
    """Read a conductor range ``"lo:hi"`` (both ends included) and check it against the table.

    Parameters
    ----------
    spec : str, int or pair of int
        ``"7500:10000"``, ``(7500, 10000)``, or one conductor ``389``.
    owner : str
        Name of the caller, for the error message.

    Returns
    -------
    (lo, hi) : tuple of int with ``1 <= lo <= hi <= 499999``.

    Raises
    ------
    InvalidParameterError
        For a malformed spec, an empty range (``lo > hi``), or a range beyond Cremona's table.

    Examples
    --------
    >>> parse_conductor_range("7500:10000")
    (7500, 10000)
    """
    bad = (
        f"The 'conductor' parameter of {owner} must be a range 'lo:hi' of integers "
        f"(both ends included). Got {spec!r} instead."
    )
    if isinstance(spec, bool):
        raise InvalidParameterError(bad)
    if isinstance(spec, int):
        lo = hi = spec
    elif isinstance(spec, str):
        parts = [p.strip() for p in spec.split(":")]
        parts = parts * 2 if len(parts) == 1 else parts
        if len(parts) != 2 or not all(re.fullmatch(r"-?[0-9]+", p) for p in parts):
            raise InvalidParameterError(bad)
        lo, hi = (int(p) for p in parts)
    elif (
        isinstance(spec, (tuple, list))
        and len(spec) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in spec)
    ):
        lo, hi = spec
    else:
        raise InvalidParameterError(bad)
    if lo < 1:
        raise InvalidParameterError(
            f"The 'conductor' parameter of {owner} must start at a conductor >= 1. Got {spec!r} instead."
        )
    if lo > hi:
        raise InvalidParameterError(
            f"The 'conductor' range {spec!r} of {owner} is empty: its start {lo} exceeds its end {hi}."
        )
    if hi > TABLE_MAX_CONDUCTOR:
        raise InvalidParameterError(
            f"The 'conductor' range {spec!r} of {owner} goes beyond Cremona's table, which holds "
            f"the conductors up to {TABLE_MAX_CONDUCTOR}."
        )
    return lo, hi


def curve(label: str, *, primes: int = 0) -> dict[str, Any]:
    """One curve of Cremona's table with its invariants.

    Parameters
    ----------
    label : str
        A Cremona curve label, e.g. ``"37a1"``.
    primes : int, default 0
        Also return :math:`a_p` for the first ``primes`` primes.

    Returns
    -------
    dict
        ``label``, ``conductor``, ``isogeny_class`` (e.g. ``"37a"``), ``ainvs``, ``rank`` (number
        of generators in the table), ``generators``, ``root_number``, ``torsion`` (order of the
        torsion subgroup), and ``ap`` (list, when ``primes > 0``).

    Raises
    ------
    InvalidParameterError
        For a malformed label or a conductor beyond the table.
    UnknownNameError
        For a well-formed label that is not in the table.

    Examples
    --------
    >>> E = curve("389a1")
    >>> E["conductor"], E["ainvs"], E["rank"], E["root_number"]
    (389, [0, 1, 1, -2, 0], 2, 1)
    """
    N, letters, _number = parse_label(label)
    parse_conductor_range(N, owner=f"curve({label!r})")
    pari = get_pari()
    from cypari import PariError

    try:
        found = pari(f'ellsearch("{label}")')  # label is validated by LABEL_RE above
    except PariError:  # PARI: "domain error in ellsearchbyname" for an absent class
        found = []
    if len(found) == 0:
        raise UnknownNameError(
            f"Unknown curve label {label!r}: Cremona's table has no such curve (conductor {N} "
            f"has the classes {', '.join(_classes(N)) or 'none'})."
        )
    name, ainvs, gens = found[0], found[1], found[2]
    E = pari.ellinit(ainvs)
    out = {
        "label": str(name),
        "conductor": N,
        "isogeny_class": f"{N}{letters}",
        "ainvs": [int(a) for a in ainvs],
        "rank": len(gens),
        "generators": [[str(c) for c in P] for P in gens],
        "root_number": int(pari.ellrootno(E)),
        "torsion": int(pari.elltors(E)[0]),
    }
    if primes:
        from conjectura.domains.curves.invariants import ap_vector

        out["ap"] = ap_vector(out["ainvs"], primes).tolist()
        out["primes"] = first_primes(primes)
    return out


def _classes(N: int) -> list[str]:
    return sorted({str(e[0]).rstrip("0123456789") for e in get_pari().ellsearch(N)})


def isogeny_classes(conductor: Any) -> list[dict[str, Any]]:
    """One curve (number 1, the optimal curve) of every isogeny class in a conductor range.

    Parameters
    ----------
    conductor : str, int or pair
        A range as in :func:`parse_conductor_range`.

    Returns
    -------
    list of dict
        ``label``, ``conductor``, ``ainvs``, ``rank`` for each class, in table order.

    Examples
    --------
    >>> [(c["label"], c["rank"]) for c in isogeny_classes("37:37")]
    [('37a1', 1), ('37b1', 0)]
    """
    lo, hi = parse_conductor_range(conductor, owner="isogeny_classes")
    rows = get_pari()(f"my(v=List()); forell(E, {lo}, {hi}, listput(v, E), 1); Vec(v)")
    return [
        {
            "label": str(e[0]),
            "conductor": parse_label(str(e[0]))[0],
            "ainvs": [int(a) for a in e[1]],
            "rank": len(e[2]),
        }
        for e in rows
    ]
