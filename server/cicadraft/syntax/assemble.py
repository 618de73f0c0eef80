"""From parsed blocks to a whole :class:`Draft`: bracket pairing across blocks (SPEC §3),
tag attachment (SPEC §4); and, when a feature first asks, items, headings and sections
(SPEC §2).

Everything here is a linear pass over per-block results with explicit stacks: no
recursion, so 100,000 nested brackets are as safe as one.
"""

from __future__ import annotations

import re

from .model import Block, BlockSyntax, Bracket, Draft, Heading, Item, Section, Span, TagGroup

# Editorial notes are brackets, but not proposals (SPEC §3).
_NOTE = re.compile(r"[\s*]*(?:NOTE\b|Note:|Placeholder\b|(?i:agreed ad ref\b))")


def assemble(text: str, spans: list[Span], syntaxes: list[BlockSyntax]) -> Draft:
    blocks = [Block(span=span, syntax=syntax) for span, syntax in zip(spans, syntaxes)]
    brackets: list[Bracket] = []
    tag_groups: list[TagGroup] = []
    stray: list[int] = []
    footnotes: list[Span] = []

    stack: list[int] = []  # indexes of open brackets
    note = _NOTE.match
    for block in blocks:
        syntax = block.syntax
        base = block.span.start
        if syntax.events:
            # Which bracket each `]` event of this block closed, for tag attachment.
            closed_by_event: dict[int, int] = {}
            for event_index, (rel, kind) in enumerate(syntax.events):
                offset = base + rel
                if kind == "[":
                    index = len(brackets)
                    parent = stack[-1] if stack else None
                    bracket = Bracket(index, offset, None, len(stack), parent, [], [], note(text, offset + 1) is not None)
                    brackets.append(bracket)
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
        elif syntax.tag_groups:  # floating groups: no bracket in the block to attach to
            tag_groups.extend(TagGroup(group, base + rel) for rel, group in syntax.tag_groups)
        if syntax.footnotes:
            footnotes.extend(span.shifted(base) for span in syntax.footnotes)

    return Draft(
        text=text,
        blocks=blocks,
        brackets=brackets,
        tag_groups=tag_groups,
        stray_closes=stray,
        footnotes=footnotes,
    )


def _line_end(text: str, block: Block, line: int) -> int:
    """Absolute offset of the end of a block's line, before its line break."""
    starts = block.syntax.line_starts
    if line + 1 < len(starts):
        end = block.span.start + starts[line + 1]
        end -= 2 if text[end - 2 : end] == "\r\n" else 1
        return end
    return block.span.end


def items_of(draft: Draft) -> list[Item]:
    """The items of a draft, in order (SPEC §2)."""
    text = draft.text
    items: list[Item] = []
    for block in draft.blocks:
        if any(block.syntax.leads):  # a Lead is a non-empty tuple: true
            items.extend(_items(text, block))
    return items


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


def headings_of(blocks: list[Block]) -> list[Heading]:
    headings: list[Heading] = []
    for number, block in enumerate(blocks):
        candidate = block.syntax.heading
        if candidate is None:
            continue
        if candidate.kind == "caption":
            following = blocks[number + 1].syntax.leads[0] if number + 1 < len(blocks) else None
            if following is None or following.kind != "label":
                continue
        start = block.span.start
        heading = Heading(candidate.level, Span(start, start + candidate.end), candidate.title, candidate.kind)  # type: ignore[arg-type]
        headings.append(heading)
    return headings


def sections_of(headings: list[Heading], length: int) -> list[Section]:
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
