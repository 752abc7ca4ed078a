"""The claim ``braids/unknotting``: `conjectura verify` accepts a real solution (exit 0), rejects
a tampered one (exit 1: a move changed, a precondition broken, a recorded or final braid
changed) and refuses a malformed one (exit 2), each in one line."""

from __future__ import annotations

import copy
import json

import pytest
from typer.testing import CliRunner

import conjectura as cj
from conjectura.cli.app import _assemble, app
from conjectura.cli.unknot import solve_unknot
from conjectura.domains.braids import BraidState, Move, unknot_instances
from conjectura.domains.braids.problems import UNKNOTTING_CLAIM, unknotting_certificate

_assemble()
runner = CliRunner()


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    """A certificate of a real solve: a seeded scrambled unknot on 4 strands, found by beam search."""
    rec = unknot_instances([12], [4], 1, seed=3)[0]
    word = " ".join(str(x) for x in rec["state"].word)
    sol = solve_unknot(word, 4, method="beam", max_expansions=2000, models=tmp_path_factory.mktemp("m"))
    assert sol.solved, sol.to_dict()
    assert sol.certificate is not None
    return sol.certificate.to_dict()


def _verify(doc, tmp_path):
    path = tmp_path / "cert.json"
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc))
    return runner.invoke(app, ["verify", str(path)])


def test_a_real_solve_verifies(solved, tmp_path):
    r = _verify(solved, tmp_path)
    assert r.exit_code == 0, r.output
    assert "braids/unknotting" in r.stdout and "empty word on one strand" in r.stdout
    assert solved["claim"] == UNKNOTTING_CLAIM
    assert solved["values"]["n_moves"] == len(solved["witness"]["steps"]) > 0


def _tamper_move(doc):
    steps = doc["witness"]["steps"]
    k = next(i for i, s in enumerate(steps) if s["move"][0] == "shift")
    steps[k]["move"][1] = -steps[k]["move"][1] if steps[k]["move"][1] != 1 else 2  # another rotation
    return doc


def _tamper_precondition(doc):
    # a cancellation where the two letters are not inverse (recorded braid as if it had applied)
    w = doc["witness"]
    w["steps"].insert(
        0, {"move": ["cancel", 0], "strands": w["start"]["strands"], "word": w["start"]["word"][2:]}
    )
    return doc


def _tamper_recorded(doc):
    doc["witness"]["steps"][0]["word"] = [*doc["witness"]["steps"][0]["word"][::-1], 1, -1]
    return doc


def _tamper_final(doc):
    doc["witness"]["final"] = {"strands": 2, "word": [1]}
    return doc


def _drop_last_move(doc):
    w = doc["witness"]
    w["steps"].pop()
    w["final"] = {"strands": w["steps"][-1]["strands"], "word": w["steps"][-1]["word"]}
    return doc


@pytest.mark.parametrize(
    "tamper, says",
    [
        (_tamper_move, "step"),
        (_tamper_precondition, "cancellation at 0"),
        (_tamper_recorded, "the certificate records"),
        (_tamper_final, "recorded final braid"),
        (_drop_last_move, "not at the empty word on one strand"),
    ],
)
def test_a_tampered_certificate_is_rejected_with_exit_1(solved, tmp_path, tamper, says):
    r = _verify(tamper(copy.deepcopy(solved)), tmp_path)
    assert r.exit_code == 1, r.output
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0] and "Traceback" not in r.output


def _set(path, value):
    def f(doc):
        d = doc
        for k in path[:-1]:
            d = d[k]
        d[path[-1]] = value
        return doc

    return f


@pytest.mark.parametrize(
    "tamper, says",
    [
        (lambda d: "{not json", "not valid JSON"),
        (_set(["witness"], "R??"), "not a JSON document"),
        (_set(["witness", "format"], "other/1"), "must have the format"),
        (_set(["witness", "start", "word"], ["a", 1]), "list of at most"),
        (_set(["witness", "start", "word"], [1, 7]), "out of range"),
        (_set(["witness", "start", "strands"], True), "strands must be an int"),
        (_set(["witness", "steps"], {"a": 1}), "'steps' must be a list"),
        (_set(["witness", "steps", 0, "move"], ["cancel"]), "must be a pair (kind, int)"),
        (lambda d: {k: v for k, v in d.items() if k != "witness"}, "lacks the field(s) witness"),
    ],
)
def test_a_malformed_certificate_is_exit_2(solved, tmp_path, tamper, says):
    r = _verify(tamper(copy.deepcopy(solved)), tmp_path)
    assert r.exit_code == 2, r.output
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], r.stderr


def test_the_claim_is_registered_and_judged_by_the_replay_checker():
    claim = cj.get_problem("braids/unknotting")
    assert isinstance(claim, cj.core.problem.Claim) and claim.name == "braids/unknotting"
    ok = claim.deserialize(
        json.dumps(
            {
                "format": "conjectura-braid-unknotting/1",
                "start": {"strands": 2, "word": [1]},
                "steps": [{"move": ["destabilise", 0], "strands": 1, "word": []}],
                "final": {"strands": 1, "word": []},
            }
        )
    )
    assert claim.verify(ok).holds
    # the game refuses to write moves that do not apply: nothing is certified
    with pytest.raises(cj.VerificationError, match="do not apply"):
        unknotting_certificate(BraidState((1, 1), 2), [Move("cancel", 0)])


def test_certify_a_witness_from_the_command_line(tmp_path):
    witness = json.dumps(
        {
            "format": "conjectura-braid-unknotting/1",
            "start": {"strands": 3, "word": [1, 2]},
            "steps": [
                {"move": ["destabilise", 0], "strands": 2, "word": [1]},
                {"move": ["destabilise", 0], "strands": 1, "word": []},
            ],
            "final": {"strands": 1, "word": []},
        }
    )
    out = tmp_path / "c.json"
    r = runner.invoke(app, ["certify", "braids/unknotting", "-w", witness, "--out", str(out), "--no-store"])
    assert r.exit_code == 0, r.output
    assert runner.invoke(app, ["verify", str(out)]).exit_code == 0
