"""Honest baselines for the integer tasks: what small-prime divisibility alone predicts.

A network trained on integers "typically learns to check divisibility by small primes"
(seed 000, *Honest limitations*); these baselines say how far that alone goes, from the same
features the learner sees (the residues are read back exactly from the representation: see
:meth:`IntegerRepresentation.residues`).

``divisibility``
    The Bayes rule from which small primes :math:`p \\le B` divide :math:`n`: the most frequent
    training label among the training integers with the same set
    :math:`S = \\{p \\le B : p \\mid n\\}`; the frequencies of a rare set are shrunk towards
    those of coarser patterns (:math:`S \\cap \\{2,3,5,7\\}`, :math:`\\prod_{p \\in S, p > 7}(1 - 1/p)`
    and the parity of :math:`|S|`; then without the primes above 7; then whether a visible prime square divides n), and those
    towards the class prior (an m-estimate, so the rule does not overfit rare sets).
``square-divisibility``
    The same rule keyed also on :math:`\\{p \\le B : p^2 \\mid n\\}`; needs a representation that
    determines :math:`n \\bmod p^2` (binary or base digits, or ``crt`` with moduli :math:`p^2`).
``trial-division``
    :math:`n` is called prime iff no prime :math:`p \\le B`, :math:`p < n`, divides it. Exact for
    :math:`n < B^2`.
``always-composite``
    The constant rule "not prime".

References
----------
D. Lowry-Duda, "Studying number theory with deep learning: a case study with the Möbius and
squarefree indicator functions", arXiv:2502.10335 (2025), §4 (the models' accuracy is
explained by divisibility by small primes and small squares).
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from conjectura.core.validation import check_int
from conjectura.exceptions import InvalidParameterError, NotFittedError
from conjectura.learn.registry import register_baseline

__all__ = ["DivisibilityBayes", "TrialDivision"]


def _representation(task, owner: str):
    from conjectura.domains.integers.representations import parse_representation

    spec = getattr(task, "params", {}).get("representation")
    if not isinstance(spec, str):
        raise InvalidParameterError(
            f"The {owner} baseline needs an integer task with a 'representation' parameter; "
            f"task {getattr(task, 'name', task)!r} has none."
        )
    return parse_representation(spec)


def _visible_primes(rep, bound: int, square: bool) -> tuple[int, ...]:
    from conjectura.domains.integers.arithmetic import primes_up_to

    return tuple(int(p) for p in primes_up_to(bound) if rep.determines(int(p) ** 2 if square else int(p)))


class DivisibilityBayes(ClassifierMixin, BaseEstimator):
    """The Bayes rule from the small primes (and prime squares) that divide :math:`n`.

    Parameters
    ----------
    representation : str
        The integer representation of the features (``"crt:25"``, ``"binary:40"``, ...).
    primes : tuple of int
        The primes :math:`p` whose divisibility is a feature.
    squares : tuple of int, default ()
        The primes :math:`p` whose square's divisibility is a feature.
    min_count : int, default 20
        Weight of the coarser estimate in the m-estimate of each pattern's posterior (a
        pattern seen far fewer times than this votes with its coarse pattern).

    Attributes
    ----------
    classes_ : ndarray
    tables_ : list of dict
        For each level of patterns (see ``_keys``), pattern -> class counts.
    prior_ : ndarray
        Class counts over all training rows.
    """

    def __init__(self, *, representation: str = "crt:25", primes=(), squares=(), min_count=20):
        self.representation = representation
        self.primes = primes
        self.squares = squares
        self.min_count = min_count

    def _pattern(self, X) -> np.ndarray:
        from conjectura.domains.integers.representations import parse_representation

        rep = parse_representation(self.representation)
        X = np.asarray(X, dtype=np.float64)
        cols = []
        for d in [int(p) for p in self.primes] + [int(p) ** 2 for p in self.squares]:
            r = rep.residues(X, d)
            if r is None:
                raise InvalidParameterError(f"The representation {rep.spec!r} does not determine n mod {d}.")
            cols.append(r == 0)
        return np.stack(cols, axis=1) if cols else np.zeros((len(X), 0), dtype=bool)

    def _keys(self, P: np.ndarray) -> list[list]:
        """Keys of each row at four levels, finest first.

        0. the whole pattern;
        1. the pattern of the primes up to 7, :math:`\\sum_{p \\in S, p > 7} \\log(1 - 1/p)`
           rounded to 0.05 (the factor by which those primes lower the chance of being
           squarefree), the parity of :math:`|S|` (the sign of :math:`\\mu`), and whether a
           visible prime square divides :math:`n`;
        2. the same without the primes above 7;
        3. the square flag alone.
        """
        k = len(self.primes)
        ps = np.array([int(p) for p in self.primes], dtype=np.float64)
        small = ps <= 7
        D = P[:, :k]
        fine = [row.tobytes() for row in np.packbits(P, axis=1)] if P.shape[1] else [b""] * len(P)
        head = [row.tobytes() for row in np.packbits(D[:, small], axis=1)] if small.any() else [b""] * len(P)
        weight = np.rint(D[:, ~small] @ np.log1p(-1.0 / ps[~small]) / 0.05).astype(np.int64)
        parity = (D.sum(axis=1) % 2).tolist()
        square = (P[:, k:].sum(axis=1) > 0).tolist()
        return [
            fine,
            list(zip(head, weight.tolist(), parity, square)),
            list(zip(head, parity, square)),
            square,
        ]

    def fit(self, X, y):
        check_int(self.min_count, "min_count", "DivisibilityBayes", min_value=1)
        if not len(self.primes) and not len(self.squares):
            raise InvalidParameterError("DivisibilityBayes needs at least one prime.")
        y = np.asarray(y)
        self.classes_ = np.unique(y)
        idx = np.searchsorted(self.classes_, y)
        c = len(self.classes_)
        self.tables_ = []
        for keys in self._keys(self._pattern(X)):
            table: dict = {}
            for key, i in zip(keys, idx):
                table.setdefault(key, np.zeros(c, dtype=np.int64))[i] += 1
            self.tables_.append(table)
        self.prior_ = np.bincount(idx, minlength=c)
        return self

    def predict_proba(self, X) -> np.ndarray:
        """Posterior estimates: the class counts of each row's key at each level, shrunk
        towards the estimate of the next coarser level (the coarsest towards the class
        prior) with weight ``min_count``: an m-estimate, so rare patterns vote with their
        coarser pattern."""
        if not hasattr(self, "tables_"):
            raise NotFittedError("This DivisibilityBayes is not fitted yet: call fit(X, y).")
        levels = self._keys(self._pattern(X))
        a = float(self.min_count)
        c = len(self.classes_)
        zero = np.zeros(c)
        out = np.empty((len(levels[0]), c))
        for j in range(len(out)):
            p = self.prior_ / self.prior_.sum()
            for table, keys in zip(reversed(self.tables_), reversed(levels)):
                counts = table.get(keys[j], zero)
                p = (counts + a * p) / (counts.sum() + a)
            out[j] = p
        return out

    def predict(self, X) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]


class TrialDivision(ClassifierMixin, BaseEstimator):
    """Call :math:`n` prime iff no prime :math:`p \\le B` with :math:`p < n` divides it.

    Parameters
    ----------
    representation : str
    bound : int, default 100
        :math:`B`; only primes whose residues the representation determines are tried.

    Attributes
    ----------
    primes_ : tuple of int
        The primes actually tried.
    classes_ : ndarray
        ``[0, 1]`` (1 = prime).
    """

    def __init__(self, *, representation: str = "binary:20", bound: int = 100):
        self.representation = representation
        self.bound = bound

    def fit(self, X, y):
        from conjectura.domains.integers.representations import parse_representation

        bound = check_int(self.bound, "bound", "TrialDivision", min_value=2)
        rep = parse_representation(self.representation)
        self.primes_ = _visible_primes(rep, bound, square=False)
        if not self.primes_:
            raise InvalidParameterError(
                f"The representation {rep.spec!r} determines n mod p for no prime p <= {bound}."
            )
        self.classes_ = np.array([0, 1])
        return self

    def predict(self, X) -> np.ndarray:
        from conjectura.domains.integers.representations import parse_representation

        if not hasattr(self, "primes_"):
            raise NotFittedError("This TrialDivision is not fitted yet: call fit(X, y).")
        rep = parse_representation(self.representation)
        X = np.asarray(X, dtype=np.float64)
        n = rep.decode(X) if rep.lossless else None
        prime = np.ones(len(X), dtype=bool)
        if n is not None:
            prime &= n >= 2
        for p in self.primes_:
            divides = rep.residues(X, p) == 0
            if n is not None:
                divides &= n != p
            prime &= ~divides
        return prime.astype(np.int64)


@register_baseline("divisibility", description="Bayes rule from which small primes p <= 100 divide n")
def divisibility(task, *, bound: int = 100, min_count: int = 20):
    rep = _representation(task, "divisibility")
    primes = _visible_primes(rep, check_int(bound, "bound", "divisibility", min_value=2), False)
    if not primes:
        raise InvalidParameterError(
            f"The representation {rep.spec!r} determines n mod p for no prime p <= {bound}."
        )
    return DivisibilityBayes(representation=rep.spec, primes=primes, min_count=min_count)


@register_baseline("square-divisibility", description="Bayes rule from which p and p^2 (p <= 100) divide n")
def square_divisibility(task, *, bound: int = 100, min_count: int = 20):
    rep = _representation(task, "square-divisibility")
    bound = check_int(bound, "bound", "square-divisibility", min_value=2)
    primes = _visible_primes(rep, bound, False)
    squares = _visible_primes(rep, bound, True)
    if not squares:
        raise InvalidParameterError(
            f"The representation {rep.spec!r} does not determine n mod p^2 for any prime p: "
            f"use binary or base digits, or crt moduli such as crt:4,9,25,49."
        )
    return DivisibilityBayes(representation=rep.spec, primes=primes, squares=squares, min_count=min_count)


@register_baseline("trial-division", description="prime iff no prime p <= 100 (p < n) divides n")
def trial_division(task, *, bound: int = 100):
    rep = _representation(task, "trial-division")
    return TrialDivision(representation=rep.spec, bound=bound)


@register_baseline("always-composite", description="the constant rule 'n is not prime'")
def always_composite(task):
    from sklearn.dummy import DummyClassifier

    return DummyClassifier(strategy="constant", constant=0)
