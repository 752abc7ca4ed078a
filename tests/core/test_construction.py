"""The construction kind: exact objective and constraint, the verdict against the reference."""

import itertools
from fractions import Fraction

import numpy as np
import pytest

import conjectura as cj
from conjectura.core.construction import ConstructionProblem, compare_to_known, construction_problem
from conjectura.core.problem import Encoding
from conjectura.exceptions import VerificationError


def _problem(objective, target=3, known=3):
    enc = Encoding(dim=6, decode=lambda z: [i + 1 for i in range(6) if z[i]])
    return construction_problem(
        what="a subset of [1, 6] without two consecutive integers",
        value_name="size",
        objective=objective,
        target=target,
        known=known,
        constraint=lambda S: cj.Verdict(all(b - a > 1 for a, b in itertools.pairwise(S)), "ok"),
        encoding=enc,
        serialize=list,
        deserialize=list,
        score=lambda S: float(len(S)),
    )


def test_verdict_checks_constraint_value_and_reference():
    p = _problem(len)
    assert isinstance(p, ConstructionProblem) and p.threshold == 3.0 and p.simplify is None
    ok = p.verify([1, 3, 5])
    assert ok.holds and ok.values["size"] == 3 and "matches the known maximum 3" in ok.reason
    short = p.verify([1, 4])
    assert (
        not short.holds and "size = 2 < 3" in short.reason and "1 below the known maximum 3" in short.reason
    )
    bad = p.verify([1, 2, 4, 6])
    assert not bad.holds and "the constraint fails" in bad.reason


def test_fraction_objectives_are_exact_and_floats_are_refused():
    p = _problem(lambda S: Fraction(len(S), 2), target=Fraction(3, 2), known=Fraction(3, 2))
    v = p.verify([1, 3, 5])
    assert v.holds and v.values["size"] == "3/2"
    with pytest.raises(VerificationError, match="must be exact"):
        _problem(lambda S: len(S) / 2).verify([1, 3, 5])


def test_compare_to_known():
    assert compare_to_known(96, 96) == "matches the known maximum 96"
    assert compare_to_known(94, 96) == "2 below the known maximum 96"
    assert compare_to_known(Fraction(7, 2), 4, optimal=False) == "1/2 below the best known value 4"
    assert compare_to_known(5, None) == "no reference value for these parameters"


def test_score_from_batch_when_no_single_score():
    enc = Encoding(dim=3, decode=lambda z: list(np.flatnonzero(z)), encode=lambda S: np.isin(np.arange(3), S))
    p = construction_problem(
        what="a subset of {0, 1, 2}",
        objective=len,
        constraint=lambda S: cj.Verdict(True, "any"),
        target=3,
        encoding=enc,
        serialize=lambda S: [int(x) for x in S],
        deserialize=list,
        score_batch=lambda Z: np.asarray(Z).sum(axis=1).astype(float),
    )
    assert p.score([0, 2]) == 2.0 and p.verify([0, 1, 2]).holds
