"""Seed 000 "Honest limitations" and Lowry-Duda (arXiv:2502.10335) rediscovered: on mu^2(n) and
mu(n) from residues mod the primes below 100, a network does about as well as the Bayes rule
from small-prime divisibility and no better; on primality, "always composite" is already 92%
and trial division beats the network."""

import pytest

from conjectura.core.registry import get_task
from conjectura.learn.evaluation import evaluate


def _ev(name, **params):
    task = get_task(name, size=8000, **params)
    return evaluate(
        task, "mlp", seeds=(0, 1), baselines=list(task.baselines), learner_params={"hidden": (64, 64)}
    )


@pytest.mark.parametrize("name, lift", [("integers/squarefree", 0.05), ("integers/mobius", 0.05)])
def test_learner_matches_the_divisibility_baseline(name, lift):
    ev = _ev(name)
    mlp = ev.learner.mean("accuracy")
    div = ev.row("divisibility").mean("accuracy")
    majority = ev.row("majority").mean("accuracy")
    assert ev.row("square-divisibility").error is not None  # crt:25 cannot see p^2 | n
    assert div > majority + lift and mlp > majority + lift, ev.verdict()
    assert abs(mlp - div) < 0.04, ev.verdict()
    assert ev.null.mean("accuracy") < majority + 0.02


def test_primality_baselines_are_hard_to_beat():
    ev = _ev("integers/is-prime")
    always = ev.row("always-composite").mean("accuracy")
    trial = ev.row("trial-division").mean("accuracy")
    assert 0.9 < always < 0.94  # 68906 primes among 900000 six-digit numbers
    assert trial > always + 0.02
    assert ev.learner.mean("accuracy") < trial + 0.01, ev.verdict()
