"""Paragraph labels: what makes two labels the same paragraph number (SPEC §2, §7)."""

from __future__ import annotations

import re

_INSERTED = "bis|ter|quater|quinquies|sexies|septies|octies|novies|decies|supra"
_ALT = re.compile(r"^(?P<base>.*?)[ .]?(?:altern|alt)\.?(?P<n>\d*)$", re.I)
_SPACED_SUFFIX = re.compile(rf"[ .](?=(?:{_INSERTED}|altern|alt)\b)", re.I)


def normalize_label(label: str) -> str:
    """The comparable form of a label: ``2 bis``, ``2.bis`` and ``2bis`` are one label,
    and so are ``11.`` and ``11``; ``1.1`` stays distinct from ``11``."""
    text = label.strip().rstrip(".").strip()
    if text.replace(".", "").isdigit():
        return text  # a paragraph number (`12`, `1.1.3`), most labels: no suffix, no case
    text = _SPACED_SUFFIX.sub("", text)
    return text.lower()


def alternative_base(label: str) -> str | None:
    """For an alternative (``11altern.``, ``11 alt.``, ``OP6alt``), the normalised label
    of the paragraph it is an alternative to; None for any other label."""
    match = _ALT.match(label.strip().rstrip("."))
    if not match or not match.group("base"):
        return None
    return normalize_label(match.group("base"))
