"""Islands: independent searches with child seeds, in parallel with Ray or in processes.

Island ``i`` runs :func:`conjectura.search` with the ``i``-th child seed of ``seed``
(:func:`conjectura.core.seeding.child_seeds`), so an island gives the same result whether it
runs alone, serially, or next to others. The first island whose candidate the exact verifier
accepts wins; the others are cancelled. Workers send back the witness in the problem's
serialisation; the parent re-verifies and certifies it, so nothing a worker says is trusted.

With ``migrate_every=k`` the islands exchange elites every ``k`` generations
(:class:`~conjectura.searching.migration.MigratingEngine`): each island publishes its best word
and takes in the best word of the others when it is better than its own. Islands then no longer
run independently, so a result depends on the islands' relative speed; without migration an
island's result depends on its child seed only.

Backends: ``"ray"`` (local Ray by default, a cluster when ``address`` is given), ``"process"``
(:class:`concurrent.futures.ProcessPoolExecutor`, the fallback when Ray cannot be imported) and
``"serial"``. Problems and engines travel by registered name and parameters. Workers load the
same plug-in modules as the parent (``conjectura --import MODULE`` or ``CONJECTURA_PLUGINS``),
so a user's registered problem runs in parallel too; on a Ray cluster those modules must be
importable on every node.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Mapping, Sequence
from typing import Any

from conjectura.core.certificate import certify
from conjectura.core.seeding import child_seeds
from conjectura.core.threads import limit_threads
from conjectura.core.validation import validate_choice, validate_int
from conjectura.exceptions import InvalidParameterError, UnknownNameError
from conjectura.searching.budget import Budget, parse_budget
from conjectura.searching.config import SearchConfig
from conjectura.searching.loop import FOUND, NOT_FOUND, SearchResult, search

__all__ = ["search_islands", "run_island"]


def run_island(
    problem: str,
    problem_params: Mapping[str, Any],
    engine: str,
    engine_params: Mapping[str, Any],
    budget: str | Budget,
    seed: int,
    plugins: Sequence[str] = (),
    migration: tuple[Any, int, int] | None = None,
) -> dict[str, Any]:
    """Run one island in a worker and return a picklable summary (the witness as its
    serialisation). ``plugins`` are the modules the parent loaded with ``--import``;
    ``migration`` is ``(channel, island index, generations between exchanges)`` or ``None``."""
    failed = _load_plugins(plugins)
    try:
        with limit_threads(1, torch=False):  # the cem engine limits its own torch threads
            eng: Any = engine
            eparams: Mapping[str, Any] | None = engine_params
            if migration is not None:
                from conjectura.searching.engines import make_engine
                from conjectura.searching.migration import MigratingEngine

                channel, index, every = migration
                eng, eparams = (
                    MigratingEngine(make_engine(engine, engine_params), channel, index, every),
                    None,
                )
            res = search(
                problem,
                eng,
                problem_params=problem_params,
                engine_params=eparams,
                budget=budget,
                seed=seed,
                config=SearchConfig(simplify=False),
            )
    except UnknownNameError as exc:
        if not failed:
            raise
        raise UnknownNameError(
            f"{exc} In this worker, plug-in modules failed to import: {'; '.join(failed)}"
        ) from None
    return {
        **res.to_dict(),
        "found_witness": res.certificate.witness_data if res.found else None,
        "best_score": res.best_score,
    }


def search_islands(
    problem: str,
    engine: str = "local",
    *,
    islands: int = 2,
    workers: int | None = None,
    budget: str | Budget = "60s",
    seed: int = 0,
    problem_params: Mapping[str, Any] | None = None,
    engine_params: Mapping[str, Any] | None = None,
    backend: str = "auto",
    address: str | None = None,
    config: SearchConfig = SearchConfig(),
    store: Any = None,
    migrate_every: int | None = None,
) -> SearchResult:
    """Run ``islands`` searches, ``workers`` at a time; the first verified wins.

    Parameters
    ----------
    problem, engine : str
        Registered names (workers rebuild them from names and parameters).
    islands : int, default 2
        Number of independent searches (child seeds of ``seed``).
    workers : int, optional
        Parallel workers (default ``islands``).
    budget : str or Budget
        Budget of each island (wall-clock budgets run concurrently).
    backend : {"auto", "ray", "process", "serial"}, default "auto"
        ``"auto"`` uses Ray when it imports, else processes.
    address : str, optional
        Address of a running Ray cluster (``ray://host:10001`` or ``auto``); default a local Ray.
    config : SearchConfig
        ``simplify`` and ``max_simplify_checks`` apply to the winning witness (shrunk here,
        not in the worker).
    store : Store, str, True or None
        Record the search as one run (``kind="search"``, ``config["islands"]``) with its
        metrics, summary and certificate. Islands are not checkpointed: such a run cannot be
        resumed.
    migrate_every : int, optional
        Exchange elites between islands every this many generations (see the module); default
        no migration (independent islands).

    Returns
    -------
    SearchResult
        The winning island's result (re-verified and certified here), or the best of all islands
        with message "not found within budget".
    """
    islands = validate_int(islands, "islands", "search_islands", min_value=1)
    workers = validate_int(
        workers if workers is not None else islands, "workers", "search_islands", min_value=1
    )
    backend = validate_choice(backend, "backend", "search_islands", ["auto", "ray", "process", "serial"])
    if not isinstance(problem, str) or not isinstance(engine, str):
        raise InvalidParameterError(
            "parallel islands need a registered problem and engine name, so that workers can rebuild them."
        )
    if migrate_every is not None:
        migrate_every = validate_int(migrate_every, "migrate_every", "search_islands", min_value=1)
    budget = parse_budget(budget)  # fail early, in the parent
    from conjectura.core.registry import get_problem

    prob = get_problem(problem, **dict(problem_params or {}))
    plugins = _plugin_modules()
    args = [
        (problem, dict(problem_params or {}), engine, dict(engine_params or {}), str(budget), s, plugins)
        for s in child_seeds(seed, islands)
    ]
    if backend == "auto":
        try:
            import ray  # noqa: F401

            backend = "ray"
        except ImportError:
            backend = "process"
    meta = {
        "problem": problem,
        "params": dict(prob.params),
        "engine": engine,
        "engine_params": dict(engine_params or {}),
        "seed": seed,
        "budget": str(budget),
        "islands": islands,
        "workers": workers,
        "backend": backend,
        "config": config.to_dict(),
        "migrate_every": migrate_every,
    }

    def run_all(run_id: int | None) -> SearchResult:
        t0 = time.perf_counter()
        if backend == "serial" or (workers == 1 and address is None):
            outs = []
            board: dict = {}
            for i, a in enumerate(args):
                mig = None if migrate_every is None else (board, i, migrate_every)
                outs.append(run_island(*a, mig))
                if outs[-1]["found"]:
                    break
        elif backend == "ray":
            outs = _run_ray(args, workers, address, plugins, migrate_every)
        else:
            outs = _run_processes(args, workers, migrate_every)
        elapsed = time.perf_counter() - t0
        return _combine(prob, engine, seed, budget, outs, elapsed, config, run_id, migrate_every)

    if store is None or store is False:
        return run_all(None)
    from conjectura.searching.checkpoint import _open_store

    with _open_store(store).run("search", prob.name, meta) as run:
        result = run_all(run.id)
        if result.certificate is not None:
            result.certificate_id = run.attach_certificate(result.certificate)
        run.log_metrics(
            {"evaluations": result.evaluations, "best_score": result.best_score}
            if result.best_data is not None
            else {"evaluations": result.evaluations},
            step=result.generations,
        )
        run.set_summary(result.to_dict())
    return result


def _plugin_modules() -> tuple[str, ...]:
    """The plug-in modules the parent loaded (``--import`` / ``CONJECTURA_PLUGINS``)."""
    from conjectura.core.registry import plugin_modules

    return plugin_modules()


def _load_plugins(names: Sequence[str]) -> list[str]:
    """Import the parent's plug-in modules in a worker, through the registry's loader, one by
    one; return what failed. A module that the parent imported but this worker cannot matters
    only if the island's problem or engine is then unknown, and the error says so."""
    from conjectura.core.registry import load_plugins

    failed = []
    for name in names:
        try:
            load_plugins([name])
        except Exception as exc:  # reported with the unknown name, if it is the cause
            failed.append(f"{name}: {exc}")
    return failed


class RayChannel:
    """The migration channel of Ray islands: a mapping interface over a small Ray actor."""

    def __init__(self, actor):
        self.actor = actor

    def __setitem__(self, key, value) -> None:
        import ray

        ray.get(self.actor.put.remote(key, value))

    def items(self):
        import ray

        return ray.get(self.actor.items.remote())


class _Board:
    def __init__(self):
        self.d: dict = {}

    def put(self, key, value) -> None:
        self.d[key] = value

    def items(self) -> list:
        return list(self.d.items())


class _SignalHandlers:
    """A snapshot of this process's handlers of the fatal signals, to put back after
    ``ray.init``.

    ``ray.init`` installs, in the calling process, Abseil's failure signal handler (SIGABRT,
    SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGTERM) and Python's :mod:`faulthandler`, over
    whatever was there. PARI (through ``cypari`` and ``cysignals``) reports every error by
    ``abort()`` and recovers from it in its own SIGABRT handler, so after ``ray.init`` the first
    PARI error of the process, even a harmless ``1/0``, killed it with SIGABRT. The C-level
    handlers are saved and restored with ``sigaction`` (Python's :mod:`signal` cannot see
    handlers installed from C), the Python-level ones with :func:`signal.signal`.
    """

    FATAL = ("SIGABRT", "SIGSEGV", "SIGBUS", "SIGFPE", "SIGILL", "SIGTRAP")
    PYTHON = ("SIGINT", "SIGTERM")
    _SIZE = 1024  # larger than struct sigaction on every libc

    def __init__(self):
        import faulthandler
        import signal

        self._faulthandler = faulthandler.is_enabled()
        self._python = {}
        for name in self.PYTHON:
            sig = getattr(signal, name)
            handler = signal.getsignal(sig)
            if handler is not None:
                self._python[sig] = handler
        self._c = {}
        libc = self._libc()
        if libc is not None:
            import ctypes

            for name in self.FATAL:
                sig = getattr(signal, name, None)
                if sig is None:
                    continue
                buf = ctypes.create_string_buffer(self._SIZE)
                if libc.sigaction(int(sig), None, buf) == 0:
                    self._c[int(sig)] = buf

    @staticmethod
    def _libc():
        import ctypes
        import ctypes.util
        import sys

        if sys.platform == "win32":
            return None
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
            libc.sigaction.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p]
        except (OSError, AttributeError):
            return None
        return libc

    def restore(self) -> None:
        import faulthandler
        import signal

        if not self._faulthandler and faulthandler.is_enabled():
            faulthandler.disable()
        libc = self._libc() if self._c else None
        for sig, buf in self._c.items():
            libc.sigaction(sig, buf, None)
        for sig, handler in self._python.items():
            with contextlib.suppress(ValueError, TypeError, OSError):  # not the main thread
                signal.signal(sig, handler)


def _run_ray(
    args, workers: int, address: str | None, plugins: Sequence[str], migrate_every: int | None = None
) -> list[dict]:
    import ray

    started = False
    handlers = None
    if not ray.is_initialized():
        kw = {"address": address} if address else {"num_cpus": workers}
        handlers = _SignalHandlers()
        try:
            ray.init(include_dashboard=False, log_to_driver=False, ignore_reinit_error=True, **kw)
        finally:
            handlers.restore()
        started = True
    try:
        options: dict[str, Any] = {"num_cpus": 1}
        if plugins:  # workers find the user's modules as the parent does
            env = {"CONJECTURA_PLUGINS": ",".join(plugins)}
            if address is None:
                path = [p for p in (os.environ.get("PYTHONPATH", ""), os.getcwd()) if p]
                env["PYTHONPATH"] = os.pathsep.join(path)
            options["runtime_env"] = {"env_vars": env}
        remote = ray.remote(**options)(run_island)
        channel = None if migrate_every is None else RayChannel(ray.remote(num_cpus=0)(_Board).remote())
        pending = [
            remote.remote(*a, None if channel is None else (channel, i, migrate_every))
            for i, a in enumerate(args)
        ]
        outs = []
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            outs.append(ray.get(done[0]))
            if outs[-1]["found"]:
                for ref in pending:
                    ray.cancel(ref, force=True)
                break
        return outs
    finally:
        if started:
            ray.shutdown()
            handlers.restore()


def _run_processes(args, workers: int, migrate_every: int | None = None) -> list[dict]:
    import multiprocessing as mp
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    outs: list[dict] = []
    ctx = mp.get_context("spawn")
    manager = ctx.Manager() if migrate_every is not None else None
    channel = manager.dict() if manager is not None else None
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
    won = False
    try:
        pending = {
            pool.submit(run_island, *a, None if channel is None else (channel, i, migrate_every))
            for i, a in enumerate(args)
        }
        while pending and not won:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for f in done:
                try:
                    outs.append(f.result())
                except BrokenProcessPool:
                    continue
            won = any(o["found"] for o in outs)
    finally:
        if won:  # islands still running lost the race: stop them
            for proc in list((getattr(pool, "_processes", None) or {}).values()):
                proc.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
        if manager is not None:
            manager.shutdown()
    return outs


def _combine(
    problem,
    engine: str,
    seed: int,
    budget: Budget,
    outs: list[dict],
    elapsed: float,
    config,
    run_id,
    migrate_every: int | None = None,
) -> SearchResult:
    from conjectura.searching.minimize import minimize_witness

    if not outs:
        raise InvalidParameterError("every island's worker died before reporting; nothing was searched.")
    winner = next((o for o in outs if o["found"]), None)
    best = max(outs, key=lambda o: o["best_score"] if o["best_score"] is not None else float("-inf"))
    result = SearchResult(
        problem=problem.name,
        params=dict(problem.params),
        engine=engine,
        seed=seed,
        budget=str(budget),
        found=False,
        message=NOT_FOUND,
        best=problem.deserialize(best["best"]) if best["best"] is not None else None,
        best_score=best["best_score"],
        best_data=best["best"],
        evaluations=sum(o["evaluations"] for o in outs),
        generations=sum(o["generations"] for o in outs),
        elapsed=elapsed,
        verifications=sum(o["verifications"] for o in outs),
        run_id=run_id,
    )
    if winner is None:
        return result
    original = problem.deserialize(winner["found_witness"])
    result.verifications += 1
    if not problem.verify(original).holds:  # never trust a worker
        return result
    witness, checks = original, 0
    if config.simplify:
        witness, checks = minimize_witness(problem, original, max_checks=config.max_simplify_checks)
    result.certificate = certify(
        witness,
        problem,
        provenance={
            "seed": seed,
            "island_seed": winner["seed"],
            "engine": engine,
            "islands": len(outs),
            "migrate_every": migrate_every,
            "budget": str(budget),
            "found_witness": winner["found_witness"],
            "simplified": config.simplify,
            "seconds": round(elapsed, 3),
            "run_id": run_id,
            "problem_params": dict(problem.params),
        },
    )
    result.found, result.message = True, FOUND
    result.witness, result.original_witness = witness, original
    result.verifications += checks
    return result
