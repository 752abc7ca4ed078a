"""Gradient saliency (eq. 1 of Gukov-Halverson-Ruehle), integrated gradients and permutation
importance: an exact check on a linear network and a planted signal with a known answer."""

import io

import numpy as np
import pytest
import torch

from conjectura.exceptions import InvalidParameterError
from conjectura.interpret import attribute, gradient_saliency, integrated_gradients
from conjectura.learn import evaluate
from conjectura.learn.mlp import MLPClassifier, MLPRegressor
from conjectura.learn.synthetic import planted_task

FAST = {"hidden": (32,), "max_epochs": 60, "patience": 8, "batch_size": 64, "lr": 3e-3}


def test_eq1_exact_on_a_linear_network():
    """With no hidden layer the regressor is z -> w.z + b and the per-example squared loss
    L = (w.z + b - t)^2 has dL/dz_i = 2 (w.z + b - t) w_i, so
    r_i = |w_i| * mean_k |2 (w.z_k + b - t_k)|, computed here independently in float64."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 4)) * [1.0, 10.0, 0.1, 5.0]
    y = X @ [2.0, 0.1, -3.0, 0.0] + rng.normal(size=300)
    reg = MLPRegressor(hidden=(), max_epochs=30, seed=0).fit(X, y)
    lin = reg.module_[0]
    w = lin.weight.detach().double().numpy()[0]
    b = float(lin.bias.detach().double().numpy()[0])
    Z = (X - reg.mean_) / reg.scale_
    t = (y - reg.y_mean_) / reg.y_scale_
    resid = Z @ w + b - t
    expected = np.abs(w) * np.mean(np.abs(2 * resid))
    np.testing.assert_allclose(gradient_saliency(reg, X, y), expected, rtol=1e-4)


def test_eq1_matches_per_example_autograd_on_a_classifier():
    """Row k of the gradient of the summed loss is the gradient of example k's own loss."""
    rng = np.random.default_rng(1)
    X = rng.normal(size=(60, 3))
    y = (X[:, 0] > 0).astype(int)
    clf = MLPClassifier(hidden=(8,), max_epochs=5, seed=0).fit(X, y)
    Z = torch.as_tensor(clf.transform_inputs(X), dtype=torch.float32)
    rows = []
    for k in range(len(X)):
        z = Z[k : k + 1].clone().requires_grad_(True)
        loss = torch.nn.functional.cross_entropy(clf.module_(z), torch.tensor([y[k]]))
        (g,) = torch.autograd.grad(loss, z)
        rows.append(g.abs().numpy()[0])
    np.testing.assert_allclose(gradient_saliency(clf, X, y), np.mean(rows, axis=0), rtol=1e-5)


@pytest.fixture(scope="module")
def planted_attributions():
    ev = evaluate(planted_task(), "mlp", seeds=(0, 1), n=1200, learner_params=FAST, baselines=["majority"])
    return ev, attribute(ev, max_rows=300, n_repeats=3)


def test_planted_signal_is_recovered_by_every_method_and_seed(planted_attributions):
    """Known answer: only x0 and x1 carry signal, x0 twice as strongly; the noise columns are
    on scales from 1e-3 to 1e3, so forgetting to standardise would rank them first."""
    _ev, att = planted_attributions
    assert set(att) == {"gradient", "integrated_gradients", "permutation"}
    for method, a in att.items():
        assert a.values.shape == (2, 6)
        for k in range(len(a.seeds)):
            assert a.top(2, k) == ["x0", "x1"], (method, a.values[k])
        assert a.ranking()[:2] == ["x0", "x1"]
        noise = a.mean[2:]
        assert a.mean[1] > 2 * noise.max(), method


def test_attribution_summary(planted_attributions):
    _, att = planted_attributions
    d = att["gradient"].to_dict()
    assert d["ranking"][:2] == ["x0", "x1"]
    assert [r["rank"] for r in d["features"]] == list(range(1, 7))
    assert sum(r["share"] for r in d["features"]) == pytest.approx(1.0)
    assert set(d["per_seed"]) == {"0", "1"}


def test_integrated_gradients_completeness():
    """IG's completeness axiom: attributions sum to F(x) - F(baseline) (up to the Riemann error)."""
    rng = np.random.default_rng(2)
    X = rng.normal(size=(50, 3))
    y = X @ [1.0, -1.0, 0.5]
    reg = MLPRegressor(hidden=(8,), max_epochs=10, seed=0).fit(X, y)
    import captum.attr

    Z = torch.as_tensor(reg.transform_inputs(X[:5]), dtype=torch.float32)
    attr = captum.attr.IntegratedGradients(reg.module_).attribute(
        Z, baselines=torch.zeros_like(Z), target=0, n_steps=200
    )
    with torch.no_grad():
        diff = (reg.module_(Z) - reg.module_(torch.zeros_like(Z)))[:, 0]
    np.testing.assert_allclose(attr.sum(dim=1).numpy(), diff.numpy(), atol=1e-3)
    assert integrated_gradients(reg, X, y).shape == (3,)


def test_attribution_errors():
    ev = evaluate(planted_task(), "logistic", seeds=(0,), n=200, baselines=[])
    att = attribute(ev, methods=("gradient", "permutation"))
    assert set(att) == {"permutation"}  # no gradient for a non-network learner
    with pytest.raises(InvalidParameterError, match="'methods' parameter"):
        attribute(ev, methods=("shap",))
    with pytest.raises(InvalidParameterError, match="fitted conjectura MLP"):
        gradient_saliency(ev.models[0], ev.dataset.X, ev.dataset.y)


def test_attributions_rank_together_and_print(planted_attributions):
    from rich.console import Console

    _, att = planted_attributions
    assert att.primary is att["gradient"]
    rows = att.rows()
    assert [r["feature"] for r in rows] == att["gradient"].ranking()
    i = att["permutation"].feature_names.index(rows[0]["feature"])
    assert rows[0]["permutation"] == f"{att['permutation'].mean[i]:.4g} ± {att['permutation'].std[i]:.2g}"
    assert att.top_per_seed(2) == "seed 0: x0, x1; seed 1: x0, x1"
    console = Console(width=120, record=True, file=io.StringIO())
    console.print(att.table(2))
    console.print(att["integrated_gradients"].table(1))
    text = console.export_text()
    assert "integr. gradients" in text and "x1" in text.split("integrated gradients (captum)")[0]
    assert "noise_a" not in text  # only the first rows were asked for
    assert set(att.to_dict()["gradient"]) == {"ranking", "features", "top3_per_seed"}
