"""Independent checks for the elliptic-curve tests (no PARI): brute-force point counting."""

from __future__ import annotations

import pytest


def count_points_mod_p(ainvs, p: int) -> int:
    """#E(F_p) of y^2 + a1 xy + a3 y = x^3 + a2 x^2 + a4 x + a6 by brute force (with infinity)."""
    a1, a2, a3, a4, a6 = (a % p for a in ainvs)
    n = 1
    for x in range(p):
        rhs = (x * x * x + a2 * x * x + a4 * x + a6) % p
        for y in range(p):
            if (y * y + a1 * x * y + a3 * y - rhs) % p == 0:
                n += 1
    return n


@pytest.fixture
def brute_ap():
    """a_p = p + 1 - #E(F_p) at a prime of good reduction, by counting points."""
    return lambda ainvs, p: p + 1 - count_points_mod_p(ainvs, p)
