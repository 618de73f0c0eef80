"""Diagnostics: the findings on a draft, each with a stable code, a severity, an exact
span and a sentence a negotiator understands. The CLI and the language server both call
:func:`analyze`, so they always report the same thing at the same place.

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
==================  ===========  ====================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from cicadraft.syntax import Draft, Span
from cicadraft.syntax.labels import normalize_label
from cicadraft.syntax.text import LineIndex

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


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    span: Span
    message: str
    # What a quick fix needs, JSON-serialisable: indexes into the draft's tag groups,
    # suggested codes, the corrected form.
    data: dict = field(default_factory=dict)


def analyze(
    draft: Draft,
    registry,
    severities: dict[str, str] | None = None,
    locale: str = "en",
) -> list[Finding]:
    """Every finding on ``draft``, sorted by position. ``severities`` maps a code to a
    severity or ``"off"``; codes it does not name keep their default."""
    wanted = dict(DEFAULT_SEVERITY)
    for code, severity in (severities or {}).items():
        if code in wanted and (severity in SEVERITIES or severity == "off"):
            wanted[code] = severity  # type: ignore[assignment]
    findings: list[Finding] = []

    def report(code: str, span: Span, message: str, /, **data: object) -> None:
        severity = wanted[code]
        if severity != "off":
            findings.append(Finding(code, severity, span, message, data))

    _brackets(draft, report, locale)
    _tags(draft, registry, report, locale)
    _labels(draft, report, locale)
    findings.sort(key=lambda f: (f.span.start, f.span.end, f.code))
    return findings


# --------------------------------------------------------------------------------------


def _brackets(draft: Draft, report, locale: str) -> None:
    text = draft.text
    for offset in draft.stray_closes:
        report("stray-bracket", Span(offset, offset + 1), messages.text("stray-bracket", locale), offset=offset)
    for bracket in draft.brackets:
        if bracket.close is None:
            report(
                "unclosed-bracket",
                Span(bracket.open, bracket.open + 1),
                messages.text("unclosed-bracket", locale),
                bracket=bracket.index,
            )
        elif not text[bracket.open + 1 : bracket.close].strip():
            report(
                "empty-bracket",
                Span(bracket.open, bracket.close + 1),
                messages.text("empty-bracket", locale),
                bracket=bracket.index,
            )


def _tags(draft: Draft, registry, report, locale: str) -> None:
    text = draft.text
    for group_index, group in enumerate(draft.tag_groups):
        if group.malformed:
            problems = [p for tag in group.tags for p in tag.problems] + list(group.separator_problems)
            described = ", ".join(dict.fromkeys(messages.text(f"malformed-tag.{p}", locale) for p in problems))
            written = text[group.span.start : group.span.end]
            report(
                "malformed-tag",
                group.span,
                messages.text("malformed-tag", locale, written=written, problems=described, fixed=group.normalized),
                group=group_index,
                fix=group.normalized,
            )
        if group.bracket is None:
            report(
                "floating-tag",
                group.span,
                messages.text("floating-tag", locale, group=text[group.span.start : group.span.end]),
                group=group_index,
            )
        for tag_index, tag in enumerate(group.tags):
            code = tag.code.upper()
            delegation = registry.lookup(code)
            if delegation is None:
                suggestions = [s for s in registry.suggest(code) if s != code]
                if suggestions:
                    choices = ", ".join(_named(registry, s, locale) for s in suggestions)
                    hint = messages.text("unknown-code.suggestion", locale, choices=choices)
                else:
                    hint = messages.text("unknown-code.none", locale)
                report(
                    "unknown-code",
                    tag.code_span,
                    messages.text("unknown-code", locale, code=tag.code, suggestion=hint),
                    group=group_index,
                    tag=tag_index,
                    suggestions=suggestions,
                )
            elif delegation.kind in ("observer", "partner"):
                report(
                    "observer-tag",
                    tag.code_span,
                    messages.text("observer-tag", locale, code=code, name=delegation.name(locale)),
                    group=group_index,
                    tag=tag_index,
                )

    # Per bracket: conflicts and duplicates, comparing delegations by canonical code so
    # that IRAN and IRN are one delegation.
    for bracket in draft.brackets:
        seen: dict[tuple[str, str], str] = {}
        signs: dict[str, set[str]] = {}
        conflict_reported: set[str] = set()
        for group_index in bracket.tag_groups:
            group = draft.tag_groups[group_index]
            for tag_index, tag in enumerate(group.tags):
                code = tag.code.upper()
                who = registry.canonical(code) or code
                key = (who, tag.kind)
                if key in seen:
                    report(
                        "duplicate-tag",
                        tag.span,
                        messages.text("duplicate-tag", locale, tag=tag.normalized),
                        group=group_index,
                        tag=tag_index,
                    )
                    continue
                seen[key] = tag.normalized
                if tag.sign:
                    signs.setdefault(who, set()).add(tag.sign)
                    if len(signs[who]) == 2 and who not in conflict_reported:
                        conflict_reported.add(who)
                        report(
                            "conflicting-tags",
                            tag.span,
                            messages.text("conflicting-tags", locale, code=code),
                            bracket=bracket.index,
                            code=who,
                        )


def _named(registry, code: str, locale: str) -> str:
    delegation = registry.lookup(code)
    return f"{code} ({delegation.name(locale)})" if delegation else code


def _labels(draft: Draft, report, locale: str) -> None:
    lines: LineIndex | None = None
    first_seen: dict[tuple[int | None, str], int] = {}
    # Items and sections are both in document order: sweep them together, keeping the
    # stack of sections that contain the current item.
    sections = draft.sections
    next_section = 0
    open_sections: list[int] = []
    for item in draft.items:
        label = item.label
        offset = item.lead.span.start
        while next_section < len(sections) and sections[next_section].span.start <= offset:
            open_sections.append(next_section)
            next_section += 1
        while open_sections and not sections[open_sections[-1]].span.contains(offset):
            open_sections.pop()
        if label is None:
            continue
        key = (open_sections[-1] if open_sections else None, normalize_label(label))
        if key not in first_seen:
            first_seen[key] = offset
            continue
        if lines is None:
            lines = LineIndex(draft.text)
        first_line = lines.line_of(first_seen[key]) + 1
        report(
            "duplicate-label",
            item.lead.span,
            messages.text("duplicate-label", locale, label=label, line=first_line),
            label=label,
        )
