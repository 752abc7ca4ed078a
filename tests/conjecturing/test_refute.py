"""refute(): bounds proposed on the connected graphs with at most 6 vertices are attacked on 7
vertices; refutations carry certificates that re-verify, the others are reported as surviving."""

import pytest
import typer
from typer.testing import CliRunner

from conjectura.conjecturing import conjecture
from conjectura.conjecturing.results import REFUTED, SURVIVED
from conjectura.core.certificate import Certificate


@pytest.fixture(scope="module")
def refuted(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("CONJECTURA_HOME", str(tmp_path_factory.mktemp("home")))
    out = tmp_path_factory.mktemp("out")
    res = conjecture(
        "graphs/small-connected",
        params={"max_n": 6},
        target="independence_number",
        max_complexity=1,
        symbolic=False,
        sizes=(7,),
        budget="3000e",
        max_conjectures=5,
        out=out,
    )
    yield res, out
    mp.undo()


def test_every_bound_gets_a_verdict(refuted):
    res, _ = refuted
    assert {c.status for c in res} <= {REFUTED, SURVIVED} and len(res) >= 4
    for c in res:
        if c.status == SURVIVED:
            assert c.verdict().startswith("survived") and c.verdict().endswith("not proved")
            assert c.search["sizes"] == [7] and c.search["evaluations"] >= 3000


def test_refutations_are_certified_and_reverify(refuted):
    from conjectura.cli.certificates import register

    res, out = refuted
    bad = [c for c in res if c.status == REFUTED]
    assert bad, [c.relation for c in res]
    app = typer.Typer()
    register(app)
    for c in bad:
        cert = Certificate.load(c.search["certificate_file"])
        assert cert.params["relation"] == c.relation
        assert cert.witness.number_of_nodes() == 7  # the bound holds on every graph up to 6 vertices
        r = CliRunner().invoke(app, ["verify", c.search["certificate_file"]])
        assert r.exit_code == 0, r.output
    html = (out / "report.html").read_text()
    assert "Refutations" in html and bad[0].relation.replace("<", "&lt;").replace(">", "&gt;") in html


def test_an_interrupt_keeps_the_verdicts_already_reached(refuted):
    import dataclasses

    import conjectura as cj
    from conjectura.conjecturing import refute

    done, _ = refuted
    fresh = [dataclasses.replace(c, status="not searched", search={}, certificate=None) for c in done]
    res = dataclasses.replace(done, conjectures=fresh)
    calls = []

    def problem(relation, n):  # Ctrl-C while the second bound is being set up
        calls.append(relation)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return cj.get_problem("graphs/bound", relation=relation, n=n)

    with pytest.raises(KeyboardInterrupt):
        refute(res, problem=problem, sizes=(7,), budget="600e")
    assert res[0].status in (REFUTED, SURVIVED) and res[0].search["evaluations"] >= 600
    assert all(c.status == "not searched" for c in res.conjectures[1:])
