"""Known curves of Cremona's table: conductors, ranks, root numbers, torsion, first a_p."""

import pytest

pytest.importorskip("cypari")

from conjectura.domains.curves import invariants as inv
from conjectura.domains.curves.table import curve, isogeny_classes, parse_conductor_range
from conjectura.exceptions import InvalidParameterError, UnknownNameError

# Literature values (Cremona's tables; LMFDB 11.a2, 37.a1, 389.a1, 5077.a1): the smallest
# conductors of rank 0, 1, 2, 3, with the q-expansion coefficients a_2, a_3, a_5, a_7, a_11.
KNOWN = {
    "11a1": dict(
        conductor=11,
        ainvs=[0, -1, 1, -10, -20],
        rank=0,
        root_number=1,
        torsion=5,
        ap=[-2, -1, 1, -2, 1, 4, -2, 0, -1, 0],
    ),
    "37a1": dict(
        conductor=37,
        ainvs=[0, 0, 1, -1, 0],
        rank=1,
        root_number=-1,
        torsion=1,
        ap=[-2, -3, -2, -1, -5, -2, 0, 0, 2, 6],
    ),
    "389a1": dict(
        conductor=389, ainvs=[0, 1, 1, -2, 0], rank=2, root_number=1, torsion=1, ap=[-2, -2, -3, -5, -4]
    ),
    "5077a1": dict(
        conductor=5077, ainvs=[0, 0, 1, -7, 6], rank=3, root_number=-1, torsion=1, ap=[-2, -3, -4, -4, -6]
    ),
}


@pytest.mark.parametrize("label", sorted(KNOWN))
def test_known_curve_from_table(label):
    want = KNOWN[label]
    E = curve(label, primes=len(want["ap"]))
    assert E["label"] == label
    assert E["conductor"] == want["conductor"]
    assert E["ainvs"] == want["ainvs"]
    assert E["rank"] == want["rank"] == len(E["generators"])
    assert E["root_number"] == want["root_number"] == (-1) ** want["rank"]
    assert E["torsion"] == want["torsion"]
    assert E["ap"] == want["ap"]


@pytest.mark.parametrize("label", sorted(KNOWN))
def test_invariants_agree_with_independent_computations(label, brute_ap):
    want = KNOWN[label]
    a = want["ainvs"]
    # Tate's algorithm gives the conductor the label claims
    assert inv.conductor(a) == want["conductor"]
    # a_p = p + 1 - #E(F_p) by brute-force point counting at the good primes below 60
    primes = inv.first_primes(17)
    ap = inv.ap_vector(a, 17)
    for p, v in zip(primes, ap):
        if want["conductor"] % p:
            assert v == brute_ap(a, p), (label, p)
    # the analytic rank (order of vanishing of L(E, s) at 1) equals the table's rank
    assert inv.analytic_rank(a) == want["rank"]
    assert inv.root_number(a) == want["root_number"]
    assert inv.torsion_order(a) == want["torsion"]


def test_discriminant_is_exact():
    assert inv.discriminant([0, -1, 1, -10, -20]) == -(11**5)
    assert inv.discriminant([0, 0, 1, -1, 0]) == 37
    assert inv.discriminant([0, 0, 1, -7, 6]) == 5077


def test_isogeny_classes_one_curve_per_class():
    got = [(c["label"], c["rank"]) for c in isogeny_classes("11:40")]
    assert got[:3] == [("11a1", 0), ("14a1", 0), ("15a1", 0)]
    assert ("37a1", 1) in got and ("37b1", 0) in got
    assert all(lab.endswith("1") for lab, _ in got)
    assert len({lab.rstrip("0123456789") for lab, _ in got}) == len(got)


def test_unknown_and_malformed_labels_fail_clearly():
    with pytest.raises(UnknownNameError, match="no such curve.*11a"):
        curve("11z1")
    with pytest.raises(UnknownNameError, match="no such curve"):
        curve("11a9")
    with pytest.raises(InvalidParameterError, match="Cremona curve label"):
        curve("eleven")
    with pytest.raises(InvalidParameterError, match="beyond Cremona's table"):
        curve("600000a1")


def test_conductor_ranges_are_checked():
    assert parse_conductor_range("7500:10000") == (7500, 10000)
    assert parse_conductor_range("389") == (389, 389)
    with pytest.raises(InvalidParameterError, match="empty"):
        parse_conductor_range("100:50")
    with pytest.raises(InvalidParameterError, match="beyond Cremona's table"):
        parse_conductor_range("1:600000")
    with pytest.raises(InvalidParameterError, match="must be a range"):
        parse_conductor_range("1-100")
    with pytest.raises(InvalidParameterError, match=">= 1"):
        parse_conductor_range("0:100")


def test_bad_ainvs_fail_clearly():
    with pytest.raises(InvalidParameterError, match="discriminant 0"):
        inv.root_number([0, 0, 0, 0, 0])
    with pytest.raises(InvalidParameterError, match="five integers"):
        inv.ap_vector([0, 0, 1], 5)
    with pytest.raises(InvalidParameterError, match="'k' parameter"):
        inv.ap_vector([0, 0, 1, -1, 0], 0)


def test_doctests_of_the_domain():
    import doctest

    from conjectura.domains.curves import build, invariants, murmurations, rootnumber, table

    for mod in (invariants, table, rootnumber, murmurations, build):
        res = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
        assert res.failed == 0, mod.__name__
