"""A move game of your own in a page: sort a permutation by rotating three adjacent entries.

A move ``i`` replaces ``(p[i], p[i+1], p[i+2])`` by ``(p[i+1], p[i+2], p[i])``, a 3-cycle, hence
an even permutation: exactly the even permutations can be sorted (adjacent 3-cycles generate
the alternating group A_n), so odd permutations are honest negative controls that no solver
may ever report solved. The checker replays the moves with its own code.

Load it into the CLI, which then knows the environment ``mine/rotate-sort``; every registered
policy (random walk, greedy, BFS, beam, weighted A*) runs on it:

    conjectura --import examples/move_game.py guide eval mine/rotate-sort -i size=6 -i count=8
    conjectura --import examples/move_game.py guide solve rotate-sort "3 1 2 5 4 0" -m beam
    conjectura --import examples/move_game.py guide solve rotate-sort "3 1 2 4 5 0"   # odd: exit 1

References: the 3-cycles (i, i+1, i+2) generate A_n; see e.g. J. J. Rotman, An Introduction to
the Theory of Groups, 4th ed., Springer (1995), Exercise 3.9.
"""

import numpy as np

import conjectura as cj


def inversions(p) -> int:
    return sum(1 for i in range(len(p)) for j in range(i + 1, len(p)) if p[i] > p[j])


class RotateSortGame:
    """States are tuples (a permutation of 0..n-1); a move is a position i <= n - 3."""

    name = "mine/rotate-sort"

    def __init__(self, n: int = 6):
        if not isinstance(n, int) or n < 3:
            raise cj.InvalidParameterError(
                f"The 'n' parameter of RotateSortGame must be an int >= 3. Got {n!r} instead."
            )
        self.n = n

    # the four required methods of conjectura.guide.MoveGame
    def legal_moves(self, state):
        return list(range(len(state) - 2))

    def apply(self, state, i):
        if not (isinstance(i, int) and 0 <= i <= len(state) - 3):
            raise ValueError(f"move {i!r} does not apply to {state}")
        return state[:i] + state[i + 1 : i + 3] + state[i : i + 1] + state[i + 3 :]

    def is_solved(self, state):
        return list(state) == sorted(state)

    def key(self, state):
        return state

    # optional: a classical cost (greedy, beam and weighted A* use it)
    def cost(self, state):
        return inversions(state)

    # what `conjectura guide eval/solve` use
    def check(self, start, moves) -> cj.Verdict:
        """Independent replay: each move's precondition, then the goal."""
        p = list(start)
        for k, i in enumerate(moves):
            if not (isinstance(i, int) and 0 <= i <= len(p) - 3):
                return cj.Verdict(False, f"step {k}: {i!r} is not a position of a triple")
            p[i], p[i + 1], p[i + 2] = p[i + 1], p[i + 2], p[i]
        if p != sorted(p):
            return cj.Verdict(False, f"the moves end at {p}, which is not sorted")
        return cj.Verdict(True, f"{len(moves)} rotations sort {list(start)}", {"n_moves": len(moves)})

    def parse_state(self, text):
        try:
            p = tuple(int(t) for t in text.replace(",", " ").split())
        except ValueError:
            raise cj.InvalidParameterError(
                f"A state must be integers separated by spaces. Got {text!r} instead."
            ) from None
        if sorted(p) != list(range(len(p))) or len(p) < 3:
            raise cj.InvalidParameterError(
                f"A state must be a permutation of 0..n-1 with n >= 3. Got {text!r} instead."
            )
        return p

    def instances(self, *, seed=0, size=None, count=8, negatives=2):
        """``count`` random even permutations and ``negatives`` odd ones (never sortable)."""
        n = self.n if size is None else size
        rng = np.random.default_rng(seed)
        out = []
        pos, neg = [], []
        while len(pos) < count or len(neg) < negatives:
            p = tuple(int(x) for x in rng.permutation(n))
            odd = inversions(p) % 2 == 1
            bucket, cap = (neg, negatives) if odd else (pos, count)
            if len(bucket) < cap:
                bucket.append({"state": p, "size": n, "negative": odd})
        out = pos + neg
        return out


@cj.core.register_environment(
    "mine/rotate-sort", description="sort a permutation by rotating adjacent triples"
)
def rotate_sort(n: int = 6) -> RotateSortGame:
    return RotateSortGame(n)


if __name__ == "__main__":
    from conjectura.guide.environments import evaluate_environment

    ev = evaluate_environment("mine/rotate-sort", instances={"size": 6, "count": 8}, max_expansions=300)
    from rich.console import Console

    Console().print(ev.table())
    Console().print(ev.table(negative=True))
