r"""Proximal policy optimisation over a variable set of actions, in one readable training loop.

The environments of :mod:`conjectura.guide` observe a state through its legal moves: an
``(m_t, d)`` array, one feature row per move (:class:`~conjectura.guide.env.MoveGameEnv`,
Buchberger's pending S-pairs). The policy applies **one** small network :math:`f_\theta` to every
row and takes a softmax over the rows,

.. math::

    \pi_\theta(a_i \mid s) = \frac{e^{f_\theta(x_i)}}{\sum_{j=1}^{m_t} e^{f_\theta(x_j)}},

so it accepts any number of moves and reordering the moves reorders the probabilities (it is
permutation-equivariant); the value baseline :math:`V_\phi(s) = g_\phi(\operatorname{mean}_i
h_\phi(x_i), \max_i h_\phi(x_i))` is a Deep Sets function of the rows, hence invariant. This is
the policy of Peifer, Stillman and Halpern-Leistner for S-pair selection (their "parallel
multilayer perceptron"), and it scores braid moves by what they do to the word.

Training is PPO with the clipped surrogate (Schulman et al. 2017),

.. math::

    L(\theta) = \mathbb{E}_t\left[\min\left(\rho_t \hat A_t,
    \operatorname{clip}(\rho_t, 1 - \epsilon, 1 + \epsilon) \hat A_t\right)\right],
    \qquad \rho_t = \frac{\pi_\theta(a_t \mid s_t)}{\pi_{\theta_\text{old}}(a_t \mid s_t)},

with generalised advantage estimation (:func:`gae`), a squared-error value loss and an entropy
bonus; defaults :math:`\epsilon = 0.2`, :math:`\gamma = 0.99`, :math:`\lambda = 0.97` as Peifer
et al. use.

Why not a library: TorchRL and Stable-Baselines3 model a policy as a map from one state vector
to logits over a fixed ``Discrete(n)``; a variable action set becomes "pad to the largest
``n`` and mask", and actions described by their own feature rows do not fit their policy classes
at all. A row-wise policy over a ragged batch is the whole difficulty here, and the PPO update
itself is forty lines, so it is written out (nanoGPT style: one function read top to bottom).

Reproducibility: iteration ``k`` draws its episodes, actions and minibatches from generators
seeded by ``(config.seed, k)``, so a run resumed from the checkpoint of iteration ``k`` continues
exactly as the uninterrupted run (the checkpoint holds the weights and the optimiser's moments).

References
----------
J. Schulman, F. Wolski, P. Dhariwal, A. Radford, O. Klimov, "Proximal policy optimization
algorithms" (2017), arXiv:1707.06347. J. Schulman, P. Moritz, S. Levine, M. Jordan, P. Abbeel,
"High-dimensional continuous control using generalized advantage estimation", ICLR 2016,
arXiv:1506.02438. D. Peifer, M. Stillman, D. Halpern-Leistner, "Learning selection strategies in
Buchberger's algorithm", ICML 2020, arXiv:2005.01917. M. Zaheer et al., "Deep sets", NeurIPS
2017, arXiv:1703.06114. S. Gukov, J. Halverson, F. Ruehle, P. Sułkowski, "Learning to unknot",
Mach. Learn.: Sci. Technol. 2 (2021) 025035, arXiv:2010.16263.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from conjectura.core.jsonable import to_jsonable
from conjectura.core.seeding import SeedLike, as_generator
from conjectura.core.threads import limit_threads
from conjectura.core.validation import validate_float, validate_int
from conjectura.exceptions import InvalidParameterError
from conjectura.guide.checkpoint import (
    adam_arrays,
    load_adam_arrays,
    load_module_arrays,
    module_arrays,
    read_checkpoint,
    write_checkpoint,
)
from conjectura.guide.game import MoveGame, SolveResult, _Clock, successors
from conjectura.guide.nets import Standardize, mlp

__all__ = ["PPOConfig", "RowPolicy", "PPOResult", "gae", "train_ppo", "load_policy", "policy_solver"]

KIND = "conjectura-guide-ppo/1"
CHECKPOINT_NAME = "ppo"


@dataclass(frozen=True, kw_only=True)
class PPOConfig:
    """Hyperparameters of :func:`train_ppo` (defaults: Peifer et al.'s clip, γ and λ).

    Attributes
    ----------
    hidden : tuple of int
        Widths of the row network's hidden layers (the critic uses the same widths).
    iterations : int
        Policy updates; each collects ``episodes`` fresh episodes.
    episodes : int
        Episodes per iteration.
    epochs, minibatch : int
        Passes over an iteration's steps, and steps per gradient step.
    lr : float
        Adam learning rate.
    gamma, lam : float
        Discount and GAE parameter.
    clip : float
        PPO's :math:`\\epsilon`.
    value_coef, entropy_coef : float
        Weights of the value loss and the entropy bonus.
    max_grad_norm : float
        Gradient clipping (of the actor's and the critic's gradients separately).
    reward_scale : float
        Rewards are multiplied by it before learning (keeps value targets of order one: a braid
        episode's return is minus a sum of word lengths, hundreds to thousands).
    warmup_episodes : int
        Episodes of the initial (uniform) policy whose rows fix the input standardisation.
    imitation_episodes, imitation_epochs, imitation_lr : int, int, float
        Behaviour cloning of a teacher before PPO (see :func:`train_ppo`); 0 episodes: none.
    seed : int
        The one seed of the run.
    threads : int
        Torch/BLAS threads while training (one is fastest on a shared machine).
    """

    hidden: tuple[int, ...] = (64, 64)
    iterations: int = 100
    episodes: int = 16
    epochs: int = 4
    minibatch: int = 256
    lr: float = 3e-4
    gamma: float = 0.99
    lam: float = 0.97
    clip: float = 0.2
    value_coef: float = 0.5
    entropy_coef: float = 0.01
    max_grad_norm: float = 0.5
    reward_scale: float = 1.0
    warmup_episodes: int = 8
    imitation_episodes: int = 0
    imitation_epochs: int = 10
    imitation_lr: float = 1e-3
    seed: int = 0
    threads: int = 1

    def __post_init__(self):
        owner = "PPOConfig"
        object.__setattr__(self, "hidden", tuple(int(h) for h in self.hidden))
        if not self.hidden or min(self.hidden) < 1:
            raise InvalidParameterError(
                f"The 'hidden' parameter of {owner} must be non-empty positive widths. Got {self.hidden!r} instead."
            )
        for name in ("iterations", "episodes", "epochs", "minibatch", "threads"):
            validate_int(getattr(self, name), name, owner, min_value=1)
        validate_int(self.warmup_episodes, "warmup_episodes", owner, min_value=0)
        validate_int(self.imitation_episodes, "imitation_episodes", owner, min_value=0)
        validate_int(self.imitation_epochs, "imitation_epochs", owner, min_value=1)
        validate_float(self.imitation_lr, "imitation_lr", owner, min_value=0.0, min_inclusive=False)
        validate_int(self.seed, "seed", owner, min_value=0)
        validate_float(self.lr, "lr", owner, min_value=0.0, min_inclusive=False)
        validate_float(self.gamma, "gamma", owner, min_value=0.0, max_value=1.0)
        validate_float(self.lam, "lam", owner, min_value=0.0, max_value=1.0)
        validate_float(self.clip, "clip", owner, min_value=0.0, min_inclusive=False)
        for name in ("value_coef", "entropy_coef", "max_grad_norm"):
            validate_float(getattr(self, name), name, owner, min_value=0.0)
        validate_float(self.reward_scale, "reward_scale", owner, min_value=0.0, min_inclusive=False)

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(dataclasses.asdict(self))


class RowPolicy(nn.Module):
    """Row-wise actor :math:`f_\\theta` and Deep Sets critic over ``(batch, rows, d)`` inputs.

    Parameters
    ----------
    n_features : int
        ``d``, the width of a move's feature row.
    hidden : tuple of int

    Examples
    --------
    >>> p = RowPolicy(3, (8,))
    >>> x = torch.randn(1, 5, 3)
    >>> logits, v = p(x)
    >>> logits.shape, v.shape
    (torch.Size([1, 5]), torch.Size([1]))
    """

    def __init__(self, n_features: int, hidden: Sequence[int] = (64, 64)):
        super().__init__()
        hidden = tuple(hidden)
        self.n_features, self.hidden = int(n_features), hidden
        self.norm = Standardize(n_features)
        self.actor = mlp(n_features, hidden, 1)
        self.embed = nn.Sequential(mlp(n_features, hidden[:-1], hidden[-1]), nn.Tanh())
        self.value_head = nn.Linear(2 * hidden[-1], 1)
        # orthogonal init, small last actor layer: the initial policy is near uniform over rows
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.orthogonal_(m.weight, gain=float(np.sqrt(2)))
                nn.init.zeros_(m.bias)
        nn.init.orthogonal_(self.actor[-1].weight, gain=0.01)
        nn.init.orthogonal_(self.value_head.weight, gain=1.0)

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """Logits ``(B, M)`` (``-inf`` on padded rows) and values ``(B,)``; ``mask`` marks real rows."""
        if mask is None:
            mask = torch.ones(x.shape[:2], dtype=torch.bool)
        z = self.norm(x)
        logits = self.actor(z).squeeze(-1).masked_fill(~mask, float("-inf"))
        e = self.embed(z)
        w = mask.unsqueeze(-1).to(e.dtype)
        mean = (e * w).sum(1) / w.sum(1).clamp(min=1.0)
        mx = e.masked_fill(~mask.unsqueeze(-1), float("-inf")).max(1).values
        mx = torch.where(torch.isfinite(mx), mx, torch.zeros_like(mx))  # a state with no rows
        value = self.value_head(torch.cat([mean, mx], dim=-1)).squeeze(-1)
        return logits, value

    @torch.no_grad()
    def numpy_actor(self) -> Callable[[np.ndarray], np.ndarray]:
        """A frozen copy of the actor as a numpy function ``rows (m, d) -> logits (m,)``.

        Tens of times faster than a torch call on one small state (no dispatch overhead); the
        logits agree with :meth:`forward` to float32 rounding.
        """
        mean = self.norm.mean.numpy().copy()
        std = self.norm.std.numpy().copy()
        layers = [
            (m.weight.detach().numpy().T.copy(), m.bias.detach().numpy().copy())
            for m in self.actor
            if isinstance(m, nn.Linear)
        ]

        def logits(rows: np.ndarray) -> np.ndarray:
            z = (np.asarray(rows, dtype=np.float32) - mean) / std
            for W, b in layers[:-1]:
                z = np.tanh(z @ W + b)
            W, b = layers[-1]
            return (z @ W + b)[:, 0]

        return logits

    @torch.no_grad()
    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """:math:`\\pi(\\cdot \\mid s)` over the ``m`` rows of one state (an ``(m, d)`` array)."""
        logits, _ = self(torch.as_tensor(np.asarray(rows, dtype=np.float32))[None])
        return torch.softmax(logits[0], dim=0).numpy()

    @torch.no_grad()
    def value(self, rows: np.ndarray) -> float:
        """:math:`V(s)` from the rows of one state (0 for a state without rows)."""
        if len(rows) == 0:
            return 0.0
        return float(self(torch.as_tensor(np.asarray(rows, dtype=np.float32))[None])[1][0])


def gae(
    rewards: Sequence[float], values: Sequence[float], last_value: float, gamma: float, lam: float
) -> tuple[np.ndarray, np.ndarray]:
    r"""Generalised advantage estimates and value targets of one episode.

    .. math::

        \delta_t = r_t + \gamma V(s_{t+1}) - V(s_t), \qquad
        \hat A_t = \sum_{l \ge 0} (\gamma\lambda)^l \delta_{t+l}, \qquad
        \hat R_t = \hat A_t + V(s_t),

    with :math:`V(s_T)` = ``last_value`` after the last step (0 when the episode terminated,
    the critic's estimate when it was truncated).

    Examples
    --------
    >>> adv, ret = gae([1.0, 1.0], [0.5, 0.5], 0.0, gamma=0.5, lam=0.5)
    >>> adv.tolist(), ret.tolist()
    ([0.875, 0.5], [1.375, 1.0])
    """
    r = np.asarray(rewards, dtype=np.float64)
    v = np.append(np.asarray(values, dtype=np.float64), float(last_value))
    adv = np.zeros(len(r))
    acc = 0.0
    for t in range(len(r) - 1, -1, -1):
        acc = r[t] + gamma * v[t + 1] - v[t] + gamma * lam * acc
        adv[t] = acc
    return adv, adv + v[:-1]


def _pad(rows: Sequence[np.ndarray], d: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Stack ragged ``(m_i, d)`` arrays into ``(B, max m, d)`` with a mask of the real rows."""
    M = max(len(r) for r in rows)
    x = np.zeros((len(rows), M, d), dtype=np.float32)
    mask = np.zeros((len(rows), M), dtype=bool)
    for i, r in enumerate(rows):
        x[i, : len(r)] = r
        mask[i, : len(r)] = True
    return torch.from_numpy(x), torch.from_numpy(mask)


def _episode(
    env,
    policy: RowPolicy,
    seed: int,
    gen: torch.Generator,
    greedy: bool = False,
    baseline: Callable[[Any], float] | None = None,
    scale: float = 1.0,
    teacher: Callable[[Any], int] | None = None,
) -> dict[str, Any]:
    """Play one episode; record rows, actions, log-probabilities, values and rewards.

    ``baseline(env)`` (times ``scale``) replaces the critic's value of each state; ``teacher(env)``
    chooses the actions instead of the policy (for imitation)."""
    obs, info = env.reset(seed=seed)
    ep: dict[str, Any] = {
        "obs": [],
        "act": [],
        "logp": [],
        "val": [],
        "rew": [],
        "task": [],
        "solved": False,
        "last": 0.0,
    }
    if len(obs) == 0:
        return ep
    # without the critic (an external baseline, or a teacher) the actor runs in numpy
    fast = policy.numpy_actor() if (baseline is not None or teacher is not None) else None
    while True:
        if fast is None:
            with torch.no_grad():
                logits, v = policy(torch.from_numpy(np.asarray(obs, dtype=np.float32))[None])
            logp_all = torch.log_softmax(logits[0], dim=0)
        else:
            logp_all = torch.log_softmax(torch.from_numpy(fast(obs)), dim=0)
        if teacher is not None:
            choice = teacher(env)
            if np.ndim(choice):  # the set of equally good rows: play the first
                good = np.asarray(choice, dtype=bool)
                ep.setdefault("good", []).append(good)
                a = int(np.argmax(good))
            else:
                a = int(choice)
        elif greedy:
            a = int(logp_all.argmax())
        else:
            a = int(torch.multinomial(logp_all.exp(), 1, generator=gen))
        value = (float(v[0]) if fast is None else 0.0) if baseline is None else scale * float(baseline(env))
        obs2, r, terminated, truncated, info = env.step(a)
        ep["obs"].append(np.asarray(obs, dtype=np.float32))
        ep["act"].append(a)
        ep["logp"].append(float(logp_all[a]))
        ep["val"].append(value)
        ep["rew"].append(float(r))
        ep["task"].append(float(info.get("task_reward", r)) if isinstance(info, dict) else float(r))
        if terminated or truncated:
            ep["solved"] = bool(terminated)
            # bootstrap a cut-off episode with the critic; a finished one has no future
            if terminated:
                ep["last"] = 0.0
            else:
                ep["last"] = policy.value(obs2) if baseline is None else scale * float(baseline(env))
            return ep
        obs = obs2


@dataclass
class PPOResult:
    """What :func:`train_ppo` returns: the trained policy and one history row per iteration."""

    policy: RowPolicy
    config: PPOConfig
    history: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    checkpoint: str | None = None
    resumed_from: int | None = None

    @property
    def iterations_done(self) -> int:
        return len(self.history)

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(
            {
                "kind": KIND,
                "config": self.config.to_dict(),
                "iterations_done": self.iterations_done,
                "seconds": self.seconds,
                "checkpoint": self.checkpoint,
                "resumed_from": self.resumed_from,
                "history": self.history,
            }
        )


def _is_store_run(target) -> bool:
    return hasattr(target, "save_checkpoint") and hasattr(target, "load_checkpoint")


def _write(target, arrays: dict[str, np.ndarray], header: dict[str, Any]):
    """Write a checkpoint to a ``.npz`` path or to a store run (:class:`conjectura.store.db.Run`)."""
    if _is_store_run(target):
        target.save_checkpoint({"arrays": arrays, "header": to_jsonable(header)}, name=CHECKPOINT_NAME)
        return target
    return write_checkpoint(target, arrays, header)


def _read(target) -> tuple[dict[str, np.ndarray], dict[str, Any]] | None:
    """The arrays and header of a checkpoint at a path or in a store run; ``None`` if there is none."""
    if _is_store_run(target):
        tree = target.load_checkpoint(name=CHECKPOINT_NAME)
        return None if tree is None else (dict(tree["arrays"]), dict(tree["header"]))
    if not Path(target).exists():
        return None
    return read_checkpoint(target)


def _save(target, policy, opt, config, history, seconds, extra):
    arrays = module_arrays(policy, "policy.")
    opt_arrays, opt_header = adam_arrays(opt)
    arrays.update(opt_arrays)
    header = {
        "kind": KIND,
        "config": config.to_dict(),
        "n_features": policy.n_features,
        "hidden": list(policy.hidden),
        "optimizer": opt_header,
        "history": history,
        "seconds": seconds,
        "extra": dict(extra or {}),
    }
    return _write(target, arrays, header)


def load_policy(source) -> tuple[RowPolicy, dict[str, Any]]:
    """The :class:`RowPolicy` of a :func:`train_ppo` checkpoint, and the checkpoint's header.

    ``source`` is a ``.npz`` path or a store run (:meth:`conjectura.store.db.Store.claim_run`,
    :class:`conjectura.store.db.Run`) whose checkpoint ``train_ppo`` wrote.
    """
    got = _read(source)
    if got is None:
        if _is_store_run(source):
            raise InvalidParameterError(f"{source!r} has no PPO checkpoint.")
        raise FileNotFoundError(f"No PPO checkpoint at {source}.")
    arrays, header = got
    if header.get("kind") != KIND:
        raise InvalidParameterError(
            f"{source} is not a PPO checkpoint (kind {header.get('kind')!r}, expected {KIND!r})."
        )
    policy = RowPolicy(int(header["n_features"]), tuple(header["hidden"]))
    load_module_arrays(policy, arrays, "policy.")
    policy.eval()
    return policy, header


def train_ppo(
    env,
    config: PPOConfig | None = None,
    *,
    checkpoint=None,
    resume: bool = False,
    progress: bool = True,
    extra: dict[str, Any] | None = None,
    baseline: Callable[[Any], float] | None = None,
    teacher: Callable[[Any], int] | None = None,
    on_iteration: Callable[[dict[str, Any]], None] | None = None,
) -> PPOResult:
    """Train a :class:`RowPolicy` on ``env`` with PPO, checkpointing after every iteration.

    Parameters
    ----------
    env : gymnasium.Env
        Observations are ``(m_t, d)`` float arrays (one row per legal action), actions row
        indices (e.g. :class:`~conjectura.guide.env.MoveGameEnv`); ``reset(seed=int)`` must make
        the episode a function of the seed.
    config : PPOConfig, optional
    checkpoint : path or store run, optional
        Where the state is written after each iteration: a ``.npz`` file
        (:func:`~conjectura.guide.checkpoint.write_checkpoint`) or a run of the store
        (:class:`conjectura.store.db.Run`; arrays and a JSON header, never a pickle).
    resume : bool
        Continue from ``checkpoint`` if it exists (its configuration must equal ``config`` up to
        ``iterations``, which may be raised to train longer).
    progress : bool
        A progress bar on stderr.
    extra : dict, optional
        JSON-able facts stored in the checkpoint header (e.g. how the environment was made).
    baseline : callable, optional
        ``baseline(env) -> float``, the value of the environment's current state in reward units
        (e.g. the return of a classical strategy finishing the episode, Peifer et al.'s
        recommendation). It replaces the learned critic in GAE, and the critic is not trained.
    teacher : callable, optional
        ``teacher(env) -> action``. With ``config.imitation_episodes > 0`` the policy is first
        fitted by cross-entropy to the teacher's choices on that many episodes (behaviour
        cloning, ``config.imitation_epochs`` passes), then improved by PPO.
    on_iteration : callable, optional
        Called with each iteration's history row after its checkpoint is written (e.g. to log
        metrics to the store).

    Returns
    -------
    PPOResult
        ``history`` rows: ``iteration``, ``episodes``, ``steps``, ``solved`` (fraction),
        ``mean_return`` (of the task reward, ``info["task_reward"]`` when the environment shapes
        it; unscaled, undiscounted), ``mean_length``, ``policy_loss``, ``value_loss``,
        ``entropy``, ``approx_kl``, ``clip_fraction``, ``seconds``.

    Notes
    -----
    Ctrl-C stops after the last completed iteration, which is already on disk; a resumed run
    repeats nothing and loses nothing.
    """
    cfg = config or PPOConfig()
    d = int(getattr(env, "n_features", 0) or env.observation_space.feature_space.shape[0])
    with limit_threads(cfg.threads):
        with torch.random.fork_rng():  # the initial weights, without touching the global generator
            torch.manual_seed(cfg.seed)
            policy = RowPolicy(d, cfg.hidden)
        opt = torch.optim.Adam(policy.parameters(), lr=cfg.lr, eps=1e-5)
        history: list[dict[str, Any]] = []
        seconds0, resumed_from = 0.0, None
        ckpt = checkpoint if checkpoint is None or _is_store_run(checkpoint) else Path(checkpoint)
        got = _read(ckpt) if resume and ckpt is not None else None
        if got is not None:
            arrays, header = got
            if header.get("kind") != KIND:
                raise InvalidParameterError(f"{ckpt} is not a PPO checkpoint; cannot resume from it.")
            defaults = PPOConfig().to_dict()  # a field added later reads as its default
            old = {k: header["config"].get(k, defaults[k]) for k in defaults if k != "iterations"}
            new = {k: v for k, v in cfg.to_dict().items() if k != "iterations"}
            if old != new:
                diff = sorted(k for k in new if old.get(k) != new[k])
                raise InvalidParameterError(f"Cannot resume {ckpt}: its configuration differs in {diff}.")
            load_module_arrays(policy, arrays, "policy.")
            load_adam_arrays(opt, arrays, header["optimizer"])
            history, seconds0 = list(header["history"]), float(header["seconds"])
            resumed_from = len(history)
        else:
            # fix the input scaling from the rows the untrained policy sees
            gen = torch.Generator().manual_seed(cfg.seed)
            seeds = np.random.SeedSequence([cfg.seed, 2**31]).generate_state(max(cfg.warmup_episodes, 1))
            rows = [
                r for s in seeds[: cfg.warmup_episodes] for r in _episode(env, policy, int(s), gen)["obs"]
            ]
            if rows:
                policy.norm.fit(np.concatenate(rows))
            if cfg.imitation_episodes:
                if teacher is None:
                    raise InvalidParameterError(
                        "PPOConfig(imitation_episodes > 0) needs a teacher: train_ppo(..., teacher=...)."
                    )
                _imitate(env, policy, teacher, cfg, d)
                opt = torch.optim.Adam(policy.parameters(), lr=cfg.lr, eps=1e-5)

        critic_params = [*policy.embed.parameters(), *policy.value_head.parameters()]
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=cfg.iterations, initial=len(history), desc="ppo", unit="it", leave=False)
        t0 = time.perf_counter()
        try:
            for it in range(len(history), cfg.iterations):
                t_it = time.perf_counter()
                ss = np.random.SeedSequence([cfg.seed, it])
                ep_seeds = ss.generate_state(cfg.episodes)
                gen = torch.Generator().manual_seed(
                    int(ss.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))
                )
                rng = np.random.default_rng(ss.spawn(1)[0])

                # 1. collect episodes with the current policy
                episodes = [
                    _episode(env, policy, int(s), gen, baseline=baseline, scale=cfg.reward_scale)
                    for s in ep_seeds
                ]
                obs, act, logp, adv, ret = [], [], [], [], []
                for ep in episodes:
                    if not ep["act"]:
                        continue
                    a, r = gae(
                        np.asarray(ep["rew"]) * cfg.reward_scale, ep["val"], ep["last"], cfg.gamma, cfg.lam
                    )
                    obs += ep["obs"]
                    act += ep["act"]
                    logp += ep["logp"]
                    adv.append(a)
                    ret.append(r)
                n = len(act)
                stats = {
                    "iteration": it,
                    "episodes": len(episodes),
                    "steps": n,
                    "solved": float(np.mean([ep["solved"] for ep in episodes])),
                    "mean_return": float(np.mean([sum(ep["task"]) for ep in episodes])),
                    "mean_length": float(np.mean([len(ep["act"]) for ep in episodes])),
                }
                if n == 0:  # nothing to learn from (every start solved or stuck)
                    stats.update(seconds=time.perf_counter() - t_it)
                    history.append(stats)
                    continue
                A = np.concatenate(adv)
                R = torch.as_tensor(np.concatenate(ret), dtype=torch.float32)
                # normalised advantages: the step size no longer depends on the reward scale
                A = torch.as_tensor((A - A.mean()) / (A.std() + 1e-8), dtype=torch.float32)
                act_t = torch.as_tensor(act)
                logp_old = torch.as_tensor(logp, dtype=torch.float32)

                # 2. several epochs of clipped-surrogate updates on minibatches
                sums = {
                    "policy_loss": 0.0,
                    "value_loss": 0.0,
                    "entropy": 0.0,
                    "approx_kl": 0.0,
                    "clip_fraction": 0.0,
                }
                count = 0
                for _ in range(cfg.epochs):
                    perm = rng.permutation(n)
                    for lo in range(0, n, cfg.minibatch):
                        mb = perm[lo : lo + cfg.minibatch]
                        x, mask = _pad([obs[i] for i in mb], d)
                        logits, v = policy(x, mask)
                        logp_all = torch.log_softmax(logits, dim=1)
                        new = logp_all.gather(1, act_t[mb, None]).squeeze(1)
                        ratio = torch.exp(new - logp_old[mb])
                        a_mb = A[mb]
                        pg = -torch.min(
                            ratio * a_mb, torch.clamp(ratio, 1 - cfg.clip, 1 + cfg.clip) * a_mb
                        ).mean()
                        # with an external baseline the critic is not used, so not trained
                        vl = 0.5 * ((v - R[mb]) ** 2).mean() if baseline is None else v.sum() * 0.0
                        p = logp_all.exp()
                        ent = -(p * logp_all.masked_fill(~mask, 0.0)).sum(1).mean()
                        loss = pg + cfg.value_coef * vl - cfg.entropy_coef * ent
                        opt.zero_grad()
                        loss.backward()
                        # clip actor and critic apart: the critic's large early errors must not
                        # shrink the actor's step through a shared global norm
                        nn.utils.clip_grad_norm_(policy.actor.parameters(), cfg.max_grad_norm)
                        nn.utils.clip_grad_norm_(critic_params, cfg.max_grad_norm)
                        opt.step()
                        with torch.no_grad():
                            sums["policy_loss"] += float(pg)
                            sums["value_loss"] += float(vl)
                            sums["entropy"] += float(ent)
                            sums["approx_kl"] += float(((ratio - 1) - torch.log(ratio)).mean())
                            sums["clip_fraction"] += float(((ratio - 1).abs() > cfg.clip).float().mean())
                        count += 1
                stats.update({k: v / count for k, v in sums.items()})
                stats["seconds"] = time.perf_counter() - t_it
                history.append(stats)

                # 3. checkpoint: the run can stop here and resume identically
                if ckpt is not None:
                    _save(ckpt, policy, opt, cfg, history, seconds0 + time.perf_counter() - t0, extra)
                if on_iteration is not None:
                    on_iteration(stats)
                if bar is not None:
                    bar.update(1)
                    bar.set_postfix(
                        solved=f"{stats['solved']:.2f}",
                        ret=f"{stats['mean_return']:.0f}",
                        len=f"{stats['mean_length']:.0f}",
                    )
        finally:
            if bar is not None:
                bar.close()
        policy.eval()
    return PPOResult(
        policy,
        cfg,
        history,
        seconds=seconds0 + time.perf_counter() - t0,
        checkpoint=None if ckpt is None else str(ckpt),
        resumed_from=resumed_from,
    )


def _imitate(env, policy: RowPolicy, teacher: Callable[[Any], Any], cfg: PPOConfig, d: int) -> None:
    r"""Behaviour cloning: fit the actor to ``teacher``'s choices by maximum likelihood (seeded).

    ``teacher(env)`` returns an action, or a boolean mask of the rows it considers equally good
    (a strategy's ties); then the loss is :math:`-\log \sum_{i \in \text{good}} \pi(a_i \mid s)`,
    which an equivariant policy can drive to zero although it cannot tell tied rows apart.
    """
    seeds = np.random.SeedSequence([cfg.seed, 2**31 + 1]).generate_state(cfg.imitation_episodes)
    gen = torch.Generator().manual_seed(cfg.seed)
    obs, good = [], []
    for s in seeds:
        ep = _episode(env, policy, int(s), gen, teacher=teacher)
        obs += ep["obs"]
        if "good" in ep:
            good += ep["good"]
        else:
            good += [np.arange(len(o)) == a for o, a in zip(ep["obs"], ep["act"], strict=True)]
    if not obs:
        return
    opt = torch.optim.Adam(policy.actor.parameters(), lr=cfg.imitation_lr)
    rng = np.random.default_rng(np.random.SeedSequence([cfg.seed, 2**31 + 2]))
    for _ in range(cfg.imitation_epochs):
        perm = rng.permutation(len(obs))
        for lo in range(0, len(obs), cfg.minibatch):
            mb = perm[lo : lo + cfg.minibatch]
            x, mask = _pad([obs[i] for i in mb], d)
            ok = torch.zeros_like(mask)
            for r, i in enumerate(mb):
                ok[r, : len(good[i])] = torch.from_numpy(good[i])
            logits, _ = policy(x, mask)
            logp = torch.log_softmax(logits, dim=1)
            loss = -torch.logsumexp(logp.masked_fill(~ok, float("-inf")), dim=1).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()


def policy_solver(
    policy: RowPolicy,
    move_features: Callable[[Any, Sequence[tuple[Any, Any]]], np.ndarray],
    *,
    walk_length: int = 200,
    name: str = "ppo policy",
) -> Callable[..., SolveResult]:
    """A solver (the signature of :mod:`conjectura.guide.baselines`) that follows ``policy``.

    The first walk takes the most probable move at each step; later walks sample from the
    policy; each walk restarts from the start after ``walk_length`` moves. Within a walk a move
    back to a state already visited is excluded (as :func:`~conjectura.guide.greedy` does), so
    the walk cannot cycle. Each move costs one expansion.

    Returns
    -------
    callable
        ``solver(game, start, *, max_expansions, max_seconds, seed) -> SolveResult``.
    """
    validate_int(walk_length, "walk_length", "policy_solver", min_value=1)

    def solve(
        game: MoveGame,
        start: Any,
        *,
        max_expansions: int | None = 10_000,
        max_seconds: float | None = None,
        seed: SeedLike = None,
    ) -> SolveResult:
        clock = _Clock("policy_solver", max_expansions, max_seconds)
        rng = as_generator(seed)
        if game.is_solved(start):
            return clock.result(name, True, (), start, start, "solved", walks=0)
        walks, state = 0, start
        with limit_threads(1), torch.no_grad():
            while True:
                walks += 1
                state, path, seen = start, [], {game.key(start)}
                for _ in range(walk_length):
                    stop = clock.spent()
                    if stop:
                        return clock.result(name, False, (), start, state, stop, walks=walks)
                    succ = successors(game, state)
                    clock.expansions += 1
                    clock.generated += len(succ)
                    fresh = [k for k, (_, s) in enumerate(succ) if game.key(s) not in seen]
                    if not fresh:
                        break
                    rows = np.asarray(move_features(state, [succ[k] for k in fresh]), dtype=np.float32)
                    p = policy.probabilities(rows).astype(np.float64)
                    j = int(np.argmax(p)) if walks == 1 else int(rng.choice(len(p), p=p / p.sum()))
                    m, state = succ[fresh[j]]
                    seen.add(game.key(state))
                    path.append(m)
                    if game.is_solved(state):
                        return clock.result(name, True, tuple(path), start, state, "solved", walks=walks)

    solve.__name__ = "policy_solver"
    return solve
