r"""Compiled kernels of the cross-entropy engine: one whole sampling pass, one whole epoch.

The state of letter :math:`t` of a word :math:`w` is :math:`(w_{<t}, 0, e_t)`: the letters
decided so far and the one-hot position. Its first-layer pre-activation is therefore

.. math:: b_1 + \sum_{j < t,\ w_j = 1} W_1^{(j)} + W_1^{(L + t)},

a sum of a few rows of :math:`W_1^\top`, and the gradient of :math:`W_1` touches only those
rows. Dense products over the :math:`2L` inputs cost :math:`2L/(\lVert w_{<t} \rVert_0 + 1)`
times more (about 10 on Wagner's 19-vertex words).

Both kernels run the engine's loops (the :math:`L` letters of a population; the minibatches of
an epoch) inside one compiled call, with ``np.dot`` calling BLAS directly, so no step pays
Python's per-call overhead. They compute what the engine's numpy code computes, in float32,
with the same random numbers and the same minibatch order (summation orders differ, so the
results agree to float32 rounding). Sampling runs the network once per distinct prefix. Adam
moments that decay below :math:`10^{-30}` are set to 0 (they move no weight by an ulp; as
subnormal floats they would slow every later step many times over).

Parameters live in one flat float32 buffer: layer :math:`j` is ``W_j`` then ``b_j`` at the
offsets ``offs[2j], offs[2j+1], offs[2j+2]``; the first layer's ``W`` is stored transposed,
shape ``(2L, h_1)`` (rows are inputs), the others as ``(out, in)``.
"""

from __future__ import annotations

import numpy as np

try:
    import numba
except ImportError:  # pragma: no cover - numba is optional
    numba = None

__all__ = ["kernels"]


def _jit(f):
    return numba.njit(cache=True, nogil=True, error_model="numpy")(f) if numba is not None else f


@_jit
def _layer(flat, offs, dims, j):  # pragma: no cover - compiled
    """``(W, b)`` of dense layer ``j >= 1``: views of shape ``(out, in)`` and ``(out,)``."""
    W = flat[offs[2 * j] : offs[2 * j + 1]].reshape((dims[j + 1], dims[j]))
    return W, flat[offs[2 * j + 1] : offs[2 * j + 2]]


@_jit
def _column_sums(x):  # pragma: no cover - compiled
    out = np.zeros(x.shape[1], dtype=x.dtype)
    for r in range(x.shape[0]):
        for c in range(x.shape[1]):
            out[c] += x[r, c]
    return out


@_jit
def _dense_forward(x, flat, offs, dims, upto):  # pragma: no cover - compiled
    """The activations of dense layers ``1..upto-1`` (ReLU on all but the network's last)."""
    nl = len(dims) - 1
    acts = [x]
    for j in range(1, upto):
        W, b = _layer(flat, offs, dims, j)
        y = np.dot(x, W.T)
        m, o = y.shape
        if j == nl - 1:
            for r in range(m):
                for c in range(o):
                    y[r, c] += b[c]
        else:
            for r in range(m):
                for c in range(o):
                    v = y[r, c] + b[c]
                    y[r, c] = v if v > 0.0 else 0.0
        acts.append(y)
        x = y
    return acts


@_jit
def sample(W1T, flat, offs, dims, logit_u, out):  # pragma: no cover - compiled
    """Letters ``out[t, r]`` of ``n`` words decided in order ``t = 0..L-1``: letter ``t``
    of word ``r`` is 1 iff ``logit_u[t, r] < z`` (the policy's logit), i.e. iff the uniform
    behind it is below the policy's probability.

    Words with the same prefix are in the same state, so the network runs once per distinct
    prefix (at most ``2^t`` of them at step ``t``; few once the policy has concentrated)."""
    L, n = logit_u.shape
    H = W1T.shape[1]
    nl = len(dims) - 1
    Wl, bl = _layer(flat, offs, dims, nl - 1)  # the output layer, (1, h_last)
    acc = np.empty((n, H), dtype=np.float32)  # b1 + W1_word @ (the letters decided so far)
    for r in range(n):
        acc[r] = flat[offs[1] : offs[2]]
    prefix = np.zeros(n, dtype=np.int64)  # the prefix class of each word
    rep = np.zeros(n, dtype=np.int64)  # a word of each class
    child = np.empty((n, 2), dtype=np.int64)
    z = np.empty(n, dtype=np.float32)
    count = 1
    for t in range(L):
        pos = W1T[L + t]
        h = np.empty((count, H), dtype=np.float32)
        for c_ in range(count):
            a = acc[rep[c_]]
            for c in range(H):
                v = a[c] + pos[c]
                h[c_, c] = v if v > 0.0 else 0.0
        x = _dense_forward(h, flat, offs, dims, nl - 1)[-1]
        for c_ in range(count):
            v = np.float32(0.0)
            for k in range(x.shape[1]):
                v += x[c_, k] * Wl[0, k]
            z[c_] = v + bl[0]
            child[c_, 0] = -1
            child[c_, 1] = -1
        word = W1T[t]
        new = 0
        for r in range(n):
            c_ = prefix[r]
            bit = 1 if logit_u[t, r] < z[c_] else 0
            if bit:
                out[t, r] = 1
                for c in range(H):
                    acc[r, c] += word[c]
            k = child[c_, bit]
            if k < 0:
                k = new
                new += 1
                child[c_, bit] = k
                rep[k] = r
            prefix[r] = k
        count = new


@_jit
def train_epoch(words, perm, batch, flat, offs, dims, lr, adam, m1, m2, step):  # pragma: no cover
    """One epoch of minibatch SGD or Adam on the binary cross-entropy of every (state,
    letter) pair of ``words``, in the order ``perm``; returns the Adam step count and the
    loss of the last minibatch. ``m1``/``m2``: Adam's moments, laid out like ``flat``."""
    k, L = words.shape
    nl = len(dims) - 1
    H = dims[1]
    W1T = flat[offs[0] : offs[1]].reshape((dims[0], H))
    b1 = flat[offs[1] : offs[2]]
    grad = np.zeros_like(flat) if adam else np.zeros(0, dtype=np.float32)
    ones = np.empty((k, L), dtype=np.int64)  # ones[w, :before[w, t]]: letters j < t set
    before = np.empty((k, L), dtype=np.int64)
    for w in range(k):
        q = 0
        for j in range(L):
            before[w, j] = q
            if words[w, j]:
                ones[w, q] = j
                q += 1
    loss = 0.0
    for start in range(0, k * L, batch):
        idx = perm[start : start + batch]
        m = len(idx)
        w_i, t_i = idx // L, idx % L
        h = np.empty((m, H), dtype=np.float32)
        for r in range(m):
            w, t = w_i[r], t_i[r]
            for c in range(H):
                h[r, c] = b1[c] + W1T[L + t, c]
            for q in range(before[w, t]):
                j = ones[w, q]
                for c in range(H):
                    h[r, c] += W1T[j, c]
            for c in range(H):
                if h[r, c] < 0.0:
                    h[r, c] = 0.0
        acts = _dense_forward(h, flat, offs, dims, nl)
        z = acts[-1]
        delta = np.empty((m, 1), dtype=np.float32)
        inv_m = np.float32(1.0 / m)
        loss = 0.0
        for r in range(m):
            zr = z[r, 0]
            y = np.float32(words[w_i[r], t_i[r]])
            e = np.exp(-abs(zr))
            p = 1.0 / (1.0 + e) if zr >= 0 else e / (1.0 + e)
            delta[r, 0] = (np.float32(p) - y) * inv_m
            loss += max(zr, 0.0) + np.log1p(e) - y * zr
        loss /= m
        if adam:
            grad[:] = 0.0
        for j in range(nl - 1, 0, -1):  # d loss / d (W_j, b_j), then back through layer j
            W, b = _layer(flat, offs, dims, j)
            gW = np.dot(delta.T, acts[j - 1])
            gb = _column_sums(delta)
            delta = np.dot(delta, W)
            x = acts[j - 1]
            for r in range(m):
                for c in range(x.shape[1]):
                    if not x[r, c] > 0.0:
                        delta[r, c] = 0.0
            if adam:
                grad[offs[2 * j] : offs[2 * j + 1]] = gW.ravel()
                grad[offs[2 * j + 1] : offs[2 * j + 2]] = gb
            else:
                Wf = W.ravel()
                gWf = gW.ravel()
                for i in range(len(Wf)):
                    Wf[i] -= lr * gWf[i]
                for i in range(len(b)):
                    b[i] -= lr * gb[i]
        gb1 = _column_sums(delta)
        if adam:
            G = grad[offs[0] : offs[1]].reshape((dims[0], H))
            for r in range(m):
                w, t = w_i[r], t_i[r]
                for c in range(H):
                    G[L + t, c] += delta[r, c]
                for q in range(before[w, t]):
                    j = ones[w, q]
                    for c in range(H):
                        G[j, c] += delta[r, c]
            grad[offs[1] : offs[2]] = gb1
            # Adam with torch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay
            step += 1
            lr1 = lr / np.float32(1.0 - 0.9**step)
            c2 = np.float32(1.0 - 0.999**step)
            for i in range(len(flat)):
                g = grad[i]
                a = m1[i] * np.float32(0.9) + np.float32(0.1) * g
                b = m2[i] * np.float32(0.999) + np.float32(0.001) * g * g
                flat[i] -= lr1 * a / (np.sqrt(b / c2) + np.float32(1e-8))
                # moments of unused inputs decay geometrically; below 1e-30 they move no
                # weight by a float32 ulp, and as subnormals they would slow every step 50x
                m1[i] = a if abs(a) > np.float32(1e-30) else np.float32(0.0)
                m2[i] = b if b > np.float32(1e-30) else np.float32(0.0)
        else:  # only the rows of W1 the states touch
            for r in range(m):
                w, t = w_i[r], t_i[r]
                for c in range(H):
                    W1T[L + t, c] -= lr * delta[r, c]
                for q in range(before[w, t]):
                    j = ones[w, q]
                    for c in range(H):
                        W1T[j, c] -= lr * delta[r, c]
            for c in range(H):
                b1[c] -= lr * gb1[c]
    return step, loss


_KERNELS = (sample, train_epoch) if numba is not None else False


def kernels():
    """``(sample, train_epoch)`` compiled with numba, or ``None`` without numba (the engine
    then runs its numpy code)."""
    return _KERNELS or None
