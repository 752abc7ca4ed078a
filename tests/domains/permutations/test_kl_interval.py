"""The single-interval engine (Dyer's R-polynomial paths on the Bruhat graph) against the
all-pairs table (the classical recursion) and against Coxeter 3."""

import sys
from pathlib import Path

import numpy as np
import pytest

from conjectura.domains.permutations import (
    bruhat_graph,
    kl_interval,
    kl_mu,
    kl_polynomial,
    kl_table,
    random_intervals,
)
from conjectura.exceptions import InvalidParameterError

sys.path.insert(0, str(Path(__file__).parent))
from kl_reference import Coxeter3


def _agree(n, k, seed):
    T = kl_table(n)
    for x, w in random_intervals(n, k, seed=seed):
        I = kl_interval(x, w)
        xi = T.indices(I.elements)
        wi = np.full(len(xi), T.index(w))
        ids = T.poly_ids(xi, wi)
        assert np.all(ids >= 0)
        width = max(I.coefficients.shape[1], T.coefficients.shape[1])
        got = np.zeros((I.size, width), dtype=np.int64)
        got[:, : I.coefficients.shape[1]] = I.coefficients
        want = np.zeros_like(got)
        want[:, : T.coefficients.shape[1]] = T.coefficients[ids]
        assert np.array_equal(got, want), (x, w)
        assert I.mu == T.mu(x, w)


@pytest.mark.parametrize(("n", "k"), [(4, 30), (5, 60), (6, 60), (7, 25)])
def test_interval_engine_agrees_with_the_table(n, k):
    _agree(n, k, seed=n)


@pytest.mark.slow
def test_interval_engine_agrees_with_the_table_on_S8():
    _agree(8, 40, seed=8)


def test_interval_object():
    I = kl_interval((1, 3, 2, 4), (3, 4, 1, 2))
    assert (I.x, I.w, I.size, I.length, I.poly, I.mu) == ((1, 3, 2, 4), (3, 4, 1, 2), 10, 3, (1, 1), 1)
    G = I.graph()
    H = bruhat_graph((1, 3, 2, 4), (3, 4, 1, 2))
    assert set(G.edges) == set(H.edges) and G.number_of_nodes() == 10
    assert I.graph(covers_only=True).number_of_edges() == 16  # ranks 1, 4, 4, 1
    assert str(kl_polynomial((1, 2, 3, 4, 5, 6), (4, 5, 6, 1, 2, 3))) == "x^3 + 4*x^2 + 4*x + 1"
    assert str(kl_polynomial((2, 1), (1, 2))) == "0" and kl_mu((2, 1), (1, 2)) == 0


def test_S9_interval_of_length_at_least_15():
    [(x, w)] = random_intervals(9, 1, min_length=16, max_length=16, seed=5)
    I = kl_interval(x, w)
    assert I.length == 16 and I.size > 1000
    p = I.coefficients
    assert np.all(p >= 0) and np.all(p[:, 0] == 1)  # positivity, P(0) = 1 on the whole interval


@pytest.mark.parametrize(
    ("x", "w"),
    [
        ((2, 1, 3), (1, 3, 2)),  # not x <= w
        ((1, 2, 3), (1, 2)),
        ((1, 1, 3), (3, 2, 1)),
        (tuple(range(1, 12)), tuple(range(11, 0, -1))),  # n = 11
    ],
)
def test_bad_intervals(x, w):
    with pytest.raises(InvalidParameterError):
        kl_interval(x, w)


@pytest.mark.slow
def test_against_coxeter3():
    pytest.importorskip("sage.libs.coxeter3.coxeter", reason="needs passagemath-coxeter3")
    rng = np.random.default_rng(0)
    for n, k in ((7, 3000), (8, 3000)):
        C, T = Coxeter3(n), kl_table(n)
        xi = rng.integers(0, T.order, size=k)
        # half the sample below w, so most pairs are comparable
        for a, b in zip(xi[: k // 2].tolist(), rng.integers(0, T.order, size=k // 2).tolist()):
            lo, hi = T.indptr[b], T.indptr[b + 1]
            x, w = T.elements[T.cols[rng.integers(lo, hi)]], T.elements[b]
            assert T.poly(x, w) == C.poly(x, w) and T.mu(x, w) == C.mu(x, w)
            x2 = T.elements[a]
            assert T.poly(x2, w) == C.poly(x2, w)
    C = Coxeter3(9)
    for x, w in random_intervals(9, 3, min_length=15, max_length=17, seed=9):
        I = kl_interval(x, w)
        sample = np.random.default_rng(1).choice(I.size, size=min(I.size, 60), replace=False)
        for a in sample.tolist():
            assert I.poly_at(a) == C.poly(tuple(I.elements[a]), w)
            assert I.mu_at(a) == C.mu(tuple(I.elements[a]), w)
