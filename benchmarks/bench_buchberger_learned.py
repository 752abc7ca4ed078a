"""Cost of the learned S-pair selection strategy against the classical ones, measured side by side.

On a fixed seeded set of 3-20-10-weighted ideals (ideal ``i`` from ``default_rng([seed, i])``, as
:func:`conjectura.domains.polynomials.learning.evaluate_buchberger` draws them), each method runs
one episode per ideal:

* the classical strategies Degree and TrueDegree;
* the learned policy (greedy, its actor evaluated in numpy on the pair matrix before every
  choice), from a training run of the store (``--policy RUN``) or, without one, an untrained
  policy of the default shape (the time per choice does not depend on the weights);
* one PPO training iteration (``--episodes`` episodes with the Degree baseline and the update),
  the unit of :func:`~conjectura.domains.polynomials.learning.train_buchberger`.

Times are per ideal, the minimum over ``--repeats`` runs, averaged; the ratio learned / Degree is
measured in the same run. The load average is recorded (the machine may be shared).

    .venv/bin/python benchmarks/bench_buchberger_learned.py --ideals 200
    .venv/bin/python benchmarks/bench_buchberger_learned.py --policy 1

Results go to ``benchmarks/results/bench_buchberger_learned.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import numpy as np

RESULTS = Path(__file__).resolve().parent / "results" / "bench_buchberger_learned.json"


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dist", default="3-20-10-weighted")
    ap.add_argument("--ideals", type=int, default=200)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--policy", type=int, default=None, help="Training run id in the store.")
    ap.add_argument("--episodes", type=int, default=8, help="Episodes of the timed PPO iteration.")
    args = ap.parse_args(argv)

    import torch

    from conjectura.core.threads import limit_threads
    from conjectura.domains.polynomials import BuchbergerState, initial_state
    from conjectura.domains.polynomials.buchberger import _run
    from conjectura.domains.polynomials.env import BuchbergerEnv
    from conjectura.domains.polynomials.learning import _load_learned, default_config, learned_strategy
    from conjectura.domains.polynomials.strategies import get_strategy
    from conjectura.guide.ppo import RowPolicy, train_ppo

    with limit_threads(1):
        if args.policy is None:
            torch.manual_seed(0)
            net, source = RowPolicy(12, default_config().hidden), "untrained policy of the default shape"
        else:
            net, info = _load_learned(args.policy, None)
            source = info["source"]
        methods = {
            "degree": get_strategy("degree"),
            "true-degree": get_strategy("true-degree"),
            "learned": learned_strategy(net),
        }
        gens = [
            initial_state(args.dist, seed=np.random.default_rng([args.seed, i])).generators
            for i in range(args.ideals)
        ]
        for sel in methods.values():  # compile and warm up
            _run(BuchbergerState(gens[0]), sel, None)
        per = {m: [] for m in methods}
        adds = {m: [] for m in methods}
        for F in gens:
            for m, sel in methods.items():
                best = float("inf")
                for _ in range(args.repeats):
                    t = time.perf_counter()
                    S = _run(BuchbergerState(F), sel, None)
                    best = min(best, time.perf_counter() - t)
                per[m].append(best)
                adds[m].append(S.stats.polynomial_additions)
        env = BuchbergerEnv(args.dist)
        cfg = default_config(iterations=1, episodes=args.episodes, imitation_episodes=0, warmup_episodes=1)
        t = time.perf_counter()
        train_ppo(env, cfg, progress=False, baseline=lambda e: e.strategy_value("degree", cfg.gamma))
        ppo_seconds = time.perf_counter() - t

    ms = {m: 1e3 * float(np.mean(v)) for m, v in per.items()}
    out = {
        "benchmark": "bench_buchberger_learned",
        "dist": args.dist,
        "ideals": args.ideals,
        "repeats": args.repeats,
        "policy": source,
        "episode_ms": ms,
        "mean_additions": {m: float(np.mean(v)) for m, v in adds.items()},
        "ratio_learned_over_degree": ms["learned"] / ms["degree"],
        "ppo_iteration_seconds": ppo_seconds,
        "ppo_iteration_episodes": args.episodes,
        "load_average": list(os.getloadavg()),
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))
    return out


if __name__ == "__main__":
    main()
