"""``construct``: search a construction problem and certify the best value reached.

:func:`~conjectura.searching.search` stops at the first object the verifier accepts, i.e. the
first that reaches the problem's target. A construction run should also say how far it got
when it stops short: :func:`construct` runs the search and, if the target was not reached,
certifies the best feasible object at its own exact value (the registered problem rebuilt
with ``target`` equal to that value), so every run ends with a certificate "there is an
object with value >= v" and the gap to the reference value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from conjectura.core.certificate import Certificate, certify
from conjectura.core.construction import ConstructionProblem, compare_to_known, exact_str
from conjectura.core.problem import SearchEngine, SearchProblem
from conjectura.exceptions import InvalidParameterError
from conjectura.searching.config import SearchConfig
from conjectura.searching.engines import resolve_problem
from conjectura.searching.loop import SearchResult, search

__all__ = ["construct", "ConstructionResult"]


@dataclass(kw_only=True)
class ConstructionResult:
    """The outcome of :func:`construct`.

    Attributes
    ----------
    value : int, Fraction or None
        The exact value of the best feasible object found (``None``: no feasible object).
    target, known : the problem's target and reference value.
    reached : bool
        Whether ``value >= target``.
    comparison : str
        ``value`` against the reference ("matches the known maximum 96", "2 below ...").
    certificate : Certificate or None
        Certifies "there is an object with value >= ``value``" (at the target when reached).
    search : SearchResult
        The underlying search run.
    """

    problem: str
    params: dict = field(default_factory=dict)
    engine: str
    seed: int | None
    value_name: str
    value: int | Fraction | None
    target: int | Fraction
    known: int | Fraction | None
    reached: bool
    comparison: str
    certificate: Certificate | None
    search: SearchResult

    @property
    def gap(self) -> int | Fraction | None:
        """``known - value`` (0 when the known value is matched), or ``None``."""
        if self.known is None or self.value is None:
            return None
        g = Fraction(self.known) - Fraction(self.value)
        return int(g) if g.denominator == 1 else g

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of the result (exact numbers as ints or ``"p/q"`` strings)."""

        def ex(x):
            return None if x is None else (x if isinstance(x, int) else exact_str(x))

        cert = self.certificate
        return {
            "problem": self.problem,
            "params": dict(self.params),
            "engine": self.engine,
            "seed": self.seed,
            "value_name": self.value_name,
            "value": ex(self.value),
            "target": ex(self.target),
            "known": ex(self.known),
            "gap": ex(self.gap),
            "reached": self.reached,
            "comparison": self.comparison,
            "witness": cert.witness_data if cert else None,
            "reason": cert.verdict.reason if cert else None,
            "elapsed": round(self.search.elapsed, 3),
            "evaluations": self.search.evaluations,
            "certificate": cert.to_dict() if cert else None,
        }

    def table(self) -> str:
        """A few lines for the terminal."""
        d = self.to_dict()
        lines = [
            f"{self.problem} {self.params}: {self.value_name} = {d['value']} ({self.comparison})",
            f"engine {self.engine}, seed {self.seed}: {d['elapsed']} s, {d['evaluations']} candidates",
        ]
        if self.certificate is not None:
            lines += [f"claim: {self.certificate.claim}", f"witness: {self.certificate.witness_data}"]
        return "\n".join(lines)


def construct(
    problem: ConstructionProblem | str,
    engine: SearchEngine | str | type | None = "climb",
    *,
    budget: str = "60s",
    seed: int | np.random.Generator | None = 0,
    store: Any = None,
    config: SearchConfig = SearchConfig(simplify=False),
    callbacks: Iterable[Callable] = (),
    problem_params: Mapping[str, Any] | None = None,
    engine_params: Mapping[str, Any] | None = None,
) -> ConstructionResult:
    """Search a construction problem until its target is reached or the budget runs out.

    The certificate is made at the target when it is reached, and otherwise at the exact value
    of the best feasible object found (for a registered problem whose factory takes a
    ``target``). A value below the reference is "not reached within budget", never evidence
    that the reference is wrong.

    Parameters
    ----------
    problem : ConstructionProblem or str
        A construction problem or its registered name (then ``problem_params``).
    engine : default "climb"
        Any engine; ``"climb"`` and ``"patternboost"`` use the problem's own local search.
    budget, seed, store, config, callbacks, engine_params
        As for :func:`~conjectura.searching.search`.

    Returns
    -------
    ConstructionResult

    Examples
    --------
    >>> import conjectura as cj
    >>> r = construct("graphs/c4-free-edges", problem_params={"n": 12}, budget="60s")
    >>> r.value, r.comparison
    (21, 'matches the known maximum 21')
    """
    prob = resolve_problem(problem, problem_params)
    if not isinstance(prob, ConstructionProblem):
        raise InvalidParameterError(
            f"construct needs a construction problem (made with construction_problem). "
            f"Got {type(prob).__name__} {prob.name!r} instead; use search() for counterexamples."
        )
    res = search(
        prob,
        engine,
        budget=budget,
        seed=seed,
        store=store,
        config=config,
        callbacks=callbacks,
        engine_params=engine_params,
    )
    cert, value = res.certificate, None
    if cert is not None:
        _, value = prob.evaluate(res.witness)
    elif res.best is not None:
        ok, v = prob.evaluate(res.best)
        if ok.holds:
            value = v
            cert = _certify_at(prob, res.best, v, res)
    return ConstructionResult(
        problem=prob.name,
        params=dict(prob.params),
        engine=res.engine,
        seed=res.seed,
        value_name=prob.value_name,
        value=value,
        target=prob.target,
        known=prob.known,
        reached=res.found,
        comparison=compare_to_known(value, prob.known, optimal=prob.known_optimal)
        if value is not None
        else "no feasible object found within budget",
        certificate=cert,
        search=res,
    )


def _certify_at(prob: ConstructionProblem, obj: Any, value, res: SearchResult) -> Certificate | None:
    """Certify ``obj`` for the registered problem rebuilt with ``target=value``, if possible."""
    if not prob.name or "target" not in prob.params:
        return None
    from conjectura.core.registry import get_problem

    lowered: SearchProblem = get_problem(prob.name, **{**dict(prob.params), "target": value})
    provenance = {
        "seed": res.seed,
        "engine": res.engine,
        "budget": res.budget,
        "evaluations": res.evaluations,
        "seconds": round(res.elapsed, 3),
        "problem_params": dict(lowered.params),
        "note": f"best value reached; the target {exact_str(prob.target)} was not reached within budget",
    }
    return certify(obj, lowered, provenance=provenance)
