"""The evaluation harness: a fixed instance set, every success replayed by the independent checker,
negative controls never solved, and a method that lies is caught."""

from __future__ import annotations

import functools
import json

import pytest

from conjectura.core.certificate import Verdict
from conjectura.domains.braids import (
    Move,
    UnknotGame,
    check_unknotting,
    check_unknotting_moves,
    negative_control_instances,
    unknot_instances,
    unknotting_to_json,
)
from conjectura.exceptions import InvalidParameterError, VerificationError
from conjectura.guide import (
    GameEvaluation,
    Instance,
    SolveResult,
    breadth_first,
    evaluate_game,
    greedy,
)


def braid_check(state, moves):
    return check_unknotting(unknotting_to_json((state, moves)), state)


def test_the_domain_checker_rejects_illegal_moves_with_a_verdict():
    from conjectura.domains.braids import BraidState, check_unknotting_moves

    v = check_unknotting_moves(BraidState((1, 2), 3), [Move("cancel", 0)])
    assert not v.holds and v.reason.startswith("step 0: The move cancel(0) does not apply")


@pytest.fixture(scope="module")
def evaluation():
    inst = unknot_instances([6, 12], [3], 3, seed=0) + negative_control_instances([6, 12], [3], 1, seed=0)
    methods = {"greedy": greedy, "bfs": functools.partial(breadth_first, max_depth=4)}
    return evaluate_game(
        UnknotGame(max_length=16), inst, methods, check=braid_check, max_expansions=400, seed=0
    )


def test_summary_counts(evaluation):
    ev = evaluation
    assert isinstance(ev, GameEvaluation) and ev.methods == ["greedy", "bfs"]
    assert len(ev.records) == 2 * (6 + 2)
    rows = ev.summary()
    assert [(r["method"], r["length"], r["strands"], r["n"]) for r in rows] == [
        ("greedy", 6, 3, 3),
        ("greedy", 12, 3, 3),
        ("bfs", 6, 3, 3),
        ("bfs", 12, 3, 3),
    ]
    for r in rows:
        recs = [
            x
            for x in ev.records
            if x["method"] == r["method"] and x["tags"]["length"] == r["length"] and not x["negative"]
        ]
        assert r["solved"] == sum(x["solved"] for x in recs)
        assert r["fraction"] == r["solved"] / r["n"]
    greedy_rows = [r for r in rows if r["method"] == "greedy"]
    assert all(r["fraction"] == 1.0 for r in greedy_rows)
    assert all(x["replayed"] for x in ev.records if x["solved"])
    neg = ev.summary(negative=True)
    assert len(neg) == 4 and all(r["solved"] == 0 for r in neg)
    assert ev.negatives_solved() == 0


def test_outputs(evaluation, tmp_path):
    d = evaluation.to_dict()
    json.dumps(d, allow_nan=False)
    assert d["negatives_solved"] == 0 and d["params"]["max_expansions"] == 400
    from rich.console import Console

    console = Console(record=True, width=140)
    console.print(evaluation.table())
    console.print(evaluation.table(negative=True))
    text = console.export_text()
    assert "greedy" in text and "negative controls" in text
    png = evaluation.plot(tmp_path / "solved.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_move_budget_counts_long_solutions_as_unsolved():
    inst = unknot_instances([20], [4], 2, seed=1)
    ev = evaluate_game(UnknotGame(max_length=25), inst, {"greedy": greedy}, check=braid_check, max_moves=3)
    assert all(not r["solved"] and r["stop"] == "moves" for r in ev.records)


def _liar(game, state, **kw):
    """Claims a solution that is not one (a cancellation that does not apply)."""
    return SolveResult(
        "liar", True, (Move("cancel", 0), Move("destabilise")), state, None, 1, 1, 0.0, "solved"
    )


def test_a_false_solution_is_an_error():
    inst = unknot_instances([10], [3], 1, seed=2)
    # the checker raises (the witness cannot be written) or rejects: both are the same error
    with pytest.raises(VerificationError, match="liar reported a solution .* rejects: .*cancel"):
        evaluate_game(UnknotGame(), inst, {"liar": _liar}, check=braid_check)
    with pytest.raises(VerificationError, match="liar reported a solution .* rejects: step 0"):
        evaluate_game(UnknotGame(), inst, {"liar": _liar}, check=check_unknotting_moves)


def test_a_solved_negative_control_is_an_error():
    def accept_all(state, moves):
        return Verdict(True, "accepted")

    neg = negative_control_instances([10], [3], 1, seed=0)
    with pytest.raises(VerificationError, match="negative control"):
        evaluate_game(UnknotGame(), neg, {"liar": _liar}, check=accept_all)


def test_bad_input():
    with pytest.raises(InvalidParameterError, match="must not be empty"):
        evaluate_game(UnknotGame(), [], {"g": greedy}, check=braid_check)
    with pytest.raises(InvalidParameterError, match="at least one solver"):
        evaluate_game(UnknotGame(), unknot_instances([6], [3], 1), {}, check=braid_check)
    with pytest.raises(InvalidParameterError, match="'state' key"):
        evaluate_game(UnknotGame(), [(1, 2)], {"g": greedy}, check=braid_check)
    assert Instance.coerce({"state": 1, "negative": True, "a": 2}) == Instance(1, {"a": 2}, True)
