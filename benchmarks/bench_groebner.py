"""Episode times of Buchberger's algorithm on random binomial ideals, against the reference code.

For 3-20-10-weighted and 3-20-10-uniform and a fixed seeded set of ideals (the ``i``-th ideal is
drawn from the ``i``-th child of ``SeedSequence(seed)``), each selection strategy runs:

* ``episode``: a :class:`~conjectura.domains.polynomials.BuchbergerState` from the generators to
  the last S-pair, choosing with the strategy function (what a gymnasium environment does, without
  observations);
* ``episode_with_observation``: the same, building the pair matrix (k = 2) before every choice;
* ``groebner_basis``: :func:`~conjectura.domains.polynomials.groebner_basis`, including the
  reduced Groebner basis at the end.

The reference is the code of Peifer, Stillman and Halpern-Leistner (github dylanpeifer/deepgroebner,
tag v3.0.0) when ``--reference`` points at a checkout or a git directory of it: its C++
``buchberger()`` (which also ends with the reduced basis) is compiled with g++ and a small driver
written here, outside the repository, and run on the same ideals; its Python/SymPy environment
(``BuchbergerEnv`` with ``BuchbergerAgent``) runs episodes on the first ``--sympy-ideals`` of them.
The polynomial additions of every ideal are compared (deterministic strategies must agree
exactly), as are the reduced bases of the C++ run, also on cyclic-4, cyclic-5, katsura-3 and
katsura-4. Every time is, per ideal, the minimum over ``--repeats`` runs (on a shared machine the
least disturbed one), averaged over the ideals, for us and for the reference alike; ratios are
reference time / our time, measured in the same run. Wall-clock and CPU seconds and the load
average are recorded.

    .venv/bin/python benchmarks/bench_groebner.py
    .venv/bin/python benchmarks/bench_groebner.py --reference /path/to/deepgroebner --ideals 1000

Results go to ``benchmarks/results/bench_groebner.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "bench_groebner.json"
DISTRIBUTIONS = ("3-20-10-weighted", "3-20-10-uniform")
STRATEGIES = ("first", "degree", "normal", "sugar", "true-degree", "random")
CPP_STRATEGIES = ("first", "degree", "normal", "sugar", "random")  # SelectionType of the reference
SYMPY_STRATEGIES = ("first", "degree", "normal", "random")  # BuchbergerAgent of the reference
REF_FILES = ("buchberger.cpp", "buchberger.h", "polynomials.cpp", "polynomials.h", "ideals.cpp", "ideals.h")
REF_PY = ("buchberger.py", "ideals.py")

# A driver for the reference C++ code: reads ideals from stdin, runs buchberger() with each
# selection type named on the command line, prints one line per ideal and strategy:
#   strategy index additions nanoseconds basis
# where basis lists the reduced basis as "coef:e0,e1,...;coef:..." polynomials joined by "|".
DRIVER = r"""
#include <chrono>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>
#include "buchberger.h"
#include "polynomials.h"

int main(int argc, char** argv) {
  std::map<std::string, SelectionType> sel = {
    {"first", SelectionType::First}, {"degree", SelectionType::Degree},
    {"normal", SelectionType::Normal}, {"sugar", SelectionType::Sugar},
    {"random", SelectionType::Random}};
  int count, n;
  std::cin >> count >> n;
  std::vector<std::vector<Polynomial>> ideals;
  for (int q = 0; q < count; q++) {
    int s;
    std::cin >> s;
    std::vector<Polynomial> F;
    for (int g = 0; g < s; g++) {
      int t;
      std::cin >> t;
      std::vector<Term> terms;
      for (int k = 0; k < t; k++) {
        int c;
        std::array<int, N> e = {};
        std::cin >> c;
        for (int v = 0; v < n; v++) std::cin >> e[v];
        terms.push_back(Term{Coefficient(c), Monomial(e)});
      }
      F.push_back(Polynomial(terms));
    }
    ideals.push_back(F);
  }
  int repeats = std::stoi(argv[1]);
  for (int a = 2; a < argc; a++) {
    std::string name = argv[a];
    for (int q = 0; q < count; q++) {
      long best = -1;
      std::pair<std::vector<Polynomial>, BuchbergerStats> out;
      for (int r = 0; r < repeats; r++) {
        auto t0 = std::chrono::steady_clock::now();
        out = buchberger(ideals[q], sel[name], EliminationType::GebauerMoeller, RewardType::Additions,
                         false, true, 0.99, q + 1);
        auto t1 = std::chrono::steady_clock::now();
        long ns = std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count();
        if (best < 0 || ns < best) best = ns;
      }
      std::cout << name << " " << q << " " << out.second.polynomial_additions << " " << best << " ";
      bool firstp = true;
      for (const Polynomial& f : out.first) {
        if (!firstp) std::cout << "|";
        firstp = false;
        bool firstt = true;
        for (const Term& t : f.terms) {
          if (!firstt) std::cout << ";";
          firstt = false;
          std::cout << t.coeff << ":";
          for (int v = 0; v < n; v++) std::cout << t.monom[v] << (v + 1 < n ? "," : "");
        }
      }
      std::cout << "\n";
    }
  }
  return 0;
}
"""


def _load_avg():
    try:
        return list(os.getloadavg())
    except OSError:  # pragma: no cover
        return None


def _ideals(dist: str, count: int, seed: int):
    """The seeded set: child seeds of SeedSequence(seed); ideals without any S-pair are skipped
    (the reference environment would redraw them; a fixed-ideal generator would loop)."""
    import conjectura.domains.polynomials as P

    out, skipped = [], 0
    for F in P.random_binomial_ideals(dist, count, seed=seed):
        if P.BuchbergerState(F).done:
            skipped += 1
            continue
        out.append(F)
    return out, skipped


def _time_ours(ideals, strategy: str, mode: str, repeats: int):
    """Mean over the ideals of the best of ``repeats`` runs (wall and CPU seconds, each the
    minimum over the repeats of that ideal, as for the reference), and the additions per ideal."""
    import numpy as np

    import conjectura.domains.polynomials as P

    select = P.get_strategy(strategy)
    walls, cpus, adds = [], [], []
    for q, F in enumerate(ideals):
        bw = bc = float("inf")
        for _ in range(repeats):
            rng = np.random.default_rng(q)  # the same random choices in every repeat
            w0, c0 = time.perf_counter(), time.process_time()
            if mode == "groebner_basis":
                _, st = P.groebner_basis(F, strategy=select, seed=rng)
                a = st.polynomial_additions
            else:
                S = P.BuchbergerState(F)
                if mode == "episode_with_observation":
                    while not S.done:
                        S.observation()
                        S.step(select(S, rng))
                else:
                    while not S.done:
                        S.step(select(S, rng))
                a = S.stats.polynomial_additions
            w1, c1 = time.perf_counter(), time.process_time()
            bw, bc = min(bw, w1 - w0), min(bc, c1 - c0)
        walls.append(bw)
        cpus.append(bc)
        adds.append(a)
    return statistics.mean(walls), statistics.mean(cpus), adds


def _reference_tree(ref: Path, tag: str, into: Path) -> Path:
    """Files of the reference implementation in ``into/deepgroebner`` (from a checkout or a git dir)."""
    dst = into / "deepgroebner"
    dst.mkdir(parents=True, exist_ok=True)
    if (ref / "deepgroebner" / "buchberger.cpp").exists():
        for f in REF_FILES + REF_PY:
            shutil.copy(ref / "deepgroebner" / f, dst / f)
    else:
        paths = [f"deepgroebner/{f}" for f in REF_FILES + REF_PY]
        tar = subprocess.run(
            ["git", f"--git-dir={ref}", "archive", tag, *paths], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(into)], input=tar, check=True)
    (dst / "__init__.py").write_text("")
    return dst


def _build_cpp(src: Path, flags: list[str]) -> Path:
    (src / "driver.cpp").write_text(DRIVER)
    exe = src / "driver"
    cmd = ["g++", *flags, "-std=c++17", "-I", str(src), "-o", str(exe), str(src / "driver.cpp")]
    cmd += [str(src / f) for f in ("buchberger.cpp", "polynomials.cpp", "ideals.cpp")]
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    return exe


def _ideals_text(ideals) -> str:
    n = ideals[0][0].n
    lines = [f"{len(ideals)} {n}"]
    for F in ideals:
        lines.append(str(len(F)))
        for f in F:
            lines.append(str(len(f)))
            for c, e in zip(f.coefficients.tolist(), f.exponents.tolist()):
                lines.append(" ".join(map(str, [c, *e])))
    return "\n".join(lines) + "\n"


def _parse_basis(text: str, p: int):
    import numpy as np

    import conjectura.domains.polynomials as P

    out = []
    for poly in text.split("|") if text else []:
        rows, coefs = [], []
        for term in poly.split(";"):
            c, e = term.split(":")
            coefs.append(int(c))
            rows.append([int(x) for x in e.split(",")])
        out.append(P.Polynomial(np.array(rows), coefs, p))
    return out


def _run_cpp(exe: Path, ideals, strategies, repeats: int):
    w0 = time.perf_counter()
    proc = subprocess.run(
        [str(exe), str(repeats), *strategies],
        input=_ideals_text(ideals),
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - w0
    res = {s: {"ns": [], "additions": [], "bases": []} for s in strategies}
    for line in proc.stdout.splitlines():
        parts = line.split(" ", 4)
        name, _, adds, ns = parts[0], int(parts[1]), int(parts[2]), int(parts[3])
        res[name]["ns"].append(ns)
        res[name]["additions"].append(adds)
        res[name]["bases"].append(parts[4] if len(parts) > 4 else "")
    return res, wall


def _sympy_env(src_parent: Path):
    sys.path.insert(0, str(src_parent))
    try:
        import deepgroebner.buchberger as ref_b
        import deepgroebner.ideals as ref_i
    finally:
        sys.path.pop(0)
    return ref_b, ref_i


def _time_sympy(ref_b, ref_i, ideals, strategy: str, repeats: int):
    import numpy as np
    import sympy as sp

    n = ideals[0][0].n
    R, X = sp.xring("x:" + str(n), sp.FF(32003), "grevlex")

    def conv(f):
        g = R.zero
        for c, e in zip(f.coefficients.tolist(), f.exponents.tolist()):
            m = R.one
            for v, k in enumerate(e):
                m = m * X[v] ** k
            g = g + c * m
        return g

    walls, cpus, adds = [], [], []
    for q, F in enumerate(ideals):
        bw = bc = float("inf")
        for _ in range(repeats):
            np.random.seed(q)  # the reference Random agent uses the global numpy state
            env = ref_b.BuchbergerEnv(ref_i.FixedIdealGenerator([conv(f) for f in F]))
            agent = ref_b.BuchbergerAgent(selection=strategy)
            w0, c0 = time.perf_counter(), time.process_time()
            state = env.reset()
            done, total = False, 0.0
            while not done:
                state, reward, done, _ = env.step(agent.act(state))
                total += reward
            bw, bc = min(bw, time.perf_counter() - w0), min(bc, time.process_time() - c0)
        walls.append(bw)
        cpus.append(bc)
        adds.append(int(round(-total)))
    return statistics.mean(walls), statistics.mean(cpus), adds


def _command(argv) -> str:
    """The command line, with the (machine-specific) reference path replaced by a placeholder."""
    words = list(argv if argv is not None else sys.argv[1:])
    for k, w in enumerate(words[:-1]):
        if w == "--reference":
            words[k + 1] = "DEEPGROEBNER"
    return " ".join(["benchmarks/bench_groebner.py", *words])


def _mean_se(xs):
    m = statistics.mean(xs)
    se = statistics.stdev(xs) / len(xs) ** 0.5 if len(xs) > 1 else 0.0
    return m, se


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ideals", type=int, default=1000, help="ideals per distribution")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--repeats", type=int, default=5, help="each time is the best of this many runs of an ideal"
    )
    ap.add_argument("--reference", type=Path, default=None, help="deepgroebner checkout or git directory")
    ap.add_argument("--reference-tag", default="v3.0.0")
    ap.add_argument("--cxxflags", default="-O2", help="g++ flags for the reference C++ code")
    ap.add_argument("--sympy-ideals", type=int, default=100, help="ideals for the (slow) SymPy reference")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)

    import numba
    import numpy as np

    import conjectura.domains.polynomials as P

    P.groebner_basis(P.random_binomial_ideal("3-20-10-weighted", seed=0))  # compile / load the kernels
    for s in STRATEGIES:
        P.groebner_basis(P.random_binomial_ideal("3-5-5-weighted", seed=0), strategy=s, seed=0)

    result = {
        "benchmark": "Buchberger episodes on random binomial ideals (GF(32003), grevlex, Gebauer-Moller)",
        "command": _command(argv),
        "time": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "numpy": np.__version__,
            "numba": numba.__version__,
            "cpus": os.cpu_count(),
            "load_average_start": _load_avg(),
        },
        "ideals": {"per_distribution": args.ideals, "seed": args.seed, "repeats": args.repeats},
        "conjectura": {},
        "reference": None,
    }
    tmp = None
    exe = ref_b = ref_i = None
    if args.reference is not None:
        tmp = Path(tempfile.mkdtemp(prefix="deepgroebner-build-"))
        src = _reference_tree(args.reference.resolve(), args.reference_tag, tmp)
        exe = _build_cpp(src, args.cxxflags.split())
        ref_b, ref_i = _sympy_env(tmp)
        commit = None
        if not (args.reference / "deepgroebner").exists():
            commit = subprocess.run(
                ["git", f"--git-dir={args.reference}", "rev-parse", f"{args.reference_tag}^{{commit}}"],
                capture_output=True,
                text=True,
            ).stdout.strip()
        result["reference"] = {
            "code": "github.com/dylanpeifer/deepgroebner",
            "tag": args.reference_tag,
            "commit": commit,
            "cpp": {
                "compiler": "g++",
                "flags": args.cxxflags,
                "timed": "buchberger(F, selection), per ideal the best of repeats",
            },
            "sympy": {
                "timed": "BuchbergerEnv(FixedIdealGenerator(F)) episode with BuchbergerAgent, per ideal the best of repeats",
                "ideals": 0,
            },
            "results": {},
        }

    for dist in DISTRIBUTIONS:
        ideals, skipped = _ideals(dist, args.ideals, args.seed)
        ours = {"ideals": len(ideals), "skipped_without_pairs": skipped}
        print(f"{dist}: {len(ideals)} ideals", file=sys.stderr)
        adds_by = {}
        for s in STRATEGIES:
            row = {}
            for mode in ("episode", "episode_with_observation", "groebner_basis"):
                wall, cpu, adds = _time_ours(ideals, s, mode, args.repeats)
                row[f"{mode}_ms"] = round(1000 * wall, 4)
                row[f"{mode}_cpu_ms"] = round(1000 * cpu, 4)
                if mode == "episode":
                    adds_by[s] = adds
            m, se = _mean_se(adds_by[s])
            row["polynomial_additions_mean"] = round(m, 3)
            row["polynomial_additions_se"] = round(se, 3)
            ours[s] = row
            print(
                f"  ours {s:12s} {row['episode_ms']:.3f} ms/episode, additions {m:.2f} ± {se:.2f}",
                file=sys.stderr,
            )
        result["conjectura"][dist] = ours
        if exe is None:
            continue
        ref = {"cpp": {}, "sympy": {}}
        cpp, _ = _run_cpp(exe, ideals, CPP_STRATEGIES, args.repeats)
        for s in CPP_STRATEGIES:
            r = cpp[s]
            m, se = _mean_se(r["additions"])
            row = {
                "groebner_basis_ms": round(statistics.mean(r["ns"]) / 1e6, 4),
                "polynomial_additions_mean": round(m, 3),
                "polynomial_additions_se": round(se, 3),
                "ratio_groebner_basis_time_reference_over_ours": round(
                    statistics.mean(r["ns"]) / 1e6 / ours[s]["groebner_basis_ms"], 3
                ),
            }
            if s != "random":
                ours_b = [P.groebner_basis(F, strategy=s)[0] for F in ideals]
                row["additions_agree"] = sum(a == b for a, b in zip(r["additions"], adds_by[s]))
                row["reduced_bases_agree"] = sum(
                    _parse_basis(t, 32003) == b for t, b in zip(r["bases"], ours_b)
                )
                row["of"] = len(ideals)
            ref["cpp"][s] = row
            print(
                f"  C++  {s:12s} {row['groebner_basis_ms']:.3f} ms/basis, additions {m:.2f}", file=sys.stderr
            )
        k = min(args.sympy_ideals, len(ideals))
        if k:
            sub = ideals[:k]
            for s in SYMPY_STRATEGIES:
                wall, cpu, adds = _time_sympy(ref_b, ref_i, sub, s, args.repeats)
                ours_w, _, ours_a = _time_ours(sub, s, "episode", args.repeats)
                m, se = _mean_se(adds)
                row = {
                    "episode_ms": round(1000 * wall, 4),
                    "episode_cpu_ms": round(1000 * cpu, 4),
                    "ours_episode_ms_same_ideals": round(1000 * ours_w, 4),
                    "ratio_episode_time_reference_over_ours": round(wall / ours_w, 2),
                    "polynomial_additions_mean": round(m, 3),
                    "polynomial_additions_se": round(se, 3),
                }
                if s != "random":
                    row["additions_agree"] = sum(a == b for a, b in zip(adds, ours_a))
                    row["of"] = k
                ref["sympy"][s] = row
                print(
                    f"  SymPy {s:11s} {row['episode_ms']:.3f} ms/episode, additions {m:.2f}", file=sys.stderr
                )
            result["reference"]["sympy"]["ideals"] = k
        result["reference"]["results"][dist] = ref

    if exe is not None:
        # general (non-binomial) systems: the addition counts must agree as well
        named = {}
        for name, F in [
            ("cyclic-4", P.cyclic_ideal(4)),
            ("cyclic-5", P.cyclic_ideal(5)),
            ("katsura-3", P.katsura_ideal(3)),
            ("katsura-4", P.katsura_ideal(4)),
        ]:
            cpp, _ = _run_cpp(exe, [F], CPP_STRATEGIES[:-1], 1)
            named[name] = {
                s: {
                    "ours": P.groebner_basis(F, strategy=s)[1].polynomial_additions,
                    "reference_cpp": cpp[s]["additions"][0],
                    "reduced_bases_agree": _parse_basis(cpp[s]["bases"][0], 32003) == P.groebner_basis(F)[0],
                }
                for s in CPP_STRATEGIES[:-1]
            }
        result["reference"]["named_ideals"] = named

    result["machine"]["load_average_end"] = _load_avg()
    if tmp is not None:
        shutil.rmtree(tmp, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
