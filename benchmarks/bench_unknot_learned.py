"""Learned solvers of the braid unknotting game beside the classical baselines.

Trains (or resumes) the PPO policy and the DeepCubeA cost-to-go of
:func:`conjectura.cli.unknot.train_unknot` in ``--models``, then runs every method of
:func:`conjectura.cli.unknot.evaluate_unknot` on the fixed seeded instance set (10 unknots per
length and strand count, one scrambled knot per cell as a negative control) within one expansion
budget; every reported solution is replayed by the independent checker. Writes the evaluation,
the training costs and the exact commands to ``benchmarks/results/unknot_learned[_tag].json``,
the plot to the matching ``.png`` and an HTML report beside it::

    .venv/bin/python benchmarks/bench_unknot_learned.py --expansions 500              # normal forms
    .venv/bin/python benchmarks/bench_unknot_learned.py --expansions 200 --scrambled  # raw words
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import time
from pathlib import Path

from rich.console import Console

from conjectura.cli.unknot import _notes, evaluate_unknot, models_dir, train_unknot


def without_move_budget(ev) -> list[dict]:
    """Solved fraction and mean moves per method and cell counting the solutions longer than the
    move budget too (they were replayed like the others; their records say ``stop == "moves"``)."""
    import numpy as np

    rows = []
    keys = sorted(
        {(r["method"], r["tags"]["length"], r["tags"]["strands"]) for r in ev.records if not r["negative"]},
        key=lambda k: (ev.methods.index(k[0]), k[1], k[2]),
    )
    for m, L, n in keys:
        rs = [
            r
            for r in ev.records
            if not r["negative"]
            and r["method"] == m
            and r["tags"]["length"] == L
            and r["tags"]["strands"] == n
        ]
        ok = [r for r in rs if r["solved"] or r["stop"] == "moves"]
        rows.append(
            {
                "method": m,
                "length": L,
                "strands": n,
                "n": len(rs),
                "fraction": len(ok) / len(rs),
                "mean_moves": float(np.mean([r["n_moves"] for r in ok])) if ok else None,
            }
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lengths", default="10,20,30,40,50,60")
    ap.add_argument("--strands", default="3,4,5")
    ap.add_argument("--per-cell", type=int, default=10)
    ap.add_argument("--expansions", type=int, default=500)
    ap.add_argument("--max-moves", type=int, default=None)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--scrambled", action="store_true", help="the scrambled words, not their normal forms")
    ap.add_argument("--models", default=None, help="models directory (default $CONJECTURA_HOME/guide/unknot)")
    ap.add_argument("--no-train", action="store_true", help="evaluate the checkpoints as they are")
    ap.add_argument("--tag", default=None)
    args = ap.parse_args()
    lengths = [int(x) for x in args.lengths.split(",")]
    strands = [int(x) for x in args.strands.split(",")]
    tag = args.tag or f"{'raw' if args.scrambled else 'nf'}_{args.expansions}"
    out = Path(__file__).parent / "results" / f"unknot_learned_{tag}.json"
    con = Console(width=160, stderr=False)

    mdir = models_dir(args.models)
    training = None
    if not args.no_train:
        t0 = time.perf_counter()
        training = train_unknot(models=mdir, resume=True, progress=True).to_dict()
        training["wall_seconds_this_call"] = time.perf_counter() - t0
    ev = evaluate_unknot(
        lengths,
        strands,
        args.per_cell,
        seed=args.seed,
        normal_form=not args.scrambled,
        max_expansions=args.expansions,
        max_moves=args.max_moves,
        models=mdir,
        progress=True,
    )
    con.print(ev.table())
    con.print(ev.table(negative=True))
    notes = _notes(ev)
    for line in notes.split("\n\n"):
        con.print(line, highlight=False, soft_wrap=True, markup=False)
    doc = ev.to_dict()
    if args.max_moves is not None:
        doc["summary_without_move_budget"] = without_move_budget(ev)
        con.print(f"without the {args.max_moves}-move budget (same runs):")
        for r in doc["summary_without_move_budget"]:
            if r["length"] == max(lengths):
                con.print(
                    f"  {r['method']:12s} L={r['length']} n={r['strands']}: {r['fraction']:.2f}, mean moves {r['mean_moves']}"
                )
    doc["training"] = training
    doc["bench"] = {
        "command": "benchmarks/bench_unknot_learned.py "
        + " ".join(
            f"--{k.replace('_', '-')} {v}"
            for k, v in vars(args).items()
            if v not in (None, False, True) and k not in ("models", "tag")
        )
        + (" --scrambled" if args.scrambled else ""),
        "train_command": "conjectura guide train unknot (defaults: 100 PPO iterations of 8 episodes; 1500 value-iteration steps of 128 states)",
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(doc, indent=1) + "\n")
    png = ev.plot(out.with_suffix(".png"))
    report_dir = out.with_suffix("")
    report = ev.report(report_dir, title=f"Braid unknotting: {ev.params['family']}", notes=notes)
    shutil.copy(report_dir / "solved_fraction.png", png)
    con.print(f"wrote {out}, {png} and {report}")


if __name__ == "__main__":
    main()
