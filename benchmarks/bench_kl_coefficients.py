"""How often the coefficients of P_{x,w} vary, and how large the Bruhat graphs are, by interval length.

For each length L, a seeded sample of intervals of S_n of length L (one per symmetry orbit,
``conjectura.domains.permutations.sample_intervals``, the sampler of the ``kl`` dataset): the share of
intervals whose coefficient of q^k is nonzero (k = 1..4), the number of distinct values, and the
median and largest number of nodes and edges of their Bruhat graphs, with the time to compute the
polynomials (``kl_interval``) and the graphs (``bruhat_graphs``). This is what decides which
coefficients a graph network can be trained on within a budget: the cost of an MPNN epoch is
proportional to the number of edges.

    .venv/bin/python benchmarks/bench_kl_coefficients.py                 # S_9, lengths 4..14, 120 each
    .venv/bin/python benchmarks/bench_kl_coefficients.py --n 8 --per-length 200
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np

RESULTS = Path(__file__).resolve().parent / "results" / "bench_kl_coefficients.json"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=9)
    ap.add_argument("--lengths", type=int, nargs="*", default=list(range(4, 15)))
    ap.add_argument("--per-length", type=int, default=120)
    ap.add_argument("--seed", type=int, default=100)
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args()
    from conjectura.domains.permutations import bruhat_graphs, kl_interval, sample_intervals

    rows = []
    for L in args.lengths:
        load = [round(v, 2) for v in os.getloadavg()]
        X, W = sample_intervals(args.n, args.per_length, min_length=L, max_length=L, seed=args.seed + L)
        t0 = time.process_time()
        P = [kl_interval(x, w).poly for x, w in zip(X, W)]
        t_kl = time.process_time() - t0
        t0 = time.process_time()
        G = bruhat_graphs(X, W)
        t_graphs = time.process_time() - t0
        coeff = np.array([[p[k] if k < len(p) else 0 for k in range(1, 5)] for p in P])
        row = {
            "length": L,
            "intervals": len(P),
            "nonzero": {f"q{k}": float(np.mean(coeff[:, k - 1] != 0)) for k in range(1, 5)},
            "distinct": {f"q{k}": int(len(set(coeff[:, k - 1].tolist()))) for k in range(1, 5)},
            "nodes_median": float(np.median(G.sizes)),
            "nodes_max": int(G.sizes.max()),
            "edges_median": float(np.median(G.edge_counts)),
            "edges_max": int(G.edge_counts.max()),
            "cpu_seconds_kl": t_kl,
            "cpu_seconds_graphs": t_graphs,
            "load_average": load,
        }
        rows.append(row)
        print(
            f"L={L:2d}  nonzero q1..q4 {[round(v, 3) for v in row['nonzero'].values()]}  "
            f"edges median {row['edges_median']:.0f} max {row['edges_max']}",
            flush=True,
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps({"n": args.n, "seed": args.seed, "per_length": args.per_length, "rows": rows}, indent=2)
        + "\n"
    )
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
