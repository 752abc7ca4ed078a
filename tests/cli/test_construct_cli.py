"""``conjectura construct``: the value reached, the comparison with the reference, exit codes."""

import json

import typer
from typer.testing import CliRunner

from conjectura.cli.construct import register

app = typer.Typer()
register(app)
app.command("noop")(lambda: None)  # two commands, so typer keeps the command name
runner = CliRunner()


def test_reaches_the_known_maximum_and_writes_the_certificate(tmp_path, home):
    out = tmp_path / "c.json"
    r = runner.invoke(
        app, ["construct", "graphs/c4-free-edges", "--n", "12", "--out", str(out), "--no-store"]
    )
    assert r.exit_code == 0, r.output
    assert "edges = 21 (matches the known maximum 21)" in r.output
    assert json.loads(out.read_text())["values"]["edges"] == 21


def test_below_the_target_exits_1_with_the_value_certified(home):
    args = [
        "construct",
        "graphs/c4-free-edges",
        "-p",
        "n=9",
        "-p",
        "target=14",
        "-b",
        "3g",
        "--json",
        "--no-store",
    ]
    r = runner.invoke(app, args)
    assert r.exit_code == 1, r.output
    doc = json.loads(r.output)
    assert doc["value"] == 13 and doc["gap"] == 0 and doc["certificate"]["problem"]["params"]["target"] == 13


def test_a_counterexample_problem_is_bad_input(home):
    r = runner.invoke(app, ["construct", "graphs/wagner-2.1", "--n", "6", "--no-store"])
    assert r.exit_code == 2 and "needs a construction problem" in r.output
