"""``conjectura search PROBLEM``: find, shrink, certify and store a counterexample."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from conjectura.cli.common import (
    EXIT_NEGATIVE,
    cli_errors,
    console,
    emit_json,
    err_console,
    parse_params,
)


def search_cmd(
    problem: str = typer.Argument(
        ..., help="Registered problem, e.g. graphs/wagner-2.1 (see `conjectura problems`)."
    ),
    n: int | None = typer.Option(
        None, "--n", help="Shortcut for --param n=N (number of vertices for graph problems)."
    ),
    param: list[str] | None = typer.Option(
        None, "--param", "-p", help="Problem parameter key=value (repeatable)."
    ),
    engine: str = typer.Option(
        "local", "--engine", "-e", help="Engine: local, cem, random, or any registered engine."
    ),
    engine_param: list[str] | None = typer.Option(
        None,
        "--engine-param",
        "-E",
        help="Engine hyperparameter key=value (repeatable), e.g. -E population=500.",
    ),
    seed: int = typer.Option(0, "--seed", help="Seed; the same seed repeats the same search."),
    budget: str = typer.Option(
        "60s",
        "--budget",
        "-b",
        help="With its unit: 60s, 5m, 1h (time), 20000e (candidates scored), 100g (generations); "
        "'or' joins limits (60s or 20000e). The budget counts the whole run, resumed sessions included.",
    ),
    workers: int = typer.Option(
        1, "--workers", "-w", help="Run this many islands in parallel (Ray if installed, else processes)."
    ),
    islands: int | None = typer.Option(
        None, "--islands", help="Independent searches with child seeds (default: --workers)."
    ),
    address: str | None = typer.Option(None, "--address", help="Ray cluster address (implies Ray islands)."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write the certificate here."),
    resume: int | None = typer.Option(
        None, "--resume", help="Continue the interrupted search run RUN from its last checkpoint."
    ),
    no_simplify: bool = typer.Option(
        False, "--no-simplify", help="Keep the witness as found instead of shrinking it."
    ),
    store_url: str | None = typer.Option(None, "--store", help="Store URL (default: the conjectura home)."),
    no_store: bool = typer.Option(False, "--no-store", help="Do not record the run."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
    as_json: bool = typer.Option(
        False,
        "--json",
        help="Print the result as JSON: problem, engine, seed, found, message, witness, original_witness, best, best_score, evaluations, generations, elapsed, verifications, run_id, certificate (the certificate document or null).",
    ),
) -> None:
    """Search for a counterexample; stop at the first one the exact verifier accepts.

    The witness is shrunk to a minimal one (vertex and edge deletions while it still refutes),
    certified, written to --out, stored with the run, and a command that re-verifies it is
    printed. Exit 0 when a counterexample was certified, 1 when none was found within the
    budget (which proves nothing), 2 on bad input. Interrupt with Ctrl-C and continue with
    --resume RUN.
    """
    import conjectura as cj
    from conjectura.searching.budget import parse_budget

    params = parse_params(param)
    if n is not None:
        params["n"] = n
    eparams = parse_params(engine_param)
    parse_budget(budget)
    prob = cj.get_problem(problem, **params)
    parallel = workers > 1 or (islands or 1) > 1 or address is not None
    if parallel and resume is not None:
        from conjectura.exceptions import InvalidParameterError

        raise InvalidParameterError(
            "--resume continues one search; it cannot be combined with --workers, --islands or --address."
        )
    show = not quiet and not as_json
    if engine == "cem":
        import torch

        torch.set_num_threads(1)  # the policy is small: one thread is faster than contended OpenMP
    if parallel:
        from conjectura.searching.islands import search_islands

        if show:
            console.print(
                f"searching {problem} {params} with {islands or workers} '{engine}' islands "
                f"on {workers} workers, budget {budget} each",
                highlight=False,
            )
        result = search_islands(
            problem,
            engine,
            islands=islands or workers,
            workers=workers,
            budget=budget,
            seed=seed,
            problem_params=params,
            engine_params=eparams,
            address=address,
            backend="ray" if address else "auto",
            simplify=not no_simplify,
        )
        run_id = _store_parallel(result, store_url, no_store, params, engine, seed, budget)
        result.run_id = run_id
    else:
        store = None if no_store else (store_url or True)
        with _Display(show, budget) as display:
            result = cj.search(
                prob,
                engine,
                budget=budget,
                seed=seed,
                engine_params=eparams or None,
                store=store,
                resume=resume,
                callbacks=[display.update],
                simplify=not no_simplify,
            )
    _report(result, out, as_json, show)
    if not result.found:
        raise typer.Exit(EXIT_NEGATIVE)


def _store_parallel(result, store_url, no_store, params, engine, seed, budget) -> int | None:
    if no_store:
        return None
    from conjectura.store import open_store

    store = open_store(store_url)
    with store.run(
        "search",
        result.problem,
        {
            "problem": result.problem,
            "params": params,
            "engine": engine,
            "seed": seed,
            "budget": budget,
            "parallel": True,
        },
    ) as run:
        summary = result.summary()
        summary["run_id"] = run.id
        if result.certificate is not None:
            summary["certificate_id"] = run.add_certificate(result.certificate)
            result.certificate.save(run.dir / "certificate.json")
        run.log_metrics({"evaluations": result.evaluations, "best_score": result.best_score or 0.0})
        run.set_summary(summary)
        return run.id


def _report(result, out: Path | None, as_json: bool, show: bool) -> None:
    cert = result.certificate
    if cert is not None and out is not None:
        cert.save(out)
    if as_json:
        emit_json({**result.summary(), "certificate": cert.to_dict() if cert else None})
        return
    if cert is None:
        console.print(
            f"[bold yellow]{result.message}[/]: {result.problem} with engine "
            f"{result.engine}, seed {result.seed}: {result.evaluations} candidates in "
            f"{result.elapsed:.1f}s. This proves nothing about the conjecture.",
            highlight=False,
            soft_wrap=True,
        )
        console.print(
            f"best object found: {result.best_data} (score {result.best_score:.6g})", highlight=False
        )
        if result.run_id is not None:
            console.print(
                f"run {result.run_id}; continue with: conjectura search {result.problem} "
                f"--resume {result.run_id} --budget ...",
                highlight=False,
                soft_wrap=True,
            )
        return
    console.print(
        f"[bold green]counterexample found and verified[/] for {result.problem} after "
        f"{result.evaluations} candidates in {result.elapsed:.2f}s "
        f"(engine {result.engine}, seed {result.seed})",
        highlight=False,
        soft_wrap=True,
    )
    console.print(f"claim: {cert.claim}", highlight=False, soft_wrap=True)
    console.print(
        f"minimal witness: {cert.witness_data}   (found: {cert.provenance.get('found_witness')})",
        highlight=False,
        soft_wrap=True,
    )
    console.print(f"exact: {cert.verify().reason}", highlight=False, soft_wrap=True)
    if result.run_id is not None:
        console.print(f"stored with run {result.run_id}", highlight=False)
    if out is not None:
        console.print(f"re-verify with: conjectura verify {out}", highlight=False, soft_wrap=True)
    else:
        console.print(
            f"re-verify with: conjectura certify {result.problem} --witness "
            f"'{cert.witness_data}' " + " ".join(f"-p {k}={json.dumps(v)}" for k, v in cert.params.items()),
            highlight=False,
            soft_wrap=True,
        )


class _Display:
    """A rich live line: generation, best score, candidates per second."""

    def __init__(self, show: bool, budget: str):
        self.show, self.budget, self.progress = show, budget, None

    def __enter__(self):
        if self.show:
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                console=err_console,
                transient=False,
            )
            self.progress.start()
            self.task = self.progress.add_task(f"searching (budget {self.budget})")
        return self

    def update(self, p) -> None:
        if self.progress is not None:
            self.progress.update(
                self.task,
                description=(
                    f"generation {p.generation:>6}  best score {p.best_score:>+10.5f}  "
                    f"{p.rate:>8.0f} candidates/s  {p.evaluations} scored"
                ),
            )

    def __exit__(self, *exc):
        if self.progress is not None:
            self.progress.stop()
        return False


def register(app: typer.Typer) -> None:
    app.command("search")(cli_errors(search_cmd))
