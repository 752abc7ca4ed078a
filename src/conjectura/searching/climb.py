"""The ``climb`` engine: iterated runs of a construction problem's own local search.

A construction problem (:class:`~conjectura.core.construction.ConstructionProblem`) may carry
``improve(Z, rng, effort)``, a local search that repairs words to feasibility and climbs (for
C4-free graphs, :func:`~conjectura.domains.graphs.anneal_c4_free`). This engine keeps
``population`` walkers; each generation it continues every walker's local search from the
best word it has, or, with probability ``restart``, from a fresh word of the encoding's
prior. It is the local phase of PatternBoost run alone, the baseline PatternBoost is
measured against.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from conjectura.core.problem import SearchEngine, SearchProblem
from conjectura.core.seeding import as_generator
from conjectura.core.validation import validate_float, validate_int
from conjectura.exceptions import InvalidParameterError

__all__ = ["Climb", "prior_words", "problem_improver"]


def problem_improver(problem: SearchProblem, engine: str):
    """The problem's own local search ``improve(Z, rng, effort)``, or a clear error."""
    improve = getattr(problem, "improve", None)
    if improve is None:
        raise InvalidParameterError(
            f"The {engine} engine needs a construction problem with its own local search "
            f"(ConstructionProblem.improve); {problem.name or 'this problem'!r} has none. "
            f"Use the 'local' engine instead."
        )
    return improve


def prior_words(problem: SearchProblem, rng: np.random.Generator, k: int) -> np.ndarray:
    """``k`` words from the encoding's prior (independent uniform letters if it has none)."""
    enc = problem.encoding
    if enc.sample is not None:
        return np.asarray(enc.sample(rng, k), dtype=np.int8)
    return rng.integers(0, enc.arity, size=(k, enc.dim), dtype=np.int8)


class Climb(SearchEngine):
    """Iterated local search with the problem's own improvement operator.

    Parameters
    ----------
    population : int, default 2
        Walkers; one generation runs each walker's local search once.
    effort : int, default 500000
        Local-search moves per walker and generation (the problem's unit; for C4-free graphs,
        annealing moves, about a million per second on one core).
    restart : float, default 0.25
        Probability that a walker restarts from the prior instead of continuing, and that a
        walker whose local search ended below its current word moves there anyway.
    """

    name = "climb"

    def __init__(self, *, population: int = 2, effort: int = 500_000, restart: float = 0.25):
        self.population = validate_int(population, "population", "Climb", min_value=1)
        self.effort = validate_int(effort, "effort", "Climb", min_value=1)
        self.restart = validate_float(restart, "restart", "Climb", min_value=0.0, max_value=1.0)

    def setup(self, problem: SearchProblem, *, seed=None) -> None:
        self.problem = problem
        self.improve_ = problem_improver(problem, "climb")
        self.rng_ = as_generator(seed)
        self.current_ = prior_words(problem, self.rng_, self.population)
        self.current_scores_ = np.full(self.population, -np.inf)

    def ask(self, n: int) -> np.ndarray:
        k = len(self.current_)
        seeds = self.current_[np.arange(n) % k].copy()
        fresh = self.rng_.random(n) < self.restart
        if fresh.any():
            seeds[fresh] = prior_words(self.problem, self.rng_, int(fresh.sum()))
        self.asked_ = np.arange(n) % k
        return np.asarray(self.improve_(seeds, self.rng_, self.effort), dtype=np.int8)

    def tell(self, z: np.ndarray, scores: np.ndarray) -> None:
        z, scores = np.asarray(z, dtype=np.int8), np.asarray(scores, dtype=float)
        slots = getattr(self, "asked_", np.arange(len(z)) % len(self.current_))
        for i, w in enumerate(slots):
            # a walker moves on to a word at least as good; a worse one replaces it with
            # probability `restart` (diversification: the walker leaves its plateau)
            if scores[i] >= self.current_scores_[w] or self.rng_.random() < self.restart:
                self.current_[w], self.current_scores_[w] = z[i], scores[i]

    def state_dict(self) -> dict[str, Any]:
        return {
            "current_": self.current_,
            "current_scores_": self.current_scores_,
            "rng": self.rng_.bit_generator.state,
        }

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        self.current_ = np.asarray(state["current_"], dtype=np.int8)
        self.current_scores_ = np.asarray(state["current_scores_"], dtype=float)
        self.rng_.bit_generator.state = state["rng"]

    def config(self) -> dict[str, Any]:
        return {"population": self.population, "effort": self.effort, "restart": self.restart}
