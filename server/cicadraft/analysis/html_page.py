"""The start of a self-contained HTML report page (``cicadraft diff`` and ``cicadraft
status``): doctype, language, charset, title and the page's own style; no script, no
outside resource."""

from __future__ import annotations

from html import escape


def page_start(title: str, locale: str, style: str) -> list[str]:
    """The lines up to and including the page's ``<h1>``."""
    return [
        "<!DOCTYPE html>",
        f'<html lang="{escape(locale)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{style}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(title)}</h1>",
    ]
