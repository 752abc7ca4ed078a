"""Cost of the curves builder against the PARI calls it makes, and ellan against ellap.

Measured in one process, on the same conductor blocks:

``raw_pari``
    The PARI work alone: for every isogeny class (``forell`` with flag 1) ``ellinit``, one
    ``ellan`` up to the K-th prime, ``ellrootno``, ``elltors``, inside one GP closure per block,
    nothing converted to Python.
``builder``
    :func:`conjectura.domains.curves.build.build_curves` (one worker) into an empty directory:
    the same PARI work plus conversion to Arrow and the atomic Parquet writes.
``ellap_loop``
    The same curves with ``K`` calls of ``ellap`` instead of one ``ellan`` (the alternative).
``python_calls``
    The same PARI functions called one by one from Python through cypari (no GP closure).

Each timing is the minimum over ``--repeat`` runs (the machine is shared). The ratios are
written to a JSON file (default ``benchmarks/results/bench_curves.json``)::

    .venv/bin/python benchmarks/bench_curves.py --conductor 9000:9199 --primes 1000
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from pathlib import Path


def _min_time(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--conductor", default="9000:9199", help="whole blocks of 100 conductors, e.g. 9000:9199")
    ap.add_argument("--primes", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "bench_curves.json"))
    args = ap.parse_args(argv)

    from conjectura.domains.curves import build
    from conjectura.domains.curves.pari import get_pari
    from conjectura.domains.curves.table import parse_conductor_range

    pari = get_pari()
    lo, hi = parse_conductor_range(args.conductor, owner="bench_curves")
    k = args.primes
    blocks = list(range(lo // build.BLOCK, hi // build.BLOCK + 1))
    spans = [(max(1, i * build.BLOCK), i * build.BLOCK + build.BLOCK - 1) for i in blocks]
    closure = pari(build.gp_block_code(k))
    closure(11, 11)  # warm up: primes table, elldata file

    def raw():
        for a, b in spans:
            closure(a, b)

    def builder():
        with tempfile.TemporaryDirectory() as d:
            build.build_curves((spans[0][0], spans[-1][1]), primes=k, workers=1, progress=False, directory=d)

    ellap_code = pari(
        f"(lo, hi) -> my(P = primes({k})); forell(c, lo, hi, my(e = ellinit(c[2]));"
        f" vectorsmall(#P, i, ellap(e, P[i])); ellrootno(e); elltors(e), 1)"
    )

    def ellap_loop():
        for a, b in spans:
            ellap_code(a, b)

    curves = [
        c for a, b in spans for c in pari(f"my(v = List()); forell(c, {a}, {b}, listput(v, c), 1); Vec(v)")
    ]
    pk = int(pari.prime(k))
    plist = [int(p) for p in pari.primes(k)]

    def python_calls():
        for c in curves:
            e = pari.ellinit(c[1])
            an = pari.ellan(e, pk)
            [int(an[p - 1]) for p in plist]
            int(pari.ellrootno(e))
            int(pari.elltors(e)[0])

    timings = {}
    for name, fn in [
        ("raw_pari", raw),
        ("builder", builder),
        ("raw_pari_again", raw),
        ("ellap_loop", ellap_loop),
        ("python_calls", python_calls),
    ]:
        timings[name] = _min_time(fn, args.repeat)
        print(f"{name:16s} {timings[name]:8.3f} s", flush=True)
    raw_s = min(timings["raw_pari"], timings.pop("raw_pari_again"))
    timings["raw_pari"] = raw_s
    res = {
        "conductor": [spans[0][0], spans[-1][1]],
        "primes": k,
        "curves": len(curves),
        "repeat": args.repeat,
        "seconds": timings,
        "ms_per_curve": {n: 1000 * t / len(curves) for n, t in timings.items()},
        "builder_over_raw_pari": timings["builder"] / raw_s,
        "ellap_loop_over_ellan": timings["ellap_loop"] / raw_s,
        "python_calls_over_gp_closure": timings["python_calls"] / raw_s,
        "machine": {
            "python": platform.python_version(),
            "processor": platform.processor(),
            "pari": str(pari.version()),
        },
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=2) + "\n")
    print(
        json.dumps({k: v for k, v in res.items() if k.endswith(("raw_pari", "ellan", "closure"))}, indent=2)
    )
    print(f"wrote {out}")
    return res


if __name__ == "__main__":
    main()
