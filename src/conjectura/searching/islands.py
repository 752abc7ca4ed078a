"""Islands: independent searches with child seeds, in parallel with Ray or in processes.

Island ``i`` runs :func:`conjectura.search` with the ``i``-th child seed of ``seed``
(:func:`conjectura.core.seeding.child_seeds`), so an island gives the same result whether it
runs alone, serially, or next to others. The first island whose candidate the exact verifier
accepts wins; the others are cancelled. Workers send back the witness in the problem's
serialisation; the parent re-verifies and certifies it, so nothing a worker says is trusted.

Backends: ``"ray"`` (local Ray by default, a cluster when ``address`` is given), ``"process"``
(:class:`concurrent.futures.ProcessPoolExecutor`, the fallback when Ray cannot be imported) and
``"serial"``. Problems and engines travel by registered name and parameters, so a user-defined
problem must be registered (in a module the workers import) to run in parallel.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from conjectura.core.certificate import certify
from conjectura.core.seeding import child_seeds
from conjectura.core.validation import check_choice, check_int
from conjectura.exceptions import InvalidParameterError
from conjectura.searching.budget import parse_budget
from conjectura.searching.loop import NOT_FOUND, SearchResult, search

__all__ = ["search_islands", "run_island"]


def run_island(
    problem: str,
    problem_params: Mapping[str, Any],
    engine: str,
    engine_params: Mapping[str, Any],
    budget: Any,
    seed: int,
) -> dict[str, Any]:
    """Run one island in a worker and return a picklable summary (witness as serialisation)."""
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:  # pragma: no cover - torch is a core dependency of the cem engine only
        pass
    res = search(
        problem,
        engine,
        problem_params=problem_params,
        engine_params=engine_params,
        budget=budget,
        seed=seed,
        simplify=False,
    )
    return {
        **res.summary(),
        "found_witness": res.certificate.witness_data if res.found else None,
        "best_score": res.best_score,
    }


def search_islands(
    problem: str,
    engine: str = "local",
    *,
    islands: int = 2,
    workers: int | None = None,
    budget: Any = "60s",
    seed: int = 0,
    problem_params: Mapping[str, Any] | None = None,
    engine_params: Mapping[str, Any] | None = None,
    backend: str = "auto",
    address: str | None = None,
    simplify: bool = True,
) -> SearchResult:
    """Run ``islands`` independent searches, ``workers`` at a time; the first verified wins.

    Parameters
    ----------
    problem, engine : str
        Registered names (workers rebuild them from names and parameters).
    islands : int, default 2
        Number of independent searches (child seeds of ``seed``).
    workers : int, optional
        Parallel workers (default ``islands``).
    budget
        Budget of each island (wall-clock budgets run concurrently).
    backend : {"auto", "ray", "process", "serial"}, default "auto"
        ``"auto"`` uses Ray when it imports, else processes.
    address : str, optional
        Address of a running Ray cluster (``ray://host:10001`` or ``auto``); default a local Ray.

    Returns
    -------
    SearchResult
        The winning island's result (re-verified and certified here), or the best of all islands
        with message "not found within budget".
    """
    islands = check_int(islands, "islands", "search_islands", min_value=1)
    workers = check_int(workers if workers is not None else islands, "workers", "search_islands", min_value=1)
    backend = check_choice(backend, "backend", "search_islands", ["auto", "ray", "process", "serial"])
    if not isinstance(problem, str) or not isinstance(engine, str):
        raise InvalidParameterError(
            "parallel islands need a registered problem and engine name, so that workers can rebuild them."
        )
    parse_budget(budget)  # fail early, in the parent
    from conjectura.core.registry import get_problem

    prob = get_problem(problem, **dict(problem_params or {}))
    seeds = child_seeds(seed, islands)
    args = [
        (problem, dict(problem_params or {}), engine, dict(engine_params or {}), budget, s) for s in seeds
    ]
    if backend == "auto":
        try:
            import ray  # noqa: F401

            backend = "ray"
        except ImportError:
            backend = "process"
    t0 = time.perf_counter()
    if backend == "serial" or (workers == 1 and address is None):
        outs = []
        for a in args:
            outs.append(run_island(*a))
            if outs[-1]["found"]:
                break
    elif backend == "ray":
        outs = _run_ray(args, workers, address)
    else:
        outs = _run_processes(args, workers)
    return _combine(prob, engine, seed, outs, time.perf_counter() - t0, simplify)


def _run_ray(args, workers: int, address: str | None) -> list[dict]:
    import ray

    started = False
    if not ray.is_initialized():
        kw = {"address": address} if address else {"num_cpus": workers}
        ray.init(include_dashboard=False, log_to_driver=False, ignore_reinit_error=True, **kw)
        started = True
    try:
        remote = ray.remote(num_cpus=1)(run_island)
        pending = [remote.remote(*a) for a in args]
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


def _run_processes(args, workers: int) -> list[dict]:
    import multiprocessing as mp
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    outs: list[dict] = []
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn"))
    won = False
    try:
        pending = {pool.submit(run_island, *a) for a in args}
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
    return outs


def _combine(
    problem, engine: str, seed: int, outs: list[dict], elapsed: float, simplify: bool
) -> SearchResult:
    from conjectura.searching.minimize import minimize_witness

    winner = next((o for o in outs if o["found"]), None)
    best = max(outs, key=lambda o: o["best_score"] if o["best_score"] is not None else float("-inf"))
    res = SearchResult(
        problem=problem.name,
        engine=engine,
        seed=seed,
        found=False,
        message=NOT_FOUND,
        evaluations=sum(o["evaluations"] for o in outs),
        generations=sum(o["generations"] for o in outs),
        elapsed=elapsed,
        verifications=sum(o["verifications"] for o in outs),
    )
    res.best_data, res.best_score = best["best"], best["best_score"]
    res.best = problem.deserialize(best["best"]) if best["best"] is not None else None
    if winner is None:
        return res
    original = problem.deserialize(winner["found_witness"])
    if not problem.verify(original).holds:  # never trust a worker
        return res
    witness, checks = minimize_witness(problem, original) if simplify else (original, 0)
    cert = certify(
        witness,
        problem,
        provenance={
            "seed": seed,
            "island_seed": winner["seed"],
            "engine": engine,
            "islands": len(outs),
            "found_witness": winner["found_witness"],
            "simplified": simplify,
            "seconds": round(elapsed, 3),
            "problem_params": dict(problem.params),
        },
    )
    return replace(
        res,
        found=True,
        message="counterexample found and verified",
        certificate=cert,
        witness=witness,
        original_witness=original,
        verifications=res.verifications + checks,
    )
