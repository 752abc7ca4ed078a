"""Classical baselines on the braid unknotting game: solved fraction against braid length.

For a fixed seeded set of scrambled unknots (``per_cell`` per length and strand count) and one
scrambled non-trivial knot per cell as a negative control, every method runs within the same
expansion budget; every reported solution is replayed by the independent checker inside
:func:`conjectura.guide.evaluate_game` (a failed replay raises). Writes the summary and every run
to ``benchmarks/results/unknot_baselines[_nf].json`` and the plot of solved fraction against
length to the matching ``.png``::

    .venv/bin/python benchmarks/bench_unknot_baselines.py                 # scrambled words
    .venv/bin/python benchmarks/bench_unknot_baselines.py --normal-form   # their normal forms
"""

from __future__ import annotations

import argparse
import functools
import json
import platform
import time
from pathlib import Path

from rich.console import Console

from conjectura.core.threads import limit_threads
from conjectura.domains.braids import (
    UnknotGame,
    check_unknotting_moves,
    negative_control_instances,
    unknot_instances,
)
from conjectura.guide import (
    beam_search,
    breadth_first,
    cost_heuristic,
    evaluate_game,
    greedy,
    random_walk,
    weighted_astar,
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lengths", default="10,20,30,40,50,60")
    ap.add_argument("--strands", default="3,4,5")
    ap.add_argument("--per-cell", type=int, default=10)
    ap.add_argument("--expansions", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--normal-form", action="store_true", help="instances in Garside left normal form")
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    lengths = [int(x) for x in args.lengths.split(",")]
    strands = [int(x) for x in args.strands.split(",")]
    stem = "unknot_baselines" + ("_nf" if args.normal_form else "")
    out = Path(args.out or Path(__file__).parent / "results" / f"{stem}.json")

    t0 = time.perf_counter()
    inst = unknot_instances(lengths, strands, args.per_cell, seed=args.seed, normal_form=args.normal_form)
    neg = negative_control_instances(lengths, strands, 1, seed=args.seed + 1, normal_form=args.normal_form)
    t_inst = time.perf_counter() - t0
    longest = max(r["word_length"] for r in inst + neg)
    game = UnknotGame(max_length=longest + 4)
    methods = {
        "random walk": functools.partial(random_walk, walk_length=200),
        "greedy": greedy,
        "bfs (depth 8)": functools.partial(breadth_first, max_depth=8),
        "beam (16)": functools.partial(beam_search, width=16),
        "wA* (h=cost, λ=0.5, batch 16)": functools.partial(
            weighted_astar, heuristic=cost_heuristic(game), weight=0.5, batch_size=16
        ),
    }
    with limit_threads(1, torch=False):
        ev = evaluate_game(
            game,
            inst + neg,
            methods,
            check=check_unknotting_moves,
            max_expansions=args.expansions,
            seed=args.seed,
            progress=True,
        )
    con = Console(width=150)
    con.print(ev.table())
    con.print(ev.table(negative=True))
    doc = ev.to_dict()
    doc["bench"] = {
        "command": "benchmarks/bench_unknot_baselines.py "
        + " ".join(
            f"--{k.replace('_', '-')} {v}" for k, v in vars(args).items() if v not in (None, False, True)
        )
        + (" --normal-form" if args.normal_form else ""),
        "instance_seconds": t_inst,
        "word_lengths": sorted({(r["strands"], r["length"], r["word_length"]) for r in inst}),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(doc, indent=1) + "\n")
    png = ev.plot(out.with_suffix(".png"))
    con.print(f"negative controls solved: {ev.negatives_solved()} of {len(neg) * len(methods)} runs")
    con.print(f"{len(inst)} instances, {len(neg)} controls, {ev.seconds:.0f}s; wrote {out} and {png}")


if __name__ == "__main__":
    main()
