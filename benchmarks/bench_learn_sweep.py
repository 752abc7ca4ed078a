"""What a hyperparameter sweep of ``conjectura learn`` buys, against the default hyperparameters
measured in the same run.

For one task and learner: the study with the learner's default hyperparameters (the reference),
then ``study(..., sweep=N)`` with each sampler (QMC, random, TPE). Recorded per sampler: the
default's and the best trial's validation metric (selection happens on a validation slice of
the training rows), the test metric of the tuned learner beside the default's, the best
baseline and the shuffled-label null, and wall seconds (ratio against the default study).

Results go to ``benchmarks/results/bench_learn_sweep.json`` with the load average.

    .venv/bin/python benchmarks/bench_learn_sweep.py
    .venv/bin/python benchmarks/bench_learn_sweep.py --task integers/squarefree --learner knn --trials 16
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "bench_learn_sweep.json"


def _test(ev) -> dict:
    m = ev.metric
    best = ev.best_baseline()
    return {
        "learner": ev.learner.mean(m),
        "learner_std": ev.learner.std(m),
        "best_baseline": None if best is None else best.name,
        "best_baseline_value": None if best is None else best.mean(m),
        "null": None if ev.null is None else ev.null.mean(m),
    }


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--task", default="integers/squarefree")
    ap.add_argument("--learner", default="knn")
    ap.add_argument("--n", type=int, default=4000)
    ap.add_argument("--trials", type=int, default=16)
    ap.add_argument("--samplers", nargs="*", default=["qmc", "random", "tpe"])
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    from conjectura.learn.study import study

    common = {"learner": args.learner, "n": args.n, "seeds": (0, 1, 2), "saliency": False}
    study(args.task, **{**common, "seeds": (0,)})  # warm-up: imports and the dataset's first build
    t0 = time.perf_counter()
    ref = study(args.task, **common)
    t_ref = time.perf_counter() - t0
    out = {
        "task": args.task,
        "learner": args.learner,
        "n": args.n,
        "trials": args.trials,
        "metric": ref.evaluations[0].metric,
        "default": {"test": _test(ref.evaluations[0]), "seconds": t_ref},
        "samplers": {},
    }
    for sampler in args.samplers:
        t0 = time.perf_counter()
        s = study(args.task, **common, sweep=args.trials, sampler=sampler)
        secs = time.perf_counter() - t0
        sw = s.sweeps[0]
        out["samplers"][sampler] = {
            "default_validation": sw.default_value,
            "best_validation": sw.best_value,
            "best_params": sw.best_params,
            "best_trial": sw.result.best["number"],
            "test": _test(s.evaluations[0]),
            "seconds": secs,
            "seconds_over_default_study": secs / t_ref,
        }
        print(sampler, json.dumps(out["samplers"][sampler], default=str))
    out["machine"] = {
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }
    out["load_average"] = os.getloadavg()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2, default=str) + "\n")
    print(json.dumps(out["default"]))


if __name__ == "__main__":
    main()
