"""Polynomials over GF(p) in grevlex: order, normal form of the arrays, arithmetic, text, JSON."""

import itertools

import numpy as np
import pytest
import sympy as sp

from conjectura.domains import polynomials as P
from conjectura.exceptions import InvalidParameterError


def test_grevlex_is_the_order_of_sympy_on_all_small_monomials():
    mons = [e for d in range(4) for e in itertools.product(range(d + 1), repeat=3) if sum(e) == d]
    mons = sorted(set(mons))
    ours = [tuple(r) for r in np.array(mons)[P.grevlex_sort(np.array(mons))].tolist()]
    key = sp.polys.orderings.grevlex
    assert ours == sorted(mons, key=key, reverse=True)
    for a, b in itertools.product(mons, repeat=2):
        expect = (key(a) > key(b)) - (key(a) < key(b))
        assert P.grevlex_compare(a, b) == expect


def test_monomials_of_degree_counts_and_order():
    for n, d in [(1, 4), (2, 5), (3, 4), (4, 3)]:
        M = P.monomials_of_degree(n, d)
        assert M.shape == (P.count_monomials(n, d), n)
        assert (M.sum(axis=1) == d).all()
        assert len({tuple(r) for r in M.tolist()}) == M.shape[0]
        assert all(P.grevlex_compare(M[i], M[i + 1]) == 1 for i in range(M.shape[0] - 1))


def test_constructor_sorts_combines_and_reduces():
    f = P.Polynomial([[0, 1], [2, 0], [0, 1], [1, 1]], [3, 5, 4, 7], p=7)  # 7*y + 5x^2 + 0*xy
    assert f.terms() == [(5, (2, 0))]
    assert f == P.parse_polynomial("5*x0^2 + 7*x0*x1 + 7*x1", n=2, p=7)
    assert P.Polynomial.zero(3).is_zero and P.Polynomial.zero(3).degree == -1
    assert not f.exponents.flags.writeable and not f.coefficients.flags.writeable
    assert hash(f) == hash(P.Polynomial([[2, 0]], [12], p=7))


def test_arithmetic_agrees_with_sympy():
    X = sp.symbols("x0:3")
    rng = np.random.default_rng(0)
    for _ in range(20):
        polys = []
        for _ in range(2):
            t = int(rng.integers(1, 5))
            E = rng.integers(0, 4, size=(t, 3))
            C = rng.integers(-50, 50, size=t)
            polys.append(
                (
                    P.Polynomial(E, C, p=101),
                    sum(int(c) * sp.prod([x ** int(e) for x, e in zip(X, r)]) for c, r in zip(C, E)),
                )
            )
        (f, fs), (g, gs) = polys
        for ours, theirs in [
            (f + g, fs + gs),
            (f - g, fs - gs),
            (f * g, fs * gs),
            (f**3, fs**3),
            (3 * f - 2, 3 * fs - 2),
        ]:
            T = sp.Poly(theirs, *X, modulus=101)
            want = P.Polynomial(
                np.array([m for m, _ in T.terms()]).reshape(-1, 3), [int(c) for _, c in T.terms()], p=101
            )
            assert ours == want


def test_text_round_trip_and_variables():
    f = P.parse_polynomial("x^2*y - 3*z + 1 - x**2*y + 2*x*y*z", "x, y, z")
    assert P.format_polynomial(f, "x, y, z") == "2*x*y*z + 32000*z + 1"
    assert P.parse_polynomial(P.format_polynomial(f), n=3) == f
    assert P.parse_polynomial("-x0 + -x1", n=2) == P.parse_polynomial("32002*x0 + 32002*x1", n=2)
    assert P.monic(P.parse_polynomial("3*x0 + 1", n=1, p=7)) == P.parse_polynomial("x0 + 5", n=1, p=7)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: P.parse_polynomial("x + w", "x, y"), "unknown variable 'w'"),
        (lambda: P.parse_polynomial("x +", "x, y"), "ends with a sign"),
        (lambda: P.parse_polynomial("x^-1", "x"), "bad exponent"),
        (lambda: P.parse_polynomial("", "x"), "empty"),
        (lambda: P.parse_polynomial("x", "x, x"), "distinct"),
        (lambda: P.Polynomial([[1, 0]], [1], p=8), "not prime"),
        (lambda: P.Polynomial([[1, 0]], [1], p=2**31 + 11), "prime in the range"),
        (lambda: P.Polynomial([[1.5, 0]], [1]), "2-d array of non-negative ints"),
        (lambda: P.Polynomial([[-1, 0]], [1]), r"\[0, 2\*\*62\)"),
        (lambda: P.Polynomial([[1, 0]], [1, 2]), "one coefficient per exponent row"),
        (lambda: P.Polynomial([[1, 0]], [0.5]), "must hold ints"),
        (lambda: P.Polynomial([[1]], [1]) + P.Polynomial([[1]], [1], p=5), "different rings"),
        (lambda: P.Polynomial.zero(2).leading_monomial, "no leading monomial"),
    ],
)
def test_bad_input_one_line_errors(call, match):
    with pytest.raises(InvalidParameterError, match=match) as info:
        call()
    assert "\n" not in str(info.value)


def test_json_is_canonical_and_inverts():
    F = P.random_binomial_ideal("3-8-5-uniform", seed=4)
    s = P.polynomials_to_json(F)
    assert P.polynomials_from_json(s) == F
    assert P.polynomials_to_json(P.polynomials_from_json(s)) == s
    assert s == P.polynomials_to_json(list(F))  # deterministic
    # a non-canonical document (terms out of order, coefficient outside [1, p)) is normalised
    d = P.polynomials_to_dict(F[:1])
    d["polynomials"][0] = {
        "coefficients": d["polynomials"][0]["coefficients"][::-1],
        "exponents": d["polynomials"][0]["exponents"][::-1],
    }
    d["polynomials"][0]["coefficients"][-1] += 32003
    assert P.polynomials_from_dict(d) == F[:1]
    assert P.polynomials_from_json(P.polynomials_to_json([], n=2, p=5)) == []


@pytest.mark.parametrize(
    "doc, match",
    [
        ("not json", "invalid JSON"),
        ('{"format": "other"}', "'format' must be"),
        ('{"format": "conjectura-polynomials/1", "order": "lex"}', "'order' must be 'grevlex'"),
        (
            '{"format": "conjectura-polynomials/1", "order": "grevlex", "n": 0, "p": 5, "polynomials": []}',
            "'n' must",
        ),
        (
            '{"format": "conjectura-polynomials/1", "order": "grevlex", "n": 1, "p": 6, "polynomials": []}',
            "not prime",
        ),
        (
            '{"format": "conjectura-polynomials/1", "order": "grevlex", "n": 2, "p": 5, '
            '"polynomials": [{"coefficients": [1], "exponents": [[1]]}]}',
            "lists of 2 non-negative ints",
        ),
        (
            '{"format": "conjectura-polynomials/1", "order": "grevlex", "n": 1, "p": 5, '
            '"polynomials": [{"coefficients": [true], "exponents": [[1]]}]}',
            "list of ints",
        ),
    ],
)
def test_bad_json_one_line_errors(doc, match):
    with pytest.raises(InvalidParameterError, match=match) as info:
        P.polynomials_from_json(doc)
    assert "\n" not in str(info.value)
