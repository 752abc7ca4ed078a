"""Exact arithmetic: literature values (Mertens, squarefree counts, pi(x)) and sympy."""

import numpy as np
import pytest
import sympy

from conjectura.domains.integers import (
    factorint,
    first_primes,
    is_prime,
    is_prime_array,
    is_squarefree,
    mobius,
    mobius_array,
    primes_up_to,
    sample_integers,
    squarefree_array,
)
from conjectura.exceptions import InvalidParameterError


def test_mobius_matches_sympy_on_a_range():
    ns = np.arange(1, 1501)
    assert mobius_array(ns).tolist() == [int(sympy.mobius(int(n))) for n in ns]


@pytest.fixture(scope="module")
def mu():
    return mobius_array(np.arange(1, 10**5 + 1)).astype(np.int64)


def test_mertens_function_literature_values(mu):
    # M(x) = sum_{n <= x} mu(n), OEIS A084237: M(10^k) = -1, 1, 2, -23, -48 for k = 1..5.
    c = np.cumsum(mu)
    assert [int(c[10**k - 1]) for k in range(1, 6)] == [-1, 1, 2, -23, -48]


def test_squarefree_counts_literature_values(mu):
    # Q(10^k), OEIS A071172: 7, 61, 608, 6083, 60794.
    assert np.array_equal(squarefree_array(np.arange(1, 1001)), np.abs(mu[:1000]))
    c = np.cumsum(np.abs(mu))
    assert [int(c[10**k - 1]) for k in range(1, 6)] == [7, 61, 608, 6083, 60794]


def test_prime_counts_and_sieve():
    assert len(primes_up_to(10**6)) == 78498  # pi(10^6)
    assert int(is_prime_array(np.arange(10**4)).sum()) == 1229
    assert first_primes(25).tolist() == list(primes_up_to(100))
    assert primes_up_to(1).tolist() == []


def test_scalar_functions_and_factorisation():
    n = 2**4 * 3**2 * 1000003
    assert factorint(n) == [(2, 4), (3, 2), (1000003, 1)]
    assert mobius(1) == 1 and mobius(30) == -1 and mobius(1000003 * 999983) == 1
    assert is_squarefree(1000003 * 999983) and not is_squarefree(49)
    assert is_prime(2**61 - 1) and not is_prime(2**61 + 1) and not is_prime(1)
    for n in (0, -3, 2.0, True):
        with pytest.raises(InvalidParameterError, match="'n' parameter of mobius"):
            mobius(n)


def test_sample_integers_is_deterministic_and_distinct():
    a = sample_integers(2, 10**12, 5000, seed=3)
    b = sample_integers(2, 10**12, 5000, seed=3)
    assert np.array_equal(a, b) and len(np.unique(a)) == 5000
    assert a.min() >= 2 and a.max() < 10**12
    small = sample_integers(10, 50, 40, seed=0)
    assert small.tolist() == list(range(10, 50))
    with pytest.raises(InvalidParameterError, match="'hi' parameter"):
        sample_integers(10, 5, 3)
