"""Rank-1 lattice rules: the fast CBC construction against brute force and the classical
Fibonacci lattices, the exact mean-error bound of CBC, and the dual-lattice identity."""

import numpy as np
import pytest

from conjectura.exceptions import InvalidParameterError
from conjectura.qmc.lattice import (
    bernoulli2,
    cbc_generating_vector,
    lattice_error,
    lattice_points,
    product_weights,
    tent_transform,
)


def _brute_force_cbc(n, d, weights):
    z = [1]
    for _ in range(1, d):
        errs = [lattice_error([*z, c], n, weights) for c in range(1, n)]
        z.append(1 + int(np.argmin(errs)))
    return z


@pytest.mark.parametrize("n,d,weights", [(31, 4, "equal"), (53, 6, 0.5), (101, 5, "inverse-square")])
def test_fast_cbc_matches_brute_force(n, d, weights):
    """The FFT construction reaches the same criterion value as trying every candidate
    (ties z <-> n - z give the same rule, so the values are compared)."""
    fast = cbc_generating_vector(n, d, weights)
    slow = _brute_force_cbc(n, d, weights)
    for s in range(2, d + 1):  # every prefix is the CBC vector of its dimension
        assert lattice_error(fast[:s], n, weights) == pytest.approx(
            lattice_error(slow[:s], n, weights), rel=1e-12
        )


@pytest.mark.parametrize("m,n", [(11, 89), (13, 233), (17, 1597), (23, 28657)])
def test_cbc_rediscovers_the_fibonacci_lattice(m, n):
    """In two dimensions CBC picks the Fibonacci lattice z = (1, F_{m-1}) for n = F_m (up to
    the equivalent z2 -> n - z2 = F_{m-2}), the classical optimal 2-d lattice rule."""
    fib = [0, 1]
    while len(fib) <= m:
        fib.append(fib[-1] + fib[-2])
    assert fib[m] == n
    z2 = int(cbc_generating_vector(n, 2, "equal")[1])
    assert z2 in (fib[m - 1], fib[m - 2])


@pytest.mark.parametrize("weights", ["inverse-square", "equal"])
def test_cbc_error_is_below_the_mean_over_all_generating_vectors(weights):
    """Each CBC step takes the minimum, which is at most the mean over candidates; by induction
    e^2(z_CBC) <= the mean of e^2 over all z in {1..n-1}^d, which for prime n is exactly
    -1 + (1/n) [prod(1 + g/6) + (n - 1) prod(1 - g/(6n))] (sum of B2 over nonzero residues)."""
    n, d = 1021, 64
    g = product_weights(d, weights)
    mean = -1 + (np.prod(1 + g / 6) + (n - 1) * np.prod(1 - g / (6 * n))) / n
    z = cbc_generating_vector(n, d, weights)
    assert lattice_error(z, n, weights) <= mean
    # and a uniformly random generating vector does worse on average than CBC by far
    rng = np.random.default_rng(0)
    rand = np.mean([lattice_error(rng.integers(1, n, d), n, weights) for _ in range(20)])
    assert lattice_error(z, n, weights) < rand


def test_bernoulli_sum_over_residues():
    """sum_{a=0}^{n-1} B2(a/n) = B2(0)/n (distribution relation), used in the mean above."""
    for n in (5, 31, 1021):
        assert bernoulli2(np.arange(n) / n).sum() == pytest.approx(1 / (6 * n), abs=1e-12)


def test_dual_lattice_identity():
    """(1/n) sum_k exp(2 pi i h . x_k) is 1 when h . z = 0 (mod n) and 0 otherwise; with a shift D
    it is exp(2 pi i h . D) on the dual lattice."""
    n, d = 101, 3
    z = cbc_generating_vector(n, d)
    x = lattice_points(n, d, shift=False)
    rng = np.random.default_rng(1)
    hs = [rng.integers(-20, 21, d) for _ in range(30)]
    hs.append(np.array([int((n - z[1]) % n), 1, 0]))  # h.z = n - z1 + z1 ... = 0 mod n
    hs.append(np.array([n, 0, 0]))
    for h in hs:
        s = np.mean(np.exp(2j * np.pi * x @ h))
        on_dual = int(h @ z) % n == 0
        assert abs(s - (1.0 if on_dual else 0.0)) < 1e-9
    shift = np.random.default_rng(2).random(d)
    xs = lattice_points(n, d, seed=np.random.default_rng(2))
    h = np.array([n, 0, 0])
    assert abs(np.mean(np.exp(2j * np.pi * xs @ h)) - np.exp(2j * np.pi * h @ shift)) < 1e-9


def test_points_and_tent_transform():
    x = lattice_points(89, 2, weights="equal", shift=False)
    assert x.shape == (89, 2)
    assert sorted((x[:, 1] * 89).round().astype(int).tolist()) == list(range(89))  # a permutation
    t = tent_transform(np.array([0.1, 0.45, 0.55, 0.9]))
    assert np.allclose(t, [0.2, 0.9, 0.9, 0.2])
    assert np.array_equal(lattice_points(89, 2, seed=3), lattice_points(89, 2, seed=3))


def test_bad_inputs_name_the_fix():
    with pytest.raises(
        InvalidParameterError,
        match=r"must be a prime number\. Got 1024 instead \(use largest_prime_at_most\(1024\) = 1021\)",
    ):
        cbc_generating_vector(1024, 3)
    with pytest.raises(InvalidParameterError, match="'weights' parameter of product_weights"):
        product_weights(3, "decaying")
    with pytest.raises(InvalidParameterError, match="at least d positive finite floats"):
        product_weights(3, [1.0, -1.0, 1.0])
    with pytest.raises(
        InvalidParameterError, match="'d' parameter of cbc_generating_vector must be an int >= 1"
    ):
        cbc_generating_vector(31, 0)
