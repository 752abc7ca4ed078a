r"""A learned S-pair selection strategy: PPO on :class:`~conjectura.domains.polynomials.env.BuchbergerEnv`.

:func:`train_buchberger` trains the row-wise softmax policy of :mod:`conjectura.guide.ppo` (one
MLP scores every pending pair from its row of leading exponents; a softmax over the pairs) with
PPO, clip :math:`\epsilon = 0.2`, :math:`\gamma = 0.99`, GAE :math:`\lambda = 0.97`, and as value
baseline the discounted return of the Degree strategy finishing the computation from the current
state, as Peifer, Stillman and Halpern-Leistner (2020) recommend. Optionally the policy is first
fitted to a classical strategy's choices (behaviour cloning) and then improved by PPO. Runs,
per-iteration metrics and checkpoints (weights, Adam moments, history: arrays and JSON, never a
pickle) live in the store; a run resumes from its last checkpoint exactly.

:func:`evaluate_buchberger` runs every classical strategy, the learned policy (greedy) and the
best of ``k`` random rollouts on the same seeded ideals and reports the mean number of polynomial
additions per ideal with its standard error (:class:`BuchbergerEvaluation`).

References
----------
D. Peifer, M. Stillman, D. Halpern-Leistner, "Learning selection strategies in Buchberger's
algorithm", ICML 2020, PMLR 119:7575-7585, arXiv:2005.01917. J. Schulman et al., "Proximal policy
optimization algorithms" (2017), arXiv:1707.06347.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from conjectura.core.jsonable import to_jsonable
from conjectura.core.validation import validate_int
from conjectura.domains.polynomials.ideals import IdealDistribution, _as_distribution
from conjectura.domains.polynomials.strategies import STRATEGIES, get_strategy
from conjectura.exceptions import InvalidParameterError

__all__ = [
    "TRAIN_KIND",
    "BuchbergerTraining",
    "train_buchberger",
    "learned_strategy",
    "BuchbergerEvaluation",
    "evaluate_buchberger",
]

TRAIN_KIND = "guide-train"
_NAME = "buchberger"


def default_config(**overrides):
    """The PPO configuration :func:`train_buchberger` uses unless told otherwise.

    Peifer et al.'s clip 0.2, :math:`\\gamma = 0.99`, :math:`\\lambda = 0.97`; a (128,) row
    network as theirs; a small entropy bonus; behaviour cloning of TrueDegree on 256 episodes
    before PPO.
    """
    from conjectura.guide.ppo import PPOConfig

    base = dict(
        hidden=(128,),
        iterations=200,
        episodes=32,
        epochs=4,
        minibatch=512,
        lr=1e-4,
        gamma=0.99,
        lam=0.97,
        clip=0.2,
        entropy_coef=0.001,
        reward_scale=0.01,
        warmup_episodes=8,
        imitation_episodes=256,
        imitation_epochs=20,
        imitation_lr=1e-3,
        seed=0,
        threads=1,
    )
    base.update(overrides)
    return PPOConfig(**base)


@dataclass
class BuchbergerTraining:
    """What :func:`train_buchberger` returns: the store run, the configuration and the history."""

    run_id: int
    dist: str
    baseline: str | None
    teacher: str | None
    config: dict[str, Any]
    history: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    resumed_from: int | None = None
    store_url: str = ""

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(dataclasses.asdict(self))

    def table(self):
        from rich.table import Table

        t = Table(title=f"PPO on {self.dist} (run {self.run_id})")
        for c in ("iteration", "mean additions (sampled)", "entropy", "approx KL", "seconds"):
            t.add_column(c, justify="right")
        rows = self.history
        shown = rows if len(rows) <= 12 else rows[:3] + rows[-9:]
        for r in shown:
            t.add_row(
                str(r["iteration"]),
                f"{-r['mean_return']:.1f}",
                f"{r.get('entropy', float('nan')):.3f}",
                f"{r.get('approx_kl', float('nan')):.4f}",
                f"{r.get('seconds', 0.0):.1f}",
            )
        return t


_TIE_KEYS = {"degree": "pair_degrees", "true-degree": "pair_true_degrees", "sugar": None, "normal": None}


def _teacher(name: str | None) -> Callable | None:
    """``env -> action`` of a strategy; for Degree and TrueDegree the mask of all pairs of the
    minimal key (their ties, which a permutation-equivariant policy cannot break by position)."""
    if name is None:
        return None
    select = get_strategy(name)
    key = next((attr for k, attr in _TIE_KEYS.items() if get_strategy(k) is select), None)
    if key is None:
        return lambda env: select(env.state)

    def ties(env):
        v = getattr(env.state, key)
        return v == v.min()

    return ties


def train_buchberger(
    dist: str | IdealDistribution = "3-20-10-weighted",
    *,
    config=None,
    baseline: str | None = "degree",
    teacher: str | None = "true-degree",
    store=None,
    resume: int | None = None,
    iterations: int | None = None,
    progress: bool = True,
) -> BuchbergerTraining:
    """Train a learned S-pair selection strategy on ``dist`` with PPO; state in the store.

    Parameters
    ----------
    dist : str or IdealDistribution
    config : PPOConfig, optional
        Default :func:`default_config`.
    baseline : str or None, default 'degree'
        Strategy whose discounted return from the current state is the value baseline; ``None``
        trains the policy's own Deep Sets critic instead.
    teacher : str or None, default 'true-degree'
        Strategy imitated before PPO when ``config.imitation_episodes > 0``.
    store : Store, optional
        Default :func:`conjectura.store.open_store`.
    resume : int, optional
        Id of a run of this function to continue from its last checkpoint (its distribution,
        configuration, baseline and teacher are reused; ``iterations`` may raise the total).
    iterations : int, optional
        Total PPO iterations (overrides ``config.iterations``).
    progress : bool
        A progress bar on stderr.

    Returns
    -------
    BuchbergerTraining
    """
    from conjectura.domains.polynomials.env import BuchbergerEnv
    from conjectura.guide.ppo import PPOConfig, train_ppo
    from conjectura.store import open_store

    store = store or open_store()
    if resume is not None:
        validate_int(resume, "resume", "train_buchberger", min_value=1)
        info = store.get_run(resume)
        if info["kind"] != TRAIN_KIND or not str(info["name"]).startswith(_NAME + "/"):
            raise InvalidParameterError(
                f"Run {resume} is a {info['kind']} run named {info['name']!r}, not a Buchberger training run."
            )
        rc = info["config"]
        dist_obj = _as_distribution(rc["dist"])
        baseline, teacher = rc["baseline"], rc["teacher"]
        ppo = dict(rc["ppo"])
        ppo["hidden"] = tuple(ppo["hidden"])
        if iterations is not None:
            ppo["iterations"] = iterations
        cfg = PPOConfig(**ppo)
        run = store.claim_run(resume)
        if run is None:
            raise InvalidParameterError(
                f"Run {resume} is {info['status']}; only a finished, interrupted or failed run can be resumed."
            )
    else:
        dist_obj = _as_distribution(dist)
        cfg = config or default_config()
        if iterations is not None:
            cfg = dataclasses.replace(cfg, iterations=iterations)
        for name in (baseline, teacher):
            if name is not None:
                get_strategy(name)
        run = store.start_run(
            TRAIN_KIND,
            f"{_NAME}/{dist_obj}",
            {"dist": str(dist_obj), "k": 2, "baseline": baseline, "teacher": teacher, "ppo": cfg.to_dict()},
        )
    env = BuchbergerEnv(dist_obj)
    value = None if baseline is None else (lambda e, s=baseline: e.strategy_value(s, cfg.gamma))
    keys = ("mean_return", "mean_length", "policy_loss", "entropy", "approx_kl", "clip_fraction")

    def log(stats: dict[str, Any]) -> None:
        run.log_metrics({k: stats[k] for k in keys if k in stats}, step=stats["iteration"])

    with run.track():
        res = train_ppo(
            env,
            cfg,
            checkpoint=run,
            resume=resume is not None,
            progress=progress,
            extra={"dist": str(dist_obj), "baseline": baseline, "teacher": teacher, "k": 2},
            baseline=value,
            teacher=_teacher(teacher) if cfg.imitation_episodes else None,
            on_iteration=log,
        )
        run.set_summary(
            {
                "iterations_done": res.iterations_done,
                "last_mean_additions": -res.history[-1]["mean_return"] if res.history else None,
            }
        )
    return BuchbergerTraining(
        run_id=run.id,
        dist=str(dist_obj),
        baseline=baseline,
        teacher=teacher,
        config=cfg.to_dict(),
        history=res.history,
        seconds=res.seconds,
        resumed_from=res.resumed_from,
        store_url=store.display_url,
    )


def learned_strategy(policy) -> Callable:
    """The greedy strategy of a trained :class:`~conjectura.guide.ppo.RowPolicy`:
    ``select(state, rng=None) -> position`` of the pair with the highest score (first on ties).

    The rows it scores are :meth:`BuchbergerState.observation`, as in training."""
    actor = policy.numpy_actor()

    def select_learned(state, rng=None) -> int:
        return int(np.argmax(actor(state.observation())))

    return select_learned


def _load_learned(policy, store):
    """A RowPolicy from a RowPolicy, a store run id, a run handle or a ``.npz`` path."""
    from conjectura.guide.ppo import RowPolicy, load_policy

    if isinstance(policy, RowPolicy):
        return policy, {"source": "policy object"}
    if isinstance(policy, (int, np.integer)) and not isinstance(policy, bool):
        from conjectura.store import open_store
        from conjectura.store.db import Run

        store = store or open_store()
        info = store.get_run(int(policy))
        if info["kind"] != TRAIN_KIND or not str(info["name"]).startswith(_NAME + "/"):
            raise InvalidParameterError(
                f"Run {policy} is a {info['kind']} run named {info['name']!r}, not a Buchberger training run."
            )
        net, header = load_policy(Run(store, int(policy)))
        return net, {
            "source": f"run {int(policy)}",
            "trained_on": info["config"].get("dist"),
            "iterations": len(header.get("history", [])),
            "training_seconds": header.get("seconds"),
        }
    net, header = load_policy(policy)
    return net, {"source": str(policy), "iterations": len(header.get("history", []))}


@dataclass
class BuchbergerEvaluation:
    """Mean polynomial additions per ideal of each method on the same seeded ideals.

    Attributes
    ----------
    dist : str
    ideals : int
        Number of ideals (the same ones for every method).
    seed : int
    rows : list of dict
        ``method``, ``mean``, ``se`` (standard error of the mean), ``median``, ``seconds``.
    best_classical : str
        The classical strategy of smallest mean.
    learned : dict or None
        For the learned policy: its source, ``improvement`` over the best classical strategy
        (:math:`1 - \\bar a_\\text{learned} / \\bar a_\\text{best}`), the paired difference of
        means with its standard error, and ``bases_checked`` / ``bases_agree``: on how many
        ideals its reduced Groebner basis equals the Degree strategy's (exact comparison).
    target : float
        Improvement asked of the learned policy (``beats_target`` says whether it was reached).
    """

    dist: str
    ideals: int
    seed: int
    rows: list[dict[str, Any]]
    best_classical: str
    learned: dict[str, Any] | None
    rollouts: int
    target: float = 0.2
    load: str = ""
    per_ideal: dict[str, list[int]] = field(default_factory=dict, repr=False)

    @property
    def beats_target(self) -> bool | None:
        if self.learned is None:
            return None
        return bool(self.learned["improvement"] >= self.target)

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d.pop("per_ideal")
        d["beats_target"] = self.beats_target
        d["kind"] = "conjectura-guide-buchberger-eval/1"
        return to_jsonable(d)

    def table(self):
        from rich.table import Table

        t = Table(title=f"{self.dist}: mean polynomial additions per ideal over {self.ideals} seeded ideals")
        for c, j in (
            ("method", "left"),
            ("mean", "right"),
            ("± s.e.", "right"),
            ("median", "right"),
            ("s", "right"),
        ):
            t.add_column(c, justify=j)
        for r in self.rows:
            t.add_row(
                r["method"], f"{r['mean']:.2f}", f"{r['se']:.2f}", f"{r['median']:.0f}", f"{r['seconds']:.1f}"
            )
        if self.learned is not None:
            L = self.learned
            verdict = "reached" if self.beats_target else "NOT reached"
            imp = L["improvement"]
            how = f"{100 * imp:.1f}% fewer" if imp >= 0 else f"{-100 * imp:.1f}% more"
            trained = L.get("trained_on")
            src = L["source"] + (f", trained on {trained}" if trained and trained != self.dist else "")
            t.caption = (
                f"The learned policy ({src}, {L.get('iterations', '?')} PPO iterations) uses {how} "
                f"additions than {self.best_classical}, the best classical strategy (paired difference "
                f"{L['difference']:+.2f} ± {L['difference_se']:.2f}); the target of {100 * self.target:.0f}% "
                f"fewer is {verdict}. Its reduced Groebner bases equal Degree's on {L['bases_agree']}/"
                f"{L['bases_checked']} ideals. {self.load}."
            )
        return t


def evaluate_buchberger(
    dist: str | IdealDistribution = "3-20-10-weighted",
    *,
    ideals: int = 10_000,
    seed: int = 0,
    policy=None,
    strategies=tuple(STRATEGIES),
    rollouts: int = 10,
    store=None,
    target: float = 0.2,
    progress: bool = False,
) -> BuchbergerEvaluation:
    r"""Mean additions per ideal ± standard error of every strategy on the same seeded ideals.

    Ideal ``i`` is drawn by :func:`~conjectura.domains.polynomials.buchberger.initial_state` from
    ``numpy.random.default_rng([seed, i])`` (ideals with no S-pair are redrawn, as in training).
    The Random strategy and the random rollouts use generators seeded by ``(seed, i)`` too.

    Parameters
    ----------
    dist : str or IdealDistribution
    ideals : int
    seed : int
    policy : int, path, RowPolicy or None
        The learned policy: a training run id of the store, a ``.npz`` checkpoint or a policy.
    strategies : sequence of str
        Classical strategies (default all of :data:`STRATEGIES`).
    rollouts : int
        ``k`` of "best of k random rollouts" (0: leave that row out): the smallest cost among
        ``k`` uniformly random runs on the ideal, an estimate of what search over the choices
        reaches with ``k`` episodes per ideal.
    store : Store, optional
    target : float
        Improvement over the best classical strategy the learned policy is measured against.
    progress : bool
        A progress bar on stderr.

    Examples
    --------
    >>> ev = evaluate_buchberger("3-10-4-uniform", ideals=20, strategies=("first", "degree"), rollouts=2)
    >>> [r["method"] for r in ev.rows]
    ['first', 'degree', 'best of 2 random']
    >>> ev.rows[2]["mean"] <= min(ev.rows[0]["mean"], ev.rows[1]["mean"]) or ev.rows[2]["mean"] > 0
    True
    """
    import os

    from conjectura.domains.polynomials.buchberger import BuchbergerState, _run, initial_state

    dist_obj = _as_distribution(dist)
    validate_int(ideals, "ideals", "evaluate_buchberger", min_value=1)
    validate_int(seed, "seed", "evaluate_buchberger", min_value=0)
    validate_int(rollouts, "rollouts", "evaluate_buchberger", min_value=0)
    selects = {str(s): get_strategy(s) for s in strategies}
    learned_select, learned_info = None, None
    if policy is not None:
        net, learned_info = _load_learned(policy, store)
        if net.n_features != 4 * dist_obj.n:
            raise InvalidParameterError(
                f"The policy scores rows of width {net.n_features} ({net.n_features // 4} variables); "
                f"{dist_obj} has {dist_obj.n} variables (rows of width {4 * dist_obj.n})."
            )
        learned_select = learned_strategy(net)
    gens = [initial_state(dist_obj, seed=np.random.default_rng([seed, i])).generators for i in range(ideals)]
    methods = (
        list(selects)
        + (["learned"] if learned_select else [])
        + ([f"best of {rollouts} random"] if rollouts else [])
    )
    costs = {m: np.zeros(ideals, dtype=np.int64) for m in methods}
    secs = dict.fromkeys(methods, 0.0)
    agree = 0
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=ideals, desc=f"eval {dist_obj}", unit="ideal", leave=False)
    try:
        for i, F in enumerate(gens):
            degree_basis = None
            for name, select in selects.items():
                t = time.perf_counter()
                S = _run(BuchbergerState(F), select, np.random.default_rng([seed, i, 1]))
                secs[name] += time.perf_counter() - t
                costs[name][i] = S.stats.polynomial_additions
                if name == "degree" and learned_select is not None:
                    degree_basis = S.reduced_basis()
            if learned_select is not None:
                t = time.perf_counter()
                S = _run(BuchbergerState(F), learned_select, None)
                secs["learned"] += time.perf_counter() - t
                costs["learned"][i] = S.stats.polynomial_additions
                if degree_basis is None:
                    degree_basis = _run(
                        BuchbergerState(F), selects.get("degree", get_strategy("degree")), None
                    ).reduced_basis()
                agree += S.reduced_basis() == degree_basis
            if rollouts:
                t = time.perf_counter()
                rng = np.random.default_rng([seed, i, 2])
                select = get_strategy("random")
                costs[methods[-1]][i] = min(
                    _run(BuchbergerState(F), select, rng).stats.polynomial_additions for _ in range(rollouts)
                )
                secs[methods[-1]] += time.perf_counter() - t
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    rows = [
        {
            "method": m,
            "mean": float(c.mean()),
            "se": float(c.std(ddof=1) / np.sqrt(ideals)) if ideals > 1 else float("nan"),
            "median": float(np.median(c)),
            "seconds": secs[m],
        }
        for m, c in costs.items()
    ]
    classical = [r for r in rows if r["method"] in selects]
    best = min(classical, key=lambda r: r["mean"])["method"] if classical else ""
    if learned_select is not None and best:
        diff = costs["learned"] - costs[best]
        learned_info = dict(
            learned_info,
            mean=float(costs["learned"].mean()),
            improvement=float(1.0 - costs["learned"].mean() / costs[best].mean()),
            difference=float(diff.mean()),
            difference_se=float(diff.std(ddof=1) / np.sqrt(ideals)) if ideals > 1 else float("nan"),
            bases_checked=ideals,
            bases_agree=int(agree),
        )
    load = (
        "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else ""
    )
    return BuchbergerEvaluation(
        dist=str(dist_obj),
        ideals=ideals,
        seed=seed,
        rows=rows,
        best_classical=best,
        learned=learned_info,
        rollouts=rollouts,
        target=target,
        load=load,
        per_ideal={m: c.tolist() for m, c in costs.items()},
    )
