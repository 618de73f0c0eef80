"""The whole-draft model of the next version, from the previous one and the blocks an
edit replaced.

Assembling a 1 MB draft from its parsed blocks takes tens of milliseconds (thousands of
brackets and tag groups), which a hover or a code action right after a keystroke cannot
afford. Most edits leave the pairing of brackets outside the blocks they replaced as it
was: the blocks before them are the same objects, the blocks after them the same parses
moved by the edit's length. :func:`reassemble` places the replaced blocks alone, with
the brackets that enclose them open, and moves what follows; when the replaced blocks
pair with the rest otherwise than before (a `[` typed that a `]` far away now closes),
it declines and the draft is assembled afresh.

The previous model is consumed: its brackets and tag groups after the edit are moved in
place and belong to the new model. The property tests compare the result with a fresh
assembly after random edits.
"""

from __future__ import annotations

from bisect import bisect_left

from .assemble import place
from .bracket_roles import classify
from .draft import Draft
from .model import Block, BlockSyntax, Bracket, Span, TagGroup

# Past this share of the blocks replaced, moving the rest saves little over assembling.
_MOST = 0.25


def _open(bracket: Bracket) -> int:
    return bracket.open


def _start(group: TagGroup) -> int:
    return group.start


def pairing(syntaxes: list[BlockSyntax]) -> tuple[int, int]:
    """How the blocks pair with the rest of the draft: how many brackets opened before
    them their `]` close, and how many of their `[` stay open after them."""
    depth = lowest = 0
    for syntax in syntaxes:
        if syntax.close_unmatched:
            depth -= len(syntax.close_unmatched)
            lowest = min(lowest, depth)
        depth += len(syntax.open_unmatched)
    return -lowest, depth - lowest


def reassemble(
    old: Draft,
    text: str,
    starts: list[int],
    ends: list[int],
    syntaxes: list[BlockSyntax],
    lead: int,
    trail: int,
    delta: int,
) -> Draft | None:
    """The draft of ``text`` (blocks ``starts``/``ends``/``syntaxes``), given that the
    first ``lead`` and the last ``trail`` blocks of ``old`` are still there (the last
    ones moved by ``delta`` characters) and the blocks between were replaced. None when
    the replaced blocks pair with the rest otherwise than the old ones did (a `[` typed
    that closes far away), or are most of the draft: then assemble."""
    old_blocks = old.blocks
    old_count, new_count = len(old_blocks), len(syntaxes)
    old_after, new_after = old_count - trail, new_count - trail
    if lead > old_after or lead > new_after:
        return None
    if (old_after - lead) + (new_after - lead) > _MOST * (old_count + new_count):
        return None
    closed_before, left_open = pairing([block.syntax for block in old_blocks[lead:old_after]])
    if pairing(syntaxes[lead:new_after]) != (closed_before, left_open):
        return None

    # Where the replaced blocks were, in the old text: what opens before `low` stays,
    # what opens from `high` on moves.
    beyond = len(old.text) + 1
    low = old_blocks[lead].span.start if lead < old_count else beyond
    high = old_blocks[old_after].span.start if trail else beyond
    old_brackets, old_groups = old.brackets, old.tag_groups
    first_bracket = bisect_left(old_brackets, low, key=_open)
    after_brackets = bisect_left(old_brackets, high, key=_open)
    first_group = bisect_left(old_groups, low, key=_start)
    after_groups = bisect_left(old_groups, high, key=_start)

    # The brackets open where the replaced blocks start (outermost first, as a stack):
    # the innermost bracket opened before them that is not closed before them, and its
    # ancestors. The last `closed_before` of them close among the replaced blocks.
    enclosing: list[Bracket] = []
    candidate = old_brackets[first_bracket - 1] if first_bracket else None
    while candidate is not None:
        if candidate.close is None or candidate.close >= low:
            enclosing.append(candidate)
        candidate = old_brackets[candidate.parent] if candidate.parent is not None else None
    enclosing.reverse()
    # The old blocks' brackets still open after them (outermost first): what follows
    # that they held (children, tags, their `]`) passes to the new blocks' ones.
    old_open = [b for b in old_brackets[first_bracket:after_brackets] if b.close is None or b.close >= high]
    if len(old_open) != left_open:  # pragma: no cover - pairing() says otherwise
        return None

    # What the old blocks held, told apart from offsets and text (see Draft.structure).
    structure_before = _structure(old_brackets[first_bracket:after_brackets], old_groups[first_group:after_groups],
                                  first_bracket, after_brackets, first_group, after_groups)
    roles_before = [bracket.role for bracket in enclosing]
    strays_before = sum(1 for offset in old.stray_closes if low <= offset < high)

    # Of the enclosing brackets, what lies among the replaced blocks is placed again.
    kept_children: list[list[int]] = []
    for bracket in enclosing:
        kept_children.append([child for child in bracket.children if child >= after_brackets])
        bracket.children = [child for child in bracket.children if child < first_bracket]
    staying = max(len(enclosing) - closed_before, 0)  # the enclosing brackets open after them
    for bracket in enclosing[staying:]:
        bracket.tag_groups = []  # they close among the replaced blocks, their tags with them

    blocks = [Block(Span(s, e), syntax) for s, e, syntax in zip(starts[lead:new_after], ends[lead:new_after], syntaxes[lead:new_after])]
    brackets: list[Bracket] = []
    groups: list[TagGroup] = []
    stray: list[int] = []
    footnotes: list[Span] = []
    stack = [bracket.index for bracket in enclosing]
    place(text, blocks, stack, brackets, groups, stray, footnotes, first_bracket, first_group, old_brackets)

    shift = len(brackets) - (after_brackets - first_bracket)
    group_shift = len(groups) - (after_groups - first_group)
    new_open = [brackets[index - first_bracket] for index in stack[len(stack) - left_open :]] if left_open else []
    # An old bracket among the replaced blocks that stayed open: its new counterpart.
    renamed = {old_bracket.index: new.index for old_bracket, new in zip(old_open, new_open)}
    for old_bracket, new in zip(old_open, new_open):
        new.close = old_bracket.close + delta if old_bracket.close is not None else None
        new.children.extend(child + shift for child in old_bracket.children if child >= after_brackets)
        new.tag_groups = [group + group_shift for group in old_bracket.tag_groups]
    for bracket, children in zip(enclosing[:staying], kept_children):
        bracket.children.extend(child + shift for child in children)
        if bracket.close is not None:
            bracket.close += delta
        if group_shift and bracket.tag_groups:  # its groups follow its `]`, after the edit
            bracket.tag_groups = [group + group_shift for group in bracket.tag_groups]
    for bracket in enclosing + new_open:
        bracket.role = classify(text, bracket.open, bracket.close, bool(bracket.tag_groups))

    following = old_brackets[after_brackets:]
    if delta or shift or group_shift or renamed:
        for bracket in following:
            bracket.open += delta
            if bracket.close is not None:
                bracket.close += delta
            parent = bracket.parent
            if parent is not None and parent >= first_bracket:
                bracket.parent = parent + shift if parent >= after_brackets else renamed[parent]
            if shift:
                bracket.index += shift
                if bracket.children:
                    bracket.children = [child + shift for child in bracket.children]
            if group_shift and bracket.tag_groups:
                bracket.tag_groups = [group + group_shift for group in bracket.tag_groups]
    following_groups = old_groups[after_groups:]
    if delta or shift or renamed:
        for group in following_groups:
            if delta:
                group.start += delta
                group._tags = None  # their absolute spans, worked out again on use
            attached = group.bracket
            if attached is not None and attached >= first_bracket:
                group.bracket = attached + shift if attached >= after_brackets else renamed[attached]

    same_structure = (
        len(stray) == strays_before
        and [bracket.role for bracket in enclosing] == roles_before
        and _structure(brackets, groups, first_bracket, first_bracket + len(brackets), first_group, first_group + len(groups))
        == structure_before
    )

    tail = [Block(Span(s, e), syntax) for s, e, syntax in zip(starts[new_after:], ends[new_after:], syntaxes[new_after:])]
    old_stray = old.stray_closes
    old_notes = old.footnotes
    draft = Draft(
        text=text,
        blocks=old_blocks[:lead] + blocks + tail,
        brackets=old_brackets[:first_bracket] + brackets + following,
        tag_groups=old_groups[:first_group] + groups + following_groups,
        stray_closes=[s for s in old_stray if s < low] + stray + [s + delta for s in old_stray if s >= high],
        footnotes=[f for f in old_notes if f.start < low] + footnotes + [f.shifted(delta) for f in old_notes if f.start >= high],
    )
    if same_structure:
        draft.structure = old.structure
    return draft


def _structure(brackets: list[Bracket], groups: list[TagGroup], first: int, after: int, first_group: int, after_group: int) -> tuple:
    """The brackets and tag groups of some blocks (numbered from ``first`` and
    ``first_group``; ``after`` and ``after_group`` end their numbers), told apart from
    where they stand: their nesting, roles and tags, with indexes relative to the
    blocks (and indexes of what lies before them as they are)."""

    def bracket_index(index: int | None):
        if index is None or index < first:
            return index
        return ("in", index - first) if index < after else ("after", index - after)

    def group_index(index: int):
        return ("in", index - first_group) if index < after_group else ("after", index - after_group)

    return (
        tuple(
            (b.depth, bracket_index(b.parent), b.close is None, b.role, tuple(group_index(g) for g in b.tag_groups))
            for b in brackets
        ),
        tuple((g.normalized, bracket_index(g.bracket)) for g in groups),
    )
