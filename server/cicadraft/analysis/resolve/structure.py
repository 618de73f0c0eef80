"""What the decisions need to know about a draft's brackets: the text a bracket settles
(its span and its attached tag groups), inline alternatives (SPEC §7), delegation codes
compared through the registry, and the cuts of keep and drop (SPEC §6)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cicadraft.syntax import Bracket, Draft, LineIndex, Tag

from .edits import Cut, Outcome, refused

# Between two inline alternatives inside a grouping bracket: `,` `;` `/` or `or`.
_GROUP_SEPARATOR = re.compile(r"\s*(?:([,;/]|\bor\b)\s*)?")
# Between two adjacent alternatives on their own: spaces, or a slash.
_RUN_SEPARATOR = re.compile(r"[ \t]*(?:(/)[ \t]*)?")


def region_end(draft: Draft, bracket: Bracket) -> int:
    """End of the bracket with its attached tag groups (the document's end when it is
    never closed)."""
    end = bracket.close + 1 if bracket.close is not None else len(draft.text)
    for group in bracket.tag_groups:
        end = max(end, draft.tag_groups[group].span.end)
    return end


def group_cuts(draft: Draft, bracket: Bracket) -> list[Cut]:
    return [Cut(draft.tag_groups[g].span.start, draft.tag_groups[g].span.end) for g in bracket.tag_groups]


def keep_cuts(draft: Draft, bracket: Bracket) -> list[Cut]:
    """Keep: the two brackets and the attached tag groups go; the inner text stays."""
    return [Cut(bracket.open, bracket.open + 1), Cut(bracket.close, bracket.close + 1), *group_cuts(draft, bracket)]


def drop_cuts(draft: Draft, bracket: Bracket, sets: InlineSets) -> list[Cut]:
    """Drop: the bracket with everything inside it and its tag groups go, and the
    separator (`,` `/` ...) that joined it to a neighbouring inline alternative."""
    cuts = [Cut(bracket.open, bracket.close + 1), *group_cuts(draft, bracket)]
    separator = sets.separator_of(bracket.index)
    if separator is not None:
        cuts.append(Cut(*separator))
    return cuts


# --------------------------------------------------------------------------------------
# Inline alternatives


@dataclass(frozen=True)
class InlineSet:
    """Adjacent brackets that are alternatives for one place in a sentence (SPEC §7):
    the children of a *grouping* bracket (one holding nothing but bracketed
    alternatives, e.g. ``[[of civilizations] (-CHN), [exchanges …] (+CHN)]``), or a
    run of sibling brackets separated only by spaces or a slash (``[a] (+X) [b] (+Y)``).
    ``separators[i]`` is the span of the `,` `;` `/` or `or` between members i and i+1
    (None when only spaces separate them)."""

    members: tuple[int, ...]
    separators: tuple[tuple[int, int] | None, ...]
    grouping: int | None  # the grouping bracket, if any


class InlineSets:
    """The inline alternatives of a draft, found per parent bracket on demand (a single
    drop looks only at its siblings)."""

    def __init__(self, draft: Draft):
        self.draft = draft
        self._by_parent: dict[int | None, list[InlineSet]] = {}

    def all(self) -> list[InlineSet]:
        if not self.draft.balanced:
            return []
        parents = {None} | {b.parent for b in self.draft.brackets if b.parent is not None}
        return [found for parent in sorted(parents, key=lambda p: -1 if p is None else p) for found in self._of(parent)]

    def find(self, bracket: int) -> tuple[InlineSet, int] | None:
        """The set ``bracket`` belongs to, and its position there."""
        if not self.draft.balanced:
            return None
        for found in self._of(self.draft.brackets[bracket].parent):
            if bracket in found.members:
                return found, found.members.index(bracket)
        return None

    def separator_of(self, bracket: int) -> tuple[int, int] | None:
        """The separator that goes when ``bracket`` is dropped: the one after it, or for
        the last member the one before it."""
        found = self.find(bracket)
        if found is None:
            return None
        inline, position = found
        if position < len(inline.separators) and inline.separators[position] is not None:
            return inline.separators[position]
        if position == len(inline.members) - 1 and position > 0:
            return inline.separators[position - 1]
        return None

    def around(self, bracket: int) -> InlineSet | None:
        """The set ``bracket`` belongs to, as :meth:`find` finds it, looking only at its
        neighbours when it stands outside every bracket: the outermost brackets of a
        big draft are thousands, and a set is a run of them one after another."""
        if not self.draft.balanced:
            return None
        brackets = self.draft.brackets
        if brackets[bracket].parent is not None or None in self._by_parent:
            found = self.find(bracket)
            return found[0] if found is not None else None
        members, gaps = [bracket], []
        while (previous := _previous_outermost(brackets, members[0])) is not None:
            gap = self._run_gap(previous, members[0])
            if gap is False:
                break
            members.insert(0, previous)
            gaps.insert(0, gap)
        while (following := _next_outermost(brackets, members[-1])) is not None:
            gap = self._run_gap(members[-1], following)
            if gap is False:
                break
            members.append(following)
            gaps.append(gap)
        return InlineSet(tuple(members), tuple(gaps), None) if len(members) >= 2 else None

    def _run_gap(self, first: int, second: int):
        """What stands between two brackets one after the other in a run of alternatives
        (the span of a `/`, or None), or False when they are not in one run."""
        draft = self.draft
        previous, current = draft.brackets[first], draft.brackets[second]
        gap = _RUN_SEPARATOR.fullmatch(draft.text, region_end(draft, previous), current.open)
        if gap is not None and previous.is_proposal and current.is_proposal:
            return gap.span(1) if gap.group(1) else None
        return False

    def _of(self, parent: int | None) -> list[InlineSet]:
        found = self._by_parent.get(parent)
        if found is None:
            found = self._by_parent[parent] = self._find(parent)
        return found

    def _find(self, parent: int | None) -> list[InlineSet]:
        draft = self.draft
        if parent is None:
            kids = [b.index for b in draft.brackets if b.parent is None]
        else:
            kids = draft.brackets[parent].children
        if len(kids) < 2:
            return []
        if parent is not None:
            separators = _grouping(draft, draft.brackets[parent], kids)
            if separators is not None:
                return [InlineSet(tuple(kids), separators, parent)]
        found: list[InlineSet] = []
        run = [kids[0]]
        gaps: list[tuple[int, int] | None] = []
        for kid in kids[1:] + [None]:
            if kid is not None:
                gap = self._run_gap(run[-1], kid)
                if gap is not False:
                    run.append(kid)
                    gaps.append(gap)
                    continue
            if len(run) >= 2:
                found.append(InlineSet(tuple(run), tuple(gaps), None))
            run, gaps = [kid], []
        return found


def _previous_outermost(brackets: list[Bracket], index: int) -> int | None:
    """The outermost bracket before the outermost bracket ``index``: the one the
    bracket opened just before it lies in (or that bracket itself)."""
    if index == 0:
        return None
    previous = index - 1
    while brackets[previous].parent is not None:
        previous = brackets[previous].parent
    return previous


def _next_outermost(brackets: list[Bracket], index: int) -> int | None:
    """The outermost bracket after the outermost bracket ``index``: the first one
    opened after everything inside it."""
    last = index
    while brackets[last].children:
        last = brackets[last].children[-1]
    return last + 1 if last + 1 < len(brackets) else None


def word_sets(draft: Draft, sets: InlineSets) -> list[InlineSet]:
    """The inline alternatives written inside a word (SPEC §9): brackets that touch one
    another with no space between and touch a letter or digit at one end, as in
    ``Part[y][ies]`` or ``[g][G]uidelines``. Choosing keeps one of them, so the word
    stays a word."""
    text = draft.text
    found = []
    for inline in sets.all():
        if inline.grouping is not None or any(separator is not None for separator in inline.separators):
            continue
        members = [draft.brackets[i] for i in inline.members]
        if any(b.children or b.tag_groups for b in members):
            continue
        if any(a.close + 1 != b.open for a, b in zip(members, members[1:])):
            continue
        first, last = members[0], members[-1]
        before = text[first.open - 1] if first.open else ""
        after = text[last.close + 1] if last.close + 1 < len(text) else ""
        if before.isalnum() or after.isalnum():
            found.append(inline)
    return found


def _grouping(draft: Draft, grouping: Bracket, kids: list[int]):
    """The separators between the children of a bracket that holds nothing but them, or
    None when it holds anything else."""
    if not grouping.is_proposal:
        return None
    text = draft.text
    position = grouping.open + 1
    separators: list[tuple[int, int] | None] = []
    for number, kid in enumerate(kids):
        bracket = draft.brackets[kid]
        gap = _GROUP_SEPARATOR.fullmatch(text, position, bracket.open)
        if gap is None or not bracket.is_proposal or (number == 0 and gap.group(1)):
            return None
        if number:
            separators.append(gap.span(1) if gap.group(1) else None)
        position = region_end(draft, bracket)
    if text[position : grouping.close].strip():
        return None
    return tuple(separators)


# --------------------------------------------------------------------------------------
# Codes and common refusals


class Codes:
    """Delegation codes compared through the registry: ``IRAN`` and ``IRN`` are one."""

    def __init__(self, registry=None):
        self.registry = registry
        self._cache: dict[str, str] = {}

    def canonical(self, code: str) -> str:
        found = self._cache.get(code)
        if found is None:
            upper = code.upper()
            found = None
            if self.registry is not None:
                found = self.registry.canonical(code) or self.registry.canonical(upper)
            found = found or upper
            self._cache[code] = found
        return found

    def tags_of(self, draft: Draft, bracket: Bracket, code: str) -> list[tuple[int, int, Tag]]:
        """(group index, tag index, tag) of every tag of ``code`` attached to ``bracket``."""
        wanted = self.canonical(code)
        found = []
        for g in bracket.tag_groups:
            for t, tag in enumerate(draft.tag_groups[g].tags):
                if self.canonical(tag.code) == wanted:
                    found.append((g, t, tag))
        return found


def unbalanced(draft: Draft) -> Outcome:
    lines = LineIndex(draft.text)

    def where(offset: int) -> str:
        line, column = lines.position(offset)
        return f"{line + 1}:{column + 1}"

    if draft.stray_closes:
        offset = draft.stray_closes[0]
        problem = f"a “]” at {where(offset)} closes nothing"
    else:
        offset = draft.unclosed[0].open
        problem = f"the “[” at {where(offset)} is never closed"
    return refused(
        "unbalanced",
        f"The brackets of this draft are not balanced ({problem}); resolving could remove "
        "the wrong text. Fix the brackets first.",
        offset=offset,
        position=where(offset),
        stray=list(draft.stray_closes),
        unclosed=[b.open for b in draft.unclosed],
    )


def bracket_or_refusal(draft: Draft, index) -> Bracket | Outcome:
    if not draft.balanced:
        return unbalanced(draft)
    if not isinstance(index, int) or not 0 <= index < len(draft.brackets):
        return refused("no-such-bracket", f"There is no bracket number {index} in this draft.", bracket=index)
    return draft.brackets[index]
