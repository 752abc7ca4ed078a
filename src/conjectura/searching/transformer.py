r"""A small character-level transformer over words: trained on good objects, sampled for seeds.

A decoder-only transformer (GPT; Radford et al. 2018) reads a word
:math:`z_0 z_1 \dots z_{L-1}` over the alphabet :math:`\{0, \dots, a-1\}` after a start token
and is trained with the cross-entropy of the next letter,

.. math:: \mathcal L = -\frac1L \sum_{t<L} \log p_\theta(z_t \mid z_{<t}),

so that sampling it letter by letter draws words resembling the training set. Sampling keeps
the keys and values of past positions (a KV cache), so a word of length :math:`L` costs
:math:`L` one-token steps. This is the generative half of PatternBoost.

References
----------
.. [1] F. Charton, J. S. Ellenberg, A. Z. Wagner, G. Williamson, "PatternBoost: Constructions
   in mathematics with a little help from AI", arXiv:2411.00566.
.. [2] A. Vaswani et al., "Attention is all you need", NeurIPS 2017, arXiv:1706.03762.
.. [3] A. Karpathy, nanoGPT, https://github.com/karpathy/nanoGPT (the layout of the model).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from conjectura.core.seeding import as_generator
from conjectura.exceptions import MissingDependencyError

__all__ = ["CharModelConfig", "make_char_model", "train_char_model", "sample_char_model", "char_model_nll"]


@dataclass(frozen=True, kw_only=True)
class CharModelConfig:
    """Size of the transformer.

    Attributes
    ----------
    layers : int, default 2
    d_model : int, default 64
    heads : int, default 4
    """

    layers: int = 2
    d_model: int = 64
    heads: int = 4


def _torch():
    try:
        import torch
    except ImportError as exc:  # pragma: no cover - torch is in the ml extra
        raise MissingDependencyError(
            "PatternBoost's transformer needs PyTorch. Install it with: pip install 'conjectura[ml]'"
        ) from exc
    return torch


def make_char_model(length: int, arity: int, config: CharModelConfig = CharModelConfig(), *, seed=None):
    """A fresh transformer for words of ``length`` letters over ``arity`` symbols.

    >>> m = make_char_model(6, 2, seed=0)
    >>> m.length, m.arity
    (6, 2)
    """
    torch = _torch()
    nn, F = torch.nn, torch.nn.functional

    class Block(nn.Module):
        def __init__(self, d: int, h: int):
            super().__init__()
            self.h = h
            self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
            self.qkv, self.proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
            self.mlp = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Linear(4 * d, d))

        def forward(self, x, cache=None):
            B, T, d = x.shape
            q, k, v = self.qkv(self.ln1(x)).split(d, dim=2)
            q, k, v = (t.view(B, T, self.h, d // self.h).transpose(1, 2) for t in (q, k, v))
            if cache is None:  # training: the whole word, causally masked
                y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
                new = None
            else:  # sampling: one new position attends to every cached one and itself
                if cache[0] is not None:
                    k, v = torch.cat([cache[0], k], dim=2), torch.cat([cache[1], v], dim=2)
                y = F.scaled_dot_product_attention(q, k, v)
                new = (k, v)
            x = x + self.proj(y.transpose(1, 2).reshape(B, T, d))
            return x + self.mlp(self.ln2(x)), new

    class CharTransformer(nn.Module):
        def __init__(self):
            super().__init__()
            self.length, self.arity, self.config = length, arity, config
            d = config.d_model
            self.tok = nn.Embedding(arity + 1, d)  # letter ``arity`` is the start token
            self.pos = nn.Embedding(length, d)
            self.blocks = nn.ModuleList(Block(d, config.heads) for _ in range(config.layers))
            self.ln = nn.LayerNorm(d)
            self.head = nn.Linear(d, arity)

        def forward(self, tokens, start: int = 0, caches=None):
            T = tokens.shape[1]
            x = self.tok(tokens) + self.pos(torch.arange(start, start + T))
            new = []
            for i, blk in enumerate(self.blocks):
                x, c = blk(x, None if caches is None else caches[i])
                new.append(c)
            return self.head(self.ln(x)), new

    if config.d_model % config.heads:
        from conjectura.exceptions import InvalidParameterError

        raise InvalidParameterError(
            f"The 'd_model' parameter of CharModelConfig must be a multiple of heads={config.heads}. "
            f"Got {config.d_model} instead."
        )
    torch.manual_seed(int(as_generator(seed).integers(0, 2**31 - 1)))
    return CharTransformer()


def _inputs(torch, model, W):
    W = torch.as_tensor(np.asarray(W, dtype=np.int64))
    start = torch.full((len(W), 1), model.arity, dtype=torch.long)
    return torch.cat([start, W[:, :-1]], dim=1), W


def train_char_model(
    model,
    words: np.ndarray,
    *,
    epochs: int = 1,
    batch_size: int = 64,
    lr: float = 1e-3,
    optimizer=None,
    seed=None,
) -> float:
    """Train ``model`` on ``words`` (shape ``(m, length)``) by next-letter cross-entropy.

    Parameters
    ----------
    model : from :func:`make_char_model`
    words : ndarray of int, shape (m, length)
    epochs, batch_size, lr
        Passes over ``words``, minibatch size, and the AdamW learning rate.
    optimizer : torch.optim.Optimizer, optional
        Continue with this optimizer (PatternBoost trains one model across rounds).
    seed : int, Generator or None
        Shuffles the minibatches.

    Returns
    -------
    float
        Mean loss (nats per letter) of the last epoch.
    """
    torch = _torch()
    rng = as_generator(seed)
    X, Y = _inputs(torch, model, words)
    opt = optimizer if optimizer is not None else torch.optim.AdamW(model.parameters(), lr=lr)
    model.train()
    last = float("nan")
    for _ in range(int(epochs)):
        order = torch.as_tensor(rng.permutation(len(X)))
        total, count = 0.0, 0
        for s in range(0, len(X), batch_size):
            idx = order[s : s + batch_size]
            logits, _ = model(X[idx])
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, model.arity), Y[idx].reshape(-1))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total, count = total + float(loss.detach()) * len(idx), count + len(idx)
        last = total / max(count, 1)
    return last


def char_model_nll(model, words: np.ndarray) -> float:
    """Mean negative log-likelihood per letter (nats) of ``words`` under ``model``."""
    torch = _torch()
    X, Y = _inputs(torch, model, words)
    model.eval()
    with torch.no_grad():
        logits, _ = model(X)
        return float(torch.nn.functional.cross_entropy(logits.reshape(-1, model.arity), Y.reshape(-1)))


def sample_char_model(model, k: int, *, temperature: float = 1.0, seed=None) -> np.ndarray:
    """``k`` words drawn letter by letter from ``model``; int8 array of shape ``(k, length)``.

    >>> m = make_char_model(5, 3, seed=0)
    >>> W = sample_char_model(m, 4, seed=0)
    >>> W.shape, bool(W.min() >= 0 and W.max() < 3)
    ((4, 5), True)
    """
    torch = _torch()
    g = torch.Generator().manual_seed(int(as_generator(seed).integers(0, 2**31 - 1)))
    model.eval()
    out = torch.empty((k, model.length), dtype=torch.long)
    tok = torch.full((k, 1), model.arity, dtype=torch.long)
    caches = [(None, None)] * len(model.blocks)
    with torch.no_grad():
        for t in range(model.length):
            logits, caches = model(tok, start=t, caches=caches)
            p = torch.softmax(logits[:, -1] / max(temperature, 1e-6), dim=-1)
            tok = torch.multinomial(p, 1, generator=g)
            out[:, t] = tok[:, 0]
    return out.numpy().astype(np.int8)
