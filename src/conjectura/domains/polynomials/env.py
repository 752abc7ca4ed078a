r"""Buchberger's algorithm as a gymnasium environment: the agent chooses the next S-pair.

An episode is one run of Buchberger's algorithm (Gebauer--Moller pair elimination, reducers
sorted, full reduction; :class:`~conjectura.domains.polynomials.buchberger.BuchbergerState`) on a
random ideal of a distribution ``n-d-s-kind``. The observation is the pair matrix of Peifer,
Stillman and Halpern-Leistner: one row per pending S-pair :math:`(i, j)`, the exponent vectors of
the leading monomials of the first ``k`` terms of :math:`g_i` and then of :math:`g_j` (width
:math:`2kn`, zero-padded for polynomials with fewer terms). The action is a row index; the reward
of a step is :math:`-(1 + \text{additions})`, the additions of the reduction of the chosen
S-polynomial; the episode terminates when no pair is pending (the basis is then a Groebner basis,
which :func:`~conjectura.domains.polynomials.groebner.check_groebner_basis` certifies).

:meth:`BuchbergerEnv.strategy_value` is the value baseline Peifer et al. recommend: the
discounted return the Degree strategy (or any strategy) collects from the current state.

References
----------
D. Peifer, M. Stillman, D. Halpern-Leistner, "Learning selection strategies in Buchberger's
algorithm", ICML 2020, PMLR 119:7575-7585, arXiv:2005.01917. M. Towers et al., "Gymnasium: A
Standard Interface for Reinforcement Learning Environments" (2024), arXiv:2407.17032.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from conjectura.core.seeding import SeedLike
from conjectura.domains.polynomials.buchberger import ELIMINATIONS, BuchbergerState, initial_state, rollout
from conjectura.domains.polynomials.ideals import IdealDistribution, _as_distribution
from conjectura.exceptions import InvalidParameterError

__all__ = ["BuchbergerEnv", "discounted_return"]


def _gym():
    try:
        import gymnasium
    except ImportError as exc:  # pragma: no cover - gymnasium is a declared extra
        from conjectura.exceptions import MissingDependencyError

        raise MissingDependencyError(
            "BuchbergerEnv needs gymnasium: pip install 'conjectura[guide]'."
        ) from exc
    return gymnasium


def discounted_return(costs: np.ndarray, gamma: float) -> float:
    r""":math:`-\sum_t \gamma^t c_t` for step costs :math:`c_t` (rewards :math:`-c_t`).

    >>> discounted_return(np.array([2, 4]), 0.5)
    -4.0
    """
    c = np.asarray(costs, dtype=np.float64)
    return -float(np.dot(c, gamma ** np.arange(len(c))))


class BuchbergerEnv(_gym().Env):
    """Select S-pairs in Buchberger's algorithm on random ideals of ``dist``.

    Parameters
    ----------
    dist : str or IdealDistribution, default '3-20-10-weighted'
        ``n-d-s-{uniform|weighted|maximum}`` (Peifer et al. 2020).
    k : int, default 2
        Leading terms per polynomial in a row (rows have width ``2 k n``).
    elimination : {'gebauer-moller', 'lcm', 'none'}

    Attributes
    ----------
    n_features : int
        ``2 k n``.
    state : BuchbergerState
        The running computation (after :meth:`reset`).

    Examples
    --------
    >>> env = BuchbergerEnv("3-20-10-weighted")
    >>> obs, info = env.reset(seed=0)
    >>> obs.shape[1], obs.dtype, obs.shape[0] == env.state.num_pairs
    (12, dtype('float32'), True)
    >>> total, done = 0.0, False
    >>> while not done:
    ...     obs, r, done, truncated, info = env.step(0)
    ...     total += r
    >>> -total == env.state.stats.polynomial_additions, obs.shape
    (True, (0, 12))
    """

    metadata: ClassVar[dict[str, Any]] = {"render_modes": []}

    def __init__(
        self,
        dist: str | IdealDistribution = "3-20-10-weighted",
        *,
        k: int = 2,
        elimination: str = "gebauer-moller",
    ):
        gym = _gym()
        self.dist = _as_distribution(dist)
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise InvalidParameterError(
                f"The 'k' parameter of BuchbergerEnv must be an int >= 1. Got {k!r} instead."
            )
        if elimination not in ELIMINATIONS:
            raise InvalidParameterError(
                f"The 'elimination' parameter of BuchbergerEnv must be one of {list(ELIMINATIONS)}. "
                f"Got {elimination!r} instead."
            )
        self.k, self.elimination = k, elimination
        self.n_features = 2 * k * self.dist.n
        self.observation_space = gym.spaces.Sequence(
            gym.spaces.Box(0, np.inf, shape=(self.n_features,), dtype=np.float32), stack=True
        )
        self.action_space = gym.spaces.Discrete(1)
        self.state: BuchbergerState | None = None

    def reset(self, *, seed: SeedLike = None, options: dict[str, Any] | None = None):
        """Start on a fresh ideal of ``dist`` drawn from ``seed`` (an ideal with no S-pair is
        redrawn), or on ``options["generators"]`` / ``options["state"]``."""
        super().reset(seed=seed if not isinstance(seed, np.random.Generator) else None)
        if isinstance(seed, np.random.Generator):
            self._np_random = seed
        if options and "state" in options:
            self.state = options["state"]
        elif options and "generators" in options:
            self.state = BuchbergerState(options["generators"], k=self.k, elimination=self.elimination)
        else:
            self.state = initial_state(self.dist, seed=self.np_random, k=self.k, elimination=self.elimination)
        return self._observe(), {"pairs": self.state.num_pairs}

    def step(self, action: int):
        if self.state is None:
            raise InvalidParameterError("BuchbergerEnv.step was called before reset().")
        adds = self.state.step(action)
        obs = self._observe()
        return obs, float(-(1 + adds)), self.state.done, False, {"additions": adds}

    def _observe(self) -> np.ndarray:
        self.action_space = _gym().spaces.Discrete(max(self.state.num_pairs, 1))
        return self.state.observation().astype(np.float32)

    def strategy_value(self, strategy: str = "degree", gamma: float = 0.99) -> float:
        r"""Discounted return :math:`-\sum_t \gamma^t (1 + a_t)` of ``strategy`` finishing the
        current computation (on a copy): the value baseline of Peifer et al. (2020)."""
        if self.state is None or self.state.done:
            return 0.0
        return discounted_return(rollout(self.state, strategy), gamma)
