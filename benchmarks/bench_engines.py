"""Every registered search engine on the built-in graph problems, in one run.

For each problem and engine: the time to a certified counterexample (the ``search`` call:
search, exact verification, certificate; shrinking off) over seeds, each seed capped at a
budget, reported as the median, the 90th percentile (a seed that found nothing counts as
+infinity) and the number of successes; the candidates scored (independent of the machine's
load); and the best score over time (the run's history). The engine list is read from the
registry (``conjectura.list_engines()``), so an engine registered by another module (e.g.
PatternBoost) is benchmarked too; variants are added: ``local+tabu`` (``LocalSearch(tabu=True)``,
a restart strategy for equality cases), and ``local/hub-prior``, ``nmcs/hub-prior``: the engines
with restarts drawn from the hub-weighted random graphs alone, i.e. without the
preferential-attachment trees of the graph encoding's prior (the diversification measured by
taking it away).

Also measured in the same run: one generation of the cross-entropy method with Wagner's
settings (1000 graphs on 19 vertices: sampling, rewards, one epoch on the top 7%) with the
PyTorch reference backend, the numpy backend, and the numpy backend's code without numba
("numpy-plain"), alternating (ABCCBA) in one process on one thread, with the rewards split into
components, spectral radius and matching (``benchmarks/results/bench_engines_cem.json``; a run
with ``--skip-main --skip-others`` writes only that file).

``--islands-curve`` measures instead the time to a certified counterexample to Conjecture 2.1
on ``--islands-n`` vertices (default 30, where one local search takes seconds) with 1 and 2
process islands of the local engine (``search_islands``; the wall time includes starting the
worker processes), without and with elite migration, over seeds
(``benchmarks/results/bench_islands.json``).

Each (problem, engine) pair runs in a fresh process that first scores a few connected graphs
(numba's compiled kernels load once, outside the timings). The load average is recorded next
to every figure; on a shared machine the candidates scored are the comparable number.

    .venv/bin/python benchmarks/bench_engines.py                        # the full table
    .venv/bin/python benchmarks/bench_engines.py --seeds 5 --cap 30s --other-seeds 3 --other-cap 10s

Results go to ``benchmarks/results/bench_engines.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results" / "bench_engines.json"
RESULTS_CEM = HERE / "results" / "bench_engines_cem.json"

MAIN = ("graphs/wagner-2.1", {"n": 19})
OTHERS = [
    ("graphs/zagreb-indices", {"n": 9}),
    ("graphs/agx-spectral-proximity", {"n": 12}),
    ("graphs/agx-randic-independence", {"n": 12}),
    ("graphs/wagner-2.3", {"n": 30}),
    ("graphs/bound", {"relation": "independence_number <= 2*min_degree + 1", "n": 9}),
]
UNKNOWN_AT_SIZE = {
    "graphs/wagner-2.3"
}  # Wagner's counterexample has 203 vertices; run on --few-seeds-count seeds
VARIANTS = {
    "local+tabu": ("local", {"tabu": True}),
    # the diversification the graph prior brings, measured by taking it away: restarts drawn
    # from the hub-weighted random graphs alone, without the preferential-attachment trees
    "local/hub-prior": ("local", {"_prior": "hub"}),
    "nmcs/hub-prior": ("nmcs", {"_prior": "hub"}),
}

DRIVER = r"""
import json, os, sys, time
import numpy as np
import conjectura as cj
from conjectura.searching import SearchConfig
from conjectura.core.threads import limit_threads

problem, params, engine, eparams, seeds, cap = json.loads(sys.argv[1])
prob = cj.get_problem(problem, **params)
if eparams.pop("_prior", None) == "hub":  # the graph prior without its trees
    import dataclasses
    from conjectura.domains.graphs import hub_prior_words
    n = params["n"]
    hub = dataclasses.replace(prob.encoding, sample=lambda rng, k: hub_prior_words(n, rng, k))
    prob = dataclasses.replace(prob, encoding=hub)
full = np.ones((4, prob.encoding.dim), dtype=np.int8)
prob.scores(full)  # warm up compiled kernels (numba caches) outside the timings
with limit_threads(1):
    for seed in seeds:
        load = os.getloadavg()[0]
        t0 = time.perf_counter()
        res = cj.search(prob, cj.get_engine(engine, **eparams), budget=cap, seed=seed,
                        config=SearchConfig(simplify=False))
        wall = time.perf_counter() - t0
        print(json.dumps({"seed": seed, "found": res.found, "seconds": wall,
                          "evaluations": res.evaluations, "generations": res.generations,
                          "best_score": res.best_score if math.isfinite(res.best_score) else None,
                          "history": [list(h) for h in res.history][-200:], "load": load,
                          "witness": res.certificate.witness_data if res.found else None}), flush=True)
""".replace("import json, os", "import json, math, os")

CEM_DRIVER = r"""
import json, os, sys, time
import numpy as np
import torch
import conjectura as cj
from conjectura.domains.graphs import batch as B
from conjectura.searching import cem_kernels
torch.set_num_threads(1)
rounds = int(sys.argv[1])
p = cj.get_problem("graphs/wagner-2.1", n=19)
p.scores(np.ones((4, 171), dtype=np.int8))
compiled = (cem_kernels._KERNELS, B._kernels())


def plain(on):
    # "numpy-plain": the numpy backend without numba (dense states, one numpy call per minibatch
    # and per letter; components by reachability, the spectrum by LAPACK; the matching stays
    # compiled, numba being installed)
    cem_kernels._KERNELS = False if on else compiled[0]
    B._KERNELS = False if on else compiled[1]


out = {"torch": [], "numpy": [], "numpy-plain": []}
parts = []
engines = {}
for b in out:
    engines[b] = cj.get_engine("cem", backend="torch" if b == "torch" else "numpy")
    engines[b].setup(p, seed=0)
    plain(b == "numpy-plain")
    Z = engines[b].ask(engines[b].population); engines[b].tell(Z, p.scores(Z))  # warm up
    plain(False)
for _ in range(rounds):
    for b in ("torch", "numpy", "numpy-plain", "numpy-plain", "numpy", "torch"):
        eng = engines[b]
        plain(b == "numpy-plain")
        load = os.getloadavg()[0]
        t0 = time.perf_counter(); Z = eng.ask(eng.population)
        t1 = time.perf_counter(); s = p.scores(Z)
        t2 = time.perf_counter(); eng.tell(Z, s)
        t3 = time.perf_counter()
        plain(False)
        out[b].append({"sample": t1 - t0, "rewards": t2 - t1, "train": t3 - t2, "total": t3 - t0, "load": load})
        if b == "numpy":  # where the rewards go, on the same population
            t0 = time.perf_counter(); A = B.words_to_adjacency(Z, 19)
            t1 = time.perf_counter(); ok = B.components_count(A) == 1; Ac = A[ok]
            t2 = time.perf_counter(); B.spectral_radius_batch(Ac)
            t3 = time.perf_counter(); B.matching_number_batch(Ac)
            t4 = time.perf_counter()
            parts.append({"adjacency": t1 - t0, "components": t2 - t1, "spectral_radius": t3 - t2,
                          "matching": t4 - t3, "connected": int(ok.sum())})
print(json.dumps({"generations": out, "rewards_parts": parts}))
"""


def cem_generation(rounds: int) -> dict:
    """One generation of Wagner's cross-entropy method (1000 graphs on 19 vertices): sampling,
    rewards and one epoch on the top 7%, per backend, alternated in one process on one thread;
    medians over ``2 * rounds`` generations of each."""
    doc = {"uptime_start": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()}
    cem = subprocess.run(
        [sys.executable, "-c", CEM_DRIVER, str(max(rounds, 1))], env=_env(), capture_output=True, text=True
    )
    doc["uptime_end"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    if cem.returncode:
        return {**doc, "error": cem.stderr[-2000:]}
    res = json.loads(cem.stdout.strip().splitlines()[-1])
    gens = res["generations"]

    def median(rows, keys):
        return {k: statistics.median(r[k] for r in rows) for k in keys}

    med = {b: median(v, ("sample", "rewards", "train", "total", "load")) for b, v in gens.items()}
    parts = res["rewards_parts"]
    return {
        **doc,
        "settings": {"population": 1000, "n": 19, "elite_frac": 0.07, "threads": 1, "rounds": rounds},
        "median": med,
        "rewards_parts_median": median(parts, ("adjacency", "components", "spectral_radius", "matching")),
        "ratio_numpy_over_torch": med["numpy"]["total"] / med["torch"]["total"],
        "ratio_numpy_over_numpy_plain": med["numpy"]["total"] / med["numpy-plain"]["total"],
        "runs": gens,
        "rewards_parts": parts,
    }


ISLANDS_DRIVER = r"""
import json, os, sys, time
import conjectura as cj
from conjectura.searching import SearchConfig, search_islands

islands, migrate, seeds, cap, n = json.loads(sys.argv[1])
for seed in seeds:
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    res = search_islands("graphs/wagner-2.1", "local", islands=islands, workers=islands, seed=seed,
                         budget=cap, problem_params={"n": n}, backend="process" if islands > 1 else "serial",
                         migrate_every=migrate, config=SearchConfig(simplify=False))
    print(json.dumps({"seed": seed, "found": res.found, "seconds": time.perf_counter() - t0,
                      "evaluations": res.evaluations, "best_score": res.best_score, "load": load}), flush=True)
"""


def islands_curve(seeds: int, cap: str, out: Path, n: int = 30) -> None:
    doc = {
        "uptime_start": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip(),
        "problem": {"name": "graphs/wagner-2.1", "n": n, "engine": "local"},
        "rows": {},
    }
    for islands, migrate in [(1, None), (2, None), (2, 5)]:
        arg = json.dumps([islands, migrate, list(range(seeds)), cap, n])
        res = subprocess.run(
            [sys.executable, "-c", ISLANDS_DRIVER, arg], env=_env(), capture_output=True, text=True
        )
        runs = [json.loads(line) for line in res.stdout.splitlines() if line.startswith("{")]
        label = f"{islands} island{'s' if islands > 1 else ''}" + (
            f", migration every {migrate}" if migrate else ""
        )
        doc["rows"][label] = {"runs": runs, **summarise(runs)} if runs else {"error": res.stderr[-1500:]}
        print(label, {k: v for k, v in doc["rows"][label].items() if k != "runs"}, flush=True)
        out.write_text(json.dumps(doc, indent=1))
    doc["uptime_end"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    out.write_text(json.dumps(doc, indent=1))


def _env() -> dict:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "MPLBACKEND": "Agg", "OMP_NUM_THREADS": "1"}
    env.pop("CONJECTURA_STORE", None)
    return env


def run_pair(problem, params, engine, eparams, seeds, cap) -> list[dict]:
    arg = json.dumps([problem, params, engine, eparams, list(seeds), cap])
    out = subprocess.run(
        [sys.executable, "-c", DRIVER, arg], env=_env(), capture_output=True, text=True, check=False
    )
    if out.returncode:
        return [{"error": out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "failed"}]
    return [json.loads(line) for line in out.stdout.strip().splitlines() if line.startswith("{")]


def summarise(runs: list[dict]) -> dict:
    ok = [r for r in runs if "error" not in r]
    if not ok:
        return {"error": runs[0].get("error") if runs else "no runs"}
    times = sorted(r["seconds"] if r["found"] else math.inf for r in ok)

    def q(p):  # nearest-rank percentile, +inf for seeds without a find
        v = times[max(0, math.ceil(p * len(times)) - 1)]
        return None if math.isinf(v) else round(v, 3)

    found = [r for r in ok if r["found"]]
    evals = sorted(r["evaluations"] if r["found"] else math.inf for r in ok)
    med_e = evals[(len(evals) - 1) // 2]
    return {
        "seeds": len(ok),
        "successes": len(found),
        "median_s": q(0.5),
        "p90_s": q(0.9),
        "median_evaluations": None if math.isinf(med_e) else med_e,
        "best_scores": [r.get("best_score") for r in ok],
        "mean_load": round(sum(r["load"] for r in ok) / len(ok), 2),
    }


def engines_to_run(only: list[str] | None) -> list[tuple[str, str, dict]]:
    sys.path.insert(0, str(REPO / "src"))
    import conjectura as cj

    # climb runs a construction problem's own local search: it refuses counterexample problems
    names = [e.name for e in cj.list_engines() if e.name != "climb"]
    rows = [(n, n, {}) for n in names]
    rows += [(label, base, kw) for label, (base, kw) in VARIANTS.items() if base in names]
    return [r for r in rows if only is None or r[0] in only]


def table(results: dict) -> str:
    lines = []
    for problem, per in results.items():
        lines.append(f"\n{problem}")
        lines.append(
            f"{'engine':<12} {'found':>7} {'median s':>9} {'p90 s':>8} {'median cand.':>13} {'load':>5}"
        )
        for eng, s in per.items():
            if "error" in s:
                lines.append(f"{eng:<12} error: {s['error'][:80]}")
                continue
            med = "-" if s["median_s"] is None else f"{s['median_s']:.2f}"
            p90 = "-" if s["p90_s"] is None else f"{s['p90_s']:.2f}"
            me = "-" if s["median_evaluations"] is None else str(s["median_evaluations"])
            lines.append(
                f"{eng:<12} {s['successes']:>3}/{s['seeds']:<3} {med:>9} {p90:>8} {me:>13} {s['mean_load']:>5}"
            )
    return "\n".join(lines)


def markdown(summary: dict) -> str:
    """The summary as a Markdown table per problem (for the README)."""
    out = []
    for problem, per in summary.items():
        out += [
            f"**{problem}**",
            "",
            "| engine | found | median s | p90 s | median candidates |",
            "|---|---|---|---|---|",
        ]
        for eng, s in per.items():
            if "error" in s:
                continue
            fmt = lambda v: "-" if v is None else (f"{v:.2f}" if isinstance(v, float) else str(v))  # noqa: E731
            out.append(
                f"| {eng} | {s['successes']}/{s['seeds']} | {fmt(s['median_s'])} | {fmt(s['p90_s'])} | "
                f"{fmt(s['median_evaluations'])} |"
            )
        out.append("")
    return "\n".join(out)


def _relative(v):
    """A path inside the repository as a relative one (results name no machine's paths)."""
    if isinstance(v, str) and v.startswith(str(REPO) + os.sep):
        return os.path.relpath(v, REPO)
    return v


def plot_history(doc: dict, path: Path) -> None:
    """Best score over time: for each problem one panel, for each engine the median over seeds
    of the best score reached by time t (a run counts as -inf before its first record; scores
    of disconnected graphs, below -100, are not drawn). A run that stopped keeps its best."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    problems = [k for k, v in doc["problems"].items() if v]
    if not problems:
        return
    cols = min(3, len(problems))
    rows = math.ceil(len(problems) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(5.2 * cols, 3.6 * rows), squeeze=False)
    for ax, key in zip(axes.flat, problems):
        per = doc["problems"][key]
        horizon = max(
            (h[2] for runs in per.values() for r in runs if "history" in r for h in r["history"]), default=1.0
        )
        grid = np.geomspace(1e-2, max(horizon, 2e-2), 200)
        for label, runs in per.items():
            curves = []
            for r in runs:
                hist = [h for h in r.get("history", []) if h[3] is not None]
                if not hist:
                    continue
                t = np.array([h[2] for h in hist])
                b = np.maximum.accumulate(np.array([h[3] for h in hist], dtype=float))
                i = np.searchsorted(t, grid, side="right") - 1
                c = np.where(i >= 0, b[np.maximum(i, 0)], -np.inf)  # nothing recorded yet
                c[grid > t[-1]] = b[-1]  # a run that stopped (found or budget) keeps its best
                curves.append(c)
            if not curves:
                continue
            med = np.median(np.array(curves), axis=0)
            med[~(med >= -100)] = np.nan
            ax.plot(grid, med, label=label, lw=1.4)
        ax.set_xscale("log")
        lo, hi = ax.get_ylim()
        ax.set_ylim(max(lo, -3.0), hi)  # the approach to 0 matters; far-off engines are cut at -3
        ax.set_title(key, fontsize=9)
        ax.set_xlabel("seconds")
        ax.set_ylabel("median best score")
        ax.axhline(0.0, color="grey", lw=0.6, ls=":")
    for ax in list(axes.flat)[len(problems) :]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=7, loc="lower right")
    fig.suptitle(
        "Best score over time (median over seeds; > 0 refutes the conjecture; cut at -3)", fontsize=10
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=int, default=20, help="seeds on Conjecture 2.1")
    ap.add_argument("--cap", default="60s", help="budget of each Conjecture 2.1 run")
    ap.add_argument("--other-seeds", type=int, default=20)
    ap.add_argument("--other-cap", default="60s")
    ap.add_argument("--engines", nargs="*", default=None, help="labels to run (default: all)")
    ap.add_argument(
        "--few-seeds",
        nargs="*",
        default=[],
        help="labels run on --few-seeds-count seeds only (each seed that finds nothing costs the whole cap)",
    )
    ap.add_argument("--few-seeds-count", type=int, default=5)
    ap.add_argument("--skip-others", action="store_true")
    ap.add_argument("--skip-main", action="store_true", help="only the other problems")
    ap.add_argument("--cem-rounds", type=int, default=3, help="0: skip the CEM generation timing")
    ap.add_argument("--out", default=str(RESULTS))
    ap.add_argument("--cem-out", default=str(RESULTS_CEM), help="where the CEM generation timing goes")
    ap.add_argument("--islands-curve", action="store_true", help="only the 1 vs 2 islands curve")
    ap.add_argument("--islands-n", type=int, default=30, help="vertices of the islands curve's problem")
    ap.add_argument("--markdown", nargs="*", help="print the tables of these result files and stop")
    args = ap.parse_args()
    if args.markdown is not None:
        for f in args.markdown or [str(RESULTS)]:
            print(markdown(json.loads(Path(f).read_text())["summary"]))
        return
    if args.islands_curve:
        islands_curve(args.seeds, args.cap, HERE / "results" / "bench_islands.json", args.islands_n)
        return

    started = time.time()
    doc = {
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "python": sys.version.split()[0],
        },
        "uptime_start": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip(),
        "settings": {k: _relative(v) for k, v in vars(args).items()},
        "problems": {},
        "summary": {},
    }
    rows = engines_to_run(args.engines)
    plan = [] if args.skip_main else [(MAIN, args.seeds, args.cap)]
    if not args.skip_others:
        for p in OTHERS:  # no counterexample is known at this size: every seed costs the cap
            k = min(args.other_seeds, args.few_seeds_count) if p[0] in UNKNOWN_AT_SIZE else args.other_seeds
            plan.append((p, k, args.other_cap))
    for (problem, params), n_seeds, cap in plan:
        key = f"{problem} {json.dumps(params)}"
        doc["problems"][key] = {}
        doc["summary"][key] = {}
        for label, base, kw in rows:
            k = min(n_seeds, args.few_seeds_count) if label in args.few_seeds else n_seeds
            runs = run_pair(problem, params, base, kw, range(k), cap)
            doc["problems"][key][label] = runs
            doc["summary"][key][label] = {**summarise(runs), "cap": cap}
            print(key, label, doc["summary"][key][label], flush=True)
            Path(args.out).write_text(json.dumps(doc, indent=1))
    if args.cem_rounds:
        doc["cem_generation"] = cem_generation(args.cem_rounds)
        Path(args.cem_out).write_text(json.dumps(doc["cem_generation"], indent=1))
    else:
        doc["cem_generation"] = {}
    doc["uptime_end"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    doc["wall_seconds"] = round(time.time() - started, 1)
    if plan or args.out != str(RESULTS):  # a CEM-only run leaves bench_engines.json alone
        Path(args.out).write_text(json.dumps(doc, indent=1))
        plot_history(doc, Path(args.out).with_suffix(".png"))
    print(table(doc["summary"]))
    if doc["cem_generation"]:
        cg = doc["cem_generation"]
        for b, m in (cg.get("median") or {}).items():
            print(f"cem generation {b:<12}", " ".join(f"{k} {v:.4f}" for k, v in m.items()))
        if "ratio_numpy_over_torch" in cg:
            print(
                f"numpy / torch {cg['ratio_numpy_over_torch']:.3f}; rewards parts", cg["rewards_parts_median"]
            )
    print(doc["uptime_start"], "->", doc["uptime_end"])


if __name__ == "__main__":
    main()
