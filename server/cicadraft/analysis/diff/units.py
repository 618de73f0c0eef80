"""A draft cut into the units a diff aligns: headings, items and plain paragraphs, each
with its words as tokens.

Tokens are words (``\\w+``) and single punctuation marks, so that a resolve engine's
tidying (``tenure [, which …]. (-IND)`` → ``tenure.``) or a change of spacing or line
endings leaves the token stream as it was. A bracket of the draft is a token of its own
(``\\x00[`` / ``\\x00]`` and the word next to it inside), distinct from a literal `[` such as a footnote's ``[^1]``. Tag
groups and the item's label or bullet are not tokens: tags are compared per bracket,
labels per item.

All tokens of a draft live in flat parallel lists (:class:`Tokens`), a unit holding the
range ``[t0, t1)``: a 5 MB draft has about a million tokens, and flat lists of str/int
keep that to a few hundred milliseconds.
"""

from __future__ import annotations

import re
from itertools import repeat
from dataclasses import dataclass, field

from cicadraft.syntax import Draft, LineIndex
from cicadraft.syntax.labels import normalize_label
from cicadraft.syntax.outline import paragraph_spans

OPEN = "\x00["
CLOSE = "\x00]"
_TOKEN = re.compile(r"\w+|[^\w\s]")
_group, _start, _end = re.Match.group, re.Match.start, re.Match.end
LONGEST = 20_000  # characters of a change's old or new text, at most


@dataclass(slots=True)
class Unit:
    kind: str  # "heading", "item" or "paragraph"
    name: str  # how a negotiator calls it: label, heading title, participle, first words
    label: str | None  # the label as written (`11altern.`), None for bullets and the rest
    start: int
    end: int
    line: int  # 1-based line of its first character
    t0: int  # its tokens: Tokens[t0:t1]
    t1: int
    depth: int = 0  # brackets open where it starts
    key: str = ""  # equal keys: the same unit, word for word and tag for tag
    groups: list[int] = field(default_factory=list)  # floating tag groups (no bracket)
    norm_label: str | None = None  # the label's comparable form (`11` for `11.`)



class Tokens:
    """A draft's tokens: text, start and end offsets, the bracket of a bracket token (-1
    for a word), and the unit each token belongs to."""

    __slots__ = ("words", "starts", "ends", "refs", "unit_of")

    def __init__(self) -> None:
        self.words: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.refs: list[int] = []
        self.unit_of: list[int] = []

    def __len__(self) -> int:
        return len(self.words)


@dataclass(slots=True)
class Cut:
    """A draft as the diff sees it."""

    draft: Draft
    units: list[Unit]
    tokens: Tokens
    open_token: list[int]  # per bracket: its `[` token (-1 if none)
    close_token: list[int]  # per bracket: its `]` token (-1 when unclosed)
    lines: LineIndex

    def line_of(self, offset: int) -> int:
        return self.lines.line_of(offset) + 1

    def squeezed(self, start: int, end: int) -> str:
        """The text of a span on one line, runs of whitespace as one space; of a span
        longer than LONGEST (a bracket left open to the end of a 5 MB draft), the start
        and the end around an ellipsis."""
        text = self.draft.text
        if end - start > LONGEST:
            head = " ".join(text[start : start + LONGEST // 2].split())
            tail = " ".join(text[end - LONGEST // 2 : end].split())
            return f"{head} … {tail}"
        return " ".join(text[start:end].split())


def _name(kind: str, what, words: list[str]) -> str:
    if kind == "heading":
        title = what.title
        return title if len(title) <= 80 else title[:79] + "…"
    if kind == "item" and what.label:
        return what.label
    first = next((w for w in words if w[:1].isalnum()), "")
    if kind == "item" and first[:1].isupper():
        return first  # a preambular paragraph: its participle, `Recalling`
    plain = [w for w in words if w[:1] != "\x00"][:6]
    head = " ".join(plain[:5])
    return head + ("…" if len(plain) > 5 else "")


def _distinguish(words: list[str], refs: list[int], t0: int) -> None:
    """Give each bracket token of a unit the word next to it inside the bracket
    (``\x00[planned`` … ``\x00]planned``), so that difflib does not take the `[` of
    ``[planned]`` for the `[` of ``[proposed]`` when one of the two goes."""
    end = len(words)
    for t in range(t0, end):
        if refs[t] < 0:
            continue
        step = 1 if words[t] == OPEN else -1
        k = t + step
        while t0 <= k < end and refs[k] >= 0:
            k += step
        if t0 <= k < end:
            words[t] += words[k]


def cut(draft: Draft) -> Cut:
    text = draft.text
    tokens = Tokens()
    words, starts, ends, refs, unit_of = tokens.words, tokens.starts, tokens.ends, tokens.refs, tokens.unit_of
    brackets = draft.brackets
    open_token = [-1] * len(brackets)
    close_token = [-1] * len(brackets)
    # Everything a unit's scan must not read as words, in document order:
    # (start, end, bracket index or -1, is-open, tag group index or -1)
    marks: list[tuple[int, int, int, bool, int]] = []
    for bracket in brackets:
        marks.append((bracket.open, bracket.open + 1, bracket.index, True, -1))
        if bracket.close is not None:
            marks.append((bracket.close, bracket.close + 1, bracket.index, False, -1))
    for index, group in enumerate(draft.tag_groups):
        marks.append((group.start, group.start + group.syntax.length, -1, False, index))
    marks.sort()
    lines = LineIndex(text)
    units: list[Unit] = []
    mark = 0
    depth = 0
    finditer = _TOKEN.finditer
    for kind, start, end, what in paragraph_spans(draft):
        number = len(units)
        t0 = len(words)
        depth_at_start = depth
        skip = what.lead.span if kind == "item" else None
        groups_here: list[str] = []
        floating: list[int] = []
        while mark < len(marks) and marks[mark][0] < start:
            mark += 1
        pos = start
        while True:
            limit = marks[mark][0] if mark < len(marks) and marks[mark][0] < end else end
            if skip is not None and skip.start < limit and skip.end > pos:
                segment_parts = ((pos, skip.start), (skip.end, limit))
            else:
                segment_parts = ((pos, limit),)
            for a, b in segment_parts:
                if a < b:
                    # A unit's words in C loops (map over the matches) rather than five
                    # appends per word: a 1 MB draft has some 170,000 of them.
                    found = list(finditer(text, a, b))
                    if found:
                        words.extend(map(_group, found))
                        starts.extend(map(_start, found))
                        ends.extend(map(_end, found))
                        refs.extend(repeat(-1, len(found)))
                        unit_of.extend(repeat(number, len(found)))
            if limit >= end:
                break
            m_start, m_end, bracket, is_open, group = marks[mark]
            mark += 1
            if group >= 0:
                tag_group = draft.tag_groups[group]
                groups_here.append(tag_group.normalized)
                if tag_group.bracket is None:
                    floating.append(group)
            else:
                (open_token if is_open else close_token)[bracket] = len(words)
                depth = depth + 1 if is_open else max(0, depth - 1)
                words.append(OPEN if is_open else CLOSE)
                starts.append(m_start)
                ends.append(m_end)
                refs.append(bracket)
                unit_of.append(number)
            pos = max(pos, m_end)
        _distinguish(words, refs, t0)
        unit_words = words[t0:]
        unit = Unit(
            kind=kind,
            name=_name(kind, what, unit_words),
            label=what.label if kind == "item" else None,
            start=start,
            end=end,
            line=lines.line_of(start) + 1,
            t0=t0,
            t1=len(words),
            depth=depth_at_start,
            groups=floating,
            norm_label=normalize_label(what.label) if kind == "item" and what.label else None,
        )
        unit.key = ("h\x1f" if kind == "heading" else "p\x1f") + " ".join(unit_words) + "\x1f" + " ".join(groups_here)
        units.append(unit)
    return Cut(draft=draft, units=units, tokens=tokens, open_token=open_token, close_token=close_token, lines=lines)
