"""Diagnostics: the findings on a draft, each with a stable code, a severity, an exact
span and a sentence a negotiator understands: the rules, per block. The CLI and the
language server both reach them through :mod:`cicadraft.analysis.document_findings`
(``analyze`` for a whole draft at once, ``DocumentFindings`` for a document that
changes), so they always report the same thing at the same place.

Codes (stable: users switch them off or change their severity by name):

==================  ===========  ====================================================
code                default      finding
==================  ===========  ====================================================
unclosed-bracket    error        a `[` still open at the end of the document
stray-bracket       error        a `]` with nothing open
unknown-code        warning      a tag's delegation code is not in the registry
malformed-tag       warning      a near miss such as ``(+ IRAN)``, ``(AZER TCB)``
floating-tag        warning      a tag group with words between it and any bracket
conflicting-tags    warning      one delegation both ``+`` and ``-`` on one bracket
duplicate-tag       information  the same tag twice on one bracket
empty-bracket       warning      ``[]`` or a bracket holding only spaces
observer-tag        hint         an observer's (or partner's) code used as a tag
duplicate-label     information  one paragraph label twice in one section
config-error        error        a mistake in ``cicadraft.toml`` (:data:`CONFIG_ERROR`)
==================  ===========  ====================================================

Each is described, with an example, in docs/format.md.

How it is computed, for speed on big drafts: most findings depend on one block alone
(a tag's code, a bracket opened and closed in one paragraph, the tags after one `]`).
Those are computed per block, relative to the block, and cached with the block's parse,
so after an edit only the edited block is analysed again. What crosses blocks (brackets
paired across blocks, stray and unclosed brackets, paragraph labels repeated within a
section) is added by :mod:`cicadraft.analysis.document_findings`, which visits only the
blocks that matter to it.
"""

from __future__ import annotations

import re
from functools import partial
from operator import itemgetter
from dataclasses import dataclass, field, replace
from typing import Iterable, Literal

from cicadraft.syntax import Span
from cicadraft.syntax.model import BlockSyntax, GroupSyntax

from . import messages

Severity = Literal["error", "warning", "information", "hint"]
SEVERITIES: tuple[str, ...] = ("error", "warning", "information", "hint")

DEFAULT_SEVERITY: dict[str, Severity] = {
    "unclosed-bracket": "error",
    "stray-bracket": "error",
    "unknown-code": "warning",
    "malformed-tag": "warning",
    "floating-tag": "warning",
    "conflicting-tags": "warning",
    "duplicate-tag": "information",
    "empty-bracket": "warning",
    "observer-tag": "hint",
    "duplicate-label": "information",
}

CODES: tuple[str, ...] = tuple(DEFAULT_SEVERITY)
#: A mistake in `cicadraft.toml` or a registry file, at its line: not a finding on a
#: draft (the registry layer finds it), but reported with them by `check` and the server.
CONFIG_ERROR = "config-error"
#: Every code a user sees, as docs/format.md and the README list them.
REPORTED_CODES: tuple[str, ...] = CODES + (CONFIG_ERROR,)

_NON_SPACE = re.compile(r"\S")


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    span: Span
    message: str
    # What a quick fix needs, JSON-serialisable: indexes into the draft's tag groups and
    # brackets, suggested codes, the corrected form.
    data: dict = field(default_factory=dict)


def effective_severities(severities: dict[str, str] | None) -> dict[str, str]:
    """Each code's severity (or ``"off"``), the given ones over the defaults."""
    wanted: dict[str, str] = dict(DEFAULT_SEVERITY)
    for code, severity in (severities or {}).items():
        if code in wanted and (severity in SEVERITIES or severity == "off"):
            wanted[code] = severity
    return wanted


# A finding inside one block: (code, start, end, message, data), offsets relative to the
# block, indexes (group, tag, bracket) relative to the block's own groups and brackets.
_Local = tuple[str, int, int, str, dict]
_NOTHING: list[_Local] = []  # shared: callers never change a block's findings
NO_RANKS: tuple[int, ...] = ()  # a block without findings (of codes that are on)
_LOCAL_POSITION = itemgetter(1, 2, 0)  # (start, end, code): the order of Finding positions
_GROUP_CACHE_SIZE = 10_000


class Analyzer:
    """The findings for one registry, severity table and locale. Keeps the per-block
    findings between runs: reuse one Analyzer for successive versions of a document."""

    def __init__(self, registry, severities: dict[str, str] | None = None, locale: str = "en"):
        self.registry = registry
        self.wanted = effective_severities(severities)
        self.locale = locale
        # The rank (place in SEVERITIES) of each code that is on.
        self._rank_of = {code: SEVERITIES.index(severity) for code, severity in self.wanted.items() if severity != "off"}
        # Identifies this analyzer's results in BlockSyntax.findings: (key, the block's
        # findings or None until they are asked for, their counts per severity).
        self._key = object()
        # The findings of each tag group on its own, by its text.
        self._groups: dict[str, list[_Local]] = {}
        # What counting a block's findings needs of each tag group, by its text: the
        # ranks of the group's own findings (codes that are off left out) and the
        # delegations its tags stand for (see _group_facts_of).
        self._group_facts: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {}
        # The ranks of the duplicates and conflicts among the tags on one bracket, by the
        # texts of the groups on it, for the brackets that name a delegation twice.
        self._bracket_ranks: dict[tuple[str, ...], tuple[int, ...]] = {}
        self._canonicals: dict[str, str] = {}
        # An unknown code's suggestions from the registry alone, and the message saying
        # them, by the code as written: groups like (+PAQ) and (-PAQ) share them.
        self._unknown: dict[str, tuple[list[str], str]] = {}
        # Unknown codes' suggestions given the codes the draft writes: by code as
        # written, for the set of codes in use they were made for.
        self._spellings_in_use: frozenset[str] = frozenset()
        self._ordered_in_use: list[str] = []
        self._preferred: dict[str, tuple[list[str], str]] = {}

    # -- the whole document -------------------------------------------------------------

    def add(self, found: list[Finding], code: str, start: int, end: int, message: str, data: dict) -> None:
        """Add the finding to ``found`` with its configured severity, unless its code is off."""
        severity = self.wanted[code]
        if severity != "off":
            found.append(Finding(code, severity, Span(start, end), message, data))  # type: ignore[arg-type]

    def local_findings(self, syntax: BlockSyntax) -> list[_Local]:
        """The findings that depend on one block alone, relative to it, sorted by
        position, without those whose code is off. Kept on the block's parse (shared by
        every draft holding that block) for this analyzer: the editor's diagnostics name
        them by their place in this list (see DocumentFindings.first_selection)."""
        cached = syntax.findings
        if cached is not None and cached[0] is self._key and cached[1] is not None:
            return cached[1]
        found = self._analyze_block(syntax)
        if found:
            wanted = self.wanted
            found = sorted((entry for entry in found if wanted[entry[0]] != "off"), key=_LOCAL_POSITION)
        ranks = cached[2] if cached is not None and cached[0] is self._key else self._ranks_of(found)
        syntax.findings = (self._key, found, ranks)
        return found

    def local_ranks(self, syntax: BlockSyntax) -> tuple[int, ...]:
        """How many of :meth:`local_findings` each severity has (in SEVERITIES order),
        ``()`` for none: counted without writing their messages, since a draft that
        opens needs the counts of every block and the findings of the few it sends."""
        cached = syntax.findings
        if cached is not None and cached[0] is self._key:
            return cached[2]
        ranks = self._count_block(syntax)
        syntax.findings = (self._key, None, ranks)
        return ranks

    def _ranks_of(self, found: list[_Local]) -> tuple[int, ...]:
        if not found:
            return NO_RANKS
        rank_of = self._rank_of
        counts = [0] * len(SEVERITIES)
        for entry in found:
            counts[rank_of[entry[0]]] += 1
        return tuple(counts)

    def _count_block(self, syntax: BlockSyntax) -> tuple[int, ...]:
        """:meth:`_ranks_of` the block's findings, as :meth:`_analyze_block` finds them,
        without writing them: a draft that opens counts every block's findings and
        writes those of the few blocks it sends (an unknown code's suggestions, the
        registry's similarity search, are only made for those)."""
        tag_groups = syntax.tag_groups
        rank_of = self._rank_of
        if not tag_groups:
            if syntax.empty_pairs and "empty-bracket" in rank_of:
                counts = [0] * len(SEVERITIES)
                counts[rank_of["empty-bracket"]] = len(syntax.empty_pairs)
                return tuple(counts)
            return NO_RANKS
        counts = [0] * len(SEVERITIES)
        facts = self._group_facts
        # The delegations of the tags on each `]` that closes a bracket of this block (a
        # `]` that is not one closes a bracket of an earlier block or nothing: what is
        # on it is the cross-block pass's, see closes_across_blocks).
        on_bracket: dict[int, tuple[str, ...]] = {}
        crossing = syntax.close_unmatched
        floating = 0
        for (_, group), candidate in zip(tag_groups, syntax.attach_candidates):
            ranks, whos = facts.get(group.text) or self._group_facts_of(group)
            for rank in ranks:
                counts[rank] += 1
            if candidate is None:
                floating += 1
            elif candidate not in crossing:
                held = on_bracket.get(candidate)
                on_bracket[candidate] = whos if held is None else held + whos
        if floating and "floating-tag" in rank_of:
            counts[rank_of["floating-tag"]] += floating
        for close, whos in on_bracket.items():
            if len(whos) > 1 and len(set(whos)) < len(whos):
                # A delegation twice on one bracket: a duplicate or a conflict (rare).
                for rank in self._bracket_ranks_of(syntax, close):
                    counts[rank] += 1
        if syntax.empty_pairs and "empty-bracket" in rank_of:
            counts[rank_of["empty-bracket"]] += len(syntax.empty_pairs)
        return tuple(counts) if any(counts) else NO_RANKS

    def _group_facts_of(self, group: GroupSyntax) -> tuple[tuple[int, ...], tuple[str, ...]]:
        """The ranks of the group's own findings (those :meth:`_group_findings` makes,
        codes that are off left out) and the canonical codes of its tags, in order.
        Decided as _group_findings decides, without writing the messages."""
        rank_of = self._rank_of
        registry = self.registry
        ranks = []
        if (group.separator_problems or any(tag.problems for tag in group.tags)) and "malformed-tag" in rank_of:
            ranks.append(rank_of["malformed-tag"])
        for tag in group.tags:
            delegation = registry.lookup(tag.code.upper())
            if delegation is None:
                if "unknown-code" in rank_of:
                    ranks.append(rank_of["unknown-code"])
            elif delegation.kind in ("observer", "partner") and "observer-tag" in rank_of:
                ranks.append(rank_of["observer-tag"])
        canonical = self._canonical
        facts = (tuple(ranks), tuple(canonical(tag.code) for tag in group.tags))
        if len(self._group_facts) >= _GROUP_CACHE_SIZE:
            self._group_facts.clear()
            self._bracket_ranks.clear()
        self._group_facts[group.text] = facts
        return facts

    def _bracket_ranks_of(self, syntax: BlockSyntax, close: int) -> tuple[int, ...]:
        """The ranks of :meth:`_tags_on_bracket` for the groups on the `]` event
        ``close``: they depend on the groups' texts alone, so are kept by them."""
        groups = [index for index, candidate in enumerate(syntax.attach_candidates) if candidate == close]
        key = tuple(syntax.tag_groups[index][1].text for index in groups)
        ranks = self._bracket_ranks.get(key)
        if ranks is None:
            rank_of = self._rank_of
            ranks = tuple(rank_of[code] for code, *_ in self._tags_on_bracket(syntax, groups, None) if code in rank_of)
            if len(self._bracket_ranks) >= _GROUP_CACHE_SIZE:
                self._bracket_ranks.clear()
            self._bracket_ranks[key] = ranks
        return ranks

    def closes_across_blocks(self, text, starts, syntaxes, number, stack, group_base, found) -> None:
        """The findings on the `]` of block ``number`` that close brackets opened in
        earlier blocks (popped from ``stack``), or close nothing."""
        locale = self.locale
        base = starts[number]
        syntax = syntaxes[number]
        events = syntax.events
        add = partial(self.add, found)
        for close in syntax.close_unmatched:
            attached = [i for i, candidate in enumerate(syntax.attach_candidates) if candidate == close]
            if stack:
                opener_block, opener_event, bracket = stack.pop()
                open_offset = starts[opener_block] + syntaxes[opener_block].events[opener_event][0]
                close_offset = base + events[close][0]
                if _NON_SPACE.search(text, open_offset + 1, close_offset) is None:
                    add("empty-bracket", open_offset, close_offset + 1, messages.text("empty-bracket", locale), {"bracket": bracket})
                for code, start, end, message, data in self._tags_on_bracket(syntax, attached, None):
                    data = rebase_indexes(data, group_base, 0)
                    if "bracket" in data:
                        data["bracket"] = bracket
                    add(code, base + start, base + end, message, data)
            else:
                offset = base + events[close][0]
                add("stray-bracket", offset, offset + 1, messages.text("stray-bracket", locale), {"offset": offset})
                for index in attached:  # tags after a stray `]` attach to nothing
                    rel, group = syntax.tag_groups[index]
                    add(
                        "floating-tag",
                        base + rel,
                        base + rel + group.length,
                        messages.text("floating-tag", locale, group=group.text),
                        {"group": group_base + index},
                    )

    # -- one block -------------------------------------------------------------------------

    def _analyze_block(self, syntax: BlockSyntax) -> list[_Local]:
        if not syntax.tag_groups and not syntax.empty_pairs:
            return _NOTHING  # most blocks: prose, labels and brackets without tags
        locale = self.locale
        found: list[_Local] = []
        closed_here = set(syntax.local_pairs.values())
        by_close: dict[int, list[int]] = {}
        for index, ((rel, group), candidate) in enumerate(zip(syntax.tag_groups, syntax.attach_candidates)):
            for code, start, end, message, data in self._group_findings(group):
                found.append((code, rel + start, rel + end, message, {"group": index, **data}))
            if candidate is None:
                found.append(
                    ("floating-tag", rel, rel + group.length, messages.text("floating-tag", locale, group=group.text), {"group": index})
                )
            elif candidate in closed_here:
                by_close.setdefault(candidate, []).append(index)
        if by_close:
            opener_of = {close: opener for opener, close in syntax.local_pairs.items()}
            for close, groups in by_close.items():
                found.extend(self._tags_on_bracket(syntax, groups, syntax.open_ranks[opener_of[close]]))
        for opener in syntax.empty_pairs:
            start = syntax.events[opener][0]
            stop = syntax.events[syntax.local_pairs[opener]][0] + 1
            found.append(("empty-bracket", start, stop, messages.text("empty-bracket", locale), {"bracket": syntax.open_ranks[opener]}))
        return found

    def _canonical(self, code: str) -> str:
        """The delegation a code as written stands for (IRAN and IRN are one), cached."""
        found = self._canonicals.get(code)
        if found is None:
            upper = code.upper()
            found = self._canonicals[code] = self.registry.canonical(upper) or upper
        return found

    def _group_findings(self, group: GroupSyntax) -> list[_Local]:
        """The findings of one tag group on its own (malformed, unknown code, observer),
        relative to its `(`, without the group's index. Cached by the group's text:
        drafts repeat the same few groups hundreds of times."""
        cached = self._groups.get(group.text)
        if cached is not None:
            return cached
        registry = self.registry
        locale = self.locale
        found: list[_Local] = []
        written = group.text
        if group.separator_problems or any(tag.problems for tag in group.tags):
            problems = [p for tag in group.tags for p in tag.problems] + list(group.separator_problems)
            described = ", ".join(dict.fromkeys(messages.text(f"malformed-tag.{p}", locale) for p in problems))
            fixed = "(" + ", ".join(tag.normalized for tag in group.tags) + ")"
            found.append(
                (
                    "malformed-tag",
                    0,
                    group.length,
                    messages.text("malformed-tag", locale, written=written, problems=described, fixed=fixed),
                    {"fix": fixed},
                )
            )
        for tag_index, tag in enumerate(group.tags):
            code = tag.code.upper()
            start, stop = tag.code_span.start, tag.code_span.end
            delegation = registry.lookup(code)
            if delegation is None:
                unknown = self._unknown.get(tag.code)
                if unknown is None:
                    suggestions = [s for s in registry.suggest(code) if s != code]
                    unknown = self._unknown[tag.code] = (suggestions, self.unknown_code_message(tag.code, suggestions))
                suggestions, message = unknown
                found.append(("unknown-code", start, stop, message, {"tag": tag_index, "suggestions": list(suggestions)}))
            elif delegation.kind in ("observer", "partner"):
                found.append(
                    (
                        "observer-tag",
                        start,
                        stop,
                        messages.text("observer-tag", locale, code=code, name=delegation.name(locale)),
                        {"tag": tag_index},
                    )
                )
        if len(self._groups) >= _GROUP_CACHE_SIZE:
            self._groups.clear()
            self._unknown.clear()
        self._groups[written] = found
        return found

    def unknown_code_message(self, written: str, suggestions: list[str]) -> str:
        locale = self.locale
        if suggestions:
            choices = ", ".join(_named(self.registry, s, locale) for s in suggestions)
            hint = messages.text("unknown-code.suggestion", locale, choices=choices)
        else:
            hint = messages.text("unknown-code.none", locale)
        return messages.text("unknown-code", locale, code=written, suggestion=hint)

    def prefer_spellings_in_use(self, found: list[Finding], text: str, in_use: Iterable[str]) -> list[Finding]:
        """The unknown-code findings suggest first the known codes the draft already
        writes (``in_use``, upper case: ``(+IRNA)`` in a draft of ``(+IRAN)`` tags: IRAN
        before IRN). Done over the whole document after the per-block findings, which
        cannot see the other blocks. The suggestions depend on the code as written and
        the set of codes in use alone, so they are kept per pair: a draft with thousands
        of unknown codes asks the registry's similarity search once per distinct code."""
        unknown = [number for number, finding in enumerate(found) if finding.code == "unknown-code"]
        if not unknown:
            return found
        self.use_spellings(in_use)
        found = list(found)
        for number in unknown:
            finding = found[number]
            suggestions, message = self.preferred_spellings(text[finding.span.start : finding.span.end])
            if suggestions != finding.data.get("suggestions"):
                data = {**finding.data, "suggestions": suggestions}
                found[number] = replace(finding, message=message, data=data)
        return found

    def use_spellings(self, in_use: Iterable[str]) -> None:
        """The codes the draft writes now (upper case), for :meth:`preferred_spellings`."""
        in_use_key = frozenset(in_use)
        if in_use_key != self._spellings_in_use:
            self._spellings_in_use = in_use_key
            self._ordered_in_use = sorted(in_use_key)  # the registry's ranking does not depend on the order
            self._preferred.clear()

    def preferred_spellings(self, written: str) -> tuple[list[str], str]:
        """The suggestions for an unknown code as written, the spellings in use first,
        and the message saying them: the same object for as long as the codes in use
        stay the same (the server's rendered diagnostics are kept on that)."""
        preferred = self._preferred.get(written)
        if preferred is None:
            upper = written.upper()
            suggestions = [s for s in self.registry.suggest(upper, in_use=self._ordered_in_use) if s != upper]
            preferred = self._preferred[written] = (suggestions, self.unknown_code_message(written, suggestions))
        return preferred

    def _tags_on_bracket(self, syntax: BlockSyntax, groups: list[int], bracket: int | None) -> list[_Local]:
        """Conflicts and duplicates among the tags on one bracket, comparing delegations
        by canonical code so that IRAN and IRN are one delegation."""
        if len(groups) == 1 and len(syntax.tag_groups[groups[0]][1].tags) == 1:
            return []  # one tag alone: nothing to compare (the common case)
        canonical = self._canonical
        whos = [canonical(tag.code) for index in groups for tag in syntax.tag_groups[index][1].tags]
        if len(set(whos)) == len(whos):
            return []  # every delegation once: no duplicate, no conflict (most brackets)
        locale = self.locale
        found: list[_Local] = []
        seen: set[tuple[str, str]] = set()
        signs: dict[str, set[str]] = {}
        for index in groups:
            rel, group = syntax.tag_groups[index]
            for tag_index, tag in enumerate(group.tags):
                code = tag.code.upper()
                who = canonical(tag.code)
                start, stop = rel + tag.span.start, rel + tag.span.end
                key = (who, tag.kind)
                if key in seen:
                    found.append(
                        (
                            "duplicate-tag",
                            start,
                            stop,
                            messages.text("duplicate-tag", locale, tag=tag.normalized),
                            {"group": index, "tag": tag_index},
                        )
                    )
                    continue
                seen.add(key)
                if tag.sign:
                    held = signs.setdefault(who, set())
                    held.add(tag.sign)
                    if len(held) == 2:
                        held.add("reported")
                        found.append(
                            (
                                "conflicting-tags",
                                start,
                                stop,
                                messages.text("conflicting-tags", locale, code=code),
                                {"bracket": bracket, "code": who},
                            )
                        )
        return found


def rebase_indexes(data: dict, group_base: int, bracket_base: int) -> dict:
    """A block's finding data with its tag-group and bracket indexes made
    document-wide, given how many groups and `[` the blocks before it hold."""
    if not (group_base or bracket_base) or not data:
        return dict(data)
    moved = dict(data)
    if "group" in moved:
        moved["group"] += group_base
    if moved.get("bracket") is not None:
        moved["bracket"] += bracket_base
    return moved


def _named(registry, code: str, locale: str) -> str:
    delegation = registry.lookup(code)
    return f"{code} ({delegation.name(locale)})" if delegation else code
