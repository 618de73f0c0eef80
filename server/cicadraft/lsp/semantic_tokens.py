"""Semantic tokens: brackets by depth, tags by sign, delegation codes by what the registry
knows of them, item labels and headings (``textDocument/semanticTokens/full`` and
``…/range``). The legend is documented in ``docs/semantic-tokens.md``.

Tokens never span lines (a title over two lines gives one token per line) and never
overlap; their columns and lengths are in the negotiated position encoding. Positions are
computed by one forward walk over the text (:class:`OffsetWalker`), so a request is linear
in the size of the draft, however long its lines.

Huge drafts (more than :data:`MAX_CHARS` characters, or more than :data:`MAX_TOKENS`
tokens) degrade: a full request gets no tokens and a range request gets the tokens of its
range only. The server says so once per document in its log.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from lsprotocol import types

from cicadraft.syntax import Draft, LineIndex, Span
from cicadraft.syntax.labels import alternative_base
from cicadraft.syntax.text import count_units

from .guard import guarded
from .positions import encoding_name

TOKEN_TYPES = ["bracket", "sign", "delegation", "reservation", "label", "heading", "note"]
TOKEN_MODIFIERS = [
    "proposed",  # a `+` tag, or its code
    "opposed",  # a `-` tag, or its code
    "reserved",  # a `tcb` tag, or its code
    "unknown",  # a code the registry does not know
    "observer",  # a code of an observer, not a Member State
    "malformed",  # a near-miss tag such as `(+ IRAN)`
    "floating",  # a tag attached to no bracket
    "unmatched",  # a stray `]` or a `[` never closed
    "editorial",  # the brackets of an editorial note (`[NOTE …]`)
    "depth1",  # bracket nesting, cycling: depth1 is outermost, depth4 then depth1 again
    "depth2",
    "depth3",
    "depth4",
    "level1",  # a title
    "level2",  # a chapter, article, part … or `##`
    "level3",  # a caption such as `Functions`, or `###` and deeper
    "alternative",  # an item label such as `11altern.` or `Alt1`
    "inserted",  # an item label such as `2bis`, `3 ter`
]
LEGEND = types.SemanticTokensLegend(token_types=TOKEN_TYPES, token_modifiers=TOKEN_MODIFIERS)

_TYPE = {name: index for index, name in enumerate(TOKEN_TYPES)}
_MOD = {name: 1 << index for index, name in enumerate(TOKEN_MODIFIERS)}

BRACKET, SIGN, DELEGATION, RESERVATION, LABEL, HEADING, NOTE = (_TYPE[name] for name in TOKEN_TYPES)
_DEPTH = [_MOD["depth1"], _MOD["depth2"], _MOD["depth3"], _MOD["depth4"]]
_LEVEL = {1: _MOD["level1"], 2: _MOD["level2"]}

MAX_CHARS = 2_000_000
MAX_TOKENS = 200_000

_SIGNS = {"+": "proposed", "-": "opposed", "\u2212": "opposed", "\u2013": "opposed"}
_NOTE_WORD = re.compile(r"[\s*]*(NOTE|Note:|Placeholder|(?i:agreed ad ref))")
_INSERTED = re.compile(r"(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies)", re.I)
_SPACE = " \t\f\v\u00a0\ufeff\u2028\u2029\u0085"

Token = tuple[int, int, int, int]  # start, end (code points), type, modifier bits


# --------------------------------------------------------------------------------------
# Positions for offsets visited in ascending order


class OffsetWalker:
    """LSP positions for offsets given in (mostly) ascending order.

    Each call measures only the text since the previous offset on the same line, so
    converting every token of a document costs one pass over its text, where
    :meth:`LineIndex.position` would measure each line again from its start. An offset
    behind the previous one is still answered correctly (the walk restarts at its line).
    """

    __slots__ = ("text", "lines", "encoding", "line", "line_start", "line_end", "next_start", "last", "column", "counted")

    def __init__(self, lines: LineIndex, encoding: str):
        self.text = lines.text
        self.lines = lines
        self.encoding = encoding_name(encoding)
        self._seek(0)

    def _seek(self, offset: int) -> None:
        starts = self.lines.starts
        line = bisect_right(starts, offset) - 1
        self.line = line
        self.line_start = self.last = starts[line]
        self.line_end = self.lines.line_end(line)
        self.next_start = starts[line + 1] if line + 1 < len(starts) else len(self.text) + 1
        self.column = 0
        # Whether code units must be counted on this line: not where each character is
        # one unit (ASCII, or UTF-32), where a column is a difference of offsets.
        self.counted = self.encoding != "utf-32" and not self.text[self.line_start : self.line_end].isascii()

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self.text)))
        if offset < self.last or offset >= self.next_start:
            self._seek(offset)
        offset = min(offset, self.line_end)  # inside a line break: the end of the line
        if not self.counted:
            return self.line, offset - self.line_start
        if offset > self.last:
            self.column += count_units(self.text[self.last : offset], self.encoding)
            self.last = offset
        return self.line, self.column

    def lsp_position(self, offset: int) -> types.Position:
        line, character = self.position(offset)
        return types.Position(line=line, character=character)

    def range(self, span: Span) -> types.Range:
        return types.Range(start=self.lsp_position(span.start), end=self.lsp_position(span.end))


# --------------------------------------------------------------------------------------
# Tokens


def _opening(bracket) -> int:
    return bracket.open


def _starting(group) -> int:
    return group.start


def _lead_start(item) -> int:
    return item.lead.span.start


def _open_at(brackets: list, first_open: int, lo: int) -> list:
    """The brackets opened before ``lo`` (those before ``brackets[first_open]``) that
    are still open at ``lo`` (their `]` may fall in the window). A bracket open at
    ``lo`` holds every `[` after it and before ``lo``, so these are the last bracket
    opened before ``lo`` and its ancestors, those of them still open: a walk up the
    nesting, not over every bracket before the window."""
    found = []
    index = first_open - 1 if first_open > 0 else None
    while index is not None:
        bracket = brackets[index]
        if bracket.close is None or bracket.close >= lo:
            found.append(bracket)
        index = bracket.parent
    return found[::-1]


def estimate(draft: Draft) -> int:
    """An upper bound of the number of tokens, without making them (nor the tags'
    absolute spans, nor the items: counted off the blocks)."""
    tags = sum(len(group.syntax.tags) for group in draft.tag_groups)
    items = sum(1 for block in draft.blocks for lead in block.syntax.leads if lead is not None and lead.kind != "heading")
    heading_lines = sum(draft.text.count("\n", h.span.start, h.span.end) + 1 for h in draft.headings)
    notes = sum(1 for bracket in draft.brackets if bracket.is_note)
    return 2 * len(draft.brackets) + notes + len(draft.stray_closes) + 3 * tags + items + 2 * heading_lines


def collect(draft: Draft, registry, lines: LineIndex, lo: int = 0, hi: int | None = None) -> list[Token]:
    """The tokens on the lines that ``[lo, hi)`` touches, sorted and without overlaps.

    The window grows to whole lines, so that a range request gets the same tokens on
    those lines as a full request would (a heading is split around the same brackets).
    """
    text = draft.text
    if hi is None:
        hi = len(text)
    if lo > 0 or hi < len(text):
        lo = lines.starts[lines.line_of(lo)]
        hi = lines.line_end(lines.line_of(max(hi - 1, lo))) + 1
    points: list[Token] = []
    add = points.append

    # Brackets. Opens are in order; a close in the window belongs to a bracket opened
    # before the window's end.
    brackets = draft.brackets
    first_open = bisect_left(brackets, lo, key=_opening)
    last = bisect_left(brackets, hi, lo=first_open, key=_opening)
    for bracket in _open_at(brackets, first_open, lo) + brackets[first_open:last]:
        mods = _DEPTH[bracket.depth % 4]
        if bracket.is_note:
            mods |= _MOD["editorial"]
        close = bracket.close
        if close is None:
            mods |= _MOD["unmatched"]
        if bracket.open >= lo:
            add((bracket.open, bracket.open + 1, BRACKET, mods))
            if bracket.is_note:
                match = _NOTE_WORD.match(text, bracket.open + 1)
                if match:
                    add((match.start(1), match.end(1), NOTE, 0))
        if close is not None and lo <= close < hi:
            add((close, close + 1, BRACKET, mods))
    for offset in draft.stray_closes:
        if lo <= offset < hi:
            add((offset, offset + 1, BRACKET, _MOD["unmatched"]))

    # Tags.
    groups = draft.tag_groups
    first = max(bisect_left(groups, lo, key=_starting) - 1, 0)
    known: dict[str, int] = {}
    for group in groups[first:]:
        # The group's own tags, offsets relative to its `(` (placing each tag in the
        # document would build new spans for every one).
        base = group.start
        if base >= hi:
            break
        syntax = group.syntax
        if base + syntax.length <= lo:
            continue
        group_mods = _MOD["floating"] if group.bracket is None else 0
        if syntax.separator_problems:
            group_mods |= _MOD["malformed"]
        for tag in syntax.tags:
            mods = group_mods | _MOD[{"+": "proposed", "-": "opposed", "tcb": "reserved"}[tag.kind]]
            if tag.problems:
                mods |= _MOD["malformed"]
            tag_start, tag_end = base + tag.span.start, base + tag.span.end
            sign = text[tag_start]
            if sign in _SIGNS:
                sign_mods = (mods & ~(_MOD["proposed"] | _MOD["opposed"] | _MOD["reserved"])) | _MOD[_SIGNS[sign]]
                add((tag_start, tag_start + 1, SIGN, sign_mods))
            code = tag.code.upper()
            code_mods = known.get(code)
            if code_mods is None:
                delegation = registry.lookup(code)
                if delegation is None:
                    code_mods = _MOD["unknown"]
                elif delegation.kind == "observer":
                    code_mods = _MOD["observer"]
                else:
                    code_mods = 0
                known[code] = code_mods
            if tag.code_span.end > tag.code_span.start:
                add((base + tag.code_span.start, base + tag.code_span.end, DELEGATION, mods | code_mods))
            if tag.tcb and text[tag_end - 3 : tag_end].lower() == "tcb":
                tcb_mods = (mods & ~(_MOD["proposed"] | _MOD["opposed"])) | _MOD["reserved"]
                add((tag_end - 3, tag_end, RESERVATION, tcb_mods))

    # Item labels.
    items = draft.items_overlapping(lo, hi)
    first = bisect_left(items, lo, key=_lead_start)
    for item in items[first:]:
        lead = item.lead
        if lead.span.start >= hi:
            break
        if lead.kind != "label" or lead.span.end <= lead.span.start:
            continue
        mods = 0
        if alternative_base(lead.text) is not None:
            mods |= _MOD["alternative"]
        elif _INSERTED.search(lead.text):
            mods |= _MOD["inserted"]
        add((lead.span.start, lead.span.end, LABEL, mods))

    points.sort()
    tokens = _without_overlaps(points, lo, hi)

    # Headings fill the gaps the other tokens leave, one token per line.
    headings = [h for h in draft.headings if h.span.end > lo and h.span.start < hi]
    if headings:
        starts = [token[0] for token in tokens]
        extra: list[Token] = []
        for heading in headings:
            mods = _LEVEL.get(heading.level, _MOD["level3"])
            first_line = lines.line_of(max(heading.span.start, lo))
            last_line = lines.line_of(min(heading.span.end, max(hi - 1, lo)))
            for line in range(first_line, last_line + 1):
                start = max(lines.starts[line], heading.span.start)
                end = min(lines.line_end(line), heading.span.end)
                index = bisect_left(starts, start)
                cursor = start
                while index < len(tokens) and tokens[index][0] < end:
                    _gap(text, cursor, tokens[index][0], mods, extra)
                    cursor = max(cursor, tokens[index][1])
                    index += 1
                _gap(text, cursor, end, mods, extra)
        if extra:
            tokens = sorted(tokens + extra)
    return tokens


def _gap(text: str, start: int, end: int, mods: int, out: list[Token]) -> None:
    while start < end and text[start] in _SPACE:
        start += 1
    while end > start and text[end - 1] in _SPACE:
        end -= 1
    if end > start:
        out.append((start, end, HEADING, mods))


def _without_overlaps(tokens: list[Token], lo: int, hi: int) -> list[Token]:
    """Sorted tokens, dropping empty ones, those outside ``[lo, hi)`` and any that
    overlaps the one before."""
    kept: list[Token] = []
    end = -1
    for token in tokens:
        if token[0] >= end and token[1] > token[0] and token[1] > lo and token[0] < hi:
            kept.append(token)
            end = token[1]
    return kept


def encode(tokens: list[Token], lines: LineIndex, encoding: str) -> list[int]:
    """The LSP's relative encoding: five integers per token."""
    walker = OffsetWalker(lines, encoding)
    data: list[int] = []
    add = data.extend
    previous_line = previous_start = 0
    starts = lines.starts
    text = lines.text
    every_unit = encoding_name(encoding) == "utf-32"
    # The line of the last token, while tokens stay on it: where each of its characters
    # is one unit, a token inside it is placed by offset differences alone (a screen of
    # chapter-long lines holds thousands of tokens); anywhere else the walker counts.
    line = -1
    line_start = line_end = next_start = 0
    direct = False
    for start, end, kind, mods in tokens:
        if line < 0 or start < line_start or start >= next_start:
            line = bisect_right(starts, max(0, min(start, len(text)))) - 1
            line_start = starts[line]
            line_end = lines.line_end(line)
            next_start = starts[line + 1] if line + 1 < len(starts) else len(text) + 1
            direct = every_unit or text[line_start:line_end].isascii()
        if direct and line_start <= start <= end <= line_end:
            token_line, column, length = line, start - line_start, end - start
        else:
            token_line, column = walker.position(start)
            end_line, end_column = walker.position(end)
            length = end_column - column if end_line == token_line else 0
        if length <= 0:
            continue
        delta_line = token_line - previous_line
        add((delta_line, column - previous_start if delta_line == 0 else column, length, kind, mods))
        previous_line, previous_start = token_line, column
    return data


# --------------------------------------------------------------------------------------
# LSP


def _empty() -> types.SemanticTokens:
    return types.SemanticTokens(data=[])


def register(server) -> None:
    degraded_told: set[str] = set()

    def too_big(document) -> str | None:
        if len(document.text) > MAX_CHARS:
            return f"{len(document.text):,} characters"
        if cached_estimate(document) > MAX_TOKENS:
            return f"more than {MAX_TOKENS:,} tokens"
        return None

    def cached_estimate(document) -> int:
        """:func:`estimate` (a pass over the whole draft) once per structure and block
        count, not on each range request: typing text changes it by a heading line at
        most, and it only decides whether to degrade."""
        draft = document.draft
        key = (draft.structure, len(draft.blocks))
        cached = getattr(document, "_cicadraft_token_estimate", None)
        if cached is None or cached[0] != key:
            cached = document._cicadraft_token_estimate = (key, estimate(draft))
        return cached[1]

    def tell(ls, document, reason: str) -> None:
        if document.uri in degraded_told:
            return
        degraded_told.add(document.uri)
        ls.log(
            f"cicadraft: {document.uri} is very large ({reason}): semantic highlighting covers only "
            "the visible range, and whole-document requests get no tokens.",
            types.MessageType.Info,
        )

    @server.feature(types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL, LEGEND)
    @guarded(_empty)
    def semantic_tokens_full(ls, params: types.SemanticTokensParams) -> types.SemanticTokens:
        document = ls.document(params.text_document.uri)
        if document is None:
            return _empty()
        reason = too_big(document)
        if reason is not None:
            tell(ls, document, reason)
            return _empty()
        tokens = collect(document.draft, ls.registry_for(document), document.lines)
        return types.SemanticTokens(data=encode(tokens, document.lines, ls.encoding))

    @server.feature(types.TEXT_DOCUMENT_SEMANTIC_TOKENS_RANGE, LEGEND)
    @guarded(_empty)
    def semantic_tokens_range(ls, params: types.SemanticTokensRangeParams) -> types.SemanticTokens:
        document = ls.document(params.text_document.uri)
        if document is None:
            return _empty()
        span = document.positions(ls.encoding).span(params.range)
        reason = too_big(document)
        if reason is not None:
            tell(ls, document, reason)
        tokens = collect(document.draft, ls.registry_for(document), document.lines, span.start, span.end)
        if len(tokens) > MAX_TOKENS:
            return _empty()
        return types.SemanticTokens(data=encode(tokens, document.lines, ls.encoding))
