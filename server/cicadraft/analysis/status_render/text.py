"""The terminal report: no line wider than :data:`WIDTH` columns (names and excerpts
are cut with "…" to fit)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from cicadraft.analysis import messages

from .words import drafts, facts, holders_text, section_title, who, word

WIDTH = 80
_ITEM = 14  # columns for a paragraph's name


@lru_cache(maxsize=4096)
def _char_columns(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def columns(text: str) -> int:
    """Terminal columns: East Asian wide characters take two, combining marks none."""
    if text.isascii():
        return len(text)
    return sum(map(_char_columns, text))


def fit(text: str, width: int = WIDTH) -> str:
    """``text`` cut to ``width`` columns, "…" where it was cut."""
    if text.isascii():
        return text if len(text) <= width else text[: width - 1].rstrip() + "…"
    # No line shows more than this: a character takes a column or more (combining marks
    # aside), and a paragraph may be one 1 MB line.
    text = text[: 4 * width + 1]
    if columns(text) <= width and len(text) <= 4 * width:
        return text
    out, used = [], 0
    for char in text:
        size = _char_columns(char)
        if used + size > width - 1:
            break
        out.append(char)
        used += size
    return "".join(out).rstrip() + "…"


def fit_tail(text: str, width: int = WIDTH) -> str:
    """``text`` cut at its start to ``width`` columns: a path keeps its file name."""
    if columns(text) <= width:
        return text
    return "…" + _tail(text, width - 1)


def _tail(text: str, width: int) -> str:
    out, used = [], 0
    for char in reversed(text):
        size = _char_columns(char)
        if used + size > width:
            break
        out.append(char)
        used += size
    return "".join(reversed(out))


def pad(text: str, width: int) -> str:
    text = fit(text, width)
    return text + " " * (width - columns(text))


def _facts(draft, locale: str) -> list[str]:
    rows = facts(draft, locale)
    label = max(columns(name) for name, _ in rows) + 2
    return [fit(pad(name, label) + value) for name, value in rows]


def _delegation_table(delegations, locale: str, positions: bool) -> list[str]:
    if not delegations:
        return ["  " + word("no-positions", locale)]
    name_width = WIDTH - 2 - 3 * 6
    out = ["  " + pad(word("delegation", locale), name_width) + "".join(f"{s:>6}" for s in ("+", "-", "tcb"))]
    for delegation in delegations.values():
        out.append("  " + pad(who(delegation, locale), name_width) + f"{delegation.plus:>6}{delegation.minus:>6}{delegation.tcb:>6}")
        if positions:
            for position in delegation.positions:
                out.append(fit(f"    {position.sign:<4}{pad(position.item, _ITEM)} {position.line + 1:>5}  {position.text}"))
    return out


def _items(draft, locale: str) -> list[str]:
    if not draft.items:
        return ["  " + word("no-open", locale)]
    out = [fit(f"  {pad(word('paragraph', locale), _ITEM)} {word('line', locale):>6}  {word('holders', locale)}")]
    for paragraph in draft.items:
        holders = holders_text(paragraph.holders()) or "—"
        out.append(fit(f"  {pad(paragraph.item, _ITEM)} {paragraph.line + 1:>6}  {holders}"))
    return out


def _reservations(draft, locale: str) -> list[str]:
    found = draft.reservations
    if not found:
        return ["  " + word("no-reservations", locale)]
    code = max(columns(p.code) for p in found) + 2
    return [fit(f"  {pad(p.code, code)}{pad(p.item, _ITEM)} {p.line + 1:>5}  {p.text}") for p in found]


def _sections(draft, locale: str) -> list[str]:
    if not draft.sections:
        return []
    agreed, open_ = word("agreed", locale), word("open", locale)
    width = max(columns(agreed), 4) + 1
    width_open = max(columns(open_), 4) + 1
    title_width = WIDTH - 2 - width - width_open
    out = ["  " + pad(word("section", locale), title_width) + f"{agreed:>{width}}{open_:>{width_open}}"]
    for section in draft.sections:
        out.append("  " + pad(section_title(section, locale), title_width) + f"{section.agreed:>{width}}{section.open:>{width_open}}")
    return out


def _problems(draft, locale: str) -> list[str]:
    if not draft.problems:
        return []
    out = [fit(word("unbalanced", locale, n=draft.unbalanced))]
    for problem in draft.problems:
        out.append(fit(f"  {problem.line + 1}:{problem.column + 1}: {messages.text(problem.code, locale)}"))
    return out


def text(report, locale: str, by: str = "delegation") -> str:
    out = [fit(f"{word('title', locale)}: {drafts(len(report.drafts), locale)}")]
    for draft in report.drafts:
        out += ["", f"== {fit_tail(draft.path, WIDTH - 6)} =="]
        out += _problems(draft, locale)
        out += _facts(draft, locale)
        out += ["", word("by-item" if by == "item" else "by-delegation", locale)]
        out += _items(draft, locale) if by == "item" else _delegation_table(draft.delegations, locale, positions=True)
        out += ["", word("reservations", locale)]
        out += _reservations(draft, locale)
        if draft.sections:
            out += ["", word("sections", locale)]
            out += _sections(draft, locale)
    if len(report.drafts) > 1:
        total = report.total
        out += ["", fit(f"== {word('total', locale)}: {drafts(total.drafts, locale)} ==")]
        out += _facts(total, locale)
        out += ["", word("by-delegation", locale)]
        out += _delegation_table(total.delegations, locale, positions=False)
    return "\n".join(out) + "\n"

