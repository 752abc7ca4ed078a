"""The contract of a declared rule: kinds, inputs, parameters, output shapes, clear refusals."""

import numpy as np
import pytest

from conjectura.core.rules import Rule, RuleContext
from conjectura.exceptions import InvalidParameterError


def _identity(context, X, **params):
    return X[:, 0]


def test_a_rule_declares_its_kind_inputs_and_parameters():
    with pytest.raises(InvalidParameterError, match="'kind' parameter of Rule 'r' must be one of"):
        Rule(name="r", kind="guess", compute=_identity)
    with pytest.raises(InvalidParameterError, match="may not name a parameter 'seed'"):
        Rule(name="r", kind="predict", compute=_identity, params={"seed": 0})
    with pytest.raises(InvalidParameterError, match="'min_count' parameter of Rule 'r' must be a float >= 0"):
        Rule(name="r", kind="key", compute=_identity, min_count=-1)
    with pytest.raises(InvalidParameterError, match="non-empty string"):
        Rule(name="", kind="key", compute=_identity)
    r = Rule(name="r", kind="predict", compute=_identity, inputs="x", params={"bound": 3})
    assert r.inputs == ("x",) and repr(r) == "Rule('r', kind='predict')"
    assert r.bind() == {"bound": 3} and r.bind(bound=5) == {"bound": 5}
    with pytest.raises(
        InvalidParameterError, match="The r baseline takes the parameters \\['bound'\\]. Got 'b'"
    ):
        r.bind(b=1)
    with pytest.raises(InvalidParameterError, match="takes no parameters"):
        Rule(name="q", kind="predict", compute=_identity).bind(bound=1)


def test_a_rule_reads_only_its_inputs_in_their_order():
    seen = {}

    def compute(context, X):
        seen["X"] = X
        return X[:, 0] - X[:, 1]

    r = Rule(name="diff", kind="predict", inputs=("b", "a"), compute=compute)
    ctx = RuleContext(features=("a", "noise", "b"), task="t")
    X = np.array([[1.0, 9.0, 5.0], [2.0, 9.0, 3.0]])
    assert r.apply(ctx, X).tolist() == [4.0, 1.0]
    assert seen["X"].tolist() == [[5.0, 1.0], [3.0, 2.0]]
    assert r.why_not(RuleContext(features=("a",), task="t")) == (
        "The diff baseline needs the features ['b', 'a']; task 't' lacks ['b']."
    )
    with pytest.raises(InvalidParameterError, match="expects X with 3 columns"):
        r.apply(ctx, X[:, :2])


def test_applies_and_kind_decide_whether_a_rule_runs():
    r = Rule(
        name="needs-rep",
        kind="key",
        compute=_identity,
        applies=lambda ctx, bound=2: (
            None if "representation" in ctx.params else f"no representation (bound {bound})"
        ),
        params={"bound": 2},
    )
    assert r.why_not(RuleContext(features=("x",), params={"representation": "crt:3"})) is None
    assert r.why_not(RuleContext(features=("x",)), bound=7) == "no representation (bound 7)"
    regression = RuleContext(features=("x",), params={"representation": "r"}, task="t", kind="regression")
    assert "predicts the majority class of a key; task 't' is a regression" in r.why_not(regression)


def test_outputs_are_checked_against_the_kind():
    ctx = RuleContext(features=("x", "y"))
    X = np.arange(6.0).reshape(3, 2)
    two_d = Rule(name="2d", kind="predict", compute=lambda c, X: X)
    with pytest.raises(
        InvalidParameterError, match=r"returned shape \(3, 2\) for 3 rows; a 'predict' rule returns \(n,\)"
    ):
        two_d.apply(ctx, X)
    feat = Rule(name="f", kind="feature", compute=lambda c, X: X[:, 0])
    assert feat.apply(ctx, X).shape == (3, 1)
    keys = Rule(name="k", kind="key", compute=lambda c, X: [X[:, 0] > 1, [1, 2]])
    with pytest.raises(InvalidParameterError, match="must return 3 keys per level; level 1 has 2"):
        keys.apply(ctx, X)
    levels = Rule(name="k2", kind="key", compute=lambda c, X: np.sign(X[:, 0] - 2)).apply(ctx, X)
    assert levels == [[-1.0, 0.0, 1.0]]


def test_context_of_a_task():
    import conjectura as cj

    ctx = RuleContext.of(cj.get_task("integers/is-prime", size=100))
    assert ctx.task == "integers/is-prime" and ctx.kind == "classification"
    assert ctx.params["representation"].startswith("binary") and ctx.features[0] == "bit0"
    with pytest.raises(InvalidParameterError, match="has no input column 'conductor'"):
        ctx.index("conductor")
