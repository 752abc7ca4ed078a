r"""Nested rollout policy adaptation (Rosin 2011) over letter flips, many policies in lockstep.

A sequence is ``horizon`` distinct letter positions to flip, starting from a root word (for
graphs: edges to add or delete; from the empty word, ``horizon`` edges to add, the constructive
setting of Roucairol and Cazenave). The policy gives every position :math:`p` a weight
:math:`W_p`; a playout chooses the next position among those not yet chosen with probability
:math:`\propto e^{W_p}`. Choosing in turn without replacement from these softmax distributions
is sampling the Plackett-Luce order, i.e. sorting :math:`W_p + G_p` with independent Gumbel
noise :math:`G_p`; a batch of playouts is one ``argsort``.

Level :math:`\ell \ge 1` runs ``iterations`` searches of level :math:`\ell-1` on a copy of its
policy, keeps the best sequence (ties go to the newer one) and adapts the policy towards it
after each (Rosin's ``Adapt``):

.. math::

    W'_{s_t} \mathrel{+}= \alpha, \qquad
    W'_p \mathrel{-}= \alpha \, \frac{e^{W_p}}{\sum_{q \in \mathrm{legal}_t} e^{W_q}}
    \quad (p \in \mathrm{legal}_t), \qquad t = 1, \dots, \mathrm{horizon},

with the probabilities taken from the policy before the update. Each walker repeats top-level
searches from its root with a fresh policy and moves its root to the best word when it is at
least as good (iterated NRPA; ties move along a plateau such as a conjecture's equality case); after ``patience`` top-level searches without improvement it restarts from a
new word of the encoding's prior (or the empty word).

Vectorisation: NRPA's control flow does not depend on scores, so ``walkers`` independent
searches run in lockstep; each playout step of all walkers is one batch of words, and
``Adapt`` for all walkers and all steps is one array expression.

References
----------
.. [1] C. D. Rosin, "Nested Rollout Policy Adaptation for Monte Carlo Tree Search", IJCAI 2011,
   649-654.
.. [2] T. Cazenave, F. Teytaud, "Application of the Nested Rollout Policy Adaptation Algorithm
   to the Traveling Salesman Problem with Time Windows", LION 2012 (the restarts).
.. [3] M. Roucairol, T. Cazenave, "Refutation of spectral graph theory conjectures with Monte
   Carlo search", COCOON 2022, arXiv:2207.03343.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from conjectura.core.validation import validate_choice, validate_float, validate_int
from conjectura.exceptions import InvalidParameterError
from conjectura.searching.rollouts import RolloutEngine, prior_words

__all__ = ["NestedRolloutPolicy", "adapt_policy", "plackett_luce_playouts"]


def plackett_luce_playouts(W: np.ndarray, horizon: int, rng: np.random.Generator) -> np.ndarray:
    """One playout per row of the policy ``W`` (shape ``(B, L)``): ``horizon`` distinct
    positions in the order chosen, shape ``(B, horizon)``.

    Sorting :math:`W + G` with Gumbel noise :math:`G` samples the sequential softmax choice
    without replacement (Yellott 1977; the "Gumbel-top-k trick").

    >>> plackett_luce_playouts(np.array([[0.0, 50.0, -50.0]]), 2, np.random.default_rng(0)).tolist()
    [[1, 0]]
    """
    G = W - np.log(-np.log(rng.random(W.shape)))
    return np.argsort(-G, axis=1, kind="stable")[:, :horizon]


def adapt_policy(W: np.ndarray, seq: np.ndarray, alpha: float) -> np.ndarray:
    r"""Rosin's ``Adapt`` of every row of ``W`` towards the sequence ``seq[b]``, all steps at once.

    Returns the new policy; ``W`` is not changed. The probabilities of step :math:`t` are the
    softmax of ``W`` over the positions not in ``seq[b, :t]``.

    >>> W = adapt_policy(np.zeros((1, 2)), np.array([[1]]), 1.0)
    >>> W.tolist()
    [[-0.5, 0.5]]
    """
    B, L = W.shape
    H = seq.shape[1]
    chosen = np.zeros((B, H, L), dtype=bool)  # chosen[b, t, p]: p is seq[b, t]
    chosen[np.arange(B)[:, None], np.arange(H)[None, :], seq] = True
    legal = ~(np.cumsum(chosen, axis=1) - chosen).astype(bool)  # not chosen before step t
    e = np.exp(W - W.max(axis=1, keepdims=True))[:, None, :] * legal
    P = e / e.sum(axis=2, keepdims=True)
    return W + alpha * (chosen.sum(axis=1) - P.sum(axis=1))


class NestedRolloutPolicy(RolloutEngine):
    """Nested rollout policy adaptation (NRPA) over letter flips of binary words.

    Parameters
    ----------
    level : int, default 2
        Nesting level of each top-level search.
    iterations : int, default 30
        Searches of the level below per level (Rosin's :math:`N`; he uses 100).
    horizon : int, default 4
        Positions flipped by a playout (``<=`` the word length).
    alpha : float, default 1.0
        Adaptation step.
    walkers : int, default 32
        Independent searches in lockstep (the batch size of a playout).
    root : {"prior", "empty"}, default "prior"
        First root of a walker and of its restarts: a word of the encoding's prior, or the
        all-zero word (for graphs: build ``horizon`` edges from the empty graph).
    patience : int, default 3
        Top-level searches without improvement before a walker restarts.

    Examples
    --------
    >>> import conjectura as cj
    >>> res = cj.search("graphs/zagreb-indices", NestedRolloutPolicy(), budget="50000e", seed=0)
    >>> res.found
    True
    """

    name = "nrpa"
    _STATE = ("root_", "root_scores_", "stall_", "restarts_")

    def __init__(
        self,
        *,
        level: int = 2,
        iterations: int = 30,
        horizon: int = 4,
        alpha: float = 1.0,
        walkers: int = 32,
        root: str = "prior",
        patience: int = 3,
    ):
        owner = "NestedRolloutPolicy"
        self.level = validate_int(level, "level", owner, min_value=1, max_value=5)
        self.iterations = validate_int(iterations, "iterations", owner, min_value=1)
        self.horizon = validate_int(horizon, "horizon", owner, min_value=1)
        self.alpha = validate_float(alpha, "alpha", owner, min_value=0.0, min_inclusive=False)
        self.walkers = validate_int(walkers, "walkers", owner, min_value=1)
        self.root = validate_choice(root, "root", owner, ["prior", "empty"])
        self.patience = validate_int(patience, "patience", owner, min_value=1)
        if self.iterations**self.level > 10**8:
            raise InvalidParameterError(
                f"The nesting of {owner} is too large: iterations ** level = "
                f"{self.iterations**self.level} playouts per search (at most 10^8)."
            )

    @property
    def population(self) -> int:
        return self.walkers

    def _init_state(self) -> None:
        if self.arity_ != 2:
            raise InvalidParameterError(
                f"The NRPA engine flips letters of binary words; problem {self.problem.name!r} "
                f"has an alphabet of size {self.arity_}."
            )
        if self.horizon > self.dim_:
            raise InvalidParameterError(
                f"The 'horizon' parameter of NestedRolloutPolicy must be at most the word length "
                f"{self.dim_}. Got {self.horizon} instead."
            )
        self.iterations_ = 0
        self.root_ = self._new_roots(self.walkers)
        self.root_scores_ = np.full(self.walkers, -np.inf)
        self.stall_ = np.zeros(self.walkers, dtype=np.int64)
        self.restarts_ = 0

    def _new_roots(self, k: int) -> np.ndarray:
        if self.root == "empty":
            return np.zeros((k, self.dim_), dtype=np.int8)
        return prior_words(self.problem, self.rng_, k)

    # -- one outer iteration -------------------------------------------------------------------
    def _iteration(self):
        immigrant = getattr(self, "pending_root_", None)
        if immigrant is not None:
            w, word, score = immigrant
            self.root_[w], self.root_scores_[w], self.pending_root_ = word, score, None
        unknown = ~np.isfinite(self.root_scores_)
        if unknown.any():
            self.root_scores_[unknown] = yield self.root_[unknown]
        W = np.zeros((self.walkers, self.dim_))
        score, seq = yield from self._nrpa(self.level, W)
        improved = score > self.root_scores_
        words = self._words(seq)
        move = score >= self.root_scores_  # ties move the root along a plateau
        self.root_[move] = words[move]
        self.root_scores_[move] = score[move]
        self.stall_[improved] = 0
        self.stall_[~improved] += 1
        stuck = np.flatnonzero(self.stall_ >= self.patience)
        if len(stuck):
            self.restarts_ += len(stuck)
            self.root_[stuck] = self._new_roots(len(stuck))
            self.root_scores_[stuck] = -np.inf
            self.stall_[stuck] = 0

    def immigrate(self, word: np.ndarray, score: float) -> None:
        """Take an elite from another island as the root of the walker with the worst root (from
        its next top-level search on)."""
        w = int(np.argmin(self.root_scores_))
        if score > self.root_scores_[w]:
            self.pending_root_ = (w, np.asarray(word, dtype=np.int8), float(score))

    def _words(self, seq: np.ndarray) -> np.ndarray:
        Z = self.root_.copy()
        rows = np.arange(len(Z))[:, None]
        Z[rows, seq] ^= 1
        return Z

    def _nrpa(self, level: int, W: np.ndarray):
        """Level-``level`` NRPA for every walker from policy ``W``; return scores and sequences."""
        if level == 0:
            seq = plackett_luce_playouts(W, self.horizon, self.rng_)
            scores = yield self._words(seq)
            return np.asarray(scores, dtype=float), seq
        B = len(W)
        best = np.full(B, -np.inf)
        best_seq = np.zeros((B, self.horizon), dtype=np.int64)
        for _ in range(self.iterations):
            s, seq = yield from self._nrpa(level - 1, W.copy())
            newer = s >= best
            best[newer], best_seq[newer] = s[newer], seq[newer]
            W = adapt_policy(W, best_seq, self.alpha)
        return best, best_seq

    def config(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "iterations": self.iterations,
            "horizon": self.horizon,
            "alpha": self.alpha,
            "walkers": self.walkers,
            "root": self.root,
            "patience": self.patience,
        }
