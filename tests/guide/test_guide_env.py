"""The braid unknotting game as a gymnasium environment: the gymnasium checker accepts it, a step
plays the row's move, the reward is minus the cost reached (Gukov et al.), and potential shaping
turns it into the move's progress while the task reward is kept."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from conjectura.domains.braids import (
    MOVE_FEATURES,
    BraidState,
    UnknotGame,
    random_unknot,
    unknot_move_features,
)
from conjectura.exceptions import InvalidParameterError
from conjectura.guide.env import MoveGameEnv

GAME = UnknotGame(max_length=30)


def braid_env(**kw):
    return MoveGameEnv(
        GAME,
        lambda rng: random_unknot(10, 3, seed=int(rng.integers(10_000))),
        unknot_move_features,
        len(MOVE_FEATURES),
        **kw,
    )


def test_the_gymnasium_checker_accepts_the_braid_env():
    from gymnasium.utils.env_checker import check_env

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any checker warning fails the test
        check_env(braid_env(), skip_render_check=True)


def test_a_step_plays_the_rows_move_and_costs_the_length_reached():
    env = braid_env()
    obs, info = env.reset(seed=3)
    s = info["state"]
    assert obs.shape == (len(GAME.legal_moves(s)), len(MOVE_FEATURES)) and info["moves"] == GAME.legal_moves(
        s
    )
    i = next(k for k, m in enumerate(info["moves"]) if m.kind == "conjugate")
    _, r, terminated, truncated, info2 = env.step(i)
    assert info2["state"] == GAME.apply(s, info["moves"][i]) and info2["move"] == info["moves"][i]
    assert r == -GAME.cost(info2["state"]) == info2["task_reward"] and not terminated and not truncated
    # the same start comes back with the same seed
    assert braid_env().reset(seed=3)[1]["state"] == s


def test_shaping_by_minus_cost_over_one_minus_gamma_rewards_progress():
    env = braid_env(potential=lambda s: -GAME.cost(s) / (1 - 0.9), gamma=0.9)
    start = BraidState((1, -1, 2), 3)
    _, info = env.reset(options={"state": start})
    k = info["moves"].index(("cancel", 0))
    _, r, *_, info2 = env.step(k)
    # r = -c' + 0.9 * (-c'/0.1) + c/0.1 = (c - c') / 0.1
    c, c2 = GAME.cost(start), GAME.cost(info2["state"])
    assert r == pytest.approx((c - c2) / 0.1) and info2["task_reward"] == -c2
    # the goal has potential 0: destabilising (1) on 2 strands ends the episode
    env.reset(options={"state": BraidState((1,), 2)})
    _, r, terminated, _, info3 = env.step(0)
    assert terminated and r == pytest.approx(GAME.cost(BraidState((1,), 2)) / 0.1)
    assert info3["task_reward"] == 0.0


def test_bad_construction_and_bad_actions_fail_clearly():
    with pytest.raises(InvalidParameterError, match="'n_features' parameter of MoveGameEnv"):
        MoveGameEnv(GAME, [BraidState((1,), 2)], unknot_move_features, 0)
    with pytest.raises(InvalidParameterError, match="must not be empty"):
        MoveGameEnv(GAME, [], unknot_move_features, 3)
    env = MoveGameEnv(GAME, [BraidState((1, 2), 3)], lambda s, succ: np.zeros((len(succ), 2)), 3)
    with pytest.raises(InvalidParameterError, match="expected"):
        env.reset(seed=0)
    env = braid_env()
    with pytest.raises(InvalidParameterError, match="before reset"):
        env.step(0)
