"""Learning S-pair selection: the gymnasium environment is Buchberger's algorithm with reward
minus (1 + additions), the Degree baseline is the Degree strategy's exact return, PPO checkpoints
in the store resume exactly, and the evaluation runs every method on the same ideals with the
learned policy's reduced bases checked against an independent computation."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from typer.testing import CliRunner

from conjectura.cli.app import _assemble, app
from conjectura.domains.polynomials import get_strategy, groebner_basis, initial_state, parse_distribution
from conjectura.domains.polynomials.env import BuchbergerEnv, discounted_return
from conjectura.domains.polynomials.learning import (
    default_config,
    evaluate_buchberger,
    learned_strategy,
    train_buchberger,
)
from conjectura.exceptions import InvalidParameterError
from conjectura.guide.ppo import RowPolicy, load_policy
from conjectura.store import open_store
from conjectura.store.db import Run

_assemble()
runner = CliRunner()
SMALL = "3-6-4-uniform"


@pytest.fixture(autouse=True)
def _one_thread():
    torch.set_num_threads(1)


def test_env_episode_is_buchberger_with_minus_one_plus_additions():
    env = BuchbergerEnv("3-20-10-weighted")
    obs, info = env.reset(seed=3)
    assert obs.shape == (env.state.num_pairs, 12) and info["pairs"] == env.state.num_pairs
    np.testing.assert_array_equal(obs, env.state.observation())
    F = env.state.generators
    total, done, steps = 0.0, False, 0
    while not done:
        obs, r, done, truncated, info = env.step(int(np.argmin(env.state.pair_degrees)))
        assert r == -(1 + info["additions"]) and not truncated
        total += r
        steps += 1
    _, stats = groebner_basis(F, strategy="degree")
    assert -total == stats.polynomial_additions and steps == stats.pairs_processed
    assert obs.shape == (0, 12)
    # the same seed, the same ideal
    env.reset(seed=3)
    assert env.state.generators == F


def test_degree_baseline_is_the_degree_strategys_return():
    env = BuchbergerEnv("3-20-10-weighted")
    env.reset(seed=5)
    _, stats = groebner_basis(env.state.generators, strategy="degree")
    assert env.strategy_value("degree", gamma=1.0) == -stats.polynomial_additions
    env.step(0)
    rest = env.strategy_value("degree", gamma=0.5)
    assert rest < 0 and env.state.stats.pairs_processed == 1  # the state is not advanced
    assert discounted_return(np.array([1, 2, 4]), 0.5) == -3.0


def test_numpy_actor_and_learned_strategy_follow_the_torch_policy():
    torch.manual_seed(0)
    pol = RowPolicy(12, (16, 8))
    pol.norm.fit(np.random.default_rng(0).integers(0, 20, (50, 12)))
    S = initial_state("3-20-10-weighted", seed=1)
    x = S.observation().astype(np.float32)
    ref = pol(torch.from_numpy(x)[None])[0][0].detach().numpy()
    np.testing.assert_allclose(pol.numpy_actor()(x), ref, rtol=1e-5, atol=1e-6)
    assert learned_strategy(pol)(S) == int(np.argmax(ref))


def _weights(policy):
    return {k: v.detach().clone() for k, v in policy.state_dict().items()}


def test_store_checkpoint_resume_equals_uninterrupted(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 's.db'}")
    cfg = default_config(
        hidden=(8,),
        iterations=3,
        episodes=2,
        epochs=2,
        minibatch=64,
        imitation_episodes=2,
        imitation_epochs=2,
    )
    full = train_buchberger(SMALL, config=cfg, store=store, progress=False)
    part = train_buchberger(
        SMALL, config=default_config(**{**cfg.to_dict(), "iterations": 2}), store=store, progress=False
    )
    assert len(part.history) == 2
    resumed = train_buchberger(store=store, resume=part.run_id, iterations=3, progress=False)
    assert resumed.resumed_from == 2
    drop = lambda h: {k: v for k, v in h.items() if k != "seconds"}  # noqa: E731
    assert [drop(h) for h in resumed.history] == [drop(h) for h in full.history]
    a, ha = load_policy(Run(store, full.run_id))
    b, hb = load_policy(Run(store, part.run_id))
    for k, v in _weights(a).items():
        assert torch.equal(v, _weights(b)[k]), k
    assert ha["optimizer"] == hb["optimizer"]
    assert store.get_run(part.run_id)["status"] == "finished"
    assert [m["step"] for m in store.metrics(part.run_id, "mean_return")] == [0, 1, 2]
    with pytest.raises(InvalidParameterError, match="not a Buchberger training run"):
        other = store.start_run("search", "x")
        other.finish()
        train_buchberger(store=store, resume=other.id)


def test_evaluation_same_ideals_and_exact_bases(tmp_path):
    torch.manual_seed(0)
    pol = RowPolicy(12, (8,))
    ev = evaluate_buchberger(SMALL, ideals=12, seed=4, policy=pol, strategies=("first", "degree"), rollouts=3)
    assert [r["method"] for r in ev.rows] == ["first", "degree", "learned", "best of 3 random"]
    # the Degree row, recomputed independently on the documented ideals
    ref = [
        groebner_basis(
            initial_state(SMALL, seed=np.random.default_rng([4, i])).generators, strategy="degree"
        )[1]
        for i in range(12)
    ]
    assert ev.per_ideal["degree"] == [s.polynomial_additions for s in ref]
    assert ev.learned["bases_agree"] == ev.learned["bases_checked"] == 12
    assert ev.best_classical in ("first", "degree")
    d = ev.to_dict()
    assert json.loads(json.dumps(d))["learned"]["improvement"] == pytest.approx(
        1 - np.mean(ev.per_ideal["learned"]) / np.mean(ev.per_ideal[ev.best_classical])
    )
    assert d["beats_target"] == (d["learned"]["improvement"] >= 0.2)
    with pytest.raises(InvalidParameterError, match="variables"):
        evaluate_buchberger("4-5-3-uniform", ideals=2, policy=pol)


def test_generator_count_is_bounded():
    with pytest.raises(InvalidParameterError, match="'s' parameter"):
        parse_distribution("3-20-100000-weighted")


def one_line_error(r):
    assert r.exit_code == 2, r.output
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), r.stderr
    return lines[0]


@pytest.mark.parametrize(
    "args, says",
    [
        (["eval", "buchberger", "--dist", "3-20-10-bogus"], "kind must be one of"),
        (["eval", "buchberger", "--dist", "nonsense"], "Unknown ideal distribution"),
        (["eval", "buchberger", "--dist", "0-20-10-weighted"], "number of variables"),
        (["eval", "buchberger", "--dist", "3-0-10-weighted"], "degree d must be >= 1"),
        (["eval", "buchberger", "--dist", "3-20-0-weighted"], "number of generators"),
        (["train", "buchberger", "--dist", "3-20-5000-weighted"], "'s' parameter"),
        (["train", "buchberger", "--dist", "3-900-10-weighted"], "monomials"),
        (["eval", "buchberger", "--ideals", "0"], "--ideals"),
        (["eval", "buchberger", "--strategies", "fastest"], "Unknown selection strategy"),
        (["train", "buchberger", "--teacher", "oracle"], "Unknown selection strategy"),
    ],
)
def test_cli_bad_input_is_one_line_exit_2(args, says, tmp_path):
    r = runner.invoke(app, ["guide", *args, "--store", f"sqlite:///{tmp_path / 's.db'}"])
    assert says in one_line_error(r)


def test_cli_train_resume_and_eval(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    base = ["guide", "train", "buchberger", "--dist", SMALL, "--store", url, "--json"]
    r = runner.invoke(app, [*base, "--iterations", "1", "--episodes", "2", "--imitation", "2"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert len(doc["history"]) == 1
    r = runner.invoke(app, [*base, "--iterations", "2", "--resume", str(doc["run_id"])])
    assert r.exit_code == 0, r.output
    again = json.loads(r.stdout)
    assert again["resumed_from"] == 1 and len(again["history"]) == 2
    r = runner.invoke(app, ["guide", "train", "buchberger", "--resume", "99", "--store", url])
    assert "no run 99" in one_line_error(r)
    ev_args = ["guide", "eval", "buchberger", "--dist", SMALL, "--ideals", "5", "--rollouts", "2"]
    r = runner.invoke(app, [*ev_args, "--policy", str(doc["run_id"]), "--store", url, "--json"])
    assert r.exit_code == 0, r.output
    ev = json.loads(r.stdout)
    assert ev["ideals"] == 5 and ev["learned"]["source"] == f"run {doc['run_id']}"
    assert {row["method"] for row in ev["rows"]} >= {"true-degree", "learned", "best of 2 random"}


def test_teacher_marks_every_pair_of_minimal_key():
    from conjectura.domains.polynomials.learning import _teacher

    env = BuchbergerEnv("3-20-10-weighted")
    env.reset(seed=2)
    good = _teacher("true-degree")(env)
    td = env.state.pair_true_degrees
    np.testing.assert_array_equal(good, td == td.min())
    assert good[get_strategy("true-degree")(env.state)]
    assert _teacher("first")(env) == 0 and _teacher(None) is None


@pytest.mark.parametrize("name", ["env", "learning"])
def test_doctests(name):
    import doctest
    import importlib

    mod = importlib.import_module(f"conjectura.domains.polynomials.{name}")
    res = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert res.failed == 0 and res.attempted > 0
