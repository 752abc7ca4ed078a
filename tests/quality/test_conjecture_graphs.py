"""Conjecturing on all connected graphs with 3..8 vertices (12111, built in the test's home):

* known theorems are proposed and survive the search on 9 and 10 vertices: Gallai's
  n - 2 mu <= alpha <= n - mu (from alpha + tau = n and mu <= tau <= 2 mu) and the Caro-Wei bound
  alpha >= sum 1/(d_v + 1);
* a false bound that holds on every graph up to 8 vertices is refuted on 9 with a certificate
  that re-verifies: alpha >= 2n - 2 mu - 7, proposed by the LP itself from (n, mu) (the star
  K_{1,8} has alpha = 8 < 2*9 - 2 - 7 = 9).
"""

import pytest

from conjectura.conjecturing import conjecture
from conjectura.core.certificate import Certificate

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("CONJECTURA_HOME", str(tmp_path_factory.mktemp("home")))
    yield tmp_path_factory.mktemp("out")
    mp.undo()


def _run(features, out):
    return conjecture(
        "graphs/small-connected",
        target="independence_number",
        features=features,
        symbolic=False,
        sizes=(9, 10),
        budget="3s",
        out=out,
    )


def test_gallai_bounds_survive_and_a_false_lp_bound_is_refuted(home):
    res = _run(["order", "matching_number"], home)
    by = {c.relation: c for c in res}
    upper = by["independence_number <= order - matching_number"]
    lower = by["independence_number >= order - 2*matching_number"]
    assert upper.n_tested == lower.n_tested == 12111
    assert upper.status == lower.status == "survived"
    false = by["independence_number >= 2*order - 2*matching_number - 7"]
    assert false.status == "refuted" and false.search["witness_n"] == 9
    cert = Certificate.load(false.search["certificate_file"])
    v = cert.verify()
    assert v.holds and v.values["relation_sign"] == -1


def test_caro_wei_bound_survives(home):
    res = _run(["caro_wei"], home)
    cw = next(c for c in res if c.relation == "independence_number >= caro_wei")
    assert cw.status == "survived" and cw.n_tight == 6  # the complete graphs K_3 .. K_8
