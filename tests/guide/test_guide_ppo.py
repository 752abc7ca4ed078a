"""PPO over variable action sets: the row-wise policy is permutation-equivariant and handles any
number of moves, GAE matches a hand computation, PPO learns a corridor to optimality, and a
resumed run continues exactly as an uninterrupted one."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from conjectura.exceptions import InvalidParameterError
from conjectura.guide import evaluate_game
from conjectura.guide.checkpoint import read_checkpoint
from conjectura.guide.env import MoveGameEnv
from conjectura.guide.ppo import PPOConfig, RowPolicy, _pad, gae, load_policy, policy_solver, train_ppo


class Corridor:
    """Walk from 0 to ``n`` on the integers; at 0 the only move is +1 (one row), elsewhere ±1.

    The optimal policy always steps right: ``n`` moves from 0.
    """

    def __init__(self, n: int = 8):
        self.n = n

    def legal_moves(self, s):
        return [1] if s == 0 else [-1, 1]

    def apply(self, s, m):
        if m not in self.legal_moves(s):
            raise ValueError(f"move {m} does not apply at {s}")
        return s + m

    def is_solved(self, s):
        return s == self.n

    def key(self, s):
        return s

    def cost(self, s):
        return self.n - s


def corridor_rows(state, succ):
    # the move and where it leads: enough to rank the moves, whatever their number
    return np.array([[m, t / 8.0] for m, t in succ], dtype=np.float32)


def corridor_env(max_steps=40):
    return MoveGameEnv(
        Corridor(), lambda rng: int(rng.integers(0, 4)), corridor_rows, 2, reward="step", max_steps=max_steps
    )


def test_policy_is_equivariant_under_reordering_the_rows():
    torch.manual_seed(0)
    p = RowPolicy(5, (16, 16))
    p.norm.fit(np.random.default_rng(0).normal(size=(50, 5)))
    rows = np.random.default_rng(1).normal(size=(7, 5)).astype(np.float32)
    perm = np.random.default_rng(2).permutation(7)
    probs, probs_perm = p.probabilities(rows), p.probabilities(rows[perm])
    np.testing.assert_allclose(probs_perm, probs[perm], rtol=1e-6, atol=1e-7)
    assert p.value(rows[perm]) == pytest.approx(p.value(rows), abs=1e-6)
    assert probs.sum() == pytest.approx(1.0, abs=1e-6)


def test_policy_handles_one_row_and_ragged_batches():
    torch.manual_seed(0)
    p = RowPolicy(3, (8,))
    one = np.ones((1, 3), dtype=np.float32)
    assert p.probabilities(one).tolist() == [1.0]
    assert p.value(np.zeros((0, 3), dtype=np.float32)) == 0.0
    rng = np.random.default_rng(3)
    states = [rng.normal(size=(m, 3)).astype(np.float32) for m in (1, 4, 2, 9)]
    x, mask = _pad(states, 3)
    with torch.no_grad():
        logits, values = p(x, mask)
    for i, rows in enumerate(states):  # padding changes nothing: the batch equals one state at a time
        np.testing.assert_allclose(
            torch.softmax(logits[i], 0)[: len(rows)].numpy(), p.probabilities(rows), rtol=1e-5, atol=1e-7
        )
        assert float(values[i]) == pytest.approx(p.value(rows), abs=1e-5)
        assert torch.isinf(logits[i, len(rows) :]).all()


def test_gae_matches_a_hand_computation():
    # r = (1, 2, 3), V = (0.5, 1.0, 1.5), truncated with V(s_3) = 2, gamma 0.9, lambda 0.8
    # deltas: 1 + .9*1 - .5 = 1.4; 2 + .9*1.5 - 1 = 2.35; 3 + .9*2 - 1.5 = 3.3
    # A2 = 3.3; A1 = 2.35 + .72*3.3 = 4.726; A0 = 1.4 + .72*4.726 = 4.80272
    adv, ret = gae([1, 2, 3], [0.5, 1.0, 1.5], 2.0, gamma=0.9, lam=0.8)
    np.testing.assert_allclose(adv, [4.80272, 4.726, 3.3])
    np.testing.assert_allclose(ret, [5.30272, 5.726, 4.8])
    # lambda = 1, terminated (V(s_T) = 0): A_t = discounted return - V(s_t)
    adv, ret = gae([1, 1], [0.0, 0.0], 0.0, gamma=0.5, lam=1.0)
    np.testing.assert_allclose(ret, [1.5, 1.0])


def test_env_observes_one_row_per_legal_move_and_ends_at_the_goal():
    env = corridor_env()
    obs, info = env.reset(seed=0, options={"state": 0})
    assert obs.shape == (1, 2) and info["moves"] == [1] and env.action_space.n == 1
    obs, r, term, trunc, info = env.step(0)
    assert obs.shape == (2, 2) and r == -1.0 and not term and not trunc and info["state"] == 1
    with pytest.raises(InvalidParameterError, match="must be in"):
        env.step(5)
    env.reset(options={"state": 7})
    obs, r, term, trunc, _ = env.step(1)
    assert term and not trunc and obs.shape == (0, 2)


def test_ppo_learns_the_corridor_to_optimal(tmp_path):
    cfg = PPOConfig(
        hidden=(16,), iterations=12, episodes=6, epochs=4, minibatch=64, lr=1e-2, seed=0, warmup_episodes=2
    )
    res = train_ppo(corridor_env(), cfg, checkpoint=tmp_path / "c.npz", progress=False)
    assert res.history[-1]["solved"] == 1.0
    solve = policy_solver(res.policy, corridor_rows, walk_length=30)
    ev = evaluate_game(
        Corridor(),
        [{"state": s, "start": s} for s in range(4)],
        {"ppo": solve},
        check=lambda s, moves: __import__("conjectura.core.certificate", fromlist=["Verdict"]).Verdict(
            s + sum(moves) == 8, f"ends at {s + sum(moves)}"
        ),
        max_expansions=30,
        group_by=("start",),
    )
    # the first (argmax) walk is optimal from every start: n - s moves, all to the right
    assert [r["n_moves"] for r in ev.records] == [8, 7, 6, 5]
    policy, header = load_policy(tmp_path / "c.npz")
    assert len(header["history"]) == 12
    assert policy.probabilities(corridor_rows(3, [(-1, 2), (1, 4)]))[1] > 0.9


def _params(policy):
    return [t.detach().clone() for t in policy.state_dict().values()]


def test_checkpoint_round_trips_and_resume_equals_an_uninterrupted_run(tmp_path):
    cfg4 = PPOConfig(hidden=(8,), iterations=4, episodes=3, epochs=2, minibatch=16, seed=5, warmup_episodes=1)
    full = train_ppo(corridor_env(), cfg4, checkpoint=tmp_path / "full.npz", progress=False)
    cfg2 = PPOConfig(hidden=(8,), iterations=2, episodes=3, epochs=2, minibatch=16, seed=5, warmup_episodes=1)
    train_ppo(corridor_env(), cfg2, checkpoint=tmp_path / "part.npz", progress=False)
    resumed = train_ppo(corridor_env(), cfg4, checkpoint=tmp_path / "part.npz", resume=True, progress=False)
    assert resumed.resumed_from == 2
    for a, b in zip(_params(full.policy), _params(resumed.policy)):
        assert torch.equal(a, b)
    strip = [{k: v for k, v in h.items() if k != "seconds"} for h in full.history]
    assert strip == [{k: v for k, v in h.items() if k != "seconds"} for h in resumed.history]
    # the file holds exactly the weights in memory, and the optimiser's moments
    arrays, header = read_checkpoint(tmp_path / "full.npz")
    loaded, _ = load_policy(tmp_path / "full.npz")
    for a, b in zip(_params(full.policy), _params(loaded)):
        assert torch.equal(a, b)
    assert any(k.startswith("opt.") and k.endswith("exp_avg") for k in arrays)
    assert header["kind"] == "conjectura-guide-ppo/1"
    # a finished run resumed with the same budget does nothing more
    again = train_ppo(corridor_env(), cfg4, checkpoint=tmp_path / "full.npz", resume=True, progress=False)
    assert again.resumed_from == 4 and len(again.history) == 4


def test_resume_refuses_a_different_configuration(tmp_path):
    cfg = PPOConfig(hidden=(8,), iterations=1, episodes=2, seed=0, warmup_episodes=1)
    train_ppo(corridor_env(), cfg, checkpoint=tmp_path / "c.npz", progress=False)
    with pytest.raises(InvalidParameterError, match=r"differs in \['lr'\]"):
        train_ppo(
            corridor_env(),
            PPOConfig(hidden=(8,), iterations=2, episodes=2, lr=1e-2, seed=0, warmup_episodes=1),
            checkpoint=tmp_path / "c.npz",
            resume=True,
            progress=False,
        )


def test_config_rejects_bad_values():
    with pytest.raises(InvalidParameterError, match="'clip' parameter of PPOConfig"):
        PPOConfig(clip=0.0)
    with pytest.raises(InvalidParameterError, match="'hidden' parameter"):
        PPOConfig(hidden=())
