"""`conjectura search` and `conjectura demo` through the CLI."""

import json

import pytest
from typer.testing import CliRunner

from conjectura.cli.app import _assemble, app

_assemble()
runner = CliRunner()


def test_search_finds_certifies_stores_and_verify_accepts(home, tmp_path):
    out = tmp_path / "cert.json"
    r = runner.invoke(
        app,
        [
            "search",
            "graphs/zagreb-indices",
            "--n",
            "9",
            "--seed",
            "0",
            "--budget",
            "20000e",
            "--out",
            str(out),
            "--quiet",
        ],
    )
    assert r.exit_code == 0, r.output
    assert "counterexample found and verified" in r.output
    assert f"re-verify with: conjectura verify {out}" in r.output
    doc = json.loads(out.read_text())
    assert doc["problem"] == {"name": "graphs/zagreb-indices", "params": {"n": 9}}
    assert doc["values"]["M1"] == 42 and doc["provenance"]["engine"] == "local"
    v = runner.invoke(app, ["verify", str(out)])
    assert v.exit_code == 0 and "verified" in v.output
    runs = runner.invoke(app, ["runs", "--kind", "search", "--json"])
    assert json.loads(runs.output)[0]["status"] == "finished"


def test_search_json_and_not_found_exit_code(home):
    r = runner.invoke(
        app,
        [
            "search",
            "graphs/wagner-2.1",
            "--n",
            "8",
            "--engine",
            "random",
            "--budget",
            "3g",
            "--json",
            "--no-store",
        ],
    )
    assert r.exit_code == 1
    doc = json.loads(r.output)
    assert doc["found"] is False and doc["message"] == "not found within budget"
    assert doc["certificate"] is None and doc["evaluations"] == 3000 and doc["best"]


def test_not_found_message_never_claims_the_conjecture(home):
    r = runner.invoke(app, ["search", "graphs/wagner-2.1", "--n", "8", "--budget", "5g", "--quiet"])
    assert r.exit_code == 1
    assert "not found within budget" in r.output and "proves nothing" in r.output
    assert "--resume" in r.output


@pytest.mark.parametrize(
    "args,msg",
    [
        (["graphs/wagner-2.1", "--engine", "nope"], "Unknown engine 'nope'"),
        (["graphs/wagner-2.1", "--budget", "soon"], "'budget' parameter of search"),
        (["graphs/wagner-2.1", "--n", "2"], "'n' parameter of wagner_2_1 must be an int >= 3"),
        (["graphs/wagner-2.1", "-E", "walkers=0"], "'walkers' parameter of LocalSearch"),
        (["graphs/wagner-2.1", "--resume", "999"], "no run 999"),
    ],
)
def test_bad_input_exit_2(home, args, msg):
    r = runner.invoke(app, ["search", *args, "--quiet"])
    assert r.exit_code == 2
    assert msg in r.output.replace("\n", " ")


def test_resume_from_the_cli(home):
    r1 = runner.invoke(app, ["search", "graphs/wagner-2.1", "--n", "8", "--budget", "4g", "--json"])
    run_id = json.loads(r1.output)["run_id"]
    r2 = runner.invoke(
        app, ["search", "graphs/wagner-2.1", "--n", "8", "--budget", "9g", "--resume", str(run_id), "--json"]
    )
    doc = json.loads(r2.output)
    assert r2.exit_code == 1 and doc["generations"] == 9 and doc["run_id"] == run_id
