"""The whole document: blocks placed at absolute offsets, brackets paired across
blocks (SPEC §3), tag groups attached (SPEC §4); items, headings and sections on first
use (:mod:`cicadraft.syntax.outline`). The parts it is made of are in
:mod:`cicadraft.syntax.model`; :mod:`cicadraft.syntax.assemble` builds it.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import count

from .model import Block, Bracket, Heading, Item, Section, Span, TagGroup
from .options import options_of
from .outline import headings_of, items_of, items_of_blocks, sections_of


# Numbers for Draft.structure: new ones never repeat in a process.
_structures = count(1)


def _block_start(block: Block) -> int:
    return block.span.start


class Draft:
    """A whole document.

    Items, headings and sections are worked out on first use: the features that run
    right after a keystroke (hover, code actions) mostly need only the brackets and tag
    groups, and on a big draft the items alone are thousands of objects."""

    __slots__ = ("text", "blocks", "brackets", "tag_groups", "stray_closes", "footnotes", "_items", "_headings", "_sections",
                 "_balanced", "_options", "structure")

    def __init__(
        self,
        text: str,
        blocks: list[Block],
        brackets: list[Bracket],  # in order of their `[`
        tag_groups: list[TagGroup],  # in document order
        stray_closes: list[int],  # offsets of `]` with nothing open
        footnotes: list[Span],
    ):
        self.text = text
        self.blocks = blocks
        self.brackets = brackets
        self.tag_groups = tag_groups
        self.stray_closes = stray_closes
        self.footnotes = footnotes
        self._items: list[Item] | None = None
        self._headings: list[Heading] | None = None
        self._sections: list[Section] | None = None
        self._balanced: bool | None = None
        self._options = None
        # Which bracket-and-tag structure this is: the same number as the previous
        # version's when an edit changed only text between tags (the brackets, their
        # nesting, roles and tags the same), a new one otherwise. What is worked out
        # from the structure alone (the delegations' counts, what "Accept all" would
        # override) is cached under it across keystrokes.
        self.structure = next(_structures)

    def __repr__(self) -> str:
        return f"Draft({len(self.text)} characters, {len(self.blocks)} blocks, {len(self.brackets)} brackets)"

    @property
    def items(self) -> list[Item]:
        """Every labelled or bulleted item, in order."""
        if self._items is None:
            self._items = items_of(self)
        return self._items

    def items_overlapping(self, lo: int, hi: int) -> list[Item]:
        """The items of the blocks that overlap ``[lo, hi)``, in order: an item lies in
        its block, so these hold every item whose label is in the window (a window of a
        big draft needs no items of the rest)."""
        if self._items is not None or (lo <= 0 and hi >= len(self.text)):
            return self.items
        blocks = self.blocks
        first = max(bisect_right(blocks, lo, key=_block_start) - 1, 0)
        window = []
        for block in blocks[first:]:
            if block.span.start >= hi:
                break
            if block.span.end >= lo:
                window.append(block)
        return items_of_blocks(self.text, window)

    @property
    def headings(self) -> list[Heading]:
        if self._headings is None:
            self._headings = headings_of(self.blocks)
        return self._headings

    @property
    def sections(self) -> list[Section]:
        if self._sections is None:
            self._sections = sections_of(self.headings, len(self.text))
        return self._sections

    @property
    def options(self):
        """The options (SPEC §9) as :class:`cicadraft.syntax.options.Option`, in order."""
        if self._options is None:
            self._options = options_of(self)
        return self._options[0]

    @property
    def option_groups(self) -> list[list[int]]:
        """Each set of options that are alternatives to one another (option indexes)."""
        self.options
        return self._options[1]

    @property
    def unclosed(self) -> list[Bracket]:
        return [b for b in self.brackets if b.close is None]

    @property
    def balanced(self) -> bool:
        # Asked once per bracket by the resolve engine: worked out once (a draft is not
        # changed once assembled).
        if self._balanced is None:
            self._balanced = not self.stray_closes and all(b.close is not None for b in self.brackets)
        return self._balanced

    def tags(self):
        """Every tag with its group, in document order."""
        for group in self.tag_groups:
            for tag in group.tags:
                yield group, tag

    def bracket_at(self, offset: int) -> Bracket | None:
        """The innermost bracket whose span contains ``offset``."""
        found = None
        length = len(self.text)
        for bracket in self.brackets:
            if bracket.open > offset:
                break
            if bracket.span(length).contains(offset):
                found = bracket
        return found

    def section_of(self, offset: int) -> Section | None:
        """The innermost section containing ``offset``."""
        found = None
        for section in self.sections:
            if section.span.start > offset:
                break
            if section.span.contains(offset):
                found = section
        return found
