"""The integer baselines: exact where they must be (trial division below B^2, squares)."""

import numpy as np
import pytest

from conjectura.core.registry import get_baseline, get_task
from conjectura.domains.integers import first_primes, parse_representation
from conjectura.domains.integers.rules import visible_primes
from conjectura.exceptions import InvalidParameterError


def test_trial_division_is_exact_below_the_square_of_its_bound():
    t = get_task("integers/is-prime", lo=2, hi=10**4, size=9990, representation="binary")
    ds = t.dataset(seed=0)
    est = get_baseline("trial-division", t).fit(ds.X, ds.y)
    assert np.array_equal(est.predict(ds.X), ds.y)  # 100^2 = 10^4: exact
    crt = get_task("integers/is-prime", lo=100, hi=10**4, size=9900, representation="crt:25")
    dc = crt.dataset(seed=0)
    assert np.array_equal(get_baseline("trial-division", crt).fit(dc.X, dc.y).predict(dc.X), dc.y)


def test_always_composite_scores_the_composite_density():
    t = get_task("integers/is-prime", lo=10**5, hi=10**6, size=900000)
    ds = t.dataset(seed=0)
    pred = get_baseline("always-composite", t).fit(ds.X, ds.y).predict(ds.X)
    # pi(10^6) - pi(10^5) = 78498 - 9592 = 68906 primes among the 900000 six-digit numbers
    assert int(ds.y.sum()) == 68906
    assert np.mean(pred == ds.y) == pytest.approx(1 - 68906 / 900000, abs=0)


def test_square_divisibility_rule_never_calls_a_visibly_square_multiple_squarefree():
    t = get_task("integers/squarefree", size=4000, representation="binary")
    ds = t.dataset(seed=0)
    est = get_baseline("square-divisibility", t).fit(ds.X[:3000], ds.y[:3000])
    n = ds.frame["n"].to_numpy()[3000:]
    pred = est.predict(ds.X[3000:])
    visible = np.zeros(len(n), dtype=bool)
    for p in visible_primes(parse_representation(t.params["representation"]), 100, squares=True):
        visible |= n % (p * p) == 0
    assert visible.sum() > 300 and np.all(pred[visible] == 0)
    assert np.mean(pred == ds.y[3000:]) > 0.9  # the rest is squarefree w.p. ~0.99


def test_divisibility_rule_estimates_the_exact_bayes_rule():
    # For the natural density, P(mu^2(n) = 1 | S) = prod_{p in S} (1 - 1/p) * prod_{p > 97} (1 - 1/p^2)
    # where S = {p <= 97 : p | n}; the exact Bayes rule predicts "squarefree" iff this is > 1/2.
    t = get_task("integers/squarefree", size=20000)
    ds = t.dataset(seed=0)
    n = ds.frame["n"].to_numpy()
    ps = first_primes(25)
    D = np.stack([n % p == 0 for p in ps], axis=1)
    q = np.exp(D @ np.log1p(-1.0 / ps)) * (6 / np.pi**2) / np.prod(1 - 1.0 / ps**2)
    est = get_baseline("divisibility", t).fit(ds.X, ds.y)
    assert np.mean(est.predict(ds.X) == (q > 0.5)) > 0.95
    assert np.mean(est.predict(ds.X)[n % 2 == 0] == 0) > 0.9  # q <= 0.405 when 2 | n


def test_baselines_refuse_representations_that_hide_what_they_need():
    t = get_task("integers/squarefree", representation="crt:25")
    with pytest.raises(InvalidParameterError, match="does not determine n mod p\\^2"):
        get_baseline("square-divisibility", t)
    t = get_task("integers/squarefree", representation="crt:101,103")
    with pytest.raises(InvalidParameterError, match="no prime p <= 100"):
        get_baseline("divisibility", t)
    with pytest.raises(InvalidParameterError, match="'representation' parameter"):
        get_baseline("divisibility", get_task("permutations/left-descents", n=5))
