"""``conjectura kl ...``: Kazhdan--Lusztig polynomials exactly, the combinatorial-invariance check,
and ``conjectura data build kl`` (the dataset of Bruhat intervals)."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from conjectura.cli.common import EXIT_NEGATIVE, cli_errors, console, emit_json, err_console
from conjectura.cli.data import build_app, run_build
from conjectura.exceptions import InvalidParameterError

__all__ = ["register", "kl_app", "parse_permutation", "format_polynomial"]

kl_app = typer.Typer(
    name="kl",
    help="Kazhdan-Lusztig polynomials of S_n: exact polynomials and the combinatorial-invariance check.",
    no_args_is_help=True,
)


def parse_permutation(text: str, name: str = "X") -> tuple[int, ...]:
    """A permutation in one-line notation: ``13245``, ``1,3,2,4,5``, ``"1 3 2 4 5"`` or ``[1,3,2,4,5]``
    (separators are needed for n >= 10). Raises a one-line error for anything else.

    >>> parse_permutation("2,1,3"), parse_permutation("[3 1 2]"), parse_permutation("213")
    ((2, 1, 3), (3, 1, 2), (2, 1, 3))
    """
    s = text.strip().strip("[]()").strip()
    parts = [p for p in re.split(r"[\s,]+", s) if p]
    if len(parts) == 1 and parts[0].isdigit():
        parts = list(parts[0])
    try:
        perm = tuple(int(p) for p in parts)
    except ValueError:
        perm = ()
    if not perm or sorted(perm) != list(range(1, len(perm) + 1)):
        raise InvalidParameterError(
            f"The {name} argument must be a permutation of 1..n in one-line notation (e.g. 13245 or "
            f"1,3,2,4,5). Got {text!r} instead."
        )
    return perm


def format_polynomial(coeffs) -> str:
    """``(1, 0, 2)`` -> ``"1 + 2q^2"``.

    >>> format_polynomial((1, 1)), format_polynomial((1, 0, 3)), format_polynomial(())
    ('1 + q', '1 + 3q^2', '0')
    """
    terms = []
    for k, c in enumerate(coeffs):
        if c == 0:
            continue
        mono = "" if k == 0 else ("q" if k == 1 else f"q^{k}")
        terms.append(str(c) if k == 0 else (mono if c == 1 else f"{c}{mono}"))
    return " + ".join(terms) if terms else "0"


@kl_app.command("poly")
@cli_errors
def poly_cmd(
    x: str = typer.Argument(..., help="x in one-line notation, e.g. 13245 or 1,3,2,4,5."),
    w: str = typer.Argument(..., help="w in one-line notation, with x <= w in Bruhat order."),
    as_json: bool = typer.Option(
        False,
        "--json",
        help="Print JSON: x, w, n, length, size, poly (coefficients, low degree first), polynomial, mu.",
    ),
) -> None:
    """Print the Kazhdan-Lusztig polynomial P_{x,w}(q) and mu(x, w) exactly (S_n, n <= 10).

    Computed on the interval [x, w] alone (KL 1979 (2.0.a), Dyer's R-polynomials); exit 2 for
    input that is not two permutations of one S_n with x <= w.
    """
    from conjectura.domains.permutations import kl_interval

    xp, wp = parse_permutation(x, "X"), parse_permutation(w, "W")
    try:
        I = kl_interval(xp, wp)
    except MemoryError:
        raise InvalidParameterError(
            f"The interval [{_word(xp)}, {_word(wp)}] is too large to compute in this machine's memory."
        ) from None
    doc = {
        "x": list(xp),
        "w": list(wp),
        "n": len(xp),
        "length": I.length,
        "size": I.size,
        "poly": list(I.poly),
        "polynomial": format_polynomial(I.poly),
        "mu": I.mu,
    }
    if as_json:
        emit_json(doc)
        return
    xs, ws = _word(xp), _word(wp)
    console.print(f"P_{{{xs},{ws}}}(q) = {doc['polynomial']}", highlight=False, markup=False)
    console.print(
        f"mu({xs}, {ws}) = {I.mu}; length {I.length}, {I.size} elements in [x, w]",
        highlight=False,
        markup=False,
    )


def _word(p) -> str:
    return ("" if len(p) < 10 else ",").join(map(str, p))


@kl_app.command("invariance")
@cli_errors
def invariance_cmd(
    n: int = typer.Option(..., "--n", help="The symmetric group S_n, 1 <= n <= 8 (S_7: about ten minutes)."),
    min_length: int = typer.Option(
        3, "--min-length", help="Intervals of at least this length (<= 2: P = 1)."
    ),
    method: str = typer.Option("auto", "--method", help="Exact isomorphism test: auto, nauty or networkx."),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Write a violation, if one is found, here as a certificate."
    ),
    as_json: bool = typer.Option(
        False,
        "--json",
        help="Print JSON: n, min_length, method, holds, intervals, representatives, buckets, classes, "
        "largest_class, by_length, violations, symmetry_failures, seconds, stages, certificate.",
    ),
) -> None:
    """Group every interval of S_n by poset isomorphism and check that each class has one
    Kazhdan-Lusztig polynomial (the combinatorial invariance conjecture).

    Exit 0 when it holds, 1 with the violation (as a certificate that `conjectura verify`
    re-checks) otherwise, 2 on bad input (nothing is written).
    """
    from conjectura.domains.permutations import combinatorial_invariance
    from conjectura.domains.permutations.invariance import _method

    if out is not None and not out.parent.exists():
        raise InvalidParameterError(f"The directory of --out {str(out)!r} does not exist.")
    _method(method)  # a bad method fails before any work
    with _Bar(enabled=not as_json) as bar:
        report = combinatorial_invariance(n, min_length=min_length, method=method, progress=bar.update)
    cert = None
    if report.violations:
        import conjectura as cj

        problem = cj.get_problem("permutations/invariance-violation", n=n)
        cert = cj.certify(
            report.violations[0],
            problem,
            provenance={"source": "conjectura kl invariance", "n": n, "min_length": min_length},
        )
        if out is not None:
            cert.save(out)
    if as_json:
        doc = report.to_dict()
        doc["certificate"] = None if cert is None else str(out) if out is not None else cert.to_dict()
        emit_json(doc)
    else:
        console.print(report.table(), highlight=False, markup=False)
        if cert is not None:
            v = report.violations[0]
            console.print(
                f"violation: [{v.x1}, {v.w1}] and [{v.x2}, {v.w2}] are isomorphic with P = "
                f"{format_polynomial(v.poly1)} != {format_polynomial(v.poly2)}",
                highlight=False,
                markup=False,
            )
            if out is not None:
                console.print(f"wrote {out}; re-verify with: conjectura verify {out}", highlight=False)
        elif out is not None:
            console.print(f"no violation: nothing written to {out}", highlight=False)
    if not report.holds:
        raise typer.Exit(EXIT_NEGATIVE)


class _Bar:
    """A progress bar on stderr fed by ``combinatorial_invariance(progress=...)``."""

    def __init__(self, enabled: bool):
        self.enabled, self._p, self._tasks = enabled, None, {}

    def __enter__(self):
        if self.enabled:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._p = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=err_console,
                transient=True,
            )
            self._p.__enter__()
        return self

    def update(self, stage: str, done: int, total: int) -> None:
        if self._p is None:
            return
        if stage not in self._tasks:
            self._tasks[stage] = self._p.add_task(stage, total=total)
        self._p.update(self._tasks[stage], completed=done, total=total)

    def __exit__(self, *exc):
        if self._p is not None:
            self._p.__exit__(*exc)
        return False


@build_app.command("kl")
@cli_errors
def build_kl_cmd(
    n: int = typer.Option(6, "--n", help="The symmetric group S_n, 2 <= n <= 10."),
    size: int | None = typer.Option(
        None, "--size", help="A seeded sample of this many intervals (needed for n >= 7); default all."
    ),
    min_length: int = typer.Option(3, "--min-length", help="Shortest interval length kept."),
    max_length: int | None = typer.Option(None, "--max-length", help="Longest interval length kept."),
    seed: int = typer.Option(0, "--seed", help="Seed of the sample."),
    workers: int = typer.Option(1, "--workers", help="Worker processes."),
    chunk_size: int = typer.Option(250, "--chunk-size", help="Sampled intervals per resumable chunk file."),
    store: str | None = typer.Option(None, "--store", help="Store URL (default: the home store)."),
    as_json: bool = typer.Option(
        False,
        "--json",
        help="Print JSON: name, params, directory, rows, chunks_built, chunks_reused, failures, seconds, "
        "cpu_seconds, parts {intervals: {path, rows, source}}, details {nodes, edges, max_nodes, "
        "max_coefficient, P_not_1}, run_id. Progress still goes to stderr.",
    ),
) -> None:
    """Build (or resume) the table of Bruhat intervals of S_n: Bruhat graphs with reflection
    labels, graph statistics and the coefficients of P_{x,w}, as Parquet chunks in the data
    directory. Every interval for n <= 6, a seeded sample otherwise. Python:
    conjectura.build_dataset("kl", n=..., size=...).
    """
    from conjectura.core.validation import validate_int
    from conjectura.domains.permutations.kl_dataset import _OWNER, _params

    _params(n, size, min_length, max_length, seed)  # bad input fails before the store is opened
    validate_int(chunk_size, "chunk_size", _OWNER, min_value=1)
    validate_int(workers, "workers", _OWNER, min_value=1)
    params = {
        "n": n,
        "size": size,
        "min_length": min_length,
        "max_length": max_length,
        "seed": seed,
        "workers": workers,
        "chunk_size": chunk_size,
    }
    run_build("kl", params, store=store, as_json=as_json)


def register(app: typer.Typer) -> None:
    app.add_typer(kl_app, name="kl")
