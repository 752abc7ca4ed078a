"""A construction problem of your own in a few lines: the largest cap set in F_3^n.

A cap set is a set of points of F_3^n with no three on a line (x + y + z = 0 for distinct
x, y, z). The largest sizes are 2, 4, 9, 20, 45, 112 for n = 1..6 (OEIS A090245; Edel for
n = 6). The objective (the size) and the constraint (no line) are exact; the score only ranks
candidates for the engines.

    python examples/user_construction.py
    conjectura --import examples/user_construction.py search mine/cap-set -p n=3 --out cap.json
    conjectura --import examples/user_construction.py verify cap.json

References: Y. Edel, S. Ferret, I. Landjev, L. Storme, "The classification of the largest caps
in AG(5, 3)", J. Combin. Theory Ser. A 99 (2002) 95-110; OEIS A090245.
"""

import itertools

import numpy as np

import conjectura as cj
from conjectura.core.construction import construction_problem

CAP_MAXIMA = {1: 2, 2: 4, 3: 9, 4: 20, 5: 45, 6: 112}


@cj.register_problem("mine/cap-set", description="the largest cap set in F_3^n (OEIS A090245)")
def cap_set(n: int = 3, target: int | None = None):
    pts = np.array(list(itertools.product(range(3), repeat=n)))  # point i of F_3^n
    index = {tuple(p): i for i, p in enumerate(pts)}
    lines = np.array(
        [
            (i, j, index[tuple(-(pts[i] + pts[j]) % 3)])
            for i, j in itertools.combinations(range(len(pts)), 2)
            if index[tuple(-(pts[i] + pts[j]) % 3)] > j
        ]
    )  # each line once

    def no_line(S):  # exact: integer vectors mod 3
        for x, y in itertools.combinations(S, 2):
            z = tuple(-(a + b) % 3 for a, b in zip(x, y, strict=True))
            if z in S:
                return cj.Verdict(False, f"{x}, {y}, {z} lie on a line")
        return cj.Verdict(True, "no three points on a line")

    return construction_problem(
        what=f"a cap set in F_3^{n}",
        value_name="size",
        objective=len,
        constraint=no_line,
        target=target or CAP_MAXIMA[n],
        known=CAP_MAXIMA.get(n),
        encoding=cj.Encoding(
            dim=len(pts), decode=lambda z: {tuple(map(int, pts[i])) for i in np.flatnonzero(z)}
        ),
        score_batch=lambda Z: Z.sum(axis=1) - 2.0 * Z[:, lines].all(axis=2).sum(axis=1),
        serialize=lambda S: sorted(list(p) for p in S),
        deserialize=lambda d: {tuple(p) for p in d},
        params={"n": n, "target": target or CAP_MAXIMA[n]},
    )


if __name__ == "__main__":
    result = cj.search("mine/cap-set", "local", problem_params={"n": 3}, budget="60s", seed=0)
    print(result.message)
    print(result.certificate.claim)
    print(result.certificate.verdict.reason)
