"""n-point correlators of network outputs, estimated over an ensemble with error bars.

For an ensemble :math:`f_1, \\dots, f_M` of independent networks,

.. math::

    G^{(n)}(x_1, \\dots, x_n) = \\mathbb E[f(x_1) \\cdots f(x_n)]
    \\approx \\frac1M \\sum_m f_m(x_1) \\cdots f_m(x_n),

with standard error :math:`s/\\sqrt M`. Odd correlators vanish (the law is invariant under
:math:`W^{L} \\to -W^{L}, b^L \\to -b^L`). The connected four-point function

.. math::

    G^{(4)}_c(x_1, x_2, x_3, x_4) = G^{(4)}_{1234} - G^{(2)}_{12} G^{(2)}_{34}
        - G^{(2)}_{13} G^{(2)}_{24} - G^{(2)}_{14} G^{(2)}_{23}

is zero for a Gaussian process, so it measures the non-Gaussianity (the interactions, in the
field-theory language of Halverson, Maiti and Stoner 2021) of a finite-width network. Two
estimators:

``"outputs"``
    the plain moments of the outputs (the textbook estimator);
``"conditional"``
    given the last hidden layer the output is exactly Gaussian with covariance :math:`G` (the
    conditional kernel of :class:`conjectura.theory.ensemble.Ensemble`), so by Isserlis'
    theorem :math:`G^{(2)}_{ab} = \\mathbb E[G_{ab}]` and

    .. math::

        G^{(4)}_c = \\operatorname{Cov}(G_{12}, G_{34}) + \\operatorname{Cov}(G_{13}, G_{24})
                    + \\operatorname{Cov}(G_{14}, G_{23}),

    an exact identity whose estimator has a relative error that does not grow with the width
    (the plain estimator's relative error grows like :math:`N`).

Error bars of nonlinear estimators come from the delete-one-block jackknife.

References
----------
J. Halverson, A. Maiti and K. Stoner, "Neural networks and quantum field theory", Mach. Learn.:
Sci. Technol. 2 (2021) 035002, arXiv:2008.08601.

S. Yaida, "Non-Gaussian processes and neural networks at finite widths", MSML 2020,
arXiv:1910.00019.

B. Efron and C. Stein, "The jackknife estimate of variance", Ann. Statist. 9 (1981) 586-596.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from conjectura.core.validation import validate_choice, validate_int
from conjectura.exceptions import InvalidParameterError

__all__ = ["Estimate", "correlator", "two_point", "connected_four_point", "jackknife", "ESTIMATORS"]

ESTIMATORS = ("conditional", "outputs")


@dataclass(frozen=True)
class Estimate:
    """A Monte Carlo estimate with its standard error."""

    value: float
    stderr: float

    def z(self, exact: float) -> float:
        """:math:`(\\hat v - v) / \\mathrm{se}`."""
        return float((self.value - exact) / self.stderr) if self.stderr > 0 else float("inf")

    def to_dict(self) -> dict:
        return {"value": self.value, "stderr": self.stderr}


def jackknife(stat: Callable[[np.ndarray], float], samples: np.ndarray, blocks: int = 50) -> Estimate:
    """The statistic on all samples, with the delete-one-block jackknife standard error.

    >>> x = np.random.default_rng(0).normal(size=10_000)
    >>> e = jackknife(np.mean, x)
    >>> abs(e.stderr - 0.01) < 0.002     # sd / sqrt(M)
    True
    """
    M = samples.shape[0]
    blocks = validate_int(blocks, "blocks", "jackknife", min_value=2)
    blocks = min(blocks, M)
    full = float(stat(samples))
    edges = np.linspace(0, M, blocks + 1).astype(int)
    loo = np.empty(blocks)
    for i in range(blocks):
        keep = np.concatenate([samples[: edges[i]], samples[edges[i + 1] :]])
        loo[i] = stat(keep)
    se = float(np.sqrt((blocks - 1) / blocks * np.sum((loo - loo.mean()) ** 2)))
    return Estimate(full, se)


def _index(idx: Sequence[int], P: int) -> tuple[int, ...]:
    idx = tuple(int(i) for i in idx)
    if not idx or any(i < 0 or i >= P for i in idx):
        raise InvalidParameterError(
            f"Correlator indices must be input positions in [0, {P - 1}]. Got {idx!r} instead."
        )
    return idx


def correlator(outputs: np.ndarray, idx: Sequence[int]) -> Estimate:
    """:math:`G^{(n)}(x_{i_1}, \\dots, x_{i_n})` from ``outputs`` of shape ``(M, P)``: the mean of
    the products over the ensemble, with standard error :math:`s/\\sqrt M`.

    >>> f = np.random.default_rng(0).normal(size=(40_000, 1))
    >>> e = correlator(f, (0, 0, 0, 0))                     # E[g^4] = 3
    >>> abs(e.value - 3.0) < 4 * e.stderr
    True
    """
    outputs = np.asarray(outputs, dtype=float)
    idx = _index(idx, outputs.shape[1])
    prod = np.prod(outputs[:, list(idx)], axis=1)
    return Estimate(float(prod.mean()), float(prod.std(ddof=1) / np.sqrt(prod.size)))


def two_point(ens, a: int, b: int, *, estimator: str = "conditional") -> Estimate:
    """:math:`G^{(2)}(x_a, x_b)` of an :class:`~conjectura.theory.ensemble.Ensemble`: the mean of
    :math:`f(x_a) f(x_b)` (``"outputs"``) or of the conditional kernel :math:`G_{ab}`
    (``"conditional"``, the same expectation with a smaller variance)."""
    validate_choice(estimator, "estimator", "two_point", ESTIMATORS)
    if estimator == "outputs":
        return correlator(ens.outputs, (a, b))
    a, b = _index((a, b), ens.outputs.shape[1])
    g = ens.kernels[:, a, b]
    return Estimate(float(g.mean()), float(g.std(ddof=1) / np.sqrt(g.size)))


def connected_four_point(
    ens, idx: Sequence[int], *, estimator: str = "conditional", blocks: int = 50
) -> Estimate:
    """The connected four-point function :math:`G^{(4)}_c(x_a, x_b, x_c, x_d)` of an ensemble,
    with a jackknife standard error (see the module docstring for the two estimators).

    Examples
    --------
    >>> from conjectura.theory import Architecture, sample_ensemble
    >>> ens = sample_ensemble(Architecture(d_in=1, width=4, activation="relu", sigma_b2=0.0), [[1.0]], 20_000)
    >>> e = connected_four_point(ens, (0, 0, 0, 0))
    >>> exact = 3 * 2**2 * (5 * 2**2 / 4) / 4   # 3 sigma_w^4 Var(relu(z)^2) / N, z ~ N(0, 2)
    >>> abs(e.value - exact) < 4 * e.stderr
    True
    """
    validate_choice(estimator, "estimator", "connected_four_point", ESTIMATORS)
    a, b, c, d = _index(idx, ens.outputs.shape[1]) if len(idx) == 4 else (None,) * 4
    if a is None:
        raise InvalidParameterError(
            f"The four-point function needs 4 input indices. Got {tuple(idx)!r} instead."
        )
    pairs = (((a, b), (c, d)), ((a, c), (b, d)), ((a, d), (b, c)))
    if estimator == "outputs":
        f = ens.outputs

        def stat(s):
            g4 = np.mean(s[:, a] * s[:, b] * s[:, c] * s[:, d])
            return g4 - sum(
                np.mean(s[:, p] * s[:, q]) * np.mean(s[:, r] * s[:, t]) for (p, q), (r, t) in pairs
            )

        return jackknife(stat, f, blocks)
    cols = [ens.kernels[:, p, q] for pq in pairs for (p, q) in pq]
    G = np.stack(cols, axis=1)  # (M, 6): the pairs' kernel entries

    def stat_c(s):
        m = s.shape[0]
        mu = s.mean(axis=0)
        cov = [
            np.sum((s[:, 2 * k] - mu[2 * k]) * (s[:, 2 * k + 1] - mu[2 * k + 1])) / (m - 1) for k in range(3)
        ]
        return float(sum(cov))

    return jackknife(stat_c, G, blocks)
