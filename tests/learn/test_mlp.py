"""The PyTorch MLP estimators: scikit-learn contract, all classes, train-only standardisation."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import cross_val_score

from conjectura.exceptions import InvalidParameterError, NotFittedError
from conjectura.learn.mlp import MLPClassifier, MLPRegressor

FAST = dict(hidden=(16,), max_epochs=40, patience=5, batch_size=32, lr=3e-3)


def test_output_layer_has_every_declared_class():
    """The notebook's flaw: one output too few. Declared classes absent from the training split
    still get an output unit, so they can be predicted."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(120, 3))
    y = np.where(X[:, 0] > 0, 2, -2)
    clf = MLPClassifier(**FAST, classes=[-4, -2, 0, 2, 4, 6]).fit(X, y)
    assert clf.classes_.tolist() == [-4, -2, 0, 2, 4, 6]
    assert clf.module_[-1].out_features == 6
    assert clf.predict_proba(X).shape == (120, 6)
    # classes seen in y but not declared are added, never lost
    clf2 = MLPClassifier(**FAST, classes=[0]).fit(X, y)
    assert clf2.classes_.tolist() == [-2, 0, 2]


def test_largest_class_is_predictable():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(400, 2))
    y = np.digitize(X[:, 0], [-0.7, 0.0, 0.7])  # classes 0..3, 3 = the largest
    clf = MLPClassifier(hidden=(32,), max_epochs=80, lr=1e-2, seed=0).fit(X, y)
    pred = clf.predict(X)
    assert 3 in set(pred) and clf.score(X, y) > 0.9


def test_standardisation_uses_training_statistics_only():
    rng = np.random.default_rng(2)
    Xtr = rng.normal(loc=5.0, scale=3.0, size=(200, 2))
    ytr = (Xtr[:, 0] > 5).astype(int)
    clf = MLPClassifier(**FAST, val_fraction=0.0).fit(Xtr, ytr)
    np.testing.assert_allclose(clf.mean_, Xtr.mean(axis=0))
    np.testing.assert_allclose(clf.scale_, Xtr.std(axis=0))
    Xte = rng.normal(loc=-100.0, scale=0.1, size=(5, 2))  # a shifted test set
    np.testing.assert_allclose(clf.transform_inputs(Xte), (Xte - Xtr.mean(0)) / Xtr.std(0))


def test_seed_makes_training_reproducible():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(150, 3))
    y = X @ [1.0, -2.0, 0.5]
    a = MLPRegressor(**FAST, seed=7).fit(X, y).predict(X)
    b = MLPRegressor(**FAST, seed=7).fit(X, y).predict(X)
    c = MLPRegressor(**FAST, seed=8).fit(X, y).predict(X)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_regressor_learns_a_linear_map_and_records_curves():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(500, 3)) * [1, 100, 0.01]
    y = X[:, 0] - 0.01 * X[:, 1] + 100 * X[:, 2] + 10.0
    reg = MLPRegressor(hidden=(32,), max_epochs=150, lr=3e-3, seed=0).fit(X, y)
    assert reg.score(X, y) > 0.97
    h = reg.history_
    assert len(h["train_loss"]) == len(h["val_loss"]) == h["epochs"]
    assert h["val_loss"][h["best_epoch"]] == min(h["val_loss"])
    assert h["train_loss"][-1] < h["train_loss"][0]


def test_sklearn_contract():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(150, 2))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    est = MLPClassifier(**FAST)
    assert clone(est).get_params() == est.get_params()
    scores = cross_val_score(est, X, y, cv=3)
    assert scores.mean() > 0.85
    with pytest.raises(TypeError):
        MLPClassifier((16,))  # keyword-only hyperparameters


def test_errors_are_clear():
    X = np.zeros((10, 2))
    with pytest.raises(NotFittedError, match="not fitted"):
        MLPClassifier().predict(X)
    with pytest.raises(InvalidParameterError, match="'lr' parameter of MLPClassifier"):
        MLPClassifier(lr=-1).fit(X, np.arange(10) % 2)
    with pytest.raises(InvalidParameterError, match="non-finite"):
        MLPRegressor().fit(np.full((4, 1), np.nan), np.zeros(4))
    clf = MLPClassifier(**FAST).fit(np.random.default_rng(0).normal(size=(20, 2)), np.arange(20) % 2)
    with pytest.raises(InvalidParameterError, match="features"):
        clf.predict(np.zeros((3, 5)))


def test_the_targets_the_losses_compare_against():
    """The classifier's cross-entropy sees class indices; the regressor's squared error sees the
    target standardised with the training mean and scale."""
    rng = np.random.default_rng(3)
    X = rng.normal(size=(80, 2))
    clf = MLPClassifier(**FAST).fit(X, np.where(X[:, 0] > 0, 5, -5))
    assert clf.class_index([5, -5, 5]).tolist() == [1, 0, 1]
    with pytest.raises(InvalidParameterError, match="not fitted with"):
        clf.class_index([7])
    y = 3.0 * X[:, 1] + 10.0
    reg = MLPRegressor(**FAST).fit(X, y)
    z = reg.standardise_target(y)
    assert abs(z.mean()) < 1e-12 and z.std() == pytest.approx(1.0)
    np.testing.assert_allclose(z * reg.y_scale_ + reg.y_mean_, y)
