"""The draft model: what a `.cicadraft` text is made of, with exact spans.

Every span is a half-open range ``[start, end)`` of code-point offsets into the
document's Python string. Conversion to lines and columns (code points for the CLI,
UTF-16 or UTF-8 for LSP) lives in :mod:`cicadraft.syntax.text`.

Two levels:

* :class:`BlockSyntax` is what parsing one block yields, with offsets relative to the
  block's start. It depends on the block's text alone, so it can be cached by text and
  reused when an edit elsewhere moves the block (incremental analysis).
* :class:`Draft` is the whole document: blocks placed at absolute offsets, brackets paired
  across blocks (SPEC §3), tag groups attached (SPEC §4), headings, sections and items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

Sign = Literal["+", "-"]


class Span:
    """A half-open range of code-point offsets. Immutable by convention; a plain slotted
    class because a 1 MB draft creates tens of thousands of them."""

    __slots__ = ("start", "end")

    def __init__(self, start: int, end: int):
        self.start = start
        self.end = end

    def __repr__(self) -> str:
        return f"Span({self.start}, {self.end})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Span) and self.start == other.start and self.end == other.end

    def __lt__(self, other: Span) -> bool:
        return (self.start, self.end) < (other.start, other.end)

    def __hash__(self) -> int:
        return hash((self.start, self.end))

    def __len__(self) -> int:
        return self.end - self.start

    def shifted(self, delta: int) -> Span:
        return Span(self.start + delta, self.end + delta)

    def contains(self, offset: int) -> bool:
        return self.start <= offset < self.end


# --------------------------------------------------------------------------------------
# Tags (SPEC §4)


class Tag(NamedTuple):
    """One position: ``+CODE``, ``-CODE`` or ``CODE tcb``.

    ``code`` is as written; ``normalized`` is the canonical spelling of the whole tag
    (``+IRAN``, ``AZER tcb``). ``problems`` lists why the tag is malformed, empty when it
    is well formed.
    """

    span: Span
    code_span: Span
    sign: Sign | None
    code: str
    tcb: bool
    problems: tuple[str, ...] = ()

    @property
    def normalized(self) -> str:
        code = self.code.upper()
        if self.sign and self.tcb:
            return f"{self.sign}{code} tcb"
        if self.sign:
            return f"{self.sign}{code}"
        return f"{code} tcb"

    @property
    def malformed(self) -> bool:
        return bool(self.problems)

    @property
    def kind(self) -> Literal["+", "-", "tcb"]:
        """What the tag asks for when a bracket is resolved: a sign wins over tcb."""
        return self.sign if self.sign else "tcb"

    def shifted(self, delta: int) -> Tag:
        return Tag(self.span.shifted(delta), self.code_span.shifted(delta), self.sign, self.code, self.tcb, self.problems)


class GroupSyntax(NamedTuple):
    """A tag group as parsed, offsets relative to its `(`. Shared by every group with the
    same text (``(+IRAN)`` is parsed once per process)."""

    length: int
    tags: tuple[Tag, ...]
    separator_problems: tuple[str, ...]
    text: str = ""  # as written


class TagGroup:
    """A parenthesis of tags placed in a document, e.g. ``(+IND, +PAK)``.

    ``bracket`` is the index into :attr:`Draft.brackets` of the bracket it attaches to,
    or None for a floating group. Absolute tag spans are computed on first use.
    """

    __slots__ = ("syntax", "start", "bracket", "_tags")

    def __init__(self, syntax: GroupSyntax, start: int, bracket: int | None = None):
        self.syntax = syntax
        self.start = start
        self.bracket = bracket
        self._tags: tuple[Tag, ...] | None = None

    def __repr__(self) -> str:
        return f"TagGroup({self.normalized!r} at {self.start}, bracket={self.bracket})"

    @property
    def span(self) -> Span:
        return Span(self.start, self.start + self.syntax.length)

    @property
    def tags(self) -> tuple[Tag, ...]:
        if self._tags is None:
            self._tags = tuple(tag.shifted(self.start) for tag in self.syntax.tags)
        return self._tags

    @property
    def separator_problems(self) -> tuple[str, ...]:
        return self.syntax.separator_problems

    @property
    def malformed(self) -> bool:
        return bool(self.syntax.separator_problems) or any(t.problems for t in self.syntax.tags)

    @property
    def normalized(self) -> str:
        return "(" + ", ".join(t.normalized for t in self.syntax.tags) + ")"


# --------------------------------------------------------------------------------------
# Lines, items and headings (SPEC §2)

LeadKind = Literal["label", "bullet", "heading"]


class Lead(NamedTuple):
    """What opens a line: a paragraph label, a bullet or a Markdown heading mark.

    ``span`` covers the label itself (``11altern.``) without indentation, emphasis or
    the `[` before it; ``text`` is that label.
    """

    kind: LeadKind
    span: Span
    text: str
    behind_bracket: bool = False

    def shifted(self, delta: int) -> Lead:
        return Lead(self.kind, self.span.shifted(delta), self.text, self.behind_bracket)


@dataclass(slots=True)
class Item:
    """A labelled or bulleted item: from its lead's line to the next lead or block end."""

    lead: Lead
    span: Span

    @property
    def label(self) -> str | None:
        return self.lead.text if self.lead.kind == "label" else None


class HeadingSyntax(NamedTuple):
    """A block that reads as a heading, offsets relative to the block. A ``caption``
    is a heading only when the next block starts with a labelled item (SPEC §2 rule 4),
    which the block alone cannot tell."""

    level: int
    kind: str
    title: str
    end: int


@dataclass(slots=True)
class Heading:
    level: int
    span: Span  # the heading's text, emphasis and `#` marks included
    title: str  # the words, with emphasis and `#` stripped, lines joined by a space
    kind: Literal["markdown", "title", "division", "caption"]


@dataclass(slots=True)
class Section:
    heading: Heading
    span: Span  # from the heading to the next heading of the same or a higher level
    parent: int | None = None  # index into Draft.sections


# --------------------------------------------------------------------------------------
# One block, as parsed on its own


@dataclass(slots=True)
class BlockSyntax:
    """The parse of one block's text, offsets relative to the block start.

    ``events`` are the bracket tokens in order: ``(offset, "[")`` or ``(offset, "]")``.
    ``tag_groups`` are ``(offset, GroupSyntax)``; ``attach_candidates[i]`` is the index
    in ``events`` of the `]` that group ``i`` may attach to (only whitespace,
    ``. , ; :`` and other tag groups stand between), or None.

    Pairing inside the block is precomputed, because most brackets open and close in
    one paragraph: ``local_pairs`` maps an open event to its close event, and
    ``open_unmatched`` / ``close_unmatched`` list the events that pair (or fail to pair)
    with other blocks. The whole document's pairing then only walks those.
    """

    length: int
    line_starts: tuple[int, ...]
    leads: tuple[Lead | None, ...]  # per line
    events: tuple[tuple[int, str], ...]
    tag_groups: tuple[tuple[int, GroupSyntax], ...]
    attach_candidates: tuple[int | None, ...]
    footnotes: tuple[Span, ...]
    local_pairs: dict[int, int]
    open_unmatched: tuple[int, ...]
    close_unmatched: tuple[int, ...]
    open_ranks: tuple[int, ...] = ()  # per event: how many `[` precede it in the block
    open_count: int = 0  # how many `[` the block holds
    labels: tuple[tuple[Lead, str], ...] = ()  # each paragraph label with its normalised form
    empty_pairs: tuple[int, ...] = ()  # open events of local pairs holding only spaces
    marks: tuple = ()  # option markers and article lines inside the block (syntax.options.Mark)
    heading: HeadingSyntax | None = None
    parse_error: str | None = None
    group_count: int = 0
    # The analysis layer's findings for this block, with the key of the analyzer that
    # computed them (a block's parse is shared by every draft holding its text).
    findings: tuple | None = field(default=None, compare=False, repr=False)


@dataclass(slots=True)
class Block:
    span: Span
    syntax: BlockSyntax


# --------------------------------------------------------------------------------------
# Brackets (SPEC §3)


@dataclass(slots=True)
class Bracket:
    """A `[` and its matching `]` (None when unclosed).

    ``span`` runs from the `[` to just after the `]` (to the end of the document when
    unclosed). ``inner`` is the text between them.
    """

    index: int
    open: int
    close: int | None
    depth: int  # 0 for an outermost bracket
    parent: int | None
    children: list[int] = field(default_factory=list)
    tag_groups: list[int] = field(default_factory=list)  # indexes into Draft.tag_groups
    # What the bracket is for (syntax.bracket_roles): "proposal", or "note",
    # "reference", "placeholder", "ellipsis", which are not contested text.
    role: str = "proposal"

    def span(self, doc_length: int) -> Span:
        return Span(self.open, self.close + 1 if self.close is not None else doc_length)

    def inner(self, doc_length: int) -> Span:
        return Span(self.open + 1, self.close if self.close is not None else doc_length)

    @property
    def closed(self) -> bool:
        return self.close is not None

    @property
    def is_proposal(self) -> bool:
        """Contested text: counted as open business, offered for accept and reject."""
        return self.role == "proposal"

    @property
    def is_note(self) -> bool:
        """An editorial note or a cross-reference (`[NOTE …]`, `[Merge with II.8]`): not
        a proposal, and it goes when the text is cleaned."""
        return self.role == "note" or self.role == "reference"

    @property
    def is_placeholder(self) -> bool:
        """A value still to be filled in (`[X]`, `[insert number]`) or an ellipsis
        (`[…]`): not a proposal, and no decision on the draft touches it."""
        return self.role == "placeholder" or self.role == "ellipsis"
