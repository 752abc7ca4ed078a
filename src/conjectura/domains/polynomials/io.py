"""Canonical JSON for lists of polynomials (ideals by generators, Groebner bases), and its inverse.

The format ``conjectura-polynomials/1`` stores the dense arrays of each polynomial::

    {"format": "conjectura-polynomials/1", "n": 3, "order": "grevlex", "p": 32003,
     "polynomials": [{"coefficients": [1, 5], "exponents": [[2, 1, 0], [0, 0, 1]]}, ...]}

Terms are strictly decreasing in grevlex, coefficients in ``[1, p)``; keys are sorted and there is
no whitespace, so the same list of polynomials always gives the same string (the order of the list
is kept: a list of generators is a sequence, not a set). Reading accepts any term order and
coefficients outside ``[1, p)`` and normalises them, so ``to_json(from_json(s)) == s`` exactly
when ``s`` is canonical.
"""

from __future__ import annotations

import json
import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from conjectura.domains.polynomials.poly import Polynomial, check_prime
from conjectura.exceptions import InvalidParameterError

__all__ = [
    "POLYNOMIALS_FORMAT",
    "polynomials_to_dict",
    "polynomials_from_dict",
    "polynomials_to_json",
    "polynomials_from_json",
]

POLYNOMIALS_FORMAT = "conjectura-polynomials/1"


def _ring(polys: Sequence[Polynomial], n, p, owner: str) -> tuple[int, int]:
    for f in polys:
        if not isinstance(f, Polynomial):
            raise InvalidParameterError(f"{owner} takes Polynomial objects. Got {type(f).__name__} instead.")
    if polys:
        n0, p0 = polys[0].n, polys[0].p
        for f in polys:
            if (f.n, f.p) != (n0, p0):
                raise InvalidParameterError(
                    f"{owner}: all polynomials must lie in one ring; got GF({p0})[{n0} variables] "
                    f"and GF({f.p})[{f.n} variables]."
                )
        if (n is not None and int(n) != n0) or (p is not None and int(p) != p0):
            raise InvalidParameterError(
                f"{owner}: n = {n}, p = {p} do not match the polynomials (n = {n0}, p = {p0})."
            )
        return n0, p0
    if n is None or p is None:
        raise InvalidParameterError(f"{owner} needs n and p for an empty list of polynomials.")
    return int(n), check_prime(p, owner)


def polynomials_to_dict(polys: Sequence[Polynomial], *, n: int | None = None, p: int | None = None) -> dict:
    """The canonical JSON-ready dict of a list of polynomials of one ring.

    Examples
    --------
    >>> f = Polynomial([[1, 0], [0, 0]], [1, 6], p=7)
    >>> polynomials_to_dict([f])["polynomials"]
    [{'coefficients': [1, 6], 'exponents': [[1, 0], [0, 0]]}]
    """
    polys = list(polys)
    n, p = _ring(polys, n, p, "polynomials_to_dict")
    return {
        "format": POLYNOMIALS_FORMAT,
        "order": "grevlex",
        "n": n,
        "p": p,
        "polynomials": [
            {"coefficients": f.coefficients.tolist(), "exponents": f.exponents.tolist()} for f in polys
        ],
    }


def polynomials_to_json(polys: Sequence[Polynomial], *, n: int | None = None, p: int | None = None) -> str:
    """The canonical JSON string (sorted keys, no whitespace) of a list of polynomials.

    >>> polynomials_to_json([Polynomial([[1]], [2], p=5)])
    '{"format":"conjectura-polynomials/1","n":1,"order":"grevlex","p":5,"polynomials":[{"coefficients":[2],"exponents":[[1]]}]}'
    """
    return json.dumps(polynomials_to_dict(polys, n=n, p=p), sort_keys=True, separators=(",", ":"))


def _bad(msg: str) -> InvalidParameterError:
    return InvalidParameterError(f"Not a {POLYNOMIALS_FORMAT} document: {msg}")


def _int(x) -> bool:
    return isinstance(x, numbers.Integral) and not isinstance(x, bool)


def polynomials_from_dict(d: Mapping[str, Any]) -> list[Polynomial]:
    """Inverse of :func:`polynomials_to_dict`; raises InvalidParameterError with one line on bad input.

    >>> g = polynomials_from_dict(polynomials_to_dict([Polynomial([[1, 0]], [3], p=7)]))
    >>> g[0].coefficients.tolist(), g[0].exponents.tolist()
    ([3], [[1, 0]])
    """
    if not isinstance(d, Mapping):
        raise _bad(f"expected an object, got {type(d).__name__}.")
    if d.get("format") != POLYNOMIALS_FORMAT:
        raise _bad(f"'format' must be {POLYNOMIALS_FORMAT!r}, got {d.get('format')!r}.")
    if d.get("order") != "grevlex":
        raise _bad(f"'order' must be 'grevlex', got {d.get('order')!r}.")
    n, p = d.get("n"), d.get("p")
    if not _int(n) or n < 1:
        raise _bad(f"'n' must be an int >= 1, got {n!r}.")
    if not _int(p):
        raise _bad(f"'p' must be a prime, got {p!r}.")
    p = check_prime(p, POLYNOMIALS_FORMAT)
    polys = d.get("polynomials")
    if not isinstance(polys, list):
        raise _bad("'polynomials' must be a list.")
    out = []
    for k, f in enumerate(polys):
        if not isinstance(f, Mapping) or set(f) != {"coefficients", "exponents"}:
            raise _bad(f"polynomial {k} must have exactly the keys 'coefficients' and 'exponents'.")
        C, E = f["coefficients"], f["exponents"]
        if not isinstance(C, list) or not all(_int(c) for c in C):
            raise _bad(f"the coefficients of polynomial {k} must be a list of ints.")
        if not isinstance(E, list) or len(E) != len(C):
            raise _bad(f"polynomial {k} needs one exponent vector per coefficient.")
        for e in E:
            if not isinstance(e, list) or len(e) != n or not all(_int(x) and 0 <= x < 2**62 for x in e):
                raise _bad(f"the exponent vectors of polynomial {k} must be lists of {n} non-negative ints.")
        out.append(Polynomial(np.array(E, dtype=np.int64).reshape(-1, n), C, p))
    return out


def polynomials_from_json(s: str | bytes) -> list[Polynomial]:
    """Inverse of :func:`polynomials_to_json`."""
    try:
        d = json.loads(s)
    except (TypeError, ValueError) as exc:
        raise InvalidParameterError(f"Not a {POLYNOMIALS_FORMAT} document: invalid JSON ({exc}).") from exc
    return polynomials_from_dict(d)
