"""The Markdown report: a section per draft, tables a wiki or an issue tracker shows."""

from __future__ import annotations

import re

from cicadraft.analysis import messages

from .words import drafts, facts, holders_text, section_title, who, word

_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def _md(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _facts(view, locale: str) -> list[str]:
    rows = facts(view, locale)
    return [f"- **{_md(name)}:** {_md(value)}" for name, value in rows]


def _delegations(delegations, locale: str, positions: bool) -> list[str]:
    if not delegations:
        return [word("no-positions", locale)]
    out = [f"| {word('delegation', locale)} | + | - | tcb |", "| --- | ---: | ---: | ---: |"]
    for d in delegations.values():
        out.append(f"| {_md(who(d, locale))} | {d.plus} | {d.minus} | {d.tcb} |")
    if positions:
        out += ["", f"| {word('delegation', locale)} | {word('sign', locale)} | {word('paragraph', locale)} | "
                    f"{word('line', locale)} | {word('text', locale)} |", "| --- | --- | --- | ---: | --- |"]
        for d in delegations.values():
            for p in d.positions:
                out.append(f"| {_md(d.code)} | {_md(p.sign)} | {_md(p.item)} | {p.line + 1} | {_md(p.text)} |")
    return out


def _items(draft, locale: str) -> list[str]:
    if not draft.items:
        return [word("no-open", locale)]
    out = [f"| {word('paragraph', locale)} | {word('line', locale)} | {word('proposals', locale)} | {word('holders', locale)} |",
           "| --- | ---: | ---: | --- |"]
    for p in draft.items:
        out.append(f"| {_md(p.item)} | {p.line + 1} | {p.proposals} | {_md(holders_text(p.holders())) or '—'} |")
    return out


def _reservations(draft, locale: str) -> list[str]:
    found = draft.reservations
    if not found:
        return [word("no-reservations", locale)]
    out = [f"| {word('delegation', locale)} | {word('paragraph', locale)} | {word('line', locale)} | {word('text', locale)} |",
           "| --- | --- | ---: | --- |"]
    out += [f"| {_md(p.code)} | {_md(p.item)} | {p.line + 1} | {_md(p.text)} |" for p in found]
    return out


def _sections(draft, locale: str) -> list[str]:
    out = [f"| {word('section', locale)} | {word('agreed', locale)} | {word('open', locale)} |", "| --- | ---: | ---: |"]
    out += [f"| {_md(section_title(s, locale))} | {s.agreed} | {s.open} |" for s in draft.sections]
    return out


def markdown(report, locale: str, by: str = "delegation") -> str:
    out = [f"# {_md(word('title', locale))}: {drafts(len(report.drafts), locale)}"]
    for draft in report.drafts:
        out += ["", f"## {_md(draft.path)}", ""]
        if draft.problems:
            out.append(f"> {_md(word('unbalanced', locale, n=draft.unbalanced))}")
            out += [f"> - {p.line + 1}:{p.column + 1}: {_md(messages.text(p.code, locale))}" for p in draft.problems]
            out.append("")
        out += _facts(draft, locale)
        out += ["", f"### {_md(word('by-item' if by == 'item' else 'by-delegation', locale))}", ""]
        out += _items(draft, locale) if by == "item" else _delegations(draft.delegations, locale, positions=True)
        out += ["", f"### {_md(word('reservations', locale))}", ""]
        out += _reservations(draft, locale)
        if draft.sections:
            out += ["", f"### {_md(word('sections', locale))}", ""]
            out += _sections(draft, locale)
    if len(report.drafts) > 1:
        out += ["", f"## {_md(word('total', locale))}: {drafts(report.total.drafts, locale)}", ""]
        out += _facts(report.total, locale)
        out += ["", f"### {_md(word('by-delegation', locale))}", ""]
        out += _delegations(report.total.delegations, locale, positions=False)
    return "\n".join(out) + "\n"
