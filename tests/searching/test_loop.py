"""The search loop: budgets, honesty, minimal witnesses, store runs, checkpoints and resume."""

import numpy as np
import pytest

import conjectura as cj
from conjectura.searching import Budget, LocalSearch, parse_budget, search
from conjectura.searching.minimize import minimize_witness


def test_cj_search_is_the_function():
    res = cj.search("graphs/wagner-2.1", "random", problem_params={"n": 6}, budget="500e", seed=0)
    assert isinstance(res, cj.SearchResult)
    assert res.evaluations == 1000  # one generation of the engine's 1000 words
    assert search is cj.search and not isinstance(cj.search, type(cj))


@pytest.mark.parametrize(
    "text,expected",
    [
        ("60s", Budget(seconds=60.0)),
        ("2m", Budget(seconds=120.0)),
        ("1h", Budget(seconds=3600.0)),
        ("1.5 hours", Budget(seconds=5400.0)),
        ("5000e", Budget(evaluations=5000)),
        ("5000 evaluations", Budget(evaluations=5000)),
        ("30g", Budget(generations=30)),
        ("30 generations", Budget(generations=30)),
        ("90s or 20_000e", Budget(seconds=90.0, evaluations=20000)),
        (Budget(generations=3), Budget(generations=3)),
    ],
)
def test_budget_parsing(text, expected):
    assert parse_budget(text) == expected
    assert parse_budget(str(expected)) == expected  # str() of a budget reads back


@pytest.mark.parametrize("bad", ["", "ten", "-5s", "0s", "1.5g", "5 parsecs", "3s or 4s", None, True])
def test_bad_budgets_are_refused(bad):
    with pytest.raises(cj.InvalidParameterError, match="'budget' parameter of search"):
        parse_budget(bad)


@pytest.mark.parametrize("bare", [60, 60.0, "60", np.int64(60)])
def test_a_bare_number_is_refused_with_both_readings(bare):
    with pytest.raises(cj.InvalidParameterError, match="'60s' \\(seconds\\) or '60 evaluations'"):
        parse_budget(bare)
    with pytest.raises(cj.InvalidParameterError, match="bare number is ambiguous"):
        cj.search("graphs/wagner-2.1", "random", problem_params={"n": 6}, budget=bare)


@pytest.mark.parametrize(
    "kw,msg",
    [
        ({}, "at least one of seconds"),
        ({"seconds": 0}, "'seconds' parameter of Budget"),
        ({"evaluations": 2.5}, "'evaluations' parameter of Budget"),
        ({"generations": -1}, "'generations' parameter of Budget"),
    ],
)
def test_budget_keywords_are_checked(kw, msg):
    with pytest.raises(cj.InvalidParameterError, match=msg):
        Budget(**kw)


def test_unknown_engine_and_problem():
    with pytest.raises(cj.UnknownNameError, match="Unknown engine 'cme'.*'cem'"):
        cj.search("graphs/wagner-2.1", "cme", budget="10e")
    with pytest.raises(cj.UnknownNameError, match="Unknown problem"):
        cj.search("graphs/wagner-21", budget="10e")


def test_not_found_is_said_honestly():
    res = cj.search("graphs/wagner-2.1", "local", problem_params={"n": 9}, budget="10g", seed=0)
    assert not res.found and res.certificate is None
    assert res.message == "not found within budget"
    assert res.generations == 10 and res.best is not None and res.best_score <= 1e-9
    # the float score may touch 0 (the star meets the bound); the verifier rejected it
    assert not cj.get_problem("graphs/wagner-2.1", n=9).verify(res.best).holds


def test_minimize_shrinks_the_published_counterexample_with_a_pendant_path():
    from conjectura.domains.graphs import wagner_2_1_counterexample

    p = cj.get_problem("graphs/wagner-2.1", n=19)
    G = wagner_2_1_counterexample()
    assert p.verify(G).holds
    small, checks = minimize_witness(p, G)
    assert checks > 0 and p.verify(small).holds
    assert small.number_of_nodes() < 19
    assert not any(p.verify(H).holds for H in p.simplify(small))


def test_user_defined_problem_and_engine_instance():
    from conjectura.core.problem import Encoding, SearchProblem

    target = np.array([1, 0, 1, 1, 0, 0, 1, 0], dtype=np.int8)
    prob = SearchProblem(
        name="user/hamming",
        claim="the word 10110010 exists",
        encoding=Encoding(dim=8, decode=lambda z: tuple(int(x) for x in z)),
        score=lambda w: -float(np.sum(np.array(w) != target)),
        verify=lambda w: cj.Verdict(tuple(w) == tuple(target), f"word {w}"),
        serialize=lambda w: "".join(map(str, w)),
        deserialize=lambda s: tuple(int(c) for c in s),
    )
    res = cj.search(prob, LocalSearch(walkers=1, population=8), budget="2000e", seed=0)
    assert res.found and res.certificate.witness_data == "10110010"


def test_store_run_metrics_checkpoint_and_certificate(home):
    from conjectura.store import open_store

    store = open_store()
    res = cj.search(
        "graphs/zagreb-indices", "local", problem_params={"n": 9}, budget="20000e", seed=1, store=store
    )
    assert res.found and res.run_id is not None
    run = store.get_run(res.run_id)
    assert run["kind"] == "search" and run["status"] == "finished"
    assert run["summary"]["found"] is True and run["summary"]["witness"] == res.certificate.witness_data
    assert {m["key"] for m in run["metrics"]} >= {"best_score", "evaluations", "candidates_per_s"}
    assert max(m["step"] for m in run["metrics"]) == res.generations  # the last generation has its row
    cert = store.load_certificate(run["certificates"][0]["id"])  # re-verified on load
    assert cert.witness_data == res.certificate.witness_data
    assert res.certificate_id == run["certificates"][0]["id"] == run["summary"]["certificate_id"]
    # artefacts live under runs/<store-key>/<id>: two stores under one home never share a file
    path = home / "runs" / store.key / str(res.run_id) / "certificate.json"
    assert cj.Certificate.load(path).witness_data == res.certificate.witness_data
    assert run["summary"] == res.to_dict()


def test_search_config_groups_the_knobs():
    from conjectura.searching import SearchConfig

    res = cj.search(
        "graphs/wagner-2.1",
        "random",
        problem_params={"n": 6},
        budget="3g",
        config=SearchConfig(batch_size=100, verify_per_generation=2),
    )
    assert res.evaluations == 300 and res.generations == 3
    assert res.verifications <= 6  # at most two new candidates per generation
    with pytest.raises(cj.InvalidParameterError, match="'batch_size' parameter of SearchConfig"):
        SearchConfig(batch_size=0)
    with pytest.raises(cj.InvalidParameterError, match="'config' parameter of search"):
        cj.search("graphs/wagner-2.1", budget="1g", config={"simplify": False})


def test_threshold_comes_from_the_problem():
    """Only candidates scoring at least ``problem.threshold`` reach the exact verifier."""
    import dataclasses

    from conjectura.core.problem import Encoding, SearchProblem

    calls = []

    def verify(w):  # the claim is false: no word of length 6 has seven ones
        calls.append(w)
        return cj.Verdict(sum(w) == 7, f"{sum(w)} ones")

    base = SearchProblem(
        name="user/ones",
        claim="a word of length six with seven ones exists",
        encoding=Encoding(dim=6, decode=lambda z: tuple(int(x) for x in z)),
        score=lambda w: float(sum(w)) - 6.0,  # 0 only for the all-ones word
        verify=verify,
        serialize=lambda w: "".join(map(str, w)),
        deserialize=lambda s: tuple(int(c) for c in s),
    )
    res = cj.search(base, "random", budget="5g", seed=0)
    assert not res.found and calls == [(1,) * 6]  # threshold 0, and each word is verified once

    @dataclasses.dataclass(frozen=True, kw_only=True)
    class Lenient(SearchProblem):
        threshold: float = -2.0

    calls.clear()
    fields = [f.name for f in dataclasses.fields(SearchProblem) if f.name != "threshold"]
    lenient = Lenient(**{name: getattr(base, name) for name in fields})
    cj.search(lenient, "random", budget="5g", seed=0)
    assert all(sum(w) >= 4 for w in calls) and any(sum(w) < 6 for w in calls)
    assert len(calls) == len(set(calls)) == 5 * 4  # four new words per generation


def test_to_dict_is_json_and_names_every_figure():
    import json

    res = cj.search("graphs/wagner-2.1", "random", problem_params={"n": 6}, budget="2g", seed=4)
    doc = json.loads(json.dumps(res.to_dict()))
    assert doc["problem"] == "graphs/wagner-2.1" and doc["params"] == {"n": 6}
    assert doc["budget"] == "2 generations" and doc["found"] is False and doc["reason"] is None
    assert doc["evaluations"] == 2000 and doc["best"] == res.best_data
