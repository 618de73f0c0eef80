"""Incremental parsing: an edit re-lexes and re-parses only the blocks it touches.

:class:`DraftState` keeps a document's text, its line table and its blocks (spans and
per-block parses). An edit replaces a range of text; the blocks around it are split
again from the new text and parsed (through the block cache, so a block whose text is
unchanged is not parsed again), and the blocks after it only move. The whole-document
:class:`~cicadraft.syntax.model.Draft` is built when a feature asks for it: from the
previous version's model when the edits since left the pairing of brackets elsewhere
as it was (:mod:`cicadraft.syntax.reassemble`), else assembled from the cached blocks.

The result is always identical to parsing the new text from scratch; a property test
applies random edit sequences and compares after every step.
"""

from __future__ import annotations

import gc
from bisect import bisect_left, bisect_right
from contextlib import contextmanager

from .assemble import assemble
from .blocks import block_matches, parse_blocks
from .draft import Draft
from .model import BlockSyntax, Span
from .reassemble import reassemble
from .text import LINE_BREAK, LineIndex, line_starts


class DraftState:
    __slots__ = ("text", "starts", "ends", "syntaxes", "_lines", "_draft", "_previous", "_lead", "_trail", "_delta")

    def __init__(self, text: str, scan=None):
        """``scan``, when given, is called with the block texts of the whole draft and may
        return their token lists, scanned elsewhere (see :func:`~.blocks.parse_blocks`)."""
        self.text = text
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.syntaxes: list[BlockSyntax] = []
        self._lines: list[int] | None = None
        self._draft: Draft | None = None
        # The last model built, while edits since are pending: the blocks kept at the
        # start (_lead) and at the end (_trail) through all of them, and how far the
        # end moved (_delta).
        self._previous: Draft | None = None
        self._lead = self._trail = self._delta = 0
        self._replace_blocks(0, 0, 0, len(text), scan)

    # -- derived views -----------------------------------------------------------------

    @property
    def lines(self) -> LineIndex:
        return LineIndex(self.text, self.line_table)

    @property
    def line_table(self) -> list[int]:
        """The offsets where lines start (see :func:`line_starts`)."""
        if self._lines is None:
            self._lines = line_starts(self.text)
        return self._lines

    @property
    def has_draft(self) -> bool:
        """Whether the whole-draft model of this version is built already."""
        return self._draft is not None

    @property
    def builds_from_previous(self) -> bool:
        """Whether the model of this version, not built yet, will be built from the
        previous version's (it may still be assembled afresh, when the edits changed how
        brackets pair)."""
        return self._draft is None and self._previous is not None

    @property
    def draft(self) -> Draft:
        if self._draft is None:
            with _no_cyclic_collection():
                previous, self._previous = self._previous, None
                if previous is not None:
                    self._draft = reassemble(
                        previous, self.text, self.starts, self.ends, self.syntaxes, self._lead, self._trail, self._delta
                    )
                if self._draft is None:
                    spans = [Span(s, e) for s, e in zip(self.starts, self.ends)]
                    self._draft = assemble(self.text, spans, self.syntaxes)
        return self._draft

    # -- edits ---------------------------------------------------------------------------

    def edit(self, start: int, end: int, new_text: str) -> tuple[int, int, int]:
        """Replace ``text[start:end]`` (code-point offsets, clamped) with ``new_text``.

        Returns the window of blocks replaced, ``(first, old_after, new_after)``: blocks
        ``first .. old_after - 1`` before the edit are now blocks ``first .. new_after -
        1``; the blocks after the window are the same parses, moved."""
        length = len(self.text)
        start = max(0, min(start, length))
        end = max(start, min(end, length))
        old_text = self.text
        text = old_text[:start] + new_text + old_text[end:]
        delta = len(new_text) - (end - start)
        self.text = text
        if self._lines is not None:
            self._lines = _update_line_starts(self._lines, old_text, text, start, end, len(new_text))

        # The text to split again: from the block before the first one the edit reaches
        # to the start of the second block after the last one. The blank lines between
        # the untouched blocks outside are untouched, so the split there cannot change.
        count = len(self.starts)
        first = max(bisect_left(self.ends, start) - 1, 0)
        after = min(bisect_right(self.starts, end) + 1, count)
        # (Before the first block, the split starts at the top: a line start.)
        region_start = self.starts[first] if first < count and self.starts[first] <= start else 0
        region_end = self.starts[after] if after < count else length
        if after < count:
            # Shift the untouched blocks after the region.
            self.starts[after:] = [s + delta for s in self.starts[after:]]
            self.ends[after:] = [e + delta for e in self.ends[after:]]
        new_after = self._replace_blocks(first, after, region_start, region_end + delta)
        trail = count - after
        if self._draft is not None:
            self._previous, self._lead, self._trail, self._delta = self._draft, first, trail, delta
            self._draft = None
        elif self._previous is not None:
            self._lead = min(self._lead, first)
            self._trail = min(self._trail, trail)
            self._delta += delta
        return first, after, new_after

    def _replace_blocks(self, first: int, after: int, region_start: int, region_end: int, scan=None) -> int:
        text = self.text
        with _no_cyclic_collection():
            matches = list(block_matches(text, region_start, region_end))
            starts = [match.start() for match in matches]
            ends = [match.end() for match in matches]
            texts = [match.group() for match in matches]
            syntaxes = parse_blocks(texts, None if scan is None else scan(texts))
        self.starts[first:after] = starts
        self.ends[first:after] = ends
        self.syntaxes[first:after] = syntaxes
        return first + len(syntaxes)


@contextmanager
def _no_cyclic_collection():
    """Parsing a big draft allocates tens of thousands of small objects and no cycles:
    the cyclic collector would only pause the work (a third of the time on 1 MB)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _update_line_starts(
    starts: list[int], old_text: str, text: str, start: int, end: int, inserted: int
) -> list[int]:
    """The line table after replacing ``old_text[start:end]`` with ``inserted``
    characters, computed around the edit only.

    A line start is the end of a line break. Breaks that end before the edit are
    untouched; a ``\r`` just before the edit or a ``\n`` just after it can join with
    (or part from) the new text, so breaks ending up to two characters past the edit are
    recomputed; the breaks after that only move.
    """
    delta = inserted - (end - start)
    low = max(start - 1, 0)
    high_old = end + 2
    high_new = min(start + inserted + 2, len(text))
    keep_before = bisect_right(starts, low)
    keep_after = bisect_right(starts, high_old)
    middle = [
        m.end()
        for m in LINE_BREAK.finditer(text, max(low - 1, 0), min(high_new + 1, len(text)))
        if low < m.end() <= high_new
    ]
    # A new list: a LineIndex handed out for the previous version keeps its own.
    return starts[:keep_before] + middle + [s + delta for s in starts[keep_after:]]


__all__ = ["DraftState", "line_starts"]
