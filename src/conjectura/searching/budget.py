"""Search budgets: wall-clock seconds, a number of evaluated candidates, or both."""

from __future__ import annotations

import re
from dataclasses import dataclass

from conjectura.exceptions import InvalidParameterError

__all__ = ["Budget", "parse_budget"]

_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0}


@dataclass(frozen=True)
class Budget:
    """Stop when any limit is reached.

    Attributes
    ----------
    seconds : float or None
        Wall-clock limit of the search loop (time spent in earlier sessions of a resumed run
        counts).
    evaluations : int or None
        Limit on the number of candidates scored.
    generations : int or None
        Limit on the number of ask/tell rounds.
    """

    seconds: float | None = None
    evaluations: int | None = None
    generations: int | None = None

    def exhausted(self, *, elapsed: float, evaluations: int, generations: int) -> bool:
        return (
            (self.seconds is not None and elapsed >= self.seconds)
            or (self.evaluations is not None and evaluations >= self.evaluations)
            or (self.generations is not None and generations >= self.generations)
        )

    def __str__(self) -> str:
        parts = []
        if self.seconds is not None:
            parts.append(f"{self.seconds:g}s")
        if self.evaluations is not None:
            parts.append(f"{self.evaluations} evaluations")
        if self.generations is not None:
            parts.append(f"{self.generations} generations")
        return " or ".join(parts) or "unlimited"


def parse_budget(budget) -> Budget:
    """Read a budget: ``"60s"``, ``"5m"``, ``"1h"``, ``"20000"`` or an int (evaluations),
    ``"100g"`` (generations), a float (seconds) or a :class:`Budget`.

    >>> parse_budget("90s"), parse_budget(5000), parse_budget("2m").seconds
    (Budget(seconds=90.0, evaluations=None, generations=None), Budget(seconds=None, evaluations=5000, generations=None), 120.0)
    """
    if isinstance(budget, Budget):
        return budget
    if isinstance(budget, bool):
        raise _bad(budget)
    if isinstance(budget, int):
        if budget < 1:
            raise _bad(budget)
        return Budget(evaluations=budget)
    if isinstance(budget, float):
        if not budget > 0:
            raise _bad(budget)
        return Budget(seconds=budget)
    if isinstance(budget, str):
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhg]?)\s*", budget.lower())
        if m:
            value, unit = float(m.group(1)), m.group(2)
            if value > 0:
                if unit in _UNITS:
                    return Budget(seconds=value * _UNITS[unit])
                if unit == "g" and value == int(value):
                    return Budget(generations=int(value))
                if unit == "" and value == int(value):
                    return Budget(evaluations=int(value))
    raise _bad(budget)


def _bad(budget) -> InvalidParameterError:
    return InvalidParameterError(
        "The 'budget' parameter of search must be a duration such as '60s', '5m' or '1h', a "
        f"number of evaluations such as 20000, or a number of generations such as '100g'. "
        f"Got {budget!r} instead."
    )
