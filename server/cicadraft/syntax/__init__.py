"""The syntax layer: text in, draft model out. Pure Python; knows nothing of LSP."""

from __future__ import annotations

from .incremental import DraftState
from .blocks import parse_block, split_blocks
from .draft import Draft
from .model import Block, BlockSyntax, Bracket, Heading, Item, Lead, Section, Span, Tag, TagGroup
from .text import LineIndex

__all__ = [
    "Block",
    "BlockSyntax",
    "Bracket",
    "Draft",
    "Heading",
    "Item",
    "Lead",
    "LineIndex",
    "Section",
    "Span",
    "Tag",
    "TagGroup",
    "parse",
    "parse_block",
    "split_blocks",
]


def parse(text: str) -> Draft:
    """Parse a whole document. Never raises on any string."""
    return DraftState(text).draft
