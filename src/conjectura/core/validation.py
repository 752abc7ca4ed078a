"""Parameter validation that fails in the language of the caller (scikit-learn style messages).

``validate_int``, ``validate_float`` and ``validate_choice`` return the value or raise
:class:`~conjectura.exceptions.InvalidParameterError`; the prefix ``check_`` is kept for exact
verifiers (``check_wagner_2_1(G) -> Verdict``).
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from conjectura.exceptions import InvalidParameterError, MissingDependencyError

__all__ = ["validate_int", "validate_float", "validate_choice", "require"]


def validate_int(
    value: Any, name: str, owner: str, *, min_value: int | None = None, max_value: int | None = None
) -> int:
    """Return ``value`` as an int or raise :class:`InvalidParameterError`.

    >>> validate_int(5, "n", "wagner_2_1", min_value=3)
    5
    """
    ok = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if ok:
        value = int(value)
        ok = (min_value is None or value >= min_value) and (max_value is None or value <= max_value)
    if not ok:
        raise InvalidParameterError(
            f"The {name!r} parameter of {owner} must be {_int_range(min_value, max_value)}. "
            f"Got {value!r} instead."
        )
    return value


def _int_range(lo: int | None, hi: int | None) -> str:
    if lo is not None and hi is not None:
        return f"an int in the range [{lo}, {hi}]"
    if lo is not None:
        return f"an int >= {lo}"
    if hi is not None:
        return f"an int <= {hi}"
    return "an int"


def validate_float(
    value: Any,
    name: str,
    owner: str,
    *,
    min_value: float | None = None,
    max_value: float | None = None,
    min_inclusive: bool = True,
) -> float:
    """Return ``value`` as a float or raise :class:`InvalidParameterError`.

    >>> validate_float(0.5, "density", "LocalSearch", min_value=0.0, max_value=1.0)
    0.5
    """
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and np.isfinite(value)
    if ok:
        value = float(value)
        if min_value is not None:
            ok = value >= min_value if min_inclusive else value > min_value
        if max_value is not None:
            ok = ok and value <= max_value
    if not ok:
        bounds = []
        if min_value is not None:
            bounds.append(f"{'>=' if min_inclusive else '>'} {min_value}")
        if max_value is not None:
            bounds.append(f"<= {max_value}")
        rng = " and ".join(bounds)
        raise InvalidParameterError(
            f"The {name!r} parameter of {owner} must be a finite float{' ' + rng if rng else ''}. "
            f"Got {value!r} instead."
        )
    return value


def validate_choice(value: Any, name: str, owner: str, choices) -> Any:
    """Return ``value`` if it is one of ``choices``, else raise :class:`InvalidParameterError`.

    >>> validate_choice("cem", "engine", "search", ["random", "cem", "local"])
    'cem'
    """
    choices = list(choices)
    if value not in choices:
        raise InvalidParameterError(
            f"The {name!r} parameter of {owner} must be one of {choices}. Got {value!r} instead."
        )
    return value


# The former names, kept while code written against them is updated.


def require(module: str, *, extra: str | None = None, purpose: str = ""):
    """Import an optional dependency or raise :class:`MissingDependencyError` naming the fix."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        hint = f"pip install 'conjectura[{extra}]'" if extra else f"pip install {module}"
        what = f" {purpose}" if purpose else ""
        raise MissingDependencyError(f"{module} is needed{what} but is not installed: run `{hint}`.") from exc
