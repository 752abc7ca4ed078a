"""Engines on small instances with fixed seeds: they find known counterexamples, the exact
verifier decides, and runs are reproducible."""

import importlib.util
import math
from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pytest

import conjectura as cj
from conjectura.core.problem import Encoding, SearchProblem
from conjectura.searching import (
    AdaptiveMonteCarlo,
    CrossEntropy,
    LocalSearch,
    NestedMonteCarlo,
    NestedRolloutPolicy,
    RandomSearch,
    SearchConfig,
)


def _independent_check_2_1(G):
    """lambda1 + mu < sqrt(n-1) + 1 by an independent implementation: mpmath's symmetric
    eigensolver at 50 digits, matching number by networkx (the margin is about 0.015)."""
    import mpmath

    n = G.number_of_nodes()
    with mpmath.workdps(50):
        A = mpmath.matrix(nx.to_numpy_array(G, dtype=int).tolist())
        lam = max(mpmath.eigsy(A, eigvals_only=True))
        mu = len(nx.max_weight_matching(G, maxcardinality=True))
        return lam + mu < mpmath.sqrt(n - 1) + 1 - mpmath.mpf(10) ** -30


def test_registry_lists_the_engines():
    names = [e.name for e in cj.list_engines()]
    assert {"random", "cem", "local"} <= set(names)
    assert isinstance(cj.get_engine("local", walkers=2), LocalSearch)


def test_local_finds_wagner_2_1_counterexample_n19():
    res = cj.search("graphs/wagner-2.1", "local", problem_params={"n": 19}, budget="40000e", seed=1)
    assert res.found, res.to_dict()
    cert = res.certificate
    assert cert.verify().holds
    W = cert.problem.deserialize(cert.witness_data)
    assert _independent_check_2_1(W)
    # minimal: no vertex or edge deletion keeps it a counterexample
    assert not any(cert.problem.verify(H).holds for H in cert.problem.simplify(W))
    # reproducible: the same seed gives the same run
    again = cj.search("graphs/wagner-2.1", "local", problem_params={"n": 19}, budget="40000e", seed=1)
    assert again.evaluations == res.evaluations and again.certificate.witness_data == cert.witness_data


def test_local_finds_zagreb_counterexample():
    res = cj.search("graphs/zagreb-indices", "local", problem_params={"n": 9}, budget="20000e", seed=1)
    assert res.found
    v = res.certificate.verify()
    assert (v.values["M1"], v.values["M2"], v.values["n"], v.values["m"]) == (42, 37, 9, 8)  # K_{1,5} + K_3


def _user_example():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "examples" / "user_problem.py"
    spec = importlib.util.spec_from_file_location("user_problem_example", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_random_baseline_finds_mantel_extremal_graph():
    # a triangle-free graph on 6 vertices with 9 = floor(36/4) edges is K_{3,3} (Mantel, Turan)
    prob = _user_example().triangle_free_problem(n=6, min_edges=9)
    res = cj.search(prob, RandomSearch(density=None), budget="20000e", seed=0)
    assert res.found
    assert nx.is_isomorphic(res.witness, nx.complete_bipartite_graph(3, 3))


def test_random_search_stays_honest_when_nothing_exists():
    # Conjecture 2.1 holds on 7 vertices (the minimal counterexample has 18): never a false claim
    res = cj.search("graphs/wagner-2.1", "random", problem_params={"n": 7}, budget="3000e", seed=0)
    assert not res.found and res.message == "not found within budget" and res.certificate is None
    assert res.best is not None and res.evaluations == 3000


def test_cem_learns_and_is_deterministic():
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)
    p = cj.get_problem("graphs/wagner-2.1", n=8)
    scores, survivors = [], []
    for _ in range(2):
        eng = CrossEntropy(population=200, optimizer="adam", learning_rate=3e-3)
        eng.setup(p, seed=0)
        gen_best = []
        for _ in range(15):
            Z = eng.ask(eng.population)
            s = p.scores(Z)
            eng.tell(Z, s)
            gen_best.append(np.sort(s)[-20:].mean())
        scores.append(gen_best)
        survivors.append(eng.survivor_scores_.mean())
    assert scores[0] == scores[1]  # same seed, same run
    # the policy learns: its 12 survivors beat the best 12 of as many uniformly random words
    R = (np.random.default_rng(0).random((15 * 200, 28)) < 0.5).astype(np.int8)
    assert survivors[0] > np.sort(p.scores(R))[-12:].mean() + 0.5
    # the Glorot initialisation of Wagner's 128-64-4 network, in both backends
    bound = math.sqrt(6 / (56 + 128))
    fresh = CrossEntropy(backend="torch")
    fresh.setup(p, seed=0)
    lin = [m for m in fresh.policy_ if isinstance(m, torch.nn.Linear)]
    assert [tuple(m.weight.shape) for m in lin] == [(128, 56), (64, 128), (4, 64), (1, 4)]
    w = lin[0].weight.detach()
    assert float(w.abs().max()) <= bound and float(w.abs().max()) > 0.9 * bound
    assert float(lin[0].bias.detach().abs().max()) == 0
    fast = CrossEntropy()
    fast.setup(p, seed=0)
    assert [W.shape for W, _ in fast.weights_] == [(128, 56), (64, 128), (4, 64), (1, 4)]
    w = np.abs(fast.weights_[0][0])
    assert w.max() <= bound and w.max() > 0.9 * bound and not fast.weights_[0][1].any()


def test_cem_finds_triangle_free_graph_where_random_does_not():
    pytest.importorskip("torch")
    prob = _user_example().triangle_free_problem(n=8, min_edges=14)
    res = cj.search(
        prob,
        "cem",
        engine_params={"population": 200, "optimizer": "adam", "learning_rate": 3e-3},
        budget="60g",
        seed=1,
    )
    assert res.found, res.to_dict()
    W = res.witness
    assert W.number_of_edges() >= 14 and sum(nx.triangles(W).values()) == 0
    base = cj.search(prob, "random", engine_params={"density": None}, budget="20000e", seed=1)
    assert not base.found and base.message == "not found within budget"


def test_cem_rejects_non_binary_alphabets():
    prob = SearchProblem(
        name="t",
        claim="c",
        encoding=Encoding(dim=3, decode=tuple, arity=3),
        score=sum,
        verify=lambda o: cj.Verdict(False, ""),
        serialize=list,
        deserialize=tuple,
    )
    with pytest.raises(cj.InvalidParameterError, match="binary"):
        CrossEntropy().setup(prob, seed=0)


@pytest.mark.parametrize(
    "cls,kw,msg",
    [
        (LocalSearch, {"walkers": 0}, "'walkers' parameter of LocalSearch must be an int >= 1"),
        (CrossEntropy, {"optimizer": "rmsprop"}, "'optimizer' parameter of CrossEntropy"),
        (RandomSearch, {"density": 1.5}, "'density' parameter of RandomSearch"),
    ],
)
def test_bad_hyperparameters(cls, kw, msg):
    with pytest.raises(cj.InvalidParameterError, match=msg):
        cls(**kw)


def test_engine_state_round_trip():
    """Every engine resumes exactly from its state_dict, passed through the store's format
    (numpy arrays, bytes and JSON; no pickle)."""
    from conjectura.store import pack_state, unpack_state

    p = cj.get_problem("graphs/wagner-2.1", n=10)
    pairs = [(LocalSearch(), LocalSearch()), (RandomSearch(), RandomSearch())]
    if importlib.util.find_spec("torch") is not None:
        kw = {"population": 40, "optimizer": "adam", "learning_rate": 3e-3, "backend": "torch"}
        pairs.append((CrossEntropy(**kw), CrossEntropy(**kw)))
    for opt in ("sgd", "adam"):
        kw = {"population": 40, "optimizer": opt, "learning_rate": 3e-3}
        pairs.append((CrossEntropy(**kw), CrossEntropy(**kw)))
    pairs += [(cls(), cls()) for cls in (NestedMonteCarlo, AdaptiveMonteCarlo, NestedRolloutPolicy)]
    for eng_a, eng_b in pairs:
        eng_a.setup(p, seed=5)
        for _ in range(3):
            Z = eng_a.ask(40)
            eng_a.tell(Z, p.scores(Z))
        eng_b.setup(p, seed=99)
        eng_b.load_state_dict(unpack_state(pack_state(eng_a.state_dict())))
        for _ in range(2):  # the next generations agree letter for letter, training included
            Za, Zb = eng_a.ask(40), eng_b.ask(40)
            assert np.array_equal(Za, Zb), type(eng_a).__name__
            eng_a.tell(Za, p.scores(Za))
            eng_b.tell(Zb, p.scores(Zb))


@dataclass(frozen=True, kw_only=True)
class _SampledEncoding(Encoding):
    """An encoding with its own prior (the field ``Encoding.sample``)."""

    sample: Callable | None = None


def test_local_restarts_come_from_the_encodings_prior():
    calls = []

    def every_other(rng, k):
        calls.append(k)
        start = int(rng.integers(2))
        return np.tile((np.arange(6) + start) % 2, (k, 1)).astype(np.int8)

    prob = SearchProblem(
        name="anything",
        claim="c",
        encoding=_SampledEncoding(dim=6, decode=tuple, sample=every_other),
        score=lambda w: -float(sum(w)),
        verify=lambda w: cj.Verdict(False, ""),
        serialize=list,
        deserialize=tuple,
    )
    eng = LocalSearch(walkers=3, patience=1, restart_random=1.0)
    eng.setup(prob, seed=0)
    assert calls == [1, 1, 1]  # one word per call, in the order the walkers start
    assert {tuple(w) for w in eng.current_} <= {(0, 1, 0, 1, 0, 1), (1, 0, 1, 0, 1, 0)}
    for _ in range(4):
        Z = eng.ask(12)
        eng.tell(Z, prob.scores(Z))
    assert len(calls) > 3 and eng.restarts_ == len(calls) - 3  # every random restart asked the prior
    uniform = LocalSearch(walkers=3, init="uniform")
    uniform.setup(prob, seed=0)
    assert len(calls) == 3 + eng.restarts_  # init="uniform" ignores the prior


def test_local_engine_never_looks_at_the_problem_name():
    import dataclasses

    builtin = cj.get_problem("graphs/wagner-2.1", n=12)
    mine = dataclasses.replace(builtin, name="mine/lambda-plus-mu")
    words = []
    for prob in (builtin, mine):
        eng = LocalSearch()
        eng.setup(prob, seed=4)
        out = []
        for _ in range(6):
            Z = eng.ask(256)
            eng.tell(Z, prob.scores(Z))
            out.append(Z)
        words.append(np.concatenate(out))
    assert np.array_equal(words[0], words[1])


def test_a_wrong_prior_is_refused_in_one_line():
    prob = SearchProblem(
        name="x",
        claim="c",
        encoding=_SampledEncoding(dim=4, decode=tuple, sample=lambda rng, k: np.zeros((k, 5), dtype=np.int8)),
        score=sum,
        verify=lambda w: cj.Verdict(False, ""),
        serialize=list,
        deserialize=tuple,
    )
    with pytest.raises(cj.InvalidParameterError, match="shape \\(1, 4\\).*Got shape \\(1, 5\\)"):
        LocalSearch().setup(prob, seed=0)


def test_graph_prior_keeps_the_local_engine_runs_of_the_built_in_problems():
    """The hub-weighted prior moved from the engine into the graph encoding: given that prior
    alone, the local engine searches exactly as before (runs recorded with the engine's own
    prior at b56499c; the Conjecture 2.1 run re-recorded when its batched score moved from
    LAPACK to the compiled eigenvalue kernel, whose last-bit rounding reorders tied
    candidates). The encoding's prior is now a mixture with random trees
    (:func:`graph_prior_words`); :func:`hub_prior_words` is its first family."""
    import dataclasses

    from conjectura.domains.graphs import hub_prior_words

    runs = {
        ("graphs/wagner-2.1", 19, 1): (8_708, "R_@AA?wO?@G?OGO??CA???G??_A???"),
        ("graphs/zagreb-indices", 9, 0): (2_052, "HG?B?A\\"),
    }
    for (name, n, seed), (evaluations, found) in runs.items():
        prob = cj.get_problem(name, n=n)
        hub = dataclasses.replace(prob.encoding, sample=lambda rng, k, n=n: hub_prior_words(n, rng, k))
        res = cj.search(
            dataclasses.replace(prob, encoding=hub),
            "local",
            budget="60s",
            seed=seed,
            config=SearchConfig(simplify=False),
        )
        assert (res.evaluations, res.certificate.witness_data) == (evaluations, found)


def test_local_with_fewer_candidates_than_walkers():
    p = cj.get_problem("graphs/wagner-2.1", n=6)
    eng = LocalSearch(walkers=4)
    eng.setup(p, seed=0)
    first = eng.ask(100)  # the walkers' starting words are scored first
    assert first.shape == (4, 15)
    eng.tell(first, p.scores(first))
    for n in (2, 7):
        Z = eng.ask(n)
        assert Z.shape == (n, 15) and set(np.unique(Z)) <= {0, 1}
        eng.tell(Z, p.scores(Z))
