"""A static HTML report per run: tables and PNG figures in the run's directory.

The report is a single self-contained ``report.html`` (figures are embedded as base64 PNG and
also kept as files next to it), so it can be mailed or archived as is.

>>> from conjectura.report.html import Section, write_report          # doctest: +SKIP
>>> write_report("runs/7", "my run", [Section("Notes", text="all measured")])  # doctest: +SKIP
"""

from __future__ import annotations

import base64
import datetime as dt
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Section", "write_report", "table_html"]

_CSS = """
body{font-family:system-ui,sans-serif;max-width:1050px;margin:2em auto;color:#222;padding:0 1em}
h1{font-size:1.5em} h2{font-size:1.2em;border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;margin:.6em 0;font-size:.9em}
td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}
th{background:#f3f3f3} tr.learner td{font-weight:bold;background:#eef8ee}
tr.null td{color:#777} p.note{color:#555;font-size:.9em} img{max-width:100%}
code{background:#f5f5f5;padding:0 .2em}
"""


@dataclass
class Section:
    """One part of a report: a heading, a paragraph, a table and/or figures.

    Attributes
    ----------
    heading : str
    text : str
        Plain text (escaped); paragraphs separated by blank lines.
    rows, columns : table rows (dicts) and the column order; a row's ``role`` key, if any,
        becomes its CSS class (``learner`` rows are bold, ``null`` rows grey).
    images : list of paths to PNG files (embedded).
    """

    heading: str
    text: str = ""
    rows: Sequence[Mapping[str, Any]] = ()
    columns: Sequence[str] = ()
    images: Sequence[str | Path] = field(default_factory=list)


def table_html(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    """An HTML table of ``rows`` (escaped)."""
    if not rows:
        return "<p class='note'>(no rows)</p>"
    columns = list(columns or rows[0].keys())
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in columns)
    body = []
    for r in rows:
        cls = f" class='{html.escape(str(r.get('role', '')))}'" if r.get("role") else ""
        cells = "".join(f"<td>{html.escape(_fmt(r.get(c)))}</td>" for c in columns)
        body.append(f"<tr{cls}>{cells}</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def _fmt(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


def _img(path: Path) -> str:
    data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    return (
        f"<figure><img alt='{html.escape(Path(path).name)}' src='data:image/png;base64,{data}'>"
        f"<figcaption class='note'>{html.escape(Path(path).name)}</figcaption></figure>"
    )


def write_report(
    directory: str | Path,
    title: str,
    sections: Sequence[Section],
    *,
    filename: str = "report.html",
    subtitle: str = "",
) -> Path:
    """Write ``directory/filename`` and return its path."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    parts = [
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}"
        f"</title><style>{_CSS}</style></head><body><h1>{html.escape(title)}</h1>"
    ]
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts.append(f"<p class='note'>{html.escape(subtitle)} written {stamp} by conjectura</p>")
    for s in sections:
        parts.append(f"<h2>{html.escape(s.heading)}</h2>")
        for para in [p for p in s.text.split("\n\n") if p.strip()]:
            parts.append(f"<p>{html.escape(para)}</p>")
        if s.rows:
            parts.append(table_html(s.rows, s.columns or None))
        for img in s.images:
            parts.append(_img(Path(img)))
    parts.append("</body></html>")
    out = directory / filename
    out.write_text("\n".join(parts), encoding="utf-8")
    return out
