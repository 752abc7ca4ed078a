"""The answer of an exact verifier: whether a witness establishes a claim, and why."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Verdict"]


@dataclass(frozen=True)
class Verdict:
    """The answer of an exact verifier.

    Attributes
    ----------
    holds : bool
        Whether the witness establishes the claim.
    reason : str
        Human-readable account with exact values, e.g.
        ``"lambda1 + mu = sqrt(10) + 2 < sqrt(18) + 1"``.
    values : Mapping[str, Any]
        JSON-serialisable exact values (ints, ``"p/q"`` strings, algebraic numbers as
        ``{"poly": ..., "interval": [lo, hi]}``) of the invariants the verifier computed.

    Examples
    --------
    >>> v = Verdict(True, "13 edges, 0 triangles", {"edges": 13})
    >>> bool(v), v.values["edges"]
    (True, 13)
    """

    holds: bool
    reason: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.holds)
