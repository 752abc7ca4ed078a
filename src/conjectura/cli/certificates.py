"""``conjectura verify FILE`` and ``conjectura certify PROBLEM --witness W``."""

from __future__ import annotations

from pathlib import Path

import typer

from conjectura.cli.common import (
    EXIT_NEGATIVE,
    cli_errors,
    console,
    emit_json,
    fail,
    parse_params,
)


def verify(
    file: Path = typer.Argument(..., help="A certificate JSON file."),
    as_json: bool = typer.Option(False, "--json", help="Print {ok, problem, claim, values, reason} as JSON."),
) -> None:
    """Re-verify a certificate with its exact verifier. Exit 0 iff it is accepted.

    On a malformed file, an unknown format or problem, a witness that does not decode, or a
    claim the witness does not satisfy, print one line and exit non-zero (2 for bad input,
    1 for a witness that fails).
    """
    from conjectura.core.certificate import Certificate
    from conjectura.exceptions import CertificateFormatError, VerificationError

    try:
        cert = Certificate.load(file)
    except VerificationError as exc:
        code = 2 if isinstance(exc, CertificateFormatError) else EXIT_NEGATIVE
        if as_json:
            emit_json({"ok": False, "file": str(file), "error": str(exc)})
            raise typer.Exit(code) from None
        fail(f"{file}: {exc}", code)
    verdict = cert.verdict  # loading re-ran the exact verifier
    if as_json:
        emit_json(
            {
                "ok": True,
                "file": str(file),
                "problem": cert.problem_name,
                "params": cert.params,
                "claim": cert.claim,
                "values": cert.values,
                "reason": verdict.reason,
            }
        )
        return
    console.print(f"[bold green]verified[/] {cert.problem_name} {cert.params}", highlight=False)
    console.print(f"claim: {cert.claim}", highlight=False, soft_wrap=True)
    console.print(f"exact: {verdict.reason}", highlight=False, soft_wrap=True)


def certify_cmd(
    problem: str = typer.Argument(..., help="Registered problem name, e.g. graphs/wagner-2.1."),
    witness: str = typer.Option(
        ..., "--witness", "-w", help="The witness in the problem's serialisation (graph6 for graphs)."
    ),
    param: list[str] | None = typer.Option(
        None, "--param", "-p", help="Problem parameter key=value (repeatable)."
    ),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write the certificate here."),
    store_url: str | None = typer.Option(None, "--store", help="Store URL (default: the conjectura home)."),
    no_store: bool = typer.Option(False, "--no-store", help="Do not record the certificate in the store."),
    as_json: bool = typer.Option(False, "--json", help="Print the certificate JSON on stdout."),
) -> None:
    """Certify a witness you already have: run the exact verifier and write a certificate."""
    import conjectura as cj

    prob = cj.get_problem(problem, **parse_params(param))
    try:
        obj = prob.deserialize(witness)
    except Exception as exc:
        fail(f"witness {witness!r} does not decode for {problem}: {exc}")
    cert = cj.certify(obj, prob, provenance={"source": "conjectura certify"})
    _save_and_store(cert, out, store_url, no_store, kind="certify", as_json=as_json)


def _save_and_store(cert, out, store_url, no_store, *, kind: str, as_json: bool) -> None:
    # the file first: a store that cannot be opened must not cost the certificate asked for
    if out is not None:
        cert.save(out)
    stored = None
    if not no_store:
        from conjectura.store import open_store

        store = open_store(store_url)
        with store.run(kind, cert.problem_name, {"witness": cert.witness_data, **cert.params}) as run:
            stored = run.attach_certificate(cert)
            run.set_summary({"certificate_id": stored, "claim": cert.claim})
    if as_json:
        emit_json(cert.to_dict())
        return
    console.print(
        f"[bold green]certified[/] {cert.problem_name}: {cert.claim}", highlight=False, soft_wrap=True
    )
    console.print(f"witness: {cert.witness_data}", highlight=False)
    console.print(f"exact: {cert.verdict.reason}", highlight=False, soft_wrap=True)
    if stored is not None:
        console.print(f"stored as certificate {stored}", highlight=False)
    if out is not None:
        console.print(f"wrote {out}; re-verify with: conjectura verify {out}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("verify")(cli_errors(verify))
    app.command("certify")(cli_errors(certify_cmd))
