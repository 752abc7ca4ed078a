"""``conjectura demo``: the main job of `make demo`."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from conjectura.cli.common import cli_errors, console


def demo(
    out: Path = typer.Option(Path("wagner-2.1-certificate.json"), "--out", "-o", help="Where to write the certificate."),
    store_url: Optional[str] = typer.Option(None, "--store", help="Store URL (default: the conjectura home)."),
) -> None:
    """Build Wagner's 19-vertex counterexample to Conjecture 2.1, certify it exactly, store it
    and re-verify the written file."""
    import conjectura as cj
    from conjectura.cli.certificates import _save_and_store
    from conjectura.domains.graphs import wagner_2_1_counterexample

    problem = cj.get_problem("graphs/wagner-2.1", n=19)
    cert = cj.certify(wagner_2_1_counterexample(), problem,
                      provenance={"source": "published construction (Wagner 2021, Fig. 2)"})
    _save_and_store(cert, out, store_url, False, kind="demo", as_json=False)
    again = cj.Certificate.load(out)
    console.print(f"re-verified {out}: {again.verify().holds}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("demo")(cli_errors(demo))
