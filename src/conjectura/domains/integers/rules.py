r"""What small-prime divisibility alone predicts: the honest baselines of the integer tasks.

A network trained on integers typically learns to check divisibility by small primes
(Lowry-Duda); these rules say how far that alone goes, from the same features the learner sees
(the residues are read back exactly from the representation:
:meth:`~conjectura.domains.integers.representations.IntegerRepresentation.residues`).

``divisibility``
    The Bayes rule from which small primes :math:`p \le B` divide :math:`n`, a ``"key"`` rule:
    the most frequent training label among the training integers with the same set
    :math:`S = \{p \le B : p \mid n\}`; the frequencies of a rare set are shrunk towards those of
    coarser patterns (:func:`divisibility_keys`), and those towards the class prior (an
    m-estimate with weight 20, so the rule does not overfit rare sets).
``square-divisibility``
    The same rule keyed also on :math:`\{p \le B : p^2 \mid n\}`; needs a representation that
    determines :math:`n \bmod p^2` (binary or base digits, or ``crt`` with moduli :math:`p^2`).
``trial-division``
    :math:`n` is called prime iff no prime :math:`p \le B`, :math:`p < n`, divides it
    (:func:`trial_division`). Exact for :math:`n < B^2`.
``always-composite``
    The constant rule "not prime".

References
----------
D. Lowry-Duda, "Studying number theory with deep learning: a case study with the Möbius and
squarefree indicator functions", arXiv:2502.10335 (2025), §4 (the models' accuracy is
explained by divisibility by small primes and small squares).
G. Williamson, "Is deep learning a useful tool for the pure mathematician?", Bull. AMS (2024),
arXiv:2304.12602 (the primality exercise).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from conjectura.core.registry import register_rule
from conjectura.core.rules import Rule, RuleContext
from conjectura.core.validation import validate_int
from conjectura.domains.integers.arithmetic import primes_up_to
from conjectura.domains.integers.representations import IntegerRepresentation, parse_representation
from conjectura.exceptions import InvalidParameterError

__all__ = [
    "visible_primes",
    "divisibility_pattern",
    "divisibility_keys",
    "trial_division",
    "DIVISIBILITY",
    "SQUARE_DIVISIBILITY",
    "TRIAL_DIVISION",
    "ALWAYS_COMPOSITE",
]


def visible_primes(rep: IntegerRepresentation, bound: int, *, squares: bool = False) -> tuple[int, ...]:
    """The primes :math:`p \\le` ``bound`` for which ``rep`` determines :math:`n \\bmod p`
    (with ``squares=True``: :math:`n \\bmod p^2`).

    >>> visible_primes(parse_representation("crt:4,9,25"), 10), visible_primes(
    ...     parse_representation("crt:4,9,25"), 10, squares=True)
    ((2, 3, 5), (2, 3, 5))
    >>> visible_primes(parse_representation("crt:5"), 100, squares=True)
    ()
    """
    return tuple(int(p) for p in primes_up_to(bound) if rep.determines(int(p) ** 2 if squares else int(p)))


def divisibility_pattern(
    rep: IntegerRepresentation, X: np.ndarray, primes: Sequence[int], squares: Sequence[int] = ()
) -> np.ndarray:
    """Boolean matrix: column ``j`` says whether the ``j``-th of ``primes``, then of the
    squares :math:`p^2` of ``squares``, divides :math:`n`, read exactly from the features ``X``.

    >>> rep = parse_representation("binary:5")
    >>> divisibility_pattern(rep, rep.encode(np.array([12, 7])), [2, 3], [2]).tolist()
    [[True, True, True], [False, False, False]]
    """
    X = np.asarray(X, dtype=np.float64)
    cols = []
    for d in [int(p) for p in primes] + [int(p) ** 2 for p in squares]:
        r = rep.residues(X, d)
        if r is None:
            raise InvalidParameterError(f"The representation {rep.spec!r} does not determine n mod {d}.")
        cols.append(r == 0)
    return np.stack(cols, axis=1) if cols else np.zeros((len(X), 0), dtype=bool)


def divisibility_keys(P: np.ndarray, primes: Sequence[int]) -> list[list]:
    """Keys of each row of a divisibility pattern at four levels, finest first.

    ``P`` has one column per prime of ``primes`` (then, optionally, one per prime square), as
    :func:`divisibility_pattern` returns it; :math:`S` is the set of primes dividing :math:`n`.

    0. the whole pattern;
    1. the pattern of the primes up to 7, :math:`\\sum_{p \\in S, p > 7} \\log(1 - 1/p)` rounded to
       0.05 (the factor by which those primes lower the chance of being squarefree), the parity
       of :math:`|S|` (the sign of :math:`\\mu`), and whether a visible prime square divides
       :math:`n`;
    2. the same without the primes above 7;
    3. the square flag alone.

    >>> P = np.array([[True, False, True]])              # 2 | n, 3 does not, 11 | n
    >>> [level[0] for level in divisibility_keys(P, [2, 3, 11])][2:]
    [(b'\\x80', 0, False), False]
    """
    k = len(primes)
    ps = np.array([int(p) for p in primes], dtype=np.float64)
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


def trial_division(rep: IntegerRepresentation, X: np.ndarray, primes: Sequence[int]) -> np.ndarray:
    """1 where no prime of ``primes`` properly divides :math:`n` (and :math:`n \\ge 2` when ``rep``
    determines :math:`n`), else 0: trial division, exact for :math:`n < (\\max p)^2`.

    >>> rep = parse_representation("binary:7")
    >>> trial_division(rep, rep.encode(np.arange(2, 12)), [2, 3, 5, 7]).tolist()
    [1, 1, 0, 1, 0, 1, 0, 0, 0, 1]
    """
    X = np.asarray(X, dtype=np.float64)
    n = rep.decode(X) if rep.lossless else None
    prime = np.ones(len(X), dtype=bool)
    if n is not None:
        prime &= n >= 2
    for p in primes:
        divides = rep.residues(X, p) == 0
        if n is not None:
            divides &= n != p
        prime &= ~divides
    return prime.astype(np.int64)


# -- the rules ----------------------------------------------------------------------------
def _representation(context: RuleContext, owner: str) -> IntegerRepresentation | str:
    """The task's representation, or the reason the rule ``owner`` cannot run."""
    spec = context.params.get("representation")
    if not isinstance(spec, str):
        return (
            f"The {owner} baseline needs an integer task with a 'representation' parameter; "
            f"task {context.task!r} has none."
        )
    return parse_representation(spec)


def _primes_or_reason(context: RuleContext, owner: str, bound, squares: bool):
    rep = _representation(context, owner)
    if isinstance(rep, str):
        return rep
    bound = validate_int(bound, "bound", owner, min_value=2)
    primes = visible_primes(rep, bound)
    if not primes:
        return f"The representation {rep.spec!r} determines n mod p for no prime p <= {bound}."
    if squares and not visible_primes(rep, bound, squares=True):
        return (
            f"The representation {rep.spec!r} does not determine n mod p^2 for any prime p: "
            f"use binary or base digits, or crt moduli such as crt:4,9,25,49."
        )
    return None


def _divisibility_keys(context: RuleContext, X: np.ndarray, bound=100, squares: bool = False):
    rep = parse_representation(context.params["representation"])
    primes = visible_primes(rep, bound)
    sq = visible_primes(rep, bound, squares=True) if squares else ()
    return divisibility_keys(divisibility_pattern(rep, X, primes, sq), primes)


def _square_keys(context: RuleContext, X: np.ndarray, bound=100):
    return _divisibility_keys(context, X, bound, squares=True)


def _trial_division(context: RuleContext, X: np.ndarray, bound=100) -> np.ndarray:
    rep = parse_representation(context.params["representation"])
    return trial_division(rep, X, visible_primes(rep, bound))


DIVISIBILITY = register_rule(
    Rule(
        name="divisibility",
        kind="key",
        compute=_divisibility_keys,
        applies=lambda context, bound=100: _primes_or_reason(context, "divisibility", bound, False),
        params={"bound": 100},
        min_count=20,
        description="Bayes rule from which small primes p <= 100 divide n",
        reference="D. Lowry-Duda, arXiv:2502.10335",
    )
)

SQUARE_DIVISIBILITY = register_rule(
    Rule(
        name="square-divisibility",
        kind="key",
        compute=_square_keys,
        applies=lambda context, bound=100: _primes_or_reason(context, "square-divisibility", bound, True),
        params={"bound": 100},
        min_count=20,
        description="Bayes rule from which p and p^2 (p <= 100) divide n",
        reference="D. Lowry-Duda, arXiv:2502.10335",
    )
)

TRIAL_DIVISION = register_rule(
    Rule(
        name="trial-division",
        kind="predict",
        compute=_trial_division,
        applies=lambda context, bound=100: _primes_or_reason(context, "trial-division", bound, False),
        params={"bound": 100},
        description="prime iff no prime p <= 100 (p < n) divides n",
    )
)

ALWAYS_COMPOSITE = register_rule(
    Rule(
        name="always-composite",
        kind="predict",
        compute=lambda context, X: np.zeros(len(X), dtype=np.int64),
        description="the constant rule 'n is not prime'",
    )
)
