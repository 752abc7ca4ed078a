"""DeepCubeA's approximate value iteration: Bellman targets, convergence to the true distances of a
small game (checked against breadth-first search), exact resume, and a learned A* on braids
whose every solution the independent checker accepts."""

from __future__ import annotations

import itertools
from collections import deque

import numpy as np
import pytest
import torch

from conjectura.guide.cost_to_go import (
    CostToGoConfig,
    bellman_targets,
    cost_to_go_heuristic,
    cost_to_go_solver,
    load_cost_to_go,
    train_cost_to_go,
)


class AdjacentSwaps:
    """Sort a permutation of 0..3 by adjacent transpositions (in either direction): the distance
    to the identity is the number of inversions, at most 6."""

    def legal_moves(self, s):
        return [0, 1, 2]

    def apply(self, s, i):
        t = list(s)
        t[i], t[i + 1] = t[i + 1], t[i]
        return tuple(t)

    def is_solved(self, s):
        return s == (0, 1, 2, 3)

    def key(self, s):
        return s


def one_hot(states):
    X = np.zeros((len(states), 16), dtype=np.float32)
    for r, s in enumerate(states):
        X[r, [4 * i + v for i, v in enumerate(s)]] = 1.0
    return X


def scramble(depth, count, rng):
    g = AdjacentSwaps()
    out = []
    for _ in range(count):
        s = (0, 1, 2, 3)
        for _ in range(int(rng.integers(0, depth + 1))):
            s = g.apply(s, int(rng.integers(3)))
        out.append(s)
    return out


def bfs_distances():
    g, start = AdjacentSwaps(), (0, 1, 2, 3)
    dist, queue = {start: 0}, deque([start])
    while queue:
        s = queue.popleft()
        for m in g.legal_moves(s):
            t = g.apply(s, m)
            if t not in dist:
                dist[t] = dist[s] + 1
                queue.append(t)
    return dist


def test_bellman_targets_take_the_best_successor():
    g = AdjacentSwaps()
    dist = bfs_distances()
    states = list(dist)
    exact = bellman_targets(g, states, lambda ss: np.array([dist[s] for s in ss], dtype=float))
    # the true distance is a fixed point of the Bellman operator
    assert exact.tolist() == [float(dist[s]) for s in states]


def test_value_iteration_converges_to_the_breadth_first_distances():
    cfg = CostToGoConfig(
        hidden=(64, 64),
        steps=500,
        batch=48,
        lr=3e-3,
        threshold=0.02,
        check_every=20,
        patience=4,
        start_depth=1,
        depth_step=1,
        max_depth=8,
        seed=0,
    )
    res = train_cost_to_go(AdjacentSwaps(), scramble, one_hot, cfg, progress=False)
    dist = bfs_distances()
    assert len(dist) == 24 and max(dist.values()) == 6
    perms = list(itertools.permutations(range(4)))
    J = cost_to_go_heuristic(res.net, AdjacentSwaps(), one_hot)(perms)
    d = np.array([dist[p] for p in perms], dtype=float)
    assert np.abs(J - d).max() < 0.5, list(zip(perms, J.round(2), d))
    assert len(res.refreshes) >= 6  # at least one value-iteration step per unit of distance


def test_resume_continues_exactly_and_the_file_round_trips(tmp_path):
    kw = dict(hidden=(16,), batch=16, check_every=10, start_depth=1, depth_step=1, max_depth=6, seed=3)
    full = train_cost_to_go(
        AdjacentSwaps(),
        scramble,
        one_hot,
        CostToGoConfig(steps=40, **kw),
        checkpoint=tmp_path / "a.npz",
        progress=False,
    )
    # stop between two threshold tests (step 15 of 10-step windows): the window is kept too
    train_cost_to_go(
        AdjacentSwaps(),
        scramble,
        one_hot,
        CostToGoConfig(steps=15, **kw),
        checkpoint=tmp_path / "b.npz",
        progress=False,
    )
    resumed = train_cost_to_go(
        AdjacentSwaps(),
        scramble,
        one_hot,
        CostToGoConfig(steps=40, **kw),
        checkpoint=tmp_path / "b.npz",
        resume=True,
        progress=False,
    )
    assert resumed.resumed_from == 15 and resumed.steps_done == full.steps_done == 40
    for a, b in zip(full.net.state_dict().values(), resumed.net.state_dict().values()):
        assert torch.equal(a, b)
    assert [{k: v for k, v in h.items() if k != "seconds"} for h in full.history] == [
        {k: v for k, v in h.items() if k != "seconds"} for h in resumed.history
    ]
    loaded, header = load_cost_to_go(tmp_path / "a.npz")
    for a, b in zip(full.net.state_dict().values(), loaded.state_dict().values()):
        assert torch.equal(a, b)
    assert header["step"] == 40


def test_learned_astar_on_braids_returns_only_certified_solutions(tmp_path):
    from conjectura.cli.unknot import _half_cost, _state_sampler, training_pool
    from conjectura.domains.braids import (
        UnknotGame,
        check_unknotting_moves,
        negative_control_instances,
        unknot_instances,
        unknot_state_features,
    )
    from conjectura.guide import evaluate_game

    states, depths = training_pool(tmp_path, seed=1, strands=(3,), max_length=8, per_cell=2, held_out=False)
    game = UnknotGame(max_length=max(len(s.word) for s in states) + 4)
    cfg = CostToGoConfig(
        hidden=(32,), steps=60, batch=32, check_every=10, start_depth=2, depth_step=2, max_depth=8, seed=0
    )
    res = train_cost_to_go(
        game,
        _state_sampler(game, states, depths),
        unknot_state_features,
        cfg,
        lower_bound=_half_cost,
        progress=False,
    )
    solve = cost_to_go_solver(res.net, unknot_state_features, lower_bound=_half_cost)
    inst = unknot_instances([6, 8], [3], 3, seed=11, normal_form=True) + unknot_instances(
        [8], [3], 3, seed=12
    )
    neg = negative_control_instances([8], [3], 2, seed=13)
    ev = evaluate_game(
        game, inst + neg, {"learned A*": solve}, check=check_unknotting_moves, max_expansions=300
    )
    solved = [r for r in ev.records if r["solved"]]
    assert solved and all(r["replayed"] for r in solved)  # evaluate_game raises on a rejected one
    assert ev.negatives_solved() == 0
    for r in ev.records:  # and the checker agrees on each start again, independently
        if r["solved"]:
            start = (inst + neg)[r["instance"]]["state"]
            moves = solve(game, start, max_expansions=300, seed=None).moves
            assert check_unknotting_moves(start, moves).holds


def test_config_rejects_a_curriculum_that_ends_before_it_starts():
    from conjectura.exceptions import InvalidParameterError

    with pytest.raises(InvalidParameterError, match="'max_depth' parameter of CostToGoConfig"):
        CostToGoConfig(start_depth=8, max_depth=4)
