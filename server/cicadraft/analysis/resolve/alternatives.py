"""Alternatives (SPEC §7): alternative items (`11.` / `11altern.`, `OP6` / `OP6alt`,
`Alt1`) and inline alternatives (`[a] (+X) [b] (+Y)`, or the children of a bracket that
holds nothing else). Choosing one keeps it and drops the others."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Literal

from cicadraft.syntax import Draft, Item, Span
from cicadraft.syntax.outline import items_of_blocks
from cicadraft.syntax.labels import alternative_base, normalize_label

from .edits import Cut, Outcome, finish, refused
from .structure import InlineSets, keep_cuts, region_end, unbalanced

# The `alt` suffix of `11altern.`, `11 alt.`, `OP6alt`, `1.1alt2`.
_ALT_SUFFIX = re.compile(r"[ .]?(?:altern|alt)\.?\d*\.?$", re.IGNORECASE)
# `Alt1`, `Alt 2`, `Alt.3`: an alternative to the item before it.
_ALT_NUMBERED = re.compile(r"[Aa]lt\.?[ ]?\d{1,3}\.?")
_AFTER_ITEM = " \t.,;:"


@dataclass(frozen=True)
class Alternative:
    """One alternative of a set. ``span`` is the item, or the bracket with its tags;
    ``label`` the item's label or the bracket's text (shortened); ``index`` an index
    into ``draft.items`` or ``draft.brackets``; ``position`` its place in the set."""

    kind: Literal["item", "inline", "option"]
    span: Span
    label: str
    index: int
    position: int


@dataclass(frozen=True)
class _ItemSet:
    items: tuple[int, ...]  # indexes into draft.items, the base first when there is one
    base_label: str


def _item_sets(draft: Draft) -> list[_ItemSet]:
    """Runs of labelled items made of an item and the alternatives that follow it (or of
    alternatives alone, when their base item is not right before them)."""
    return _item_sets_of(draft.items)


def _item_sets_of(items: list[Item]) -> list[_ItemSet]:
    """:func:`_item_sets` of a run of a draft's items (indexes into ``items``)."""
    sets: list[_ItemSet] = []
    current: list[int] = []  # the run being built
    current_key = ""
    base_label = ""
    has_alternative = False

    for number, item in enumerate(items):
        label = item.label
        if label is None:
            continue  # bullets are not numbered paragraphs
        base = alternative_base(label)
        numbered = base is None and _ALT_NUMBERED.fullmatch(label) is not None
        if current and (numbered or base == current_key):
            current.append(number)
            has_alternative = True
            continue
        if has_alternative:
            sets.append(_ItemSet(tuple(current), base_label))
        has_alternative = base is not None
        if base is not None:  # an alternative without its base item before it
            current, current_key, base_label = [number], base, _base_label(label)
        elif numbered:  # `Alt1` with nothing to be an alternative to
            current = []
        else:
            current, current_key, base_label = [number], normalize_label(label), label
    if has_alternative:
        sets.append(_ItemSet(tuple(current), base_label))
    return sets


def _base_label(label: str) -> str:
    """The label an alternative takes when no base item gives one: `11 alt.` → `11.`."""
    base = _ALT_SUFFIX.sub("", label)
    return base + "." if base.isdigit() else base


def _item_alternatives(draft: Draft) -> list[list[Alternative]]:
    return _item_members(draft.items, _item_sets(draft), 0)


def _item_members(items: list[Item], sets: list[_ItemSet], first_index: int) -> list[list[Alternative]]:
    """The sets as alternatives; ``items[0]`` is ``draft.items[first_index]``."""
    return [
        [Alternative("item", items[i].span, items[i].label or "", first_index + i, position) for position, i in enumerate(item_set.items)]
        for item_set in sets
    ]


def _inline_alternatives(draft: Draft, sets: InlineSets) -> list[list[Alternative]]:
    return [_inline_members(draft, inline) for inline in sets.all()]


def alternatives_at(draft: Draft, offset: int) -> list[Alternative]:
    """The set of alternatives that ``choose_alternative`` could choose from at
    ``offset`` (the innermost one containing it), in document order; empty if none.

    The code actions ask at every cursor move: only the brackets around ``offset`` and
    the items near it are looked at, never every set of the draft. The answer is the
    one a walk over all the sets gives: the set with the smallest member containing
    ``offset`` (the first such set in the draft when two tie, inline sets first)."""
    if not draft.balanced:
        return []
    best: tuple | None = None  # (size, order, members)
    sets = InlineSets(draft)
    seen: set[int] = set()
    for index in _brackets_reaching(draft, offset):
        inline = sets.around(index)
        if inline is None or inline.members[0] in seen:
            continue
        seen.add(inline.members[0])
        members = _inline_members(draft, inline)
        for member in members:
            if member.span.start <= offset < member.span.end or offset == member.span.end:
                parent = draft.brackets[inline.members[0]].parent
                key = (len(member.span), 0, -1 if parent is None else parent, inline.members[0])
                if best is None or key < best[0]:
                    best = (key, members)
    for members in _item_alternatives_near(draft, offset):
        for member in members:
            if member.span.start <= offset < member.span.end or offset == member.span.end:
                key = (len(member.span), 1, members[0].index, 0)
                if best is None or key < best[0]:
                    best = (key, members)
    return best[1] if best is not None else []


def _brackets_reaching(draft: Draft, offset: int) -> list[int]:
    """Every bracket whose span with its tags may contain ``offset`` or end at it: the
    bracket opened last before it and its ancestors, and those of the one opened before
    that (a bracket ending where the next one opens, as in `[a][b]`)."""
    brackets = draft.brackets
    last = bisect_right(brackets, offset, key=_open_of) - 1
    found: list[int] = []
    for start in (last, last - 1):
        index = start if start >= 0 else None
        while index is not None and index not in found:
            found.append(index)
            index = brackets[index].parent
    return found


def _open_of(bracket) -> int:
    return bracket.open


def _inline_members(draft: Draft, inline) -> list[Alternative]:
    members = []
    for position, index in enumerate(inline.members):
        bracket = draft.brackets[index]
        inner = " ".join(draft.text[bracket.open + 1 : bracket.close].split())
        label = inner if len(inner) <= 60 else inner[:59] + "…"
        members.append(Alternative("inline", Span(bracket.open, region_end(draft, bracket)), label, index, position))
    return members


def _item_alternatives_near(draft: Draft, offset: int) -> list[list[Alternative]]:
    """The item sets (:func:`_item_sets`) whose items lie around ``offset``. A set
    starts at an item with a plain label (`11.`, not `11altern.` nor `Alt1`), which
    starts one whatever came before: the sets are found from the last such item before
    the blocks around ``offset`` to the first one after them, as a walk over every
    item finds them, with the same indexes into ``draft.items``."""
    items, first_index = _items_around(draft, offset)
    return _item_members(items, _item_sets_of(items), first_index)


def _starts_a_set(item: Item) -> bool:
    label = item.label
    return label is not None and alternative_base(label) is None and _ALT_NUMBERED.fullmatch(label) is None


def _items_around(draft: Draft, offset: int) -> tuple[list[Item], int]:
    """The items of the blocks around ``offset``, widened until a plain label stands
    before the block of ``offset`` and after it (or the draft ends), and the index in
    ``draft.items`` of the first of them."""
    blocks = draft.blocks
    here = max(bisect_right(blocks, offset, key=_block_start) - 1, 0)
    reach = 4
    while True:
        low, high = max(here - reach, 0), min(here + reach + 1, len(blocks))
        items = items_of_blocks(draft.text, blocks[low:high])
        inside = [i for i, item in enumerate(items) if item.span.start <= offset]
        before = inside[-1] if inside else 0
        starts = [i for i, item in enumerate(items) if _starts_a_set(item)]
        closed_before = low == 0 or any(i < before for i in starts)
        closed_after = high == len(blocks) or any(i > before and items[i].span.start > offset for i in starts)
        if closed_before and closed_after:
            # Drop the items before the last plain label ahead of offset's item: the
            # sets found from it on are the draft's own.
            cut = max((i for i in starts if i < before), default=0) if low > 0 else 0
            first_index = sum(_item_count(block) for block in blocks[:low]) + cut
            return items[cut:], first_index
        reach *= 2


def _item_count(block) -> int:
    return sum(1 for lead in block.syntax.leads if lead is not None and lead.kind != "heading")


def _block_start(block) -> int:
    return block.span.start


def choose_alternative(draft: Draft, target: int | Alternative) -> Outcome:
    """Keep one alternative and drop the others of its set. ``target`` is an offset
    (the innermost alternative containing it) or an :class:`Alternative` from
    :func:`alternatives_at`.

    Item alternatives: the chosen item takes the base label (`11altern.` → `11.`) and
    loses the bracket around the whole item with its tags; the other items of the set
    go, each with one blank line. Inline alternatives: the chosen bracket's text stays
    without its bracket and tags; the others go with the separators between them; a
    grouping bracket without tags goes too."""
    if not draft.balanced:
        return unbalanced(draft)
    sets = InlineSets(draft)
    if isinstance(target, Alternative):
        pool = _inline_alternatives(draft, sets) if target.kind == "inline" else _item_alternatives(draft)
        members = next((m for m in pool if any(a.index == target.index for a in m)), None)
        chosen = target
    else:
        members = alternatives_at(draft, target)
        chosen = None
        if members:
            inside = [m for m in members if m.span.start <= target <= m.span.end]
            chosen = min(inside, key=lambda m: len(m.span)) if inside else None
    if not members or chosen is None:
        where = target.index if isinstance(target, Alternative) else target
        return refused("not-an-alternative", "There is no set of alternatives here.", at=where)
    if chosen.kind == "inline":
        return finish(draft.text, _choose_inline(draft, sets, chosen))
    cuts = _choose_item(draft, members, chosen)
    if isinstance(cuts, Outcome):
        return cuts
    return finish(draft.text, cuts)


def _choose_inline(draft: Draft, sets: InlineSets, chosen: Alternative) -> list[Cut]:
    inline, _ = sets.find(chosen.index)
    bracket = draft.brackets[chosen.index]
    if inline.grouping is not None:
        grouping = draft.brackets[inline.grouping]
        if grouping.tag_groups:  # the grouping bracket is a proposal of its own: it stays
            start, end = grouping.open + 1, grouping.close
        else:
            start, end = grouping.open, grouping.close + 1
    else:
        start = draft.brackets[inline.members[0]].open
        end = region_end(draft, draft.brackets[inline.members[-1]])
    # Everything of the set before the chosen text, and everything after it (its own
    # `]` and tags included).
    return [Cut(start, bracket.open + 1), Cut(bracket.close, end)]


def _choose_item(draft: Draft, members: list[Alternative], chosen: Alternative) -> list[Cut] | Outcome:
    item_set = next(s for s in _item_sets(draft) if chosen.index in s.items)
    cuts: list[Cut] = []
    for member in members:
        if member.index == chosen.index:
            continue
        span = member.span
        for bracket in draft.brackets:
            inside_open = span.start <= bracket.open < span.end
            inside_close = span.start <= bracket.close < span.end
            if inside_open != inside_close:
                return refused(
                    "crosses-bracket",
                    f"A bracket runs across the edge of alternative {member.label}: "
                    "choose by hand.",
                    label=member.label,
                )
        cuts.append(Cut(span.start, span.end))
    item: Item = draft.items[chosen.index]
    wrapper = _wrapping_bracket(draft, item)
    if wrapper is not None:
        cuts.extend(keep_cuts(draft, wrapper))
    if item.label != item_set.base_label:
        cuts.append(Cut(item.lead.span.start, item.lead.span.end, item_set.base_label))
    return cuts


def _wrapping_bracket(draft: Draft, item: Item):
    """The bracket around a whole item (`[11. …;] (+IRAN)`), if there is one."""
    if not item.lead.behind_bracket:
        return None
    number = bisect_left(draft.brackets, item.span.start, key=lambda b: b.open)
    if number == len(draft.brackets) or draft.brackets[number].open != item.span.start:
        return None
    bracket = draft.brackets[number]
    end = region_end(draft, bracket)
    if end <= item.span.end and all(ch in _AFTER_ITEM for ch in draft.text[end : item.span.end]):
        return bracket
    return None


def lone_alternative_cuts(draft: Draft, dropped: list[int]) -> list[Cut]:
    """When a decision drops every other item of a set of alternatives, the one left
    takes the base label (`11altern.` → `11.`, SPEC §7). ``dropped``: the brackets the
    decision drops (the outermost ones)."""
    if not dropped:
        return []
    spans = sorted((draft.brackets[i].open, draft.brackets[i].close) for i in dropped)
    starts = [start for start, _ in spans]

    def gone(item: Item) -> bool:
        number = bisect_right(starts, item.lead.span.start) - 1
        return number >= 0 and item.lead.span.start < spans[number][1]

    cuts = []
    for item_set in _item_sets(draft):
        left = [i for i in item_set.items if not gone(draft.items[i])]
        if len(left) == 1 and len(item_set.items) > 1:
            item = draft.items[left[0]]
            if item.label != item_set.base_label:
                cuts.append(Cut(item.lead.span.start, item.lead.span.end, item_set.base_label))
    return cuts


# --------------------------------------------------------------------------------------
# Options (SPEC §9): `Option 1` / `Option 2`, `OPTION I` › `Option A` › `Option 1`


def option_alternatives(draft: Draft) -> list[list[Alternative]]:
    """Each set of two or more options that are alternatives to one another."""
    options = draft.options
    return [
        [Alternative("option", options[i].span, options[i].label, i, position) for position, i in enumerate(group)]
        for group in draft.option_groups
        if len(group) > 1
    ]


def options_at(draft: Draft, offset: int) -> list[Alternative]:
    """The options containing ``offset`` that can be chosen, innermost first."""
    found = [
        member
        for members in option_alternatives(draft)
        for member in members
        if member.span.start <= offset <= member.span.end
    ]
    return sorted(found, key=lambda member: -member.span.start)


def choose_option(draft: Draft, index: int) -> Outcome:
    """Keep option ``index`` without its marker (``Option 2:``) and drop the other
    options of its set with everything in them. Choosing a zero option (``Option 0:
    No text``) drops the whole set."""
    if not draft.balanced:
        return unbalanced(draft)
    options = draft.options
    if not 0 <= index < len(options) or len(draft.option_groups[options[index].group]) < 2:
        return refused("not-an-alternative", "There is no set of options here.", at=index)
    cuts = _option_cuts(draft, index)
    if isinstance(cuts, Outcome):
        return cuts
    return finish(draft.text, cuts)


def _option_cuts(draft: Draft, index: int) -> list[Cut] | Outcome:
    options = draft.options
    chosen = options[index]
    cuts: list[Cut] = []
    for member in draft.option_groups[chosen.group]:
        option = options[member]
        span = option.span
        for bracket in draft.brackets:
            if (span.start <= bracket.open < span.end) != (span.start <= bracket.close < span.end):
                return refused(
                    "crosses-bracket",
                    f"A bracket runs across the edge of {option.label}: choose by hand.",
                    label=option.label,
                )
        if member != index or option.no_text:
            cuts.append(Cut(span.start, span.end))
    if not chosen.no_text:
        cuts.append(Cut(chosen.marker.start, chosen.body.start))
    return cuts


def _matches(label: str, wanted: str) -> bool:
    return " ".join(label.split()).rstrip(":.").lower() == " ".join(wanted.split()).rstrip(":.").lower()


def choose_label(draft: Draft, label: str) -> Outcome:
    """Choose, in every set of options or of alternative items, the member labelled
    ``label`` (``Option 2``, ``OPTION II``, ``11altern.``), outermost sets first: a set
    inside an option that goes goes with it."""
    if not draft.balanced:
        return unbalanced(draft)
    cuts: list[Cut] = []
    gone: list[Span] = []

    def dropped(span: Span) -> bool:
        return any(g.start <= span.start and span.end <= g.end for g in gone)

    sets = sorted(option_alternatives(draft) + _item_alternatives(draft), key=lambda members: members[0].span.start)
    chosen_any = False
    for members in sets:
        chosen = next((m for m in members if _matches(m.label, label)), None)
        if chosen is None or dropped(chosen.span):
            continue
        if chosen.kind == "option":
            found = _option_cuts(draft, chosen.index)
        else:
            found = _choose_item(draft, members, chosen)
        if isinstance(found, Outcome):
            return found
        chosen_any = True
        cuts.extend(found)
        gone.extend(m.span for m in members if m.index != chosen.index)
    if not chosen_any:
        return refused("no-such-label", f"No option or alternative is labelled “{label}”.", label=label)
    return finish(draft.text, cuts)
