"""Search budgets: wall-clock time, a number of scored candidates, a number of generations.

A budget always says its unit, so ``60`` can never mean a minute in one place and sixty
candidates in another. It is written as a string or built with keywords:

=============================================  =======================================
``"60s"``, ``"5m"``, ``"1.5h"``                wall-clock seconds, minutes, hours
``"20000e"``, ``"20000 evaluations"``          candidates scored
``"100g"``, ``"100 generations"``              ask/tell rounds
``"60s or 20000e"``                            whichever limit is reached first
``Budget(seconds=60, evaluations=20000)``      the same, with keywords
=============================================  =======================================

A bare number is refused with a message that names both readings.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from conjectura.core.validation import validate_float, validate_int
from conjectura.exceptions import InvalidParameterError

__all__ = ["Budget", "parse_budget"]

_SECONDS = {"s": 1.0, "sec": 1.0, "secs": 1.0, "second": 1.0, "seconds": 1.0}
_SECONDS |= {"m": 60.0, "min": 60.0, "mins": 60.0, "minute": 60.0, "minutes": 60.0}
_SECONDS |= {"h": 3600.0, "hr": 3600.0, "hrs": 3600.0, "hour": 3600.0, "hours": 3600.0}
_EVALUATIONS = {"e", "eval", "evals", "evaluation", "evaluations"}
_GENERATIONS = {"g", "gen", "gens", "generation", "generations"}
_TERM = re.compile(r"(\d[\d_]*(?:\.\d+)?)\s*([a-z]+)")
_SEPARATOR = re.compile(r"\s*(?:,|\bor\b)\s*")


@dataclass(frozen=True, kw_only=True)
class Budget:
    """Stop when any of the given limits is reached.

    Attributes
    ----------
    seconds : float or None
        Wall-clock limit of the search loop. Time spent in earlier sessions of a resumed run
        counts: a budget is the budget of the whole run.
    evaluations : int or None
        Limit on the number of candidates scored.
    generations : int or None
        Limit on the number of ask/tell rounds.

    Examples
    --------
    >>> b = Budget(seconds=60, evaluations=20_000)
    >>> str(b)
    '60s or 20000 evaluations'
    >>> parse_budget(str(b)) == b
    True
    """

    seconds: float | None = None
    evaluations: int | None = None
    generations: int | None = None

    def __post_init__(self) -> None:
        if self.seconds is not None:
            secs = validate_float(self.seconds, "seconds", "Budget", min_value=0.0, min_inclusive=False)
            object.__setattr__(self, "seconds", secs)
        if self.evaluations is not None:
            validate_int(self.evaluations, "evaluations", "Budget", min_value=1)
        if self.generations is not None:
            validate_int(self.generations, "generations", "Budget", min_value=1)
        if self.seconds is None and self.evaluations is None and self.generations is None:
            raise InvalidParameterError(
                "A Budget needs at least one of seconds, evaluations or generations, e.g. "
                "Budget(seconds=60). Got none."
            )

    def exhausted(self, *, elapsed: float, evaluations: int, generations: int) -> bool:
        """Whether a run at these counters has reached one of the limits."""
        return (
            (self.seconds is not None and elapsed >= self.seconds)
            or (self.evaluations is not None and evaluations >= self.evaluations)
            or (self.generations is not None and generations >= self.generations)
        )

    def continued(self, *, elapsed: float, evaluations: int, generations: int) -> Budget:
        """A budget to continue a run that has used these amounts: each limit twice the larger
        of itself and what was used (seconds rounded up to a whole number).

        >>> str(parse_budget("2s").continued(elapsed=2.3, evaluations=5000, generations=5))
        '5s'
        """
        return Budget(
            seconds=None if self.seconds is None else float(math.ceil(2 * max(self.seconds, elapsed))),
            evaluations=None if self.evaluations is None else 2 * max(self.evaluations, evaluations),
            generations=None if self.generations is None else 2 * max(self.generations, generations),
        )

    def __str__(self) -> str:
        parts = []
        if self.seconds is not None:
            parts.append(f"{np.format_float_positional(self.seconds, trim='-')}s")
        if self.evaluations is not None:
            parts.append(f"{self.evaluations} evaluations")
        if self.generations is not None:
            parts.append(f"{self.generations} generations")
        return " or ".join(parts)


def parse_budget(budget: str | Budget) -> Budget:
    """Read a budget string (``"60s"``, ``"5m"``, ``"20000e"``, ``"100 generations"``, terms joined
    by ``or``) or pass a :class:`Budget` through.

    Raises
    ------
    InvalidParameterError
        For a bare number (``60``: seconds or evaluations?), an unknown unit, a repeated kind of
        limit, or a limit that is not positive.

    Examples
    --------
    >>> parse_budget("90s"), parse_budget("2m").seconds
    (Budget(seconds=90.0, evaluations=None, generations=None), 120.0)
    >>> parse_budget("20000 evaluations") == parse_budget("20000e") == Budget(evaluations=20000)
    True
    >>> parse_budget(60)
    Traceback (most recent call last):
    ...
    conjectura.exceptions.InvalidParameterError: The 'budget' parameter of search must say its unit: '60s' (seconds) or '60 evaluations' (candidates scored); a bare number is ambiguous. Got 60 instead.
    """
    if isinstance(budget, Budget):
        return budget
    if isinstance(budget, (int, float, np.integer, np.floating)) and not isinstance(budget, bool):
        shown = np.format_float_positional(float(budget), trim="-") if budget == budget else "nan"
        raise InvalidParameterError(
            f"The 'budget' parameter of search must say its unit: '{shown}s' (seconds) or "
            f"'{shown} evaluations' (candidates scored); a bare number is ambiguous. "
            f"Got {budget!r} instead."
        )
    if not isinstance(budget, str):
        raise _bad(budget)
    text = budget.strip().lower()
    if re.fullmatch(r"\d[\d_]*(?:\.\d+)?", text):
        raise InvalidParameterError(
            f"The 'budget' parameter of search must say its unit: '{text}s' (seconds) or "
            f"'{text} evaluations' (candidates scored); a bare number is ambiguous. "
            f"Got {budget!r} instead."
        )
    limits: dict[str, float | int] = {}
    for term in _SEPARATOR.split(text) if text else [""]:
        m = _TERM.fullmatch(term)
        if not m:
            raise _bad(budget)
        number, unit = m.group(1).replace("_", ""), m.group(2)
        if unit in _SECONDS:
            kind, value = "seconds", float(number) * _SECONDS[unit]
        elif unit in _EVALUATIONS or unit in _GENERATIONS:
            if "." in number:
                raise _bad(budget)
            kind, value = ("evaluations" if unit in _EVALUATIONS else "generations"), int(number)
        else:
            raise _bad(budget)
        if kind in limits:
            raise InvalidParameterError(
                f"The 'budget' parameter of search gives the {kind} limit twice. Got {budget!r} instead."
            )
        if not value > 0:
            raise _bad(budget)
        limits[kind] = value
    return Budget(**limits)


def _bad(budget) -> InvalidParameterError:
    return InvalidParameterError(
        "The 'budget' parameter of search must be a duration such as '60s', '5m' or '1h', a "
        "number of candidates such as '20000e' or '20000 evaluations', a number of generations "
        "such as '100g', several joined by 'or', or a Budget(seconds=..., evaluations=..., "
        f"generations=...). Got {budget!r} instead."
    )
