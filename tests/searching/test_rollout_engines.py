"""Nested Monte Carlo search, AMCS and NRPA: Rosin's Adapt against a direct loop, the
Plackett-Luce playouts against their softmax probabilities, certified finds, exact resumption;
and the numpy cross-entropy backend against the PyTorch one in distribution."""

import numpy as np
import pytest

import conjectura as cj
from conjectura.searching import SearchConfig
from conjectura.searching.nrpa import adapt_policy, plackett_luce_playouts


def _adapt_by_the_paper(pol, seq, alpha):
    """Rosin (2011), Fig. 1, written as loops over one sequence."""
    new = pol.copy()
    legal = list(range(len(pol)))
    for move in seq:
        z = sum(np.exp(pol[p]) for p in legal)
        new[move] += alpha
        for p in legal:
            new[p] -= alpha * np.exp(pol[p]) / z
        legal.remove(move)
    return new


def test_adapt_matches_rosins_loop():
    rng = np.random.default_rng(0)
    W = rng.normal(size=(3, 9))
    seq = np.stack([rng.permutation(9)[:4] for _ in range(3)])
    fast = adapt_policy(W, seq, 0.7)
    for b in range(3):
        np.testing.assert_allclose(fast[b], _adapt_by_the_paper(W[b], seq[b], 0.7), rtol=1e-12)
    # the update conserves the total weight: each step adds alpha and removes alpha
    np.testing.assert_allclose(fast.sum(axis=1), W.sum(axis=1), atol=1e-12)


def test_playouts_follow_the_sequential_softmax():
    W = np.log(np.array([[1.0, 2.0, 3.0, 4.0]]))
    rng = np.random.default_rng(1)
    seqs = plackett_luce_playouts(np.repeat(W, 40_000, axis=0), 2, rng)
    first = np.bincount(seqs[:, 0], minlength=4) / len(seqs)
    np.testing.assert_allclose(first, [0.1, 0.2, 0.3, 0.4], atol=0.01)
    # P(second = 0 | first = 3) = 1 / (1 + 2 + 3)
    cond = seqs[seqs[:, 0] == 3, 1]
    assert abs(np.mean(cond == 0) - 1 / 6) < 0.015
    assert (seqs[:, 0] != seqs[:, 1]).all()  # without replacement


@pytest.mark.parametrize("engine", ["nmcs", "amcs", "nrpa"])
def test_rollout_engines_find_and_certify_the_zagreb_counterexample(engine):
    res = cj.search("graphs/zagreb-indices", engine, problem_params={"n": 9}, budget="60000e", seed=0)
    assert res.found, res.to_dict()
    v = res.certificate.verify()
    assert v.holds
    # the minimal witness is K_{1,5} + K_3 (Hansen-Vukicevic): M1 = 42, M2 = 37, n = 9, m = 8
    assert (v.values["M1"], v.values["M2"], v.values["n"], v.values["m"]) == (42, 37, 9, 8)
    again = cj.search("graphs/zagreb-indices", engine, problem_params={"n": 9}, budget="60000e", seed=0)
    assert again.evaluations == res.evaluations  # the same seed repeats the run


def test_nmcs_rejects_a_nesting_that_cannot_finish():
    with pytest.raises(cj.InvalidParameterError, match="too large"):
        cj.get_engine("nmcs", level=5, width=100, steps=10)


@pytest.mark.parametrize("engine", ["nmcs", "nrpa"])
def test_interrupted_rollout_engines_resume_exactly(home, engine):
    from conjectura.store import open_store

    def stop_at(generation):
        def cb(p):
            if p.generation == generation:
                raise KeyboardInterrupt

        return cb

    store = open_store()
    kw = dict(problem_params={"n": 8}, budget="15g")
    with pytest.raises(KeyboardInterrupt):
        cj.search(
            "graphs/wagner-2.1",
            engine,
            seed=2,
            store=store,
            callbacks=[stop_at(7)],
            config=SearchConfig(checkpoint_every=0.0),
            **kw,
        )
    run = store.list_runs(kind="search")[0]
    resumed = cj.search("graphs/wagner-2.1", None, store=store, resume=run["id"], **kw)
    straight = cj.search("graphs/wagner-2.1", engine, seed=2, **kw)
    assert resumed.evaluations == straight.evaluations and resumed.generations == 15
    assert resumed.best_score == straight.best_score and resumed.best_data == straight.best_data


def _cem_elites(backend, seed, generations=8):
    """Elite scores and elite letter frequencies after ``generations`` on Conjecture 2.1, n = 8."""
    p = cj.get_problem("graphs/wagner-2.1", n=8)
    eng = cj.get_engine("cem", population=100, optimizer="adam", learning_rate=3e-3, backend=backend)
    eng.setup(p, seed=seed)
    for _ in range(generations):
        Z = eng.ask(eng.population)
        eng.tell(Z, p.scores(Z))
    return eng.survivor_scores_.mean(), eng.survivors_.mean()


def test_numpy_cem_matches_the_torch_cem_in_distribution():
    """Same network, sampling rule and update: over 10 seeds each, a two-sample
    Kolmogorov-Smirnov test does not separate the mean elite score or the elite edge density
    of the two backends, while it does separate either from the random baseline."""
    pytest.importorskip("torch")
    from scipy.stats import ks_2samp

    from conjectura.core.threads import limit_threads

    with limit_threads(1):
        a = np.array([_cem_elites("numpy", s) for s in range(10)])
        b = np.array([_cem_elites("torch", 100 + s) for s in range(10)])
    p = cj.get_problem("graphs/wagner-2.1", n=8)
    rng = np.random.default_rng(0)
    base = []
    for _ in range(10):  # random words: the survivors of 8 generations of 100 random words
        Z = (rng.random((800, 28)) < 0.5).astype(np.int8)
        s = p.scores(Z)
        top = np.argsort(-s)[:6]
        base.append((s[top].mean(), Z[top].mean()))
    base = np.array(base)
    for k in range(2):
        assert ks_2samp(a[:, k], b[:, k]).pvalue > 0.01, (k, a[:, k], b[:, k])
    assert ks_2samp(a[:, 1], base[:, 1]).pvalue < 0.01 or ks_2samp(a[:, 0], base[:, 0]).pvalue < 0.01
