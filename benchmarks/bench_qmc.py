"""Cost of the quasi-Monte Carlo tools, each against a reference measured in the same run.

- ``study``: wall and CPU seconds of :func:`conjectura.qmc.qmc_study` at its defaults (d = 2, 8,
  32, 128; five Genz families; Monte Carlo, scrambled Sobol, lattice; n = 2^6..2^14; 16
  randomisations), with the fitted slopes it measured.
- ``cbc``: the fast (FFT) component-by-component construction against the brute-force one
  (same criterion, every candidate tried), as a speed ratio.
- ``points``: seconds per million coordinates for scrambled Sobol, Halton, lattice and plain
  Monte Carlo points (Monte Carlo is the reference).
- ``sweep``: seconds per trial of :func:`conjectura.qmc.sweep` with the QMC sampler, in memory
  and in an SQLite file (the in-memory sweep is the reference).

Results go to ``benchmarks/results/bench_qmc.json`` with the machine's load average (on a shared
machine timings are inflated).

    .venv/bin/python benchmarks/bench_qmc.py                 # everything
    .venv/bin/python benchmarks/bench_qmc.py --only cbc points
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

import numpy as np

RESULTS = Path(__file__).resolve().parent / "results" / "bench_qmc.json"


def _timed(fn):
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def bench_study() -> dict:
    from conjectura.qmc import qmc_study

    s, wall, cpu = _timed(qmc_study)
    rows = [
        {
            "d": c.d,
            "family": c.family,
            "method": c.method,
            "slope": round(c.slope, 3),
            "slope_se": round(c.slope_se, 3),
            "error_at_n_max": c.rmse[-1],
            "mc_error_over_error": s.advantage(c.d, c.family, c.method),
            "seconds": round(c.seconds, 3),
        }
        for c in s.curves
    ]
    return {"wall_seconds": wall, "cpu_seconds": cpu, "curves": len(s.curves), "slopes": rows}


def _brute_cbc(n, d, weights):
    from conjectura.qmc.lattice import lattice_error

    z = [1]
    for _ in range(1, d):
        z.append(1 + int(np.argmin([lattice_error([*z, c], n, weights) for c in range(1, n)])))
    return z


def bench_cbc(n: int = 1021, d: int = 8) -> dict:
    from conjectura.qmc.lattice import _cbc, lattice_error, product_weights

    g = tuple(product_weights(d).tolist())
    _cbc.cache_clear()
    fast, t_fast, _ = _timed(lambda: _cbc(n, d, g))
    slow, t_slow, _ = _timed(lambda: _brute_cbc(n, d, "inverse-square"))
    _cbc.cache_clear()
    big, t_big, _ = _timed(lambda: _cbc(65521, 128, tuple(product_weights(128).tolist())))
    return {
        "n": n,
        "d": d,
        "fast_seconds": t_fast,
        "brute_force_seconds": t_slow,
        "speedup": t_slow / t_fast,
        "same_error": bool(np.isclose(lattice_error(fast, n), lattice_error(slow, n), rtol=1e-12)),
        "fast_seconds_n65521_d128": t_big,
        "error_n65521_d128": lattice_error(big, 65521),
    }


def bench_points(n: int = 1 << 16, d: int = 64, repeats: int = 3) -> dict:
    from conjectura.qmc.points import nearest_n, point_set

    out = {}
    for m in ("mc", "sobol", "halton", "lattice"):
        nn = nearest_n(m, n)
        point_set(m, nn, d, seed=0)  # warm (the lattice vector is cached after this)
        ts = [_timed(lambda m=m, nn=nn, s=s: point_set(m, nn, d, seed=s))[1] for s in range(repeats)]
        out[m] = {"n": nn, "d": d, "seconds_per_million_coordinates": min(ts) / (nn * d) * 1e6}
    ref = out["mc"]["seconds_per_million_coordinates"]
    for m in out:
        out[m]["cost_over_mc"] = out[m]["seconds_per_million_coordinates"] / ref
    return out


def bench_sweep(trials: int = 40) -> dict:
    from conjectura.qmc.sweep import Float, Int, sweep

    space = {"x": Float(0.0, 1.0), "lr": Float(1e-4, 1e-1, log=True), "k": Int(1, 8)}

    def objective(p):
        return (p["x"] - 0.3) ** 2 + np.log10(p["lr"]) ** 2 / 10 + p["k"] / 100

    mem, t_mem, _ = _timed(lambda: sweep(objective, space, n_trials=trials, seed=0))
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        db, t_db, _ = _timed(
            lambda: sweep(objective, space, n_trials=trials, storage=url, study_name="b", seed=0)
        )
    return {
        "trials": trials,
        "memory_seconds_per_trial": t_mem / trials,
        "sqlite_seconds_per_trial": t_db / trials,
        "sqlite_over_memory": t_db / t_mem,
        "same_best": mem.best_value == db.best_value,
        "best_value": mem.best_value,
    }


BENCHES = {"study": bench_study, "cbc": bench_cbc, "points": bench_points, "sweep": bench_sweep}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", choices=list(BENCHES), help="run only these benchmarks")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    from conjectura.core.threads import limit_threads

    data = json.loads(args.out.read_text()) if args.out.exists() else {}
    data["machine"] = {
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }
    with limit_threads(1):
        for name in args.only or list(BENCHES):
            load = os.getloadavg()[0]
            res = BENCHES[name]()
            res["load_average_1min_before"] = load
            data[name] = res
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(data, indent=2, default=float) + "\n")
            print(name, json.dumps({k: v for k, v in res.items() if k != "slopes"}, default=float))


if __name__ == "__main__":
    main()
