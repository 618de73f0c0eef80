"""The one place where LSP positions and ranges meet the model's code-point offsets.

The position encoding is the one negotiated at initialize: UTF-16 unless the client
offered ``utf-8`` or ``utf-32``. Lines break only at ``\\n``, ``\\r\\n`` and ``\\r``
(see :mod:`cicadraft.syntax.text`).
"""

from __future__ import annotations

from lsprotocol import types

from cicadraft.syntax import LineIndex, Span
from cicadraft.syntax.text import count_units

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


def range_json(range_: types.Range) -> dict:
    """A range as the JSON of a custom request or a command's arguments (which pygls does
    not serialise from lsprotocol objects)."""
    return {
        "start": {"line": range_.start.line, "character": range_.start.character},
        "end": {"line": range_.end.line, "character": range_.end.character},
    }


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

    def ranges(self, spans) -> list[types.Range]:
        """The ranges of many spans at once (see :meth:`line_columns`)."""
        return [
            types.Range(start=types.Position(line=a, character=b), end=types.Position(line=c, character=d))
            for (a, b), (c, d) in self.line_columns(spans)
        ]

    def range_dicts(self, spans) -> list[dict]:
        """As :meth:`ranges`, as JSON objects (for custom requests and command results:
        building lsprotocol objects first costs more than the walk itself)."""
        return [
            {"start": {"line": a, "character": b}, "end": {"line": c, "character": d}}
            for (a, b), (c, d) in self.line_columns(spans)
        ]

    def line_columns(self, spans) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        """``((line, character), (line, character))`` of many spans at once, in one
        forward walk over the offsets: each column is counted from the previous offset
        on the same line rather than from the line's start (thousands of findings on one
        long line stay linear). Plain tuples: a thousand diagnostics go out as JSON."""
        lines = self.lines
        text = lines.text
        length = len(text)
        encoding = self.encoding
        offsets = sorted({o for span in spans for o in (span.start, span.end)})
        clamped = bool(offsets) and (offsets[0] < 0 or offsets[-1] > length)
        if clamped:
            offsets = sorted({max(0, min(o, length)) for o in offsets})
        found: dict[int, tuple[int, int]] = {}
        starts = lines.starts
        line_count = len(starts)
        line = -1
        line_start = line_end = next_start = 0
        last_offset = last_units = 0
        counted = False
        for offset in offsets:  # ascending: each line is entered once
            if line < 0 or offset >= next_start:
                line = lines.line_of(offset)
                line_start = starts[line]
                line_end = lines.line_end(line)
                next_start = starts[line + 1] if line + 1 < line_count else length + 1
                last_offset, last_units = line_start, 0
                # Where every character of the line is one unit (ASCII; any text in
                # UTF-32), a column is a difference of offsets: nothing to count.
                counted = encoding != "utf-32" and not text[line_start:line_end].isascii()
            stop = offset if offset < line_end else line_end  # in a line break: its end
            if counted:
                last_units += count_units(text[last_offset:stop], encoding)
                last_offset = stop
                found[offset] = (line, last_units)
            else:
                found[offset] = (line, stop - line_start)
        if clamped:
            return [(found[max(0, min(span.start, length))], found[max(0, min(span.end, length))]) for span in spans]
        return [(found[span.start], found[span.end]) for span in spans]

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
