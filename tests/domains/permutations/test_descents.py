"""Descent sets: brute force on S_4, the identity L(x) = R(x^{-1}), Eulerian numbers."""

import itertools
from collections import Counter

import numpy as np
import pytest

from conjectura.core.registry import get_task
from conjectura.domains.permutations import (
    descent_set,
    encode,
    feature_names,
    inverse,
    left_descents,
    random_permutations,
    right_descents,
)
from conjectura.exceptions import InvalidParameterError

S5 = np.array(list(itertools.permutations(range(1, 6))))


def _brute_inverse(x):
    return [x.index(i) + 1 for i in range(1, len(x) + 1)]


def test_descents_against_the_definitions_on_all_of_S5():
    R, L = right_descents(S5), left_descents(S5)
    for x, r, l in zip(S5.tolist(), R.tolist(), L.tolist()):
        xi = _brute_inverse(x)
        assert r == [int(x[i] > x[i + 1]) for i in range(4)]
        assert l == [int(xi[i] > xi[i + 1]) for i in range(4)]


def test_left_is_right_of_inverse_and_inverse_is_an_involution():
    x = random_permutations(35, 200, seed=0)
    assert np.array_equal(inverse(inverse(x)), x)
    assert np.array_equal(left_descents(x), right_descents(inverse(x)))
    assert np.array_equal(right_descents(x), left_descents(inverse(x)))


def test_eulerian_numbers():
    # The number of permutations of S_5 with k descents is the Eulerian number A(5, k).
    counts = Counter(right_descents(S5).sum(axis=1).tolist())
    assert [counts[k] for k in range(5)] == [1, 26, 66, 26, 1]
    assert Counter(left_descents(S5).sum(axis=1).tolist()) == counts


def test_descent_set_examples():
    assert descent_set([3, 1, 2], "right") == {1}
    assert descent_set([3, 1, 2], "left") == {2}
    with pytest.raises(InvalidParameterError, match="'side' parameter"):
        descent_set([1, 2], "up")


def test_matrix_representation_transpose_is_inverse():
    x = random_permutations(7, 50, seed=1)
    M = encode(x, "matrix").reshape(-1, 7, 7)
    Mi = encode(inverse(x), "matrix").reshape(-1, 7, 7)
    assert np.array_equal(M.transpose(0, 2, 1), Mi)
    assert np.array_equal(M @ np.arange(1, 8), x)  # x(i) = sum_j j P_ij: linear
    assert len(feature_names(7, "matrix")) == 49 and feature_names(3, "oneline") == ("x1", "x2", "x3")


def test_bad_inputs():
    with pytest.raises(InvalidParameterError, match="permutation of 1..3"):
        right_descents([1, 1, 2])
    with pytest.raises(InvalidParameterError, match="'representation' parameter"):
        encode([[1, 2]], "cycles")


def test_tasks_build_consistent_datasets():
    for side, fn in (("right", right_descents), ("left", left_descents)):
        for rep in ("oneline", "matrix"):
            t = get_task(f"permutations/{side}-descents", n=9, position=3, representation=rep)
            ds = t.dataset(300, seed=0)
            x = ds.frame[[f"x{i}" for i in range(1, 10)]].to_numpy()
            assert np.array_equal(ds.y, fn(x)[:, 2])
            assert np.array_equal(ds.X, encode(x, rep))
            assert t.params == {"n": 9, "size": 20000, "position": 3, "representation": rep}
            assert 0.4 < ds.y.mean() < 0.6  # a descent at i has probability 1/2
    assert get_task("permutations/left-descents").params["position"] == 17


@pytest.mark.parametrize(
    "params, fragment",
    [
        ({"n": 1}, "'n' parameter"),
        ({"n": 5, "position": 5}, "'position' parameter"),
        ({"representation": "cycles"}, "'representation' parameter"),
    ],
)
def test_task_parameter_errors(params, fragment):
    with pytest.raises(InvalidParameterError, match=fragment):
        get_task("permutations/right-descents", **params)
