"""No-three-in-line: exact collinearity against cross products, the grid lines, the problem."""

import itertools

import numpy as np
import pytest

import conjectura as cj
from conjectura.domains.grids import check_no_three_in_line, grid_lines, line_excess


def brute_ok(P):
    for (ax, ay), (bx, by), (cx, cy) in itertools.combinations(P, 3):
        if (bx - ax) * (cy - ay) - (by - ay) * (cx - ax) == 0:
            return False
    return True


@pytest.mark.parametrize("seed", range(5))
def test_check_and_excess_agree_with_cross_products(seed):
    n = 5
    rng = np.random.default_rng(seed)
    Z = (rng.random((60, n * n)) < 0.35).astype(np.int8)
    ex = line_excess(Z, n)
    for z, e in zip(Z, ex, strict=True):
        P = [(int(i) // n, int(i) % n) for i in np.flatnonzero(z)]
        assert check_no_three_in_line(P, n).holds == brute_ok(P) == (e == 0)


def test_grid_lines_count():
    # lines through >= 3 points of the 4 x 4 grid: 4 rows, 4 columns, 6 diagonals
    assert grid_lines(4).shape == (14, 16)


def test_maximum_for_n_4_by_exhaustion():
    pts = [(x, y) for x in range(4) for y in range(4)]
    assert any(brute_ok(P) for P in itertools.combinations(pts, 8))


def test_problem_finds_2n_points():
    p = cj.get_problem("grids/no-three-in-line", n=6)
    assert p.target == p.known == 12
    res = cj.search(p, "local", budget="60s", seed=0)
    assert res.found and brute_ok(res.witness) and len(res.witness) == 12
    assert cj.Certificate.from_json(res.certificate.to_json()).verify().holds
    with pytest.raises(cj.InvalidParameterError, match="'target' parameter of no_three_in_line"):
        cj.get_problem("grids/no-three-in-line", n=47)
