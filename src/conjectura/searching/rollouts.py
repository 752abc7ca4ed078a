r"""Rollout engines: a nested search written as a generator that the ask/tell loop drives.

Nested Monte Carlo search and nested rollout policy adaptation are recursive algorithms that
need scores in the middle of their recursion. Here such an algorithm is written as a
**generator**: it ``yield``\ s a batch of words to be scored and receives their scores, as in

.. code-block:: python

    def _iteration(self):
        scores = yield Z          # the loop scores Z in one batch
        ...

:class:`RolloutEngine` turns that generator into :meth:`ask`/:meth:`tell`, so
:func:`conjectura.search` drives it like every other engine (certificates, minimal witnesses,
the store, islands). One call of ``_iteration`` is one *outer iteration* (a top-level nested
search). Checkpoints are exact without pickling a generator: :meth:`state_dict` holds the
engine's state as it was when the current outer iteration started, and the scores told since;
:meth:`load_state_dict` restores the first and replays the generator on the second (words are
regenerated from the same random state, nothing is scored twice), so a resumed run proposes
exactly the words a straight run would.

The edit moves of words (:func:`apply_random_moves`) are those of
:class:`~conjectura.searching.LocalSearch`: a **flip** changes one letter (a graph gains or
loses one edge), a **swap** turns a 1 into 0 and a 0 into 1 (an edge moves).
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Generator, Mapping
from typing import Any

import numpy as np

from conjectura.core.problem import SearchEngine, SearchProblem
from conjectura.core.seeding import as_generator
from conjectura.exceptions import InvalidParameterError

__all__ = ["RolloutEngine", "apply_random_moves", "prior_words"]


class RolloutEngine(SearchEngine):
    """Base class of engines written as a score-receiving generator (see the module docstring).

    Subclasses implement :meth:`_init_state` (called by :meth:`setup`), :meth:`_iteration`
    (a generator: ``scores = yield Z`` for each batch) and list their resumable attributes in
    ``_STATE``; the random generator ``rng_`` is saved and restored with them.
    """

    _STATE: tuple[str, ...] = ()

    def setup(self, problem: SearchProblem, *, seed=None) -> None:
        self.problem = problem
        self.dim_ = int(problem.encoding.dim)
        self.arity_ = int(problem.encoding.arity)
        self.rng_ = as_generator(seed)
        self._init_state()
        self._start_iteration()

    def _init_state(self) -> None:  # pragma: no cover - every subclass overrides it
        raise InvalidParameterError(f"{type(self).__name__} must define _init_state.")

    def _iteration(self) -> Generator[np.ndarray, np.ndarray, None]:  # pragma: no cover
        raise InvalidParameterError(f"{type(self).__name__} must define _iteration.")

    # -- the generator behind ask/tell -----------------------------------------------------
    def _snapshot(self) -> dict[str, Any]:
        state = {k: copy.deepcopy(getattr(self, k)) for k in self._STATE}
        state["rng"] = copy.deepcopy(self.rng_.bit_generator.state)
        return state

    def _start_iteration(self) -> None:
        self.start_state_ = self._snapshot()
        self.told_: list[np.ndarray] = []
        self.gen_ = self._iteration()
        self.pending_ = self._advance(None)

    def _advance(self, scores) -> np.ndarray:
        """Run the generator to its next batch, starting new outer iterations as they end."""
        for _ in range(1000):
            try:
                Z = self.gen_.send(scores) if scores is not None else next(self.gen_)
            except StopIteration:
                self.iterations_ += 1
                self.start_state_ = self._snapshot()
                self.told_ = []
                self.gen_ = self._iteration()
                scores = None
                continue
            return np.asarray(Z, dtype=np.int8)
        raise InvalidParameterError(
            f"{type(self).__name__} ran 1000 outer iterations without proposing a word."
        )

    def ask(self, n: int) -> np.ndarray:
        """The generator's next batch (its own size: ``n`` is a hint rollout engines ignore)."""
        return self.pending_.copy()

    def tell(self, z: np.ndarray, scores: np.ndarray) -> None:
        scores = np.asarray(scores, dtype=float)
        if len(scores) != len(self.pending_):
            raise InvalidParameterError(
                f"{type(self).__name__}.tell expects the scores of the {len(self.pending_)} words "
                f"of the last ask. Got {len(scores)} scores instead."
            )
        self.told_.append(scores.copy())
        self.pending_ = self._advance(scores)

    # -- checkpoints ------------------------------------------------------------------------
    def state_dict(self) -> dict[str, Any]:
        """The state at the start of the current outer iteration and the scores told since
        (numpy arrays and JSON values; the generator itself is never saved)."""
        return {
            "start": self.start_state_,
            "told": np.concatenate(self.told_) if self.told_ else np.zeros(0),
            "told_sizes": np.array([len(t) for t in self.told_], dtype=np.int64),
            "iterations": self.iterations_,
        }

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        start = state["start"]
        for k in self._STATE:
            setattr(self, k, copy.deepcopy(start[k]))
        self.rng_.bit_generator.state = copy.deepcopy(start["rng"])
        self.start_state_ = self._snapshot()
        self.told_ = []
        self.gen_ = self._iteration()
        self.pending_ = self._advance(None)
        told = np.asarray(state["told"], dtype=float)
        offsets = np.concatenate([[0], np.cumsum(np.asarray(state["told_sizes"], dtype=np.int64))])
        for a, b in itertools.pairwise(offsets):
            chunk = told[a:b]
            self.told_.append(chunk.copy())
            self.pending_ = self._advance(chunk)
        self.iterations_ = int(state["iterations"])


def prior_words(problem: SearchProblem, rng: np.random.Generator, k: int) -> np.ndarray:
    """``k`` random words from the encoding's own prior (for graphs: hub-weighted random
    graphs and random trees), else words with independent uniform letters."""
    enc = problem.encoding
    if enc.sample is not None:
        Z = np.asarray(enc.sample(rng, k))
        if Z.shape != (k, enc.dim):
            raise InvalidParameterError(
                f"The encoding's sample(rng, {k}) must return an array of shape ({k}, {enc.dim}). "
                f"Got shape {Z.shape} instead."
            )
        return Z.astype(np.int8)
    return rng.integers(0, enc.arity, size=(k, enc.dim), dtype=np.int8)


def apply_random_moves(
    Z: np.ndarray, moves: np.ndarray, rng: np.random.Generator, *, arity: int = 2, swap_frac: float = 0.5
) -> np.ndarray:
    """Apply ``moves[r]`` random flips or swaps to row ``r`` of ``Z``, in place; return ``Z``.

    A swap (binary words, probability ``swap_frac``) turns a random 1 into 0 and a random 0
    into 1; a flip changes one random letter (for ``arity > 2``: to a different random letter).

    >>> Z = np.zeros((3, 6), dtype=np.int8)
    >>> apply_random_moves(Z, np.array([0, 1, 2]), np.random.default_rng(0)).sum(axis=1) <= [0, 1, 2]
    array([ True,  True,  True])
    """
    moves = np.asarray(moves)
    k, dim = Z.shape
    if k == 0 or dim == 0:
        return Z
    for r in range(int(moves.max(initial=0))):
        rows = np.flatnonzero(moves > r)
        m = len(rows)
        if arity != 2:
            pos = rng.integers(0, dim, size=m)
            Z[rows, pos] = (Z[rows, pos] + rng.integers(1, arity, size=m)) % arity
            continue
        swap = rng.random(m) < swap_frac
        u1, u0 = rng.random(m), rng.random(m)
        ones = Z[rows] == 1
        n1 = ones.sum(axis=1)
        n0 = dim - n1
        swap &= (n1 > 0) & (n0 > 0)
        i1 = _nth_true(ones, np.minimum((u1 * n1).astype(np.int64), np.maximum(n1 - 1, 0)))
        i0 = _nth_true(~ones, np.minimum((u0 * n0).astype(np.int64), np.maximum(n0 - 1, 0)))
        flip = rng.integers(0, dim, size=m)
        a = np.where(swap, i1, flip)
        Z[rows, a] ^= 1
        s = rows[swap]
        Z[s, i0[swap]] = 1
    return Z


def _nth_true(mask: np.ndarray, nth: np.ndarray) -> np.ndarray:
    """Column index of the ``nth[r]``-th True entry of each row ``mask[r]`` (0 if none)."""
    c = np.cumsum(mask, axis=1)
    return np.argmax(c > nth[:, None], axis=1)
