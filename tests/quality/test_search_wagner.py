"""Quality: the search rediscovers known counterexamples (Wagner 2021; Hansen-Vukicevic 2007)."""

import networkx as nx
import pytest
from typer.testing import CliRunner

import conjectura as cj


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_local_refutes_wagner_2_1_on_19_vertices(seed):
    res = cj.search("graphs/wagner-2.1", "local", problem_params={"n": 19}, budget="240s", seed=seed)
    assert res.found, res.to_dict()
    W = res.witness
    # Wagner's counterexamples are trees with matching number 2 (two stars joined through a path)
    v = res.certificate.verify()
    assert v.holds and v.values["matching_number"] == 2
    assert nx.is_tree(W) and W.number_of_nodes() <= 19


@pytest.mark.slow
def test_demo_searches_and_certifies(home, tmp_path):
    from conjectura.cli.app import _assemble, app

    _assemble()
    out = tmp_path / "demo.json"
    r = CliRunner().invoke(app, ["demo", "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "re-verified" in r.output and "True" in r.output
    assert cj.Certificate.load(out).problem_name == "graphs/wagner-2.1"


def test_zagreb_counterexample_is_the_known_one():
    res = cj.search("graphs/zagreb-indices", "local", problem_params={"n": 9}, budget="20000e", seed=1)
    assert res.found
    W = res.witness
    comps = sorted((c for c in nx.connected_components(W)), key=len)
    assert [len(c) for c in comps] == [3, 6]
    assert nx.is_isomorphic(W.subgraph(comps[0]), nx.complete_graph(3))
    assert nx.is_isomorphic(W.subgraph(comps[1]), nx.star_graph(5))
