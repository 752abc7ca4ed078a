r"""Wagner's deep cross-entropy method, with the population sampled in one batch.

A word :math:`w \in \{0,1\}^L` (for graphs, :math:`L = n(n-1)/2`) is decided letter by letter.
At step :math:`t` a policy MLP sees the partial word (undecided letters are 0) concatenated with
the one-hot encoding of :math:`t`, and outputs :math:`P(w_t = 1)`. Each generation

1. samples ``population`` words from the policy,
2. pools them with the survivors of the previous generation and ranks the pool by score,
3. trains the policy for one epoch (binary cross-entropy) on every (state, letter) pair of the
   top ``elite_frac`` words,
4. keeps the top ``survivor_frac`` words for the next generation.

Defaults are Wagner's: 1000 words, top 7% learned from, top 6% carried over, hidden layers
128-64-4 with ReLU, sigmoid output, SGD with learning rate :math:`10^{-4}`, minibatches of 32,
Glorot-uniform initialisation (with PyTorch's default Kaiming-uniform initialisation the search
is known to stall).

Speed: the original calls the network once per letter through ``predict``. Here the whole
population advances one letter per step, and the first layer is updated incrementally: its
pre-activation is :math:`b_1 + W_1^{\text{word}} w + W_1^{\text{pos}} e_t`, and the word part
changes by one column of :math:`W_1` when a letter is set to 1. A step therefore costs one
:math:`m \times 128` update plus the two small layers, not a :math:`m \times 2L \times 128`
product.

The default ``backend="numpy"`` runs the same network, the same sampling rule and the same
one-epoch SGD/Adam update without PyTorch: a hand-written forward and backward pass of the
MLP per minibatch (float32 BLAS products, no autograd graph and no optimiser objects), which
removes the per-step framework overhead that dominated a generation. ``backend="torch"`` is
the PyTorch implementation, kept as the reference the numpy one is tested against (same
distribution of elite scores and edge frequencies over seeds; the two draw different random
numbers, so single runs differ).

References
----------
.. [1] A. Z. Wagner, "Constructions in combinatorics via neural networks", arXiv:2104.14516,
   §1 and the code zawagner22/cross-entropy-for-combinatorics.
.. [2] R. Y. Rubinstein, "Optimization of computer simulation models with rare events",
   European J. Oper. Res. 99 (1997) 89-112 (the cross-entropy method).
.. [3] X. Glorot, Y. Bengio, "Understanding the difficulty of training deep feedforward neural
   networks", AISTATS 2010 (the initialisation).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from conjectura.core.problem import SearchEngine, SearchProblem
from conjectura.core.seeding import as_generator
from conjectura.core.validation import require, validate_choice, validate_float, validate_int
from conjectura.exceptions import InvalidParameterError

__all__ = ["CrossEntropy"]


class CrossEntropy(SearchEngine):
    """Deep cross-entropy method (Wagner 2021) behind ask/tell.

    Parameters
    ----------
    population : int, default 1000
        Words sampled per generation.
    elite_frac : float, default 0.07
        Fraction of ``population`` (counted in words) the policy is trained on.
    survivor_frac : float, default 0.06
        Fraction of ``population`` carried over to the next generation.
    hidden : sequence of int, default (128, 64, 4)
        Widths of the ReLU hidden layers.
    learning_rate : float, default 1e-4
    optimizer : {"sgd", "adam"}, default "sgd"
    batch_size : int, default 32
        Minibatch size of the one training epoch per generation.
    init : {"glorot", "torch"}, default "glorot"
        ``"torch"`` keeps PyTorch's default initialisation (for comparison only).
    backend : {"numpy", "torch"}, default "numpy"
        ``"numpy"``: hand-fused forward/backward passes (fast, no torch needed);
        ``"torch"``: the PyTorch reference implementation.
    threads : int or None, default 1
        Torch threads used inside ``ask``/``tell`` (restored afterwards); ``None`` leaves torch's
        setting alone. The network is small: on a busy 2-core machine two OpenMP threads were
        measured about 30x slower per generation than one.

    Attributes
    ----------
    policy_ : torch.nn.Sequential
        The policy network, after :meth:`setup` (``backend="torch"``).
    weights_ : list of (ndarray, ndarray)
        ``(W, b)`` of each layer, ``W`` of shape ``(out, in)`` as in torch (``backend="numpy"``).
    survivors_ : ndarray of shape (k, dim)
        Words carried over, best first.
    survivor_scores_ : ndarray of shape (k,)
    """

    name = "cem"

    def __init__(
        self,
        *,
        population: int = 1000,
        elite_frac: float = 0.07,
        survivor_frac: float = 0.06,
        hidden: Sequence[int] = (128, 64, 4),
        learning_rate: float = 1e-4,
        optimizer: str = "sgd",
        batch_size: int = 32,
        init: str = "glorot",
        backend: str = "numpy",
        threads: int | None = 1,
    ):
        owner = "CrossEntropy"
        self.population = validate_int(population, "population", owner, min_value=2)
        self.elite_frac = validate_float(
            elite_frac, "elite_frac", owner, min_value=0.0, max_value=1.0, min_inclusive=False
        )
        self.survivor_frac = validate_float(
            survivor_frac, "survivor_frac", owner, min_value=0.0, max_value=1.0
        )
        self.hidden = tuple(validate_int(h, "hidden", owner, min_value=1) for h in hidden)
        if not self.hidden:
            raise InvalidParameterError(
                f"The 'hidden' parameter of {owner} must list at least one width. Got {hidden!r} instead."
            )
        self.learning_rate = validate_float(
            learning_rate, "learning_rate", owner, min_value=0.0, min_inclusive=False
        )
        self.optimizer = validate_choice(optimizer, "optimizer", owner, ["sgd", "adam"])
        self.batch_size = validate_int(batch_size, "batch_size", owner, min_value=1)
        self.init = validate_choice(init, "init", owner, ["glorot", "torch"])
        self.backend = validate_choice(backend, "backend", owner, ["numpy", "torch"])
        self.threads = None if threads is None else validate_int(threads, "threads", owner, min_value=1)

    def memory_bytes(self, dim: int) -> int:
        """Bytes the engine keeps for words of ``dim`` letters: the float32 network with Adam's
        two moments, and the uniforms and letters of one sampled population."""
        widths = [2 * dim, *self.hidden, 1]
        weights = sum(a * b + b for a, b in itertools.pairwise(widths))
        return 4 * 3 * weights + self.population * dim * (4 + 4 + 1)

    def _threads(self):
        """Run torch with ``self.threads`` threads inside ask/tell, restoring the setting after."""
        import contextlib

        import torch

        @contextlib.contextmanager
        def ctx():
            old = torch.get_num_threads()
            if self.threads is not None and old != self.threads:
                torch.set_num_threads(self.threads)
            try:
                yield
            finally:
                if torch.get_num_threads() != old:
                    torch.set_num_threads(old)

        return ctx()

    # -- setup --------------------------------------------------------------------------
    def setup(self, problem: SearchProblem, *, seed=None) -> None:
        if problem.encoding.arity != 2:
            raise InvalidParameterError(
                f"The cross-entropy engine decides binary words; problem {problem.name!r} has an "
                f"alphabet of size {problem.encoding.arity}."
            )
        self.problem = problem
        self.dim_ = L = int(problem.encoding.dim)
        self.rng_ = as_generator(seed)
        self.survivors_ = np.zeros((0, L), dtype=np.int8)
        self.survivor_scores_ = np.zeros(0)
        self.generation_ = 0
        if self.backend == "numpy":
            self._np_setup()
            return
        torch = require("torch", purpose="by the cross-entropy engine with backend='torch'")
        self.torch_gen_ = torch.Generator().manual_seed(int(self.rng_.integers(2**62)))
        layers, width = [], 2 * L
        for h in self.hidden:
            layers += [torch.nn.Linear(width, h), torch.nn.ReLU()]
            width = h
        layers += [torch.nn.Linear(width, 1)]
        self.policy_ = torch.nn.Sequential(*layers)
        if self.init == "glorot":
            with torch.no_grad():
                for mod in self.policy_:
                    if isinstance(mod, torch.nn.Linear):
                        torch.nn.init.xavier_uniform_(mod.weight, generator=self.torch_gen_)
                        mod.bias.zero_()
        opt = torch.optim.SGD if self.optimizer == "sgd" else torch.optim.Adam
        self.opt_ = opt(self.policy_.parameters(), lr=self.learning_rate)

    # -- the numpy backend -------------------------------------------------------------------
    def immigrate(self, word: np.ndarray, score: float) -> None:
        """Take an elite from another island: it joins the survivors (ranked with them)."""
        z = np.asarray(word, dtype=np.int8)[None]
        pool = np.concatenate([self.survivors_, z])
        scores = np.concatenate([self.survivor_scores_, [float(score)]])
        order = np.argsort(-scores, kind="stable")[: max(len(self.survivors_), 1)]
        self.survivors_, self.survivor_scores_ = pool[order], scores[order]

    def _np_setup(self) -> None:
        rng, widths = self.rng_, [2 * self.dim_, *self.hidden, 1]
        weights = []
        for fan_in, fan_out in itertools.pairwise(widths):
            if self.init == "glorot":
                bound = np.sqrt(6.0 / (fan_in + fan_out))
                W = rng.uniform(-bound, bound, size=(fan_out, fan_in)).astype(np.float32)
                b = np.zeros(fan_out, dtype=np.float32)
            else:  # torch.nn.Linear's default: kaiming_uniform(a=sqrt(5)) and its bias rule
                bound = 1.0 / np.sqrt(fan_in)
                W = rng.uniform(-bound, bound, size=(fan_out, fan_in)).astype(np.float32)
                b = rng.uniform(-bound, bound, size=fan_out).astype(np.float32)
            weights.append((W, b))
        self._set_weights(weights)
        self._set_adam(0)

    def _np_ask(self, n: int) -> np.ndarray:
        from conjectura.searching.cem_kernels import kernels

        L = self.dim_
        u = self.rng_.random((n, L), dtype=np.float32)
        # u < sigmoid(z)  <=>  logit(u) < z: no sigmoid per letter
        with np.errstate(divide="ignore"):
            logit_u = np.ascontiguousarray((np.log(u) - np.log1p(-u)).T)
        out = np.zeros((L, n), dtype=np.int8)  # column t of the words is row t here
        fast = kernels()
        if fast:
            fast[0](self.W1T_, self.flat_, self.offs_, self.dims_, logit_u, out)
            return np.ascontiguousarray(out.T)
        b1 = self.weights_[0][1]
        W1_word, W1_pos = self.W1T_[:L], self.W1T_[L:]
        hidden = [(np.ascontiguousarray(W.T), b) for W, b in self.weights_[1:]]
        acc = np.broadcast_to(b1, (n, len(b1))).copy()
        h = np.empty_like(acc)
        for t in range(L):
            np.add(acc, W1_pos[t], out=h)
            np.maximum(h, 0.0, out=h)
            x = h
            for WT, b in hidden[:-1]:
                x = x @ WT
                x += b
                np.maximum(x, 0.0, out=x)
            WT, b = hidden[-1]
            z = x @ WT[:, 0] + b[0]
            a = logit_u[t] < z
            out[t] = a
            acc += a[:, None] * W1_word[t]
        return np.ascontiguousarray(out.T)

    def _np_train(self, elite: np.ndarray) -> None:
        from conjectura.searching.cem_kernels import kernels

        k, L = elite.shape
        words = np.ascontiguousarray(elite, dtype=np.int8)
        perm = self.rng_.permutation(k * L)
        fast = kernels()
        if fast:
            st = self.adam_
            st["t"], self.last_loss_ = fast[1](
                words,
                perm,
                self.batch_size,
                self.flat_,
                self.offs_,
                self.dims_,
                np.float32(self.learning_rate),
                self.optimizer == "adam",
                st["m1"],
                st["m2"],
                st["t"],
            )
            self.last_loss_ = float(self.last_loss_) if k * L else 0.0
            return
        # without numba: the same epoch with dense (state, letter) matrices
        X_all, y_all = _states_numpy(words)
        n_layers = len(self.weights_)
        grads: list = [None] * (2 * n_layers)
        z = y = None
        for start in range(0, k * L, self.batch_size):
            idx = perm[start : start + self.batch_size]
            m = len(idx)
            y = y_all[idx]
            h = X_all[idx] @ self.W1T_
            h += self.weights_[0][1]
            np.maximum(h, 0.0, out=h)
            acts = [None, h]
            for W, b in self.weights_[1:]:
                h = h @ W.T
                h += b
                acts.append(h)
                if len(acts) <= n_layers:
                    np.maximum(h, 0.0, out=h)
            z = h[:, 0]
            delta = ((_sigmoid(z) - y) * np.float32(1.0 / m))[:, None]  # d mean-BCE / d z
            for j in range(n_layers - 1, -1, -1):
                grads[2 * j + 1] = delta.sum(axis=0)
                if j:
                    grads[2 * j] = delta.T @ acts[j]
                    delta = delta @ self.weights_[j][0]
                    delta *= acts[j] > 0
            grads[0] = delta.T @ X_all[idx]
            self._np_step(grads)
        self.last_loss_ = float(np.mean(np.logaddexp(0.0, z) - y * z)) if z is not None else 0.0

    def _np_step(self, grads) -> None:
        """One SGD or Adam step on every parameter (numpy path)."""
        params = [a for wb in self.weights_ for a in wb]
        lr = np.float32(self.learning_rate)
        if self.optimizer == "sgd":
            for p, g in zip(params, grads):
                g *= lr
                p -= g
            return
        # Adam with torch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay
        st = self.adam_
        st["t"] += 1
        t = st["t"]
        c1, c2 = 1 - 0.9**t, 1 - 0.999**t
        for p, g, m, v in zip(params, grads, st["m"], st["v"]):
            m *= 0.9
            m += 0.1 * g
            v *= 0.999
            v += 0.001 * g * g
            p -= (lr / c1) * m / (np.sqrt(v / c2) + np.float32(1e-8))

    def _views(self, buf: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """``(W, b)`` of each layer as views of the flat buffer ``buf`` laid out like
        ``flat_`` (:mod:`conjectura.searching.cem_kernels`); ``W`` of shape ``(out, in)``."""
        o, d = self.offs_, self.dims_
        out = [(buf[o[0] : o[1]].reshape(d[0], d[1]).T, buf[o[1] : o[2]])]
        for j in range(1, len(d) - 1):
            out.append(
                (buf[o[2 * j] : o[2 * j + 1]].reshape(d[j + 1], d[j]), buf[o[2 * j + 1] : o[2 * j + 2]])
            )
        return out

    def _set_weights(self, weights) -> None:
        """Layers ``(W, b)`` with ``W`` of shape ``(out, in)``, copied into one flat float32
        buffer ``flat_``; ``weights_`` are views of it and ``W1T_`` is the contiguous
        transpose of the first layer's ``W`` (rows are inputs)."""
        weights = [(np.asarray(W, dtype=np.float32), np.asarray(b, dtype=np.float32)) for W, b in weights]
        self.dims_ = np.array([weights[0][0].shape[1], *(W.shape[0] for W, _ in weights)], dtype=np.int64)
        sizes = [a.size for wb in weights for a in wb]
        self.offs_ = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        self.flat_ = np.empty(int(self.offs_[-1]), dtype=np.float32)
        self.weights_ = self._views(self.flat_)
        for (W, b), (Wv, bv) in zip(weights, self.weights_):
            Wv[...] = W
            bv[...] = b
        self.W1T_ = self.weights_[0][0].T

    def _set_adam(self, t: int, m=None, v=None) -> None:
        """Adam's step count and moments (flat buffers ``m1``/``m2``, per-parameter views
        ``m``/``v``)."""
        st = {"t": int(t), "m1": np.zeros_like(self.flat_), "m2": np.zeros_like(self.flat_)}
        st["m"] = [a for wb in self._views(st["m1"]) for a in wb]
        st["v"] = [a for wb in self._views(st["m2"]) for a in wb]
        for dst, src in zip(st["m"] + st["v"], [*(m or []), *(v or [])]):
            dst[...] = np.asarray(src, dtype=np.float32)
        self.adam_ = st

    # -- ask: sample the population letter by letter, all words at once -------------------
    def ask(self, n: int) -> np.ndarray:
        if self.backend == "numpy":
            return self._np_ask(n)
        with self._threads():
            return self._ask(n)

    def _ask(self, n: int) -> np.ndarray:
        import torch

        L = self.dim_
        lin = [m for m in self.policy_ if isinstance(m, torch.nn.Linear)]
        W1, b1 = lin[0].weight.detach(), lin[0].bias.detach()  # (h1, 2L)
        W1_word, W1_pos = W1[:, :L].T.contiguous(), W1[:, L:].T.contiguous()  # (L, h1)
        out = torch.zeros((n, L), dtype=torch.float32)
        with torch.no_grad():
            acc = b1.expand(n, -1).clone()  # b1 + W1_word @ w
            u = torch.rand((n, L), generator=self.torch_gen_)
            for t in range(L):
                h = torch.relu(acc + W1_pos[t])
                for layer in lin[1:-1]:
                    h = torch.relu(torch.nn.functional.linear(h, layer.weight, layer.bias))
                p = torch.sigmoid(torch.nn.functional.linear(h, lin[-1].weight, lin[-1].bias))[:, 0]
                a = (u[:, t] < p).to(torch.float32)
                out[:, t] = a
                acc.addr_(a, W1_word[t])  # add column t where a = 1
        return out.numpy().astype(np.int8)

    # -- tell: select, train one epoch, keep survivors -------------------------------------
    def tell(self, z: np.ndarray, scores: np.ndarray) -> None:
        z = np.asarray(z, dtype=np.int8)
        scores = np.asarray(scores, dtype=float)
        pool = np.concatenate([z, self.survivors_])
        pool_scores = np.concatenate([scores, self.survivor_scores_])
        order = np.argsort(-pool_scores, kind="stable")
        n_elite = max(1, int(round(self.elite_frac * self.population)))
        n_surv = int(round(self.survivor_frac * self.population))
        if self.backend == "numpy":
            self._np_train(pool[order[:n_elite]])
        else:
            with self._threads():
                self._train(pool[order[:n_elite]])
        keep = order[:n_surv]
        self.survivors_, self.survivor_scores_ = pool[keep], pool_scores[keep]
        self.generation_ += 1

    def _states(self, words: np.ndarray):
        """All (state, letter) pairs of ``words``: states ``(k*L, 2L)``, letters ``(k*L,)``."""
        import torch

        k, L = words.shape
        prefix = np.tril(np.ones((L, L), dtype=np.float32), k=-1)  # row t: letters j < t
        word_part = words[:, None, :].astype(np.float32) * prefix[None]
        pos_part = np.broadcast_to(np.eye(L, dtype=np.float32), (k, L, L))
        X = np.concatenate([word_part, pos_part], axis=2).reshape(k * L, 2 * L)
        y = words.reshape(k * L).astype(np.float32)
        return torch.from_numpy(X), torch.from_numpy(y)

    def _train(self, elite: np.ndarray) -> None:
        import torch

        X, y = self._states(elite)
        perm = torch.randperm(len(y), generator=self.torch_gen_)
        loss_fn = torch.nn.BCEWithLogitsLoss()
        self.policy_.train()
        for start in range(0, len(y), self.batch_size):
            idx = perm[start : start + self.batch_size]
            self.opt_.zero_grad(set_to_none=True)
            loss = loss_fn(self.policy_(X[idx])[:, 0], y[idx])
            loss.backward()
            self.opt_.step()
        self.last_loss_ = float(loss.detach())

    # -- checkpoints -----------------------------------------------------------------------
    def state_dict(self) -> dict[str, Any]:
        """Policy weights, optimiser state and both generators as numpy arrays and JSON values
        (no pickle: see :meth:`conjectura.SearchEngine.state_dict`)."""
        if self.backend == "numpy":
            return {
                "weights": [[W.copy(), b.copy()] for W, b in self.weights_],
                "adam_t": self.adam_["t"],
                "adam_m": [a.copy() for a in self.adam_["m"]],
                "adam_v": [a.copy() for a in self.adam_["v"]],
                "rng": self.rng_.bit_generator.state,
                "survivors": self.survivors_,
                "survivor_scores": self.survivor_scores_,
                "generation": self.generation_,
            }
        opt = self.opt_.state_dict()
        return {
            "policy": {k: _to_numpy(v) for k, v in self.policy_.state_dict().items()},
            "optimizer": {
                "state": {str(i): {k: _to_numpy(v) for k, v in st.items()} for i, st in opt["state"].items()},
                "param_groups": opt["param_groups"],
            },
            "torch_generator": _to_numpy(self.torch_gen_.get_state()),
            "rng": self.rng_.bit_generator.state,
            "survivors": self.survivors_,
            "survivor_scores": self.survivor_scores_,
            "generation": self.generation_,
        }

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        if self.backend == "numpy":
            self._set_weights(state["weights"])
            self._set_adam(state["adam_t"], state["adam_m"], state["adam_v"])
            self.rng_.bit_generator.state = state["rng"]
            self.survivors_ = np.asarray(state["survivors"], dtype=np.int8)
            self.survivor_scores_ = np.asarray(state["survivor_scores"], dtype=float)
            self.generation_ = int(state["generation"])
            return
        import torch

        def tensor(x):
            return torch.from_numpy(np.array(x, copy=True)) if isinstance(x, np.ndarray) else x

        self.policy_.load_state_dict({k: tensor(v) for k, v in state["policy"].items()})
        opt = state["optimizer"]
        self.opt_.load_state_dict(
            {
                "state": {int(i): {k: tensor(v) for k, v in st.items()} for i, st in opt["state"].items()},
                "param_groups": [dict(g) for g in opt["param_groups"]],
            }
        )
        self.torch_gen_.set_state(tensor(np.asarray(state["torch_generator"], dtype=np.uint8)))
        self.rng_.bit_generator.state = state["rng"]
        self.survivors_ = np.asarray(state["survivors"], dtype=np.int8)
        self.survivor_scores_ = np.asarray(state["survivor_scores"], dtype=float)
        self.generation_ = int(state["generation"])

    def config(self) -> dict[str, Any]:
        return {
            "population": self.population,
            "elite_frac": self.elite_frac,
            "survivor_frac": self.survivor_frac,
            "hidden": list(self.hidden),
            "learning_rate": self.learning_rate,
            "optimizer": self.optimizer,
            "batch_size": self.batch_size,
            "init": self.init,
            "backend": self.backend,
            "threads": self.threads,
        }


def _states_numpy(words: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All (state, letter) pairs of ``words`` as float32 arrays ``(k*L, 2L)`` and ``(k*L,)``:
    the state of letter ``t`` is the word's letters before ``t`` (later ones 0), then one-hot ``t``."""
    k, L = words.shape
    X = np.zeros((k, L, 2 * L), dtype=np.float32)
    X[:, :, :L] = words[:, None, :]
    X[:, :, :L] *= np.tril(np.ones((L, L), dtype=np.float32), k=-1)[None]
    X[:, np.arange(L), L + np.arange(L)] = 1.0
    return X.reshape(k * L, 2 * L), words.reshape(k * L).astype(np.float32)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function, without overflow for large negative ``z``."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(z.dtype, copy=False)


def _to_numpy(x: Any) -> Any:
    """A tensor as a numpy array (a copy); anything else unchanged."""
    if hasattr(x, "detach") and hasattr(x, "numpy"):
        return x.detach().cpu().numpy().copy()
    return x
