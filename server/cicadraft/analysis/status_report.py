"""Where a negotiation stands, over one or several drafts: the model that
``cicadraft status`` renders (:mod:`cicadraft.analysis.status_render`). Pure Python.

Per draft:

* paragraphs agreed and open (:mod:`cicadraft.analysis.positions` says what a paragraph
  is and when it is open; headings are not counted);
* brackets, open proposals and unbalanced brackets, exactly as ``cicadraft/status``;
* the share of words agreed: the words outside any proposal over all words. Words are
  runs of letters and digits; tag groups and editorial notes are not words of the text,
  so they count on neither side. A word cut by a bracket (``member[s]``) is two words;
* the open reservations (``tcb`` positions);
* each delegation's ``+``, ``-`` and ``tcb`` counts and positions, and who holds what on
  each open paragraph;
* open and agreed paragraphs per section: the innermost chapter-level section (heading
  level 1 or 2) holding them, so that captions (``Functions``) fold into their chapter;
* the problems of an unbalanced draft (stray ``]``, unclosed ``[``), which is reported,
  not refused.

Totals add the drafts up; delegations are added by registry code and named by the first
spelling met.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cicadraft.locales import LOCALES
from cicadraft.syntax import Draft, LineIndex, Span

from . import messages
from .positions import DraftPositions, Paragraph, Position, collect, merge_spans, proposal_spans
from .status import status

_WORD = re.compile(r"\w+")
_CHAPTER_LEVEL = 2


@dataclass(slots=True)
class Delegation:
    code: str  # as first spelled
    canonical: str
    name: str | None
    plus: int = 0
    minus: int = 0
    tcb: int = 0
    positions: list[Position] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # the registry's name per locale

    def name_in(self, locale: str) -> str | None:
        return self.names.get(locale) or self.name

    @property
    def total(self) -> int:
        return self.plus + self.minus + self.tcb

    def add(self, sign: str, count: int = 1) -> None:
        if sign == "+":
            self.plus += count
        elif sign == "-":
            self.minus += count
        else:
            self.tcb += count


@dataclass(slots=True)
class SectionTally:
    """Open and agreed paragraphs under one heading."""

    title: str  # "" for the paragraphs before the first heading
    line: int  # 0-based line of the heading (of the first paragraph when none)
    agreed: int = 0
    open: int = 0


@dataclass(slots=True)
class Problem:
    line: int  # 0-based
    column: int  # 0-based, code points
    code: str  # "stray-bracket" or "unclosed-bracket"


@dataclass(slots=True)
class Words:
    total: int = 0
    agreed: int = 0

    @property
    def share(self) -> float | None:
        """The share of words agreed, None for a draft without words."""
        return self.agreed / self.total if self.total else None


@dataclass(slots=True)
class DraftStatus:
    path: str
    paragraphs: int
    agreed: int
    open: int
    brackets: int
    open_proposals: int
    unbalanced: int
    words: Words
    delegations: dict[str, Delegation]  # by code as first spelled, in the order of their first tag
    items: list[Paragraph]  # the open paragraphs, in document order
    sections: list[SectionTally]
    problems: list[Problem]

    positions: list[Position]  # every position, in document order

    @property
    def reservations(self) -> list[Position]:
        """The open reservations (``tcb``), in document order."""
        return [p for p in self.positions if p.sign == "tcb"]

    @property
    def reservation_count(self) -> int:
        return sum(d.tcb for d in self.delegations.values())


@dataclass(slots=True)
class Totals:
    drafts: int = 0
    paragraphs: int = 0
    agreed: int = 0
    open: int = 0
    brackets: int = 0
    open_proposals: int = 0
    unbalanced: int = 0
    reservation_count: int = 0
    words: Words = field(default_factory=Words)
    delegations: dict[str, Delegation] = field(default_factory=dict)


@dataclass(slots=True)
class Report:
    drafts: list[DraftStatus]
    total: Totals


# --------------------------------------------------------------------------------------
# Words


def _intersection(a: list[Span], b: list[Span]) -> list[Span]:
    """Two sorted lists of disjoint spans: what both cover."""
    found: list[Span] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i].start, b[j].start), min(a[i].end, b[j].end)
        if start < end:
            found.append(Span(start, end))
        if a[i].end < b[j].end:
            i += 1
        else:
            j += 1
    return found


def _count(text: str, spans: list[Span]) -> int:
    finditer = _WORD.finditer
    return sum(sum(1 for _ in finditer(text, s.start, s.end)) for s in spans)


def count_words(draft: Draft) -> Words:
    """All words and the words agreed (outside every proposal), without tag groups and
    editorial notes."""
    text = draft.text
    length = len(text)
    not_text = merge_spans(
        [g.span for g in draft.tag_groups] + [b.span(length) for b in draft.brackets if b.is_note]
    )
    proposals = proposal_spans(draft)
    total = len(_WORD.findall(text)) - _count(text, not_text)
    contested = _count(text, proposals) - _count(text, _intersection(proposals, not_text))
    return Words(total=total, agreed=total - contested)


# --------------------------------------------------------------------------------------
# One draft


def _sections(draft: Draft, paragraphs: list[Paragraph]) -> list[SectionTally]:
    """Open and agreed paragraphs per chapter-level section, in document order."""
    sections = draft.sections
    headings = {p.start: p for p in paragraphs if p.kind == "heading"}
    tallies: dict[int | None, SectionTally] = {}
    for paragraph in paragraphs:
        if paragraph.kind == "heading":
            continue
        index = paragraph.section
        while index is not None and sections[index].heading.level > _CHAPTER_LEVEL and sections[index].parent is not None:
            index = sections[index].parent
        tally = tallies.get(index)
        if tally is None:
            if index is None:
                tally = SectionTally(title="", line=paragraph.line)
            else:
                heading = sections[index].heading
                named = headings.get(heading.span.start)
                tally = SectionTally(
                    title=named.item if named else heading.title, line=named.line if named else paragraph.line
                )
            tallies[index] = tally
        if paragraph.open:
            tally.open += 1
        else:
            tally.agreed += 1
    return list(tallies.values())


def _problems(draft: Draft, lines: LineIndex) -> list[Problem]:
    found = [(offset, "stray-bracket") for offset in draft.stray_closes]
    found += [(b.open, "unclosed-bracket") for b in draft.brackets if b.close is None]
    problems = []
    for offset, code in sorted(found):
        line, column = lines.position(offset)
        problems.append(Problem(line, column, code))
    return problems


def draft_status(path: str, draft: Draft, registry, found: DraftPositions | None = None) -> DraftStatus:
    """The status of one draft; ``path`` is how the report names it."""
    lines = LineIndex(draft.text)
    found = collect(draft, registry, lines=lines) if found is None else found
    counts = status(draft, registry, found.counted)
    delegations: dict[str, Delegation] = {}
    by_canonical: dict[str, Delegation] = {}
    for entry in found.counted.values():
        code = entry.code if entry.code not in delegations else entry.canonical  # as status() keys them
        known = registry.lookup(entry.canonical) if registry is not None else None
        names = {locale: known.name(locale) for locale in LOCALES} if known is not None else {}
        delegation = Delegation(code=code, canonical=entry.canonical, name=names.get("en"), names=names)
        delegations[code] = by_canonical[entry.canonical] = delegation
    for position in found.positions:
        delegation = by_canonical[position.canonical]
        delegation.positions.append(position)
        delegation.add(position.sign)
    paragraphs = [p for p in found.paragraphs if p.kind != "heading"]
    open_count = sum(1 for p in paragraphs if p.open)
    return DraftStatus(
        path=path,
        paragraphs=len(paragraphs),
        agreed=len(paragraphs) - open_count,
        open=open_count,
        brackets=counts["brackets"],
        open_proposals=counts["openProposals"],
        unbalanced=counts["unbalanced"],
        words=count_words(draft),
        delegations=delegations,
        items=found.by_item(),
        sections=_sections(draft, found.paragraphs),
        problems=_problems(draft, lines),
        positions=found.positions,
    )


# --------------------------------------------------------------------------------------
# Several drafts


def totals(drafts: list[DraftStatus]) -> Totals:
    total = Totals(drafts=len(drafts))
    by_canonical: dict[str, Delegation] = {}
    for draft in drafts:
        total.paragraphs += draft.paragraphs
        total.agreed += draft.agreed
        total.open += draft.open
        total.brackets += draft.brackets
        total.open_proposals += draft.open_proposals
        total.unbalanced += draft.unbalanced
        total.reservation_count += draft.reservation_count
        total.words.total += draft.words.total
        total.words.agreed += draft.words.agreed
        for delegation in draft.delegations.values():
            entry = by_canonical.get(delegation.canonical)
            if entry is None:
                code = delegation.code if delegation.code not in total.delegations else delegation.canonical
                entry = by_canonical[delegation.canonical] = total.delegations[code] = Delegation(
                    code=code, canonical=delegation.canonical, name=delegation.name, names=delegation.names
                )
            entry.plus += delegation.plus
            entry.minus += delegation.minus
            entry.tcb += delegation.tcb
            entry.positions.extend(delegation.positions)
    return total


def report(drafts: list[tuple[str, Draft]], registry) -> Report:
    """The report over ``(path, draft)`` pairs, in the order given."""
    statuses = [draft_status(path, draft, registry) for path, draft in drafts]
    return Report(drafts=statuses, total=totals(statuses))


# --------------------------------------------------------------------------------------
# JSON (docs/status.md; tests/test_status_report.py pins the schema)


def _position_json(position: Position) -> dict:
    return {"item": position.item, "sign": position.sign, "text": position.text, "line": position.line + 1}


def _delegations_json(delegations: dict[str, Delegation], with_positions: bool) -> dict:
    out = {}
    for code, d in delegations.items():
        entry: dict = {"plus": d.plus, "minus": d.minus, "tcb": d.tcb}
        if with_positions:
            entry["positions"] = [_position_json(p) for p in d.positions]
        out[code] = entry
    return out


def _names_json(delegations: dict[str, Delegation]) -> dict:
    return {code: {"canonical": d.canonical, "name": d.name} for code, d in delegations.items()}


def _words_json(words: Words) -> dict:
    share = words.share
    return {"total": words.total, "agreed": words.agreed, "shareAgreed": round(share, 4) if share is not None else None}


def draft_json(draft: DraftStatus) -> dict:
    return {
        "path": draft.path,
        "paragraphs": {"total": draft.paragraphs, "agreed": draft.agreed, "open": draft.open},
        "brackets": draft.brackets,
        "openProposals": draft.open_proposals,
        "unbalanced": draft.unbalanced,
        "words": _words_json(draft.words),
        "delegations": _delegations_json(draft.delegations, with_positions=True),
        "names": _names_json(draft.delegations),
        "items": [
            {"item": p.item, "line": p.line + 1, "proposals": p.proposals, "holders": p.holders()} for p in draft.items
        ],
        "reservations": [
            {"code": p.code, "item": p.item, "text": p.text, "line": p.line + 1} for p in draft.reservations
        ],
        "sections": [{"title": s.title, "line": s.line + 1, "agreed": s.agreed, "open": s.open} for s in draft.sections],
        "problems": [
            {"line": p.line + 1, "column": p.column + 1, "code": p.code, "message": messages.text(p.code, "en")}
            for p in draft.problems
        ],
    }


def as_json(report: Report) -> dict:
    total = report.total
    return {
        "drafts": [draft_json(d) for d in report.drafts],
        "total": {
            "drafts": total.drafts,
            "paragraphs": {"total": total.paragraphs, "agreed": total.agreed, "open": total.open},
            "brackets": total.brackets,
            "openProposals": total.open_proposals,
            "unbalanced": total.unbalanced,
            "reservations": total.reservation_count,
            "words": _words_json(total.words),
            "delegations": _delegations_json(total.delegations, with_positions=False),
            "names": _names_json(total.delegations),
        },
    }


__all__ = [
    "Delegation",
    "DraftStatus",
    "Problem",
    "Report",
    "SectionTally",
    "Totals",
    "Words",
    "as_json",
    "count_words",
    "draft_json",
    "draft_status",
    "report",
    "totals",
]
