"""From parsed blocks to a whole :class:`Draft`: bracket pairing across blocks (SPEC §3),
tag attachment (SPEC §4). Items, headings and sections are built by
:mod:`cicadraft.syntax.outline` when a feature first asks.

Everything here is a linear pass over per-block results with explicit stacks: no
recursion, so 100,000 nested brackets are as safe as one. :func:`place` is the pass;
:mod:`cicadraft.syntax.reassemble` runs the same pass over the blocks an edit replaced.
"""

from __future__ import annotations

from .bracket_roles import classify
from .draft import Draft
from .model import Block, BlockSyntax, Bracket, Span, TagGroup


def assemble(text: str, spans: list[Span], syntaxes: list[BlockSyntax]) -> Draft:
    blocks = [Block(span=span, syntax=syntax) for span, syntax in zip(spans, syntaxes)]
    brackets: list[Bracket] = []
    tag_groups: list[TagGroup] = []
    stray: list[int] = []
    footnotes: list[Span] = []
    place(text, blocks, [], brackets, tag_groups, stray, footnotes)
    return Draft(
        text=text,
        blocks=blocks,
        brackets=brackets,
        tag_groups=tag_groups,
        stray_closes=stray,
        footnotes=footnotes,
    )


def place(
    text: str,
    blocks: list[Block],
    stack: list[int],
    brackets: list[Bracket],
    tag_groups: list[TagGroup],
    stray: list[int],
    footnotes: list[Span],
    first_bracket: int = 0,
    first_group: int = 0,
    outer: list[Bracket] | None = None,
) -> None:
    """Pair the brackets of ``blocks`` and attach their tag groups, appending to
    ``brackets``, ``tag_groups``, ``stray`` and ``footnotes``.

    ``stack`` holds the indexes of the brackets open before the first block (outermost
    first; popped and pushed as the blocks go). The brackets placed are numbered from
    ``first_bracket`` and the groups from ``first_group``; an index below
    ``first_bracket`` on the stack is a bracket of ``outer`` (the whole draft's list)."""
    stack_base = first_bracket

    def bracket_of(index: int) -> Bracket:
        return brackets[index - stack_base] if index >= stack_base else outer[index]  # type: ignore[index]

    for block in blocks:
        syntax = block.syntax
        base = block.span.start
        if syntax.events:
            # Which bracket each `]` event of this block closed, for tag attachment.
            closed_by_event: dict[int, int] = {}
            for event_index, (rel, kind) in enumerate(syntax.events):
                offset = base + rel
                if kind == "[":
                    index = first_bracket + len(brackets)
                    parent = stack[-1] if stack else None
                    bracket = Bracket(index, offset, None, len(stack), parent, [], [])
                    brackets.append(bracket)
                    if parent is not None:
                        bracket_of(parent).children.append(index)
                    stack.append(index)
                elif stack:
                    index = stack.pop()
                    bracket_of(index).close = offset
                    closed_by_event[event_index] = index
                else:
                    stray.append(offset)
            for (rel, group), candidate in zip(syntax.tag_groups, syntax.attach_candidates):
                placed = TagGroup(group, base + rel)
                if candidate is not None and candidate in closed_by_event:
                    placed.bracket = closed_by_event[candidate]
                    bracket_of(placed.bracket).tag_groups.append(first_group + len(tag_groups))
                tag_groups.append(placed)
        elif syntax.tag_groups:  # floating groups: no bracket in the block to attach to
            tag_groups.extend(TagGroup(group, base + rel) for rel, group in syntax.tag_groups)
        if syntax.footnotes:
            footnotes.extend(span.shifted(base) for span in syntax.footnotes)

    # Notes, references, placeholders and ellipses are brackets, but not proposals
    # (SPEC §3, §9); whether tags follow matters, so this comes after attachment.
    for bracket in brackets:
        bracket.role = classify(text, bracket.open, bracket.close, bool(bracket.tag_groups))
