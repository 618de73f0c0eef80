"""The shape of a draft: folding regions and the outline (titles, sections, items).

Pure Python over the draft model; the language server turns these into LSP folding
ranges and document symbols (:mod:`cicadraft.lsp.folding`, :mod:`cicadraft.lsp.symbols`).
Everything here is linear in the size of the draft (one bisect per element at most), so
it is safe on drafts of several megabytes.

Folding regions, by line (LSP clients with ``lineFoldingOnly`` fold whole lines; the
start line stays visible):

* a *section* (SPEC §2): from its heading's first line to the last non-blank line before
  the next heading of the same or a higher level;
* an *item* or a *block* that runs over several lines;
* a *bracket* whose ``[`` and ``]`` are on different lines (an unclosed bracket is not
  folded: it has no end, and the diagnostics already point at it).

Two regions with the same first and last line are one region: the larger kind wins
(section, then item, then bracket, then block).

The outline: level-1 headings (titles) hold the sections below them (levels 2 and 3, or
the Markdown levels), which hold the options (SPEC §9: ``Option 1``, nested ``OPTION I``
› ``Option A``) and labelled items inside them; an option holds its nested options and
items. Each node counts its
*open proposals*: the brackets whose ``[`` lies inside the node and that are
proposals (not notes, references, placeholders or ellipses: SPEC §3, §9). A bracket that spans several items counts for the item where
it opens.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Literal

from cicadraft.syntax import Draft, LineIndex, Span

from . import messages
from .attribution import first_attribution

FoldKind = Literal["section", "option", "item", "bracket", "block"]

# Which region survives when two have the same lines.
FOLD_RANK: dict[str, int] = {"section": 0, "option": 1, "item": 2, "bracket": 3, "block": 4}


@dataclass(frozen=True, slots=True)
class FoldingRegion:
    start_line: int
    end_line: int
    kind: FoldKind
    # What an editor may show instead of the folded lines (LSP ``collapsedText``).
    collapsed_text: str | None = None


def _block_starts(draft: Draft) -> list[int]:
    return [block.span.start for block in draft.blocks]


def folding_regions(draft: Draft, lines: LineIndex) -> list[FoldingRegion]:
    """Every folding region of ``draft``, sorted by first line, the larger region first
    when two start on the same line; no two regions share both lines."""
    text_length = len(draft.text)
    found: dict[tuple[int, int], FoldingRegion] = {}

    def add(start: int, end: int, kind: FoldKind, collapsed: str | None = None) -> None:
        if end <= start:
            return
        key = (start, end)
        old = found.get(key)
        if old is None or FOLD_RANK[kind] < FOLD_RANK[old.kind]:
            found[key] = FoldingRegion(start, end, kind, collapsed)

    line_of = lines.line_of
    block_starts = _block_starts(draft)
    blocks = draft.blocks
    for section in draft.sections:
        end = _trimmed_end(blocks, block_starts, section.span)
        add(line_of(section.span.start), line_of(end), "section", section.heading.title or None)
    for option in draft.options:
        add(line_of(option.span.start), line_of(option.span.end), "option", f"{option.label} …")
    for item in draft.items:
        collapsed = f"{item.lead.text} …" if item.lead.kind == "label" else None
        add(line_of(item.span.start), line_of(item.span.end), "item", collapsed)
    for bracket in draft.brackets:
        if bracket.close is not None:
            add(line_of(bracket.open), line_of(bracket.close), "bracket")
    for block in blocks:
        add(line_of(block.span.start), line_of(min(block.span.end, text_length)), "block")
    return sorted(found.values(), key=lambda r: (r.start_line, -r.end_line))


def _trimmed_end(blocks, block_starts: list[int], span: Span) -> int:
    index = bisect_left(block_starts, span.end) - 1
    if index < 0 or blocks[index].span.start < span.start:
        return span.start
    return min(blocks[index].span.end, span.end)


# --------------------------------------------------------------------------------------
# The outline

NodeKind = Literal["title", "section", "option", "item"]


@dataclass(slots=True)
class OutlineNode:
    kind: NodeKind
    name: str
    span: Span  # the whole node: a section trimmed of trailing blank lines, an item
    selection: Span  # the heading, or the item's label
    open_proposals: int
    level: int  # the heading level; for an item, one more than its section's
    children: list[OutlineNode] = field(default_factory=list)
    # Attribution written as prose at the start of an item or option (SPEC §9):
    # `Led by Singapore`, `CAN, UK delete`.
    attribution: str | None = None


class _ProposalCounter:
    """Counts the open proposals whose ``[`` lies in a span, in O(log n) per span."""

    def __init__(self, draft: Draft):
        self.opens: list[int] = []
        self.prefix: list[int] = [0]
        total = 0
        for bracket in draft.brackets:  # in order of their `[`
            self.opens.append(bracket.open)
            if bracket.is_proposal:
                total += 1
            self.prefix.append(total)

    def count(self, span: Span) -> int:
        first = bisect_left(self.opens, span.start)
        last = bisect_left(self.opens, span.end)
        return self.prefix[last] - self.prefix[first]


MAX_NAME = 120


def _name(text: str, fallback: str) -> str:
    name = " ".join(text.split())
    if len(name) > MAX_NAME:
        name = name[: MAX_NAME - 1].rstrip() + "…"
    return name or fallback


_EXCERPT = 60


def _item_name(text: str, label: str, after: int) -> str:
    """The label and the first words of the item, so that "go to symbol" finds a
    paragraph by its words: ``1.10 A Member State intending to assume the role…``."""
    window = text[after : after + 4 * _EXCERPT]
    for brk in ("\r", "\n"):
        cut = window.find(brk)
        if cut >= 0:
            window = window[:cut]
    words = " ".join(window.replace("*", " ").split())
    if len(words) > _EXCERPT:
        words = words[:_EXCERPT].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    return f"{label} {words}" if words else label


def outline(draft: Draft) -> list[OutlineNode]:
    """The outline of ``draft``: a forest in document order."""
    counter = _ProposalCounter(draft)
    blocks = draft.blocks
    block_starts = _block_starts(draft)
    text = draft.text

    roots: list[OutlineNode] = []
    section_nodes: list[OutlineNode] = []
    for section in draft.sections:
        heading = section.heading
        span = Span(section.span.start, max(_trimmed_end(blocks, block_starts, section.span), heading.span.end))
        raw = text[heading.span.start : heading.span.end].strip()
        node = OutlineNode(
            kind="title" if heading.level == 1 else "section",
            name=_name(heading.title, raw or "#"),
            span=span,
            selection=heading.span,
            open_proposals=counter.count(span),
            level=heading.level,
        )
        section_nodes.append(node)
        if section.parent is None:
            roots.append(node)
        else:
            section_nodes[section.parent].children.append(node)

    # Options (SPEC §9) and items go into the innermost option, else the innermost
    # section, that contains them: sweep them with the sections (all are in document
    # order), keeping the stacks of open sections and open options.
    sections = draft.sections
    options = draft.options
    option_nodes: list[OutlineNode] = []
    entries = [(option.span.start, 0, number) for number, option in enumerate(options)]
    entries += [(item.span.start, 1, number) for number, item in enumerate(draft.items)]
    entries.sort()
    option_starts = [option.span.start for option in options]
    next_section = 0
    open_sections: list[int] = []
    open_options: list[int] = []
    for offset, is_item, number in entries:
        while next_section < len(sections) and sections[next_section].span.start <= offset:
            open_sections.append(next_section)
            next_section += 1
        while open_sections and not sections[open_sections[-1]].span.contains(offset):
            open_sections.pop()
        while open_options and not options[open_options[-1]].span.contains(offset):
            open_options.pop()
        section = section_nodes[open_sections[-1]] if open_sections else None
        parent = option_nodes[open_options[-1]] if open_options else section
        if is_item:
            item = draft.items[number]
            label = item.label
            if label is None:
                continue
            node = OutlineNode(
                kind="item",
                name=_item_name(text, label, item.lead.span.end),
                span=item.span,
                selection=item.lead.span,
                open_proposals=counter.count(item.span),
                level=(parent.level + 1) if parent else 1,
                attribution=_attribution(text, _before_options(item.span, option_starts)),
            )
        else:
            option = options[number]
            node = OutlineNode(
                kind="option",
                name=_item_name(text, option.label, option.marker.end),
                span=option.span,
                selection=option.marker,
                open_proposals=counter.count(option.span),
                level=(parent.level + 1) if parent else 1,
                attribution=_attribution(text, _first_line(text, option.body)),
            )
            option_nodes.append(node)
            open_options.append(number)
        if parent is not None and parent.span.start <= node.span.start and node.span.end <= parent.span.end:
            parent.children.append(node)
        elif parent is not None and parent.kind == "option" and parent.span.start <= node.span.start < parent.span.end:
            parent.children.append(node)  # an item running past its option's end
        elif section is not None and section.span.start <= node.span.start and node.span.end <= section.span.end:
            section.children.append(node)
        else:
            roots.append(node)
    # Sections receive their items after their subsections: restore document order.
    for node in section_nodes:
        if len(node.children) > 1:
            node.children.sort(key=lambda child: child.span.start)
    roots.sort(key=lambda node: node.span.start)
    return roots


def _before_options(span: Span, option_starts: list[int]) -> Span:
    """An item's text up to the first option that starts inside it (an item runs to the
    next label, over the option markers between)."""
    number = bisect_left(option_starts, span.start + 1)
    if number < len(option_starts) and option_starts[number] < span.end:
        return Span(span.start, option_starts[number])
    return span


def _first_line(text: str, span: Span) -> Span:
    """The first non-blank line of ``span``: an option's own words, not its items'."""
    start = span.start
    while start < span.end and text[start] in " \t\r\n":
        start += 1
    ends = [cut for cut in (text.find("\n", start, span.end), text.find("\r", start, span.end)) if cut >= 0]
    return Span(start, min(ends) if ends else span.end)


def _attribution(text: str, span: Span) -> str | None:
    found = first_attribution(text, span)
    return found.describe() if found is not None else None


def walk(nodes: list[OutlineNode], parent: OutlineNode | None = None):
    """Every node with its parent, depth first, in document order."""
    stack = [(node, parent) for node in reversed(nodes)]
    while stack:
        node, up = stack.pop()
        yield node, up
        stack.extend((child, node) for child in reversed(node.children))


# --------------------------------------------------------------------------------------
# Words

messages.extend(
    {
        "structure.proposals.one": {"en": "{count} open proposal", "ru": "{count} открытое предложение"},
        "structure.proposals.few": {"en": "{count} open proposals", "ru": "{count} открытых предложения"},
        "structure.proposals.many": {"en": "{count} open proposals", "ru": "{count} открытых предложений"},
    }
)


def _plural(count: int, locale: str) -> str:
    if messages.normalize_locale(locale) == "ru":
        if count % 10 == 1 and count % 100 != 11:
            return "one"
        if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
            return "few"
        return "many"
    return "one" if count == 1 else "many"


def proposals_text(count: int, locale: str = "en") -> str:
    """``3 open proposals`` / ``3 открытых предложения``; empty for none."""
    if count <= 0:
        return ""
    return messages.text(f"structure.proposals.{_plural(count, locale)}", locale, count=count)
