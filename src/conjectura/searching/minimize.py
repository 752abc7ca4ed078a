"""Shrinking a counterexample to a minimal witness, as Hypothesis shrinks a failing example."""

from __future__ import annotations

from typing import Any

from conjectura.core.problem import SearchProblem

__all__ = ["minimize_witness"]


def minimize_witness(problem: SearchProblem, witness: Any, *, max_checks: int = 10_000) -> tuple[Any, int]:
    """Greedily replace ``witness`` by a smaller object that still refutes, until none does.

    ``problem.simplify(obj)`` lists smaller candidates (for graphs: delete a vertex, then an
    edge); the first one the **exact** verifier accepts replaces the current witness and the
    search starts again from it. The result is minimal in the sense that no candidate
    ``simplify`` offers for it is a counterexample (unless ``max_checks`` verifications ran
    out first).

    Parameters
    ----------
    problem : SearchProblem
    witness : object
        A verified counterexample.
    max_checks : int, default 10000
        Upper bound on calls of the verifier.

    Returns
    -------
    (object, int)
        The minimal witness and the number of verifier calls made.
    """
    if problem.simplify is None:
        return witness, 0
    current, checks, improved = witness, 0, True
    while improved and checks < max_checks:
        improved = False
        for cand in problem.simplify(current):
            checks += 1
            if problem.verify(cand).holds:
                current, improved = cand, True
                break
            if checks >= max_checks:
                break
    return current, checks
