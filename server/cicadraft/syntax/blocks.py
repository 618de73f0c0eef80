"""Blocks: splitting a document into runs of non-blank lines, and parsing one block.

A block's parse depends on its text alone (offsets are relative to the block start), so
:func:`parse_block` is cached by text: after an edit, only blocks whose text changed are
parsed again, wherever they moved to.

A block is read by the scanner (:mod:`cicadraft.syntax.scanner`), which yields the token
stream lark's LALR parser of the grammar would see, without lark. The grammar's `line`
rule is flat, so that stream says everything the parse tree says: a `_NL` token ends a
line, and the tokens between are the line's children in order. Should an edited grammar
ever make the scanner reject a text, :func:`parse_block_with_lark` reads it with lark's
own parser. The tests compare the scanner's tokens with lark's, and the block built here
with one built plainly from lark's parse tree (tests/reference_parse.py).
"""

from __future__ import annotations

import re
import sys
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from itertools import repeat

from .labels import normalize_label
from .model import BlockSyntax, GroupSyntax, HeadingSyntax, Lead, Span
from .options import block_marks
from .scanner import ScanError, block_scanner
from .tags import parse_tag_group

# A blank line holds nothing but spaces, tabs and the invisible characters that word
# processors leave behind (form feed for a page break, a stray BOM, NBSP). A block is a
# run of other lines; the match ends before the last line's line break.
BLANK_CHARS = " \t\f\v\u00a0\ufeff\u2028\u2029\u0085"
_NONBLANK_LINE = rf"[{BLANK_CHARS}]*[^{BLANK_CHARS}\r\n][^\r\n]*"
BLOCK = re.compile(rf"{_NONBLANK_LINE}(?:(?:\r\n|\r|\n){_NONBLANK_LINE})*")
# The same for a text without `\r`, where it finds the very same blocks: with one line
# break character the regex engine runs through a line at several times the speed
# (the split cost as much as the floor's whole bracket scan).
_NONBLANK_LF_LINE = rf"[{BLANK_CHARS}]*[^{BLANK_CHARS}\n][^\n]*"
_BLOCK_LF = re.compile(rf"{_NONBLANK_LF_LINE}(?:\n{_NONBLANK_LF_LINE})*")

# What may stand between a `]` and a tag group that attaches to it (SPEC §4).
_ATTACH_GAP = re.compile(r"[\s.,;:]*")
_NON_SPACE = re.compile(r"\S")


def block_matches(text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
    """``BLOCK.finditer(text, start, end)``: the matches of the blocks in
    ``text[start:end]``."""
    if end is None:
        end = len(text)
    pattern = BLOCK if text.find("\r", start, end) >= 0 else _BLOCK_LF
    return pattern.finditer(text, start, end)


def split_blocks(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """The spans of the blocks in ``text[start:end]`` (absolute offsets)."""
    return [Span(m.start(), m.end()) for m in block_matches(text, start, end)]


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


def parsed_texts():
    """The block texts whose parse is cached (a read-only view)."""
    return _cache.entries.keys()


def _is_parse_failure(error: Exception) -> bool:
    if isinstance(error, (RecursionError, MemoryError)):
        return True
    # A lark error can only come from lark's parse, and then lark is loaded: checking
    # through sys.modules keeps lark out of the processes that never need it.
    lark_exceptions = sys.modules.get("lark.exceptions")
    return lark_exceptions is not None and isinstance(error, lark_exceptions.LarkError)


def parse_block(text: str) -> BlockSyntax:
    """Parse one block's text. Never raises."""
    cached = _cache.get(text)
    if cached is not None:
        return cached
    try:
        syntax = _parse_block(text)
    except Exception as error:  # pragma: no cover - the grammar accepts any text
        if not _is_parse_failure(error):
            raise
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


def parse_blocks(texts: list[str], scanned: Iterable[list | None] | None = None) -> list[BlockSyntax]:
    """:func:`parse_block` of each text, in one loop: a draft that opens has thousands
    of blocks, and the calls per block (the cache's and the scanner's) added up.

    ``scanned`` may give, for each text in order, its token list as the block scanner
    makes it (scanned elsewhere, see :mod:`cicadraft.lsp.forked_scan`), or None to scan
    it here."""
    entries = _cache.entries
    cached = entries.get
    keep = entries.move_to_end
    tokens = block_scanner().tokens
    found: list[BlockSyntax] = []
    # (next() with a default: an iterator that ends early leaves the rest to be scanned.)
    ahead = repeat(None) if scanned is None else iter(scanned)
    for text in texts:
        given = next(ahead, None)
        syntax = cached(text)
        if syntax is not None:
            keep(text)
        else:
            try:
                syntax = block_from_tokens(text, tokens(text) if given is None else given)
            except Exception:
                # The rare ways (an edited grammar, a failing parse) through parse_block.
                syntax = parse_block(text)
            else:
                _cache.put(text, syntax)
        found.append(syntax)
    return found


def _parse_block(text: str) -> BlockSyntax:
    try:
        return block_from_tokens(text, block_scanner().tokens(text))
    except ScanError:  # pragma: no cover - only an edited grammar gets here
        return parse_block_with_lark(text)


def parse_block_with_lark(text: str) -> BlockSyntax:
    """The block's syntax from the tokens lark's own LALR parser is fed (imports lark):
    the fallback should an edited grammar ever make the scanner reject a text."""
    from .grammar import tokens_with_lark

    return block_from_tokens(text, ((kind, start, start + len(value)) for kind, start, value in tokens_with_lark(text)))


def block_from_tokens(text: str, tokens) -> BlockSyntax:
    """The block's syntax from its token stream, ``(type, start, end)`` of every token
    lark's parser is fed (`_NL` included, ignored text left out), in one pass: the open
    ranks, the labels and the empty pairs are collected as the tokens go by.
    (tests/reference_parse.py states the same plainly, from lark's parse tree.)"""
    if type(tokens) is list and len(tokens) == 1 and tokens[0][0] != "_NL":
        return _one_token_block(text, tokens[0])
    leads: list[Lead | None] = []
    events: list[tuple[int, str]] = []
    ranks: list[int] = []
    tag_groups: list[tuple[int, GroupSyntax]] = []
    attach: list[int | None] = []
    footnotes: list[Span] = []
    labels: list[tuple[Lead, str]] = []
    local_pairs: dict[int, int] = {}
    empty_pairs: list[int] = []
    close_unmatched: list[int] = []
    stack: list[int] = []
    line_starts = [0]

    lead: Lead | None = None
    count = 0  # tokens of the line so far, as children of lark's `line` (_NL is not one)
    behind_bracket = False  # the line's first token is `[`
    opened = 0  # `[` so far: the open rank of the next event
    # Attachment state: the index of the last `]` event, while only gap text (spaces,
    # line breaks, `. , ; :`) and tag groups have stood since it. Ignored text, line
    # breaks and LINE_TEXT are not looked at one by one: the gap check reads the whole
    # stretch of text between two structural tokens.
    last_close: int | None = None
    last_end = 0
    gap = _ATTACH_GAP.fullmatch
    non_space = _NON_SPACE.search
    for kind, start, end in tokens:
        if kind == "_NL":
            # A line break counts as whitespace: a tag group on the next line still attaches.
            leads.append(lead)
            lead = None
            count = 0
            behind_bracket = False
            line_starts.append(end)
            continue
        count += 1
        if kind == "LINE_TEXT":
            continue
        # (A single space, the usual gap between `]` and a tag group, needs no regex.)
        if last_close is not None and start > last_end and not (start - last_end == 1 and text[last_end] == " ") and gap(text, last_end, start) is None:
            last_close = None
        last_end = end
        if kind == "TAG_GROUP":
            tag_groups.append((start, parse_tag_group(text[start:end])))
            attach.append(last_close)
        elif kind == "CLOSE":
            last_close = len(events)
            if stack:
                opening = stack.pop()
                local_pairs[opening] = last_close
                inner = events[opening][0] + 1
                # Empty when only white space stands inside; the first character
                # decides for almost every pair.
                if inner == start or (text[inner].isspace() and non_space(text, inner, start) is None):
                    empty_pairs.append(opening)
            else:
                close_unmatched.append(last_close)
            events.append((start, "]"))
            ranks.append(opened)
        elif kind == "OPEN":
            stack.append(len(events))
            events.append((start, "["))
            ranks.append(opened)
            opened += 1
            last_close = None
            if count == 1:
                behind_bracket = True
        elif kind == "PAREN":
            last_close = None
        elif kind == "FOOTNOTE_REF":
            footnotes.append(Span(start, end))
            last_close = None
        else:  # LABEL, BULLET, HEADING_MARK
            value = text[start:end]
            parts = _lead_parts.get((kind, value))
            if parts is None:
                parts = _read_lead(kind, value)
            lead_kind, skip, lead_text, normalized = parts
            offset = start + skip
            lead = Lead(lead_kind, Span(offset, offset + len(lead_text)), lead_text, behind_bracket and count == 2)
            if normalized is not None:
                labels.append((lead, normalized))
            last_close = None
    leads.append(lead)
    # Positional arguments, in the order of BlockSyntax's fields (a third of the cost
    # of keyword arguments, on thousands of blocks).
    return BlockSyntax(
        len(text),  # length
        tuple(line_starts),
        tuple(leads),
        tuple(events),
        tuple(tag_groups),
        tuple(attach),  # attach_candidates
        tuple(footnotes),
        local_pairs,
        tuple(stack),  # open_unmatched
        tuple(close_unmatched),
        tuple(ranks),  # open_ranks
        opened,  # open_count
        tuple(labels),
        tuple(empty_pairs),
        block_marks(text, line_starts, leads),  # marks
        # (A block whose first line is labelled or bulleted is no heading.)
        None if leads[0] is not None and leads[0].kind != "heading" else _heading(text, line_starts, leads, bool(events or tag_groups)),
        None,  # parse_error
        len(tag_groups),  # group_count
    )


def _one_token_block(text: str, token: tuple[str, int, int]) -> BlockSyntax:
    """:func:`block_from_tokens` of a block of one token: a line of prose, or a lead and
    prose with no bracket or tag (most of the paragraphs of a draft), without the lists
    the general pass fills."""
    kind, start, end = token
    lead: Lead | None = None
    labels: tuple = ()
    if kind not in _INLINE_KINDS:  # LABEL, BULLET, HEADING_MARK
        value = text[start:end]
        parts = _lead_parts.get((kind, value))
        if parts is None:
            parts = _read_lead(kind, value)
        lead_kind, skip, lead_text, normalized = parts
        offset = start + skip
        lead = Lead(lead_kind, Span(offset, offset + len(lead_text)), lead_text, False)
        if normalized is not None:
            labels = ((lead, normalized),)
    elif kind != "LINE_TEXT":
        # A bracket, a tag group, a parenthesis or a footnote alone: the general pass.
        return block_from_tokens(text, iter((token,)))
    line_starts = [0]
    leads = [lead]
    return BlockSyntax(
        len(text), (0,), (lead,), (), (), (), (), {}, (), (), (), 0, labels, (),
        block_marks(text, line_starts, leads),
        None if lead is not None and lead.kind != "heading" else _heading(text, line_starts, leads, False),
        None, 0,
    )


# The tokens that may stand inside a line (after its lead): none of them is a lead.
_INLINE_KINDS = frozenset(("LINE_TEXT", "OPEN", "CLOSE", "TAG_GROUP", "PAREN", "FOOTNOTE_REF"))


# What a lead token says, by its type and text: (the Lead's kind, how many characters of
# indent and emphasis precede its text, the text, the normalised label or None). A
# draft writes the same few leads (`1.`, `(a)`, `-`) thousands of times.
_lead_parts: dict[tuple[str, str], tuple[str, int, str, str | None]] = {}
_LEAD_PARTS_SIZE = 10_000


def _read_lead(kind: str, value: str) -> tuple[str, int, str, str | None]:
    if kind == "LABEL":
        stripped = value.lstrip(" \t*\ufeff")
        label = stripped.rstrip("*")
        parts = ("label", len(value) - len(stripped), label, normalize_label(label))
    else:
        stripped = value.lstrip(" \t\ufeff")
        parts = ("bullet" if kind == "BULLET" else "heading", len(value) - len(stripped), stripped, None)
    if len(_lead_parts) >= _LEAD_PARTS_SIZE:
        _lead_parts.clear()
    _lead_parts[kind, value] = parts
    return parts


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
    """The heading the block reads as (SPEC §2), the common one-line block taken without
    splitting it into lines (tests/reference_parse.py states the rules plainly)."""
    first = leads[0] if leads else None
    if first is not None and first.kind == "heading":
        line = _line_texts(text, line_starts[:2])[0]
        return HeadingSyntax(len(first.text), "markdown", _strip_emphasis(line[first.span.end :]), len(line))
    if any(leads):  # a Lead is a non-empty tuple, so true
        return None  # a labelled or bulleted block is not a heading
    if len(line_starts) == 1:
        # One line, the common case: no line break, so the text is the line.
        joined = _strip_emphasis(text)
        if _is_title_line(joined) and len(_WORD.findall(joined)) >= 2:
            return HeadingSyntax(1, "title", joined, len(text))
    else:
        lines = [_strip_emphasis(line) for line in _line_texts(text, line_starts)]
        joined = " ".join(lines)
        if all(_is_title_line(line) for line in lines) and len(_WORD.findall(joined)) >= 2:
            return HeadingSyntax(1, "title", joined, len(text))
        return None
    if _DIVISION.match(joined):
        return HeadingSyntax(2, "division", joined, len(text))
    # At most 8 words: splitting off 9 tells, without splitting a long paragraph whole.
    if joined and not has_brackets and not joined.endswith(_CAPTION_END) and len(joined.split(None, 8)) <= 8:
        return HeadingSyntax(3, "caption", joined, len(text))
    return None
