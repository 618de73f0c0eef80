"""The reference parse of a block: lark's LALR parse tree of the grammar, walked plainly,
and SPEC §2's heading rules without shortcuts. The product reads blocks with the scanner
and one optimised pass (cicadraft.syntax.blocks.block_from_tokens); tests/test_scanner.py
checks that both give the same BlockSyntax."""

from __future__ import annotations

import re

from cicadraft.syntax.blocks import (
    _ATTACH_GAP,
    _CAPTION_END,
    _DIVISION,
    _NON_SPACE,
    _WORD,
    _is_title_line,
    _line_texts,
    _strip_emphasis,
)
from cicadraft.syntax.grammar import block_parser
from cicadraft.syntax.labels import normalize_label
from cicadraft.syntax.options import _DIVISION_LINE, _MARK, _SUB_LABEL, Mark, _option_mark
from cicadraft.syntax.model import BlockSyntax, GroupSyntax, HeadingSyntax, Lead, Span
from cicadraft.syntax.tags import parse_tag_group

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def reference_marks(text: str, line_starts, leads) -> tuple[Mark, ...]:
    """The option, division and introduction marks of a block, stated plainly: both
    regexes tried at every line start (the product rules most lines out with one
    prefilter), each labelled line's rest read whole."""
    options, divisions = [], []
    for line, line_start in enumerate(line_starts):
        if line_start and text[line_start - 1] != "\n":
            continue  # `^` holds after `\n` only
        match = _MARK.match(text, line_start)
        if match is not None:
            option = _option_mark(text, line_starts, leads, line, match)
            if option is not None:
                options.append(option)
        match = _DIVISION_LINE.match(text, line_start)
        if match is not None and leads[line] is None:
            divisions.append(Mark("division", line, Span(match.start(), match.end()), match.group(0).strip(" \t*[:."), -1, None, False))
    found = options
    for line, lead in enumerate(leads):
        if lead is None or lead.kind != "label" or _SUB_LABEL.fullmatch(lead.text):
            continue
        end = line_starts[line + 1] - 1 if line + 1 < len(line_starts) else len(text)
        rest = text[lead.span.end : end].strip(" \t*")
        if rest.endswith(":") or (not rest.endswith((".", ";", ",")) and "[" not in rest and len(rest.split(None, 8)) <= 8):
            found.append(Mark("intro", line, lead.span, lead.text, -1, lead.text, False))
    found += divisions
    return tuple(sorted(found, key=lambda mark: mark.span.start))


def _lead(kind: str, value: str, start: int, behind_bracket: bool) -> Lead:
    """A lead token's Lead, stated plainly (the product reads it through a cache)."""
    if kind == "LABEL":
        stripped = value.lstrip(" \t*\ufeff")
        label = stripped.rstrip("*")
        offset = start + len(value) - len(stripped)
        return Lead("label", Span(offset, offset + len(label)), label, behind_bracket)
    stripped = value.lstrip(" \t\ufeff")
    offset = start + len(value) - len(stripped)
    return Lead("bullet" if kind == "BULLET" else "heading", Span(offset, offset + len(stripped)), stripped, behind_bracket)


def reference_block(text: str) -> BlockSyntax:
    """The block's syntax from lark's LALR parse tree of the grammar, walked plainly."""
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
        marks=reference_marks(text, line_starts, leads),
        heading=_reference_heading(text, line_starts, leads, bool(events or tag_groups)),
    )


def _open_ranks(events: list[tuple[int, str]]) -> tuple[int, ...]:
    ranks = []
    opened = 0
    for _, kind in events:
        ranks.append(opened)
        if kind == "[":
            opened += 1
    return tuple(ranks)




def _reference_heading(
    text: str, line_starts: list[int], leads: list[Lead | None], has_brackets: bool
) -> HeadingSyntax | None:
    """SPEC §2's heading rules stated plainly."""
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
