"""``conjectura verify FILE`` and ``conjectura certify PROBLEM --witness W``."""

from __future__ import annotations

from pathlib import Path

import typer

from conjectura.cli.common import (
    EXIT_NEGATIVE,
    check_out_path,
    cli_errors,
    console,
    emit_json,
    escape,
    fail,
    parse_params,
    shorten,
)
from conjectura.core.certificate import MAX_CERTIFICATE_BYTES, MAX_WITNESS_CHARS


def verify(
    file: Path = typer.Argument(..., help="A certificate JSON file."),
    max_bytes: int = typer.Option(
        MAX_CERTIFICATE_BYTES,
        "--max-bytes",
        help="Refuse a file larger than this many bytes, before reading it.",
    ),
    max_witness: int = typer.Option(
        MAX_WITNESS_CHARS,
        "--max-witness",
        help="Refuse a witness longer than this many characters (its JSON form; graph6 for "
        "graphs), before verifying it. Verification time grows quickly with the witness.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print {ok, problem, claim, values, reason} as JSON."),
) -> None:
    """Re-verify a certificate with its exact verifier. Exit 0 iff it is accepted.

    On a malformed file (not UTF-8 JSON, larger than --max-bytes, nested too deeply), an
    unknown format or problem, a witness longer than --max-witness or one that does not
    decode, parameters that are not the witness's, or a claim or displayed value the witness
    does not bear out, print one line and exit non-zero (2 for bad input, 1 for a certificate
    that fails).
    """
    from conjectura.core.certificate import Certificate
    from conjectura.exceptions import CertificateFormatError, VerificationError

    try:
        cert = Certificate.load(file, max_bytes=max_bytes, max_witness=max_witness)
    except VerificationError as exc:
        code = 2 if isinstance(exc, CertificateFormatError) else EXIT_NEGATIVE
        if as_json:
            emit_json({"ok": False, "file": shorten(file), "error": shorten(exc)})
            raise typer.Exit(code) from None
        fail(f"{shorten(file, 200)}: {exc}", code)
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
    console.print(f"[bold green]verified[/] {escape(f'{cert.problem_name} {cert.params}')}", highlight=False)
    console.print(f"claim: {cert.claim}", highlight=False, soft_wrap=True, markup=False)
    console.print(f"exact: {verdict.reason}", highlight=False, soft_wrap=True, markup=False)


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
    """Certify a witness you already have: run the exact verifier and write a certificate.

    The certificate records the parameters its witness implies (for graph problems n is the
    witness's order). --out is checked before any work; the file is written before the store
    is opened, so a store that fails costs the store record only: the error line says the file
    was written.
    """
    import conjectura as cj
    from conjectura.core.certificate import MAX_WITNESS_CHARS

    if out is not None:
        check_out_path(out)
    if len(witness) > MAX_WITNESS_CHARS:
        fail(f"the witness has {len(witness)} characters, over the limit of {MAX_WITNESS_CHARS}.")
    prob = cj.get_problem(problem, **parse_params(param))
    try:
        obj = prob.deserialize(witness)
    except Exception as exc:
        fail(f"witness {shorten(repr(witness), 120)} does not decode for {problem}: {exc}")
    cert = cj.certify(obj, prob, provenance={"source": "conjectura certify"})
    _save_and_store(cert, out, store_url, no_store, kind="certify", as_json=as_json)


def _save_and_store(cert, out, store_url, no_store, *, kind: str, as_json: bool) -> None:
    import shlex

    from conjectura.exceptions import StoreError

    # the file first: a store that cannot be opened must not cost the certificate asked for
    if out is not None:
        try:
            cert.save(out)
        except OSError as exc:
            fail(f"cannot write the certificate to {str(out)!r}: {exc.strerror or exc}.")
    stored = None
    if not no_store:
        from conjectura.store import open_store

        try:
            store = open_store(store_url)
            with store.run(kind, cert.problem_name, {"witness": cert.witness_data, **cert.params}) as run:
                stored = run.attach_certificate(cert)
                run.set_summary({"certificate_id": stored, "claim": cert.claim})
        except StoreError as exc:
            where = f"the certificate was written to {str(out)!r}" if out is not None else "nothing was kept"
            fail(f"{exc} ({where}; --no-store skips the store).")
    if as_json:
        emit_json(cert.to_dict())
        return
    console.print(
        f"[bold green]certified[/] {escape(f'{cert.problem_name}: {cert.claim}')}",
        highlight=False,
        soft_wrap=True,
    )
    console.print(f"witness: {cert.witness_data}", highlight=False, markup=False)
    console.print(f"exact: {cert.verdict.reason}", highlight=False, soft_wrap=True, markup=False)
    if stored is not None:
        console.print(f"stored as certificate {stored}", highlight=False)
    if out is not None:
        console.print(
            f"wrote {out}; re-verify with: conjectura verify {shlex.quote(str(out))}",
            highlight=False,
            markup=False,
        )


def register(app: typer.Typer) -> None:
    app.command("verify")(cli_errors(verify))
    app.command("certify")(cli_errors(certify_cmd))
