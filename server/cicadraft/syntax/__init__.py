"""The syntax layer: text in, draft model out. Pure Python; knows nothing of LSP."""

from __future__ import annotations

import gc

from .assemble import assemble
from .blocks import parse_block, split_blocks
from .model import Block, BlockSyntax, Bracket, Draft, Heading, Item, Lead, Section, Span, Tag, TagGroup
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
    # A big draft allocates tens of thousands of small objects and no cycles: the cyclic
    # collector would only pause the parse (measured: a third of the time on 1 MB).
    collecting = gc.isenabled()
    gc.disable()
    try:
        spans = split_blocks(text)
        syntaxes = [parse_block(text[span.start : span.end]) for span in spans]
        return assemble(text, spans, syntaxes)
    finally:
        if collecting:
            gc.enable()
