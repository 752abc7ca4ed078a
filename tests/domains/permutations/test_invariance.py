"""Combinatorial invariance checked exactly on S_4..S_6, and the verifiers of its witnesses."""

import numpy as np
import pytest

from conjectura.domains.permutations import (
    InvarianceViolation,
    check_interval_isomorphism,
    check_invariance_violation,
    combinatorial_invariance,
    interval_isomorphism,
    kl_table,
)
from conjectura.exceptions import InvalidParameterError

# measured with nauty and VF2 (they agree for n <= 5): intervals of length >= 3, classes;
# S_7 (slow test below): 3,399,985 intervals in 48,928 classes
RESULTS = {4: (68, 11), 5: (2439, 88), 6: (84745, 1517)}


def _pairs_of_length_at_least(n, k):
    T = kl_table(n)
    w = np.repeat(np.arange(T.order), np.diff(T.indptr))
    return int(np.sum(T.lengths[w] - T.lengths[T.cols] >= k))


@pytest.mark.parametrize("n", [4, 5, 6])
def test_every_class_has_one_polynomial(n):
    r = combinatorial_invariance(n)
    assert r.holds and r.violations == () and r.symmetry_failures == 0
    assert (r.intervals, r.classes) == RESULTS[n]
    assert r.intervals == _pairs_of_length_at_least(n, 3)
    assert r.buckets <= r.classes <= r.representatives <= r.intervals
    assert sum(v["intervals"] for v in r.by_length.values()) == r.intervals
    assert sum(v["classes"] for v in r.by_length.values()) == r.classes
    big = r.largest_class
    assert big["intervals"] == max(1, big["intervals"]) and big["length"] == 3
    d = r.to_dict()
    assert d["holds"] is True and d["classes"] == RESULTS[n][1]
    assert "isomorphism classes" in r.table()


@pytest.mark.slow
def test_S7_every_class_has_one_polynomial():
    r = combinatorial_invariance(7)  # about ten minutes of CPU
    assert r.holds and (r.intervals, r.classes) == (3399985, 48928)
    assert r.intervals == _pairs_of_length_at_least(7, 3)
    assert r.largest_class["intervals"] == 286108 and r.largest_class["size"] == 16  # Boolean lattice B_4


def test_nauty_and_vf2_agree():
    pytest.importorskip("pynauty")
    for n in (4, 5):
        a = combinatorial_invariance(n, method="nauty")
        b = combinatorial_invariance(n, method="networkx")
        assert (a.intervals, a.buckets, a.classes, a.by_length) == (
            b.intervals,
            b.buckets,
            b.classes,
            b.by_length,
        )


def test_min_length_one_counts_every_nontrivial_interval():
    r = combinatorial_invariance(4, min_length=1)
    assert r.intervals == 213 - 24 and r.holds
    assert r.by_length[1]["classes"] == 1 and r.by_length[2]["classes"] == 1  # chains and diamonds


def test_isomorphisms_are_found_and_checked():
    e = (1, 2, 3, 4)
    for method in ("networkx", "nauty"):
        if method == "nauty":
            pytest.importorskip("pynauty")
        m = interval_isomorphism(e, (2, 3, 4, 1), e, (4, 1, 2, 3), method=method)
        assert m is not None and check_interval_isomorphism(e, (2, 3, 4, 1), e, (4, 1, 2, 3), m).holds
        # [e, 3412] has 14 elements, [e, 4231] has 20
        assert interval_isomorphism(e, (3, 4, 1, 2), e, (4, 2, 3, 1), method=method) is None
    # a bijection that breaks a covering relation is rejected
    m = interval_isomorphism(e, (2, 3, 4, 1), e, (4, 1, 2, 3))
    keys = sorted(m)
    bad = dict(m)
    bad[keys[1]], bad[keys[-2]] = m[keys[-2]], m[keys[1]]
    v = check_interval_isomorphism(e, (2, 3, 4, 1), e, (4, 1, 2, 3), bad)
    assert not v.holds and "not preserved" in v.reason
    short = dict(list(m.items())[:-1])
    assert not check_interval_isomorphism(e, (2, 3, 4, 1), e, (4, 1, 2, 3), short).holds
    assert not check_interval_isomorphism((2, 1, 3), (1, 2, 3), (1, 2, 3), (3, 2, 1), {}).holds
    assert not check_interval_isomorphism("x", (1, 2, 3), (1, 2, 3), (3, 2, 1), {}).holds


def test_the_violation_verifier_rejects_what_is_not_a_counterexample():
    # two isomorphic length-3 intervals with 4 atoms, both with P = 1 + q
    x1, w1, x2, w2 = (1, 3, 2, 4, 5), (3, 4, 1, 2, 5), (1, 2, 4, 3, 5), (1, 4, 5, 2, 3)
    m = interval_isomorphism(x1, w1, x2, w2)
    assert m is not None
    T = kl_table(5)
    p1, p2 = T.poly(x1, w1), T.poly(x2, w2)
    assert p1 == p2 == (1, 1)
    honest = InvarianceViolation(x1, w1, x2, w2, tuple(sorted(m.items())), p1, p2)
    v = check_invariance_violation(honest)
    assert not v.holds and "isomorphic but both polynomials" in v.reason
    assert v.values["poly1"] == [1, 1]
    lied = InvarianceViolation(x1, w1, x2, w2, tuple(sorted(m.items())), p1, (1, 7))
    assert "stated polynomials" in check_invariance_violation(lied).reason
    assert check_invariance_violation(InvarianceViolation.from_dict(honest.to_dict())).reason == v.reason
    assert "malformed" in check_invariance_violation({"x1": [1, 2]}).reason
    no_map = InvarianceViolation(x1, w1, x2, w2, (), (1, 1), (1, 2))
    assert "not an isomorphism" in check_invariance_violation(no_map).reason


@pytest.mark.parametrize(
    "kwargs",
    [{"n": 0}, {"n": 9}, {"n": 5, "min_length": 0}, {"n": 5, "method": "bliss"}],
)
def test_bad_parameters(kwargs):
    with pytest.raises(InvalidParameterError):
        combinatorial_invariance(**kwargs)
