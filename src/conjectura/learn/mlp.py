"""Fully connected networks in PyTorch with the scikit-learn contract.

The network is the "vanilla net" of Davies et al. (2021) and of Williamson's survey: an input
layer, a few hidden ReLU layers, and a linear output layer. Everything a reader needs to audit
the training sits in one function, :func:`train_network`, read top to bottom.

Three flaws of the public knot-theory notebook are avoided on purpose:

* the output layer is sized to *all* classes the caller declares (``classes=``) or sees, so
  the largest class can always be predicted (the notebook had one output too few);
* the standardisation is fitted on the training part only and stored (``mean_``, ``scale_``),
  so a test set is transformed with the training statistics;
* every source of randomness (initialisation, validation slice, batch order) comes from the
  ``seed`` hyperparameter.

References
----------
A. Davies et al., "Advancing mathematics by guiding human intuition with AI", Nature 600
(2021) 70-74, doi:10.1038/s41586-021-04086-x.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin

from conjectura.core.validation import require, validate_float, validate_int
from conjectura.exceptions import InvalidParameterError, NotFittedError

__all__ = ["TrainConfig", "train_network", "MLPClassifier", "MLPRegressor"]


@dataclass(frozen=True, kw_only=True)
class TrainConfig:
    """Everything that decides a training run (frozen: a run is reproducible from it).

    Attributes
    ----------
    hidden : tuple of int
        Widths of the hidden layers.
    lr : float
        Adam learning rate.
    weight_decay : float
        L2 penalty (Adam ``weight_decay``).
    batch_size : int
    max_epochs : int
    patience : int
        Early stopping: stop after this many epochs without a better validation loss, and
        restore the best weights.
    val_fraction : float
        Fraction of the training data held back for early stopping (never the test set).
    dropout : float
    seed : int
    """

    hidden: tuple[int, ...] = (100, 100)
    lr: float = 1e-3
    weight_decay: float = 0.0
    batch_size: int = 128
    max_epochs: int = 200
    patience: int = 10
    val_fraction: float = 0.1
    dropout: float = 0.0
    seed: int = 0


def _build_module(n_in: int, n_out: int, hidden: Sequence[int], dropout: float):
    import torch.nn as nn

    layers: list = []
    width = n_in
    for h in hidden:
        layers += [nn.Linear(width, h), nn.ReLU()]
        if dropout > 0:
            layers.append(nn.Dropout(dropout))
        width = h
    layers.append(nn.Linear(width, n_out))
    return nn.Sequential(*layers)


def train_network(X: np.ndarray, y: np.ndarray, *, loss: str, n_out: int, config: TrainConfig):
    """Train a fully connected network on standardised inputs; return ``(module, history)``.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Inputs, already standardised with training statistics.
    y : ndarray of shape (n,)
        Class indices in ``[0, n_out)`` for ``loss="cross_entropy"``; standardised targets for
        ``loss="mse"``.
    loss : {"cross_entropy", "mse"}
    n_out : int
        Width of the output layer (the number of classes, or 1).
    config : TrainConfig

    Returns
    -------
    module : torch.nn.Module
        In eval mode, with the weights of the epoch of least validation loss.
    history : dict
        ``train_loss`` and ``val_loss`` per epoch, ``best_epoch``, ``epochs``, ``seconds``.
    """
    torch = require("torch", extra="ml", purpose="to train an MLP")
    nn = torch.nn
    t0 = time.perf_counter()
    rng = np.random.default_rng(config.seed)
    torch.manual_seed(config.seed)

    # 1. Hold back a validation slice of the TRAINING data for early stopping.
    n = len(X)
    perm = rng.permutation(n)
    n_val = int(round(config.val_fraction * n)) if n >= 20 else 0
    val_idx, fit_idx = perm[:n_val], perm[n_val:]
    Xt = torch.as_tensor(X, dtype=torch.float32)
    yt = torch.as_tensor(y, dtype=torch.long if loss == "cross_entropy" else torch.float32)
    X_fit, y_fit, X_val, y_val = Xt[fit_idx], yt[fit_idx], Xt[val_idx], yt[val_idx]

    # 2. The model, the loss and the optimiser.
    module = _build_module(X.shape[1], n_out, config.hidden, config.dropout)
    criterion = nn.CrossEntropyLoss() if loss == "cross_entropy" else nn.MSELoss()
    opt = torch.optim.Adam(module.parameters(), lr=config.lr, weight_decay=config.weight_decay)

    def loss_on(xb, yb):
        out = module(xb)
        return criterion(out if loss == "cross_entropy" else out.squeeze(-1), yb)

    # 3. Epochs of shuffled mini-batches; keep the weights of the best validation epoch.
    history: dict[str, Any] = {"train_loss": [], "val_loss": []}
    best, best_state, best_epoch, stale = np.inf, None, 0, 0
    for epoch in range(config.max_epochs):
        module.train()
        order = torch.as_tensor(rng.permutation(len(fit_idx)))
        total = 0.0
        for start in range(0, len(order), config.batch_size):
            b = order[start : start + config.batch_size]
            opt.zero_grad()
            batch_loss = loss_on(X_fit[b], y_fit[b])
            batch_loss.backward()
            opt.step()
            total += batch_loss.item() * len(b)
        history["train_loss"].append(total / max(len(fit_idx), 1))
        module.eval()
        with torch.no_grad():
            val = float(loss_on(X_val, y_val)) if n_val else history["train_loss"][-1]
        history["val_loss"].append(val)
        if val < best - 1e-6:
            best, best_epoch, stale = val, epoch, 0
            best_state = {k: v.detach().clone() for k, v in module.state_dict().items()}
        else:
            stale += 1
            if stale >= config.patience:
                break
    if best_state is not None:
        module.load_state_dict(best_state)
    module.eval()
    history.update(best_epoch=best_epoch, epochs=len(history["train_loss"]), seconds=time.perf_counter() - t0)
    return module, history


class _MLPBase(BaseEstimator):
    """Shared parameters and plumbing of :class:`MLPClassifier` and :class:`MLPRegressor`."""

    def __init__(
        self,
        *,
        hidden=(100, 100),
        lr=1e-3,
        weight_decay=0.0,
        batch_size=128,
        max_epochs=200,
        patience=10,
        val_fraction=0.1,
        dropout=0.0,
        seed=0,
    ):
        self.hidden = hidden
        self.lr = lr
        self.weight_decay = weight_decay
        self.batch_size = batch_size
        self.max_epochs = max_epochs
        self.patience = patience
        self.val_fraction = val_fraction
        self.dropout = dropout
        self.seed = seed

    def _config(self) -> TrainConfig:
        owner = type(self).__name__
        hidden = tuple(self.hidden) if not isinstance(self.hidden, int) else (self.hidden,)
        for h in hidden:
            validate_int(h, "hidden", owner, min_value=1)
        seed = self.seed if self.seed is not None else 0
        return TrainConfig(
            hidden=hidden,
            lr=validate_float(self.lr, "lr", owner, min_value=0, min_inclusive=False),
            weight_decay=validate_float(self.weight_decay, "weight_decay", owner, min_value=0),
            batch_size=validate_int(self.batch_size, "batch_size", owner, min_value=1),
            max_epochs=validate_int(self.max_epochs, "max_epochs", owner, min_value=1),
            patience=validate_int(self.patience, "patience", owner, min_value=1),
            val_fraction=validate_float(self.val_fraction, "val_fraction", owner, min_value=0, max_value=0.9),
            dropout=validate_float(self.dropout, "dropout", owner, min_value=0, max_value=0.9),
            seed=validate_int(seed, "seed", owner, min_value=0),
        )

    def _standardise_fit(self, X):
        X = _as_2d(X, type(self).__name__)
        self.mean_ = X.mean(axis=0)
        scale = X.std(axis=0)
        self.scale_ = np.where(scale > 0, scale, 1.0)
        self.n_features_in_ = X.shape[1]
        return (X - self.mean_) / self.scale_

    def transform_inputs(self, X) -> np.ndarray:
        """Standardise ``X`` with the training statistics (the inputs the network sees)."""
        self._check_fitted()
        X = _as_2d(X, type(self).__name__)
        if X.shape[1] != self.n_features_in_:
            raise InvalidParameterError(
                f"X has {X.shape[1]} features but {type(self).__name__} was fitted with "
                f"{self.n_features_in_}."
            )
        return (X - self.mean_) / self.scale_

    def _forward(self, X) -> np.ndarray:
        self._check_fitted()
        import torch

        Z = torch.as_tensor(self.transform_inputs(X), dtype=torch.float32)
        with torch.no_grad():
            return self.module_(Z).numpy()

    def _check_fitted(self):
        if not hasattr(self, "module_"):
            raise NotFittedError(f"This {type(self).__name__} is not fitted yet: call fit(X, y).")


def _as_2d(X, owner) -> np.ndarray:
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise InvalidParameterError(f"{owner} expects a 2-d array X. Got shape {X.shape} instead.")
    if not np.isfinite(X).all():
        raise InvalidParameterError(f"{owner} got non-finite values in X: drop or impute them.")
    return X


class MLPClassifier(ClassifierMixin, _MLPBase):
    """A fully connected ReLU network trained with cross-entropy.

    Parameters
    ----------
    hidden : tuple of int, default (100, 100)
        Widths of the hidden layers.
    lr, weight_decay, batch_size, max_epochs, patience, val_fraction, dropout :
        See :class:`TrainConfig`.
    classes : array-like, optional
        Every class the output layer must be able to predict (e.g. all signatures in the whole
        dataset, not only those in the training split). The classes seen in ``y`` are added.
    seed : int, default 0

    Attributes
    ----------
    classes_ : ndarray
        Sorted class labels; the output layer has ``len(classes_)`` units.
    module_ : torch.nn.Module
    mean_, scale_ : ndarray
        Standardisation fitted on the training data.
    history_ : dict
        ``train_loss``/``val_loss`` per epoch (the learning curve), ``best_epoch``.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.random.default_rng(0).normal(size=(200, 2)); y = (X[:, 0] > 0).astype(int)
    >>> clf = MLPClassifier(hidden=(16,), lr=1e-2, max_epochs=60, seed=0).fit(X, y)
    >>> clf.score(X, y) > 0.9
    True
    """

    def __init__(
        self,
        *,
        hidden=(100, 100),
        lr=1e-3,
        weight_decay=0.0,
        batch_size=128,
        max_epochs=200,
        patience=10,
        val_fraction=0.1,
        dropout=0.0,
        classes=None,
        seed=0,
    ):
        super().__init__(
            hidden=hidden,
            lr=lr,
            weight_decay=weight_decay,
            batch_size=batch_size,
            max_epochs=max_epochs,
            patience=patience,
            val_fraction=val_fraction,
            dropout=dropout,
            seed=seed,
        )
        self.classes = classes

    def fit(self, X, y):
        config = self._config()
        Z = self._standardise_fit(X)
        y = np.asarray(y)
        if len(y) != len(Z):
            raise InvalidParameterError(f"X has {len(Z)} rows but y has {len(y)}.")
        extra = np.asarray(self.classes) if self.classes is not None else y[:0]
        self.classes_ = np.unique(np.concatenate([extra.astype(y.dtype, copy=False), y]))
        index = np.searchsorted(self.classes_, y)
        self.module_, self.history_ = train_network(
            Z, index, loss="cross_entropy", n_out=len(self.classes_), config=config
        )
        return self

    def predict_proba(self, X) -> np.ndarray:
        logits = self._forward(X)
        logits = logits - logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def predict(self, X) -> np.ndarray:
        logits = self._forward(X)
        return self.classes_[np.argmax(logits, axis=1)]

    def class_index(self, y) -> np.ndarray:
        """Indices of the labels ``y`` in ``classes_`` (what the cross-entropy compares against)."""
        self._check_fitted()
        y = np.asarray(y)
        idx = np.searchsorted(self.classes_, y)
        idx = np.clip(idx, 0, len(self.classes_) - 1)
        if not np.array_equal(self.classes_[idx], y):
            raise InvalidParameterError("y holds labels the classifier was not fitted with.")
        return idx


class MLPRegressor(RegressorMixin, _MLPBase):
    """A fully connected ReLU network trained with mean squared error on a standardised target.

    Parameters and attributes are those of :class:`MLPClassifier` (without ``classes``), plus
    ``y_mean_``/``y_scale_``, the standardisation of the target.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.random.default_rng(0).normal(size=(300, 2)); y = 3 * X[:, 0] - X[:, 1]
    >>> MLPRegressor(hidden=(32,), max_epochs=60, seed=0).fit(X, y).score(X, y) > 0.9
    True
    """

    def fit(self, X, y):
        config = self._config()
        Z = self._standardise_fit(X)
        y = np.asarray(y, dtype=np.float64)
        if len(y) != len(Z):
            raise InvalidParameterError(f"X has {len(Z)} rows but y has {len(y)}.")
        self.y_mean_ = float(y.mean())
        self.y_scale_ = float(y.std()) or 1.0
        self.module_, self.history_ = train_network(
            Z, (y - self.y_mean_) / self.y_scale_, loss="mse", n_out=1, config=config
        )
        return self

    def predict(self, X) -> np.ndarray:
        return self._forward(X)[:, 0] * self.y_scale_ + self.y_mean_

    def standardise_target(self, y) -> np.ndarray:
        """The target standardised with the training mean and scale, ``(y - y_mean_) / y_scale_``
        (what the squared error compares the network's output against)."""
        self._check_fitted()
        return (np.asarray(y, dtype=np.float64) - self.y_mean_) / self.y_scale_
