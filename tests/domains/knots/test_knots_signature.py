"""The signature: exact inertia, SnapPy's sign convention, KnotInfo's table, torus knots."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from conjectura.domains.knots.signature import (
    inertia,
    inertia_ldl,
    knot_signature,
    seifert_signature,
    symmetric_signature,
)
from conjectura.exceptions import InvalidParameterError

snappy = pytest.importorskip("snappy")

# KnotInfo (https://knotinfo.math.indiana.edu, database_knotinfo 2026.11.2): name, braid
# notation, signature, three-genus. KnotInfo's convention: positive knots have negative
# signature (3_1 = closure of [1,1,1] has signature -2), SnapPy's since 3.0.
KNOTINFO = [
    ("3_1", [1, 1, 1], -2, 1),
    ("4_1", [1, -2, 1, -2], 0, 1),
    ("5_1", [1, 1, 1, 1, 1], -4, 2),
    ("5_2", [1, 1, 1, 2, -1, 2], -2, 1),
    ("6_2", [1, 1, 1, -2, 1, -2], -2, 2),
    ("7_4", [1, 1, 2, -1, 2, 2, 3, -2, 3], -2, 1),
    ("7_7", [-1, 2, -1, 2, -3, 2, -3], 0, 2),
    ("8_2", [1, 1, 1, 1, 1, -2, 1, -2], -4, 3),
    ("8_5", [1, 1, 1, -2, 1, 1, 1, -2], -4, 3),
    ("8_10", [-1, -1, -1, 2, -1, -1, 2, 2], 2, 3),
    ("8_15", [1, 1, -2, 1, 3, 2, 2, 2, 3], -4, 2),
    ("8_19", [1, 1, 1, 2, 1, 1, 1, 2], -6, 3),
    ("8_20", [1, 1, 1, -2, -1, -1, -1, -2], 0, 2),
    ("8_21", [1, 1, 1, 2, -1, -1, 2, 2], -2, 2),
    ("9_1", [1, 1, 1, 1, 1, 1, 1, 1, 1], -8, 4),
    ("9_35", [1, 1, 2, -1, 2, 2, 3, -2, -2, 4, -3, 2, 4, 3], -2, 1),
    ("9_42", [-1, -1, -1, 2, 1, 1, -3, 2, -3], 2, 2),
    ("9_46", [-1, 2, -1, 2, -3, -2, 1, -2, -3], 0, 1),
    ("10_124", [1, 1, 1, 1, 1, 2, 1, 1, 1, 2], -8, 4),
    ("10_128", [1, 1, 1, 2, 1, 1, 2, 2, 3, -2, 3], -6, 3),
    ("10_132", [1, 1, 1, -2, -1, -1, -2, -3, 2, -3, -3], 0, 2),
    ("10_139", [1, 1, 1, 1, 2, 1, 1, 1, 2, 2], -6, 4),
    ("10_145", [-1, -1, -2, 1, -2, -1, -3, -2, 1, -2, -3], 2, 2),
    ("10_152", [1, 1, 1, 2, 2, 1, 1, 2, 2, 2], -6, 4),
    ("10_153", [-1, -1, -1, -2, -1, -1, 3, 2, 2, 2, 3], 0, 3),
    ("10_161", [1, 1, 1, 2, -1, 2, 1, 1, 2, 2], -4, 3),
    ("11n_34", [-1, -1, 2, -1, 2, -1, 3, -2, -2, 3, 3], 0, 3),
]


def _brute_inertia(A):
    """A third, independent count: the number of zero eigenvalues is n - rank (exact, sympy);
    the others are classified by the sign of the floating eigenvalues, which for these small
    integer matrices lie far from 0 (the nonzero ones are at least about 1/det-size away)."""
    A = np.asarray(A, dtype=float)
    import sympy

    rank = sympy.Matrix(A.astype(int).tolist()).rank()
    ev = np.linalg.eigvalsh(A)
    order = np.argsort(np.abs(ev))
    zero = set(order[: len(ev) - rank].tolist())
    pos = sum(1 for i, e in enumerate(ev) if i not in zero and e > 0)
    neg = sum(1 for i, e in enumerate(ev) if i not in zero and e < 0)
    return pos, neg, len(ev) - rank


def test_inertia_matches_ldl_and_eigenvalues_on_random_symmetric_matrices():
    rng = np.random.default_rng(0)
    for trial in range(60):
        n = int(rng.integers(1, 9))
        B = rng.integers(-3, 4, size=(n, n))
        A = B + B.T
        if trial % 3 == 0:  # rank-deficient: a Gram matrix of fewer vectors
            C = rng.integers(-2, 3, size=(n, max(1, n - 2)))
            A = C @ np.diag(rng.choice([-1, 1], size=C.shape[1])) @ C.T
        if trial % 5 == 0:  # zero diagonal forces the row-addition branch of the LDL
            np.fill_diagonal(A, 0)
        a, b = inertia(A.tolist()), inertia_ldl(A.tolist())
        assert a == b == _brute_inertia(A), A


def test_inertia_of_known_forms():
    assert inertia([[0, 1], [1, 0]]) == (1, 1, 0)  # hyperbolic plane
    E8 = [[2 if i == j else 0 for j in range(8)] for i in range(8)]
    for i, j in [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (2, 7)]:
        E8[i][j] = E8[j][i] = -1
    assert inertia(E8) == (8, 0, 0)
    assert symmetric_signature([[-x for x in r] for r in E8]) == -8
    assert inertia([[0, 0], [0, 0]]) == (0, 0, 2)
    assert inertia([]) == (0, 0, 0)


def test_bad_matrices_are_clear_errors():
    with pytest.raises(InvalidParameterError, match="symmetric"):
        inertia([[1, 2], [3, 4]])
    with pytest.raises(InvalidParameterError, match="square"):
        inertia([[1, 2], [3]])
    with pytest.raises(InvalidParameterError, match="integer"):
        inertia([[Fraction(1, 2), 0], [0, 1]])
    with pytest.raises(InvalidParameterError, match="square matrix of integers"):
        seifert_signature([["a"]])


def test_rolfsen_right_handed_trefoil_seifert_matrix():
    # V_ij = lk(a_i, a_j^+) for the right-handed trefoil in Rolfsen's convention
    assert seifert_signature([[-1, 1], [0, -1]]) == -2


def test_snappy_convention_positive_knots_negative():
    """SnapPy documents: Link(braid_closure=[1,2,1,2,1,2,1,2]).signature() == -6 (T(3,4))."""
    L = snappy.Link(braid_closure=[1, 2, 1, 2, 1, 2, 1, 2])
    assert all(c.sign == 1 for c in L.crossings)
    assert knot_signature(L) == -6
    rh = snappy.Link(braid_closure=[1, 1, 1])
    assert all(c.sign == 1 for c in rh.crossings)
    assert knot_signature(rh) == -2
    assert knot_signature(snappy.Link(braid_closure=[-1, -1, -1])) == 2
    assert knot_signature(snappy.Link("4_1")) == 0
    assert knot_signature(snappy.Link("K3a1")) in (-2, 2)


@pytest.mark.parametrize("name,braid,sigma,genus", KNOTINFO, ids=[k[0] for k in KNOTINFO])
def test_signature_and_genus_match_knotinfo(name, braid, sigma, genus):
    L = snappy.Link(braid_closure=braid)
    assert knot_signature(L) == sigma
    assert knot_signature(L.mirror()) == -sigma
    assert L.knot_floer_homology()["seifert_genus"] == genus
    # signature is a concordance invariant bounded by the genus: |sigma| <= 2g
    assert abs(sigma) <= 2 * genus


def test_signature_is_a_knot_invariant_across_diagrams():
    rng = np.random.default_rng(1)
    for _, braid, sigma, _ in KNOTINFO[::4]:
        L = snappy.Link(braid_closure=braid)
        for _ in range(2):
            K = L.copy()
            K.backtrack(int(rng.integers(5, 15)))  # random Reidemeister moves up
            assert knot_signature(K) == sigma


def _torus_signature(p: int, q: int) -> int:
    """Brieskorn/Hirzebruch lattice count: sigma(T(p,q)) = -(N_in - N_out), where N_in counts
    (i, j), 0<i<p, 0<j<q, with 1/2 < i/p + j/q < 3/2 (positive torus knot, SnapPy's sign).
    Gordon-Litherland-Murasugi, Canad. J. Math. 33 (1981), doi:10.4153/CJM-1981-028-8."""
    n_in = n_out = 0
    for i in range(1, p):
        for j in range(1, q):
            x = Fraction(i, p) + Fraction(j, q)
            assert x not in (Fraction(1, 2), Fraction(3, 2))
            if Fraction(1, 2) < x < Fraction(3, 2):
                n_in += 1
            else:
                n_out += 1
    return -(n_in - n_out)


@pytest.mark.parametrize("p,q", [(2, 3), (2, 5), (2, 9), (3, 4), (3, 5), (3, 7), (4, 5), (5, 6)])
def test_torus_knots_against_lattice_point_formula(p, q):
    assert math.gcd(p, q) == 1
    word = list(range(1, p)) * q  # (sigma_1 ... sigma_{p-1})^q closes to T(p, q)
    L = snappy.Link(braid_closure=word)
    assert len(L.link_components) == 1
    assert knot_signature(L) == _torus_signature(p, q)


def test_links_are_rejected():
    with pytest.raises(InvalidParameterError, match="one component"):
        knot_signature(snappy.Link(braid_closure=[1, 1]))  # Hopf link
