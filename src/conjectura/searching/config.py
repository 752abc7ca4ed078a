"""The knobs of the search loop, in one frozen dataclass (the ``TrainConfig`` pattern)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from conjectura.core.validation import validate_float, validate_int
from conjectura.exceptions import InvalidParameterError

__all__ = ["SearchConfig"]


@dataclass(frozen=True, kw_only=True)
class SearchConfig:
    """How :func:`conjectura.search` runs, apart from what it searches and for how long.

    Attributes
    ----------
    batch_size : int or None, default None
        Candidates asked for per generation; ``None`` takes the engine's ``population``
        (256 for an engine without one).
    simplify : bool, default True
        Shrink a found counterexample to a minimal witness (``problem.simplify``), as
        Hypothesis shrinks a failing example.
    verify_per_generation : int, default 4
        At most this many new candidates are sent to the exact verifier per generation, best
        first. Only candidates whose score reaches ``problem.threshold`` are sent.
    max_simplify_checks : int, default 10000
        Upper bound on verifier calls while shrinking.
    checkpoint_every : float, default 2.0
        Minimum seconds between two checkpoints of a stored run (fast engines run many
        generations per second; a checkpoint is also written when the run stops).
    metrics_every : float, default 0.5
        Minimum seconds between two rows of metrics of a stored run.

    Examples
    --------
    >>> SearchConfig(simplify=False).verify_per_generation
    4
    >>> SearchConfig(verify_per_generation=0)
    Traceback (most recent call last):
    ...
    conjectura.exceptions.InvalidParameterError: The 'verify_per_generation' parameter of SearchConfig must be an int >= 1. Got 0 instead.
    """

    batch_size: int | None = None
    simplify: bool = True
    verify_per_generation: int = 4
    max_simplify_checks: int = 10_000
    checkpoint_every: float = 2.0
    metrics_every: float = 0.5

    def __post_init__(self) -> None:
        owner = "SearchConfig"
        if self.batch_size is not None:
            validate_int(self.batch_size, "batch_size", owner, min_value=1)
        if not isinstance(self.simplify, bool):
            raise InvalidParameterError(
                f"The 'simplify' parameter of {owner} must be a bool. Got {self.simplify!r} instead."
            )
        validate_int(self.verify_per_generation, "verify_per_generation", owner, min_value=1)
        validate_int(self.max_simplify_checks, "max_simplify_checks", owner, min_value=0)
        for name in ("checkpoint_every", "metrics_every"):
            value = validate_float(getattr(self, name), name, owner, min_value=0.0)
            object.__setattr__(self, name, value)

    def to_dict(self) -> dict[str, Any]:
        """The knobs as a JSON-able dict (recorded with a stored run)."""
        return asdict(self)
