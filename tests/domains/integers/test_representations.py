"""Integer representations: exact round trips, residues, and clear errors for bad names."""

import numpy as np
import pytest

from conjectura.domains.integers import parse_representation, sample_integers
from conjectura.exceptions import InvalidParameterError


@pytest.fixture(scope="module")
def ns():
    return sample_integers(2, 10**12, 500, seed=1)


@pytest.mark.parametrize("spec", ["binary:40", "base:3:26", "base:10:12"])
def test_digit_representations_round_trip(spec, ns):
    rep = parse_representation(spec)
    X = rep.encode(ns)
    assert X.shape == (len(ns), rep.width) and set(np.unique(X)) <= set(range(rep.base))
    assert np.array_equal(rep.decode(X), ns)


def test_binary_digits_are_least_significant_first():
    rep = parse_representation("binary:5")
    assert rep.encode([6]).tolist() == [[0, 1, 1, 0, 0]]
    assert rep.feature_names == ("bit0", "bit1", "bit2", "bit3", "bit4")


@pytest.mark.parametrize("spec", ["crt:25", "char:25", "crt:4,9,25,49", "char:4,9,25"])
def test_residues_are_read_back_exactly(spec, ns):
    rep = parse_representation(spec)
    X = rep.encode(ns)
    for m in rep.moduli:
        for d in {m, 2, 3, 5, 7, 4, 9}:
            r = rep.residues(X, d)
            if m % d == 0:
                assert r is not None and np.array_equal(r, ns % d)
            assert rep.determines(d) == (r is not None)


def test_crt_determines_n_modulo_the_product():
    # Chinese remainder theorem: residues mod 2,3,5,7 determine n mod 210.
    rep = parse_representation("crt:4")
    X = rep.encode(np.arange(420))
    assert len({tuple(row) for row in X[:210]}) == 210
    assert np.array_equal(X[:210], X[210:])


def test_character_encoding_is_on_the_unit_circle(ns):
    X = parse_representation("char:10").encode(ns)
    assert X.shape == (len(ns), 20)
    assert np.allclose(X[:, 0::2] ** 2 + X[:, 1::2] ** 2, 1.0)


def test_default_width_from_the_range():
    assert parse_representation("binary", max_value=10**12).spec == "binary:40"
    assert parse_representation("base:3", max_value=26).spec == "base:3:3"
    assert parse_representation("crt:25").spec == "crt:25"
    assert parse_representation(" CRT:3 ").moduli == (2, 3, 5)


@pytest.mark.parametrize(
    "spec, fragment",
    [
        ("crt:0", "number of primes must lie in"),
        ("crt:x", "must be an integer"),
        ("crt", "needs a number of primes"),
        ("crt:4,4", "distinct"),
        ("base:1", "the base must lie in"),
        ("binary:8:2", "at most one number"),
        ("binary:10", "cannot hold n up to"),
        ("fourier:3", "'fourier' is not a known kind"),
        ("", "non-empty string"),
    ],
)
def test_bad_representation_names(spec, fragment):
    with pytest.raises(InvalidParameterError, match="representation") as exc:
        parse_representation(spec, max_value=10**6)
    assert fragment in str(exc.value)


def test_lossy_representation_cannot_decode():
    with pytest.raises(InvalidParameterError, match="does not determine n"):
        parse_representation("crt:3").decode(np.zeros((1, 3)))
