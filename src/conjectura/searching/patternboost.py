r"""PatternBoost: a local search phase alternating with a transformer trained on the best finds.

Charton, Ellenberg, Wagner and Williamson's algorithm, behind ask/tell:

1. **local phase**: every seed is improved by a local search, the problem's own
   (``ConstructionProblem.improve``, e.g. repair-and-anneal for C4-free graphs) or, for a
   problem without one, a few generations of the ``local`` engine started from the seeds;
2. the improved words join a **database** that keeps the ``database`` best distinct words;
3. **global phase**: a small character-level transformer
   (:mod:`~conjectura.searching.transformer`) is trained on the ``train_size`` best words of
   the database (one model, trained further every round) and sampled for ``round_size``
   new seeds, which go back to step 1.

Before the first training the seeds come from the encoding's prior. Each ``ask`` runs the
local phase on ``population`` seeds; a new round of training and sampling starts when the
seeds of the last round are used up.

References
----------
.. [1] F. Charton, J. S. Ellenberg, A. Z. Wagner, G. Williamson, "PatternBoost: Constructions
   in mathematics with a little help from AI", arXiv:2411.00566.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from conjectura.core.problem import SearchEngine, SearchProblem
from conjectura.core.seeding import as_generator
from conjectura.core.validation import validate_float, validate_int
from conjectura.searching.climb import prior_words
from conjectura.searching.transformer import (
    CharModelConfig,
    make_char_model,
    sample_char_model,
    train_char_model,
)

__all__ = ["PatternBoost"]


class PatternBoost(SearchEngine):
    """PatternBoost (arXiv:2411.00566): local search seeded by a transformer of the best finds.

    Parameters
    ----------
    population : int, default 8
        Seeds improved by the local phase per generation.
    effort : int, default 100000
        Moves of the problem's own local search per seed (problems with ``improve``).
    local_generations : int, default 100
        Generations of the ``local`` engine per local phase (problems without ``improve``).
        The phase should end near a local optimum: on Wagner's Conjecture 2.1 (n = 19) 10
        generations found nothing in 30 s for 3 of 3 seeds (the database filled with stars, the
        equality case), 100 found a counterexample for 6 of 6 (median 0.62 s).
    round_size : int, default 64
        Seeds sampled from the transformer per round.
    database : int, default 1000
        Distinct best words kept.
    train_size : int, default 200
        Best words of the database the transformer is trained on each round; the first
        training waits until the database holds this many.
    epochs : int, default 2
        Passes over the training words per round.
    layers, d_model, heads : int, default 2, 64, 4
        Size of the transformer.
    lr : float, default 1e-3
        AdamW learning rate.
    temperature : float, default 1.0
        Sampling temperature.

    Attributes
    ----------
    rounds_ : int
        Rounds of training and sampling so far.
    losses_ : list of float
        Training loss (nats per letter) of each round.
    db_words_, db_scores_ : the database, best first.
    """

    name = "patternboost"

    def __init__(
        self,
        *,
        population: int = 8,
        effort: int = 100_000,
        local_generations: int = 100,
        round_size: int = 64,
        database: int = 1000,
        train_size: int = 200,
        epochs: int = 2,
        layers: int = 2,
        d_model: int = 64,
        heads: int = 4,
        lr: float = 1e-3,
        temperature: float = 1.0,
    ):
        owner = "PatternBoost"
        self.population = validate_int(population, "population", owner, min_value=1)
        self.effort = validate_int(effort, "effort", owner, min_value=1)
        self.local_generations = validate_int(local_generations, "local_generations", owner, min_value=1)
        self.round_size = validate_int(round_size, "round_size", owner, min_value=1)
        self.database = validate_int(database, "database", owner, min_value=1)
        self.train_size = validate_int(train_size, "train_size", owner, min_value=1, max_value=self.database)
        self.epochs = validate_int(epochs, "epochs", owner, min_value=1)
        self.layers = validate_int(layers, "layers", owner, min_value=1)
        self.d_model = validate_int(d_model, "d_model", owner, min_value=1)
        self.heads = validate_int(heads, "heads", owner, min_value=1)
        self.lr = validate_float(lr, "lr", owner, min_value=0.0)
        self.temperature = validate_float(temperature, "temperature", owner, min_value=0.0)
        CharModelConfig(layers=self.layers, d_model=self.d_model, heads=self.heads)

    # -- setup ----------------------------------------------------------------------------
    def setup(self, problem: SearchProblem, *, seed=None) -> None:
        self.problem = problem
        self.improve_ = getattr(problem, "improve", None)
        self.rng_ = as_generator(seed)
        dim = int(problem.encoding.dim)
        self.db_words_ = np.zeros((0, dim), dtype=np.int8)
        self.db_scores_ = np.zeros(0)
        self.queue_ = np.zeros((0, dim), dtype=np.int8)
        self.rounds_ = 0
        self.losses_: list[float] = []
        self.inner_evaluations_ = 0
        self.model_ = self.opt_ = None

    def _ensure_model(self):
        if self.model_ is None:
            import torch

            cfg = CharModelConfig(layers=self.layers, d_model=self.d_model, heads=self.heads)
            enc = self.problem.encoding
            self.model_ = make_char_model(int(enc.dim), int(enc.arity), cfg, seed=self.rng_)
            self.opt_ = torch.optim.AdamW(self.model_.parameters(), lr=self.lr)
        return self.model_

    # -- the two phases -------------------------------------------------------------------
    def _global_phase(self) -> None:
        """Train on the best words of the database, then sample the next round of seeds."""
        model = self._ensure_model()
        top = self.db_words_[: self.train_size]
        loss = train_char_model(model, top, epochs=self.epochs, optimizer=self.opt_, seed=self.rng_)
        self.losses_.append(float(loss))
        self.queue_ = sample_char_model(model, self.round_size, temperature=self.temperature, seed=self.rng_)
        self.rounds_ += 1

    def _local_phase(self, seeds: np.ndarray) -> np.ndarray:
        if self.improve_ is not None:
            return np.asarray(self.improve_(seeds, self.rng_, self.effort), dtype=np.int8)
        from conjectura.searching.local import LocalSearch

        k = len(seeds)
        inner = LocalSearch(walkers=k, population=16 * k, patience=10**9)
        inner.setup(self.problem, seed=self.rng_)
        inner.current_ = seeds.astype(np.int8).copy()
        for _ in range(self.local_generations):
            Z = inner.ask(inner.population)
            inner.tell(Z, self.problem.scores(Z))
            self.inner_evaluations_ += len(Z)
        return inner.current_.copy()

    # -- ask / tell -----------------------------------------------------------------------
    def ask(self, n: int) -> np.ndarray:
        if not len(self.queue_) and len(self.db_words_) >= self.train_size:
            self._global_phase()
        take = min(n, len(self.queue_))
        seeds, self.queue_ = self.queue_[:take], self.queue_[take:]
        if take < n:
            seeds = np.concatenate([seeds, prior_words(self.problem, self.rng_, n - take)])
        return self._local_phase(seeds)

    def tell(self, z: np.ndarray, scores: np.ndarray) -> None:
        W = np.concatenate([self.db_words_, np.asarray(z, dtype=np.int8)])
        S = np.concatenate([self.db_scores_, np.asarray(scores, dtype=float)])
        _, first = np.unique(W, axis=0, return_index=True)
        keep = first[np.argsort(-S[first], kind="stable")][: self.database]
        self.db_words_, self.db_scores_ = W[keep], S[keep]

    # -- checkpoints ----------------------------------------------------------------------
    def state_dict(self) -> dict[str, Any]:
        state: dict[str, Any] = {
            "db_words_": self.db_words_,
            "db_scores_": self.db_scores_,
            "queue_": self.queue_,
            "rounds_": self.rounds_,
            "losses_": list(self.losses_),
            "inner_evaluations_": self.inner_evaluations_,
            "rng": self.rng_.bit_generator.state,
            "model": None,
        }
        if self.model_ is not None:
            state["model"] = {k: v.detach().numpy().copy() for k, v in self.model_.state_dict().items()}
            state["optimizer"] = _optimizer_state(self.opt_)
        return state

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        self.db_words_ = np.asarray(state["db_words_"], dtype=np.int8)
        self.db_scores_ = np.asarray(state["db_scores_"], dtype=float)
        self.queue_ = np.asarray(state["queue_"], dtype=np.int8)
        self.rounds_ = int(state["rounds_"])
        self.losses_ = [float(x) for x in state["losses_"]]
        self.inner_evaluations_ = int(state["inner_evaluations_"])
        self.model_ = self.opt_ = None
        if state.get("model") is not None:
            import torch

            model = self._ensure_model()  # draws its initial weights: restore the generator after
            model.load_state_dict({k: torch.as_tensor(np.asarray(v)) for k, v in state["model"].items()})
            self.opt_.load_state_dict(_optimizer_from(state["optimizer"]))
        self.rng_.bit_generator.state = state["rng"]

    def config(self) -> dict[str, Any]:
        keys = (
            "population",
            "effort",
            "local_generations",
            "round_size",
            "database",
            "train_size",
            "epochs",
            "layers",
            "d_model",
            "heads",
            "lr",
            "temperature",
        )
        return {k: getattr(self, k) for k in keys}


def _optimizer_state(opt) -> dict[str, Any]:
    """An optimizer's state as str-keyed dicts of numpy arrays and JSON values (no pickles)."""
    sd = opt.state_dict()
    state = {
        str(i): {k: (v.detach().numpy().copy() if hasattr(v, "detach") else v) for k, v in s.items()}
        for i, s in sd["state"].items()
    }
    groups = [{k: (list(v) if isinstance(v, tuple) else v) for k, v in g.items()} for g in sd["param_groups"]]
    return {"state": state, "param_groups": groups}


def _optimizer_from(doc: Mapping[str, Any]) -> dict[str, Any]:
    import torch

    state = {
        int(i): {
            k: (torch.as_tensor(np.asarray(v)) if isinstance(v, np.ndarray) else v) for k, v in s.items()
        }
        for i, s in doc["state"].items()
    }
    groups = [{k: (tuple(v) if k == "betas" else v) for k, v in g.items()} for g in doc["param_groups"]]
    return {"state": state, "param_groups": groups}
