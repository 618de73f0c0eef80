"""Fixture text with marks, in the manner of texlab's tests.

``«`` and ``»`` delimit spans and ``$0`` marks a cursor; :func:`unmark` strips them and
returns where they were, so a test states positions by pointing at the text itself
instead of counting columns.
"""

from __future__ import annotations

from dataclasses import dataclass

from cicadraft.syntax import Span

OPEN_MARK = "«"
CLOSE_MARK = "»"
CURSOR = "$0"


@dataclass
class Marked:
    text: str
    spans: list[Span]
    cursor: int | None

    @property
    def span(self) -> Span:
        assert len(self.spans) == 1, self.spans
        return self.spans[0]


def unmark(source: str) -> Marked:
    out: list[str] = []
    spans: list[Span] = []
    starts: list[int] = []
    cursor = None
    i = 0
    length = 0
    while i < len(source):
        if source.startswith(CURSOR, i):
            cursor = length
            i += len(CURSOR)
            continue
        ch = source[i]
        if ch == OPEN_MARK:
            starts.append(length)
        elif ch == CLOSE_MARK:
            spans.append(Span(starts.pop(), length))
        else:
            out.append(ch)
            length += 1
        i += 1
    assert not starts, "unbalanced span marks"
    spans.sort(key=lambda s: (s.start, s.end))
    return Marked("".join(out), spans, cursor)
