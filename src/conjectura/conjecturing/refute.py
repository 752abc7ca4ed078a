"""``refute``: attack every proposed bound with a search on larger objects.

Each bound becomes a search problem (the table's ``bound_problem``, e.g. ``graphs/bound``,
rebuilt from the relation's text and the order ``n``), and an engine searches for an object on
which it fails, for ``budget`` per order. A find is accepted only by the problem's exact
verifier and becomes a certificate (``conjectura verify FILE`` re-checks it); a bound with no
find is reported as having *survived* so many seconds of search at the orders tried, which is
evidence, never a proof.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from conjectura.conjecturing.results import REFUTED, SURVIVED, Conjectures
from conjectura.core.validation import validate_int
from conjectura.exceptions import InvalidParameterError

__all__ = ["refute"]


def _factory(problem) -> Callable[..., Any]:
    if callable(problem):
        return problem
    if isinstance(problem, str) and ":" in problem:
        from conjectura.conjecturing.sources import resolve_hook

        return resolve_hook(problem)
    if isinstance(problem, str) and problem:
        import conjectura as cj

        # a registered name: built through the registry, which records the name and parameters
        def make(**params):
            return cj.get_problem(problem, **params)

        return make
    raise InvalidParameterError(
        "The 'problem' parameter of refute must be a registered problem name such as 'graphs/bound', "
        f"a callable (relation, n) -> SearchProblem or a 'module:function' path. Got {problem!r} instead."
    )


def refute(
    conjectures: Conjectures,
    *,
    problem,
    sizes: Sequence[int] = (9, 10),
    budget: Any = "5s",
    engine: str = "local",
    seed: int = 0,
    out=None,
    progress: bool = False,
) -> Conjectures:
    """Search for a counterexample to every conjecture; record each verdict in place.

    Parameters
    ----------
    conjectures : Conjectures
        From :func:`~conjectura.conjecturing.conjecture`.
    problem : str or callable
        A registered problem name whose parameters are ``relation`` and ``n`` (e.g.
        ``"graphs/bound"``), or ``problem(relation=..., n=...) -> SearchProblem``.
    sizes : sequence of int, default (9, 10)
        Orders of the searched objects, tried in turn until one refutes the bound.
    budget : str, int or float, default "5s"
        Per conjecture and order, as :func:`conjectura.search` reads it (``"5s"``, ``"20000e"``).
    engine : str, default "local"
    seed : int, default 0
    out : path, optional
        Directory where each certificate is written (``refutation-<rank>.json``).
    progress : bool, default False

    Returns
    -------
    Conjectures
        The same object, with ``status`` and ``search`` filled in on every conjecture.
    """
    import conjectura as cj

    make = _factory(problem)
    sizes = [validate_int(k, "sizes", "refute", min_value=3) for k in sizes]
    if not sizes:
        raise InvalidParameterError("The 'sizes' parameter of refute must name at least one order.")
    out_dir = Path(out) if out is not None else None
    items = list(enumerate(conjectures.conjectures, 1))
    if progress:
        from rich.console import Console
        from rich.progress import track

        items = track(items, description="searching", console=Console(stderr=True), transient=True)
    for rank, conj in items:
        seconds, evaluations, tried, found = 0.0, 0, [], None
        for n in sizes:
            prob = make(relation=conj.relation, n=n)
            t0 = time.perf_counter()
            res = cj.search(prob, engine, budget=budget, seed=seed)
            seconds += time.perf_counter() - t0
            evaluations += res.evaluations
            tried.append(n)
            if res.found:
                found = res.certificate
                break
        # the verdict is written only once the search of this bound is complete, so an
        # interrupted run leaves the bounds not yet searched marked "not searched"
        conj.status, conj.search = (REFUTED if found is not None else SURVIVED), {}
        if found is not None:
            conj.certificate = found
            conj.search = {
                "witness": found.witness_data,
                "witness_n": found.witness.number_of_nodes()
                if hasattr(found.witness, "number_of_nodes")
                else None,
                "reason": found.verify().reason,
                "certificate": found.to_dict(),
            }
            if out_dir is not None:
                out_dir.mkdir(parents=True, exist_ok=True)
                path = out_dir / f"refutation-{rank}.json"
                found.save(path)
                conj.search["certificate_file"] = str(path)
        conj.search.update(
            {
                "sizes": tried,
                "seconds": round(seconds, 2),
                "evaluations": evaluations,
                "engine": engine,
                "budget": str(budget),
                "seed": seed,
            }
        )
    return conjectures
