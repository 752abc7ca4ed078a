"""Solvers over any move game: a user's game in a page (sorting by adjacent transpositions, whose
distance is the number of inversions), breadth-first search is optimal, A* with the zero
heuristic equals BFS, budgets and seeds are honoured; on the braid game, BFS is optimal on tiny
instances against an independent iterative-deepening search."""

from __future__ import annotations

import functools
import itertools

import numpy as np
import pytest

from conjectura.domains.braids import (
    BraidState,
    UnknotGame,
    check_unknotting,
    random_unknot,
    unknotting_to_json,
)
from conjectura.exceptions import InvalidParameterError
from conjectura.guide import (
    MoveGame,
    beam_search,
    breadth_first,
    cost_heuristic,
    greedy,
    random_walk,
    replay_moves,
    weighted_astar,
)

# -- a user's own game, in a page -----------------------------------------------------------


class SortGame:
    """Sort a permutation by swapping adjacent entries (any adjacent pair may be swapped)."""

    def legal_moves(self, state):
        return list(range(len(state) - 1))

    def apply(self, state, i):
        if not 0 <= i < len(state) - 1:
            raise ValueError(f"no adjacent pair at {i} in {state}")
        s = list(state)
        s[i], s[i + 1] = s[i + 1], s[i]
        return tuple(s)

    def is_solved(self, state):
        return all(a < b for a, b in itertools.pairwise(state))

    def key(self, state):
        return state

    def cost(self, state):  # the number of inversions: the exact distance to the goal
        return sum(1 for i, j in itertools.combinations(range(len(state)), 2) if state[i] > state[j])


def test_the_users_game_is_a_move_game():
    assert isinstance(SortGame(), MoveGame)
    assert isinstance(UnknotGame(), MoveGame)
    assert not isinstance(object(), MoveGame)


def test_bfs_and_astar_find_the_inversion_number():
    """The least number of adjacent transpositions sorting a permutation is its number of
    inversions (its Coxeter length in S_n)."""
    game = SortGame()
    h = cost_heuristic(game)
    for perm in itertools.permutations(range(4)):
        inv = game.cost(perm)
        bfs = breadth_first(game, perm, max_depth=6)
        ucs = weighted_astar(game, perm)
        ucs_batched = weighted_astar(game, perm, batch_size=5)
        astar = weighted_astar(game, perm, h, batch_size=3)
        for r in (bfs, ucs, ucs_batched, astar):
            assert r.solved and r.n_moves == inv, (perm, r.method)
            assert game.is_solved(replay_moves(game, perm, r.moves))
        assert astar.expansions <= ucs.expansions
    big = (5, 4, 3, 2, 1, 0)
    a = weighted_astar(SortGame(), big, h, seed=0)
    assert a.solved and a.n_moves == 15 and a.expansions == 15  # an exact heuristic walks straight in


class RoadGame:
    """Shortest paths on a weighted digraph: moves are edges, with the edge weight as step cost
    (the shape of a Buchberger step: choosing a pair costs its additions)."""

    def __init__(self, G, target):
        self.G, self.target = G, target

    def legal_moves(self, v):
        return list(self.G.successors(v))

    def apply(self, v, w):
        if not self.G.has_edge(v, w):
            raise ValueError(f"no edge {v} -> {w}")
        return w

    def is_solved(self, v):
        return v == self.target

    def key(self, v):
        return v

    def step_cost(self, v, w, _next):
        return self.G[v][w]["weight"]


def test_uniform_cost_with_step_costs_is_dijkstra():
    import networkx as nx

    rng = np.random.default_rng(0)
    for trial in range(10):
        G = nx.gnp_random_graph(30, 0.15, seed=trial, directed=True)
        for u, v in G.edges:
            G[u][v]["weight"] = int(rng.integers(0, 10))
        game = RoadGame(G, 29)
        r = weighted_astar(game, 0, batch_size=1 + trial % 3, max_expansions=10_000)
        if not nx.has_path(G, 0, 29):
            assert not r.solved and r.stop == "exhausted"
            continue
        best = nx.dijkstra_path_length(G, 0, 29)
        assert r.solved and r.info["path_cost"] == best
        assert sum(G[a][b]["weight"] for a, b in zip((0, *r.moves), r.moves)) == best


def test_greedy_beam_and_random_walk_on_the_users_game():
    game = SortGame()
    start = (3, 1, 4, 0, 2)
    g = greedy(game, start, seed=0)
    assert g.solved and g.n_moves == game.cost(start)  # inversions drop by one per step
    b = beam_search(game, start, width=4, seed=0)
    assert b.solved and b.n_moves == game.cost(start)
    r = random_walk(game, (1, 0, 2), walk_length=20, seed=0)
    assert r.solved and game.is_solved(replay_moves(game, (1, 0, 2), r.moves))


def test_budgets_and_stops():
    game = SortGame()
    start = tuple(range(7, -1, -1))
    assert breadth_first(game, start, max_depth=3).stop == "exhausted"
    for solver in (
        functools.partial(breadth_first, max_depth=30),
        weighted_astar,
        functools.partial(weighted_astar, batch_size=7),
        functools.partial(random_walk, walk_length=5),
    ):
        r = solver(game, start, max_expansions=50, seed=0)
        assert not r.solved and r.stop == "expansions" and r.expansions == 50
    r = weighted_astar(game, start, max_expansions=None, max_seconds=0.05)
    assert not r.solved and r.stop == "seconds"
    with pytest.raises(InvalidParameterError, match="needs a budget"):
        greedy(game, start, max_expansions=None)
    with pytest.raises(InvalidParameterError, match="'weight' parameter of weighted_astar"):
        weighted_astar(game, start, weight=2.0)
    with pytest.raises(InvalidParameterError, match="has no cost"):
        greedy(
            type(
                "NoCost", (), {k: getattr(SortGame, k) for k in ("legal_moves", "apply", "is_solved", "key")}
            )(),
            start,
        )
    solved = (0, 1, 2)
    for solver in (random_walk, greedy, breadth_first, beam_search, weighted_astar):
        r = solver(game, solved)
        assert r.solved and r.moves == () and r.stop == "solved"


def test_solvers_are_seeded():
    game = UnknotGame(max_length=24)
    start = random_unknot(20, 4 + 1, 3)
    for solver in (
        random_walk,
        greedy,
        functools.partial(beam_search, width=4),
        functools.partial(weighted_astar, heuristic=cost_heuristic(game), weight=0.3, batch_size=4),
    ):
        a = solver(game, start, max_expansions=300, seed=11)
        b = solver(game, start, max_expansions=300, seed=11)
        assert (a.solved, a.moves, a.expansions) == (b.solved, b.moves, b.expansions)


# -- the braid game --------------------------------------------------------------------------


def _iddfs(game, start, max_depth):
    """Independent check of optimality: iterative deepening without any deduplication."""

    def dfs(state, depth):
        if game.is_solved(state):
            return []
        if depth == 0:
            return None
        for m in game.legal_moves(state):
            rest = dfs(game.apply(state, m), depth - 1)
            if rest is not None:
                return [m, *rest]
        return None

    for d in range(max_depth + 1):
        path = dfs(start, d)
        if path is not None:
            return path
    return None


TINY = [
    (BraidState((1,), 2), 1),
    (BraidState((1, 2), 3), 2),
    (BraidState((2, 1), 3), 3),  # rotate, then destabilise twice
    (BraidState((-1, 2, 1, 2), 3), None),
    (BraidState((-2, -1, 2, 2), 3), None),
    (BraidState((2, 1, 3), 4), None),
    (BraidState((2, 1, -2, 1), 3), None),
]


@pytest.mark.parametrize("start, known", TINY)
def test_bfs_is_optimal_on_tiny_braids(start, known):
    game = UnknotGame(max_length=len(start.word) + 2)
    ref = _iddfs(game, start, 6)
    assert ref is not None
    if known is not None:
        assert len(ref) == known
    bfs = breadth_first(game, start, max_depth=6)
    ucs = weighted_astar(game, start)
    admissible = weighted_astar(game, start, cost_heuristic(game, 0.5), batch_size=4)
    for r in (bfs, ucs, admissible):
        assert r.solved and r.n_moves == len(ref), r.method
        assert check_unknotting(unknotting_to_json((start, r.moves)), start).holds


def test_no_solver_unknots_the_trefoil():
    game = UnknotGame(max_length=7)
    trefoil = BraidState((1, 1, 1), 2)
    assert breadth_first(game, trefoil, max_depth=4).stop == "exhausted"
    for solver in (greedy, beam_search, weighted_astar, random_walk):
        assert not solver(game, trefoil, max_expansions=300, seed=0).solved


def test_features_for_learned_heuristics():
    game = UnknotGame(max_length=6)
    X = game.features([BraidState((1, -2, 1), 3), BraidState((), 1)])
    assert X.dtype == np.int8 and X.shape == (2, 7)
    assert X.tolist() == [[1, -2, 1, 0, 0, 0, 3], [0, 0, 0, 0, 0, 0, 1]]
    with pytest.raises(InvalidParameterError, match="padded width"):
        UnknotGame().features([BraidState((1,), 2)])
