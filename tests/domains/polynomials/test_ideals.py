"""The distributions n-d-s-{uniform|weighted|maximum} sample what Peifer et al. (2020) define."""

import math
from collections import Counter

import numpy as np
import pytest
from scipy.stats import chisquare

from conjectura.domains import polynomials as P
from conjectura.exceptions import InvalidParameterError


def _monomials(ideals):
    """All drawn monomials (two per generator) and the degrees (d1, d2) of each generator."""
    mons, pairs = [], []
    for F in ideals:
        for f in F:
            a, b = (tuple(r) for r in f.exponents.tolist())
            mons += [a, b]
            pairs.append((sum(a), sum(b)))
    return mons, pairs


def test_generators_are_monic_binomials_with_distinct_ordered_monomials():
    for dist in ["3-20-10-weighted", "3-20-10-uniform", "2-3-8-maximum", "4-6-5-uniform-homog-pure"]:
        D = P.parse_distribution(dist)
        for F in P.random_binomial_ideals(D, 50, seed=1):
            assert len(F) == D.s
            for f in F:
                assert len(f) == 2 and f.coefficients[0] == 1 and 1 <= f.coefficients[1] < D.p
                assert P.grevlex_compare(f.exponents[0], f.exponents[1]) == 1
                assert f.exponents.sum(axis=1).max() <= D.d and f.exponents.sum(axis=1).min() >= 1
                if D.pure:
                    assert f.coefficients[1] == D.p - 1
                if D.homogeneous:
                    assert f.exponents[0].sum() == f.exponents[1].sum()


def test_maximum_draws_every_monomial_of_degree_d_uniformly():
    ideals = P.random_binomial_ideals("3-4-10-maximum", 400, seed=2)
    mons, pairs = _monomials(ideals)
    assert {d for pr in pairs for d in pr} == {4}
    counts = Counter(mons)
    assert set(counts) == {tuple(r) for r in P.monomials_of_degree(3, 4).tolist()}  # all 15 occur
    assert chisquare(list(counts.values())).pvalue > 1e-3


def test_weighted_degrees_are_uniform_on_1_to_d():
    ideals = P.random_binomial_ideals("3-6-10-weighted", 600, seed=3)
    _, pairs = _monomials(ideals)
    hist = Counter(d for pr in pairs for d in pr)
    assert set(hist) == set(range(1, 7))
    assert chisquare([hist[k] for k in range(1, 7)]).pvalue > 1e-3


def test_uniform_degrees_follow_the_number_of_monomials():
    n, d = 3, 6
    ideals = P.random_binomial_ideals(f"{n}-{d}-10-uniform", 600, seed=4)
    mons, pairs = _monomials(ideals)
    hist = Counter(k for pr in pairs for k in pr)
    w = [math.comb(n + k - 1, n - 1) for k in range(1, d + 1)]
    assert P.degree_weights(f"{n}-{d}-10-uniform") == (0, *w)
    expected = np.array(w) / sum(w) * sum(hist.values())
    assert chisquare([hist[k] for k in range(1, d + 1)], expected).pvalue > 1e-3
    # given its degree, a monomial is uniform among the monomials of that degree
    top = Counter(m for m in mons if sum(m) == d)
    assert len(top) == math.comb(n + d - 1, n - 1)
    assert chisquare(list(top.values())).pvalue > 1e-3


def test_degrees_of_a_generator_are_independent_and_homog_ties_them():
    _, pairs = _monomials(P.random_binomial_ideals("2-3-10-weighted", 900, seed=5))
    table = Counter(pairs)  # (degree of the leading monomial, degree of the other): a >= b in grevlex
    cells = [(a, b) for a in range(1, 4) for b in range(1, a + 1)]
    assert set(table) == set(cells)
    # independent uniform degrees: P(a, a) = 1/9 and P(a, b) = 2/9 for a > b
    expected = [len(pairs) * (1 if a == b else 2) / 9 for a, b in cells]
    assert chisquare([table[c] for c in cells], expected).pvalue > 1e-3
    _, pairs = _monomials(P.random_binomial_ideals("2-3-10-weighted-homog", 200, seed=5))
    assert all(a == b for a, b in pairs)


def test_same_seed_same_ideal_and_recorded_draw():
    assert P.random_binomial_ideal("3-20-10-weighted", seed=2020) == P.random_binomial_ideal(
        "3-20-10-weighted", seed=2020
    )
    assert P.random_binomial_ideal("3-20-10-weighted", seed=2020) != P.random_binomial_ideal(
        "3-20-10-weighted", seed=2021
    )
    # recorded once (numpy's PCG64 stream); the addition counts of this ideal are in test_buchberger
    assert [str(f) for f in P.random_binomial_ideal("3-20-10-weighted", seed=2020)][:3] == [
        "x0^10*x1^4*x2^4 + 1259*x0*x1^10",
        "x0^4*x1^7*x2^4 + 14987*x0^3*x1^7*x2",
        "x0^5*x2^13 + 23080*x0^2*x1^7",
    ]


def test_parse_and_str_round_trip():
    for s in ["3-20-10-weighted", "3-20-10-uniform", "5-3-2-maximum", "2-4-3-uniform-homog-pure"]:
        assert str(P.parse_distribution(s)) == s
    assert P.parse_distribution("3-5-5-maximum", p=101).p == 101


@pytest.mark.parametrize(
    "text, match",
    [
        ("3-20-10-normal", "kind must be one of uniform, weighted, maximum"),
        ("0-20-10-weighted", "number of variables n must be >= 2"),
        ("1-20-10-weighted", "number of variables n must be >= 2"),
        ("3-0-10-weighted", "degree d must be >= 1"),
        ("3-20-0-weighted", "number of generators s must be >= 1"),
        ("3-20-weighted", "expected 'n-d-s-kind'"),
        ("a-b-c-uniform", "expected 'n-d-s-kind'"),
        ("3--2-10-uniform", "expected 'n-d-s-kind'"),
        ("3-20-10-uniform-consts", "optional flags are homog, pure"),
        ("3-20-10-uniform-pure-pure", "each at most once"),
        ("40-40-10-uniform", "at most 2000000 are supported"),
    ],
)
def test_bad_distributions_one_line_errors(text, match):
    with pytest.raises(InvalidParameterError, match=match) as info:
        P.random_binomial_ideal(text, seed=0)
    assert "\n" not in str(info.value)


def test_named_ideals():
    cyc = P.cyclic_ideal(3)
    assert [P.format_polynomial(f, "a, b, c") for f in cyc] == [
        "a + b + c",
        "a*b + a*c + b*c",
        "a*b*c + 32002",
    ]
    kat = P.katsura_ideal(4)
    want = P.parse_polynomials(
        "a + 2*b + 2*c + 2*d + 2*e - 1, a^2 + 2*b^2 + 2*c^2 + 2*d^2 + 2*e^2 - a, "
        "2*a*b + 2*b*c + 2*c*d + 2*d*e - b, b^2 + 2*a*c + 2*b*d + 2*c*e - c, 2*b*c + 2*a*d + 2*b*e - d",
        "a, b, c, d, e",
    )
    assert kat == want
