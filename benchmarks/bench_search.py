"""Search speed before and after a change: the local engine on Wagner's Conjecture 2.1 and one
generation of the cross-entropy method, for a reference commit (BEFORE) and this tree (AFTER).

Measured, in one run, for both trees:

* the local engine's time to a certified counterexample to Conjecture 2.1 on n = 19 vertices
  (Wagner, arXiv:2104.14516), seeds 0-9, each seed in a fresh process: wall-clock seconds of the
  ``search`` call (search, exact verification, certificate; shrinking off), CPU seconds of the
  process over the same call, and the number of candidates scored (identical in both trees
  when the engine's behaviour is unchanged);
* seconds per generation of the cross-entropy method with Wagner's settings (1000 graphs with
  rewards, one epoch on the top 7%, SGD with learning rate 1e-4) on one torch thread.

BEFORE is the reference commit extracted with ``git archive`` into a temporary directory
outside the repository and imported from there (its own ``PYTHONPATH``); AFTER imports this
tree's ``src``. The two alternate seed by seed (ABBA order), so on a shared machine both see the
same load; the load average is recorded next to every figure. Ratios are AFTER / BEFORE: below
1 is faster. Besides the ratio of the medians, the median of the per-seed ratios is given: a seed
does exactly the same work in both trees when the search is unchanged (same candidates, same
witness, recorded per seed), so its ratio is the least noisy figure on a loaded machine. Results go to ``benchmarks/results/bench_search.json``.

    .venv/bin/python benchmarks/bench_search.py                      # make bench
    .venv/bin/python benchmarks/bench_search.py --seeds 3 --cem-rounds 1
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results" / "bench_search.json"
REFERENCE = "b56499c"

# Runs inside the tree under test; it works with the API of both trees.
DRIVER = r"""
import json, os, sys, time
import conjectura as cj

mode, arg, cap = sys.argv[1], int(sys.argv[2]), sys.argv[3]
problem = cj.get_problem("graphs/wagner-2.1", n=19)
if mode == "local":
    try:
        from conjectura.searching import SearchConfig
        kw = {"config": SearchConfig(simplify=False)}
    except ImportError:  # the reference tree: conjectura.search, keyword simplify
        kw = {"simplify": False}
    load = os.getloadavg()[0]
    cpu0, t0 = time.process_time(), time.perf_counter()
    res = cj.search(problem, "local", budget=cap, seed=arg, **kw)
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    print(json.dumps({"seed": arg, "found": res.found, "seconds": wall, "search_seconds": res.elapsed,
                      "cpu_seconds": cpu, "evaluations": res.evaluations, "generations": res.generations,
                      "witness": res.certificate.witness_data if res.found else None, "load": load}))
else:
    import numpy as np
    import torch
    torch.set_num_threads(1)
    try:
        from conjectura.searching.cem import CrossEntropy
    except ImportError:
        from conjectura.search.cem import CrossEntropy
    eng = CrossEntropy()
    eng.setup(problem, seed=0)
    problem.scores(eng.ask(8))  # warm up
    load, rows = os.getloadavg()[0], []
    for _ in range(arg):
        t0 = time.perf_counter()
        Z = eng.ask(eng.population)
        t1 = time.perf_counter()
        s = problem.scores(Z)
        t2 = time.perf_counter()
        eng.tell(Z, s)
        t3 = time.perf_counter()
        rows.append((t1 - t0, t2 - t1, t3 - t2, t3 - t0))
    a = np.array(rows)
    print(json.dumps({"generations": arg, "sample": float(np.median(a[:, 0])), "rewards": float(np.median(a[:, 1])),
                      "train": float(np.median(a[:, 2])), "total": float(np.median(a[:, 3])), "load": load}))
"""


def extract(commit: str, into: Path) -> Path:
    """The ``src`` directory of ``commit``, extracted with ``git archive`` into ``into``."""
    into.mkdir(parents=True, exist_ok=True)
    archive = into / "src.tar"
    with open(archive, "wb") as fh:
        subprocess.run(["git", "-C", str(REPO), "archive", commit, "src"], stdout=fh, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def run(src: Path, mode: str, arg: int, cap: str, home: Path) -> dict:
    env = {
        **os.environ,
        "PYTHONPATH": str(src),
        "CONJECTURA_HOME": str(home),
        "MPLBACKEND": "Agg",
        "OMP_NUM_THREADS": "1",
    }
    env.pop("CONJECTURA_STORE", None)
    out = subprocess.run(
        [sys.executable, "-c", DRIVER, mode, str(arg), cap],
        env=env,
        cwd=home,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        raise RuntimeError(f"{mode} run in {src} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _revision() -> str:
    """The commit of this tree, marked ``+uncommitted`` when the work tree differs from it."""
    head = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "src"], capture_output=True, text=True
    )
    return head.stdout.strip() + ("+uncommitted" if dirty.stdout.strip() else "")


def _median_found(runs: list[dict], key: str) -> float | None:
    """Median over seeds, a seed without a counterexample counting as +infinity."""
    m = statistics.median(r[key] if r["found"] else float("inf") for r in runs)
    return None if m == float("inf") else m


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reference", default=REFERENCE, help="BEFORE: a commit of this repository")
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--cap", default="300s", help="budget of each local run (with its unit)")
    ap.add_argument("--cem-generations", type=int, default=5, help="generations timed per CEM round")
    ap.add_argument("--cem-rounds", type=int, default=3, help="alternating CEM rounds per tree")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="conjectura-bench-") as tmp:
        tmp = Path(tmp)
        trees = {"before": extract(args.reference, tmp / "before"), "after": REPO / "src"}
        homes = {k: tmp / f"home-{k}" for k in trees}
        for h in homes.values():
            h.mkdir()
        local: dict[str, list[dict]] = {"before": [], "after": []}
        for seed in range(args.seeds):
            order = ("before", "after") if seed % 2 == 0 else ("after", "before")  # ABBA
            for side in order:
                r = run(trees[side], "local", seed, args.cap, homes[side])
                local[side].append(r)
                print(
                    f"local {side:6s} seed {seed}: {'found' if r['found'] else 'not found':9s} "
                    f"{r['seconds']:7.2f}s wall {r['cpu_seconds']:7.2f}s cpu "
                    f"{r['evaluations']:8d} candidates (load {r['load']:.1f})",
                    flush=True,
                )
        cem: dict[str, list[dict]] = {"before": [], "after": []}
        for rnd in range(args.cem_rounds):
            for side in ("before", "after") if rnd % 2 == 0 else ("after", "before"):
                r = run(trees[side], "cem", args.cem_generations, args.cap, homes[side])
                cem[side].append(r)
                print(
                    f"cem   {side:6s} round {rnd}: {r['total']:.3f}s per generation (load {r['load']:.1f})",
                    flush=True,
                )

    summary = {}
    for side in ("before", "after"):
        runs = local[side]
        summary[side] = {
            "tree": args.reference if side == "before" else "this tree",
            "local_successes": sum(r["found"] for r in runs),
            "local_median_seconds": _median_found(runs, "seconds"),
            "local_median_cpu_seconds": _median_found(runs, "cpu_seconds"),
            "local_median_evaluations": _median_found(runs, "evaluations"),
            "cem_generation_median_seconds": statistics.median(r["total"] for r in cem[side])
            if cem[side]
            else None,
        }
    pairs = list(zip(local["before"], local["after"]))
    same = [b["evaluations"] == a["evaluations"] and b["witness"] == a["witness"] for b, a in pairs]
    # each seed does the same work in both trees when the search is unchanged: the median of the
    # per-seed ratios is far less sensitive to the load of a shared machine than a ratio of medians
    found_both = [(b, a) for b, a in pairs if a["found"] and b["found"]]
    paired = {
        key: statistics.median(a[key] / b[key] for b, a in found_both) if found_both else None
        for key in ("seconds", "cpu_seconds")
    }
    cem_pairs = [a["total"] / b["total"] for b, a in zip(cem["before"], cem["after"])]
    data = {
        "what": "local engine: median time to a certified counterexample to Conjecture 2.1 (n=19); "
        "cem: seconds per generation (Wagner's settings, one torch thread)",
        "reference": args.reference,
        "after": _revision(),
        "seeds": list(range(args.seeds)),
        "cap": args.cap,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "note": "before and after alternate seed by seed (ABBA) on the same machine; load averages are "
        "recorded per run because a shared machine inflates timings",
        "summary": summary,
        "ratios_after_over_before": {
            "local_median_seconds": _ratio(
                summary["after"]["local_median_seconds"], summary["before"]["local_median_seconds"]
            ),
            "local_median_cpu_seconds": _ratio(
                summary["after"]["local_median_cpu_seconds"], summary["before"]["local_median_cpu_seconds"]
            ),
            "cem_generation_seconds": _ratio(
                summary["after"]["cem_generation_median_seconds"],
                summary["before"]["cem_generation_median_seconds"],
            ),
        },
        "median_of_per_seed_ratios_after_over_before": {
            "local_seconds": paired["seconds"],
            "local_cpu_seconds": paired["cpu_seconds"],
            "cem_generation_seconds": statistics.median(cem_pairs) if cem_pairs else None,
        },
        "same_search_per_seed": same,
        "local": local,
        "cem": cem,
        "time": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=2) + "\n")
    keys = (
        "summary",
        "ratios_after_over_before",
        "median_of_per_seed_ratios_after_over_before",
        "same_search_per_seed",
    )
    print(json.dumps({k: data[k] for k in keys}, indent=2))


if __name__ == "__main__":
    main()
