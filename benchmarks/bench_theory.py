"""Cost of the neural-network field-theory studies, and of their samplers against references
measured in the same run.

- ``studies``: wall and CPU seconds of :func:`kernel_study`, :func:`nongaussianity_study`,
  :func:`free_field_study` and :func:`ntk_study` of :mod:`conjectura.theory` at their defaults,
  with the headline numbers each measured (max |z|, fitted slopes).
- ``samplers``: networks per second of the Gram-matrix sampler against explicit weights
  (the reference) at widths 64, 256 and 1024 (depth 2, 2 inputs).
- ``ntk``: seconds per empirical NTK (``torch.func.jacrev``) against the reference loop of one
  ``torch.autograd.grad`` per input, at width 1024, depth 2, 8 inputs.

Results go to ``benchmarks/results/bench_theory.json`` with the machine's load average.

    .venv/bin/python benchmarks/bench_theory.py
    .venv/bin/python benchmarks/bench_theory.py --only samplers ntk
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import numpy as np

RESULTS = Path(__file__).resolve().parent / "results" / "bench_theory.json"


def _timed(fn):
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def bench_studies() -> dict:
    from conjectura.theory import free_field_study, kernel_study, nongaussianity_study, ntk_study

    out = {}
    k, w, c = _timed(kernel_study)
    out["kernel"] = {
        "wall_seconds": w,
        "cpu_seconds": c,
        "max_abs_z": k.max_abs_z,
        "threshold": k.threshold,
        "agrees": k.agrees,
    }
    for depth in (1, 2):
        g, w, c = _timed(lambda depth=depth: nongaussianity_study(depth=depth))
        out[f"nongaussianity_depth{depth}"] = {
            "wall_seconds": w,
            "cpu_seconds": c,
            "slope": g.fit.slope,
            "slope_se": g.fit.slope_se,
            "chi2": g.fit.chi2,
            "dof": g.fit.dof,
            "corrected_slope": g.fit_corrected.slope,
            "corrected_slope_se": g.fit_corrected.slope_se,
            "corrected_chi2": g.fit_corrected.chi2,
            "corrected_dof": g.fit_corrected.dof,
            "agrees": g.agrees,
        }
    for d in (1, 3):
        radii = None if d == 1 else [0.0, 0.25, 0.5, 1.0, 1.5, 2.0]
        f, w, c = _timed(lambda d=d, radii=radii: free_field_study(d, radii=radii))
        out[f"free_field_d{d}"] = {
            "wall_seconds": w,
            "cpu_seconds": c,
            "max_abs_z": f.max_abs_z,
            "threshold": f.threshold,
            "g4c_coincident": f.g4c_coincident,
            "agrees": f.agrees,
        }
    n, w, c = _timed(ntk_study)
    out["ntk"] = {
        "wall_seconds": w,
        "cpu_seconds": c,
        "error_slope": n.error_fit.slope,
        "error_slope_se": n.error_fit.slope_se,
        "drift_slope": n.drift_fit.slope,
        "drift_slope_se": n.drift_fit.slope_se,
        "mean_kernel_max_t": n.mean_kernel_z,
        "mean_kernel_threshold": n.mean_kernel_threshold,
        "agrees": n.agrees,
        "rows": list(n.rows),
    }
    return out


def bench_samplers(networks: int = 400) -> dict:
    from conjectura.theory import Architecture, sample_ensemble

    X = np.array([[1.0, 0.0], [0.6, 0.8]])
    out = {}
    for N in (64, 256, 1024):
        arch = Architecture(d_in=2, width=N, depth=2, activation="relu")
        sample_ensemble(arch, X, 8, sampler="weights", seed=0)
        _, tw, _ = _timed(lambda arch=arch: sample_ensemble(arch, X, networks, sampler="weights", seed=1))
        _, tg, _ = _timed(lambda arch=arch: sample_ensemble(arch, X, networks, sampler="gram", seed=1))
        out[str(N)] = {
            "weights_networks_per_second": networks / tw,
            "gram_networks_per_second": networks / tg,
            "speedup": tw / tg,
        }
    return out


def bench_ntk(width: int = 1024, inputs: int = 8, repeats: int = 3) -> dict:
    import torch

    from conjectura.theory import Architecture, empirical_ntk, make_network

    net = make_network(Architecture(d_in=2, width=width, depth=2), seed=0)
    X = np.random.default_rng(0).normal(size=(inputs, 2))

    def loop():
        rows = []
        for x in torch.as_tensor(X):
            g = torch.autograd.grad(net(x[None, :])[0], list(net.parameters()))
            rows.append(torch.cat([t.reshape(-1) for t in g]))
        J = torch.stack(rows)
        return (J @ J.T).numpy()

    empirical_ntk(net, X)
    t_func = min(_timed(lambda: empirical_ntk(net, X))[1] for _ in range(repeats))
    t_loop = min(_timed(loop)[1] for _ in range(repeats))
    same = bool(np.allclose(empirical_ntk(net, X), loop(), rtol=1e-12))
    return {
        "width": width,
        "inputs": inputs,
        "params": sum(p.numel() for p in net.parameters()),
        "torch_func_seconds": t_func,
        "autograd_loop_seconds": t_loop,
        "loop_over_func": t_loop / t_func,
        "same": same,
    }


BENCHES = {"studies": bench_studies, "samplers": bench_samplers, "ntk": bench_ntk}


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
            print(name, json.dumps(res, default=float)[:2000])


if __name__ == "__main__":
    main()
