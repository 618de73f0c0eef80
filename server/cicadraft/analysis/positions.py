"""Every position in a draft, one per tag, placed in its paragraph: who holds what,
where, on which words. Pure Python, no LSP: ``cicadraft status``, the editor's
"Negotiation" view, code lenses and the positions-as-locations command all read it.

Rules (they extend :mod:`cicadraft.analysis.status`, whose counts they agree with):

* One :class:`Position` per tag, attached or floating, malformed or not, in document
  order; its ``sign`` is what the tag asks for (``+``, ``-`` or ``tcb``; a sign wins
  over ``tcb``, SPEC §4). Delegations are named by the first spelling the draft uses
  (``IRAN``) and compared by the registry's code (``IRN``), as the hover card and the
  ``cicadraft/status`` request count them.
* The *paragraphs* of a draft are its items (labelled or bulleted, SPEC §2), the plain
  paragraphs (a block, or the part of one before its first item, that holds no item)
  and the headings. A position belongs to the paragraph where its bracket opens (where
  the tag stands, for a floating tag), as the outline counts proposals.
* A paragraph is named as negotiators name it: its label (``1.10``, ``11altern.``);
  for a bullet, the preambular participle (the emphasised words, ``Recalling``, else
  the first word when it is capitalised, else the first words); for a plain paragraph,
  the title of the section it is in, else its first words; a heading by its title.
* A paragraph is *open* when any of its characters lies inside a proposal (a bracket
  that is not an editorial note, SPEC §3; an unclosed one runs to the end of the
  draft) or it holds a tag; otherwise it is agreed.
* A position's ``text`` is the first :data:`EXCERPT_WORDS` words inside its bracket,
  without the nested brackets' ``[ ]`` and tag groups, "…" when cut; for a floating tag,
  the last words before it.

Linear in the size of the draft (bisection per position), so it runs on 5 MB drafts.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from cicadraft.syntax import Draft, LineIndex, Span
from cicadraft.syntax.outline import paragraph_spans

from .status import Positions, canonical_code, count_positions

SignKind = Literal["+", "-", "tcb"]
ParagraphKind = Literal["item", "paragraph", "heading"]

EXCERPT_WORDS = 8
_NAME_WORDS = 5
_HEADING_NAME = 120  # characters, as the outline names sections
_WINDOW = 600  # characters read for an excerpt or a name: a paragraph may be one 1 MB line
_EMPHASIS = re.compile(r"\s*(\*\*|\*|__|_)(?P<words>[^*_\r\n]{1,80}?)\1")
_SPACE_BEFORE_PUNCTUATION = re.compile(r" ([,.;:)])")
_FIRST_WORD = re.compile(r"[^\W\d_][\w’'-]*")


class Position(NamedTuple):
    """One tag: a delegation's stand on a bracket (or, floating, on a paragraph). A
    named tuple: a 5 MB draft has tens of thousands, and a frozen dataclass is several
    times slower to build."""

    code: str  # as the draft first spells the delegation, upper case (IRAN)
    canonical: str  # the registry's code (IRN); the spelling itself when unknown
    name: str | None  # the registry's English name; None for an unknown code
    sign: SignKind
    item: str  # the paragraph's label, or its heading / preambular participle
    text: str  # the first words of the bracketed text, "…" when cut
    line: int  # 0-based line of the tag
    start: int  # the bracket's span (the tag's, when floating): code-point offsets
    end: int
    bracket: int | None = None  # index into Draft.brackets; None for a floating tag
    paragraph: int = -1  # index into the paragraphs of the same analysis
    tag_start: int = 0  # the tag itself (``+IRAN``), code-point offsets
    tag_end: int = 0

    def as_json(self) -> dict:
        """The position as plain data for a client, the line 0-based as LSP counts
        (``cicadraft status --format json`` writes it 1-based, as ``cicadraft check``)."""
        return {"item": self.item, "sign": self.sign, "text": self.text, "line": self.line}


@dataclass(slots=True)
class Paragraph:
    """An item, a plain paragraph or a heading, with the positions taken in it."""

    kind: ParagraphKind
    item: str  # its name, as in Position.item
    label: str | None  # the label as written, for a labelled item
    line: int  # 0-based line where it starts
    start: int
    end: int
    section: int | None  # innermost section containing it: index into Draft.sections
    label_span: Span | None = None  # where the label stands
    open: bool = False
    proposals: int = 0  # proposals whose `[` lies inside it
    positions: list[Position] = field(default_factory=list)

    def holders(self) -> dict[str, list[str]]:
        """Who holds what here: each delegation (as first spelled) with its signs, in
        the order of their first tag, each sign once (``{"IRAN": ["+"], "AZER": ["tcb"]}``)."""
        found: dict[str, list[str]] = {}
        for position in self.positions:
            signs = found.setdefault(position.code, [])
            if position.sign not in signs:
                signs.append(position.sign)
        return found


@dataclass(slots=True)
class DraftPositions:
    """A draft's positions and paragraphs, the two cross-referenced by index."""

    positions: list[Position]
    paragraphs: list[Paragraph]
    counted: dict[str, Positions]  # count_positions' answer, which positions agree with

    def by_item(self) -> list[Paragraph]:
        """The open paragraphs (headings aside), in document order."""
        return [p for p in self.paragraphs if p.open and p.kind != "heading"]

    def of(self, code: str, registry=None) -> list[Position]:
        """One delegation's positions, by any spelling the draft uses or its registry
        code; with the ``registry``, by any of its codes (``IRAN`` finds ``(+IRN)``)."""
        wanted = canonical_code(code, registry)
        entry = self.counted.get(wanted) or next(
            (e for e in self.counted.values() if wanted in e.spellings or e.code == wanted), None
        )
        if entry is None:
            return []
        return [p for p in self.positions if p.canonical == entry.canonical]


def tally(positions: list[Position]) -> dict[str, dict[str, int]]:
    """``{CODE: {"plus", "minus", "tcb"}}`` from a list of positions, delegations in the
    order of their first position: the same numbers as ``cicadraft/status``."""
    found: dict[str, dict[str, int]] = {}
    key = {"+": "plus", "-": "minus", "tcb": "tcb"}
    for position in positions:
        entry = found.setdefault(position.code, {"plus": 0, "minus": 0, "tcb": 0})
        entry[key[position.sign]] += 1
    return found


# --------------------------------------------------------------------------------------
# Where proposals lie


def proposal_spans(draft: Draft) -> list[Span]:
    """The text inside proposals (brackets that are not editorial notes), as sorted,
    disjoint spans from `[` to `]` inclusive; an unclosed bracket runs to the end."""
    length = len(draft.text)
    return merge_spans([b.span(length) for b in draft.brackets if not b.is_note], ordered=True)


def merge_spans(spans: list[Span], ordered: bool = False) -> list[Span]:
    """The text the spans cover, as sorted, disjoint spans; ``ordered`` when they are
    sorted by start already (brackets, in order of their `[`)."""
    merged: list[Span] = []
    for span in spans if ordered else sorted(spans, key=lambda s: s.start):
        if merged and span.start <= merged[-1].end:
            if span.end > merged[-1].end:
                merged[-1] = Span(merged[-1].start, span.end)
        else:
            merged.append(span)
    return merged


def overlaps(spans: list[Span], starts: list[int], start: int, end: int) -> bool:
    """Whether ``[start, end)`` meets any of the sorted, disjoint ``spans`` (``starts``
    are their starts)."""
    index = bisect_right(starts, end - 1) - 1  # the last span starting before `end`
    return index >= 0 and spans[index].end > start


# --------------------------------------------------------------------------------------
# Reading words


class _Words:
    """The words of a stretch of the draft as a negotiator reads them: without bracket
    marks, tag groups and emphasis, and at most :data:`_WINDOW` characters of it."""

    def __init__(self, draft: Draft):
        self.text = draft.text
        marks = [b.open for b in draft.brackets]
        marks += [b.close for b in draft.brackets if b.close is not None]
        marks += draft.stray_closes
        marks.sort()
        self.marks = marks
        self.groups = [(g.start, g.start + g.syntax.length) for g in draft.tag_groups]  # in document order
        self.group_starts = [g[0] for g in self.groups]

    def words(self, start: int, end: int, skip: Span | None = None, from_end: bool = False) -> tuple[list[str], bool]:
        """The words of ``[start, end)`` (of its last :data:`_WINDOW` characters when
        ``from_end``), and whether the window cut the stretch."""
        if from_end:
            lo, hi = max(start, end - _WINDOW), end
        else:
            lo, hi = start, min(end, start + _WINDOW)
        leave_out: list[tuple[int, int]] = []
        m = bisect_left(self.marks, lo)
        while m < len(self.marks) and self.marks[m] < hi:
            leave_out.append((self.marks[m], self.marks[m] + 1))
            m += 1
        g = max(0, bisect_right(self.group_starts, lo) - 1)
        while g < len(self.groups) and self.groups[g][0] < hi:
            if self.groups[g][1] > lo:
                leave_out.append(self.groups[g])
            g += 1
        if skip is not None and lo <= skip.start < hi:
            leave_out.append((skip.start, skip.end))
        leave_out.sort()
        text = self.text
        pieces: list[str] = []
        at = lo
        for a, z in leave_out:
            if a > at:
                pieces.append(text[at:a])
            at = max(at, z)
        if at < hi:
            pieces.append(text[at:hi])
        joined = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", " ".join(" ".join(pieces).replace("*", " ").split()))
        words = joined.split(" ") if joined else []
        return words, (lo > start if from_end else hi < end)

    def first(self, start: int, end: int, count: int, skip: Span | None = None) -> str:
        """The first ``count`` words, "…" when there are more."""
        words, cut = self.words(start, end, skip)
        while words and words[0] in (",", ";", ":", "."):
            words.pop(0)
        if words and words[0][:1] in ",;:":
            words[0] = words[0][1:]
        shown = " ".join(words[:count])
        if len(words) > count or (cut and words):
            return shown.rstrip(" ,;:") + "…"
        return shown

    def last(self, start: int, end: int, count: int) -> str:
        """The last ``count`` words, "…" before them when there are more."""
        words, cut = self.words(start, end, from_end=True)
        if len(words) > count or (cut and words):
            return "…" + " ".join(words[-count:])
        return " ".join(words)


# --------------------------------------------------------------------------------------
# Paragraphs


def _bullet_name(reader: _Words, start: int, end: int) -> str:
    """The participle of a preambular paragraph: ``- *Recalling* …`` → ``Recalling``."""
    text = reader.text
    emphasis = _EMPHASIS.match(text, start, min(end, start + _WINDOW))
    if emphasis:
        return " ".join(emphasis.group("words").split())
    word = _FIRST_WORD.search(text, start, min(end, start + 200))
    if word and word.group()[0].isupper() and text[start : word.start()].strip(" \t*_") == "":
        return word.group()
    return reader.first(start, end, _NAME_WORDS)


def _heading_name(reader: _Words, heading) -> str:
    """A heading's title, without brackets and tags, at most :data:`_HEADING_NAME`
    characters (a heading may be a whole pasted line)."""
    title = heading.title
    if "[" in title or "(" in title:
        words, _ = reader.words(heading.span.start, heading.span.end)
        title = " ".join(w for w in words if w.strip("#")) or title
    if len(title) > _HEADING_NAME:
        title = title[: _HEADING_NAME - 1].rstrip() + "…"
    return title


def _paragraphs(draft: Draft, lines: LineIndex, reader: _Words | None) -> list[Paragraph]:
    """The paragraphs in document order; unnamed (``item`` empty, but the label) without
    a ``reader``."""
    sections = draft.sections
    spans = proposal_spans(draft)
    span_starts = [s.start for s in spans]
    opens = [b.open for b in draft.brackets]
    proposal_prefix = [0]
    for bracket in draft.brackets:
        proposal_prefix.append(proposal_prefix[-1] + (0 if bracket.is_note else 1))
    section_names: dict[int, str] = {}
    found: list[Paragraph] = []
    next_section = 0
    open_sections: list[int] = []
    text = draft.text
    for kind, start, end, what in paragraph_spans(draft):
        if kind == "paragraph":  # its line break and blank lines are not its text
            end = start + len(text[start:end].rstrip())
        # The innermost section holding `start`: sections are in document order.
        while next_section < len(sections) and sections[next_section].span.start <= start:
            open_sections.append(next_section)
            next_section += 1
        while open_sections and not sections[open_sections[-1]].span.contains(start):
            open_sections.pop()
        section = open_sections[-1] if open_sections else None
        label = label_span = None
        if reader is None:
            name = ""
            if kind == "item" and what.label:
                label = what.label
                label_span = what.lead.span
        elif kind == "heading":
            name = _heading_name(reader, what) or reader.first(start, end, _NAME_WORDS)
        elif kind == "item" and what.label:
            name = label = what.label
            label_span = what.lead.span
        elif kind == "item":
            name = _bullet_name(reader, what.lead.span.end, end)
        elif section is not None:
            name = section_names.get(section)
            if name is None:
                name = section_names[section] = _heading_name(reader, sections[section].heading)
        else:
            name = reader.first(start, end, _NAME_WORDS)
        proposals = proposal_prefix[bisect_left(opens, end)] - proposal_prefix[bisect_left(opens, start)]
        found.append(
            Paragraph(
                kind=kind, item=name, label=label, line=lines.line_of(start), start=start, end=end, section=section,
                label_span=label_span, open=overlaps(spans, span_starts, start, end), proposals=proposals,
            )
        )
    return found


# --------------------------------------------------------------------------------------
# Positions


def collect(
    draft: Draft, registry, counted: dict[str, Positions] | None = None, lines: LineIndex | None = None, words: bool = True
) -> DraftPositions:
    """Every position and every paragraph of ``draft``. ``counted`` is
    :func:`~cicadraft.analysis.status.count_positions`' answer when the caller has it
    (the server caches it per version). Without ``words``, positions have no excerpt
    (``text`` empty) and paragraphs no name but their label: who holds what, and where,
    at half the cost (what code lenses show)."""
    counted = count_positions(draft, registry) if counted is None else counted
    lines = LineIndex(draft.text) if lines is None else lines
    text = draft.text
    length = len(text)
    reader = _Words(draft) if words else None
    paragraphs = _paragraphs(draft, lines, reader)
    paragraph_starts = [p.start for p in paragraphs]
    # The first spelling and the registry's name, per spelling (count_positions'
    # entries are keyed by canonical code and list every spelling).
    named: dict[str, tuple[str, str, str | None]] = {}
    for entry in counted.values():
        delegation = registry.lookup(entry.canonical) if registry is not None else None
        name = delegation.name("en") if delegation is not None else None
        for spelling in entry.spellings:
            named[spelling] = (entry.code, entry.canonical, name)
    excerpts: dict[int, str] = {}
    found: list[Position] = []
    for group in draft.tag_groups:
        index = group.bracket
        if index is not None:
            bracket = draft.brackets[index]
            anchor = bracket.open
            span = bracket.span(length)
        else:
            anchor = group.start
            span = group.span
        # A `[` or a tag is never blank, so it lies inside the last paragraph starting
        # at or before it.
        number = max(0, bisect_right(paragraph_starts, anchor) - 1)
        paragraph = paragraphs[number] if paragraphs else None
        if reader is None:
            excerpt = ""
        elif index is not None:
            excerpt = excerpts.get(index)
            if excerpt is None:
                label = paragraph.label_span if paragraph is not None else None
                inner = bracket.inner(length)
                excerpt = excerpts[index] = reader.first(inner.start, inner.end, EXCERPT_WORDS, label)
        else:
            after = 0
            if paragraph is not None:
                after = paragraph.label_span.end if paragraph.label_span is not None else paragraph.start
            excerpt = reader.last(min(after, group.start), group.start, EXCERPT_WORDS)
        base = group.start
        line = lines.line_of(base)  # a tag group never spans a line break
        item = paragraph.item if paragraph else ""
        where = number if paragraph else -1
        for tag in group.syntax.tags:  # relative spans: shifting each would cost more than the rest
            written = tag.code.upper()
            code, canonical, name = named.get(written) or (written, written, None)
            # (Positional: Position's fields in order; keywords cost twice as much here.)
            position = Position(
                code, canonical, name, tag.kind, item, excerpt, line, span.start, span.end, index, where,
                base + tag.span.start, base + tag.span.end,
            )
            found.append(position)
            if paragraph is not None:
                paragraph.positions.append(position)
                paragraph.open = True
    return DraftPositions(positions=found, paragraphs=paragraphs, counted=counted)


def positions(draft: Draft, registry, counted: dict[str, Positions] | None = None) -> list[Position]:
    """Every position in ``draft``, in document order."""
    return collect(draft, registry, counted).positions


__all__ = [
    "DraftPositions",
    "EXCERPT_WORDS",
    "merge_spans",
    "Paragraph",
    "Position",
    "collect",
    "overlaps",
    "positions",
    "proposal_spans",
    "tally",
]
