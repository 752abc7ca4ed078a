"""Any declared rule as a scikit-learn estimator: the m-estimate, the three kinds, the contract."""

import numpy as np
import pytest
from sklearn.base import clone

import conjectura as cj
from conjectura.core.rules import Rule, RuleContext
from conjectura.learn import evaluate
from conjectura.learn.rules import RuleClassifier, RuleRegressor, rule_baseline
from conjectura.learn.synthetic import planted_task


def _keys3(context, X):
    """Three levels of keys from the first column's digits, finest first."""
    v = X[:, 0].astype(int)
    return [v.tolist(), (v // 10).tolist(), (v // 100).tolist()]


def _brute_force_m_estimate(levels_tr, y, levels_te, classes, m):
    """Cestnik's m-estimate, coarsest level first, one row at a time, with plain dicts."""
    prior = np.array([np.sum(y == c) for c in classes], dtype=float)
    out = []
    for j in range(len(levels_te[0])):
        p = prior / prior.sum()
        for lv_tr, lv_te in zip(reversed(levels_tr), reversed(levels_te)):
            counts = np.array(
                [np.sum((np.array(lv_tr) == lv_te[j]) & (y == c)) for c in classes], dtype=float
            )
            if counts.sum() + m > 0:
                p = (counts + m * p) / (counts.sum() + m)
        out.append(p)
    return np.array(out)


@pytest.mark.parametrize("m", [0.0, 3.0, 20.0])
def test_key_rules_are_the_m_estimate(m):
    rng = np.random.default_rng(0)
    X = rng.integers(0, 500, size=(400, 1)).astype(float)
    y = (X[:, 0] // 37 + rng.integers(0, 2, size=400)) % 3
    Xte = rng.integers(0, 700, size=(150, 1)).astype(float)  # keys above 500 are never seen
    rule = Rule(name="digits", kind="key", compute=_keys3, min_count=m)
    est = rule_baseline(rule, RuleContext(features=("n",))).fit(X, y)
    want = _brute_force_m_estimate(_keys3(None, X), y, _keys3(None, Xte), est.classes_, m)
    np.testing.assert_allclose(est.predict_proba(Xte), want, rtol=1e-12)
    assert est.predict(Xte).tolist() == est.classes_[np.argmax(want, axis=1)].tolist()
    if m == 0:  # the plain training majority of each key seen in training
        for k, label in est.key_labels_.items():
            vals, counts = np.unique(y[X[:, 0].astype(int) == k], return_counts=True)
            assert label == vals[np.argmax(counts)]


def test_the_estimator_honours_the_scikit_learn_contract():
    rule = Rule(name="digits", kind="key", compute=_keys3, params={}, min_count=5)
    est = rule_baseline(rule, RuleContext(features=("n",)), min_count=2, seed=4)
    assert isinstance(est, RuleClassifier) and est.get_params()["min_count"] == 2
    twin = clone(est)
    assert twin.get_params()["rule"] is not None and twin.get_params()["seed"] == 4
    twin.set_params(seed=9)  # what evaluate does with every seed-like parameter
    with pytest.raises(cj.NotFittedError, match=r"RuleClassifier \(digits\) is not fitted yet"):
        twin.predict(np.zeros((1, 1)))
    predict_rule = Rule(name="zero", kind="predict", compute=lambda c, X: np.zeros(len(X), dtype=int))
    zero = rule_baseline(predict_rule, RuleContext(features=("n",)))
    assert not hasattr(zero, "predict_proba")  # a predict rule gives no probabilities
    with pytest.raises(cj.InvalidParameterError, match="takes no 'min_count'"):
        rule_baseline(predict_rule, RuleContext(features=("n",)), min_count=3)
    with pytest.raises(cj.InvalidParameterError, match="takes no parameters. Got 'bound'"):
        rule_baseline(predict_rule, RuleContext(features=("n",)), bound=3)


def test_feature_rules_fit_a_linear_model_on_the_rule_features():
    from sklearn.linear_model import LogisticRegression, Ridge
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    rng = np.random.default_rng(1)
    X = rng.normal(size=(300, 3))
    feature = Rule(name="sum", kind="feature", compute=lambda c, X: X[:, 0] + X[:, 1])
    y = (X[:, 0] + X[:, 1] + 0.3 * rng.normal(size=300) > 0).astype(int)
    ctx = RuleContext(features=("a", "b", "c"))
    est = rule_baseline(feature, ctx, seed=3).fit(X, y)
    ref = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000, random_state=3))
    ref.fit((X[:, 0] + X[:, 1])[:, None], y)
    assert np.array_equal(est.predict(X), ref.predict((X[:, 0] + X[:, 1])[:, None]))
    np.testing.assert_allclose(est.predict_proba(X), ref.predict_proba((X[:, 0] + X[:, 1])[:, None]))
    yr = 2 * (X[:, 0] + X[:, 1]) + 1
    reg = rule_baseline(feature, RuleContext(features=("a", "b", "c"), kind="regression")).fit(X, yr)
    assert isinstance(reg, RuleRegressor) and np.allclose(reg.predict(X), yr)
    ridge = make_pipeline(StandardScaler(), Ridge(alpha=1e-6)).fit((X[:, 0] + X[:, 1])[:, None], yr)
    assert np.allclose(reg.predict(X), ridge.predict((X[:, 0] + X[:, 1])[:, None]))


def test_a_declared_rule_is_a_baseline_of_evaluate():
    """The planted signal, written as a rule, is exact; evaluate shows it beside the learner."""
    planted = Rule(
        name="test/planted-rule",
        kind="predict",
        inputs=("x0", "x1"),
        compute=lambda c, X: np.clip(np.round(X[:, 0] + X[:, 1] / 2), -2, 2).astype(np.int64),
        description="the planted signal itself",
    )
    cj.register_rule(planted, overwrite=True)
    assert "test/planted-rule" in {e.name for e in cj.list_baselines()}
    ev = evaluate(planted_task(), "logistic", seeds=(0,), n=400, baselines=["test/planted-rule", "majority"])
    rows = {r.name: r for r in ev.rows}
    assert rows["test/planted-rule"].mean("accuracy") == 1.0
    assert rows["test/planted-rule"].description == "the planted signal itself"
    assert rows["majority"].mean("accuracy") < 0.6
    # a rule that does not apply is reported as not run, with the reason
    ev = evaluate(planted_task(), "logistic", seeds=(0,), n=200, baselines=["slope-rule"], null=False)
    (row,) = [r for r in ev.rows if r.name == "slope-rule"]
    assert "needs the features" in row.error
