"""``conjectura search PROBLEM``: find, shrink, certify and store a counterexample.

A thin command over :func:`conjectura.search` (one process) and
:func:`conjectura.searching.search_islands` (``--workers``/``--islands``/``--address``): it
prints what they return, and ``--json`` prints the result's ``to_dict()`` with the
certificate document added.
"""

from __future__ import annotations

import json
import shlex
import sys
import time
from pathlib import Path

import typer

from conjectura.cli.common import (
    EXIT_NEGATIVE,
    check_out_path,
    cli_errors,
    console,
    emit_json,
    err_console,
    escape,
    fail,
    parse_params,
    shorten,
)

#: Seconds between two progress lines when stderr is not a terminal.
PROGRESS_SECONDS = 10.0


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
    engine: str | None = typer.Option(
        None,
        "--engine",
        "-e",
        help="Engine: local (the default), cem, random, or any registered engine. With --resume, "
        "the run's own engine.",
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
    migrate_every: int | None = typer.Option(
        None,
        "--migrate-every",
        help="Islands exchange their best words every this many generations (default: independent islands).",
    ),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write the certificate here."),
    resume: int | None = typer.Option(
        None,
        "--resume",
        help="Continue the stored search run RUN from its checkpoint (same problem and parameters; "
        "a budget larger than what the run has used).",
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
        help="Print the result as JSON: problem, params, engine, seed, budget, found, message, witness, "
        "original_witness, reason, best, best_score, evaluations, generations, elapsed, verifications, "
        "run_id, certificate_id, and certificate (the certificate document or null).",
    ),
) -> None:
    """Search for a counterexample; stop at the first one the exact verifier accepts.

    The witness is shrunk to a minimal one (vertex and edge deletions while it still refutes),
    certified, written to --out, stored with the run, and a command that re-verifies it is
    printed. Exit 0 when a counterexample was certified, 1 when none was found within the
    budget (which proves nothing), 2 on bad input. Interrupt with Ctrl-C and continue with the
    printed --resume command.
    """
    import conjectura as cj
    from conjectura.core.validation import validate_int
    from conjectura.exceptions import InvalidParameterError
    from conjectura.searching import SearchConfig, parse_budget

    # everything the command line can get wrong is refused before a run is recorded
    seed = validate_int(seed, "seed", "search", min_value=0)
    workers = validate_int(workers, "workers", "search", min_value=1)
    if islands is not None:
        islands = validate_int(islands, "islands", "search", min_value=1)
    if resume is not None:
        resume = validate_int(resume, "resume", "search", min_value=1)
    if out is not None:
        check_out_path(out)
    params = parse_params(param)
    if n is not None:
        params["n"] = n
    eparams = parse_params(engine_param)
    the_budget = parse_budget(budget)
    config = SearchConfig(simplify=not no_simplify)
    parallel = workers > 1 or (islands or 1) > 1 or address is not None
    if migrate_every is not None and not parallel:
        raise InvalidParameterError(
            "--migrate-every exchanges elites between islands; give --workers or --islands as well."
        )
    if resume is not None and parallel:
        raise InvalidParameterError(
            "--resume continues one search; it cannot be combined with --workers, --islands or --address."
        )
    if resume is not None and no_store:
        raise InvalidParameterError(
            "--resume reads the run from the store; it cannot be combined with --no-store."
        )
    store = None if no_store else (store_url or True)
    show = not quiet and not as_json  # the printed report
    progress = not quiet  # on stderr, with --json too
    if parallel:
        from conjectura.searching import search_islands

        if progress:
            err_console.print(
                f"searching {problem} {params} with {islands or workers} '{engine or 'local'}' islands "
                f"on {workers} workers, budget {the_budget} each",
                highlight=False,
                markup=False,
            )
        result = search_islands(
            problem,
            engine or "local",
            islands=islands or workers,
            workers=workers,
            budget=the_budget,
            seed=seed,
            problem_params=params,
            engine_params=eparams,
            address=address,
            backend="ray" if address else "auto",
            config=config,
            store=store,
            migrate_every=migrate_every,
        )
    else:
        prob = cj.get_problem(problem, **params)
        with _Display(progress, str(the_budget)) as display:
            result = cj.search(
                prob,
                engine,
                budget=the_budget,
                seed=seed,
                store=store,
                resume=resume,
                config=config,
                callbacks=[display.update],
                engine_params=eparams or None,
            )
    _report(result, out, as_json, show, store_url=store_url, resumable=not parallel)
    if not result.found:
        raise typer.Exit(EXIT_NEGATIVE)


def resume_command(result, *, store_url: str | None = None) -> str:
    """The command that continues the stored run of ``result`` with twice its budget, exactly as
    it is to be typed (the run's engine and seed come from its checkpoint).

    >>> from conjectura.searching import SearchResult
    >>> r = SearchResult(problem="graphs/wagner-2.1", params={"n": 12}, engine="local", seed=0,
    ...                  budget="2s", found=False, message="", elapsed=2.01, run_id=7)
    >>> resume_command(r)
    'conjectura search graphs/wagner-2.1 -p n=12 --resume 7 --budget 5s'
    """
    from conjectura.searching import parse_budget

    longer = parse_budget(result.budget).continued(
        elapsed=result.elapsed, evaluations=result.evaluations, generations=result.generations
    )
    parts = ["conjectura", "search", shlex.quote(result.problem), *_param_args(result.params)]
    if store_url:
        from conjectura.store import mask_url

        parts += ["--store", shlex.quote(mask_url(store_url))]
    parts += ["--resume", str(result.run_id), "--budget", shlex.quote(str(longer))]
    return " ".join(parts)


def _param_args(params) -> list[str]:
    """``-p key=value`` arguments that :func:`~conjectura.cli.common.parse_params` reads back
    to the same values, shell-quoted."""
    args = []
    for k, v in params.items():
        text = v if isinstance(v, str) and not _reads_as_json(v) else json.dumps(v)
        args += ["-p", shlex.quote(f"{k}={text}")]
    return args


def _reads_as_json(text: str) -> bool:
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return False
    return True


def _safe_where(result) -> str:
    """Where the certificate of ``result`` is kept when ``--out`` cannot be written."""
    if result.run_id is not None:
        cid = f"certificate {result.certificate_id} of " if result.certificate_id is not None else ""
        return (
            f"it is safe in the store as {cid}run {result.run_id} (conjectura show {result.run_id}; "
            f"its certificate.json is in the run directory)."
        )
    cert = result.certificate
    return (
        f"it was not stored (--no-store); certify it again with: conjectura certify "
        f"{shlex.quote(cert.problem_name)} --witness {shlex.quote(str(cert.witness_data))} --out FILE"
    )


def _report(result, out: Path | None, as_json: bool, show: bool, *, store_url=None, resumable=True) -> None:
    cert = result.certificate
    if cert is not None and out is not None:
        try:
            cert.save(out)
        except OSError as exc:
            fail(
                f"cannot write the certificate to {str(out)!r}: {exc.strerror or exc}; {_safe_where(result)}"
            )
    if as_json:
        emit_json({**result.to_dict(), "certificate": cert.to_dict() if cert else None})
        return
    if cert is None:
        console.print(
            f"[bold yellow]{escape(str(result.message))}[/]: "
            + escape(
                f"{result.problem} with engine {result.engine}, seed {result.seed}: "
                f"{result.evaluations} candidates in {result.elapsed:.1f}s. "
                "This proves nothing about the conjecture."
            ),
            highlight=False,
            soft_wrap=True,
        )
        console.print(
            f"best object found: {shorten(result.best_data, 200)} (score {result.best_score:.6g})",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
        if result.run_id is not None and resumable:
            console.print(
                f"run {result.run_id}; continue with: {resume_command(result, store_url=store_url)}",
                highlight=False,
                soft_wrap=True,
                markup=False,
            )
        return
    console.print(
        "[bold green]counterexample found and verified[/] "
        + escape(
            f"for {result.problem} after {result.evaluations} candidates in {result.elapsed:.2f}s "
            f"(engine {result.engine}, seed {result.seed})"
        ),
        highlight=False,
        soft_wrap=True,
    )
    console.print(f"claim: {cert.claim}", highlight=False, soft_wrap=True, markup=False)
    console.print(
        f"minimal witness: {cert.witness_data}   (found: {cert.provenance.get('found_witness')})",
        highlight=False,
        soft_wrap=True,
        markup=False,
    )
    console.print(f"exact: {cert.verdict.reason}", highlight=False, soft_wrap=True, markup=False)
    if result.run_id is not None:
        console.print(f"stored with run {result.run_id}", highlight=False)
    if out is not None:
        console.print(
            f"re-verify with: conjectura verify {shlex.quote(str(out))}",
            highlight=False,
            soft_wrap=True,
            markup=False,
        )
    else:
        console.print(
            "re-verify with: "
            + " ".join(
                [
                    "conjectura",
                    "certify",
                    shlex.quote(cert.problem_name),
                    "--witness",
                    shlex.quote(str(cert.witness_data)),
                    *_param_args(cert.params),
                ]
            ),
            highlight=False,
            soft_wrap=True,
            markup=False,
        )


class _Display:
    """Progress on stderr: a rich live line on a terminal (generation, best score, candidates
    per second), else a plain line every :data:`PROGRESS_SECONDS` seconds (a log, a pipe)."""

    def __init__(self, show: bool, budget: str):
        self.show, self.budget, self.progress = show, budget, None
        self.plain = show and not err_console.is_terminal
        self.last = time.monotonic()

    def __enter__(self):
        if self.show and not self.plain:
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
        if self.plain and time.monotonic() - self.last >= PROGRESS_SECONDS:
            self.last = time.monotonic()
            sys.stderr.write(
                f"searching (budget {self.budget}): generation {p.generation}, best score "
                f"{p.best_score:+.5f}, {p.rate:.0f} candidates/s, {p.evaluations} scored\n"
            )
            sys.stderr.flush()
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
