"""The search loop: ask, score in batch, tell, verify exactly, shrink, certify.

One readable function, :func:`search`, whose generation is four named steps: ask/score/tell,
keep the best, send the promising candidates to the exact verifier, record. Floats rank
candidates; only the problem's exact verifier decides. A run without a verified counterexample
ends with "not found within budget" and the best object seen, never with a claim that none
exists.
"""

from __future__ import annotations

import atexit
import contextlib
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from conjectura.core.certificate import Certificate, certify
from conjectura.core.problem import SearchEngine, SearchProblem
from conjectura.core.seeding import seed_int
from conjectura.searching.budget import Budget, parse_budget
from conjectura.searching.checkpoint import SearchSession, open_run_for_search
from conjectura.searching.config import SearchConfig
from conjectura.searching.engines import engine_name
from conjectura.searching.minimize import minimize_witness

__all__ = ["search", "SearchResult", "SearchConfig", "Progress", "FOUND", "NOT_FOUND"]

FOUND = "counterexample found and verified"
NOT_FOUND = "not found within budget"
# a score within this of the threshold still goes to the verifier (float noise of batched scores)
_THRESHOLD_SLACK = 1e-9
# with a time budget, a generation still running this long after the budget ran out is abandoned
_GRACE = 0.25


@dataclass(frozen=True)
class Progress:
    """What a callback sees after every generation."""

    generation: int
    evaluations: int
    elapsed: float
    best_score: float
    generation_best: float
    rate: float  # candidates scored per second over the whole run


@dataclass(kw_only=True)
class SearchResult:
    """The outcome of :func:`search` (and of :func:`~conjectura.searching.search_islands`).

    Attributes
    ----------
    found : bool
        Whether the exact verifier accepted a candidate.
    message : str
        ``"counterexample found and verified"`` or ``"not found within budget"``.
    certificate : Certificate or None
        The certificate of the minimal witness, when found; ``certificate.verdict.reason``
        gives the exact values.
    witness : object or None
        The minimal witness (after shrinking); ``original_witness`` is the one the engine found.
    best, best_score, best_data
        The best-scoring object seen (a counterexample or not), its float score and its
        serialisation (graph6 for graphs).
    evaluations, generations, elapsed, verifications
        Candidates scored, ask/tell rounds, seconds of search and verifier calls, summed over
        the sessions of a resumed run.
    run_id, certificate_id : int or None
        The run and the certificate in the store, when the search was stored.
    """

    problem: str
    params: dict = field(default_factory=dict)
    engine: str
    seed: int | None
    budget: str
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
    certificate_id: int | None = None
    history: list = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of the result: what the store keeps as the run's summary, and what
        ``conjectura search --json`` prints (with the certificate document added)."""
        cert = self.certificate
        return {
            "problem": self.problem,
            "params": dict(self.params),
            "engine": self.engine,
            "seed": self.seed,
            "budget": self.budget,
            "found": self.found,
            "message": self.message,
            "witness": cert.witness_data if cert else None,
            "original_witness": cert.provenance.get("found_witness") if cert else None,
            "reason": cert.verdict.reason if cert else None,
            "best": self.best_data,
            "best_score": _finite(self.best_score),
            "evaluations": self.evaluations,
            "generations": self.generations,
            "elapsed": round(self.elapsed, 3),
            "verifications": self.verifications,
            "run_id": self.run_id,
            "certificate_id": self.certificate_id,
        }


def _finite(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


def search(
    problem: SearchProblem | str,
    engine: SearchEngine | str | type | None = "local",
    *,
    budget: str | Budget = "60s",
    seed: int | np.random.Generator | None = 0,
    store: Any = None,
    resume: int | None = None,
    config: SearchConfig = SearchConfig(),
    callbacks: Iterable[Callable[[Progress], None]] = (),
    problem_params: Mapping[str, Any] | None = None,
    engine_params: Mapping[str, Any] | None = None,
) -> SearchResult:
    """Search for a counterexample to ``problem`` with ``engine`` until ``budget`` runs out.

    Each generation asks the engine for candidates, scores them in batch
    (``problem.scores``), tells the engine the scores, and sends the best new candidates whose
    score is at least ``problem.threshold`` (0 when the problem does not say) to the problem's
    exact verifier. The first accepted one ends the search; it is shrunk to a minimal witness
    (``problem.simplify``) and certified.

    Parameters
    ----------
    problem : SearchProblem or str
        A problem, or a registered name (then ``problem_params`` are its parameters).
    engine : SearchEngine, SearchEngine subclass, str or None, default "local"
        ``"local"`` (hill climbing / annealing), ``"cem"`` (Wagner's cross-entropy method),
        ``"random"`` (the baseline), or a user's own engine; ``engine_params`` go to the
        constructor when a name or class is given. ``None`` means ``"local"`` for a new run and
        the run's own engine when resuming.
    budget : str or Budget, default "60s"
        ``"60s"``, ``"5m"``, ``"20000e"`` (candidates), ``"100g"`` (generations), or
        :class:`~conjectura.searching.Budget` keywords; it is the budget of the whole run, so a
        resumed run needs a larger one.
    seed : int, Generator or None, default 0
        Seeds the engine; the same seed gives the same run. Ignored when resuming (the run's
        own generator state continues).
    store : Store, str, True or None
        Record the run (``kind="search"``): metrics, checkpoints, the certificate. A store URL
        or ``True`` (the default store) is opened.
    resume : int, optional
        Continue the stored run with this id from its checkpoint (needs ``store``). The problem
        and its parameters must be the run's; engine and engine configuration are the run's
        (a given engine name or parameter must agree with them). Everything is checked before
        the run is touched; a run that is running elsewhere or has found its counterexample is
        refused.
    config : SearchConfig
        Batch size, shrinking, verifications per generation, checkpoint and metric intervals.
    callbacks : iterable of callable
        Called with a :class:`Progress` after each generation.

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
    if not isinstance(config, SearchConfig):
        from conjectura.exceptions import InvalidParameterError

        raise InvalidParameterError(
            f"The 'config' parameter of search must be a SearchConfig. Got {type(config).__name__} instead."
        )
    with open_run_for_search(
        problem,
        engine,
        problem_params=problem_params,
        engine_params=engine_params,
        budget=budget,
        seed=seed,
        config=config,
        store=store,
        resume=resume,
    ) as session:
        return _loop(session, budget=budget, config=config, callbacks=tuple(callbacks))


def _loop(session: SearchSession, *, budget: Budget, config: SearchConfig, callbacks: tuple) -> SearchResult:
    problem, engine, state = session.problem, session.engine, session.state
    threshold = float(problem.threshold) - _THRESHOLD_SLACK
    batch = config.batch_size or int(getattr(engine, "population", 256))
    t0 = time.perf_counter() - state.elapsed
    last_checkpoint = last_metrics = state.elapsed
    consistent = True  # False while a generation is half done: a checkpoint then would not resume it
    progress = None
    try:
        while state.found_z is None and not budget.exhausted(
            elapsed=time.perf_counter() - t0, evaluations=state.evaluations, generations=state.generations
        ):
            # 1. ask, score in one batch, tell (within the time budget, if there is one)
            consistent = False
            if budget.seconds is None:
                Z, scores = _generation(engine, problem, batch)
            else:
                remaining = budget.seconds - (time.perf_counter() - t0)
                done = _within(lambda: _generation(engine, problem, batch), max(remaining, 0.0) + _GRACE)
                if done is None:  # the budget ran out inside the generation: abandon it
                    session.abandoned = True
                    break
                Z, scores = done
            # 2. keep the counters and the best object seen
            state.record(Z, scores)
            # 3. the exact verifier is the only judge: send it the promising new candidates
            state.found_z = _verify_promising(
                problem, state, Z, scores, threshold=threshold, limit=config.verify_per_generation
            )
            consistent = True
            # 4. report, record metrics, checkpoint
            state.elapsed = elapsed = time.perf_counter() - t0
            progress = Progress(
                generation=state.generations,
                evaluations=state.evaluations,
                elapsed=elapsed,
                best_score=state.best_score,
                generation_best=float(np.max(scores)),
                rate=state.evaluations / elapsed if elapsed > 0 else 0.0,
            )
            for cb in callbacks:
                cb(progress)
            if state.found_z is not None or elapsed - last_metrics >= config.metrics_every:
                last_metrics = elapsed
                _record_metrics(session, state, progress)
            if state.found_z is None and elapsed - last_checkpoint >= config.checkpoint_every:
                last_checkpoint = elapsed
                session.checkpoint()
    except BaseException:
        if consistent:  # Ctrl-C or an error between generations: keep everything up to here
            state.elapsed = time.perf_counter() - t0
            with contextlib.suppress(Exception):
                session.checkpoint()
        raise
    state.elapsed = time.perf_counter() - t0
    if progress is not None and (not state.history or state.history[-1][0] != state.generations):
        _record_metrics(session, state, progress)  # the last generation has its row too
    result = _result(session, budget)
    if state.found_z is not None:
        _certify(result, session, budget, config)
    session.finish(result)
    return result


def _generation(engine: SearchEngine, problem: SearchProblem, batch: int):
    """One ask/score/tell round; return the words and their scores."""
    Z = np.asarray(engine.ask(batch))
    scores = problem.scores(Z)
    engine.tell(Z, scores)
    return Z, scores


_ABANDONED: list[threading.Thread] = []


def _finish_before_exit(worker: threading.Thread) -> None:
    """Let an abandoned generation finish before the interpreter finalises.

    A daemon thread still inside torch (or another library with its own thread pool) when the
    interpreter finalises aborts the process ("terminate called without an active exception",
    exit status 134) after the script's work is done; so at exit the process waits for such
    threads, at most :data:`EXIT_WAIT` seconds. The command line leaves earlier with
    ``os._exit`` (:func:`conjectura.cli.app.main`), having written everything.
    """
    if not _ABANDONED:
        atexit.register(_join_abandoned)
    _ABANDONED.append(worker)


EXIT_WAIT = 600.0


def _join_abandoned() -> None:
    """At exit: wait for the abandoned generations, 2 s quietly, then saying so on stderr."""
    quiet, deadline = time.monotonic() + 2.0, time.monotonic() + EXIT_WAIT
    for t in _ABANDONED:
        t.join(max(0.0, quiet - time.monotonic()))
    alive = [t for t in _ABANDONED if t.is_alive()]
    if alive:
        print(
            "conjectura: waiting for a search generation abandoned at its time budget to finish",
            file=sys.stderr,
            flush=True,
        )
    for t in alive:
        t.join(max(0.0, deadline - time.monotonic()))


def _within(work: Callable[[], Any], seconds: float):
    """``work()`` in a daemon thread; its value, or ``None`` if it has not returned after
    ``seconds`` (the thread is then abandoned: numpy, BLAS and numba release the GIL, so the
    caller returns on time; the thread ends with the process or when its work is done).
    Exceptions of ``work`` are raised here."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # handed to the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=run, name="conjectura-search-generation", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        _finish_before_exit(worker)
        return None
    if "error" in box:
        raise box["error"]
    return box["value"]


def _record_metrics(session: SearchSession, state, progress: Progress) -> None:
    """One row of metrics for the run, and the same point in the result's history."""
    point = (state.generations, state.evaluations, round(progress.elapsed, 4), _finite(state.best_score))
    state.history.append(point)
    session.log(
        {
            "best_score": state.best_score,
            "generation_best": progress.generation_best,
            "evaluations": state.evaluations,
            "candidates_per_s": progress.rate,
        },
        step=state.generations,
    )


def _verify_promising(problem, state, Z, scores, *, threshold: float, limit: int):
    """Send the best new candidates scoring at least ``threshold`` to the exact verifier, at
    most ``limit`` of them; return the first accepted word, or ``None``."""
    checked = 0
    for i in np.argsort(-scores):
        if scores[i] < threshold or checked >= limit:
            return None
        if not state.remember(Z[i]):
            continue  # verified before
        checked += 1
        state.verifications += 1
        if problem.verify(problem.encoding.decode(Z[i])).holds:
            return Z[i].copy()
    return None


def _result(session: SearchSession, budget: Budget) -> SearchResult:
    problem, state = session.problem, session.state
    best = problem.encoding.decode(state.best_z) if state.best_z is not None else None
    return SearchResult(
        problem=problem.name,
        params=dict(problem.params),
        engine=engine_name(session.engine),
        seed=seed_int(session.seed),
        budget=str(budget),
        found=False,
        message=NOT_FOUND,
        best=best,
        best_score=state.best_score,
        best_data=problem.serialize(best) if best is not None else None,
        evaluations=state.evaluations,
        generations=state.generations,
        elapsed=state.elapsed,
        verifications=state.verifications,
        run_id=session.run_id,
        history=list(state.history),
    )


def _certify(result: SearchResult, session: SearchSession, budget: Budget, config: SearchConfig) -> None:
    """Shrink the found word to a minimal witness and certify it, in place on ``result``."""
    problem, state = session.problem, session.state
    original = problem.encoding.decode(state.found_z)
    witness, checks = original, 0
    if config.simplify:
        witness, checks = minimize_witness(problem, original, max_checks=config.max_simplify_checks)
    provenance = {
        "seed": result.seed,
        "engine": result.engine,
        "engine_config": session.engine.config(),
        "budget": str(budget),
        "generations": state.generations,
        "evaluations": state.evaluations,
        "seconds": round(state.elapsed, 3),
        "found_witness": problem.serialize(original),
        "simplified": config.simplify,
        "run_id": session.run_id,
        "problem_params": dict(problem.params),
    }
    result.certificate = certify(witness, problem, provenance=provenance)
    result.found, result.message = True, FOUND
    result.witness, result.original_witness = witness, original
    result.verifications += checks
