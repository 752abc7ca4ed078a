"""Time to the first verified counterexample to Wagner's Conjecture 2.1 (n = 19), per engine.

For each engine and seed, :func:`conjectura.search` (the package :mod:`conjectura.searching`) runs until the exact verifier accepts a
candidate or the cap runs out; the figure is the search time up to that first verified
counterexample (shrinking to a minimal witness is not included), in wall-clock seconds and in
CPU seconds of the process (on an overloaded machine the two differ several-fold). Also measured: seconds per
generation of the cross-entropy method with Wagner's settings (1000 graphs per generation with
rewards, top 7% trained on for one epoch of minibatches of 32, SGD with learning rate 1e-4) on one
torch thread, split into sampling, rewards and training.

Results go to ``benchmarks/results/bench_search.json``, written after every run so an
interrupted benchmark resumes where it stopped (runs already recorded are skipped). The machine's
load average is recorded next to each figure: on a shared machine timings are inflated.

    .venv/bin/python benchmarks/bench_search.py --engines local --seeds 20 --cap 300
    .venv/bin/python benchmarks/bench_search.py --engines cem random --seeds 2 --cap 120
    .venv/bin/python benchmarks/bench_search.py --cem-generations 10
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "bench_search.json"


def _load(path: Path) -> dict:
    if path.exists():
        return json.loads(path.read_text())
    return {"problem": "graphs/wagner-2.1", "n": 19, "runs": [], "cem_generation": None}


def _median_or_none(xs):
    """Median, where a run that failed counts as +inf; ``None`` when that median is infinite."""
    if not xs:
        return None
    m = statistics.median(xs)
    return None if m == float("inf") else m


def _save(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for eng in {r["engine"] for r in data["runs"]}:
        runs = [r for r in data["runs"] if r["engine"] == eng]
        hits = [r["seconds"] for r in runs if r["found"]]
        data.setdefault("summary", {})[eng] = {
            "seeds": len(runs),
            "successes": len(hits),
            "cap_seconds": runs[0]["cap"],
            "median_seconds_over_seeds": _median_or_none(
                [r["seconds"] if r["found"] else float("inf") for r in runs]
            ),
            "median_seconds_of_successes": statistics.median(hits) if hits else None,
            "median_evaluations_over_seeds": _median_or_none(
                [r["evaluations"] if r["found"] else float("inf") for r in runs]
            ),
        }
        cpus = [r["cpu_seconds"] for r in runs if r["found"] and "cpu_seconds" in r]
        if cpus:
            data["summary"][eng]["median_cpu_seconds_of_successes"] = statistics.median(cpus)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=2, default=str) + "\n")
    os.replace(tmp, path)


def bench_runs(data: dict, path: Path, engines, seeds: int, cap: float) -> None:
    import torch

    import conjectura as cj

    torch.set_num_threads(1)  # two OpenMP threads on a busy 2-core machine are far slower

    problem = cj.get_problem("graphs/wagner-2.1", n=19)
    done = {(r["engine"], r["seed"]) for r in data["runs"]}
    for eng in engines:
        for seed in range(seeds):
            if (eng, seed) in done:
                continue
            load = os.getloadavg()[0]
            cpu0 = time.process_time()
            res = cj.search(problem, eng, budget=f"{cap}s", seed=seed, simplify=False)
            cpu = time.process_time() - cpu0
            data["runs"].append(
                {
                    "engine": eng,
                    "seed": seed,
                    "found": res.found,
                    "seconds": round(res.elapsed, 3),
                    "evaluations": res.evaluations,
                    "generations": res.generations,
                    "cap": cap,
                    "witness": res.certificate.witness_data if res.found else None,
                    "cpu_seconds": round(cpu, 3),
                    "load_before": round(load, 2),
                }
            )
            _save(path, data)
            print(
                f"{eng:6s} seed {seed:2d}: {'found' if res.found else 'not found':9s} "
                f"{res.elapsed:7.2f}s {res.evaluations:8d} candidates (load {load:.1f})",
                flush=True,
            )


def bench_cem_generation(data: dict, path: Path, generations: int) -> None:
    import numpy as np
    import torch

    import conjectura as cj
    from conjectura.searching.cem import CrossEntropy

    torch.set_num_threads(1)
    problem = cj.get_problem("graphs/wagner-2.1", n=19)
    eng = CrossEntropy()
    eng.setup(problem, seed=0)
    problem.scores(eng.ask(8))  # compile / warm up
    rows = []
    for _ in range(generations):
        t0 = time.perf_counter()
        Z = eng.ask(eng.population)
        t1 = time.perf_counter()
        s = problem.scores(Z)
        t2 = time.perf_counter()
        eng.tell(Z, s)
        t3 = time.perf_counter()
        rows.append((t1 - t0, t2 - t1, t3 - t2, t3 - t0))
    a = np.array(rows)
    data["cem_generation"] = {
        "generations": generations,
        "torch_threads": 1,
        "population": eng.population,
        "median_seconds": {
            "sample": float(np.median(a[:, 0])),
            "rewards": float(np.median(a[:, 1])),
            "train": float(np.median(a[:, 2])),
            "total": float(np.median(a[:, 3])),
        },
        "min_total_seconds": float(a[:, 3].min()),
        "load_average": os.getloadavg()[0],
    }
    _save(path, data)
    print(json.dumps(data["cem_generation"], indent=2))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--engines", nargs="*", default=[])
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--cap", type=float, default=300.0)
    ap.add_argument("--cem-generations", type=int, default=0)
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args()
    data = _load(args.out)
    data["machine"] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    if args.cem_generations:
        bench_cem_generation(data, args.out, args.cem_generations)
    if args.engines:
        bench_runs(data, args.out, args.engines, args.seeds, args.cap)


if __name__ == "__main__":
    main()
