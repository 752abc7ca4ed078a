"""Kazhdan-Lusztig coefficients from Bruhat graphs: the MPNN of Davies et al. (2021) beside every
baseline and the shuffled-label null, on a seeded sample of intervals of S_9.

One run (writes ``benchmarks/results/bench_kl_learn.json`` and the heatmap of salient
reflections, Fig. 3a of the paper, to ``docs/figures/kl_salient_reflections.png``):

1. build the dataset (``conjectura data build kl --n 9 --size N --min-length A --max-length B``),
   timed;
2. for every k in ``--ks`` whose coefficient of q^k varies in the sample:
   ``conjectura learn permutations/kl-coefficient --learner mpnn`` with a random split per seed
   (the MPNN, majority, logistic regression, gradient-boosted trees and k-nearest neighbours on
   the graph statistics, the shuffled-label null), mean +- sd over the seeds, the verdict line,
   and the salient-subgraph analysis;
3. for every k in ``--group-ks``: the same held out by length (``--split 'group>L'``: train on
   intervals of length at most L, test on the longer ones), without saliency.

The default sizes keep the whole run near half an hour on two shared cores (one thread per
process, as everywhere in conjectura): the cost is the MPNN, about 7 microseconds of CPU per edge
of a training graph and epoch. The load average of the machine is recorded beside the timings.

    .venv/bin/python benchmarks/bench_kl_learn.py                     # the default run
    .venv/bin/python benchmarks/bench_kl_learn.py --size 200 --ks 1 --group-ks --epochs 5  # a smoke run

The recorded run (``results/bench_kl_learn.json``) shared one dataset between two processes
under a load average of 10 to 20 on two cores, and was then combined:

    B="benchmarks/bench_kl_learn.py --size 400 --epochs 8 --patience 3 --workers 1 --home H"
    .venv/bin/python $B --ks 1 2 --group-ks --out a.json &
    .venv/bin/python $B --ks 3 4 --group-ks 1 --out b.json --figure b.png &
    .venv/bin/python benchmarks/bench_kl_learn.py --combine a.json b.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "bench_kl_learn.json"
FIGURE = Path(__file__).resolve().parents[1] / "docs" / "figures" / "kl_salient_reflections.png"


def _load() -> list[float]:
    return [round(v, 2) for v in os.getloadavg()]


def _rows(ev) -> list[dict]:
    m = ev.metric
    return [
        {
            "model": r.name,
            "role": r.role,
            "mean": None if r.error else r.mean(m),
            "sd": None if r.error else r.std(m),
            "values": r.test.get(m, []),
            "train": None if r.error else r.mean(m, "train"),
            "fit_seconds": r.seconds,
            "error": r.error,
        }
        for r in ev.rows
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=9)
    ap.add_argument("--size", type=int, default=400)
    ap.add_argument("--min-length", type=int, default=5)
    ap.add_argument("--max-length", type=int, default=10)
    ap.add_argument("--sample-seed", type=int, default=0)
    ap.add_argument("--ks", type=int, nargs="*", default=[1, 2, 3, 4])
    ap.add_argument("--group-ks", type=int, nargs="*", default=[1, 2])
    ap.add_argument("--group-split", type=int, default=8, help="test on intervals longer than this")
    ap.add_argument("--seeds", type=int, nargs="*", default=[0, 1, 2])
    ap.add_argument("--epochs", type=int, default=25)
    ap.add_argument("--patience", type=int, default=5)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--workers", type=int, default=2, help="processes building the dataset")
    ap.add_argument("--home", type=Path, default=None, help="CONJECTURA_HOME (default: a temporary one)")
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--figure", type=Path, default=FIGURE)
    ap.add_argument("--combine", type=Path, nargs="+", help="only combine these result files into --out")
    args = ap.parse_args()
    if args.combine:
        runs = [json.loads(p.read_text()) for p in args.combine]
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"runs": runs}, indent=2, default=str) + "\n")
        print(f"wrote {args.out} ({sum(len(r['studies']) for r in runs)} studies)")
        return

    home = args.home or Path(tempfile.mkdtemp(prefix="bench_kl_learn_"))
    os.environ["CONJECTURA_HOME"] = str(home)
    os.environ.setdefault("MPLBACKEND", "Agg")
    import torch
    import torch_geometric

    import conjectura as cj
    from conjectura.learn.study import study

    t_all = time.perf_counter()
    table = {"n": args.n, "size": args.size, "min_length": args.min_length, "max_length": args.max_length}
    table["seed"] = args.sample_seed
    load0 = _load()
    report = cj.build_dataset("kl", workers=args.workers, progress=True, **table)
    out: dict = {
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "torch": torch.__version__,
            "torch_geometric": torch_geometric.__version__,
        },
        "config": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "dataset": {**report.to_dict(), "load_average_before": load0, "load_average_after": _load()},
        "studies": [],
    }
    hyper = {
        "max_epochs": args.epochs,
        "patience": args.patience,
        "batch_size": args.batch_size,
        "lr": args.lr,
    }
    figure_done = False
    plan = [(k, "random") for k in args.ks] + [(k, f"group>{args.group_split}") for k in args.group_ks]
    for k, split in plan:
        params = {**table, "k": k}
        try:
            task = cj.get_task("permutations/kl-coefficient", **params)
        except cj.InvalidParameterError as exc:  # k above the degree bound of the longest interval
            out["studies"].append({"k": k, "split": split, "note": str(exc)})
            print(f"k={k}: {exc}", flush=True)
            continue
        counts = task.dataset(seed=0).meta["target_counts"]
        entry: dict = {"k": k, "split": split, "target_counts": counts}
        if len(counts) < 2:
            entry["note"] = (
                f"the coefficient of q^{k} is {next(iter(counts))} on every interval of the sample: nothing to learn"
            )
            out["studies"].append(entry)
            print(f"k={k}: {entry['note']}", flush=True)
            continue
        t0, l0 = time.perf_counter(), _load()
        s = study(
            task,
            learner="mpnn",
            seeds=tuple(args.seeds),
            split=split,
            learner_params=hyper,
            saliency=split == "random",
            progress=True,
        )
        ev = s.evaluations[0]
        entry.update(
            seconds=time.perf_counter() - t0,
            load_average=[l0, _load()],
            n_rows=ev.n_rows,
            n_train=ev.n_train,
            n_test=ev.n_test,
            rows=_rows(ev),
            best_baseline=(ev.best_baseline().name if ev.best_baseline() else None),
            gap=ev.gap(),
            verdict=ev.verdict(),
            curves={
                str(a): {"best_epoch": b["best_epoch"], "epochs": b["epochs"]} for a, b in ev.curves.items()
            },
        )
        if s.attributions and s.attributions[0]:
            gs = s.attributions[0]["graph_saliency"].meta["graph_saliency"]
            entry["salient_subgraphs"] = {
                "kinds": gs.kinds(),
                "top": gs.rows()[:5],
                "bottom": gs.rows()[-5:],
                "salient_nodes": gs.salient_nodes.tolist(),
                "nodes": gs.nodes.tolist(),
            }
            directory = home / "reports" / f"k{k}"
            s.report(directory)
            entry["report"] = str(directory / "report.html")
            png = directory / "salient_reflections_permutations_kl_coefficient.png"
            if png.exists() and args.figure and k == max(a for a, sp in plan if sp == "random"):
                args.figure.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(png, args.figure)
                figure_done = True
        out["studies"].append(entry)
        print(f"k={k} [{split}] {entry['verdict']}  ({entry['seconds']:.0f}s)", flush=True)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(out, indent=2, default=str) + "\n")  # partial results survive
    if not figure_done:
        last = [e for e in out["studies"] if e.get("report")]
        if last and args.figure:
            png = Path(last[-1]["report"]).parent / "salient_reflections_permutations_kl_coefficient.png"
            shutil.copyfile(png, args.figure)
    out["seconds_total"] = time.perf_counter() - t_all
    out["home"] = str(home)
    args.out.write_text(json.dumps(out, indent=2, default=str) + "\n")
    print(f"wrote {args.out} ({out['seconds_total'] / 60:.1f} min)")


if __name__ == "__main__":
    main()
