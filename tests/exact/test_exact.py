"""Exact arithmetic: quadratic surds and real algebraic numbers against sympy (independent)."""

from fractions import Fraction

import pytest
import sympy
from flint import fmpz_poly

from conjectura.exact import QuadraticSurd, real_roots


@pytest.mark.parametrize(
    "p,q,m",
    [
        (1, 1, 18),
        (-3, 1, 10),
        (5, -2, 6),
        (Fraction(7, 3), Fraction(-1, 2), 37),
        (0, 1, 9),
        (-4, 1, 16),
        (2, 3, 0),
    ],
)
def test_surd_sign_matches_sympy(p, q, m):
    x = QuadraticSurd(p, q, m)
    exact = sympy.Rational(p) + sympy.Rational(q) * sympy.sqrt(m)
    assert x.sign() == sympy.sign(exact)


def test_surd_equality_and_order():
    assert QuadraticSurd(0, 1, 18) * QuadraticSurd(0, 1, 18) == 18
    assert QuadraticSurd(1, 1, 18) > Fraction(524, 100) and QuadraticSurd(1, 1, 18) < Fraction(525, 100)
    assert QuadraticSurd(1, 1, 18) > QuadraticSurd(2, 1, 18) - 1 - Fraction(1, 10**40)
    assert QuadraticSurd(0, 1, 25) == 5
    assert str(QuadraticSurd(1, 1, 18)) == "sqrt(18) + 1"


@pytest.mark.parametrize(
    "coeffs",
    [[-10, 0, 1], [0, -3, 0, 1], [1, -3, 0, 1], [-2, 0, 0, 0, 1], [6, -11, 6, -1], [-1, 1, 1], [0, 0, 1]],
)
def test_real_roots_match_sympy(coeffs):
    roots = real_roots(fmpz_poly(coeffs), multiplicities=True)
    x = sympy.symbols("x")
    ref = sorted(sympy.Poly(list(reversed(coeffs)), x).real_roots(), reverse=True)
    ours = [r for r, m in roots for _ in range(m)]
    assert len(ours) == len(ref)
    for r, s in zip(ours, ref):
        # every root compares equal to the exact sympy root when that root is a surd or rational
        assert abs(float(r) - float(s)) < 1e-9
        if s.is_rational:
            assert r == Fraction(int(s.p), int(s.q))


def test_root_comparisons_are_exact_at_equality():
    r = real_roots(fmpz_poly([-10, 0, 1]))[0]  # sqrt(10)
    assert r == QuadraticSurd(0, 1, 10)
    assert r < QuadraticSurd(Fraction(1, 10**30), 1, 10)
    assert r > QuadraticSurd(-Fraction(1, 10**30), 1, 10)
    s = real_roots(fmpz_poly([-11, 0, 1]))[0]  # sqrt(11): distinct polynomial
    assert r < s and s > r
    assert real_roots(fmpz_poly([-10, 0, 1]))[1] == QuadraticSurd(0, -1, 10)


def test_root_json_is_canonical():
    r = real_roots(fmpz_poly([0, -3, 0, 1]))  # x^3 - 3x: sqrt3, 0, -sqrt3
    assert [x.to_json()["root_index"] for x in r] == [1, 1, 2]
