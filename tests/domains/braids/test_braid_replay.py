"""The independent checker: it shares no code with the game, accepts real solutions, and rejects a
tampered move, a wrong recorded result, a skipped precondition, a wrong start or a wrong end."""

from __future__ import annotations

import ast
import copy
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import conjectura.domains.braids.replay as replay_mod
from conjectura.domains.braids import (
    MOVE_KINDS,
    BraidState,
    Move,
    UnknotGame,
    UnknottingSequence,
    apply_move,
    check_unknotting,
    legal_moves,
    move_function,
    random_unknot,
    unknotting_from_json,
    unknotting_to_json,
)
from conjectura.exceptions import CertificateFormatError
from conjectura.guide import breadth_first, greedy

REPLAY = Path(replay_mod.__file__)


def test_replay_module_imports_nothing_from_the_game():
    tree = ast.parse(REPLAY.read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module)
    assert imported <= {"__future__", "json", "collections.abc", "typing", "conjectura.core.certificate"}


def test_replay_runs_with_the_game_never_imported():
    """Load replay.py by its path in a fresh interpreter: it verifies a certificate while no
    module of the braid package (words, moves, game, certificate) is ever imported."""
    cert = unknotting_to_json(
        (BraidState((2, 1), 3), [Move("shift", 1), Move("destabilise"), Move("destabilise")])
    )
    code = f"""
import importlib.util, sys
spec = importlib.util.spec_from_file_location("standalone_replay", {str(REPLAY)!r})
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
v = mod.check_unknotting(sys.stdin.read())
env = sorted(m for m in sys.modules if m.startswith("conjectura.domains"))
print(v.holds, env)
"""
    out = subprocess.run([sys.executable, "-c", code], input=cert, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True []"


def _solved(seed=0, L=12, n=3):
    start = random_unknot(L, n, seed)
    res = greedy(UnknotGame(max_length=L + 4), start, seed=seed, max_expansions=5000)
    assert res.solved
    return start, res.moves, json.loads(unknotting_to_json((start, res.moves)))


def test_accepts_solver_solutions():
    for seed in range(5):
        start, moves, cert = _solved(seed)
        v = check_unknotting(cert, start)
        assert v.holds, v.reason
        assert v.values["n_moves"] == len(moves) and v.values["start_word"] == list(start.word)
        assert sum(v.values["move_counts"].values()) == len(moves)
        assert check_unknotting(json.dumps(cert)).holds


def test_rejects_a_tampered_move():
    _, _, cert = _solved(1)
    bad = copy.deepcopy(cert)
    k = next(i for i, s in enumerate(bad["steps"]) if s["move"][0] in ("braid", "commute", "cancel"))
    bad["steps"][k]["move"][1] += 1
    v = check_unknotting(bad)
    assert not v.holds and v.reason.startswith(f"step {k} ")


def test_rejects_a_wrong_recorded_result():
    _, _, cert = _solved(2)
    bad = copy.deepcopy(cert)
    k = len(bad["steps"]) // 2
    w = bad["steps"][k]["word"]
    bad["steps"][k]["word"] = w[::-1] if w != w[::-1] else [*w, 1, -1]
    v = check_unknotting(bad)
    assert not v.holds and "records" in v.reason and v.reason.startswith(f"step {k} ")


def test_rejects_a_skipped_precondition():
    # "cancel" two letters that are not inverse, recording the result as if it applied
    cert = {
        "format": "conjectura-braid-unknotting/1",
        "start": {"word": [1, 1], "strands": 2},
        "steps": [{"move": ["cancel", 0], "word": [], "strands": 2}],
        "final": {"word": [], "strands": 1},
    }
    v = check_unknotting(cert)
    assert not v.holds and "are not inverse" in v.reason
    # destabilising while sigma_(n-1) occurs twice (the trefoil is not the unknot)
    cert = {
        "format": "conjectura-braid-unknotting/1",
        "start": {"word": [1, 1, 1], "strands": 2},
        "steps": [{"move": ["destabilise", 0], "word": [1, 1], "strands": 1}],
        "final": {"word": [1, 1], "strands": 1},
    }
    assert "occur only once" in check_unknotting(cert).reason
    # a braid relation on a pattern that is not one (a b^-1 a)
    cert = {
        "format": "conjectura-braid-unknotting/1",
        "start": {"word": [1, -2, 1], "strands": 3},
        "steps": [{"move": ["braid", 0], "word": [-2, 1, -2], "strands": 3}],
        "final": {"word": [-2, 1, -2], "strands": 3},
    }
    assert "are not a^e b^e a^e" in check_unknotting(cert).reason


def test_rejects_wrong_start_end_and_format():
    _, _, cert = _solved(3)
    assert "not at" in check_unknotting(cert, BraidState((1, 2), 3)).reason
    short = copy.deepcopy(cert)
    short["steps"] = short["steps"][:-1]
    short["final"] = {"word": short["steps"][-1]["word"], "strands": short["steps"][-1]["strands"]}
    assert "not at the empty word on one strand" in check_unknotting(short).reason
    lying = copy.deepcopy(cert)
    lying["final"] = {"word": [], "strands": 2}
    assert "recorded final" in check_unknotting(lying).reason
    assert "JSON" in check_unknotting("{not json").reason
    assert "unknown format" in check_unknotting({**cert, "format": "x/1"}).reason
    assert "missing field" in check_unknotting({"format": cert["format"]}).reason
    extra = copy.deepcopy(cert)
    extra["steps"][0]["note"] = "hi"
    assert "keys" in check_unknotting(extra).reason
    boolean = copy.deepcopy(cert)
    boolean["start"]["strands"] = True
    assert not check_unknotting(boolean).holds
    out_of_range = copy.deepcopy(cert)
    out_of_range["start"]["word"] = [*out_of_range["start"]["word"][:-1], 9]
    assert "not a generator" in check_unknotting(out_of_range).reason


def test_canonical_json_round_trip():
    start, moves, _ = _solved(4)
    s = unknotting_to_json((start, moves))
    seq = unknotting_from_json(s)
    assert seq == UnknottingSequence(start, tuple(moves))
    assert unknotting_to_json(seq) == s
    assert s == json.dumps(json.loads(s), sort_keys=True, separators=(",", ":"))
    with pytest.raises(CertificateFormatError, match="format"):
        unknotting_from_json('{"format": "x"}')
    with pytest.raises(CertificateFormatError, match="bad move"):
        unknotting_from_json(s.replace('"move":["', '"move":["flip', 1))


def test_checker_and_game_agree_move_by_move():
    """A differential test of two implementations written apart: on random states, every
    (kind, argument) the game accepts, the checker accepts with the same result, and every one
    the game refuses, the checker refuses."""
    rng = np.random.default_rng(0)
    checked = 0
    for _ in range(150):
        n = int(rng.integers(1, 6))
        L = int(rng.integers(0, 9)) if n > 1 else 0
        w = [int(rng.integers(1, n)) * int(rng.choice((-1, 1))) for _ in range(L)]
        for kind in MOVE_KINDS:
            for arg in range(-n - 1, max(L, n) + 2):
                ours = move_function(kind)(tuple(w), n, arg)
                try:
                    theirs = replay_mod._replay_one(kind, arg, list(w), n)
                except replay_mod._Reject:
                    theirs = None
                if ours is None:
                    assert theirs is None, (w, n, kind, arg)
                else:
                    assert theirs == (list(ours[0]), ours[1]), (w, n, kind, arg)
                    checked += 1
    assert checked > 1000


def test_bfs_solution_is_a_certificate():
    start = BraidState((2, 1, 2, -1), 3)  # = s1 s2 s1 s1^-1 = s1 s2, whose closure is the unknot
    res = breadth_first(UnknotGame(max_length=6), start, max_depth=5)
    assert res.solved
    assert check_unknotting(unknotting_to_json((start, res.moves)), start).holds
    states = UnknotGame().replay(start, res.moves)
    assert states[-1] == BraidState((), 1)
    assert apply_move(states[-2], res.moves[-1]) == states[-1]
    assert all(m in legal_moves(s, all_shifts=True) for s, m in zip(states, res.moves))
