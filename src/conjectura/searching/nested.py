r"""Nested Monte Carlo search (Cazenave 2009) and its adaptive variant (Vito and Stefanus 2023).

The search is over **edit sequences** of a word: a move is a flip or a swap of letters (for
graphs: add/delete an edge, move an edge; :func:`~conjectura.searching.rollouts.apply_random_moves`).
A level-0 search from a word is a *playout*: ``depth`` random moves. A level-:math:`\ell`
search from a word :math:`s` takes ``steps`` steps; at each step it proposes ``width`` random
moves of the current word :math:`c`, runs a level-:math:`(\ell-1)` search from each child, and
keeps the best word met (its score is :math:`\max` over the children's results). The current
word then follows the best sequence found so far (Cazenave's memorisation): the next word on
the path to the best result. With ``steps=1`` a level-:math:`\ell` search is the nested search
of Vito and Stefanus (every child of every child, to depth :math:`\ell`, then a playout).

Each walker repeats top-level searches from its current word and moves to the result when it
is at least as good (ties move it along a plateau, such as the equality case of a
conjecture). The **adaptive** variant (``amcs``, Vito-Stefanus's AMCS) changes the nesting with
success: after an improvement ``depth = 0, level = 1``; otherwise ``depth`` grows to
``max_depth``, then ``level`` grows to ``max_level`` with ``depth = 0``; a walker that fails at
``(max_level, max_depth)`` restarts from a fresh word of the encoding's prior (a
diversification the original leaves to the user).

Vectorisation: the recursion does not depend on scores, so all walkers and all children of a
level run in lockstep. A level-:math:`\ell` search over :math:`K` words is one level-
:math:`(\ell-1)` search over :math:`K \cdot` ``width`` words, and every playout of a step is
scored in one batch (split into batches of at most ``max_batch`` words so that a time budget is
checked between them).

References
----------
.. [1] T. Cazenave, "Nested Monte-Carlo Search", IJCAI 2009, 456-461.
.. [2] V. Vito, L. Y. Stefanus, "Adaptive Monte Carlo search for conjecture refutation in graph
   theory", arXiv:2306.07956.
.. [3] M. Roucairol, T. Cazenave, "Refutation of spectral graph theory conjectures with Monte
   Carlo search", COCOON 2022, arXiv:2207.03343; "Comparing search algorithms on the
   retrosynthesis problem" / Graffiti refutations, arXiv:2409.18626.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from conjectura.core.validation import validate_float, validate_int
from conjectura.exceptions import InvalidParameterError
from conjectura.searching.rollouts import RolloutEngine, apply_random_moves, prior_words

__all__ = ["NestedMonteCarlo", "AdaptiveMonteCarlo"]


class NestedMonteCarlo(RolloutEngine):
    """Nested Monte Carlo search over edit moves, many walkers in lockstep.

    Parameters
    ----------
    level : int, default 1
        Nesting level of each top-level search (``>= 1``).
    depth : int, default 0
        Random moves of a playout (level 0). With 0 a child is scored as it is; on the built-in
        graph problems longer playouts were measured to find counterexamples later (zagreb
        indices, n = 9: 4 of 4 seeds within 60000 candidates with depth 0, 2 of 4 with depth 1).
    width : int, default 96
        Random moves tried at each step of a level.
    steps : int, default 2
        Steps of each level (``1``: Vito-Stefanus's one-step nesting).
    walkers : int, default 4
        Independent current words.
    patience : int, default 8
        Top-level searches without improvement before a walker restarts from the prior.
    swap_frac : float, default 0.5
        Fraction of moves that are swaps (binary words).
    max_batch : int, default 4096
        Largest batch of words proposed at once.

    Examples
    --------
    >>> import conjectura as cj
    >>> res = cj.search("graphs/zagreb-indices", NestedMonteCarlo(), budget="20000e", seed=0)
    >>> res.found
    True
    """

    name = "nmcs"
    _STATE = ("current_", "current_scores_", "level_", "depth_", "stall_", "restarts_")

    def __init__(
        self,
        *,
        level: int = 1,
        depth: int = 0,
        width: int = 96,
        steps: int = 2,
        walkers: int = 4,
        patience: int = 8,
        swap_frac: float = 0.5,
        max_batch: int = 4096,
    ):
        owner = type(self).__name__
        self.level = validate_int(level, "level", owner, min_value=1, max_value=6)
        self.depth = validate_int(depth, "depth", owner, min_value=0)
        self.width = validate_int(width, "width", owner, min_value=1)
        self.steps = validate_int(steps, "steps", owner, min_value=1)
        self.walkers = validate_int(walkers, "walkers", owner, min_value=1)
        self.patience = validate_int(patience, "patience", owner, min_value=1)
        self.swap_frac = validate_float(swap_frac, "swap_frac", owner, min_value=0.0, max_value=1.0)
        self.max_batch = validate_int(max_batch, "max_batch", owner, min_value=1)
        self._check_size()

    def _check_size(self) -> None:
        per_walker = (self.width * self.steps) ** self.level
        if per_walker > 10**8:
            raise InvalidParameterError(
                f"The nesting of {type(self).__name__} is too large: (width * steps) ** level = "
                f"{per_walker} playouts per walker and search (at most 10^8). Lower 'level', "
                f"'width' or 'steps'."
            )

    @property
    def population(self) -> int:
        """Words of one full batch (what the loop reports as the batch size)."""
        return min(self.max_batch, self.walkers * self.width)

    # -- state ------------------------------------------------------------------------------
    def _init_state(self) -> None:
        self.iterations_ = 0
        self.current_ = prior_words(self.problem, self.rng_, self.walkers)
        self.current_scores_ = np.full(self.walkers, -np.inf)
        self.level_ = np.full(self.walkers, self._first_level(), dtype=np.int64)
        self.depth_ = np.full(self.walkers, self._first_depth(), dtype=np.int64)
        self.stall_ = np.zeros(self.walkers, dtype=np.int64)
        self.restarts_ = 0

    def _first_level(self) -> int:
        return self.level

    def _first_depth(self) -> int:
        return self.depth

    # -- one outer iteration: a top-level search from every walker ----------------------------
    def _iteration(self):
        unknown = ~np.isfinite(self.current_scores_)
        if unknown.any():  # fresh words are scored first
            self.current_scores_[unknown] = yield from self._score(self.current_[unknown])
        results = np.empty_like(self.current_)
        result_scores = np.empty(self.walkers)
        for lev in np.unique(self.level_):
            rows = np.flatnonzero(self.level_ == lev)
            W, s, _ = yield from self._nested(
                self.current_[rows], self.current_scores_[rows], int(lev), self.depth_[rows]
            )
            results[rows], result_scores[rows] = W, s
        improved = result_scores > self.current_scores_
        # sideways moves on ties: a walker drifts along a plateau (an equality case) instead
        # of sitting on one of its words until it restarts
        move = result_scores >= self.current_scores_
        self.current_[move] = results[move]
        self.current_scores_[move] = result_scores[move]
        self._adapt(improved)

    def _adapt(self, improved: np.ndarray) -> None:
        """Plain NMCS: a walker restarts after ``patience`` searches without improvement."""
        self.stall_[improved] = 0
        self.stall_[~improved] += 1
        for w in np.flatnonzero(self.stall_ >= self.patience):
            self._restart(int(w))

    def immigrate(self, word: np.ndarray, score: float) -> None:
        """Take an elite from another island: the walker with the worst current word moves there
        (at the end of the current top-level search, which works on its own copies)."""
        w = int(np.argmin(self.current_scores_))
        if score > self.current_scores_[w]:
            self.current_[w], self.current_scores_[w] = np.asarray(word, dtype=np.int8), float(score)
            self.stall_[w] = 0

    def _restart(self, w: int) -> None:
        self.restarts_ += 1
        self.current_[w] = prior_words(self.problem, self.rng_, 1)[0]
        self.current_scores_[w] = -np.inf
        self.stall_[w] = 0
        self.level_[w], self.depth_[w] = self._first_level(), self._first_depth()

    def _score(self, Z: np.ndarray):
        """Yield ``Z`` in batches of at most ``max_batch`` words; return all their scores."""
        out = []
        for a in range(0, len(Z), self.max_batch):
            s = yield Z[a : a + self.max_batch]
            out.append(np.asarray(s, dtype=float))
        return np.concatenate(out) if out else np.zeros(0)

    def _nested(self, S: np.ndarray, s_scores: np.ndarray, level: int, depth: np.ndarray):
        """Level-``level`` searches from the words ``S`` (in lockstep); return the best words,
        their scores and the path each search followed (``(K, steps, dim)``)."""
        K, dim = S.shape
        if level == 0:
            W = apply_random_moves(S.copy(), depth, self.rng_, arity=self.arity_, swap_frac=self.swap_frac)
            scores = yield from self._score(W)
            return W, scores, None
        width, steps = self.width, self.steps
        best, best_s = S.copy(), s_scores.copy()
        path = np.zeros((K, steps, dim), dtype=np.int8)  # the best sequence: word after each step
        has_path = np.zeros(K, dtype=bool)
        cur = S.copy()
        for t in range(steps):
            children = np.repeat(cur, width, axis=0)
            apply_random_moves(
                children,
                np.ones(K * width, dtype=np.int64),
                self.rng_,
                arity=self.arity_,
                swap_frac=self.swap_frac,
            )
            R, r_s, sub = yield from self._nested(
                children, np.full(K * width, -np.inf), level - 1, np.repeat(depth, width)
            )
            r_s = r_s.reshape(K, width)
            j = np.argmax(r_s, axis=1)
            top = r_s[np.arange(K), j]
            pick = np.arange(K) * width + j
            better = top > best_s
            for k in np.flatnonzero(better):
                best[k], best_s[k] = R[pick[k]], top[k]
                path[k, t] = children[pick[k]]
                follow = sub[pick[k]] if sub is not None else np.repeat(R[pick[k]][None], steps, axis=0)
                path[k, t + 1 :] = follow[: steps - t - 1]
                has_path[k] = True
            # follow the best sequence; without one yet, the best child of this step
            nxt = np.where(has_path[:, None], path[:, t], children[pick])
            path[~has_path, t] = children[pick[~has_path]]
            cur = nxt
        return best, best_s, path

    # -- checkpoints / provenance ------------------------------------------------------------
    def config(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "depth": self.depth,
            "width": self.width,
            "steps": self.steps,
            "walkers": self.walkers,
            "patience": self.patience,
            "swap_frac": self.swap_frac,
            "max_batch": self.max_batch,
        }


class AdaptiveMonteCarlo(NestedMonteCarlo):
    """Adaptive Monte Carlo search (AMCS, Vito-Stefanus 2023): nested search whose level and
    playout depth grow while it fails and reset when it improves.

    Parameters
    ----------
    max_depth : int, default 5
        Largest playout depth.
    max_level : int, default 2
        Largest nesting level (Vito-Stefanus advise at most 3: the cost is
        ``(width * steps) ** level`` playouts).
    width : int, default 48
    steps : int, default 1
        One step per level, as in Vito-Stefanus.
    walkers, swap_frac, max_batch
        As for :class:`NestedMonteCarlo`.

    Notes
    -----
    A walker that fails at ``(max_level, max_depth)`` restarts from the encoding's prior.
    """

    name = "amcs"

    def __init__(
        self,
        *,
        max_depth: int = 5,
        max_level: int = 2,
        width: int = 48,
        steps: int = 1,
        walkers: int = 4,
        swap_frac: float = 0.5,
        max_batch: int = 4096,
    ):
        owner = type(self).__name__
        self.max_depth = validate_int(max_depth, "max_depth", owner, min_value=0)
        self.max_level = validate_int(max_level, "max_level", owner, min_value=1, max_value=6)
        super().__init__(
            level=self.max_level,
            depth=0,
            width=width,
            steps=steps,
            walkers=walkers,
            patience=1,
            swap_frac=swap_frac,
            max_batch=max_batch,
        )

    def _first_level(self) -> int:
        return 1

    def _first_depth(self) -> int:
        return 0

    def _adapt(self, improved: np.ndarray) -> None:
        for w in range(self.walkers):
            if improved[w]:
                self.level_[w], self.depth_[w] = 1, 0
            elif self.depth_[w] < self.max_depth:
                self.depth_[w] += 1
            elif self.level_[w] < self.max_level:
                self.level_[w], self.depth_[w] = self.level_[w] + 1, 0
            else:
                self._restart(w)

    def config(self) -> dict[str, Any]:
        return {
            "max_depth": self.max_depth,
            "max_level": self.max_level,
            "width": self.width,
            "steps": self.steps,
            "walkers": self.walkers,
            "swap_frac": self.swap_frac,
            "max_batch": self.max_batch,
        }
