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
from .labels import normalize_label
from .model import BlockSyntax, GroupSyntax, HeadingSyntax, Lead, Span
from .tags import parse_tag_group

# A blank line holds nothing but spaces, tabs and the invisible characters that word
# processors leave behind (form feed for a page break, a stray BOM, NBSP). A block is a
# run of other lines; the match ends before the last line's line break.
BLANK_CHARS = " \t\f\v\u00a0\ufeff\u2028\u2029\u0085"
_NONBLANK_LINE = rf"[{BLANK_CHARS}]*[^{BLANK_CHARS}\r\n][^\r\n]*"
BLOCK = re.compile(rf"{_NONBLANK_LINE}(?:(?:\r\n|\r|\n){_NONBLANK_LINE})*")

# What may stand between a `]` and a tag group that attaches to it (SPEC §4).
_ATTACH_GAP = re.compile(r"[\s.,;:]*")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_NON_SPACE = re.compile(r"\S")


def _open_ranks(events: list[tuple[int, str]]) -> tuple[int, ...]:
    ranks = []
    opened = 0
    for _, kind in events:
        ranks.append(opened)
        if kind == "[":
            opened += 1
    return tuple(ranks)


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
            local_pairs={},
            open_unmatched=(),
            close_unmatched=(),
            parse_error=f"{type(error).__name__}: {error}",
        )
    _cache.put(text, syntax)
    return syntax


def _parse_block(text: str) -> BlockSyntax:
    tree = block_parser().parse(text, start="start")
    leads: list[Lead | None] = []
    events: list[tuple[int, str]] = []
    tag_groups: list[tuple[int, GroupSyntax]] = []
    attach: list[int | None] = []
    footnotes: list[Span] = []
    local_pairs: dict[int, int] = {}
    close_unmatched: list[int] = []
    stack: list[int] = []

    # Line starts come from the line breaks; lark drops the _NL tokens, so compute them
    # from the text (the grammar's _NL is the same \r\n|\r|\n rule).
    line_starts = [0]
    line_starts.extend(m.end() for m in _LINE_BREAK.finditer(text))

    # Attachment state: the index of the last `]` event, while only gap text (spaces,
    # line breaks, `. , ; :`) and tag groups have stood since it. Ordinary text is not in
    # the tree (the grammar ignores it), so the gap is read off the text between tokens.
    last_close: int | None = None
    last_end = 0
    gap = _ATTACH_GAP.fullmatch
    for line in tree.children:
        lead: Lead | None = None
        behind_bracket = False
        for position, token in enumerate(line.children):
            kind = token.type
            start = token.start_pos
            if last_close is not None and start > last_end and gap(text, last_end, start) is None:
                last_close = None
            last_end = start + len(token.value)
            if kind == "TAG_GROUP":
                tag_groups.append((start, parse_tag_group(token.value)))
                attach.append(last_close)
            elif kind == "LINE_TEXT":
                if last_close is not None and gap(token.value) is None:
                    last_close = None
            elif kind == "OPEN":
                stack.append(len(events))
                events.append((start, "["))
                last_close = None
                if position == 0:
                    behind_bracket = True
            elif kind == "CLOSE":
                last_close = len(events)
                if stack:
                    local_pairs[stack.pop()] = last_close
                else:
                    close_unmatched.append(last_close)
                events.append((start, "]"))
            elif kind == "PAREN":
                last_close = None
            elif kind == "FOOTNOTE_REF":
                footnotes.append(Span(start, last_end))
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
        group_count=len(tag_groups),
        attach_candidates=tuple(attach),
        footnotes=tuple(footnotes),
        local_pairs=local_pairs,
        open_unmatched=tuple(stack),
        close_unmatched=tuple(close_unmatched),
        open_ranks=_open_ranks(events),
        open_count=len(events) - len(local_pairs) - len(close_unmatched),
        labels=tuple((lead, normalize_label(lead.text)) for lead in leads if lead is not None and lead.kind == "label"),
        empty_pairs=tuple(
            o for o, c in local_pairs.items() if _NON_SPACE.search(text, events[o][0] + 1, events[c][0]) is None
        ),
        heading=_heading(text, line_starts, leads, bool(events or tag_groups)),
    )


def _lead(kind: str, value: str, start: int, behind_bracket: bool) -> Lead:
    if kind == "LABEL":
        stripped = value.lstrip(" \t*\ufeff")
        label = stripped.rstrip("*")
        offset = start + len(value) - len(stripped)
        return Lead("label", Span(offset, offset + len(label)), label, behind_bracket)
    if kind == "BULLET":
        stripped = value.lstrip(" \t\ufeff")
        offset = start + len(value) - len(stripped)
        return Lead("bullet", Span(offset, offset + len(stripped)), stripped, behind_bracket)
    stripped = value.lstrip(" \t\ufeff")
    offset = start + len(value) - len(stripped)
    return Lead("heading", Span(offset, offset + len(stripped)), stripped, behind_bracket)


# -- headings (SPEC §2) ---------------------------------------------------------------------

_DIVISION = re.compile(
    r"(?:Chapter|Article|Part|Section|Глава|Статья|Раздел)\s+[0-9IVXLC]+\b"
    r"|(?:Annex|Приложение)\b"
)
_WORD = re.compile(r"\S*[^\W\d_]\S*")  # a run of non-space holding at least one letter
_CAPTION_END = tuple(".,;:")


def _strip_emphasis(line: str) -> str:
    return line.strip().strip("\ufeff*").strip()


def _is_title_line(line: str) -> bool:
    # All cased letters upper case (Latin, Cyrillic or any other cased script), and at
    # least one of them.
    return line.upper() == line and line.lower() != line


def _line_texts(text: str, line_starts: list[int]) -> list[str]:
    ends = [start - 1 for start in line_starts[1:]] + [len(text)]
    lines = []
    for start, end in zip(line_starts, ends):
        line = text[start:end]
        lines.append(line[:-1] if line.endswith("\r") else line)
    return lines


def _heading(text: str, line_starts: list[int], leads: list[Lead | None], has_brackets: bool) -> HeadingSyntax | None:
    first = leads[0] if leads else None
    if first is not None and first.kind == "heading":
        line = _line_texts(text, line_starts)[0]
        return HeadingSyntax(len(first.text), "markdown", _strip_emphasis(line[first.span.end :]), len(line))
    if any(lead is not None for lead in leads):
        return None  # a labelled or bulleted block is not a heading
    lines = [_strip_emphasis(line) for line in _line_texts(text, line_starts)]
    joined = " ".join(lines)
    if all(_is_title_line(line) for line in lines) and len(_WORD.findall(joined)) >= 2:
        return HeadingSyntax(1, "title", joined, len(text))
    if len(lines) != 1:
        return None
    if _DIVISION.match(joined):
        return HeadingSyntax(2, "division", joined, len(text))
    if joined and not joined.endswith(_CAPTION_END) and len(joined.split()) <= 8 and not has_brackets:
        return HeadingSyntax(3, "caption", joined, len(text))
    return None
