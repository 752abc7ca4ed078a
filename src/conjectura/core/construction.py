r"""Constructions: maximise an exact objective under an exact constraint, certify the value.

A construction problem asks for an object :math:`x` with

.. math:: \mathrm{constraint}(x) \quad\text{and}\quad \mathrm{objective}(x) \ge v,

for a target :math:`v` (by default the best value known in the literature). It is a
:class:`~conjectura.core.problem.SearchProblem` whose verifier checks the constraint and
computes the objective exactly (integers or fractions), so a certificate says "there is an
object with value :math:`\ge v`" with the witness, the exact value and the constraint check,
and ``conjectura search``, ``certify`` and ``verify`` work on it unchanged. The verdict
compares the value with the reference: "matches the known maximum", "k below the known
maximum", or "above the best known value" (a new record; for a proven maximum, impossible).

A problem may carry ``improve``, its own local search (repair to feasibility, then climb),
which the construction engines (``climb``, ``patternboost``) use: in PatternBoost the local
phase is problem-specific by design.

References
----------
.. [1] A. Z. Wagner, "Constructions in combinatorics via neural networks", arXiv:2104.14516.
.. [2] F. Charton, J. S. Ellenberg, A. Z. Wagner, G. Williamson, "PatternBoost: Constructions
   in mathematics with a little help from AI", arXiv:2411.00566.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, TypeVar

import numpy as np

from conjectura.core.problem import Encoding, SearchProblem
from conjectura.core.verdict import Verdict

__all__ = ["ConstructionProblem", "construction_problem", "compare_to_known", "exact_str"]

O = TypeVar("O")
Exact = int | Fraction


def exact_str(x: Exact) -> str:
    """An exact number as text: ``"96"``, ``"7/2"``.

    >>> exact_str(Fraction(7, 2)), exact_str(96)
    ('7/2', '96')
    """
    if isinstance(x, Fraction) and x.denominator == 1:
        return str(x.numerator)
    return str(x)


def _exact(x: Any, what: str) -> Exact:
    if isinstance(x, bool) or not isinstance(x, int | Fraction | np.integer):
        from conjectura.exceptions import VerificationError

        raise VerificationError(
            f"The {what} of a construction must be exact (an int or a Fraction). "
            f"Got {type(x).__name__} instead."
        )
    return int(x) if isinstance(x, int | np.integer) else x


def compare_to_known(value: Exact, known: Exact | None, *, optimal: bool = True) -> str:
    """How ``value`` compares with the reference ``known``, in words.

    Parameters
    ----------
    value : int or Fraction
        The exact value reached.
    known : int, Fraction or None
        The reference value (``None``: no reference for these parameters).
    optimal : bool, default True
        Whether the reference is a proven maximum (else the best known value).

    Examples
    --------
    >>> compare_to_known(96, 96), compare_to_known(94, 96), compare_to_known(5, 4, optimal=False)
    ('matches the known maximum 96', '2 below the known maximum 96', '1 above the best known value 4')
    """
    if known is None:
        return "no reference value for these parameters"
    ref = f"the {'known maximum' if optimal else 'best known value'} {exact_str(known)}"
    if value == known:
        return f"matches {ref}"
    gap = exact_str(abs(Fraction(value) - Fraction(known)))
    return f"{gap} {'below' if value < known else 'above'} {ref}"


@dataclass(frozen=True, kw_only=True)
class ConstructionProblem(SearchProblem[O]):
    """A search problem that maximises an exact objective under an exact constraint.

    Build it with :func:`construction_problem`. Besides the fields of
    :class:`~conjectura.core.problem.SearchProblem` (``verify`` checks the constraint and
    ``objective >= target``) it keeps what the construction engines and reports need.

    Attributes
    ----------
    objective : callable
        ``objective(obj) -> int | Fraction``, exact.
    constraint : callable
        ``constraint(obj) -> Verdict``, exact.
    target : int or Fraction
        The value a witness must reach.
    known : int, Fraction or None
        The reference value for these parameters (``None`` if there is none).
    known_optimal : bool
        Whether ``known`` is a proven maximum.
    value_name : str
        What the objective counts ("edges", "size").
    improve : callable or None
        ``improve(Z, rng, effort) -> Z``: the problem's own local search on a batch of words
        (every returned word satisfies the constraint), ``effort`` moves per word.
    """

    objective: Callable[[O], Exact]
    constraint: Callable[[O], Verdict]
    target: Exact
    known: Exact | None = None
    known_optimal: bool = True
    value_name: str = "value"
    improve: Callable[[np.ndarray, np.random.Generator, int], np.ndarray] | None = None

    def evaluate(self, obj: O) -> tuple[Verdict, Exact]:
        """The exact constraint verdict and objective value of ``obj``."""
        return self.constraint(obj), _exact(self.objective(obj), "objective")

    def comparison(self, value: Exact) -> str:
        """``value`` against the reference, in words (see :func:`compare_to_known`)."""
        return compare_to_known(value, self.known, optimal=self.known_optimal)


def construction_problem(
    *,
    what: str,
    objective: Callable[[O], Exact],
    constraint: Callable[[O], Verdict],
    target: Exact,
    encoding: Encoding[O],
    serialize: Callable[[O], Any],
    deserialize: Callable[[Any], O],
    score_batch: Callable[[np.ndarray], np.ndarray] | None = None,
    score: Callable[[O], float] | None = None,
    known: Exact | None = None,
    known_optimal: bool = True,
    value_name: str = "value",
    improve: Callable[[np.ndarray, np.random.Generator, int], np.ndarray] | None = None,
    params: Mapping[str, Any] | None = None,
    description: str = "",
    reference: str = "",
) -> ConstructionProblem[O]:
    r"""A construction problem: find ``x`` with ``constraint(x)`` and ``objective(x) >= target``.

    The verifier checks the constraint, computes the objective exactly and compares it with
    ``target``; its reason names the exact value and how it compares with ``known``. Scores
    (floats, for ranking only) should equal the objective on feasible objects and be lower on
    infeasible ones: the search loop sends a candidate to the verifier once its score reaches
    ``target``.

    Parameters
    ----------
    what : str
        The objects, as in "There is {what} with {value_name} >= {target}".
    objective : callable
        ``objective(x) -> int | Fraction``; exact.
    constraint : callable
        ``constraint(x) -> Verdict``; exact.
    target : int or Fraction
        The value to reach (usually ``known``).
    encoding, serialize, deserialize
        As for :class:`~conjectura.core.problem.SearchProblem`.
    score_batch : callable, optional
        Batched float scores of words (preferred); ``score`` scores one object.
    known : int, Fraction or None
        The reference value from the literature for these parameters.
    known_optimal : bool, default True
        Whether ``known`` is proven optimal ("known maximum") or only the best known value.
    value_name : str, default "value"
        What the objective counts.
    improve : callable, optional
        The problem's own local search ``improve(Z, rng, effort) -> Z`` (see
        :class:`ConstructionProblem`).
    params : mapping, optional
        Normalised parameters to record (a registered factory records its own arguments;
        give this to record, e.g., the resolved default target).
    description, reference : str
        For listings and certificates.

    Returns
    -------
    ConstructionProblem

    Examples
    --------
    Sets of integers in [1, 6] without two elements differing by 1, as 0/1 words:

    >>> enc = Encoding(dim=6, decode=lambda z: [i + 1 for i in range(6) if z[i]])
    >>> p = construction_problem(
    ...     what="a subset of [1, 6] without two consecutive integers", value_name="size",
    ...     objective=len, target=3, known=3,
    ...     constraint=lambda S: Verdict(all(b - a > 1 for a, b in zip(S, S[1:])), "no two consecutive"),
    ...     encoding=enc, serialize=list, deserialize=list,
    ...     score=lambda S: len(S) - 2.0 * sum(b - a == 1 for a, b in zip(S, S[1:])))
    >>> p.claim
    'There is a subset of [1, 6] without two consecutive integers with size >= 3.'
    >>> p.verify([1, 3, 6]).reason
    'no two consecutive; size = 3 >= 3; matches the known maximum 3'
    >>> p.verify([1, 2, 6]).holds
    False
    """
    target = _exact(target, "target")
    claim = f"There is {what} with {value_name} >= {exact_str(target)}."

    def verify(obj: O) -> Verdict:
        ok = constraint(obj)
        if not ok.holds:
            return Verdict(False, f"the constraint fails: {ok.reason}", dict(ok.values))
        value = _exact(objective(obj), "objective")
        reached = value >= target
        values = {
            **dict(ok.values),
            value_name: exact_str(value) if isinstance(value, Fraction) else value,
            "target": exact_str(target) if isinstance(target, Fraction) else target,
            "known": (exact_str(known) if isinstance(known, Fraction) else known),
        }
        rel = ">=" if reached else "<"
        reason = (
            f"{ok.reason}; {value_name} = {exact_str(value)} {rel} {exact_str(target)}; "
            f"{compare_to_known(value, known, optimal=known_optimal)}"
        )
        return Verdict(reached, reason, values)

    if score is None:
        if score_batch is None:
            from conjectura.exceptions import InvalidParameterError

            raise InvalidParameterError("construction_problem needs a score or score_batch function.")

        def score(obj: O) -> float:
            return float(score_batch(np.asarray(encoding.encode(obj))[None])[0])

    return ConstructionProblem(
        claim=claim,
        encoding=encoding,
        score=score,
        score_batch=score_batch,
        verify=verify,
        serialize=serialize,
        deserialize=deserialize,
        simplify=None,  # a smaller object has a smaller value: nothing to shrink
        threshold=float(target),
        params=dict(params or {}),
        description=description,
        reference=reference,
        objective=objective,
        constraint=constraint,
        target=target,
        known=known,
        known_optimal=known_optimal,
        value_name=value_name,
        improve=improve,
    )
