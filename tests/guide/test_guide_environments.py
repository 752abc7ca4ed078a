"""Move games and their solvers through the one registry: environments and policies resolve by
name (close names suggested), a user's own game plugs in with --import, and the API result's
to_dict() is the --json document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import conjectura as cj
from conjectura.cli.app import _assemble, app
from conjectura.cli.unknot import evaluate_unknot
from conjectura.domains.braids import BraidState, UnknotGame
from conjectura.exceptions import InvalidParameterError, UnknownNameError
from conjectura.guide.environments import game_methods, resolve_environment, solve_environment

_assemble()
runner = CliRunner()
EXAMPLE = str(Path(__file__).resolve().parents[2] / "examples" / "move_game.py")


def test_the_unknot_game_and_the_policies_are_registered():
    assert {e.name for e in cj.core.list_environments()} >= {"braids/unknot"}
    assert {e.name for e in cj.core.list_policies()} >= {
        "random-walk",
        "greedy",
        "bfs",
        "beam",
        "weighted-astar",
        "ppo",
        "cost-to-go-astar",
    }
    assert resolve_environment("unknot") == resolve_environment("braids/unknot") == "braids/unknot"
    with pytest.raises(UnknownNameError, match="Did you mean 'unknot'"):
        resolve_environment("unknto")


def test_policies_are_built_for_a_game_and_refuse_what_it_lacks(tmp_path):
    game = UnknotGame(max_length=12)
    res = cj.core.get_policy("weighted-astar", game)(
        game, BraidState((1, -2, -1, 2), 3), max_expansions=200, max_seconds=None, seed=0
    )
    assert res.solved and game.check(BraidState((1, -2, -1, 2), 3), res.moves).holds

    class NoCost:
        def legal_moves(self, s):
            return []

        def apply(self, s, m):
            raise ValueError

        def is_solved(self, s):
            return True

        def key(self, s):
            return s

    with pytest.raises(InvalidParameterError, match="needs the game's cost"):
        cj.core.get_policy("greedy", NoCost())
    with pytest.raises(InvalidParameterError, match="trained checkpoint file"):
        cj.core.get_policy("ppo", game, checkpoint=tmp_path / "none.npz")
    # without checkpoints the learned solvers are left out, with a note saying why
    table, notes = game_methods(game, models=tmp_path)
    assert "ppo policy" not in table and "not trained" in notes["ppo policy"]
    assert list(table) == ["random walk", "greedy", "bfs (depth 8)", "beam (16)", "wA* h=cost"]


def test_unknown_names_on_the_command_line_are_one_line_with_close_names(tmp_path):
    r = runner.invoke(app, ["guide", "eval", "unknto"])
    assert (
        r.exit_code == 2 and "Did you mean 'unknot'" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    )
    r = runner.invoke(app, ["guide", "solve", "braids/unknt", "1 2"])
    assert r.exit_code == 2 and "Did you mean" in r.stderr
    r = runner.invoke(app, ["guide", "solve", "braids/unknot", "1 2", "-m", "bem", "--models", str(tmp_path)])
    assert r.exit_code == 2 and "Did you mean 'beam'" in r.stderr


def test_a_users_move_game_plugs_in_with_import(tmp_path):
    r = runner.invoke(
        app,
        ["--import", EXAMPLE, "guide", "eval", "mine/rotate-sort", "-i", "size=5", "-i", "count=4", "--json"],
    )
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["game"] == "mine/rotate-sort" and doc["negatives_solved"] == 0
    by = {row["method"]: row for row in doc["summary"]}
    # 5 entries: every even permutation is at most a few rotations from sorted; BFS finds them all
    assert by["bfs (depth 8)"]["fraction"] == 1.0 and by["greedy"]["n"] == 4
    assert {row["solved"] for row in doc["negative_controls"]} == {0}  # odd permutations never sorted
    out = tmp_path / "moves.json"
    r = runner.invoke(
        app,
        ["--import", EXAMPLE, "guide", "solve", "rotate-sort", "1 2 0 3 4", "-m", "bfs", "--out", str(out)],
    )
    assert r.exit_code == 0, r.output
    assert json.loads(out.read_text())["moves"] == [0, 0]
    r = runner.invoke(app, ["--import", EXAMPLE, "guide", "solve", "rotate-sort", "1 0 2 3 4", "-m", "bfs"])
    assert r.exit_code == 1 and "no evidence" in r.stderr  # odd: not found, and said so
    r = runner.invoke(app, ["--import", EXAMPLE, "guide", "solve", "rotate-sort", "1 1 2"])
    assert r.exit_code == 2 and "permutation" in r.stderr


def test_solve_environment_returns_a_replayed_certificate():
    sol = solve_environment("unknot", "1 2 -2 2 2 -1 -2 -1", method="beam", max_expansions=2000)
    assert sol.solved and sol.verdict.holds
    assert sol.certificate.problem_name == "braids/unknotting"
    assert sol.to_dict()["n_moves"] == len(sol.result.moves)


def _untimed(x):
    if isinstance(x, dict):
        return {k: _untimed(v) for k, v in x.items() if "seconds" not in k}
    if isinstance(x, list):
        return [_untimed(v) for v in x]
    return x


def test_evaluate_unknot_to_dict_is_the_json_document(tmp_path):
    kw = dict(
        per_cell=2, seed=0, max_expansions=80, models=tmp_path, methods=["greedy", "beam", "random walk"]
    )
    ev = evaluate_unknot([6, 10], [3, 4], report=tmp_path / "rep", **kw)
    r = runner.invoke(
        app,
        [
            "guide",
            "eval",
            "unknot",
            "--length",
            "6,10",
            "--strands",
            "3,4",
            "--per-cell",
            "2",
            "--expansions",
            "80",
            "--models",
            str(tmp_path),
            "-m",
            "greedy",
            "-m",
            "beam",
            "-m",
            "random walk",
            "--report",
            str(tmp_path / "rep"),
            "--json",
        ],
    )
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert _untimed(doc) == _untimed(json.loads(json.dumps(ev.to_dict())))
    assert doc["params"]["max_moves"] == 100 and doc["negatives_solved"] == 0
    assert doc["methods"] == ["greedy", "beam (16)", "random walk"]
    assert Path(doc["params"]["report"]).is_file() and (tmp_path / "rep" / "solved_fraction.png").is_file()
    html = Path(doc["params"]["report"]).read_text()
    assert "solved_fraction.png" in html and "Negative controls" in html


@pytest.mark.parametrize(
    "word, says",
    [
        ("1 x 2", "bad token 'x'"),
        ("", "non-empty braid word"),
        (" ".join(["1", "-1"] * 501), "at most 1000 letters"),
    ],
)
def test_bad_braid_words_through_the_registered_environment_are_exit_2(word, says):
    r = runner.invoke(app, ["guide", "solve", "braids/unknot", word, "-m", "greedy"])
    assert r.exit_code == 2 and says in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.output


def test_a_game_registered_in_python_needs_only_the_protocol_and_a_checker(tmp_path):
    class Countdown:  # states are ints, the only move subtracts one; solved at 0
        def legal_moves(self, s):
            return [1] if s > 0 else []

        def apply(self, s, m):
            return s - m

        def is_solved(self, s):
            return s == 0

        def key(self, s):
            return s

        def check(self, start, moves):
            return cj.Verdict(start - sum(moves) == 0 and all(m == 1 for m in moves), "replayed")

        def instances(self, seed=0):
            return [{"state": 3}, {"state": 5}]

    cj.core.register_environment("test/countdown", lambda: Countdown(), overwrite=True)
    ev = cj.guide.evaluate_environment("test/countdown", max_expansions=20)
    # no cost: only the walker and BFS apply; both count down exactly
    assert ev.methods == ["random walk", "bfs (depth 8)"] and ev.group_by == ()
    assert [r["fraction"] for r in ev.summary()] == [1.0, 1.0]
    assert [r["n_moves"] for r in ev.records if r["method"] == "bfs (depth 8)"] == [3, 5]
    assert ev.report(tmp_path / "rep").is_file()
