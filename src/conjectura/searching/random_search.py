"""Random search: independent uniformly random words. The honest baseline of every benchmark."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from conjectura.core.problem import SearchEngine, SearchProblem
from conjectura.core.seeding import as_generator
from conjectura.core.validation import validate_float, validate_int

__all__ = ["RandomSearch"]


class RandomSearch(SearchEngine):
    """Sample words with independent letters; learn nothing.

    Parameters
    ----------
    population : int, default 1000
        Candidates per generation.
    density : float or None, default 0.5
        Probability of a letter 1 (binary encodings). ``None`` draws a fresh density uniformly
        from ``[0, 1]`` for every word, which reaches sparse and dense graphs alike.

    Notes
    -----
    For alphabets of size ``arity > 2`` every letter is uniform on ``{0, ..., arity-1}``.
    """

    name = "random"

    def __init__(self, *, population: int = 1000, density: float | None = 0.5):
        self.population = validate_int(population, "population", "RandomSearch", min_value=1)
        self.density = (
            None
            if density is None
            else validate_float(density, "density", "RandomSearch", min_value=0.0, max_value=1.0)
        )

    def setup(self, problem: SearchProblem, *, seed=None) -> None:
        self.problem = problem
        self.rng_ = as_generator(seed)

    def ask(self, n: int) -> np.ndarray:
        dim, arity = self.problem.encoding.dim, self.problem.encoding.arity
        if arity != 2:
            return self.rng_.integers(0, arity, size=(n, dim), dtype=np.int8)
        p = self.rng_.random((n, 1)) if self.density is None else self.density
        return (self.rng_.random((n, dim)) < p).astype(np.int8)

    def tell(self, z: np.ndarray, scores: np.ndarray) -> None:
        """Random search is the baseline precisely because it learns nothing from scores."""

    def state_dict(self) -> dict[str, Any]:
        return {"rng": self.rng_.bit_generator.state}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        self.rng_.bit_generator.state = state["rng"]

    def config(self) -> dict[str, Any]:
        return {"population": self.population, "density": self.density}
