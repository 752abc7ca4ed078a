"""The built-in search engines, registered by name, and how a search gets its engine and problem.

=========  =====================================================================
``random``  independent random words: the baseline every benchmark reports
``cem``     Wagner's deep cross-entropy method (PyTorch), batched sampling
``local``   hill climbing / annealing over flips and swaps, restarts, many walkers
``nmcs``    nested Monte Carlo search over edit moves (Cazenave 2009)
``amcs``    adaptive Monte Carlo search: NMCS with adaptive level and depth (Vito-Stefanus)
``nrpa``    nested rollout policy adaptation over letter flips (Rosin 2011)
=========  =====================================================================

A user's engine subclasses :class:`conjectura.SearchEngine` and is passed to
:func:`conjectura.search` directly, or registered with :func:`conjectura.register_engine`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from conjectura.core.problem import SearchEngine, SearchProblem
from conjectura.core.registry import register_engine
from conjectura.exceptions import InvalidParameterError
from conjectura.searching.cem import CrossEntropy
from conjectura.searching.climb import Climb
from conjectura.searching.local import LocalSearch
from conjectura.searching.nested import AdaptiveMonteCarlo, NestedMonteCarlo
from conjectura.searching.nrpa import NestedRolloutPolicy
from conjectura.searching.patternboost import PatternBoost
from conjectura.searching.random_search import RandomSearch

__all__ = [
    "RandomSearch",
    "CrossEntropy",
    "LocalSearch",
    "NestedMonteCarlo",
    "AdaptiveMonteCarlo",
    "NestedRolloutPolicy",
    "Climb",
    "PatternBoost",
    "make_engine",
    "resolve_problem",
    "engine_name",
]

register_engine("random", RandomSearch, description="Independent random words; the honest baseline.")
register_engine(
    "cem",
    CrossEntropy,
    description="Wagner's deep cross-entropy method (arXiv:2104.14516), batched in PyTorch.",
)
register_engine(
    "local",
    LocalSearch,
    description="Batched hill climbing / annealing over letter flips and swaps with restarts.",
)
register_engine("climb", Climb, description="Iterated runs of a construction problem's own local search.")
register_engine(
    "patternboost",
    PatternBoost,
    description="PatternBoost (arXiv:2411.00566): local search seeded by a transformer trained on the best finds.",
)

register_engine(
    "nmcs",
    NestedMonteCarlo,
    description="Nested Monte Carlo search over edit moves (Cazenave 2009), walkers in lockstep.",
)
register_engine(
    "amcs",
    AdaptiveMonteCarlo,
    description="Adaptive Monte Carlo search (Vito-Stefanus, arXiv:2306.07956): NMCS whose level "
    "and depth grow while it fails.",
)
register_engine(
    "nrpa",
    NestedRolloutPolicy,
    description="Nested rollout policy adaptation over letter flips (Rosin 2011), policies in lockstep.",
)


def resolve_problem(problem: SearchProblem | str, params: Mapping[str, Any] | None = None) -> SearchProblem:
    """A problem object from itself or from a registered name plus parameters.

    >>> resolve_problem("graphs/wagner-2.1", {"n": 12}).params
    {'n': 12}
    """
    if isinstance(problem, SearchProblem):
        if params:
            raise InvalidParameterError(
                "problem parameters are given to the factory of a registered problem, not with a "
                "SearchProblem object. Pass the name, e.g. search('graphs/wagner-2.1', "
                "problem_params={'n': 12})."
            )
        return problem
    if isinstance(problem, str):
        from conjectura.core.registry import get_problem

        built = get_problem(problem, **dict(params or {}))
        if not isinstance(built, SearchProblem):
            raise InvalidParameterError(
                f"{problem!r} is a claim that is certified and verified exactly, not a search "
                f"problem: it has no encoding for engines to search over."
            )
        return built
    raise InvalidParameterError(
        f"The 'problem' parameter of search must be a SearchProblem or a registered name. "
        f"Got {type(problem).__name__} instead."
    )


def make_engine(engine: SearchEngine | str | type, params: Mapping[str, Any] | None = None) -> SearchEngine:
    """An engine from an instance, a class, or a registered name (``"cem"``, ``"local"``, ...).

    >>> make_engine("local", {"walkers": 2}).walkers
    2
    """
    if isinstance(engine, SearchEngine):
        if params:
            raise InvalidParameterError(
                "engine parameters are given to the constructor of an engine instance, not to search()."
            )
        return engine
    if isinstance(engine, type) and issubclass(engine, SearchEngine):
        return engine(**dict(params or {}))
    if isinstance(engine, str):
        from conjectura.core.registry import get_engine

        return get_engine(engine, **dict(params or {}))
    raise InvalidParameterError(
        f"The 'engine' parameter of search must be a SearchEngine, a SearchEngine subclass or a "
        f"registered name. Got {engine!r} instead."
    )


def engine_name(engine: SearchEngine) -> str:
    """The name an engine is recorded under (its ``name`` attribute, else its class name)."""
    return getattr(engine, "name", None) or type(engine).__name__
