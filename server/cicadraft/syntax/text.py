"""Lines and positions, by the LSP rule: a line breaks only at ``\\r\\n``, ``\\r`` or ``\\n``.

Python's ``str.splitlines`` also breaks at form feed, vertical tab, U+001C-U+001E,
U+0085, U+2028 and U+2029; drafts pasted from word processors contain those, and a
position computed with ``splitlines`` would land on the wrong line. Everything in
cicadraft that turns an offset into a line and column, or back, goes through
:class:`LineIndex`.

Columns can be counted in code points (the CLI's ``line:col``), UTF-16 code units (the
LSP default) or UTF-8 bytes (an LSP client may negotiate ``utf-8``).
"""

from __future__ import annotations

import re
from itertools import accumulate, repeat
from operator import add
from bisect import bisect_right
from typing import Literal

Encoding = Literal["utf-8", "utf-16", "utf-32"]

LINE_BREAK = re.compile(r"\r\n|\r|\n")


def line_starts(text: str) -> list[int]:
    """The offsets where lines start: 0, and the end of every line break."""
    if "\r" not in text:
        # Only \n breaks (most files): the lengths of the pieces between them, summed in
        # C, are four times faster than a loop over the matches on a big draft.
        return [0, *accumulate(map(add, map(len, text.split("\n")[:-1]), repeat(1)))]
    starts = [0]
    starts.extend(m.end() for m in LINE_BREAK.finditer(text))
    return starts


def count_units(segment: str, encoding: Encoding) -> int:
    if encoding == "utf-32" or segment.isascii():
        return len(segment)
    if encoding == "utf-16":
        # Astral characters take two code units; lone surrogates (from undecodable
        # input) count as one, as they do in the editor's UTF-16 string. Counted by
        # the codec, in C: a loop over the characters cost microseconds per token on a
        # line of non-ASCII text.
        return len(segment.encode("utf-16-le", "surrogatepass")) >> 1
    return len(segment.encode("utf-8", "surrogatepass"))


class LineIndex:
    """The line table of one text."""

    __slots__ = ("text", "starts")

    def __init__(self, text: str, starts: list[int] | None = None):
        self.text = text
        self.starts = starts if starts is not None else line_starts(text)

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def line_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1

    def line_end(self, line: int) -> int:
        """Offset of the end of ``line``'s content, before its line break."""
        if line + 1 < len(self.starts):
            end = self.starts[line + 1]
            if self.text[end - 1] == "\n":
                end -= 1
                if end > self.starts[line] and self.text[end - 1] == "\r":
                    end -= 1
            else:  # a lone \r
                end -= 1
            return end
        return len(self.text)

    def line_text(self, line: int) -> str:
        return self.text[self.starts[line] : self.line_end(line)]

    # -- offsets to positions ------------------------------------------------------------

    def position(self, offset: int, encoding: Encoding = "utf-32") -> tuple[int, int]:
        """0-based ``(line, column)`` of an offset, the column in ``encoding`` units
        (``utf-32`` counts code points)."""
        offset = max(0, min(offset, len(self.text)))
        line = self.line_of(offset)
        start = self.starts[line]
        # An offset inside a \r\n pair belongs at the end of the line.
        end = self.line_end(line)
        column_text = self.text[start : min(offset, end)]
        return line, count_units(column_text, encoding)

    # -- positions to offsets ------------------------------------------------------------

    def offset(self, line: int, column: int, encoding: Encoding = "utf-32") -> int:
        """The offset of a 0-based position, clamped like the LSP says: a column past
        the end of the line means the end of the line, a line past the end of the text
        means the end of the text."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start = self.starts[line]
        end = self.line_end(line)
        if column <= 0:
            return start
        segment = self.text[start:end]
        if encoding == "utf-32" or segment.isascii():
            return start + min(column, len(segment))
        units = 0
        for i, ch in enumerate(segment):
            if units >= column:
                return start + i
            units += count_units(ch, encoding)
            if units > column:  # inside a surrogate pair or a UTF-8 sequence
                return start + i
        return end

    def is_valid(self, line: int, column: int, encoding: Encoding = "utf-16") -> bool:
        """Whether a position lies inside the text (a column at the end of a line is
        inside; past it is not)."""
        if line < 0 or column < 0 or line >= len(self.starts):
            return False
        segment = self.text[self.starts[line] : self.line_end(line)]
        return column <= count_units(segment, encoding)
