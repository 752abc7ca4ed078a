"""The empirical NTK (torch.func) against independent computations, its convergence to the
analytic NTK with width, and its drift during training shrinking with width."""

import numpy as np
import pytest
from scipy.special import erf

from conjectura.exceptions import InvalidParameterError
from conjectura.theory import Architecture, empirical_ntk, make_network, ntk_study, train_and_track_ntk

X = np.array([[1.0, 0.0], [0.6, 0.8], [-0.3, 0.9], [0.0, -1.0]])


def test_empirical_ntk_against_autograd_per_output():
    import torch

    net = make_network(Architecture(d_in=2, width=16, depth=3, activation="relu"), seed=0)
    T = empirical_ntk(net, X)
    rows = []
    for x in torch.as_tensor(X):
        grads = torch.autograd.grad(net(x[None, :])[0], list(net.parameters()))
        rows.append(torch.cat([g.reshape(-1) for g in grads]))
    J = torch.stack(rows).numpy()
    np.testing.assert_allclose(T, J @ J.T, rtol=1e-12, atol=1e-12)


def test_empirical_ntk_of_one_hidden_layer_in_closed_form():
    """f = (s_w/sqrt N) v.phi(z) + s_b b', z = (s_w/sqrt d) W x + s_b b: summing the squared
    gradients by parameter group gives
    (s_w^2/N) sum_i [phi_i(x) phi_i(x') + v_i^2 phi'_i(x) phi'_i(x') (s_w^2 x.x'/d + s_b^2)] + s_b^2."""
    arch = Architecture(d_in=2, width=32, depth=1, activation="erf", sigma_w2=1.5, sigma_b2=0.2)
    net = make_network(arch, seed=1)
    W, W2 = (p.detach().numpy() for p in net.weights)
    b, _ = (p.detach().numpy() for p in net.biases)
    z = np.sqrt(1.5 / 2) * X @ W.T + np.sqrt(0.2) * b
    phi, dphi = erf(z), 2 / np.sqrt(np.pi) * np.exp(-(z**2))
    v2 = W2[0] ** 2
    T = 1.5 / 32 * (phi @ phi.T + (dphi * v2) @ dphi.T * (1.5 * X @ X.T / 2 + 0.2)) + 0.2
    np.testing.assert_allclose(empirical_ntk(net, X), T, rtol=1e-12)


def test_convergence_to_the_analytic_ntk_and_shrinking_drift():
    """Seed-averaged NTK at width 1024 within the Bonferroni t-threshold of the analytic NTK;
    distance at initialisation falling with slope -1/2 (within 4 standard errors); drift during
    training falling with width (slope more than 4 standard errors below 0)."""
    s = ntk_study("erf", depth=1, widths=(16, 64, 256, 1024), seeds=8, n_inputs=4, steps=100, seed=0)
    assert s.agrees, s.summary()
    assert abs(s.error_fit.z(-0.5)) <= 4, s.summary()
    assert s.rows[-1]["drift"] < s.rows[0]["drift"]


def test_training_reduces_the_loss_and_reports_the_drift():
    run = train_and_track_ntk(
        Architecture(d_in=2, width=64, depth=2), X, np.array([0.3, -0.5, 0.1, 0.8]), steps=60
    )
    assert run.losses[-1] < 0.1 * run.losses[0]
    assert 0 < run.ntk_drift < 1 and run.lr > 0
    with pytest.raises(
        InvalidParameterError, match="targets 'y' of train_and_track_ntk must be 4 finite numbers"
    ):
        train_and_track_ntk(Architecture(d_in=2, width=4), X, np.zeros(3))
    with pytest.raises(InvalidParameterError, match="at least 3 widths"):
        ntk_study(widths=(8, 16))
