"""A move game as a gymnasium environment whose observation is one feature row per legal move.

The action set of a move game changes from state to state (a braid word of 40 letters has
more braid-relation sites than one of 10; Buchberger's algorithm has as many actions as pending
S-pairs). :class:`MoveGameEnv` therefore observes the state through its **actions**: the
observation is an ``(m_t, d)`` float32 array, row ``i`` describing legal move ``i`` (e.g. the
features of the state it leads to), and ``step(i)`` plays move ``i``. A policy that scores every
row with one shared network and takes a softmax over the rows (:class:`~conjectura.guide.ppo.
RowPolicy`) handles any ``m_t`` and is equivariant under reordering the moves; nothing is padded
to a fixed action count.

Gymnasium conventions: ``reset(seed=..., options={"state": s})`` starts an episode (from
``starts`` or the given state); ``step`` returns ``(obs, reward, terminated, truncated, info)``
with ``terminated`` when the game is solved and ``truncated`` at ``max_steps`` or when no move is
legal (a dead end: "not solved within the episode", never "unsolvable"). ``info`` carries the
``state``, the legal ``moves`` (in row order) and, after a step, the ``move`` played. The
observation space is a :class:`gymnasium.spaces.Sequence` of ``d``-vectors (stacked); the action
space is ``Discrete(m_t)``, replaced at every step.

Rewards (``reward=``):

``"cost"``
    :math:`r_t = -\\mathrm{cost}(s_{t+1})`: for braids minus the length of the word reached
    (plus ``strands - 1``), the per-step penalty of Gukov, Halverson, Ruehle and Sułkowski,
    which makes short words early worth more than a lucky finish.
``"step"``
    :math:`r_t = -\\mathrm{step\\_cost}(s_t, a_t, s_{t+1})` (default 1 per move): minus the
    work of the move, e.g. :math:`1 +` the polynomial additions of a Buchberger reduction (Peifer,
    Stillman, Halpern-Leistner).
a callable
    ``reward(state, move, next_state) -> float``.

Potential-based shaping (``potential=Φ``, ``gamma=γ``) adds :math:`\\gamma\\Phi(s_{t+1}) -
\\Phi(s_t)` to every reward, with :math:`\\Phi = 0` at goals. This changes no optimal policy
(Ng, Harada and Russell 1999) but can make the learning signal of a single move visible: with
``reward="cost"`` and :math:`\\Phi = -\\mathrm{cost}/(1 - \\gamma)` the shaped reward is
:math:`(\\mathrm{cost}(s_t) - \\mathrm{cost}(s_{t+1}))/(1 - \\gamma)`, the progress of the move,
instead of minus a length that mostly reflects where the episode started. ``info["task_reward"]``
is always the unshaped reward.

References
----------
M. Towers et al., "Gymnasium: A Standard Interface for Reinforcement Learning Environments"
(2024), arXiv:2407.17032. A. Y. Ng, D. Harada, S. Russell, "Policy invariance under reward
transformations: theory and application to reward shaping", ICML 1999. S. Gukov, J. Halverson, F. Ruehle, P. Sułkowski, "Learning to unknot",
Mach. Learn.: Sci. Technol. 2 (2021) 025035, arXiv:2010.16263. D. Peifer, M. Stillman,
D. Halpern-Leistner, "Learning selection strategies in Buchberger's algorithm", ICML 2020,
arXiv:2005.01917.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import numpy as np

from conjectura.core.seeding import SeedLike
from conjectura.core.validation import validate_float, validate_int
from conjectura.exceptions import InvalidParameterError
from conjectura.guide.game import MoveGame, successors

__all__ = ["MoveGameEnv", "MoveFeatures"]

MoveFeatures = Callable[[Any, Sequence[tuple[Any, Any]]], np.ndarray]


def _gym():
    try:
        import gymnasium
    except ImportError as exc:  # pragma: no cover - gymnasium is a declared extra
        from conjectura.exceptions import MissingDependencyError

        raise MissingDependencyError("MoveGameEnv needs gymnasium: pip install 'conjectura[guide]'.") from exc
    return gymnasium


def _base():
    return _gym().Env


class MoveGameEnv(_base()):
    """A gymnasium environment over any :class:`~conjectura.guide.MoveGame`.

    Parameters
    ----------
    game : MoveGame
    starts : callable or sequence
        ``starts(rng) -> state`` draws a start state with the environment's generator (seeded by
        ``reset(seed=...)``), or a sequence of start states drawn uniformly.
    move_features : callable
        ``move_features(state, successors) -> (m, d) array``, ``successors`` the list of
        ``(move, next_state)`` pairs of the legal moves (row ``i`` describes pair ``i``).
    n_features : int
        ``d``, the width of a row.
    reward : {"cost", "step"} or callable
        See the module docstring.
    max_steps : int
        Episode length cap (``truncated`` after it).
    potential : callable, optional
        ``Φ(state) -> float`` for potential-based shaping (see the module docstring).
    gamma : float
        The discount of the shaping term (the learner's discount).

    Examples
    --------
    >>> class Line:  # walk from s to 0 on the integers
    ...     def legal_moves(self, s): return [-1, 1]
    ...     def apply(self, s, m): return s + m
    ...     def is_solved(self, s): return s == 0
    ...     def key(self, s): return s
    ...     def cost(self, s): return abs(s)
    >>> rows = lambda s, succ: np.array([[m, abs(t)] for m, t in succ], dtype=np.float32)
    >>> env = MoveGameEnv(Line(), [2], rows, 2, max_steps=10)
    >>> obs, info = env.reset(seed=0)
    >>> obs.tolist(), info["moves"]
    ([[-1.0, 1.0], [1.0, 3.0]], [-1, 1])
    >>> _, r, terminated, truncated, _ = env.step(0)
    >>> r, terminated
    (-1.0, False)
    >>> env.step(0)[1:4]
    (0.0, True, False)
    """

    metadata: ClassVar[dict[str, Any]] = {"render_modes": []}

    def __init__(
        self,
        game: MoveGame,
        starts: Callable[[np.random.Generator], Any] | Sequence[Any],
        move_features: MoveFeatures,
        n_features: int,
        *,
        reward: str | Callable[[Any, Any, Any], float] = "cost",
        max_steps: int = 200,
        potential: Callable[[Any], float] | None = None,
        gamma: float = 0.99,
    ):
        gym = _gym()
        validate_int(n_features, "n_features", "MoveGameEnv", min_value=1)
        validate_int(max_steps, "max_steps", "MoveGameEnv", min_value=1)
        if not callable(starts):
            starts = list(starts)
            if not starts:
                raise InvalidParameterError("The 'starts' parameter of MoveGameEnv must not be empty.")
        if reward == "cost" and getattr(game, "cost", None) is None:
            raise InvalidParameterError(
                f"MoveGameEnv(reward='cost') needs {type(game).__name__}.cost(state); pass reward='step' or a callable."
            )
        if not (reward in ("cost", "step") or callable(reward)):
            raise InvalidParameterError(
                f"The 'reward' parameter of MoveGameEnv must be 'cost', 'step' or a callable. Got {reward!r} instead."
            )
        self.game = game
        self.starts = starts
        self.move_features = move_features
        self.n_features = int(n_features)
        self.reward = reward
        self.max_steps = int(max_steps)
        self.potential = potential
        self.gamma = validate_float(gamma, "gamma", "MoveGameEnv", min_value=0.0, max_value=1.0)
        self.observation_space = gym.spaces.Sequence(
            gym.spaces.Box(-np.inf, np.inf, shape=(self.n_features,), dtype=np.float32), stack=True
        )
        self.action_space = gym.spaces.Discrete(1)
        self.state: Any = None
        self._succ: list[tuple[Any, Any]] = []
        self.steps = 0

    # -- gymnasium API ---------------------------------------------------------------------
    def reset(self, *, seed: SeedLike = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed if not isinstance(seed, np.random.Generator) else None)
        if isinstance(seed, np.random.Generator):
            self._np_random = seed
        if options and "state" in options:
            state = options["state"]
        elif callable(self.starts):
            state = self.starts(self.np_random)
        else:
            state = self.starts[int(self.np_random.integers(len(self.starts)))]
        self.state, self.steps = state, 0
        return self._observe(), self._info()

    def step(self, action: int):
        if self.state is None:
            raise InvalidParameterError("MoveGameEnv.step was called before reset().")
        m = len(self._succ)
        a = int(action)
        if not 0 <= a < m:
            raise InvalidParameterError(
                f"The action of MoveGameEnv.step must be in [0, {m}). Got {action!r} instead."
            )
        move, nxt = self._succ[a]
        if self.reward == "cost":
            r = 0.0 - float(self.game.cost(nxt))  # 0.0, not -0.0, at the goal
        elif self.reward == "step":
            sc = getattr(self.game, "step_cost", None)
            r = 0.0 - (1.0 if sc is None else float(sc(self.state, move, nxt)))
        else:
            r = float(self.reward(self.state, move, nxt))
        task_reward = r
        terminated = bool(self.game.is_solved(nxt))
        if self.potential is not None:
            phi_next = 0.0 if terminated else float(self.potential(nxt))
            r += self.gamma * phi_next - float(self.potential(self.state))
        prev, self.state = self.state, nxt
        self.steps += 1
        obs = self._observe(terminal=terminated)
        truncated = not terminated and (self.steps >= self.max_steps or not self._succ)
        info = self._info()
        info.update(move=move, previous=prev, task_reward=task_reward)
        return obs, r, terminated, truncated, info

    # -- helpers ---------------------------------------------------------------------------
    def _observe(self, terminal: bool = False) -> np.ndarray:
        if terminal or self.game.is_solved(self.state):
            self._succ = []
            return np.zeros((0, self.n_features), dtype=np.float32)
        self._succ = successors(self.game, self.state)
        rows = np.asarray(self.move_features(self.state, self._succ), dtype=np.float32)
        if rows.shape != (len(self._succ), self.n_features):
            raise InvalidParameterError(
                f"move_features returned shape {rows.shape} for {len(self._succ)} moves; expected "
                f"({len(self._succ)}, {self.n_features})."
            )
        self.action_space = _gym().spaces.Discrete(max(len(self._succ), 1))
        return rows

    def _info(self) -> dict[str, Any]:
        return {"state": self.state, "moves": [m for m, _ in self._succ], "steps": self.steps}
