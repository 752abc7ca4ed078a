"""The root number recovered from the a_p and the conductor, by the functional equation.

For an elliptic curve :math:`E/\\mathbb{Q}` of conductor :math:`N` with newform
:math:`f = \\sum a_n q^n`, put

.. math:: F(y) = f\\!\\left(\\frac{iy}{\\sqrt N}\\right) = \\sum_{n \\ge 1} a_n e^{-2\\pi n y/\\sqrt N}.

The completed L-function is the Mellin transform
:math:`\\Lambda(s) = N^{s/2}(2\\pi)^{-s}\\Gamma(s)L(E,s) = \\int_0^\\infty F(y)\\,y^{s-1}\\,dy`, so the
functional equation :math:`\\Lambda(s) = \\varepsilon\\,\\Lambda(2-s)` is the identity

.. math:: F(1/y) = \\varepsilon\\, y^2\\, F(y) \\qquad (y > 0).

Evaluating both sides at a point :math:`y \\neq 1` therefore reads off
:math:`\\varepsilon \\in \\{\\pm 1\\}` from the coefficients alone. The :math:`a_n` come from the
:math:`a_p` by multiplicativity, :math:`a_{p^{k+1}} = a_p a_{p^k} - p\\,a_{p^{k-1}}` for
:math:`p \\nmid N` and :math:`a_{p^k} = a_p^k` for :math:`p \\mid N`, so only the :math:`a_p` and
:math:`N` are needed: exactly the inputs of the ``curves/rank`` tasks with ``include_conductor``.
The series is cut at :math:`n \\le M`; the neglected tail is below
:math:`\\sum_{n > M} d(n)\\sqrt n\\, e^{-2\\pi n/(y\\sqrt N)}`, negligible once
:math:`M \\ge 7.7\\sqrt N` for :math:`y = 1.2` (about 770 for :math:`N = 10^4`).

This is a numerical computation (floating point), used as a *baseline predictor* of the rank
parity; it is not a verifier. PARI's ``ellrootno`` computes :math:`\\varepsilon` exactly from the
local root numbers; the tests check that both agree on every curve of a table.

References
----------
.. [1] J. E. Cremona, *Algorithms for modular elliptic curves*, 2nd ed., CUP 1997, sec. 2.11.
.. [2] H. Cohen, *A Course in Computational Algebraic Number Theory*, GTM 138, sec. 7.5.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from conjectura.exceptions import InvalidParameterError

__all__ = ["an_from_ap", "root_number_from_ap", "terms_needed"]


def terms_needed(conductor: int | np.ndarray, y: float = 1.2, digits: float = 16.0) -> int:
    """Number of terms :math:`M` making :math:`e^{-2\\pi M/(y\\sqrt N)} < 10^{-\\text{digits}}`.

    >>> terms_needed(10_000)
    704
    """
    n = float(np.max(conductor))
    return int(np.ceil(digits * np.log(10) * y * np.sqrt(n) / (2 * np.pi)))


def an_from_ap(ap: np.ndarray, primes: Sequence[int], conductors: np.ndarray, m: int) -> np.ndarray:
    """The Dirichlet coefficients :math:`a_1, \\dots, a_m` from the :math:`a_p` and the conductor.

    Parameters
    ----------
    ap : ndarray of shape (n_curves, n_primes)
        :math:`a_p` at ``primes`` (which must contain every prime up to ``m``).
    primes : sequence of int
        The increasing list of primes of the columns of ``ap``.
    conductors : ndarray of shape (n_curves,)
    m : int
        Largest index wanted.

    Returns
    -------
    ndarray of float64, shape (n_curves, m + 1)
        Column ``n`` holds :math:`a_n` (column 0 is 0). Integers, exactly, while below
        :math:`2^{53}`.

    Examples
    --------
    >>> an = an_from_ap(np.array([[-2, -3, -2, -1]]), [2, 3, 5, 7], np.array([37]), 7)
    >>> an[0, 1:].astype(int).tolist()   # 37a1: q - 2q^2 - 3q^3 + 2q^4 - 2q^5 + 6q^6 - q^7 + ...
    [1, -2, -3, 2, -2, 6, -1]
    """
    ap = np.asarray(ap, dtype=np.float64)
    primes = [int(p) for p in primes]
    conductors = np.asarray(conductors, dtype=np.int64)
    if not primes or primes[-1] < m or primes[0] != 2:
        raise InvalidParameterError(
            f"an_from_ap needs a_p for every prime up to m = {m}; the largest given is "
            f"{primes[-1] if primes else None}."
        )
    out = np.ones((ap.shape[0], m + 1))
    out[:, 0] = 0.0
    for j, p in enumerate(primes):
        if p > m:
            break
        a = ap[:, j]
        bad = conductors % p == 0
        prev2, prev = np.ones_like(a), a.copy()  # a_{p^0}, a_{p^1}
        q = p
        while q <= m:
            idx = np.arange(q, m + 1, q)
            idx = idx[(idx // q) % p != 0]  # exactly divisible by p^k
            out[:, idx] *= prev[:, None]
            nxt = np.where(bad, prev * a, a * prev - p * prev2)
            prev2, prev = prev, nxt
            q *= p
    return out


def root_number_from_ap(
    ap: np.ndarray, primes: Sequence[int], conductors: np.ndarray, *, y: float = 1.2, batch: int = 2048
) -> tuple[np.ndarray, np.ndarray]:
    """The root number :math:`\\varepsilon` of each curve from its :math:`a_p` and conductor.

    Parameters
    ----------
    ap : ndarray of shape (n_curves, n_primes)
    primes : sequence of int
        Primes of the columns, in increasing order, starting at 2 with none skipped.
    conductors : ndarray of shape (n_curves,)
    y : float, default 1.2
        Evaluation point of :math:`F(1/y) = \\varepsilon y^2 F(y)`; must not be 1.
    batch : int
        Curves per block of the computation (memory ``batch * M`` floats).

    Returns
    -------
    epsilon : ndarray of int8, shape (n_curves,)
        The sign (+1 or -1) for which the functional equation holds best.
    margin : ndarray of float, shape (n_curves,)
        :math:`|r_{-\\varepsilon}| / (|r_{\\varepsilon}| + 10^{-300})`, the residual of the rejected
        sign over that of the chosen one; large (> 10^6) when the decision is clear, near 1
        when the given primes do not reach :func:`terms_needed`.

    Examples
    --------
    >>> from conjectura.domains.curves.table import curve
    >>> E = curve("5077a1", primes=200)
    >>> eps, margin = root_number_from_ap(np.array([E["ap"]]), E["primes"], np.array([5077]))
    >>> int(eps[0]), bool(margin[0] > 1e6)
    (-1, True)
    """
    if not (y > 0 and y != 1):
        raise InvalidParameterError(
            f"The 'y' parameter of root_number_from_ap must be a float > 0 other than 1. Got {y!r} instead."
        )
    ap = np.atleast_2d(np.asarray(ap))
    conductors = np.asarray(conductors, dtype=np.int64).reshape(-1)
    if len(conductors) != len(ap):
        raise InvalidParameterError(
            f"root_number_from_ap got {len(ap)} rows of a_p but {len(conductors)} conductors."
        )
    primes = [int(p) for p in primes]
    m = min(primes[-1], terms_needed(conductors, y)) if len(conductors) else 1
    eps = np.zeros(len(ap), dtype=np.int8)
    margin = np.zeros(len(ap))
    n = np.arange(1, m + 1, dtype=np.float64)
    for s in range(0, len(ap), batch):
        an = an_from_ap(ap[s : s + batch], primes, conductors[s : s + batch], m)[:, 1:]
        c = (2 * np.pi / np.sqrt(conductors[s : s + batch].astype(np.float64)))[:, None]
        f_y = np.sum(an * np.exp(-c * n * y), axis=1)
        f_inv = np.sum(an * np.exp(-c * n / y), axis=1)
        r_plus = np.abs(f_inv - y * y * f_y)
        r_minus = np.abs(f_inv + y * y * f_y)
        e = np.where(r_plus <= r_minus, 1, -1)
        eps[s : s + batch] = e
        margin[s : s + batch] = np.where(e == 1, r_minus, r_plus) / (np.minimum(r_plus, r_minus) + 1e-300)
    return eps, margin
