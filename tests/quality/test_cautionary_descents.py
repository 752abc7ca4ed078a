"""Williamson §5.2 rediscovered on S_10: the representation decides what is learnable.

From the one-line vector a network learns whether i is a right descent (x(i) > x(i+1), a
linear threshold) and fails at the left descent (x^{-1}(i) > x^{-1}(i+1)); from the
permutation matrix it learns both equally well. Same network, same data size, same seed.
"""

import pytest

from conjectura.core.registry import get_task
from conjectura.learn.evaluation import evaluate

HYPER = {"hidden": (128, 64), "max_epochs": 60}


def _accuracy(side, rep, null=False):
    task = get_task(f"permutations/{side}-descents", n=10, size=4000, position=5, representation=rep)
    ev = evaluate(task, "mlp", seeds=(0,), baselines=["majority"], learner_params=HYPER, null=null)
    return ev


@pytest.fixture(scope="module")
def results():
    return {
        (side, rep): _accuracy(side, rep, null=(side == "left" and rep == "oneline"))
        for side in ("right", "left")
        for rep in ("oneline", "matrix")
    }


def test_right_descents_are_easy_from_the_one_line_vector(results):
    ev = results[("right", "oneline")]
    assert ev.learner.mean("accuracy") > 0.97
    assert ev.row("majority").mean("accuracy") < 0.56


def test_left_descents_are_hard_from_the_one_line_vector(results):
    ev = results[("left", "oneline")]
    acc = ev.learner.mean("accuracy")
    assert acc < 0.65, ev.verdict()
    assert results[("right", "oneline")].learner.mean("accuracy") - acc > 0.3
    assert ev.null.mean("accuracy") < 0.56


def test_the_matrix_representation_makes_left_and_right_symmetric(results):
    right = results[("right", "matrix")].learner.mean("accuracy")
    left = results[("left", "matrix")].learner.mean("accuracy")
    assert right > 0.95 and left > 0.95
    assert abs(right - left) < 0.03
