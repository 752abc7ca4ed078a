"""Kazhdan-Lusztig polynomials of all pairs of S_n against published counts, identities and an
independent Hecke-algebra implementation.

The counts are those of Davies et al. (Nature 2021) and of Warrington's and du Cloux's tables:
comparable pairs 19, 213, 3781, 98407, 3550919, 170288585 (OEIS A007767), pairs with P != 1,
the largest coefficient and the largest mu-coefficient.
"""

import sys
from pathlib import Path

import numpy as np
import pytest

from conjectura.domains.permutations import kl_table, symmetric_group
from conjectura.exceptions import InvalidParameterError

sys.path.insert(0, str(Path(__file__).parent))
from kl_reference import hecke_kl_polynomials

KNOWN = {  # n: (comparable pairs, pairs with P != 1, largest coefficient, largest mu)
    3: (19, 0, 1, 1),
    4: (213, 6, 1, 1),
    5: (3781, 394, 2, 1),
    6: (98407, 22152, 4, 1),
    7: (3550919, 1319412, 15, 1),
}


@pytest.mark.parametrize("n", sorted(KNOWN))
def test_known_counts(n):
    s = kl_table(n).summary()
    assert (s["pairs"], s["pairs_P_not_1"], s["max_coefficient"], s["max_mu"]) == KNOWN[n]


def test_S7_coefficient_of_q_distribution():
    c1 = kl_table(7).coefficient(1)
    assert np.bincount(c1).tolist()[1:] == [826368, 333184, 100136, 23596, 4040, 912]


@pytest.mark.parametrize("n", [3, 4, 5, 6, 7])
def test_identities_on_every_pair(n):
    T = kl_table(n)
    C = T.coefficients[T.vals]  # (pairs, d)
    w = np.repeat(np.arange(T.order), np.diff(T.indptr))
    x = T.cols.astype(np.int64)
    L = T.lengths[w].astype(np.int64) - T.lengths[x]
    assert np.all(C >= 0)  # positivity (Elias-Williamson)
    assert np.all(C[:, 0] == 1)  # P_{x,w}(0) = 1, so P(1) >= 1
    assert np.all(C.sum(axis=1) >= 1)
    deg = np.where(C.any(axis=1), C.shape[1] - 1 - np.argmax(C[:, ::-1] != 0, axis=1), -1)
    assert np.all(deg[L > 0] <= (L[L > 0] - 1) // 2)
    assert np.all(T.vals[L <= 2] == 0)  # intervals of length <= 2: P = 1
    if n == 3:
        assert np.all(T.vals == 0)
    inv, conj = T.tables["inv"], T.tables["conj"]
    # vectorised symmetry check on every pair: sort the images and compare with the table
    for phi in (inv, conj, conj[inv]):
        px, pw = phi[x], phi[w]
        order = np.lexsort((px, pw))
        assert np.array_equal(pw[order], w) and np.array_equal(px[order], x)
        assert np.array_equal(T.vals[order], T.vals)


@pytest.mark.parametrize("n", [3, 4, 5])
def test_every_pair_against_the_hecke_algebra(n):
    T = kl_table(n)
    H = hecke_kl_polynomials(n)
    assert len(H) == T.n_pairs
    for (x, w), p in H.items():
        assert T.poly(x, w) == p
        l = sum(w[i] > w[j] for i in range(n) for j in range(i + 1, n)) - sum(
            x[i] > x[j] for i in range(n) for j in range(i + 1, n)
        )
        mu = p[(l - 1) // 2] if l % 2 == 1 and (l - 1) // 2 < len(p) else 0
        assert T.mu(x, w) == mu


def test_symmetry_shortcut_changes_nothing():
    a, b = kl_table(6, use_symmetry=True), kl_table(6, use_symmetry=False)
    assert np.array_equal(a.coefficients[a.vals], b.coefficients[b.vals])
    assert np.array_equal(a.mu_indptr, b.mu_indptr) and np.array_equal(a.mu_x, b.mu_x)
    assert np.array_equal(a.mu_value, b.mu_value)


def test_lookups_and_chunks():
    T = kl_table(5)
    e, w0 = (1, 2, 3, 4, 5), (5, 4, 3, 2, 1)
    assert T.poly(e, w0) == (1,) and T.poly(w0, e) == () and T.mu(e, w0) == 0
    assert T.poly(e, (4, 5, 3, 1, 2)) == (1, 0, 1)
    assert str(T.polynomial(e, (3, 4, 5, 1, 2))) == "2*x + 1"
    assert T.index(symmetric_group(5)[17]) == 17
    chunks = list(T.iter_pairs(chunk_size=500))
    assert sum(len(c) for c in chunks) == T.n_pairs and len(chunks) > 5
    x = np.concatenate([c.x for c in chunks])
    w = np.concatenate([c.w for c in chunks])
    assert np.array_equal(T.poly_ids(x, w), np.concatenate([c.poly_id for c in chunks]).astype(np.int64))
    [long] = list(T.iter_pairs(chunk_size=10**6, min_length=3))
    assert np.all(long.length >= 3) and len(long) == int(np.sum(T.lengths[w] - T.lengths[x] >= 3))


def test_interval_chunks_for_dataset_builders():
    T = kl_table(5)
    chunks = list(T.iter_intervals(700, min_length=3))
    assert sum(len(c) for c in chunks) == 2439  # intervals of S_5 of length >= 3
    c = chunks[0]
    r = len(c) // 2
    els, lens, edges, labels = c.graphs[r]
    assert tuple(els[0]) == tuple(c.x[r]) and tuple(els[-1]) == tuple(c.w[r])
    assert lens[-1] - lens[0] == c.length[r]
    assert np.all(lens[edges[:, 1]] > lens[edges[:, 0]]) and np.all(labels[:, 0] < labels[:, 1])
    p = tuple(int(v) for v in np.trim_zeros(c.coefficients[r], "b"))
    assert p == T.poly(c.x[r], c.w[r])
    assert next(T.iter_intervals(100, graphs=False)).graphs is None


@pytest.mark.parametrize("n", [0, 9, "7"])
def test_out_of_range_n(n):
    with pytest.raises(InvalidParameterError, match="'n' parameter of kl_table"):
        kl_table(n)


def test_lookup_of_a_non_permutation_is_a_clear_error():
    with pytest.raises(InvalidParameterError):
        kl_table(4).poly((1, 2, 2, 4), (4, 3, 2, 1))
    with pytest.raises(InvalidParameterError):
        kl_table(4).poly((1, 2, 3), (3, 2, 1))


@pytest.mark.slow
def test_S8_all_pairs():
    T = kl_table(8)
    s = T.summary()
    assert s["pairs"] == 170288585
    assert s["max_mu"] == 1  # mu in {0, 1} for n <= 9 (McLarnan-Warrington 2003)
    assert T.vals.dtype == np.uint16 and T.cols.dtype == np.uint16
    C = T.coefficients
    assert np.all(C >= 0) and np.all(C[:, 0] == 1)
