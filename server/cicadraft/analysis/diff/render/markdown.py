"""The Markdown report (for a preview tab, a pull request or an e-mail): a table of
what changed per delegation, then each change with its old and new text; word changes as
~~deleted~~ and **inserted**."""

from __future__ import annotations

import re

from .text import context, excerpt
from .words import item_of, kind_name, lines_of, word

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~-])")


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def markdown(report, old_name: str, new_name: str, locale: str) -> str:
    out = [f"# {escape(word('title', locale, old=old_name, new=new_name))}", ""]
    if report.unrelated:
        out += [f"> {word('unrelated', locale)}", ""]
    if not report.changes:
        out.append(word("no-changes", locale))
        return "\n".join(out) + "\n"
    out += [f"| {word('kind', locale)} | {word('count', locale)} |", "| --- | ---: |"]
    out += [f"| {kind_name(kind, locale)} | {n} |" for kind, n in report.counts().items()]
    out.append("")
    if report.delegations:
        keys = ("gained", "lost", "joined", "withdrew")
        out += [f"## {word('by-delegation', locale)}", ""]
        out.append(f"| {word('delegation', locale)} | " + " | ".join(word(k, locale) for k in keys) + " |")
        out.append("| --- |" + " --- |" * len(keys))
        for code, entry in sorted(report.delegations.items()):
            cells = []
            for key in keys:
                names = dict.fromkeys(item_of(report.changes[i]) for i in getattr(entry, key))
                cells.append(escape(", ".join(names)) if names else word("none", locale))
            out.append(f"| {code} | " + " | ".join(cells) + " |")
        out.append("")
    out += [f"## {word('changes', locale, n=len(report.changes))}", ""]
    for change in report.changes:
        who = change.tag or ", ".join(change.delegations)
        line = f"- **{escape(item_of(change))}**: {kind_name(change.kind, locale)}"
        if who:
            line += f" ({escape(who)})"
        line += f", {word('line', locale)} {lines_of(change)}"
        out.append(line)
        if change.words is not None:
            pieces = []
            last = len(change.words) - 1
            for n, (op, value) in enumerate(change.words):
                if op == "equal":
                    pieces.append(escape(context(value, n == 0, n == last)))
                elif op == "delete":
                    pieces.append(f"~~{escape(value)}~~")
                else:
                    pieces.append(f"**{escape(value)}**")
            out.append("  - " + " ".join(pieces))
        elif change.kind != "item-renumbered":
            if change.old is not None:
                out.append(f"  - {word('old', locale)}: {escape(excerpt(change, 'old'))}")
            if change.new is not None:
                out.append(f"  - {word('new', locale)}: {escape(excerpt(change, 'new'))}")
    return "\n".join(out) + "\n"
