"""Items, headings and sections of a draft (SPEC §2), built from its blocks when a
feature first asks for them (see :class:`cicadraft.syntax.draft.Draft`).

Linear passes over the blocks: no recursion.
"""

from __future__ import annotations

import re
from typing import Literal

from .model import Block, Heading, Item, Section, Span
from .options import opens_option

_BLANK = re.compile(r"\s*")
UnitKind = Literal["heading", "item", "paragraph"]


def _line_end(text: str, block: Block, line: int) -> int:
    """Absolute offset of the end of a block's line, before its line break."""
    starts = block.syntax.line_starts
    if line + 1 < len(starts):
        end = block.span.start + starts[line + 1]
        end -= 2 if text[end - 2 : end] == "\r\n" else 1
        return end
    return block.span.end


def items_of(draft) -> list[Item]:
    """The items of a draft, in order (SPEC §2)."""
    return items_of_blocks(draft.text, draft.blocks)


def items_of_blocks(text: str, blocks: list[Block]) -> list[Item]:
    """The items of some of a draft's blocks, in order: an item lies within its block."""
    items: list[Item] = []
    for block in blocks:
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
            if opens_option(block.syntax):
                continue  # `Option 1` alone on its line marks an option, not a section
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


def paragraph_spans(draft) -> list[tuple[UnitKind, int, int, Heading | Item | None]]:
    """The draft cut into what negotiators call paragraphs, in document order and
    disjoint: ``(kind, start, end, what)`` for every heading, item and plain paragraph
    (a block, or the part of one before its first item or after its heading, that holds
    no item; it starts at its first non-blank character). ``what`` is the Heading or the
    Item, None for a plain paragraph."""
    text = draft.text
    headings = {h.span.start: h for h in draft.headings}
    items = draft.items
    next_item = 0
    found: list[tuple[UnitKind, int, int, Heading | Item | None]] = []

    def paragraph(start: int, end: int) -> None:
        start = _BLANK.match(text, start, end).end()
        if start < end:
            found.append(("paragraph", start, end, None))

    for block in draft.blocks:
        start, end = block.span.start, block.span.end
        heading = headings.get(start)
        if heading is not None:
            found.append(("heading", start, heading.span.end, heading))
            paragraph(heading.span.end, end)
            continue
        while next_item < len(items) and items[next_item].span.start < start:
            next_item += 1
        first = next_item
        while next_item < len(items) and items[next_item].span.start < end:
            next_item += 1
        if first == next_item:
            paragraph(start, end)
            continue
        paragraph(start, items[first].span.start)
        for item in items[first:next_item]:
            found.append(("item", item.span.start, item.span.end, item))
    return found
