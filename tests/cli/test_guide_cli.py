"""`conjectura guide {train,eval,solve} unknot`: bad input is one line and exit 2, a solution is a
certificate the independent checker accepts, and a tiny train-then-evaluate round trip works."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conjectura.cli.app import _assemble, app
from conjectura.domains.braids import check_unknotting

_assemble()
runner = CliRunner()


def one_line_error(r):
    assert r.exit_code == 2, r.output
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), r.stderr
    assert "Traceback" not in r.output
    return lines[0]


@pytest.mark.parametrize(
    "args, says",
    [
        (["1 x 2"], "bad token 'x'"),
        (["1 5", "--strands", "3"], "out of range for B_3"),
        (["", "--strands", "3"], "non-empty braid word"),
        (["0 1"], "non-zero"),
        ([" ".join(["1", "-1"] * 501)], "at most 1000 letters"),
        (["s1^2000"], "at most 1000 letters"),
        (["1 2", "--strands", "0"], "'strands' parameter"),
        (["1 2", "--method", "oracle"], "'method' parameter of solve_unknot"),
        (["1 2", "--expansions", "0"], "'--expansions'"),
    ],
)
def test_solve_bad_input_is_one_line_and_exit_2(args, says, tmp_path):
    r = runner.invoke(app, ["guide", "solve", "unknot", *args, "--models", str(tmp_path)])
    assert says in one_line_error(r)


@pytest.mark.parametrize(
    "args, says",
    [
        (["--length", "ten"], "'--length' option"),
        (["--length", "0"], "'--length' option"),
        (["--strands", "1"], "'--strands' option"),
        (["--strands", "3,x"], "'--strands' option"),
        (["--per-cell", "0"], "'--per-cell'"),
        (["--method", "oracle"], "'methods' parameter of evaluate_unknot"),
    ],
)
def test_eval_bad_input_is_one_line_and_exit_2(args, says, tmp_path):
    r = runner.invoke(
        app, ["guide", "eval", "unknot", "--length", "4", "--strands", "3", *args, "--models", str(tmp_path)]
    )
    assert says in one_line_error(r)


def test_train_bad_input_is_one_line_and_exit_2(tmp_path):
    r = runner.invoke(app, ["guide", "train", "unknot", "--method", "sgd", "--models", str(tmp_path)])
    assert "'method' parameter of train_unknot" in one_line_error(r)
    r = runner.invoke(app, ["guide", "train", "unknot", "--strands", "", "--models", str(tmp_path)])
    assert "'--strands' option" in one_line_error(r)


def test_solve_writes_a_certificate_the_checker_accepts(tmp_path):
    out = tmp_path / "cert.json"
    r = runner.invoke(
        app,
        [
            "guide",
            "solve",
            "unknot",
            "1 2 -2 2 2 -1 -2 -1",
            "-n",
            "3",
            "-m",
            "beam (16)",
            "--out",
            str(out),
            "--json",
            "--models",
            str(tmp_path),
        ],
    )
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["solved"] and doc["out"] == str(out)
    verdict = check_unknotting(out.read_text(), ((1, 2, -2, 2, 2, -1, -2, -1), 3))
    assert verdict.holds, verdict.reason


def test_solve_a_knot_is_not_found_and_exit_1(tmp_path):
    r = runner.invoke(
        app,
        [
            "guide",
            "solve",
            "unknot",
            "1 1 1",
            "-n",
            "2",
            "-m",
            "greedy",
            "--expansions",
            "50",
            "--models",
            str(tmp_path),
        ],
    )
    assert r.exit_code == 1
    assert "no evidence of a knot" in r.stderr


def test_train_then_evaluate_round_trip(tmp_path):
    models = tmp_path / "models"
    r = runner.invoke(
        app,
        [
            "guide",
            "train",
            "unknot",
            "--models",
            str(models),
            "--strands",
            "3",
            "--max-length",
            "6",
            "--iterations",
            "2",
            "--episodes",
            "2",
            "--episode-steps",
            "15",
            "--steps",
            "20",
            "--json",
        ],
    )
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert len(doc["results"]["ppo"]["history"]) == 2 and doc["results"]["cost_to_go"]["steps_done"] == 20
    # resuming a finished run trains nothing more
    r = runner.invoke(
        app,
        [
            "guide",
            "train",
            "unknot",
            "--models",
            str(models),
            "--strands",
            "3",
            "--max-length",
            "6",
            "--iterations",
            "2",
            "--episodes",
            "2",
            "--episode-steps",
            "15",
            "--steps",
            "20",
            "--resume",
            "--json",
        ],
    )
    assert json.loads(r.stdout)["results"]["ppo"]["resumed_from"] == 2
    rep = tmp_path / "report"
    r = runner.invoke(
        app,
        [
            "guide",
            "eval",
            "unknot",
            "--models",
            str(models),
            "--length",
            "4,6",
            "--strands",
            "3",
            "--per-cell",
            "2",
            "--expansions",
            "60",
            "--report",
            str(rep),
            "--json",
        ],
    )
    assert r.exit_code == 0, r.output
    ev = json.loads(r.stdout)
    assert {"ppo policy", "learned A*", "greedy", "beam (16)", "random walk", "bfs (depth 8)"} <= set(
        ev["methods"]
    )
    assert ev["negatives_solved"] == 0
    assert all(rec["replayed"] for rec in ev["records"] if rec["solved"])
    assert (rep / "report.html").exists() and (rep / "solved_fraction.png").exists()
    assert ev["params"]["learned"]["ppo policy"]["iterations"] == 2
