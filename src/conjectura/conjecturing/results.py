"""The result objects of :func:`~conjectura.conjecturing.conjecture`: one bound, and the list."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from conjectura.core.jsonable import to_jsonable

__all__ = ["Conjecture", "Conjectures", "SURVIVED", "REFUTED", "NOT_SEARCHED"]

REFUTED, SURVIVED, NOT_SEARCHED = "refuted", "survived", "not searched"


@dataclass
class Conjecture:
    """One proposed bound, exactly true on every row of the table where it is defined.

    Attributes
    ----------
    relation : str
        ``"target <= bound"`` or ``"target >= bound"``, with exact rational constants; parsed by
        :func:`~conjectura.learn.relations.parse_relation` and checked exactly on every row.
    target, direction, bound : str
        The target column, ``"upper"`` or ``"lower"``, and the right-hand side.
    origin : str
        ``"linear"`` (TxGraffiti's LP over the term library), ``"grid"`` (small fixed slopes
        over the same terms) or ``"symbolic"`` (terms found by symbolic regression, then the
        same LP).
    complexity : int
        Sum of the complexities of its terms.
    n_tested : int
        Rows where every column it uses is present and it is defined (the rows it is true on).
    n_undefined : int
        Rows left out (a column missing, or the bound undefined there).
    tight_rows : list of int
        Positions (in the table) of the rows where the bound holds with equality.
    tight_objects : list of str
        Names of the first tight rows (graph6, knot names, ...).
    selected : int
        Order in which the Dalmatian heuristic kept it among the bounds of its direction (0
        first): it is tight on a row where none kept before it is.
    mean_slack : float
        Mean distance between the bound and the target over the tested rows (floating point,
        for ranking only: the second key after the number of tight rows).
    constant_exact : str or None
        When the table holds measured doubles, the extreme value of the constant attained by
        the tight rows, exactly; the printed constant is then this value rounded outward (so the
        relation stays true) and ``tight_rows`` are the rows attaining the extreme.
    status : str
        ``"not searched"``, ``"survived"`` or ``"refuted"`` (after
        :func:`~conjectura.conjecturing.refute`).
    search : dict
        What the search did: sizes, seconds, evaluations, and for a refutation the witness, the
        exact reason and the certificate (JSON and file).
    """

    relation: str
    target: str
    direction: str
    bound: str
    origin: str
    complexity: int
    n_tested: int
    n_undefined: int
    tight_rows: list[int] = field(default_factory=list)
    tight_objects: list[str] = field(default_factory=list)
    constant_exact: str | None = None
    mean_slack: float = float("nan")
    selected: int = 0
    status: str = NOT_SEARCHED
    search: dict = field(default_factory=dict)
    certificate: Any = field(default=None, repr=False, compare=False)

    @property
    def n_tight(self) -> int:
        return len(self.tight_rows)

    def verdict(self) -> str:
        """One line: not searched; survived N seconds of search at n = ...; refuted by ... ."""
        s = self.search
        if self.status == REFUTED:
            return f"refuted at n = {s.get('witness_n')} by {s.get('witness')} (certificate {s.get('certificate_file') or 'in --json'})"
        if self.status == SURVIVED:
            sizes = ", ".join(str(k) for k in s.get("sizes", []))
            return (
                f"survived {s.get('seconds', 0):.0f} s of search ({s.get('evaluations', 0)} graphs) at n = {sizes}; "
                "not proved"
            )
        return NOT_SEARCHED

    def to_dict(self) -> dict:
        d = to_jsonable({f.name: getattr(self, f.name) for f in fields(self) if f.name != "certificate"})
        d["n_tight"] = self.n_tight
        d["verdict"] = self.verdict()
        return d


@dataclass
class Conjectures:
    """The result of :func:`~conjectura.conjecturing.conjecture`.

    Attributes
    ----------
    source : str
        The task, file or ``"table"``.
    target : str
    features : list of str
    n_rows : int
        Rows of the table with the target present.
    conjectures : list of Conjecture
        Ranked by the number of tight rows, then by the mean slack (how close the bound runs to
        the target), then simplicity.
    counts : dict
        Terms built, candidates fitted, exactly checked, rejected (false after rounding,
        undecided, not significant), kept.
    notes : list of str
        What was left out and why (symbolic regression missing, saliency ranking, ...).
    saliency : list of str
        Features by decreasing saliency (when symbolic regression ran).
    config : dict
        The options of the run.
    seconds : float
        Time to propose (the search time is in each conjecture's ``search``).
    run_id : int or None
    report_path : Path or None
    """

    source: str
    target: str
    features: list[str]
    n_rows: int
    conjectures: list[Conjecture]
    counts: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    saliency: list[str] = field(default_factory=list)
    config: dict = field(default_factory=dict)
    seconds: float = 0.0
    label: str | None = None
    run_id: int | None = None
    report_path: Path | None = None

    def __len__(self) -> int:
        return len(self.conjectures)

    def __iter__(self):
        return iter(self.conjectures)

    def __getitem__(self, i) -> Conjecture:
        return self.conjectures[i]

    @property
    def searched(self) -> bool:
        return any(c.status != NOT_SEARCHED for c in self.conjectures)

    def rows(self, max_objects: int = 3) -> list[dict]:
        """One dict per conjecture: rank, relation, tight, tested, origin, verdict, tight objects."""
        out = []
        for k, c in enumerate(self.conjectures, 1):
            shown = ", ".join(c.tight_objects[:max_objects]) + (" ..." if c.n_tight > max_objects else "")
            out.append(
                {
                    "rank": k,
                    "relation": c.relation,
                    "tight": c.n_tight,
                    "tested": c.n_tested,
                    "mean slack": c.mean_slack,
                    "origin": c.origin,
                    "verdict": c.verdict() if self.searched else NOT_SEARCHED,
                    "tight objects": shown,
                    "role": {"refuted": "null", "survived": ""}.get(c.status, ""),
                }
            )
        return out

    def summary(self) -> str:
        c = self.counts
        text = (
            f"{len(self.conjectures)} bounds for {self.target} on {self.source} ({self.n_rows} rows, "
            f"{len(self.features)} features): {c.get('terms', 0)} terms, {c.get('candidates', 0)} candidate "
            f"bounds fitted, {c.get('checked', 0)} checked exactly, {c.get('not_significant', 0)} not "
            f"significant (tight nowhere new), {c.get('no_tight_row', 0)} tight on no row."
        )
        if self.searched:
            refuted = sum(x.status == REFUTED for x in self.conjectures)
            text += f" Search: {refuted} refuted with a certificate, {len(self.conjectures) - refuted} survived (not proved)."
        return text

    def to_dict(self) -> dict:
        """The ``--json`` document of ``conjectura conjecture``."""
        return {
            "source": self.source,
            "target": self.target,
            "features": list(self.features),
            "n_rows": self.n_rows,
            "label": self.label,
            "counts": dict(self.counts),
            "notes": list(self.notes),
            "saliency": list(self.saliency),
            "config": to_jsonable(self.config),
            "seconds": round(self.seconds, 3),
            "run_id": self.run_id,
            "report": None if self.report_path is None else str(self.report_path),
            "conjectures": [c.to_dict() for c in self.conjectures],
        }

    def table(self, max_objects: int = 3):
        """The rich renderables ``conjectura conjecture`` prints."""
        from rich.console import Group
        from rich.markup import escape
        from rich.table import Table
        from rich.text import Text

        t = Table(title=escape(f"bounds for {self.target} on {self.source}, ranked by tight rows"))
        cols = ["rank", "relation", "tight", "tested", "mean slack", "origin", "verdict", "tight objects"]
        for c in cols:
            t.add_column(c, overflow="fold")
        for r in self.rows(max_objects):
            style = "red" if r["role"] == "null" else ""
            t.add_row(
                *[escape(f"{r[c]:.3g}" if isinstance(r[c], float) else str(r[c])) for c in cols], style=style
            )
        parts: list[Any] = [Text(self.summary()), t]
        parts += [Text(n) for n in self.notes]
        if self.report_path is not None:
            parts.append(Text(f"report: {self.report_path}"))
        return Group(*parts)

    def report(self, path: str | Path) -> Path:
        """Write the HTML report (``path`` is a directory or a ``.html`` file) and return it."""
        from conjectura.report.html import Section, write_report

        path = Path(path)
        directory, filename = (path.parent, path.name) if path.suffix == ".html" else (path, "report.html")
        rows = [{k: v for k, v in r.items() if k != "role"} | {"role": r["role"]} for r in self.rows(5)]
        sections = [
            Section("Summary", text=self.summary() + "\n\n" + "\n\n".join(self.notes)),
            Section(
                "Bounds",
                text=(
                    "Every relation below is true on every row of the table where its columns are present, "
                    "checked exactly (rational arithmetic, certified intervals, exact algebraic zero tests); "
                    "'tight' counts the rows where it holds with equality. A bound that survived the search "
                    "is a conjecture, not a theorem."
                ),
                rows=rows,
                columns=[
                    "rank",
                    "relation",
                    "tight",
                    "tested",
                    "mean slack",
                    "origin",
                    "verdict",
                    "tight objects",
                ],
            ),
        ]
        refuted = [c for c in self.conjectures if c.status == REFUTED]
        if refuted:
            sections.append(
                Section(
                    "Refutations",
                    text="Each counterexample is certified by the exact verifier; re-check with `conjectura verify FILE`.",
                    rows=[
                        {
                            "relation": c.relation,
                            "witness": c.search.get("witness"),
                            "n": c.search.get("witness_n"),
                            "exact": c.search.get("reason"),
                            "certificate": c.search.get("certificate_file"),
                        }
                        for c in refuted
                    ],
                )
            )
        if self.saliency:
            sections.append(
                Section("Saliency ranking (symbolic regression inputs)", text=", ".join(self.saliency))
            )
        cfg = ", ".join(f"{k}={v}" for k, v in self.config.items())
        sections.append(Section("Configuration", text=cfg))
        return write_report(
            directory,
            f"conjectura conjecture {self.source} --target {self.target}",
            sections,
            filename=filename,
        )
