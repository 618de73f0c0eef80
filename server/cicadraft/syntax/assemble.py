"""From parsed blocks to a whole :class:`Draft`: bracket pairing across blocks (SPEC §3),
tag attachment (SPEC §4), items, headings and sections (SPEC §2).

Everything here is a linear pass over per-block results with explicit stacks: no
recursion, so 100,000 nested brackets are as safe as one.
"""

from __future__ import annotations

import re

from .model import Block, BlockSyntax, Bracket, Draft, Heading, Item, Section, Span, TagGroup

# Editorial notes are brackets, but not proposals (SPEC §3).
_NOTE = re.compile(r"[\s*]*(?:NOTE|Note:|Placeholder|(?i:agreed ad ref))")

_DIVISION = re.compile(
    r"(?:Chapter|Article|Part|Section|Глава|Статья|Раздел)\s+[0-9IVXLC]+\b"
    r"|(?:Annex|Приложение)\b"
)
_WORD = re.compile(r"\S*[^\W\d_]\S*")  # a run of non-space holding at least one letter
_CAPTION_END = tuple(".,;:")


def assemble(text: str, spans: list[Span], syntaxes: list[BlockSyntax]) -> Draft:
    blocks = [Block(span=span, syntax=syntax) for span, syntax in zip(spans, syntaxes)]
    brackets: list[Bracket] = []
    tag_groups: list[TagGroup] = []
    stray: list[int] = []
    footnotes: list[Span] = []
    items: list[Item] = []

    stack: list[int] = []  # indexes of open brackets
    for block in blocks:
        base = block.span.start
        syntax = block.syntax
        # Which bracket each `]` event of this block closed, for tag attachment.
        closed_by_event: dict[int, int] = {}
        for event_index, (rel, kind) in enumerate(syntax.events):
            offset = base + rel
            if kind == "[":
                index = len(brackets)
                parent = stack[-1] if stack else None
                brackets.append(Bracket(index=index, open=offset, close=None, depth=len(stack), parent=parent))
                if parent is not None:
                    brackets[parent].children.append(index)
                stack.append(index)
            elif stack:
                index = stack.pop()
                brackets[index].close = offset
                closed_by_event[event_index] = index
            else:
                stray.append(offset)
        for (rel, group), candidate in zip(syntax.tag_groups, syntax.attach_candidates):
            placed = TagGroup(group, base + rel)
            if candidate is not None and candidate in closed_by_event:
                placed.bracket = closed_by_event[candidate]
                brackets[placed.bracket].tag_groups.append(len(tag_groups))
            tag_groups.append(placed)
        footnotes.extend(span.shifted(base) for span in syntax.footnotes)
        block.items = _items(text, block)
        items.extend(block.items)

    for bracket in brackets:
        bracket.is_note = _NOTE.match(text, bracket.open + 1) is not None

    headings = _headings(text, blocks)
    sections = _sections(headings, len(text))
    return Draft(
        text=text,
        blocks=blocks,
        brackets=brackets,
        tag_groups=tag_groups,
        stray_closes=stray,
        footnotes=footnotes,
        headings=headings,
        sections=sections,
        items=items,
    )


def _line_end(text: str, block: Block, line: int) -> int:
    """Absolute offset of the end of a block's line, before its line break."""
    starts = block.syntax.line_starts
    if line + 1 < len(starts):
        end = block.span.start + starts[line + 1]
        end -= 2 if text[end - 2 : end] == "\r\n" else 1
        return end
    return block.span.end


def _items(text: str, block: Block) -> list[Item]:
    base = block.span.start
    starts = block.syntax.line_starts
    found: list[Item] = []
    for line, lead in enumerate(block.syntax.leads):
        if lead is None or lead.kind == "heading":
            continue
        if found:
            found[-1].span = Span(found[-1].span.start, _line_end(text, block, line - 1))
        found.append(Item(lead=lead.shifted(base), span=Span(base + starts[line], block.span.end)))
    return found


def _strip_emphasis(line: str) -> str:
    return line.strip().strip("*").strip()


def _is_title_line(line: str) -> bool:
    # All cased letters upper case (Latin, Cyrillic or any other cased script), and at
    # least one of them.
    return line.upper() == line and line.lower() != line


def _headings(text: str, blocks: list[Block]) -> list[Heading]:
    headings: list[Heading] = []
    for number, block in enumerate(blocks):
        syntax = block.syntax
        first = syntax.leads[0]
        one_line = len(syntax.line_starts) == 1
        if first is not None and first.kind == "heading":
            end = _line_end(text, block, 0)
            title = _strip_emphasis(text[first.span.end + block.span.start : end])
            heading = Heading(level=len(first.text), span=Span(block.span.start, end), title=title, kind="markdown")
        elif any(lead is not None for lead in syntax.leads):
            continue  # a labelled or bulleted block is not a heading
        else:
            lines = [
                _strip_emphasis(text[block.span.start + start : _line_end(text, block, i)])
                for i, start in enumerate(syntax.line_starts)
            ]
            joined = " ".join(lines)
            if all(_is_title_line(line) for line in lines) and len(_WORD.findall(joined)) >= 2:
                heading = Heading(level=1, span=Span(block.span.start, block.span.end), title=joined, kind="title")
            elif not one_line:
                continue
            elif _DIVISION.match(joined):
                heading = Heading(level=2, span=Span(block.span.start, block.span.end), title=joined, kind="division")
            elif (
                joined
                and not joined.endswith(_CAPTION_END)
                and len(joined.split()) <= 8
                and number + 1 < len(blocks)
                and (lead := blocks[number + 1].syntax.leads[0]) is not None
                and lead.kind == "label"
                and not syntax.events
                and not syntax.tag_groups
            ):
                heading = Heading(level=3, span=Span(block.span.start, block.span.end), title=joined, kind="caption")
            else:
                continue
        block.heading = heading
        headings.append(heading)
    return headings


def _sections(headings: list[Heading], length: int) -> list[Section]:
    sections: list[Section] = []
    open_sections: list[int] = []
    for heading in headings:
        while open_sections and sections[open_sections[-1]].heading.level >= heading.level:
            closing = sections[open_sections.pop()]
            closing.span = Span(closing.span.start, heading.span.start)
        parent = open_sections[-1] if open_sections else None
        sections.append(Section(heading=heading, span=Span(heading.span.start, length), parent=parent))
        open_sections.append(len(sections) - 1)
    return sections
