"""The compiled cross-entropy kernels against the engine's numpy path (dense state matrices,
one numpy call per minibatch and per letter): same words from the same random numbers, same
weights after an epoch (to float32 rounding), for SGD and Adam."""

import numpy as np
import pytest

import conjectura as cj
from conjectura.searching import cem_kernels
from conjectura.searching.cem import CrossEntropy, _states_numpy

pytest.importorskip("numba")


def _pair(n, **kw):
    p = cj.get_problem("graphs/wagner-2.1", n=n)
    a, b = CrossEntropy(**kw), CrossEntropy(**kw)
    a.setup(p, seed=3)
    b.setup(p, seed=3)
    return p, a, b


def _numpy_path(monkeypatch, fn, *args):
    """``fn(*args)`` with the compiled kernels switched off (the engine's numpy code)."""
    assert cem_kernels.kernels() is not None
    with monkeypatch.context() as m:
        m.setattr(cem_kernels, "_KERNELS", False)
        assert cem_kernels.kernels() is None
        return fn(*args)


def _assert_same_state(a, b, rtol=1e-4, atol=1e-6):
    for (Wa, ba), (Wb, bb) in zip(a.weights_, b.weights_):
        np.testing.assert_allclose(Wa, Wb, rtol=rtol, atol=atol)
        np.testing.assert_allclose(ba, bb, rtol=rtol, atol=atol)
    assert a.adam_["t"] == b.adam_["t"]
    for x, y in zip(a.adam_["m"] + a.adam_["v"], b.adam_["m"] + b.adam_["v"]):
        np.testing.assert_allclose(x, y, rtol=rtol, atol=1e-9)
    assert a.last_loss_ == pytest.approx(b.last_loss_, rel=1e-4)


@pytest.mark.parametrize(
    "n,opt,lr,density",
    [(19, "sgd", 1e-4, 0.5), (19, "sgd", 1e-2, 0.1), (10, "adam", 3e-3, 0.3), (19, "adam", 1e-3, 0.1)],
)
def test_fused_epoch_equals_the_numpy_epoch(monkeypatch, n, opt, lr, density):
    """Three epochs on fixed elite sets (70 words: Wagner's top 7% of 1000), minibatches in the
    same order from the same permutation: the same weights, moments and loss."""
    _p, a, b = _pair(n, optimizer=opt, learning_rate=lr)
    rng = np.random.default_rng(0)
    for _ in range(3):
        elite = (rng.random((70, a.dim_)) < density).astype(np.int8)
        a._np_train(elite)
        _numpy_path(monkeypatch, b._np_train, elite)
        _assert_same_state(a, b)
    moved = max(np.max(np.abs(W - W0)) for (W, _), (W0, _) in zip(a.weights_, _pair(n)[1].weights_))
    assert moved > 10 * lr * 1e-3  # the epochs did change the weights


def test_fused_epoch_with_a_ragged_last_minibatch_and_other_widths(monkeypatch):
    _p, a, b = _pair(7, optimizer="adam", learning_rate=1e-2, hidden=(16, 8, 3, 2), batch_size=13)
    elite = (np.random.default_rng(1).random((5, a.dim_)) < 0.4).astype(np.int8)  # 105 states
    for _ in range(2):
        a._np_train(elite)
        _numpy_path(monkeypatch, b._np_train, elite)
    _assert_same_state(a, b)


@pytest.mark.parametrize("n,trained", [(8, False), (19, True)])
def test_fused_sampling_decides_by_the_same_rule(monkeypatch, n, trained):
    """Letter t of word r is 1 iff logit(u[r, t]) < z, with the uniforms the numpy path draws
    and z the policy's logit on the word's own prefix (recomputed here with dense states):
    exact wherever z is not within 1e-4 of the threshold; and the numpy path samples the same
    words from the same state."""
    p, a, b = _pair(n, population=400)
    if trained:  # a policy that has learned something (sharper probabilities)
        for _ in range(2):
            Z = a.ask(400)
            a.tell(Z, p.scores(Z))
        b.load_state_dict(a.state_dict())
    rng_state = a.rng_.bit_generator.state
    Z = a.ask(400)
    Zb = _numpy_path(monkeypatch, b.ask, 400)
    assert np.mean(np.any(Zb != Z, axis=1)) <= 0.01
    gen = np.random.default_rng()
    gen.bit_generator.state = rng_state
    u = gen.random((400, a.dim_), dtype=np.float32)
    with np.errstate(divide="ignore"):
        logit_u = (np.log(u) - np.log1p(-u)).astype(np.float64)
    X, _y = _states_numpy(Z)
    h = X.astype(np.float64)
    for j, (W, bias) in enumerate(a.weights_):
        h = h @ W.T.astype(np.float64) + bias
        if j < len(a.weights_) - 1:
            h = np.maximum(h, 0.0)
    z = h[:, 0].reshape(Z.shape)
    clear = np.abs(logit_u - z) > 1e-4
    assert clear.mean() > 0.999
    assert np.array_equal(Z[clear] == 1, (logit_u < z)[clear])
    assert 0.05 < Z.mean() < 0.95
