"""Exact invariants: Burau matrices, Alexander polynomials of closures (KnotInfo's values, and a
Seifert-matrix computation as an independent check), Garside's normal form against Burau on B_3,
and SnapPy's view of scrambled unknots and of the negative controls."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import sympy

from conjectura.domains.braids import (
    KNOWN_KNOTS,
    BraidState,
    burau_matrix,
    closure_alexander_polynomial,
    closure_link,
    left_normal_form,
    normal_form_word,
    random_unknot,
    same_braid,
    seifert_alexander_polynomial,
    unknot_cross_check,
)
from conjectura.exceptions import InvalidParameterError

t = sympy.Symbol("t")


def _snappy():
    try:
        import snappy
    except Exception as exc:  # missing, or broken by a partial Sage next to it
        pytest.skip(f"SnapPy is not importable here: {type(exc).__name__}: {exc}")
    return snappy


def _delta(n):
    return tuple(j for i in range(1, n) for j in range(1, n - i + 1))


def test_burau_generators():
    assert burau_matrix((1,), 2) == sympy.Matrix([[1 - t, t], [1, 0]])
    assert burau_matrix((-1,), 2) == sympy.Matrix([[0, 1], [1 / t, 1 - 1 / t]])
    assert burau_matrix((1,), 3, reduced=True) == sympy.Matrix([[-t, 1], [0, 1]])
    assert burau_matrix((2,), 3, reduced=True) == sympy.Matrix([[1, 0], [t, -t]])
    assert burau_matrix((2,), 4, reduced=True) == sympy.Matrix([[1, 0, 0], [t, -t, 1], [0, 0, 1]])
    for n in (2, 3, 4):
        for i in range(1, n):
            assert burau_matrix((i, -i), n) == sympy.eye(n)
            assert sympy.expand(burau_matrix((i,), n, reduced=True).det()) == -t


@pytest.mark.parametrize("n", [3, 4, 5])
def test_full_twist_is_central_scalar(n):
    """The full twist Delta^2 acts on the reduced Burau representation as t^n times the identity."""
    assert burau_matrix(_delta(n) * 2, n, reduced=True) == t**n * sympy.eye(n - 1)


@pytest.mark.parametrize("name", list(KNOWN_KNOTS))
def test_alexander_polynomials_of_known_knots(name):
    word, n, alex = KNOWN_KNOTS[name]
    assert closure_alexander_polynomial(word, n) == alex
    # an independent computation: det(V - t V^T) from spherogram's Seifert matrix
    pytest.importorskip("spherogram")
    assert seifert_alexander_polynomial(closure_link(word, n)) == alex


def test_alexander_polynomial_of_unknots_links_and_torus_knots():
    assert closure_alexander_polynomial((), 1) == (1,)
    assert closure_alexander_polynomial((1, 2, 3), 4) == (1,)
    assert closure_alexander_polynomial((1, -1), 2) == (0,)  # the 2-component unlink
    assert closure_alexander_polynomial((1, 1), 2) == (-1, 1)  # the Hopf link: t - 1, up to units
    # T(3, 4) = 8_19: (t^12 - 1)(t - 1) / ((t^3 - 1)(t^4 - 1)) = 1 - t + t^3 - t^5 + t^6
    assert closure_alexander_polynomial((1, 2) * 4, 3) == (1, -1, 0, 1, 0, -1, 1)


def test_normal_form_basics():
    assert left_normal_form(_delta(4), 4) == (1, ())
    assert left_normal_form((), 3) == (0, ())
    assert normal_form_word((-1, -2, -1), 3) == (-1, -2, -1)
    assert same_braid((1, 2, 1), (2, 1, 2), 3)
    assert not same_braid((1, 2), (2, 1), 3)
    assert same_braid((1, 3, -1), (3,), 4)
    # Delta^2 is central: conjugating by it changes nothing
    w = (1, -2, 3, 3, -1)
    d2 = _delta(4) * 2
    inv = tuple(-x for x in reversed(d2))
    assert same_braid(d2 + w + inv, w, 4)


def test_normal_form_decides_equality_like_faithful_burau_on_B3():
    """On B_3 the Burau representation is faithful, so equal matrices <=> equal braids: the
    normal form must agree with it on every pair, including many equal pairs."""
    rng = np.random.default_rng(0)
    words = []
    for _ in range(60):
        w = tuple(int(rng.integers(1, 3)) * int(rng.choice((-1, 1))) for _ in range(int(rng.integers(0, 7))))
        words.append(w)
        words.append(normal_form_word(w, 3))  # the same braid, another word
    forms = [left_normal_form(w, 3) for w in words]
    mats = [burau_matrix(w, 3, reduced=True) for w in words]
    equal_pairs = 0
    for i in range(len(words)):
        for j in range(i + 1, len(words)):
            same = forms[i] == forms[j]
            assert same == (mats[i] == mats[j]), (words[i], words[j])
            equal_pairs += same
    assert equal_pairs >= 60


def test_normal_form_word_is_the_same_braid_any_n():
    rng = np.random.default_rng(1)
    for _ in range(40):
        n = int(rng.integers(2, 7))
        w = tuple(int(rng.integers(1, n)) * int(rng.choice((-1, 1))) for _ in range(int(rng.integers(0, 12))))
        v = normal_form_word(w, n)
        assert left_normal_form(v, n) == left_normal_form(w, n)
        assert closure_alexander_polynomial(v, n) == closure_alexander_polynomial(w, n)
        assert not any(x == -y for x, y in itertools.pairwise(v))  # no free cancellation left


def test_closure_link_needs_the_top_generator():
    with pytest.raises(InvalidParameterError, match="must use the generator 3"):
        closure_link((1, 2), 4)


def test_snappy_sees_scrambled_unknots_as_unknots():
    _snappy()
    for n, L, seed in [(3, 20, 0), (4, 21, 1), (5, 30, 2)]:
        s = random_unknot(L, n, seed)
        out = unknot_cross_check(*s)
        assert out["components"] == 1 and out["alexander_burau"] == (1,) == out["alexander_seifert"]
        assert out["looks_unknotted"], out


def test_snappy_sees_negative_controls_as_knotted():
    snappy = _snappy()
    for name in ("3_1", "4_1", "11n34", "11n42"):
        word, n, _ = KNOWN_KNOTS[name]
        out = unknot_cross_check(word, n)
        assert not out["looks_unknotted"]
        assert out["pi1_generators"] >= 2  # a non-cyclic knot group
    # the Conway and Kinoshita-Terasaka knots: trivial Alexander polynomial, yet hyperbolic and
    # isometric to the census knots they are named for
    for name, census in (("11n34", "K11n34"), ("11n42", "K11n42"), ("4_1", "K4a1")):
        word, n, _ = KNOWN_KNOTS[name]
        M = closure_link(word, n).exterior()
        assert M.is_isometric_to(snappy.Manifold(census)), name


def test_cross_check_fields():
    _snappy()
    out = unknot_cross_check(*BraidState((1, 2, -1, 2), 3))
    assert set(out) == {
        "components",
        "alexander_burau",
        "alexander_seifert",
        "crossings",
        "simplified_crossings",
        "pi1_generators",
        "looks_unknotted",
    }
