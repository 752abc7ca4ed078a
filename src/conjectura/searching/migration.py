"""Elite migration between islands: every few generations an island publishes its best word and
takes in the best word another island has found, if that is better than its own.

The island model of parallel evolutionary search (Whitley, Rana and Heckendorn 1999): islands
search independently and exchange their elites along a ring or all-to-all; here every island
sees the best elite of all others (all-to-all, the elite replaces the engine's worst member).
Engines take an immigrant with ``engine.immigrate(word, score)`` (local search: the worst
walker moves there; nested search: a walker; NRPA: a root; cross-entropy: it joins the
survivors); an engine without that method simply keeps searching alone.

The channel is any mutable mapping shared by the islands: a
``multiprocessing.Manager().dict()`` for process islands, a plain dict in one process.
Immigrants are scores and words only; the parent re-verifies whatever an island reports.

References
----------
.. [1] D. Whitley, S. Rana, R. B. Heckendorn, "The island model genetic algorithm: on
   separability, population size and convergence", J. Computing and Information Technology 7
   (1999) 33-47.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import numpy as np

from conjectura.core.problem import SearchEngine, SearchProblem

__all__ = ["MigratingEngine"]


class MigratingEngine(SearchEngine):
    """Wrap ``engine`` so that it exchanges elites through ``channel`` every ``every`` generations.

    Parameters
    ----------
    engine : SearchEngine
    channel : mutable mapping
        Shared by all islands: ``channel[island] = (score, word bytes)``.
    island : int
        This island's key in the channel.
    every : int, default 10
        Generations between two exchanges.
    """

    def __init__(self, engine: SearchEngine, channel: MutableMapping, island: int, every: int = 10):
        self.engine, self.channel, self.island, self.every = engine, channel, int(island), int(every)
        self.name = getattr(engine, "name", type(engine).__name__)
        if hasattr(engine, "population"):
            self.population = engine.population
        self.told_ = 0
        self.best_score_, self.best_ = -np.inf, None
        self.immigrants_ = 0

    def setup(self, problem: SearchProblem, *, seed=None) -> None:
        self.problem = problem
        self.engine.setup(problem, seed=seed)
        if hasattr(self.engine, "population"):
            self.population = self.engine.population

    def ask(self, n: int) -> np.ndarray:
        return self.engine.ask(n)

    def tell(self, z: np.ndarray, scores: np.ndarray) -> None:
        self.engine.tell(z, scores)
        top = int(np.argmax(scores))
        if scores[top] > self.best_score_:
            self.best_score_, self.best_ = float(scores[top]), np.asarray(z[top], dtype=np.int8).copy()
        self.told_ += 1
        if self.told_ % self.every == 0:
            self._exchange()

    def _exchange(self) -> None:
        if self.best_ is not None:
            self.channel[self.island] = (self.best_score_, self.best_.tobytes())
        others = [(s, w) for k, (s, w) in list(self.channel.items()) if k != self.island]
        if not others or not hasattr(self.engine, "immigrate"):
            return
        score, data = max(others, key=lambda sw: sw[0])
        if score > self.best_score_:
            word = np.frombuffer(data, dtype=np.int8).copy()
            self.engine.immigrate(word, float(score))
            self.immigrants_ += 1

    def state_dict(self) -> dict[str, Any]:
        return self.engine.state_dict()

    def load_state_dict(self, state) -> None:
        self.engine.load_state_dict(state)

    def config(self) -> dict[str, Any]:
        return self.engine.config()
