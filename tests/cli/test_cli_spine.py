"""The spine's commands: verify, certify, demo, runs, show, problems; --json and exit codes."""

import json

import networkx as nx
import pytest
from typer.testing import CliRunner

import conjectura as cj
from conjectura.cli.app import _assemble, app
from conjectura.domains.graphs import to_graph6, wagner_2_1_counterexample

_assemble()
runner = CliRunner()


@pytest.fixture
def cert_file(tmp_path):
    cert = cj.certify(wagner_2_1_counterexample(), cj.get_problem("graphs/wagner-2.1", n=19))
    return cert.save(tmp_path / "c.json")


def test_verify_accepts(cert_file):
    r = runner.invoke(app, ["verify", str(cert_file)])
    assert r.exit_code == 0, r.output
    assert "verified" in r.output and "x^2 + (-10)" in r.output
    r = runner.invoke(app, ["verify", str(cert_file), "--json"])
    data = json.loads(r.output)
    assert data["ok"] and data["values"]["matching_number"] == 2


def _write(tmp_path, text):
    p = tmp_path / "bad.json"
    p.write_text(text)
    return p


@pytest.mark.parametrize(
    "mutate,code,needle",
    [
        (lambda d: "{not json", 2, "not valid JSON"),
        (lambda d: json.dumps({**d, "format": "other/2"}), 2, "unknown certificate format"),
        (lambda d: json.dumps({**d, "problem": {"name": "graphs/nope", "params": {}}}), 2, "Unknown problem"),
        (lambda d: json.dumps({**d, "witness": "###"}), 2, "does not decode"),
        (lambda d: json.dumps({**d, "witness": to_graph6(nx.star_graph(18))}), 1, "does not satisfy"),
    ],
)
def test_verify_rejects_with_one_line(tmp_path, cert_file, mutate, code, needle):
    bad = _write(tmp_path, mutate(json.loads(cert_file.read_text())))
    r = runner.invoke(app, ["verify", str(bad)])
    assert r.exit_code == code
    assert needle in r.output
    assert "Traceback" not in r.output
    assert len([l for l in r.output.strip().splitlines() if l.strip()]) <= 2  # one (soft-wrapped) line


def test_verify_missing_file(tmp_path):
    r = runner.invoke(app, ["verify", str(tmp_path / "none.json")])
    assert r.exit_code == 2 and "cannot read certificate" in r.output


def test_certify_demo_runs_show(home, tmp_path):
    w = to_graph6(wagner_2_1_counterexample())
    out = tmp_path / "c.json"
    r = runner.invoke(app, ["certify", "graphs/wagner-2.1", "--witness", w, "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert runner.invoke(app, ["verify", str(out)]).exit_code == 0
    r = runner.invoke(app, ["certify", "graphs/wagner-2.1", "--witness", to_graph6(nx.star_graph(5))])
    assert r.exit_code == 1 and "does not satisfy" in r.output
    r = runner.invoke(app, ["demo", "--out", str(tmp_path / "d.json")])
    assert r.exit_code == 0, r.output
    runs = json.loads(runner.invoke(app, ["runs", "--json"]).output)
    assert [x["status"] for x in runs] and all(x["status"] == "finished" for x in runs)
    shown = json.loads(runner.invoke(app, ["show", str(runs[-1]["id"]), "--json"]).output)
    assert shown["certificates"] and shown["name"] == "graphs/wagner-2.1"
    assert runner.invoke(app, ["show", "999"]).exit_code == 2


def test_problems_listing():
    data = json.loads(runner.invoke(app, ["problems", "--json"]).output)
    assert {"graphs/wagner-2.1", "graphs/wagner-2.3"} <= {d["name"] for d in data}
