"""Exact arithmetic functions of integers: primes, the Möbius function, squarefreeness.

Every value here is exact: factorisations come from FLINT (``python-flint``, ``fmpz.factor``,
which proves its factors prime) and primes up to a bound from a sieve of Eratosthenes. The
array versions loop over the exact scalar versions; they are fast enough for the sample sizes
of a learning task (about 5 microseconds per integer below :math:`10^{13}`).

References
----------
G. H. Hardy and E. M. Wright, *An Introduction to the Theory of Numbers*, 6th ed., Oxford
(2008), §16.3 (the Möbius function) and §18.6 (squarefree numbers: density :math:`6/\\pi^2`).
"""

from __future__ import annotations

import numbers

import numpy as np

from conjectura.core.seeding import SeedLike, as_generator
from conjectura.core.validation import validate_int
from conjectura.exceptions import InvalidParameterError

__all__ = [
    "primes_up_to",
    "first_primes",
    "factorint",
    "mobius",
    "is_squarefree",
    "is_prime",
    "mobius_array",
    "squarefree_array",
    "is_prime_array",
    "sample_integers",
]


def primes_up_to(bound: int) -> np.ndarray:
    """The primes :math:`p \\le` ``bound``, by the sieve of Eratosthenes.

    >>> primes_up_to(30).tolist()
    [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]
    """
    bound = validate_int(bound, "bound", "primes_up_to", min_value=0)
    if bound < 2:
        return np.zeros(0, dtype=np.int64)
    sieve = np.ones(bound + 1, dtype=bool)
    sieve[:2] = False
    for p in range(2, int(bound**0.5) + 1):
        if sieve[p]:
            sieve[p * p :: p] = False
    return np.flatnonzero(sieve).astype(np.int64)


def first_primes(k: int) -> np.ndarray:
    """The first ``k`` primes :math:`2, 3, 5, \\dots, p_k`.

    >>> first_primes(25)[-1]   # the 25 primes below 100
    np.int64(97)
    """
    k = validate_int(k, "k", "first_primes", min_value=0)
    bound = 16
    while True:
        ps = primes_up_to(bound)
        if len(ps) >= k:
            return ps[:k]
        bound *= 2


def _positive(n, owner: str) -> int:
    if not isinstance(n, numbers.Integral) or isinstance(n, bool) or n < 1:
        raise InvalidParameterError(f"The 'n' parameter of {owner} must be an int >= 1. Got {n!r} instead.")
    return int(n)


def factorint(n: int) -> list[tuple[int, int]]:
    """The factorisation :math:`n = \\prod p_i^{e_i}` as ``[(p_i, e_i), ...]``, ``p_i`` increasing.

    >>> factorint(360)
    [(2, 3), (3, 2), (5, 1)]
    """
    import flint

    n = _positive(n, "factorint")
    if n == 1:
        return []
    return sorted((int(p), int(e)) for p, e in flint.fmpz(n).factor())


def mobius(n: int) -> int:
    """The Möbius function.

    .. math::

        \\mu(n) = \\begin{cases} 1 & n = 1,\\\\ 0 & p^2 \\mid n \\text{ for some prime } p,\\\\
        (-1)^k & n = p_1 \\cdots p_k \\text{ with distinct primes } p_i. \\end{cases}

    >>> [mobius(n) for n in range(1, 11)]
    [1, -1, -1, 0, -1, 1, -1, 0, 0, 1]
    """
    fac = factorint(_positive(n, "mobius"))
    if any(e > 1 for _, e in fac):
        return 0
    return -1 if len(fac) % 2 else 1


def is_squarefree(n: int) -> bool:
    """True iff no square of a prime divides ``n``, i.e. :math:`\\mu^2(n) = 1`.

    >>> [n for n in range(1, 13) if is_squarefree(n)]
    [1, 2, 3, 5, 6, 7, 10, 11]
    """
    return mobius(n) != 0


def is_prime(n: int) -> bool:
    """True iff ``n`` is prime (FLINT's ``fmpz_is_prime``, a proof, not a probable-prime test).

    >>> [n for n in range(20) if is_prime(n)]
    [2, 3, 5, 7, 11, 13, 17, 19]
    """
    import flint

    if not isinstance(n, numbers.Integral) or isinstance(n, bool):
        raise InvalidParameterError(f"The 'n' parameter of is_prime must be an int. Got {n!r} instead.")
    return n >= 2 and bool(flint.fmpz(int(n)).is_prime())


def mobius_array(ns) -> np.ndarray:
    """:func:`mobius` of every entry of ``ns`` (an int8 array)."""
    return np.fromiter(
        (mobius(int(n)) for n in np.asarray(ns).ravel()), dtype=np.int8, count=np.asarray(ns).size
    )


def squarefree_array(ns) -> np.ndarray:
    """:math:`\\mu^2(n)` of every entry of ``ns`` (an int8 array of 0/1)."""
    return np.abs(mobius_array(ns)).astype(np.int8)


def is_prime_array(ns) -> np.ndarray:
    """:func:`is_prime` of every entry of ``ns`` (an int8 array of 0/1)."""
    ns = np.asarray(ns).ravel()
    return np.fromiter((is_prime(int(n)) for n in ns), dtype=np.int8, count=ns.size)


def sample_integers(lo: int, hi: int, k: int | None, seed: SeedLike = None) -> np.ndarray:
    """``k`` distinct integers drawn uniformly from :math:`[lo, hi)`, sorted (all if ``k`` is None).

    Deterministic given ``seed``. Values must fit in a signed 64-bit integer.

    >>> sample_integers(10, 20, None).tolist() == list(range(10, 20))
    True
    >>> len(set(sample_integers(1, 10**12, 1000, seed=0)))
    1000
    """
    lo = validate_int(lo, "lo", "sample_integers", min_value=1)
    hi = validate_int(hi, "hi", "sample_integers", min_value=lo + 1, max_value=2**62)
    size = hi - lo
    if k is None or k >= size:
        if size > 10**7:
            raise InvalidParameterError(
                f"The 'k' parameter of sample_integers must be an int < {size} for the range "
                f"[{lo}, {hi}) of more than 10**7 integers. Got {k!r} instead."
            )
        return np.arange(lo, hi, dtype=np.int64)
    k = validate_int(k, "k", "sample_integers", min_value=1)
    rng = as_generator(seed)
    if size <= 10**7:
        return np.sort(rng.choice(size, size=k, replace=False).astype(np.int64) + lo)
    out = np.unique(rng.integers(lo, hi, size=k, dtype=np.int64))
    while len(out) < k:  # collisions are rare in a large range; top up deterministically
        out = np.unique(np.concatenate([out, rng.integers(lo, hi, size=k - len(out), dtype=np.int64)]))
    return out
