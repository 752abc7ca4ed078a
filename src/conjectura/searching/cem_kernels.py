r"""Compiled kernels of the cross-entropy engine's first layer, where the state is sparse.

The state of letter :math:`t` of a word :math:`w` is :math:`(w_{<t}, 0, e_t)`: the letters
decided so far and the one-hot position. Its first-layer pre-activation is therefore

.. math:: b_1 + \sum_{j < t,\ w_j = 1} W_1^{(j)} + W_1^{(L + t)},

a sum of a few rows of :math:`W_1^\top`, and the gradient of :math:`W_1` touches only those
rows. Dense products over the :math:`2L` inputs cost :math:`2L/(\lVert w_{<t} \rVert_0 + 1)`
times more (about 10 on Wagner's 19-vertex words). The kernels are compiled with numba when it
is installed; :func:`kernels` returns ``None`` otherwise and the engine uses dense products.
"""

from __future__ import annotations

__all__ = ["kernels"]

_KERNELS = None


def kernels():
    """``(first_layer, first_layer_grad, first_layer_sgd, relu_shift, decide)`` compiled with
    numba, or ``None``."""
    global _KERNELS
    if _KERNELS is None:
        try:
            import numba
        except ImportError:
            _KERNELS = False
            return None

        @numba.njit(cache=True, nogil=True)
        def first_layer(words, w_i, t_i, W1T, b1, out):  # pragma: no cover - compiled
            L, H = words.shape[1], W1T.shape[1]
            for r in range(len(w_i)):
                w, t = w_i[r], t_i[r]
                for c in range(H):
                    out[r, c] = b1[c] + W1T[L + t, c]
                for j in range(t):
                    if words[w, j]:
                        for c in range(H):
                            out[r, c] += W1T[j, c]

        @numba.njit(cache=True, nogil=True)
        def first_layer_grad(words, w_i, t_i, delta, G):  # pragma: no cover - compiled
            L, H = words.shape[1], G.shape[1]
            for r in range(len(w_i)):
                w, t = w_i[r], t_i[r]
                for c in range(H):
                    G[L + t, c] += delta[r, c]
                for j in range(t):
                    if words[w, j]:
                        for c in range(H):
                            G[j, c] += delta[r, c]

        @numba.njit(cache=True, nogil=True)
        def first_layer_sgd(words, w_i, t_i, delta, W1T, lr):  # pragma: no cover - compiled
            L, H = words.shape[1], W1T.shape[1]
            for r in range(len(w_i)):
                w, t = w_i[r], t_i[r]
                for c in range(H):
                    W1T[L + t, c] -= lr * delta[r, c]
                for j in range(t):
                    if words[w, j]:
                        for c in range(H):
                            W1T[j, c] -= lr * delta[r, c]

        @numba.njit(cache=True, nogil=True)
        def relu_shift(acc, pos, out):  # pragma: no cover - compiled
            n, H = acc.shape
            for r in range(n):
                for c in range(H):
                    v = acc[r, c] + pos[c]
                    out[r, c] = v if v > 0.0 else 0.0

        @numba.njit(cache=True, nogil=True)
        def decide(logit_u, z, word_row, acc, out_col):  # pragma: no cover - compiled
            n, H = acc.shape
            for r in range(n):
                if logit_u[r] < z[r]:
                    out_col[r] = 1
                    for c in range(H):
                        acc[r, c] += word_row[c]

        _KERNELS = (first_layer, first_layer_grad, first_layer_sgd, relu_shift, decide)
    return _KERNELS or None
