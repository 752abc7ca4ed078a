"""PatternBoost: the transformer learns a distribution; the engine finds known constructions."""

import numpy as np
import pytest

import conjectura as cj

torch = pytest.importorskip("torch")

from conjectura.searching.patternboost import PatternBoost  # noqa: E402
from conjectura.searching.transformer import (  # noqa: E402
    char_model_nll,
    make_char_model,
    sample_char_model,
    train_char_model,
)


def test_transformer_learns_a_simple_distribution():
    # words of length 12 over {0, 1, 2}: letter t is t mod 3 with probability 0.9, else random
    rng = np.random.default_rng(0)
    L = 12
    base = np.arange(L) % 3
    W = np.where(rng.random((600, L)) < 0.9, base, rng.integers(0, 3, size=(600, L))).astype(np.int8)
    model = make_char_model(L, 3, seed=0)
    before = char_model_nll(model, W)
    for _ in range(8):
        train_char_model(model, W, epochs=1, batch_size=32, lr=3e-3, seed=rng)
    after = char_model_nll(model, W)
    # the entropy per letter of the data is -0.933 ln 0.933 - 2 (0.033 ln 0.033), about 0.29 nats
    assert before > 1.0 and after < 0.45
    S = sample_char_model(model, 400, seed=1)
    agree = (base == S).mean()
    assert abs(agree - (0.9 + 0.1 / 3)) < 0.05  # sampled letters follow the learned law


def test_patternboost_finds_a_c4_free_extremal_graph():
    p = cj.get_problem("graphs/c4-free-edges", n=14)
    # 200 annealing moves per seed are too few to reach 27 edges from the prior alone within
    # the first round; the seeds sampled from the transformer get there
    eng = PatternBoost(population=4, effort=200, round_size=16, train_size=16, database=64, d_model=32)
    res = cj.search(p, eng, budget="150g", seed=0)
    assert res.found and res.certificate.values["edges"] == 27
    assert "matches the known maximum 27" in res.certificate.verdict.reason
    assert eng.rounds_ >= 1 and np.isfinite(eng.losses_).all()  # the transformer seeded a round


def test_patternboost_without_a_problem_local_search_uses_the_local_engine():
    p = cj.get_problem("grids/no-three-in-line", n=5)
    eng = PatternBoost(population=4, local_generations=5, round_size=8, train_size=8, database=64, d_model=32)
    res = cj.search(p, eng, budget="120s", seed=0)
    assert res.found and len(res.witness) == 10 and eng.inner_evaluations_ > 0


def test_state_dict_resumes_the_same_way():
    p = cj.get_problem("graphs/c4-free-edges", n=9, target=14)  # above ex(9; C4) = 13: never stops

    def run(split):
        a = PatternBoost(population=2, effort=500, round_size=4, train_size=4, database=16, d_model=16)
        a.setup(p, seed=3)
        out = []
        for g in range(4):
            if g == split:
                state = a.state_dict()
                a = PatternBoost(
                    population=2, effort=500, round_size=4, train_size=4, database=16, d_model=16
                )
                a.setup(p, seed=99)
                a.load_state_dict(state)
            Z = a.ask(2)
            a.tell(Z, p.scores(Z))
            out.append(Z)
        return np.concatenate(out)

    assert np.array_equal(run(None), run(3))


def test_engines_are_registered():
    names = {e.name for e in cj.list_engines()}
    assert {"patternboost", "climb"} <= names
    assert cj.get_engine("patternboost", population=3).population == 3
    with pytest.raises(cj.InvalidParameterError, match="'train_size' parameter of PatternBoost"):
        PatternBoost(database=10, train_size=20)
