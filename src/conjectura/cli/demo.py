"""``conjectura demo``: the main job of `make demo`.

Searches for a counterexample to Wagner's Conjecture 2.1 on 19 vertices with the local-search
engine, shrinks it to a minimal witness, certifies it exactly, stores the run and the
certificate, writes the certificate file and re-verifies the file from disk.
"""

from __future__ import annotations

from pathlib import Path

import typer

from conjectura.cli.common import EXIT_NEGATIVE, cli_errors, console


def demo(
    out: Path = typer.Option(
        Path("wagner-2.1-certificate.json"), "--out", "-o", help="Where to write the certificate."
    ),
    seed: int = typer.Option(0, "--seed", help="Seed of the search."),
    budget: str = typer.Option(
        "110s", "--budget", help="Search budget (the demo stays under about two minutes)."
    ),
    store_url: str | None = typer.Option(None, "--store", help="Store URL (default: the conjectura home)."),
) -> None:
    """Search for the counterexample to Wagner's Conjecture 2.1 (n = 19), certify it exactly,
    store it and re-verify the written file. Exit 0 iff the re-verified certificate holds."""
    import conjectura as cj
    from conjectura.cli.search import _Display, _report

    console.print(
        "Conjecture 2.1 (AutoGraphiX; Wagner 2021): every connected graph on n vertices "
        "has lambda1 + mu >= sqrt(n-1) + 1. Searching n = 19 with the local engine...",
        highlight=False,
        soft_wrap=True,
    )
    problem = cj.get_problem("graphs/wagner-2.1", n=19)
    with _Display(True, budget) as display:
        result = cj.search(
            problem, "local", budget=budget, seed=seed, store=store_url or True, callbacks=[display.update]
        )
    _report(result, out, False, True, store_url=store_url)
    if not result.found:
        raise typer.Exit(EXIT_NEGATIVE)
    again = cj.Certificate.load(out)  # from_json re-runs the exact verifier
    console.print(f"re-verified {out} from disk: {again.verdict.holds}", highlight=False, markup=False)


def register(app: typer.Typer) -> None:
    app.command("demo")(cli_errors(demo))
