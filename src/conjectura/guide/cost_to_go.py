r"""A learned cost-to-go trained by approximate value iteration, as the heuristic of weighted A*.

DeepCubeA (Agostinelli, McAleer, Shmakov, Baldi 2019) learns :math:`J_\theta(s) \approx` the
number of moves from :math:`s` to a goal by regressing on one-step Bellman targets computed with
a frozen copy :math:`J_{\theta^-}` of the network,

.. math::

    y(s) = \min_{a \in A(s)} \bigl( c(s, a) + J_{\theta^-}(s_a) \bigr), \qquad
    J_{\theta^-}(\text{goal}) = 0,

on states drawn at increasing distance from the goal; :math:`\theta^- \leftarrow \theta` whenever
the mean squared error drops below a threshold (then the target has become what the network
can fit, and one more step of value iteration begins). The trained :math:`J_\theta` is the
heuristic of the batched weighted A* of :func:`~conjectura.guide.weighted_astar`
(:func:`cost_to_go_solver`). Here :math:`c(s, a)` is 1, or the game's ``step_cost``.

Two choices differ from the paper and are stated here:

* **An admissible floor.** When the game supplies a lower bound :math:`b(s)` on the moves to go
  (for braids :math:`b = \mathrm{cost}/2`, as a move lowers length plus strands by at most 2), the
  network learns the excess: :math:`J_\theta = b + \operatorname{softplus}(\text{net})`. Value
  iteration from a zero initialisation then cannot collapse below a true bound, which keeps the
  targets of states far from the goal sensible from the first step.
* **A patience cap.** The target network is also refreshed after ``patience`` threshold tests
  without success, so a threshold set too low for a game does not stall training (the history
  records which refreshes were forced).

The training states are drawn by a caller's ``sample_states(depth, count, rng)``, the analogue
of DeepCubeA's scrambles of depth :math:`\le K`; :math:`K` (the curriculum) starts at
``start_depth`` and grows by ``depth_step`` at each refresh up to ``max_depth``.

References
----------
F. Agostinelli, S. McAleer, A. Shmakov, P. Baldi, "Solving the Rubik's cube with deep
reinforcement learning and search", Nature Machine Intelligence 1 (2019) 356-363,
doi:10.1038/s42256-019-0070-z. D. P. Bertsekas, J. N. Tsitsiklis, *Neuro-Dynamic Programming*
(1996), Ch. 6 (approximate value iteration).
"""

from __future__ import annotations

import copy
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
from conjectura.core.seeding import SeedLike
from conjectura.core.threads import limit_threads
from conjectura.core.validation import validate_float, validate_int
from conjectura.exceptions import InvalidParameterError
from conjectura.guide.best_first import weighted_astar
from conjectura.guide.checkpoint import (
    adam_arrays,
    load_adam_arrays,
    load_module_arrays,
    module_arrays,
    read_checkpoint,
    write_checkpoint,
)
from conjectura.guide.game import MoveGame, SolveResult, successors
from conjectura.guide.nets import Standardize, mlp

__all__ = [
    "CostToGoConfig",
    "CostToGoNet",
    "CostToGoResult",
    "bellman_targets",
    "train_cost_to_go",
    "load_cost_to_go",
    "cost_to_go_heuristic",
    "cost_to_go_solver",
]

KIND = "conjectura-guide-cost-to-go/1"

Encode = Callable[[Sequence[Any]], np.ndarray]
Bound = Callable[[Sequence[Any]], np.ndarray]


@dataclass(frozen=True, kw_only=True)
class CostToGoConfig:
    """Hyperparameters of :func:`train_cost_to_go`.

    Attributes
    ----------
    hidden : tuple of int
        Hidden widths of the network.
    steps : int
        Gradient steps in all.
    batch : int
        States per step (each expanded once for its Bellman target).
    lr : float
        Adam learning rate.
    threshold : float
        Mean squared error (in moves²) over the last ``check_every`` steps below which the
        target network is refreshed.
    check_every : int
        Steps between threshold tests (and checkpoints).
    patience : int
        Threshold tests after which the target is refreshed anyway.
    start_depth, depth_step, max_depth : int
        The curriculum :math:`K` handed to ``sample_states``.
    seed, threads : int
    """

    hidden: tuple[int, ...] = (128, 128)
    steps: int = 2000
    batch: int = 128
    lr: float = 1e-3
    threshold: float = 1.0
    check_every: int = 25
    patience: int = 8
    start_depth: int = 4
    depth_step: int = 4
    max_depth: int = 60
    seed: int = 0
    threads: int = 1

    def __post_init__(self):
        owner = "CostToGoConfig"
        object.__setattr__(self, "hidden", tuple(int(h) for h in self.hidden))
        if not self.hidden or min(self.hidden) < 1:
            raise InvalidParameterError(
                f"The 'hidden' parameter of {owner} must be non-empty positive widths. Got {self.hidden!r} instead."
            )
        for name in ("steps", "batch", "check_every", "patience", "start_depth", "depth_step", "threads"):
            validate_int(getattr(self, name), name, owner, min_value=1)
        validate_int(self.max_depth, "max_depth", owner, min_value=self.start_depth)
        validate_int(self.seed, "seed", owner, min_value=0)
        validate_float(self.lr, "lr", owner, min_value=0.0, min_inclusive=False)
        validate_float(self.threshold, "threshold", owner, min_value=0.0, min_inclusive=False)

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(dataclasses.asdict(self))


class CostToGoNet(nn.Module):
    r""":math:`J(s) = b(s) + \operatorname{softplus}(\mathrm{MLP}(x(s)))` from a state's feature row
    :math:`x(s)` and an optional lower bound :math:`b(s)` (0 when the game has none).

    >>> net = CostToGoNet(3, (8,))
    >>> net(torch.zeros(2, 3), torch.tensor([1.0, 2.0])).shape
    torch.Size([2])
    """

    def __init__(self, n_features: int, hidden: Sequence[int] = (128, 128)):
        super().__init__()
        self.n_features, self.hidden = int(n_features), tuple(hidden)
        self.norm = Standardize(n_features)
        self.body = mlp(n_features, self.hidden, 1)

    def forward(self, x: torch.Tensor, bound: torch.Tensor | None = None) -> torch.Tensor:
        j = nn.functional.softplus(self.body(self.norm(x)).squeeze(-1))
        return j if bound is None else j + bound


def _evaluate(
    net: CostToGoNet, game: MoveGame, states: Sequence[Any], encode: Encode, bound: Bound | None
) -> np.ndarray:
    """:math:`J` of each state in one forward pass, 0 at goals."""
    if not len(states):
        return np.zeros(0)
    x = torch.as_tensor(np.asarray(encode(states), dtype=np.float32))
    b = None if bound is None else torch.as_tensor(np.asarray(bound(states), dtype=np.float32))
    with torch.no_grad():
        j = net(x, b).numpy().astype(np.float64)
    solved = np.fromiter((game.is_solved(s) for s in states), dtype=bool, count=len(states))
    j[solved] = 0.0
    return j


def bellman_targets(
    game: MoveGame, states: Sequence[Any], value: Callable[[Sequence[Any]], np.ndarray]
) -> np.ndarray:
    r"""One step of value iteration: :math:`\min_a (c(s, a) + V(s_a))` for each state.

    ``value`` is evaluated once on all successors of all states (one batch). A goal gets 0;
    a state without legal moves gets ``inf`` (no finite target: it is left out of the loss).

    Examples
    --------
    >>> class Line:  # 0 is the goal; moves -1, +1
    ...     def legal_moves(self, s): return [-1, 1]
    ...     def apply(self, s, m): return s + m
    ...     def is_solved(self, s): return s == 0
    ...     def key(self, s): return s
    >>> bellman_targets(Line(), [0, 1, 3], lambda ss: np.abs(np.array(ss), dtype=float)).tolist()
    [0.0, 1.0, 3.0]
    """
    step_cost = getattr(game, "step_cost", None)
    flat, owner, costs = [], [], []
    out = np.full(len(states), np.inf)
    for i, s in enumerate(states):
        if game.is_solved(s):
            out[i] = 0.0
            continue
        for m, t in successors(game, s):
            flat.append(t)
            owner.append(i)
            costs.append(1.0 if step_cost is None else float(step_cost(s, m, t)))
    if flat:
        total = np.asarray(costs) + np.asarray(value(flat), dtype=np.float64)
        np.minimum.at(out, np.asarray(owner), total)
    return out


@dataclass
class CostToGoResult:
    """What :func:`train_cost_to_go` returns: the network and the training history."""

    net: CostToGoNet
    config: CostToGoConfig
    history: list[dict[str, Any]] = field(default_factory=list)
    refreshes: list[dict[str, Any]] = field(default_factory=list)
    steps_done: int = 0
    seconds: float = 0.0
    checkpoint: str | None = None
    resumed_from: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(
            {
                "kind": KIND,
                "config": self.config.to_dict(),
                "steps_done": self.steps_done,
                "seconds": self.seconds,
                "checkpoint": self.checkpoint,
                "resumed_from": self.resumed_from,
                "refreshes": self.refreshes,
                "history": self.history,
            }
        )


def load_cost_to_go(path: str | Path) -> tuple[CostToGoNet, dict[str, Any]]:
    """The (online) network of a :func:`train_cost_to_go` checkpoint and the header."""
    arrays, header = read_checkpoint(path)
    if header.get("kind") != KIND:
        raise InvalidParameterError(
            f"{path} is not a cost-to-go checkpoint (kind {header.get('kind')!r}, expected {KIND!r})."
        )
    net = CostToGoNet(int(header["n_features"]), tuple(header["hidden"]))
    load_module_arrays(net, arrays, "net.")
    net.eval()
    return net, header


def train_cost_to_go(
    game: MoveGame,
    sample_states: Callable[[int, int, np.random.Generator], Sequence[Any]],
    encode: Encode,
    config: CostToGoConfig | None = None,
    *,
    lower_bound: Bound | None = None,
    checkpoint: str | Path | None = None,
    resume: bool = False,
    progress: bool = True,
    extra: dict[str, Any] | None = None,
) -> CostToGoResult:
    """Train :math:`J_\\theta` by approximate value iteration (DeepCubeA), checkpointing at every
    threshold test.

    Parameters
    ----------
    game : MoveGame
        Its ``successors`` (or ``legal_moves`` + ``apply``) define the Bellman targets.
    sample_states : callable
        ``sample_states(depth, count, rng) -> states``: ``count`` training states at most
        ``depth`` from a goal (the game's scramble), a deterministic function of ``rng``.
    encode : callable
        ``states -> (count, d)`` feature array.
    config : CostToGoConfig, optional
    lower_bound : callable, optional
        ``states -> array`` of admissible lower bounds on the moves to go (the floor of
        :math:`J`); pass the same function to :func:`cost_to_go_heuristic`.
    checkpoint, resume, progress, extra
        As in :func:`~conjectura.guide.ppo.train_ppo`: state written every ``check_every``
        steps and after the last; a resumed run continues exactly as the uninterrupted one (step ``t`` samples its
        states from a generator seeded by ``(seed, t)``).

    Returns
    -------
    CostToGoResult
        ``history``: one row per threshold test (``step``, ``loss``, ``depth``, ``refreshed``,
        ``forced``, ``mean_target``, ``seconds``); ``refreshes``: the steps where
        :math:`\\theta^-` was updated.
    """
    cfg = config or CostToGoConfig()
    with limit_threads(cfg.threads):
        probe = np.asarray(
            encode(list(sample_states(cfg.start_depth, 4, np.random.default_rng([cfg.seed, 2**31]))))
        )
        d = int(probe.shape[1])
        with torch.random.fork_rng():
            torch.manual_seed(cfg.seed)
            net = CostToGoNet(d, cfg.hidden)
        opt = torch.optim.Adam(net.parameters(), lr=cfg.lr)
        history: list[dict[str, Any]] = []
        refreshes: list[dict[str, Any]] = []
        depth, fails, seconds0, resumed_from = cfg.start_depth, 0, 0.0, None
        ckpt = Path(checkpoint) if checkpoint is not None else None
        target = None
        window: dict[str, list[float]] = {"losses": [], "targets": []}  # the unfinished test window
        if resume and ckpt is not None and ckpt.exists():
            arrays, header = read_checkpoint(ckpt)
            if header.get("kind") != KIND:
                raise InvalidParameterError(f"{ckpt} is not a cost-to-go checkpoint; cannot resume from it.")
            old = {k: v for k, v in header["config"].items() if k != "steps"}
            new = {k: v for k, v in cfg.to_dict().items() if k != "steps"}
            if old != new:
                diff = sorted(k for k in new if old.get(k) != new[k])
                raise InvalidParameterError(f"Cannot resume {ckpt}: its configuration differs in {diff}.")
            load_module_arrays(net, arrays, "net.")
            target = CostToGoNet(d, cfg.hidden)
            load_module_arrays(target, arrays, "target.")
            load_adam_arrays(opt, arrays, header["optimizer"])
            history, refreshes = list(header["history"]), list(header["refreshes"])
            depth, fails, seconds0 = int(header["depth"]), int(header["fails"]), float(header["seconds"])
            resumed_from = int(header["step"])
            window = header.get("window", {"losses": [], "targets": []})
        else:
            # fix the input scaling on states across the whole curriculum
            rng = np.random.default_rng([cfg.seed, 2**31 + 1])
            net.norm.fit(np.asarray(encode(list(sample_states(cfg.max_depth, 4 * cfg.batch, rng)))))
            target = copy.deepcopy(net)
        target.eval()
        start = 0 if resumed_from is None else resumed_from

        def j_target(states):
            return _evaluate(target, game, states, encode, lower_bound)

        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=cfg.steps, initial=start, desc="value iteration", unit="step", leave=False)
        t0 = time.perf_counter()
        losses: list[float] = list(window["losses"])
        targets_seen: list[float] = list(window["targets"])
        steps_done = start
        t_check = time.perf_counter()
        try:
            for step in range(start, cfg.steps):
                rng = np.random.default_rng([cfg.seed, step])
                states = list(sample_states(depth, cfg.batch, rng))
                # 1. Bellman targets from the frozen network (goals are 0, dead ends left out)
                y = bellman_targets(game, states, j_target)
                keep = np.isfinite(y) & ~np.fromiter(
                    (game.is_solved(s) for s in states), dtype=bool, count=len(states)
                )
                if keep.any():
                    kept = [s for s, k in zip(states, keep) if k]
                    x = torch.as_tensor(np.asarray(encode(kept), dtype=np.float32))
                    b = (
                        None
                        if lower_bound is None
                        else torch.as_tensor(np.asarray(lower_bound(kept), dtype=np.float32))
                    )
                    # 2. regress J on the targets
                    loss = nn.functional.mse_loss(net(x, b), torch.as_tensor(y[keep], dtype=torch.float32))
                    opt.zero_grad()
                    loss.backward()
                    opt.step()
                    losses.append(float(loss.detach()))
                    targets_seen.append(float(y[keep].mean()))
                if bar is not None:
                    bar.update(1)
                # 3. every check_every steps: refresh the target if the fit is good enough
                if (step + 1) % cfg.check_every == 0:
                    mean_loss = float(np.mean(losses)) if losses else 0.0
                    good = mean_loss < cfg.threshold
                    fails = 0 if good else fails + 1
                    forced = not good and fails >= cfg.patience
                    refreshed = good or forced
                    if refreshed:
                        target.load_state_dict(net.state_dict())
                        refreshes.append(
                            {"step": step + 1, "loss": mean_loss, "depth": depth, "forced": forced}
                        )
                        depth = min(depth + cfg.depth_step, cfg.max_depth)
                        fails = 0
                    history.append(
                        {
                            "step": step + 1,
                            "loss": mean_loss,
                            "depth": depth,
                            "refreshed": refreshed,
                            "forced": forced,
                            "mean_target": float(np.mean(targets_seen)) if targets_seen else 0.0,
                            "seconds": time.perf_counter() - t_check,
                        }
                    )
                    losses, targets_seen, t_check = [], [], time.perf_counter()
                    if bar is not None:
                        bar.set_postfix(loss=f"{mean_loss:.2f}", depth=depth, refreshes=len(refreshes))
                # 4. checkpoint at every test and at the end (with the unfinished window's losses,
                # so a resumed run computes the same next test)
                if ckpt is not None and ((step + 1) % cfg.check_every == 0 or step + 1 == cfg.steps):
                    arrays = {**module_arrays(net, "net."), **module_arrays(target, "target.")}
                    oa, oh = adam_arrays(opt)
                    arrays.update(oa)
                    write_checkpoint(
                        ckpt,
                        arrays,
                        {
                            "kind": KIND,
                            "config": cfg.to_dict(),
                            "n_features": d,
                            "hidden": list(cfg.hidden),
                            "optimizer": oh,
                            "step": step + 1,
                            "depth": depth,
                            "fails": fails,
                            "window": {"losses": losses, "targets": targets_seen},
                            "history": history,
                            "refreshes": refreshes,
                            "seconds": seconds0 + time.perf_counter() - t0,
                            "lower_bound": lower_bound is not None,
                            "extra": dict(extra or {}),
                        },
                    )
                steps_done = step + 1
        finally:
            if bar is not None:
                bar.close()
        net.eval()
    return CostToGoResult(
        net,
        cfg,
        history,
        refreshes,
        steps_done=steps_done,
        seconds=seconds0 + time.perf_counter() - t0,
        checkpoint=None if ckpt is None else str(ckpt),
        resumed_from=resumed_from,
    )


def cost_to_go_heuristic(
    net: CostToGoNet, game: MoveGame, encode: Encode, *, lower_bound: Bound | None = None
) -> Callable[[Sequence[Any]], np.ndarray]:
    """``states -> J(states)`` (one forward pass; 0 at goals), the heuristic of weighted A*."""

    def h(states: Sequence[Any]) -> np.ndarray:
        return _evaluate(net, game, states, encode, lower_bound)

    return h


def cost_to_go_solver(
    net: CostToGoNet,
    encode: Encode,
    *,
    lower_bound: Bound | None = None,
    weight: float = 0.5,
    batch_size: int = 16,
    name: str = "learned A*",
) -> Callable[..., SolveResult]:
    """Batched weighted A* (:func:`~conjectura.guide.weighted_astar`) with :math:`h = J_\\theta`:
    a solver with the signature of :mod:`conjectura.guide.baselines`."""
    validate_float(weight, "weight", "cost_to_go_solver", min_value=0.0, max_value=1.0)
    validate_int(batch_size, "batch_size", "cost_to_go_solver", min_value=1)

    def solve(
        game: MoveGame,
        start: Any,
        *,
        max_expansions: int | None = 10_000,
        max_seconds: float | None = None,
        seed: SeedLike = None,
    ) -> SolveResult:
        h = cost_to_go_heuristic(net, game, encode, lower_bound=lower_bound)
        with limit_threads(1, torch=False):
            res = weighted_astar(
                game,
                start,
                h,
                weight=weight,
                batch_size=batch_size,
                max_expansions=max_expansions,
                max_seconds=max_seconds,
                seed=seed,
            )
        res.method = name
        return res

    solve.__name__ = "cost_to_go_solver"
    return solve
