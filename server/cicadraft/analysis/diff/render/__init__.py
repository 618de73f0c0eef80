"""Renderers of a diff report: text (ANSI colour optional), markdown, json, html.

Each takes the :class:`~cicadraft.analysis.diff.Report`, the names of the two drafts and
a locale (``en`` or ``ru``); none does I/O.
"""

from __future__ import annotations

from .words import LOCALES

FORMATS = ("text", "markdown", "json", "html")


def render(report, format: str, old_name: str, new_name: str, locale: str = "en", color: bool = False) -> str:
    if format == "json":
        import json

        return json.dumps(report.as_json(), ensure_ascii=False, indent=2) + "\n"
    if format == "markdown":
        from .markdown import markdown

        return markdown(report, old_name, new_name, locale)
    if format == "html":
        from .html import html

        return html(report, old_name, new_name, locale)
    from .text import text

    return text(report, old_name, new_name, locale, color)


__all__ = ["FORMATS", "LOCALES", "render"]
