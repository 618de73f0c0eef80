"""Renderers of a status report (:mod:`cicadraft.analysis.status_report`): text (80
columns), markdown, json, csv and html.

Each takes the :class:`~cicadraft.analysis.status_report.Report`, a locale (``en`` or
``ru``) and what to list per draft (``by``: ``delegation`` or ``item``); none does I/O.
"""

from __future__ import annotations

from .words import LOCALES

FORMATS = ("text", "markdown", "json", "csv", "html")
GROUPINGS = ("delegation", "item")


def render(report, format: str, locale: str = "en", by: str = "delegation") -> str:
    if format == "json":
        import json

        from cicadraft.analysis.status_report import as_json

        return json.dumps(as_json(report), ensure_ascii=False, indent=2) + "\n"
    if format == "markdown":
        from .markdown import markdown

        return markdown(report, locale, by)
    if format == "csv":
        from .csv_table import csv_table

        return csv_table(report, by)
    if format == "html":
        from .html import html

        return html(report, locale, by)
    from .text import text

    return text(report, locale, by)


__all__ = ["FORMATS", "GROUPINGS", "LOCALES", "render"]
