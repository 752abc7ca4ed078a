"""Kazhdan-Lusztig polynomials: the compiled engines beside a plain Python recursion and Coxeter 3.

Measured in one run, each case in its own subprocess (so peak RSS is that case's alone):

* all pairs of S_7: ``kl_table(7)`` against a straightforward dict-based Python recursion (written
  here, sharing no code with the engine) and, if passagemath-coxeter3 is installed, Coxeter 3
  called from Python for every pair;
* all pairs of S_8: ``kl_table(8)``, wall and CPU time and peak RSS (the plain recursion would
  need tens of GB of dictionaries and is not run);
* one interval of S_9 of length >= 15: ``kl_interval`` against the plain recursion (memoised,
  computing only the pairs it needs) and Coxeter 3 (``P_{x,w}`` alone, and ``P_{a,w}`` for every
  ``a`` of the interval);
* ``combinatorial_invariance`` on S_6 and S_7 (``--cases invariance``, not in the default run:
  S_7 takes tens of minutes), time and peak RSS.

Numba's compilation is cached on disk; each subprocess compiles or loads the kernels on a tiny
case first and that time is reported separately. The machine's load average is recorded next to
each figure: the machine is shared, and wall-clock times are inflated when it is busy.

    .venv/bin/python benchmarks/bench_kl.py                 # everything (about 10 minutes)
    .venv/bin/python benchmarks/bench_kl.py --cases s7 s9   # a subset
    .venv/bin/python benchmarks/bench_kl.py --cases invariance --timeout 7200
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "bench_kl.json"
S9_INTERVAL = {"n": 9, "min_length": 16, "max_length": 16, "seed": 2}


# ----------------------------------------------------------------------------- plain Python
def _length(x):
    n = len(x)
    return sum(1 for i in range(n) for j in range(i + 1, n) if x[i] > x[j])


def _smul(s, x):
    """s_s x: swap the values s, s + 1 (left multiplication)."""
    return tuple(s + 1 if a == s else s if a == s + 1 else a for a in x)


def _padd(p, q, shift=0, c=1):
    out = list(p) + [0] * max(0, len(q) + shift - len(p))
    for i, a in enumerate(q):
        out[i + shift] += c * a
    while out and out[-1] == 0:
        out.pop()
    return tuple(out)


def plain_all_pairs(n):
    """Every P_{x,w} of S_n with dictionaries: the recursion of Humphreys §7.11, nothing else."""
    import itertools

    elems = sorted(itertools.permutations(range(1, n + 1)), key=lambda x: (_length(x), x))
    length = {x: _length(x) for x in elems}
    P, below, mu = {}, {}, {}
    e = elems[0]
    P[(e, e)] = (1,)
    below[e] = [e]
    mu[e] = []
    for w in elems[1:]:
        s = next(i for i in range(1, n) if w.index(i) > w.index(i + 1))
        v = _smul(s, w)
        B = set(below[v])
        B.update(_smul(s, y) for y in below[v])
        xs = sorted(B, key=lambda y: -length[y])
        for x in xs:
            sx = _smul(s, x)
            if length[sx] > length[x]:
                P[(x, w)] = P[(sx, w)]
                continue
            p = _padd(P.get((sx, v), ()), P.get((x, v), ()), shift=1)
            for z, m in mu[v]:
                if length[_smul(s, z)] < length[z] and (x, z) in P:
                    p = _padd(p, P[(x, z)], shift=(length[w] - length[z]) // 2, c=-m)
            P[(x, w)] = p
        below[w] = xs
        mu[w] = []
        for x in xs:
            l = length[w] - length[x]
            p = P[(x, w)]
            if l % 2 == 1 and (l - 1) // 2 < len(p) and p[(l - 1) // 2]:
                mu[w].append((x, p[(l - 1) // 2]))
    return P


def plain_one_pair(x, w):
    """P_{x,w} by the same recursion, memoised, computing only the pairs it reaches."""
    import functools

    n = len(x)
    sys.setrecursionlimit(100000)

    def le(a, b):
        for i in range(1, n + 1):
            ca = sorted(a[:i])
            cb = sorted(b[:i])
            if any(p > q for p, q in zip(ca, cb)):
                return False
        return True

    @functools.cache
    def lower(b):
        if _length(b) == 0:
            return (b,)
        s = next(i for i in range(1, n) if b.index(i) > b.index(i + 1))
        v = _smul(s, b)
        B = set(lower(v))
        B.update(_smul(s, y) for y in lower(v))
        return tuple(B)

    @functools.cache
    def mu_list(b):
        out = []
        for z in lower(b):
            l = _length(b) - _length(z)
            if l % 2 == 1:
                p = P(z, b)
                if (l - 1) // 2 < len(p) and p[(l - 1) // 2]:
                    out.append((z, p[(l - 1) // 2]))
        return tuple(out)

    @functools.cache
    def P(a, b):
        if not le(a, b):
            return ()
        if a == b:
            return (1,)
        s = next(i for i in range(1, n) if b.index(i) > b.index(i + 1))
        sa = _smul(s, a)
        if _length(sa) > _length(a):
            return P(sa, b)
        v = _smul(s, b)
        p = _padd(P(sa, v), P(a, v), shift=1)
        for z, m in mu_list(v):
            if _length(_smul(s, z)) < _length(z) and le(a, z):
                p = _padd(p, P(a, z), shift=(_length(b) - _length(z)) // 2, c=-m)
        return p

    return P(tuple(x), tuple(w)), P.cache_info().currsize


# ----------------------------------------------------------------------------- cases (in children)
def _rss_mb():
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(fn):
    t, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - t, time.process_time() - c


def _warm():
    from conjectura.domains.permutations import kl_interval, kl_table

    t = time.perf_counter()
    kl_table(4)
    kl_interval((1, 2, 3, 4), (4, 3, 2, 1))
    return time.perf_counter() - t


def case_table(n):
    from conjectura.domains.permutations import kl_table

    warm = _warm()
    rss0 = _rss_mb()
    T, wall, cpu = _timed(lambda: kl_table(n))
    s = T.summary()
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "compile_or_load_s": warm,
        "peak_rss_mb": _rss_mb(),
        "rss_before_mb": rss0,
        **s,
    }


def case_plain_table(n):
    P, wall, cpu = _timed(lambda: plain_all_pairs(n))
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "pairs": len(P),
        "pairs_P_not_1": sum(p != (1,) for p in P.values()),
        "peak_rss_mb": _rss_mb(),
    }


def _coxeter(n):
    import sage.rings.polynomial.laurent_polynomial_ring  # noqa: F401  (passagemath needs it first)
    from sage.libs.coxeter3.coxeter import CoxGroupElement, get_CoxGroup

    W = get_CoxGroup(["A", n - 1])

    def word(x):
        x = list(x)
        out = []
        while True:
            d = next((i for i in range(len(x) - 1) if x[i] > x[i + 1]), None)
            if d is None:
                return list(reversed(out))
            x[d], x[d + 1] = x[d + 1], x[d]
            out.append(d + 1)

    return W, CoxGroupElement, word


def case_coxeter_table(n):
    from conjectura.domains.permutations import kl_table

    W, E, word = _coxeter(n)
    T = kl_table(n)
    els = [E(W, word(tuple(r))) for r in T.elements.tolist()]

    def run():
        cnt = not_one = 0
        for w in range(T.order):
            ew = els[w]
            for x in T.cols[T.indptr[w] : T.indptr[w + 1]].tolist():
                p = els[x].kazhdan_lusztig_polynomial(ew)
                cnt += 1
                not_one += p != 1
        return cnt, not_one

    (cnt, not_one), wall, cpu = _timed(run)
    return {"wall_s": wall, "cpu_s": cpu, "pairs": cnt, "pairs_P_not_1": not_one, "peak_rss_mb": _rss_mb()}


def _s9_pair():
    from conjectura.domains.permutations import random_intervals

    p = S9_INTERVAL
    [(x, w)] = random_intervals(
        p["n"], 1, min_length=p["min_length"], max_length=p["max_length"], seed=p["seed"]
    )
    return x, w


def case_interval():
    from conjectura.domains.permutations import kl_interval

    warm = _warm()
    x, w = _s9_pair()
    I, wall, cpu = _timed(lambda: kl_interval(x, w))
    return {
        "x": list(x),
        "w": list(w),
        "length": I.length,
        "size": I.size,
        "bruhat_graph_edges": len(I.edges),
        "poly": list(I.poly),
        "wall_s": wall,
        "cpu_s": cpu,
        "compile_or_load_s": warm,
        "peak_rss_mb": _rss_mb(),
    }


def case_plain_interval():
    x, w = _s9_pair()
    (p, pairs), wall, cpu = _timed(lambda: plain_one_pair(x, w))
    return {"poly": list(p), "pairs_computed": pairs, "wall_s": wall, "cpu_s": cpu, "peak_rss_mb": _rss_mb()}


def case_coxeter_interval():
    from conjectura.domains.permutations import bruhat_interval

    W, E, word = _coxeter(9)
    x, w = _s9_pair()
    ew = E(W, word(w))
    p, wall1, cpu1 = _timed(lambda: E(W, word(x)).kazhdan_lusztig_polynomial(ew))
    els = [tuple(r) for r in bruhat_interval(x, w).tolist()]
    _, wall2, cpu2 = _timed(lambda: [E(W, word(a)).kazhdan_lusztig_polynomial(ew) for a in els])
    return {
        "poly": [int(c) for c in p.list()],
        "single_pair_wall_s": wall1,
        "single_pair_cpu_s": cpu1,
        "whole_interval_wall_s": wall2,
        "whole_interval_cpu_s": cpu2,
        "peak_rss_mb": _rss_mb(),
    }


def case_invariance(n):
    from conjectura.domains.permutations import combinatorial_invariance

    warm = _warm()
    r, wall, cpu = _timed(lambda: combinatorial_invariance(n))
    d = r.to_dict()
    d.pop("violations")
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "compile_or_load_s": warm,
        "peak_rss_mb": _rss_mb(),
        "violations": len(r.violations),
        **d,
    }


CASES = {
    "table7": lambda: case_table(7),
    "plain7": lambda: case_plain_table(7),
    "coxeter7": lambda: case_coxeter_table(7),
    "table8": lambda: case_table(8),
    "interval9": case_interval,
    "plain9": case_plain_interval,
    "coxeter9": case_coxeter_interval,
    "invariance6": lambda: case_invariance(6),
    "invariance7": lambda: case_invariance(7),
}
GROUPS = {
    "s7": ["table7", "plain7", "coxeter7"],
    "s8": ["table8"],
    "s9": ["interval9", "plain9", "coxeter9"],
    "invariance": ["invariance6", "invariance7"],
}


def _child(name: str, timeout: float) -> dict:
    src = str(Path(__file__).resolve().parents[1] / "src")
    extra = os.environ.get("PYTHONPATH", "")
    env = dict(os.environ, PYTHONPATH=src + (os.pathsep + extra if extra else ""))
    load = os.getloadavg()[0]
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--child", name],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"status": f"not finished within {timeout:.0f} s", "load_avg_1min": load}
    if out.returncode != 0:
        return {"status": "failed", "stderr": out.stderr.strip().splitlines()[-1:], "load_avg_1min": load}
    res = json.loads(out.stdout.strip().splitlines()[-1])
    res.update(status="ok", load_avg_1min_before=load, load_avg_1min_after=os.getloadavg()[0])
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", nargs="+", default=["s7", "s8", "s9"], choices=sorted(GROUPS))
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds per case")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(CASES[args.child]()))
        return 0
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    data["machine"] = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "note": "shared machine: other jobs ran at the same time; see load averages",
    }
    data.setdefault("cases", {})
    for group in args.cases:
        for name in GROUPS[group]:
            print(f"{name} ...", file=sys.stderr, flush=True)
            data["cases"][name] = _child(name, args.timeout)
            print(json.dumps(data["cases"][name]), file=sys.stderr, flush=True)
            c = data["cases"]
            if (
                "table7" in c
                and "plain7" in c
                and c["table7"].get("status") == c["plain7"].get("status") == "ok"
            ):
                data["speedup_s7_vs_plain_cpu"] = c["plain7"]["cpu_s"] / c["table7"]["cpu_s"]
            if c.get("coxeter7", {}).get("status") == "ok" and c.get("table7", {}).get("status") == "ok":
                data["speedup_s7_vs_coxeter3_cpu"] = c["coxeter7"]["cpu_s"] / c["table7"]["cpu_s"]
            if c.get("plain9", {}).get("status") == "ok" and c.get("interval9", {}).get("status") == "ok":
                data["speedup_s9_vs_plain_cpu"] = c["plain9"]["cpu_s"] / c["interval9"]["cpu_s"]
            RESULTS.parent.mkdir(parents=True, exist_ok=True)
            RESULTS.write_text(json.dumps(data, indent=1) + "\n")
    print(json.dumps(data, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
