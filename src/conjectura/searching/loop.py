"""The search loop: ask, score in batch, tell, verify exactly, shrink, certify.

One readable function, :func:`search`. Floats rank candidates; only the problem's exact verifier
decides. A run without a verified counterexample ends with "not found within budget" and the
best object seen, never with a claim that none exists.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from conjectura.core.certificate import Certificate, certify
from conjectura.core.problem import SearchEngine, SearchProblem
from conjectura.core.seeding import seed_int
from conjectura.searching.budget import Budget, parse_budget
from conjectura.searching.checkpoint import open_run_for_search
from conjectura.searching.engines import make_engine, resolve_problem
from conjectura.searching.minimize import minimize_witness

__all__ = ["search", "SearchResult", "Progress"]

NOT_FOUND = "not found within budget"


@dataclass
class Progress:
    """What a callback sees after every generation."""

    generation: int
    evaluations: int
    elapsed: float
    best_score: float
    generation_best: float
    rate: float  # candidates scored per second over the whole run


@dataclass
class SearchResult:
    """The outcome of :func:`search`.

    Attributes
    ----------
    found : bool
        Whether the exact verifier accepted a candidate.
    certificate : Certificate or None
        The certificate of the minimal witness, when found.
    witness : object or None
        The minimal witness (after shrinking); ``original_witness`` is the one the engine found.
    best, best_score, best_data
        The best-scoring object seen (a counterexample or not), its float score and its
        serialisation (graph6 for graphs).
    evaluations, generations, elapsed
        Candidates scored, ask/tell rounds, seconds of search (summed over resumed sessions).
    message : str
        ``"counterexample found and verified"`` or ``"not found within budget"``.
    """

    problem: str
    engine: str
    seed: int | None
    found: bool
    message: str
    certificate: Certificate | None = None
    witness: Any = None
    original_witness: Any = None
    best: Any = None
    best_score: float = float("-inf")
    best_data: Any = None
    evaluations: int = 0
    generations: int = 0
    elapsed: float = 0.0
    verifications: int = 0
    run_id: int | None = None
    history: list = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """JSON-able summary (what the store keeps and ``--json`` prints)."""
        return {
            "problem": self.problem,
            "engine": self.engine,
            "seed": self.seed,
            "found": self.found,
            "message": self.message,
            "witness": self.certificate.witness_data if self.certificate else None,
            "original_witness": (
                self.certificate.provenance.get("found_witness") if self.certificate else None
            ),
            "best": self.best_data,
            "best_score": _finite(self.best_score),
            "evaluations": self.evaluations,
            "generations": self.generations,
            "elapsed": round(self.elapsed, 3),
            "verifications": self.verifications,
            "run_id": self.run_id,
        }


def _finite(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


def search(
    problem: SearchProblem | str,
    engine: SearchEngine | str = "local",
    *,
    budget: Any = "60s",
    seed: int | None = 0,
    problem_params: Mapping[str, Any] | None = None,
    engine_params: Mapping[str, Any] | None = None,
    batch_size: int | None = None,
    store: Any = None,
    run: Any = None,
    resume: int | None = None,
    callbacks: Iterable[Callable[[Progress], None]] = (),
    simplify: bool = True,
    threshold: float = 0.0,
    verify_per_generation: int = 4,
    checkpoint_every: float = 2.0,
    metrics_every: float = 0.5,
) -> SearchResult:
    """Search for a counterexample to ``problem`` with ``engine`` until ``budget`` runs out.

    Each generation asks the engine for candidates, scores them in batch
    (``problem.scores``), tells the engine, and sends the best new candidates whose score is at
    least ``threshold`` to the problem's exact verifier. The first accepted one ends the search;
    it is shrunk to a minimal witness (``problem.simplify``) and certified.

    Parameters
    ----------
    problem : SearchProblem or str
        A problem, or a registered name (then ``problem_params`` are its parameters).
    engine : SearchEngine, SearchEngine subclass or str, default "local"
        ``"local"`` (hill climbing / annealing), ``"cem"`` (Wagner's cross-entropy method),
        ``"random"`` (the baseline), or a user's own engine; ``engine_params`` go to the
        constructor when a name or class is given.
    budget : str, int, float or Budget, default "60s"
        ``"60s"``, ``"5m"``, ``20000`` (evaluations), ``"100g"`` (generations).
    seed : int or None, default 0
        Seeds the engine; the same seed gives the same run.
    batch_size : int, optional
        Candidates per generation; default the engine's ``population`` (or 256).
    store : Store, str or None
        Record the run (``kind="search"``): metrics per generation, checkpoints, the certificate.
        A store URL or ``True`` (the default store) is opened.
    run : Run, optional
        An already opened run to write to (used by the CLI).
    resume : int, optional
        Continue the run with this id from its last checkpoint (needs ``store``). Problem,
        engine, configuration and seed are taken from the checkpoint.
    callbacks : iterable of callable
        Called with a :class:`Progress` after each generation.
    simplify : bool, default True
        Shrink a found counterexample to a minimal witness.
    threshold : float, default 0.0
        Candidates scoring at least ``threshold - 1e-9`` are verified (the convention of the
        built-in problems: a score above 0 suggests a counterexample).
    verify_per_generation : int, default 4
        At most this many new candidates are verified per generation, best first.
    checkpoint_every, metrics_every : float
        Minimum seconds between checkpoints / metric rows (fast engines run many generations
        per second).

    Returns
    -------
    SearchResult

    Examples
    --------
    >>> import conjectura as cj
    >>> res = cj.search("graphs/wagner-2.1", "local", problem_params={"n": 5}, budget="2000e")
    >>> res.found, res.message
    (False, 'not found within budget')
    """
    budget = parse_budget(budget)
    problem = resolve_problem(problem, problem_params)
    eng = make_engine(engine, engine_params)
    ctx = open_run_for_search(problem, eng, budget=budget, seed=seed, store=store, run=run, resume=resume)
    with ctx as session:
        return _loop(
            problem,
            session.engine or eng,
            budget=budget,
            seed=session.seed,
            batch_size=batch_size,
            session=session,
            callbacks=tuple(callbacks),
            simplify=simplify,
            threshold=threshold,
            verify_k=verify_per_generation,
            checkpoint_every=checkpoint_every,
            metrics_every=metrics_every,
        )


def _loop(
    problem: SearchProblem,
    engine: SearchEngine,
    *,
    budget: Budget,
    seed,
    batch_size,
    session,
    callbacks,
    simplify,
    threshold,
    verify_k,
    checkpoint_every,
    metrics_every,
) -> SearchResult:
    state = session.state  # counters carried over from a checkpoint
    if session.engine_state is None:
        engine.setup(problem, seed=seed)
    batch = int(batch_size or getattr(engine, "population", 256))
    seen: set[bytes] = set(state.get("verified", ()))
    t0 = time.perf_counter() - state.get("elapsed", 0.0)
    gens, evals, verifications = state.get("generations", 0), state.get("evaluations", 0), 0
    best_z = state.get("best_z")
    best_score = state.get("best_score", float("-inf"))
    found_z = None
    last_ckpt = last_metric = 0.0
    history = list(state.get("history", []))

    def snapshot() -> dict[str, Any]:
        return {
            "engine_state": engine.state_dict(),
            "generations": gens,
            "evaluations": evals,
            "elapsed": time.perf_counter() - t0,
            "best_z": best_z,
            "best_score": best_score,
            "verified": list(seen)[-10_000:],
            "history": history[-1000:],
        }

    try:
        while not budget.exhausted(elapsed=time.perf_counter() - t0, evaluations=evals, generations=gens):
            Z = np.asarray(engine.ask(batch))
            scores = problem.scores(Z)
            engine.tell(Z, scores)
            gens += 1
            evals += len(Z)
            top = int(np.argmax(scores))
            if scores[top] > best_score:
                best_score, best_z = float(scores[top]), Z[top].copy()
            # the exact verifier is the only judge: send it the promising new candidates
            checked = 0
            for i in np.argsort(-scores):
                if scores[i] < threshold - 1e-9 or checked >= verify_k:
                    break
                key = Z[i].astype(np.int8).tobytes()
                if key in seen:
                    continue
                seen.add(key)
                checked += 1
                verifications += 1
                if problem.verify(problem.encoding.decode(Z[i])).holds:
                    found_z = Z[i].copy()
                    break
            elapsed = time.perf_counter() - t0
            prog = Progress(
                gens, evals, elapsed, best_score, float(scores[top]), evals / elapsed if elapsed > 0 else 0.0
            )
            for cb in callbacks:
                cb(prog)
            if elapsed - last_metric >= metrics_every or found_z is not None:
                last_metric = elapsed
                history.append((gens, evals, round(elapsed, 4), _finite(best_score)))
                session.log(
                    {
                        "best_score": best_score,
                        "generation_best": float(scores[top]),
                        "evaluations": evals,
                        "candidates_per_s": prog.rate,
                    },
                    step=gens,
                )
            if found_z is not None:
                break
            if elapsed - last_ckpt >= checkpoint_every:
                last_ckpt = elapsed
                session.checkpoint(snapshot())
    except KeyboardInterrupt:
        session.checkpoint(snapshot())
        raise

    elapsed = time.perf_counter() - t0
    best_obj = problem.encoding.decode(best_z) if best_z is not None else None
    result = SearchResult(
        problem=problem.name,
        engine=getattr(engine, "name", type(engine).__name__),
        seed=seed_int(seed) if not isinstance(seed, np.random.Generator) else None,
        found=found_z is not None,
        message="counterexample found and verified" if found_z is not None else NOT_FOUND,
        best=best_obj,
        best_score=best_score,
        best_data=problem.serialize(best_obj) if best_obj is not None else None,
        evaluations=evals,
        generations=gens,
        elapsed=elapsed,
        verifications=verifications,
        run_id=session.run_id,
        history=history,
    )
    if found_z is not None:
        original = problem.encoding.decode(found_z)
        witness, checks = minimize_witness(problem, original) if simplify else (original, 0)
        result.verifications += checks
        prov = {
            "seed": result.seed,
            "engine": result.engine,
            "engine_config": engine.config(),
            "budget": str(budget),
            "generations": gens,
            "evaluations": evals,
            "seconds": round(elapsed, 3),
            "found_witness": problem.serialize(original),
            "simplified": simplify,
            "run_id": session.run_id,
            "problem_params": dict(problem.params),
        }
        result.certificate = certify(witness, problem, provenance=prov)
        result.witness, result.original_witness = witness, original
    session.finish(result, snapshot())
    return result
