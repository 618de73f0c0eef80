"""Blocks: splitting a document into runs of non-blank lines, and parsing one block.

A block's parse depends on its text alone (offsets are relative to the block start), so
:func:`parse_block` is cached by text: after an edit, only blocks whose text changed are
parsed again, wherever they moved to.
"""

from __future__ import annotations

import re
from collections import OrderedDict

from lark.exceptions import LarkError

from .grammar import block_parser
from .model import BlockSyntax, Lead, Span, TagGroup
from .tags import parse_tag_group

# A blank line holds nothing but spaces, tabs and the invisible characters that word
# processors leave behind (form feed for a page break, a stray BOM, NBSP). A block is a
# run of other lines; the match ends before the last line's line break.
_BLANK_CHARS = " \t\f\v\u00a0\ufeff\u2028\u2029\u0085"
_NONBLANK_LINE = rf"[{_BLANK_CHARS}]*[^{_BLANK_CHARS}\r\n][^\r\n]*"
BLOCK = re.compile(rf"{_NONBLANK_LINE}(?:(?:\r\n|\r|\n){_NONBLANK_LINE})*")

# What may stand between a `]` and a tag group that attaches to it (SPEC §4).
_ATTACH_GAP = re.compile(r"[\s.,;:]*")


def split_blocks(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """The spans of the blocks in ``text[start:end]`` (absolute offsets)."""
    if end is None:
        end = len(text)
    return [Span(m.start(), m.end()) for m in BLOCK.finditer(text, start, end)]


class _BlockCache:
    """A bounded map from block text to its parse."""

    def __init__(self, capacity: int = 50_000):
        self.capacity = capacity
        self.entries: OrderedDict[str, BlockSyntax] = OrderedDict()

    def get(self, text: str) -> BlockSyntax | None:
        found = self.entries.get(text)
        if found is not None:
            self.entries.move_to_end(text)
        return found

    def put(self, text: str, syntax: BlockSyntax) -> None:
        self.entries[text] = syntax
        if len(self.entries) > self.capacity:
            self.entries.popitem(last=False)


_cache = _BlockCache()


def parse_block(text: str) -> BlockSyntax:
    """Parse one block's text. Never raises."""
    cached = _cache.get(text)
    if cached is not None:
        return cached
    try:
        syntax = _parse_block(text)
    except (LarkError, RecursionError, MemoryError) as error:  # pragma: no cover - the grammar accepts any text
        syntax = BlockSyntax(
            length=len(text),
            line_starts=(0,),
            leads=(None,),
            events=(),
            tag_groups=(),
            attach_candidates=(),
            footnotes=(),
            parse_error=f"{type(error).__name__}: {error}",
        )
    _cache.put(text, syntax)
    return syntax


def _parse_block(text: str) -> BlockSyntax:
    tree = block_parser().parse(text, start="start")
    line_starts: list[int] = []
    leads: list[Lead | None] = []
    events: list[tuple[int, str]] = []
    tag_groups: list[TagGroup] = []
    attach: list[int | None] = []
    footnotes: list[Span] = []

    # Line starts come from the line breaks; lark drops the _NL tokens, so compute them
    # from the text (the grammar's _NL is the same \r\n|\r|\n rule).
    line_starts.append(0)
    for m in re.finditer(r"\r\n|\r|\n", text):
        line_starts.append(m.end())

    # Attachment state: the index of the last `]` event and whether only gap text and
    # tag groups stood since.
    last_close: int | None = None
    for line in tree.children:
        tokens = line.children
        lead: Lead | None = None
        behind_bracket = False
        for position, token in enumerate(tokens):
            kind = token.type
            start = token.start_pos
            if kind == "TEXT" or kind == "PAREN":
                if last_close is not None and not _ATTACH_GAP.fullmatch(token.value):
                    last_close = None
            elif kind == "OPEN":
                events.append((start, "["))
                last_close = None
                if position == 0:
                    behind_bracket = True
            elif kind == "CLOSE":
                events.append((start, "]"))
                last_close = len(events) - 1
            elif kind == "TAG_GROUP":
                tag_groups.append(parse_tag_group(token.value, start))
                attach.append(last_close)
            elif kind == "FOOTNOTE_REF":
                footnotes.append(Span(start, start + len(token.value)))
                last_close = None
            else:  # LABEL, BULLET, HEADING_MARK
                lead = _lead(kind, token.value, start, behind_bracket and position == 1)
                last_close = None
        # A line break counts as whitespace: a tag group on the next line still attaches.
        leads.append(lead)
    return BlockSyntax(
        length=len(text),
        line_starts=tuple(line_starts),
        leads=tuple(leads),
        events=tuple(events),
        tag_groups=tuple(tag_groups),
        attach_candidates=tuple(attach),
        footnotes=tuple(footnotes),
    )


def _lead(kind: str, value: str, start: int, behind_bracket: bool) -> Lead:
    if kind == "LABEL":
        stripped = value.lstrip(" \t*")
        label = stripped.rstrip("*")
        offset = start + len(value) - len(stripped)
        return Lead("label", Span(offset, offset + len(label)), label, behind_bracket)
    if kind == "BULLET":
        stripped = value.lstrip(" \t")
        offset = start + len(value) - len(stripped)
        return Lead("bullet", Span(offset, offset + len(stripped)), stripped, behind_bracket)
    stripped = value.lstrip(" \t")
    offset = start + len(value) - len(stripped)
    return Lead("heading", Span(offset, offset + len(stripped)), stripped, behind_bracket)
