"""Invariants of an elliptic curve over Q given by its a-invariants, computed by PARI.

A curve is the Weierstrass model :math:`y^2 + a_1 xy + a_3 y = x^3 + a_2 x^2 + a_4 x + a_6`,
passed as the list ``[a1, a2, a3, a4, a6]`` of integers (PARI's and Cremona's convention).

Conventions
-----------
* :math:`a_p = p + 1 - \\#E(\\mathbb{F}_p)` for a prime of good reduction; at a bad prime
  :math:`a_p \\in \\{0, 1, -1\\}` (additive, split, non-split multiplicative reduction), the
  coefficient of :math:`p^{-s}` in the L-series either way (PARI's ``ellan``/``ellap``).
* The root number :math:`\\varepsilon(E) \\in \\{\\pm 1\\}` is the sign of the functional equation
  :math:`\\Lambda(E, s) = \\varepsilon(E)\\,\\Lambda(E, 2 - s)`; the parity conjecture says
  :math:`\\varepsilon(E) = (-1)^{\\operatorname{rank} E(\\mathbb{Q})}`.

References
----------
.. [1] J. H. Silverman, *The Arithmetic of Elliptic Curves*, 2nd ed., GTM 106, Springer 2009,
   doi:10.1007/978-0-387-09494-6.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from conjectura.core.validation import validate_int
from conjectura.domains.curves.pari import get_pari
from conjectura.exceptions import InvalidParameterError

__all__ = [
    "first_primes",
    "ap_vector",
    "root_number",
    "torsion_order",
    "conductor",
    "analytic_rank",
    "check_ainvs",
    "discriminant",
]

#: Largest number of primes a_p can be asked for (the 20000th prime is 224737).
MAX_PRIMES = 20_000


def check_ainvs(ainvs: Sequence[int], owner: str = "ainvs") -> list[int]:
    """Validate a-invariants: five integers defining a non-singular curve.

    >>> check_ainvs([0, 0, 1, -1, 0])
    [0, 0, 1, -1, 0]
    """
    try:
        vals = list(ainvs)
    except TypeError:
        vals = None
    if (
        vals is None
        or len(vals) != 5
        or not all(isinstance(a, (int, np.integer)) and not isinstance(a, bool) for a in vals)
    ):
        raise InvalidParameterError(
            f"The 'ainvs' parameter of {owner} must be a list of five integers "
            f"[a1, a2, a3, a4, a6]. Got {ainvs!r} instead."
        )
    vals = [int(a) for a in vals]
    if discriminant(vals) == 0:  # checked here: PARI's ellinit crashes on a singular model
        raise InvalidParameterError(
            f"The 'ainvs' parameter of {owner} must define a non-singular curve; {vals} has discriminant 0."
        )
    return vals


def discriminant(ainvs: Sequence[int]) -> int:
    """The discriminant of the Weierstrass model, in exact integer arithmetic.

    .. math:: \\Delta = -b_2^2 b_8 - 8 b_4^3 - 27 b_6^2 + 9 b_2 b_4 b_6

    with :math:`b_2 = a_1^2 + 4a_2`, :math:`b_4 = 2a_4 + a_1a_3`, :math:`b_6 = a_3^2 + 4a_6`,
    :math:`b_8 = a_1^2a_6 + 4a_2a_6 - a_1a_3a_4 + a_2a_3^2 - a_4^2` (Silverman, III.1).

    >>> discriminant([0, -1, 1, -10, -20])   # 11a1
    -161051
    """
    a1, a2, a3, a4, a6 = (int(a) for a in ainvs)
    b2, b4, b6 = a1 * a1 + 4 * a2, 2 * a4 + a1 * a3, a3 * a3 + 4 * a6
    b8 = a1 * a1 * a6 + 4 * a2 * a6 - a1 * a3 * a4 + a2 * a3 * a3 - a4 * a4
    return -b2 * b2 * b8 - 8 * b4**3 - 27 * b6 * b6 + 9 * b2 * b4 * b6


def first_primes(k: int) -> list[int]:
    """The first ``k`` primes.

    >>> first_primes(5)
    [2, 3, 5, 7, 11]
    """
    k = validate_int(k, "k", "first_primes", min_value=1, max_value=MAX_PRIMES)
    return [int(p) for p in get_pari().primes(k)]


def _ellinit(ainvs, owner):
    return get_pari().ellinit(check_ainvs(ainvs, owner))


def ap_vector(ainvs: Sequence[int], k: int) -> np.ndarray:
    """The coefficients :math:`a_p` of :math:`L(E, s)` at the first ``k`` primes.

    All :math:`a_n` with :math:`n \\le p_k` come from one call of PARI's ``ellan``, which is
    faster than ``k`` calls of ``ellap`` (see ``benchmarks/bench_curves.py``).

    Parameters
    ----------
    ainvs : list of 5 int
    k : int
        Number of primes, ``1 <= k <= 20000``.

    Returns
    -------
    ndarray of int64, shape (k,)

    Examples
    --------
    >>> ap_vector([0, -1, 1, -10, -20], 5).tolist()   # 11a1: the eta product q prod (1-q^n)^2(1-q^11n)^2
    [-2, -1, 1, -2, 1]
    """
    k = validate_int(k, "k", "ap_vector", min_value=1, max_value=MAX_PRIMES)
    pari = get_pari()
    E = _ellinit(ainvs, "ap_vector")
    P = pari.primes(k)
    an = pari.ellan(E, int(P[k - 1]))
    return np.array([int(an[int(p) - 1]) for p in P], dtype=np.int64)


def root_number(ainvs: Sequence[int]) -> int:
    """The global root number :math:`\\varepsilon(E) \\in \\{\\pm 1\\}` (PARI ``ellrootno``).

    >>> root_number([0, 0, 1, -1, 0]), root_number([0, 1, 1, -2, 0])   # 37a1, 389a1
    (-1, 1)
    """
    return int(get_pari().ellrootno(_ellinit(ainvs, "root_number")))


def torsion_order(ainvs: Sequence[int]) -> int:
    """The order of the torsion subgroup of :math:`E(\\mathbb{Q})` (PARI ``elltors``).

    >>> torsion_order([0, -1, 1, -10, -20])   # 11a1 has a rational 5-torsion point
    5
    """
    return int(get_pari().elltors(_ellinit(ainvs, "torsion_order"))[0])


def conductor(ainvs: Sequence[int]) -> int:
    """The conductor :math:`N_E`, computed by Tate's algorithm (PARI ``ellglobalred``).

    >>> conductor([0, 0, 1, -7, 6])   # 5077a1
    5077
    """
    return int(get_pari().ellglobalred(_ellinit(ainvs, "conductor"))[0])


def analytic_rank(ainvs: Sequence[int]) -> int:
    """The analytic rank: the order of vanishing of :math:`L(E, s)` at :math:`s = 1`.

    Computed numerically by PARI's ``ellanalyticrank`` (which decides that a derivative is zero
    at the working precision), so it is an independent check of the rank in Cremona's table,
    not a proof.

    >>> analytic_rank([0, 1, 1, -2, 0])   # 389a1
    2
    """
    return int(get_pari().ellanalyticrank(_ellinit(ainvs, "analytic_rank"))[0])
