"""Sidon sets: the Golomb table against exhaustive search, the exact check, the problem."""

import itertools

import numpy as np
import pytest

import conjectura as cj
from conjectura.domains.integers.sidon import (
    GOLOMB_LENGTHS,
    check_sidon,
    is_sidon,
    sidon_collisions,
    sidon_maximum,
)


def brute_is_sidon(S):
    sums = [a + b for a, b in itertools.combinations_with_replacement(sorted(S), 2)]
    return len(sums) == len(set(sums))


def brute_maximum(n):
    best = 0
    for k in range(1, n + 1):
        if any(brute_is_sidon(S) for S in itertools.combinations(range(1, n + 1), k)):
            best = k
        else:
            return best
    return best


def test_table_against_exhaustive_search():
    assert [sidon_maximum(n) for n in range(1, 19)] == [brute_maximum(n) for n in range(1, 19)]
    assert GOLOMB_LENGTHS[5] == 11 and GOLOMB_LENGTHS[28] == 585 and sidon_maximum(586) is None


@pytest.mark.parametrize("seed", range(5))
def test_check_and_batch_agree_with_sums(seed):
    rng = np.random.default_rng(seed)
    Z = (rng.random((40, 15)) < 0.3).astype(np.int8)
    col = sidon_collisions(Z)
    for z, c in zip(Z, col, strict=True):
        S = [int(i) + 1 for i in np.flatnonzero(z)]
        assert is_sidon(S) == brute_is_sidon(S) == (c == 0) == check_sidon(S).holds


def test_problem_finds_and_certifies_the_maximum():
    p = cj.get_problem("integers/sidon-set", n=26)
    assert p.target == 7 and p.claim == "There is a Sidon set in {1..26} with size >= 7."
    res = cj.search(p, "local", budget="60s", seed=0)
    assert res.found and "matches the known maximum 7" in res.certificate.verdict.reason
    assert brute_is_sidon(res.witness) and len(res.witness) == 7
    assert not p.verify([1, 2, 3, 5, 8, 13, 21]).holds  # 3 - 2 = 2 - 1
    assert not p.verify([0, 2, 7, 11, 20, 22, 25]).holds  # 0 is outside {1..26}
