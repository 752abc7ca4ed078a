"""evaluate(): learner beside baselines and the shuffled-label null, on a planted signal."""

import json

import numpy as np
import pytest

from conjectura.core.task import Dataset, Task
from conjectura.exceptions import InvalidParameterError, UnknownNameError
from conjectura.learn import evaluate, get_baseline, list_baselines, list_learners
from conjectura.learn.evaluation import score
from conjectura.learn.splits import split_indices
from conjectura.learn.synthetic import planted_task

FAST = {"hidden": (32,), "max_epochs": 60, "patience": 8, "batch_size": 64, "lr": 3e-3}


@pytest.fixture(scope="module")
def planted_eval():
    return evaluate(planted_task(), "mlp", seeds=(0, 1), n=800, learner_params=FAST)


def test_learner_beats_majority_and_null(planted_eval):
    ev = planted_eval
    names = [r.name for r in ev.rows]
    assert names == ["mlp", "majority", "logistic", "gbt", "knn", "null(mlp)"]
    acc = {r.name: r.mean("accuracy") for r in ev.rows}
    # The majority class of round(x0 + x1/2) is 0: P(|s| < 1/2) with s ~ N(0, 5/4) = 0.345
    assert acc["majority"] == pytest.approx(0.345, abs=0.05)
    assert acc["mlp"] > 0.85 and acc["logistic"] > 0.8
    assert acc["null(mlp)"] < acc["majority"] + 0.05
    assert ev.gap("majority") > 0.4
    assert len(ev.learner.test["accuracy"]) == 2 and ev.n_test == [160, 160]
    assert "null" in ev.verdict()


def test_to_dict_is_json_with_documented_keys(planted_eval):
    d = json.loads(json.dumps(planted_eval.to_dict()))
    for key in (
        "task",
        "kind",
        "metric",
        "split",
        "seeds",
        "rows",
        "best_baseline",
        "gap",
        "verdict",
        "curves",
        "n_rows",
        "n_dropped",
        "n_train",
        "n_test",
    ):
        assert key in d
    row = d["rows"][0]
    assert row["role"] == "learner"
    assert set(row["test"]["accuracy"]) == {"mean", "std", "values"}
    assert len(d["curves"]["0"]["train_loss"]) == len(d["curves"]["0"]["val_loss"]) > 0


def test_null_row_is_really_trained_on_permuted_labels():
    """With labels equal to a feature, every honest model is perfect; the null cannot be."""

    def build(n, rng):
        X = rng.normal(size=(400, 2))
        y = (X[:, 0] > 0).astype(int)
        return Dataset(X, y, ("a", "b"), "y")

    task = Task(name="t/sign", features=("a", "b"), target="y", build=build)
    ev = evaluate(task, "logistic", seeds=(0, 1, 2), baselines=["majority"])
    assert ev.learner.mean("accuracy") > 0.97
    assert ev.null.mean("accuracy") < 0.7


def test_regression_reports_r2_and_mae():
    ev = evaluate(planted_task("regression"), "linear", seeds=(0,), n=600)
    assert ev.metric == "r2"
    names = [r.name for r in ev.rows]
    assert names[:2] == ["linear", "mean"] and "null(linear)" in names
    assert ev.learner.mean("r2") > 0.99 and ev.learner.mean("mae") < 0.1
    assert abs(ev.row("mean").mean("r2")) < 0.05  # predicting the mean: R^2 ~ 0


def test_score_matches_sklearn():
    from sklearn.metrics import mean_absolute_error, r2_score

    rng = np.random.default_rng(0)
    a, b = rng.normal(size=50), rng.normal(size=50)
    s = score("regression", a, b)
    assert s["r2"] == pytest.approx(r2_score(a, b)) and s["mae"] == pytest.approx(mean_absolute_error(a, b))


def test_missing_values_are_counted_not_silently_dropped():
    def build(n, rng):
        X = rng.normal(size=(300, 2))
        X[:7, 1] = np.nan
        return Dataset(X, (X[:, 0] > 0).astype(int), ("a", "b"), "y")

    task = Task(name="t/nan", features=("a", "b"), target="y", build=build)
    ev = evaluate(task, "logistic", seeds=(0,), baselines=["majority"])
    assert ev.n_dropped == 7 and ev.n_rows == 293
    assert "7 dropped" in ev.table().title


def test_group_splits_hold_out_whole_groups():
    g = np.array([3, 3, 4, 4, 4, 5, 6, 6])
    tr, te = split_indices(8, "group>4", test_size=0.2, seed=0, groups=g)
    assert set(g[te]) == {5, 6} and set(g[tr]) == {3, 4}
    tr, te = split_indices(8, "group:3,6", test_size=0.2, seed=0, groups=g)
    assert set(g[te]) == {3, 6}
    for seed in range(5):
        tr, te = split_indices(8, "group", test_size=0.4, seed=seed, groups=g)
        assert not set(g[tr]) & set(g[te]) and len(tr) + len(te) == 8
    ev = evaluate(planted_task(), "logistic", seeds=(0,), split="group:far", n=800, baselines=["majority"])
    assert ev.n_test[0] == int(np.sum(ev.dataset.groups == "far"))


def test_bad_inputs_fail_clearly():
    task = planted_task()
    with pytest.raises(UnknownNameError, match="Unknown learner 'nope'"):
        evaluate(task, "nope", seeds=(0,), n=100)
    with pytest.raises(UnknownNameError, match="Unknown baseline"):
        evaluate(task, "logistic", seeds=(0,), n=100, baselines=["nope"])
    with pytest.raises(InvalidParameterError, match="'split' parameter"):
        evaluate(task, "logistic", seeds=(0,), n=100, split="diagonal")
    with pytest.raises(InvalidParameterError, match="empty test set"):
        evaluate(task, "logistic", seeds=(0,), n=100, split="group:nowhere")
    with pytest.raises(InvalidParameterError, match="'test_size' parameter"):
        evaluate(task, "logistic", seeds=(0,), n=100, test_size=1.5)
    with pytest.raises(InvalidParameterError, match="'logistic' is a classifier"):
        get_baseline("logistic", planted_task("regression"))


def test_registry_lists_generic_models():
    assert {"mlp", "logistic", "linear", "gbt", "knn"} <= {e.name for e in list_learners()}
    assert {"majority", "mean", "logistic", "linear", "gbt", "knn"} <= {e.name for e in list_baselines()}


def test_gbt_tolerates_singleton_classes():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 2))
    y = np.where(X[:, 0] > 0, 1, 0)
    y[0] = 9  # a class with one example
    est = get_baseline("gbt", planted_task(), max_iter=30).fit(X, y)
    assert 9 in est.classes_ and est.score(X, y) > 0.9


def test_evaluation_is_stored_as_a_learn_run(home):
    import conjectura as cj

    ev = evaluate(
        planted_task(), "logistic", seeds=(0, 1), n=300, baselines=["majority"], store=cj.open_store()
    )
    run = cj.open_store().get_run(int(ev.run_id))
    assert run["kind"] == "learn" and run["status"] == "finished"
    assert run["summary"]["rows"][0]["test"]["accuracy"]["mean"] == ev.learner.mean("accuracy")
    keys = {m["key"] for m in run["metrics"]}
    assert {"learner/logistic/accuracy", "baseline/majority/accuracy", "null/null(logistic)/accuracy"} <= keys


def test_score_r2_conventions_on_constant_targets_agree_with_sklearn():
    from sklearn.metrics import r2_score

    assert score("regression", [1.0, 1.0], [1.0, 1.0])["r2"] == 1.0 == r2_score([1.0, 1.0], [1.0, 1.0])
    assert score("regression", [1.0, 1.0], [0.0, 2.0])["r2"] == 0.0 == r2_score([1.0, 1.0], [0.0, 2.0])
    # one row is a constant target too (where r2_score itself gives NaN)
    assert score("regression", [3.0], [3.0])["r2"] == 1.0 and score("regression", [3.0], [2.0])["r2"] == 0.0
    assert score("classification", ["a", "b"], ["a", "a"]) == {"accuracy": 0.5}


def test_config_is_frozen_validated_and_overridden_by_keywords():
    from dataclasses import FrozenInstanceError

    from conjectura.learn.evaluation import EvaluateConfig

    cfg = EvaluateConfig(learner="logistic", seeds=[2, 3], baselines=["majority"])
    assert cfg.seeds == (2, 3) and cfg.baselines == ("majority",)
    with pytest.raises(FrozenInstanceError):
        cfg.seeds = (0,)
    with pytest.raises(InvalidParameterError, match="unknown option 'seed'. Did you mean 'seeds'"):
        cfg.replace(seed=1)
    with pytest.raises(InvalidParameterError, match="'n_threads' parameter"):
        EvaluateConfig(n_threads=0)
    ev = evaluate(planted_task(), config=cfg, n=200)  # keywords override the config
    assert [r.name for r in ev.rows] == ["logistic", "majority", "null(logistic)"] and ev.seeds == (2, 3)
    assert ev.config.n == 200 and ev.to_dict()["seeds"] == [2, 3]
    with pytest.raises(InvalidParameterError, match="unknown option 'sedes'"):
        evaluate(planted_task(), "logistic", sedes=(0,))


def test_seed_estimator_sets_only_the_estimators_own_seed_parameters():
    """The seed goes to the estimator and to the steps of a pipeline; an estimator nested in a
    step keeps its own seed, and only the predicting classifier receives the classes."""
    from sklearn.base import BaseEstimator, TransformerMixin
    from sklearn.ensemble import BaggingClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.tree import DecisionTreeClassifier

    from conjectura.learn.evaluation import seed_estimator
    from conjectura.learn.mlp import MLPClassifier

    class Binner(TransformerMixin, BaseEstimator):
        """A transformer whose 'classes' (bin labels) have nothing to do with the target."""

        def __init__(self, classes=(0, 1), random_state=None):
            self.classes, self.random_state = classes, random_state

    bag = BaggingClassifier(DecisionTreeClassifier(random_state=5), random_state=0)
    pipe = seed_estimator(make_pipeline(Binner(), bag), 11, classes=np.array([-2, 0, 2]))
    assert pipe[0].random_state == 11 and pipe[0].classes == (0, 1)
    assert pipe[1].random_state == 11 and pipe[1].estimator.random_state == 5
    mlp = seed_estimator(MLPClassifier(seed=0), 4, classes=np.array([-2, 0, 2]))
    assert mlp.seed == 4 and mlp.classes.tolist() == [-2, 0, 2]


def test_a_learner_that_cannot_take_the_data_is_bad_input():
    with pytest.raises(InvalidParameterError, match=r"cannot be fitted .* \(10 training rows"):
        evaluate(planted_task(), "knn", seeds=(0,), n=12, baselines=[], null=False)
