"""Small torch building blocks shared by the guide learners (imported only when training).

:func:`mlp` is a plain multilayer perceptron; :class:`Standardize` rescales input columns with a
mean and spread fixed once from sample data and stored as buffers, so a checkpoint carries the
scaling with the weights (features of braids are counts from 0 to hundreds; Buchberger's are
exponents).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
from torch import nn

__all__ = ["mlp", "Standardize"]


def mlp(d_in: int, hidden: Sequence[int], d_out: int) -> nn.Sequential:
    """``Linear -> tanh`` for each hidden width, then a linear output layer.

    tanh, not ReLU: policy-gradient methods are less prone to dead units with it (Andrychowicz
    et al., "What matters in on-policy RL?", arXiv:2006.05990).
    """
    layers: list[nn.Module] = []
    d = d_in
    for h in hidden:
        layers += [nn.Linear(d, h), nn.Tanh()]
        d = h
    layers.append(nn.Linear(d, d_out))
    return nn.Sequential(*layers)


class Standardize(nn.Module):
    """``(x - mean) / std`` with buffers set by :meth:`fit` (columns of zero spread get std 1)."""

    def __init__(self, d: int):
        super().__init__()
        self.register_buffer("mean", torch.zeros(d))
        self.register_buffer("std", torch.ones(d))

    @torch.no_grad()
    def fit(self, X: np.ndarray) -> Standardize:
        X = np.asarray(X, dtype=np.float64)
        if len(X):
            sd = X.std(axis=0)
            self.mean.copy_(torch.as_tensor(X.mean(axis=0), dtype=torch.float32))
            self.std.copy_(torch.as_tensor(np.where(sd > 1e-6, sd, 1.0), dtype=torch.float32))
        return self

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (x - self.mean) / self.std
