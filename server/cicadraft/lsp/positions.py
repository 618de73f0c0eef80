"""The one place where LSP positions and ranges meet the model's code-point offsets.

The position encoding is the one negotiated at initialize: UTF-16 unless the client
offered ``utf-8`` or ``utf-32``. Lines break only at ``\\n``, ``\\r\\n`` and ``\\r``
(see :mod:`cicadraft.syntax.text`).
"""

from __future__ import annotations

from lsprotocol import types

from cicadraft.syntax import LineIndex, Span

_ENCODINGS = {
    types.PositionEncodingKind.Utf16: "utf-16",
    types.PositionEncodingKind.Utf8: "utf-8",
    types.PositionEncodingKind.Utf32: "utf-32",
    "utf-16": "utf-16",
    "utf-8": "utf-8",
    "utf-32": "utf-32",
}


def encoding_name(kind: types.PositionEncodingKind | str | None) -> str:
    return _ENCODINGS.get(kind, "utf-16") if kind is not None else "utf-16"


class Positions:
    """Conversions for one version of one document."""

    __slots__ = ("lines", "encoding")

    def __init__(self, lines: LineIndex, encoding: str):
        self.lines = lines
        self.encoding = encoding_name(encoding)

    def position(self, offset: int) -> types.Position:
        line, character = self.lines.position(offset, self.encoding)  # type: ignore[arg-type]
        return types.Position(line=line, character=character)

    def range(self, span: Span) -> types.Range:
        return types.Range(start=self.position(span.start), end=self.position(span.end))

    def offset(self, position: types.Position) -> int:
        """The offset of a position, clamped into the document (for edits)."""
        return self.lines.offset(position.line, position.character, self.encoding)  # type: ignore[arg-type]

    def offset_or_none(self, position: types.Position) -> int | None:
        """The offset of a position, or None when it lies outside the document (a request
        at such a position gets an empty answer)."""
        if not self.lines.is_valid(position.line, position.character, self.encoding):  # type: ignore[arg-type]
            return None
        return self.offset(position)

    def span(self, range_: types.Range) -> Span:
        start, end = self.offset(range_.start), self.offset(range_.end)
        return Span(min(start, end), max(start, end))
