"""The terminal report: one paragraph per change, what was and what is, and who gained,
lost, joined and withdrew. Word changes read as ``[-old-]{+new+}`` (as ``git diff
--word-diff``), in red and green when colour is on."""

from __future__ import annotations

from .words import item_of, kind_name, lines_of, word

_RED, _GREEN, _BOLD, _DIM, _CYAN, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[2m", "\x1b[36m", "\x1b[0m"
_EXCERPT = 240  # characters of old or new text shown per change
_CONTEXT = 40  # characters of unchanged words kept on each side of a word change


def shorten(text: str, limit: int = _EXCERPT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def shorten_middle(text: str, limit: int = 140) -> str:
    """The start and the end of a text: a bracket's tags stand at its end."""
    if len(text) <= limit:
        return text
    head = text[: limit * 3 // 5].rsplit(" ", 1)[0]
    tail = text[-(limit * 2 // 5) :].split(" ", 1)[-1]
    return f"{head} … {tail}"


def excerpt(change, side: str) -> str:
    value = change.old if side == "old" else change.new
    return shorten_middle(value) if change.kind.startswith("tag-") else shorten(value)


def context(text: str, first: bool, last: bool) -> str:
    """Unchanged words between changes, cut down to a little context."""
    if len(text) <= 2 * _CONTEXT:
        return text
    head = "" if first else text[:_CONTEXT].rsplit(" ", 1)[0] + " …"
    tail = "" if last else "… " + text[-_CONTEXT:].split(" ", 1)[-1]
    return " ".join(part for part in (head, tail) if part) or "…"


def text(report, old_name: str, new_name: str, locale: str, color: bool) -> str:
    def paint(style: str, value: str) -> str:
        return f"{style}{value}{_RESET}" if color and value else value

    out = [paint(_BOLD, word("title", locale, old=old_name, new=new_name))]
    if report.unrelated:
        out.append(word("unrelated", locale))
    if not report.changes:
        out.append(word("no-changes", locale))
        return "\n".join(out) + "\n"
    out.append(word("changes", locale, n=len(report.changes)) + ": " + ", ".join(
        f"{kind_name(kind, locale)} {n}" for kind, n in report.counts().items()
    ))
    for change in report.changes:
        out.append("")
        who = ", ".join(change.delegations)
        head = f"{paint(_BOLD, item_of(change))}  {paint(_CYAN, kind_name(change.kind, locale))}"
        if change.tag:
            head += f" {change.tag}"
        elif who:
            head += f" ({who})"
        out.append(f"{head}  {paint(_DIM, word('line', locale) + ' ' + lines_of(change))}")
        if change.words is not None:
            pieces = []
            last = len(change.words) - 1
            for n, (op, value) in enumerate(change.words):
                if op == "equal":
                    pieces.append(context(value, n == 0, n == last))
                elif op == "delete":
                    pieces.append(paint(_RED, f"[-{value}-]"))
                else:
                    pieces.append(paint(_GREEN, f"{{+{value}+}}"))
            out.append("    " + " ".join(pieces))
            continue
        if change.kind == "item-moved":  # the same words in both places: once is enough
            out.append("    " + excerpt(change, "new"))
            continue
        if change.old is not None and change.kind != "item-renumbered":
            out.append("    " + paint(_RED, "- " + excerpt(change, "old")))
        if change.new is not None and change.kind != "item-renumbered":
            out.append("    " + paint(_GREEN, "+ " + excerpt(change, "new")))
    if report.delegations:
        out.append("")
        out.append(paint(_BOLD, word("by-delegation", locale)))
        for code, entry in sorted(report.delegations.items()):
            parts = []
            for key in ("gained", "lost", "joined", "withdrew"):
                indexes = getattr(entry, key)
                if indexes:
                    names = ", ".join(dict.fromkeys(item_of(report.changes[i]) for i in indexes))
                    parts.append(f"{word(key, locale)} {len(indexes)} ({names})")
            out.append(f"  {code}: " + "; ".join(parts))
    return "\n".join(out) + "\n"
