"""report: matplotlib (Agg) figures to PNG and a static HTML report per run."""

from conjectura.report.html import Section, table_html, write_report

__all__ = ["Section", "table_html", "write_report"]
