"""Search runs in the store: the loop's state, checkpoints, resumption, the certificate.

A search run is a store run of ``kind="search"``. Its checkpoint is a row of the store
(:meth:`conjectura.store.Store.save_checkpoint`: numpy arrays and bytes beside a JSON header,
never a pickle) holding the problem name and parameters, the engine name and configuration,
the seed, the engine's ``state_dict`` and the loop's counters, so
``search(..., resume=RUN)`` rebuilds everything, on any machine that reaches the store, and
continues where the run stopped: a resumed run gives the same result as a straight one.

Resuming checks everything first (the run exists and is a search, it is not running and has
not found its counterexample, its checkpoint is present and loads into its engine, problem and
parameters are the run's, the budget is not already spent) and only then claims the run, in
one statement that fails if another process claimed it first.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from conjectura.core.jsonable import to_jsonable
from conjectura.core.problem import SearchEngine, SearchProblem
from conjectura.core.seeding import seed_int
from conjectura.exceptions import InvalidParameterError, StoreError
from conjectura.searching.engines import engine_name, make_engine, resolve_problem

__all__ = ["LoopState", "SearchSession", "open_run_for_search"]

_KEEP_VERIFIED = 10_000  # most recent verified words a checkpoint remembers
_KEEP_HISTORY = 1_000


@dataclass
class LoopState:
    """The counters of the search loop, carried across the sessions of a resumed run."""

    generations: int = 0
    evaluations: int = 0
    verifications: int = 0
    elapsed: float = 0.0
    best_z: np.ndarray | None = None
    best_score: float = float("-inf")
    found_z: np.ndarray | None = None
    verified: dict[bytes, None] = field(default_factory=dict)  # insertion order: oldest first
    history: list = field(default_factory=list)

    def record(self, Z: np.ndarray, scores: np.ndarray) -> None:
        """Count one generation and keep its best word if it beats the best so far."""
        self.generations += 1
        self.evaluations += len(Z)
        top = int(np.argmax(scores))
        if scores[top] > self.best_score:
            self.best_score, self.best_z = float(scores[top]), Z[top].copy()

    def remember(self, z: np.ndarray) -> bool:
        """Note that ``z`` goes to the verifier; ``False`` if it went before."""
        key = np.asarray(z, dtype=np.int8).tobytes()
        if key in self.verified:
            return False
        self.verified[key] = None
        return True

    def to_state(self) -> dict[str, Any]:
        keys = list(self.verified)[-_KEEP_VERIFIED:]
        dim = len(keys[0]) if keys else 0
        return {
            "generations": self.generations,
            "evaluations": self.evaluations,
            "verifications": self.verifications,
            "elapsed": self.elapsed,
            "best_z": self.best_z,
            "best_score": self.best_score,
            "found_z": self.found_z,
            "verified": np.frombuffer(b"".join(keys), dtype=np.int8).reshape(len(keys), dim),
            "history": [list(h) for h in self.history[-_KEEP_HISTORY:]],
        }

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> LoopState:
        def word(z):
            return None if z is None else np.asarray(z, dtype=np.int8)

        return cls(
            generations=int(state["generations"]),
            evaluations=int(state["evaluations"]),
            verifications=int(state.get("verifications", 0)),
            elapsed=float(state["elapsed"]),
            best_z=word(state.get("best_z")),
            best_score=float(state["best_score"]),
            found_z=word(state.get("found_z")),
            verified=dict.fromkeys(row.tobytes() for row in np.asarray(state["verified"], dtype=np.int8)),
            history=[tuple(h) for h in state.get("history", [])],
        )


@dataclass
class SearchSession:
    """What the loop works with: the problem, the set-up engine, the loop's state, and the run
    it writes to (``None`` when the search is not stored)."""

    problem: SearchProblem
    engine: SearchEngine
    seed: Any
    meta: dict
    state: LoopState = field(default_factory=LoopState)
    run: Any = None

    @property
    def run_id(self) -> int | None:
        return None if self.run is None else self.run.id

    def log(self, metrics: dict, step: int) -> None:
        if self.run is not None:
            self.run.log_metrics(metrics, step=step)

    def checkpoint(self) -> None:
        """Write the engine's state and the loop's counters to the run's checkpoint."""
        if self.run is not None:
            self.run.save_checkpoint(
                {**self.meta, "engine_state": self.engine.state_dict(), "loop": self.state.to_state()}
            )

    def finish(self, result) -> None:
        """Last checkpoint, the certificate (stored and written to the run directory), the summary."""
        if self.run is None:
            return
        self.checkpoint()
        if result.certificate is not None:
            result.certificate_id = self.run.attach_certificate(result.certificate)
        self.run.set_summary(result.to_dict())


def _open_store(store):
    from conjectura.store import Store, open_store

    if isinstance(store, Store):
        return store
    if store is True:
        return open_store()
    if isinstance(store, str):
        return open_store(store)
    raise InvalidParameterError(
        f"The 'store' parameter of search must be a Store, a store URL, True (the default store) "
        f"or None. Got {store!r} instead."
    )


def _meta(problem, engine, *, seed, budget, config) -> dict[str, Any]:
    return to_jsonable(
        {
            "problem": problem.name,
            "params": dict(problem.params),
            "engine": engine_name(engine),
            "engine_config": engine.config(),
            "seed": seed_int(seed),
            "budget": str(budget),
            "config": config.to_dict(),
        }
    )


@contextlib.contextmanager
def open_run_for_search(
    problem: SearchProblem | str,
    engine: SearchEngine | str | type | None,
    *,
    problem_params: Mapping[str, Any] | None,
    engine_params: Mapping[str, Any] | None,
    budget,
    seed,
    config,
    store,
    resume: int | None,
) -> Iterator[SearchSession]:
    """Open a new search (stored or not) or resume a stored one; yield the session the loop
    works with. A stored run is tracked: heartbeats while it lasts, then finished, interrupted
    or failed."""
    prob = resolve_problem(problem, problem_params)
    if resume is not None:
        session, st, run_id = _plan_resume(
            prob, engine, engine_params, budget=budget, config=config, store=store, resume=resume
        )
        run = st.claim_run(run_id)
        if run is None:
            raise InvalidParameterError(
                f"run {resume} was claimed by another process while this one was checking it; it is "
                f"running now, so it was left alone."
            )
        session.run = run
        with run.track():
            yield session
        return
    eng = make_engine("local" if engine is None else engine, engine_params)
    eng.setup(prob, seed=seed)
    session = SearchSession(
        problem=prob, engine=eng, seed=seed, meta=_meta(prob, eng, seed=seed, budget=budget, config=config)
    )
    if store is None or store is False:
        yield session
        return
    st = _open_store(store)
    with st.run("search", prob.name, session.meta) as run:
        session.run = run
        session.checkpoint()  # every stored run can be resumed, even one stopped in its first generation
        yield session


def _plan_resume(problem, engine, engine_params, *, budget, config, store, resume):
    """Check everything a resume needs, changing nothing; return the session, the store and the run id."""
    if store is None or store is False:
        raise InvalidParameterError(
            "resuming a search needs the store that holds the run: pass store=True (the default "
            "store), a store URL or a Store."
        )
    st = _open_store(store)
    run_id = _run_id(resume)
    row = st.get_run(run_id)  # unknown run: UnknownNameError
    if row["kind"] != "search":
        raise InvalidParameterError(
            f"run {run_id} is a {row['kind']!r} run, not a search; it cannot be resumed."
        )
    if "islands" in (row.get("config") or {}):
        raise InvalidParameterError(
            f"run {run_id} ran parallel islands, which keep no checkpoint; start a new search instead."
        )
    if row["status"] == "running":
        raise InvalidParameterError(
            f"run {run_id} is running (host {row['host']}, pid {row['pid']}); it cannot be resumed "
            f"until it stops. A run whose machine died is marked interrupted once its heartbeat is "
            f"older than {st.grace_period:g} s."
        )
    if (row.get("summary") or {}).get("found") or row["certificates"]:
        cert = f" (certificate {row['certificates'][0]['id']})" if row["certificates"] else ""
        raise InvalidParameterError(
            f"run {run_id} has already found and certified a counterexample{cert}; start a new "
            f"search instead of resuming it."
        )
    ckpt = st.load_checkpoint(run_id)
    if not ckpt or "loop" not in ckpt or "engine_state" not in ckpt:
        raise StoreError(f"run {run_id} has no search checkpoint in the store to resume from.")
    params = to_jsonable(dict(problem.params))
    if ckpt.get("problem") != problem.name or ckpt.get("params") != params:
        raise InvalidParameterError(
            f"run {run_id} searched {ckpt.get('problem')} {ckpt.get('params')}, not "
            f"{problem.name} {params}; give the run's problem and parameters to resume it."
        )
    eng = _resumed_engine(engine, engine_params, ckpt, run_id)
    state = LoopState.from_state(ckpt["loop"])
    if budget.exhausted(elapsed=state.elapsed, evaluations=state.evaluations, generations=state.generations):
        raise InvalidParameterError(
            f"run {run_id} has already used {state.elapsed:.1f}s, {state.evaluations} evaluations and "
            f"{state.generations} generations, so the budget {str(budget)!r} is spent (the budget "
            f"counts the whole run); give a larger one, e.g. "
            f"{str(budget.continued(elapsed=state.elapsed, evaluations=state.evaluations, generations=state.generations))!r}."
        )
    try:
        eng.setup(problem, seed=ckpt.get("seed"))
        eng.load_state_dict(ckpt["engine_state"])
    except Exception as exc:  # a checkpoint that does not fit its engine: say so, touch nothing
        raise StoreError(
            f"the checkpoint of run {run_id} does not load into engine {ckpt['engine']!r}: "
            f"{type(exc).__name__}: {exc}"
        ) from None
    meta = {
        **{k: ckpt[k] for k in ("problem", "params", "engine", "engine_config", "seed") if k in ckpt},
        "budget": str(budget),
        "config": config.to_dict(),
    }
    return (
        SearchSession(problem=problem, engine=eng, seed=ckpt.get("seed"), meta=meta, state=state),
        st,
        run_id,
    )


def _run_id(resume) -> int:
    if isinstance(resume, (int, np.integer)) and not isinstance(resume, bool) and resume >= 1:
        return int(resume)
    raise InvalidParameterError(
        f"The 'resume' parameter of search must be a run id (an int >= 1). Got {resume!r} instead."
    )


def _resumed_engine(engine, engine_params, ckpt: Mapping[str, Any], run_id: int) -> SearchEngine:
    """The run's engine, rebuilt from its checkpoint; a given engine must agree with it."""
    name, config = ckpt.get("engine"), ckpt.get("engine_config") or {}

    def differ(what: str) -> InvalidParameterError:
        return InvalidParameterError(
            f"run {run_id} searched with engine {name!r} {config}, not {what}; pass engine=None "
            f"and no engine parameters (on the command line: leave --engine and -E out) to "
            f"resume with the run's own."
        )

    if isinstance(engine, SearchEngine):
        if engine_name(engine) != name or to_jsonable(engine.config()) != config:
            raise differ(f"{engine_name(engine)!r} {to_jsonable(engine.config())}")
        if engine_params:
            raise InvalidParameterError(
                "engine parameters are given to the constructor of an engine instance, not to search()."
            )
        return engine
    given = None
    if isinstance(engine, str):
        given = engine
    elif isinstance(engine, type) and issubclass(engine, SearchEngine):
        given = getattr(engine, "name", None) or engine.__name__
    elif engine is not None:
        make_engine(engine)  # raises the usual message for a wrong kind of engine
    if given is not None and given != name:
        raise differ(repr(given))
    for key, value in (engine_params or {}).items():
        if key not in config or to_jsonable(value) != config[key]:
            raise differ(f"{key}={value!r}")
    try:
        if isinstance(engine, type):
            return engine(**config)
        return make_engine(name, config)
    except Exception as exc:
        raise StoreError(
            f"the engine {name!r} of run {run_id} cannot be rebuilt from {config}: {exc}"
        ) from None
