"""Runs of the search loop in the store: metrics, checkpoints, resumption, the certificate.

A search run is a store run of ``kind="search"``. Its checkpoint (``checkpoint.pkl`` in the run
directory, written atomically) holds the problem name and parameters, the engine name and
configuration, the seed, the engine's ``state_dict`` and the loop's counters, so
``search(..., resume=RUN)`` rebuilds everything and continues where the run stopped.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from conjectura.core.problem import SearchEngine, SearchProblem
from conjectura.exceptions import InvalidParameterError, StoreError
from conjectura.searching.engines import make_engine

__all__ = ["SearchSession", "open_run_for_search"]


@dataclass
class SearchSession:
    """What the loop writes through: a run (or nothing), plus what a checkpoint restored."""

    run: Any = None
    seed: Any = None
    meta: dict = field(default_factory=dict)
    state: dict = field(default_factory=dict)
    engine: SearchEngine | None = None
    engine_state: Any = None

    @property
    def run_id(self) -> int | None:
        return None if self.run is None else self.run.id

    def log(self, metrics: dict, step: int) -> None:
        if self.run is not None:
            self.run.log_metrics(metrics, step=step)

    def checkpoint(self, snapshot: dict) -> None:
        if self.run is not None:
            self.run.save_checkpoint({**self.meta, **snapshot})

    def finish(self, result, snapshot: dict) -> None:
        if self.run is None:
            return
        self.checkpoint(snapshot)
        if result.certificate is not None:
            cert_id = self.run.add_certificate(result.certificate)
            result.certificate.save(self.run.dir / "certificate.json")
            summary = {**result.summary(), "certificate_id": cert_id}
        else:
            summary = result.summary()
        self.run.set_summary(summary)


def _open_store(store):
    from conjectura.store import Store, open_store

    if isinstance(store, Store):
        return store
    return open_store(None if store is True else store)


@contextlib.contextmanager
def open_run_for_search(
    problem: SearchProblem, engine: SearchEngine, *, budget, seed, store, run, resume
) -> Iterator[SearchSession]:
    """Open (or resume) the store run of a search and yield the session the loop writes to."""
    meta = {
        "problem": problem.name,
        "params": dict(problem.params),
        "engine": getattr(engine, "name", type(engine).__name__),
        "engine_config": engine.config(),
        "seed": seed,
        "budget": str(budget),
    }
    if resume is not None:
        if store is None and run is None:
            raise InvalidParameterError("resuming a search needs the store that holds the run.")
        st = run.store if run is not None else _open_store(store)
        the_run = run if run is not None else st.resume_run(int(resume))
        ckpt = the_run.load_checkpoint()
        if not ckpt:
            raise StoreError(f"run {resume} has no search checkpoint to resume from.")
        if ckpt.get("problem") != problem.name or dict(ckpt.get("params", {})) != dict(problem.params):
            raise InvalidParameterError(
                f"run {resume} searched {ckpt.get('problem')} {ckpt.get('params')}, not "
                f"{problem.name} {dict(problem.params)}."
            )
        session = SearchSession(
            run=the_run, seed=ckpt["seed"], state=ckpt, meta={k: ckpt[k] for k in meta if k in ckpt}
        )
        if ckpt.get("engine") != meta["engine"] or ckpt.get("engine_config") != meta["engine_config"]:
            engine = make_engine(ckpt["engine"], ckpt["engine_config"])
        engine.setup(problem, seed=ckpt["seed"])
        engine.load_state_dict(ckpt["engine_state"])
        session.engine, session.engine_state = engine, ckpt["engine_state"]
        if run is not None:
            yield session
        else:
            with the_run.track():
                yield session
        return
    if run is not None:
        yield SearchSession(run=run, seed=seed, meta=meta)
        return
    if store is None or store is False:
        yield SearchSession(seed=seed, meta=meta)
        return
    st = _open_store(store)
    with st.run("search", problem.name, {**meta, "engine_config": meta["engine_config"]}) as new_run:
        yield SearchSession(run=new_run, seed=seed, meta=meta)
