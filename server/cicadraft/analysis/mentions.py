"""What the text says at an offset: a tag's delegation code, a bracket, a delegation,
a priority area or a CICA body named in prose. Pure Python, no LSP; the hover and the
code actions use it.

Performance: a request on a 1 MB draft looks only at the line under the offset (and
at most :data:`WINDOW` characters of it on either side) and finds tag groups and
brackets by bisection over the draft's sorted lists. The patterns that recognise names
are compiled once per registry (:func:`vocabulary`).

Matching names in prose ignores case, quote style (straight, curly, guillemets),
dash style, runs of spaces and diacritics, like :func:`cicadraft.registry.normalize_name`;
a name matches only as whole words. Abbreviations (``SOC``, ``CBMs``, ``КСДЛ``) and
bare delegation codes (``IRAN``) match as written, as a whole word.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal

from cicadraft.syntax import Draft, LineIndex, Span

from .attribution import attribution_at
from .resolve.structure import region_end

# How far around the offset a line is examined (a 1 MB draft may be one line).
WINDOW = 400

_QUOTES = frozenset("\"'`´“”„‟«»‘’‚‛‹›″′")
_DASHES = frozenset("‐‑‒–—―−")
_CODE = re.compile(r"[A-Z0-9]{2,10}")

MentionKind = Literal["tag", "code", "name", "area", "abbreviation", "open", "close", "stray", "attribution"]


@dataclass(frozen=True)
class Mention:
    """Something under an offset. ``span`` is the token (code-point offsets)."""

    kind: MentionKind
    span: Span
    text: str  # as written
    delegation: object | None = None  # registry Delegation (tag, code, name)
    area: object | None = None  # registry PriorityArea
    body: object | None = None  # registry Body
    bracket: int | None = None  # index into draft.brackets (open, close; tag: the bracket it attaches to)
    group: int | None = None  # index into draft.tag_groups (tag)
    tag: int | None = None  # index into the group's tags (tag)
    attribution: object | None = None  # analysis.attribution.Attribution (attribution)


# --------------------------------------------------------------------------------------
# Tag groups and brackets, by bisection


def group_at(draft: Draft, offset: int) -> int | None:
    """The tag group whose span contains ``offset`` (its closing `)` included)."""
    groups = draft.tag_groups
    number = bisect_right(groups, offset, key=lambda g: g.span.start) - 1
    if number >= 0 and groups[number].span.start <= offset < groups[number].span.end:
        return number
    return None


def tag_at(draft: Draft, offset: int) -> tuple[int, int] | None:
    """``(group, tag)`` of the tag whose text contains ``offset``."""
    number = group_at(draft, offset)
    if number is None:
        return None
    for t, tag in enumerate(draft.tag_groups[number].tags):
        if tag.span.start <= offset < tag.span.end:
            return number, t
    return None


def bracket_opening_at(draft: Draft, offset: int) -> int | None:
    """The bracket whose `[` is at ``offset`` (a footnote's `[^` is none)."""
    brackets = draft.brackets
    number = bisect_right(brackets, offset, key=lambda b: b.open) - 1
    if number >= 0 and brackets[number].open == offset:
        return number
    return None


def _last_opened(draft: Draft, offset: int) -> int | None:
    number = bisect_right(draft.brackets, offset, key=lambda b: b.open) - 1
    return number if number >= 0 else None


def bracket_closing_at(draft: Draft, offset: int) -> int | None:
    """The bracket whose `]` is at ``offset``."""
    number = _last_opened(draft, offset)
    while number is not None:
        bracket = draft.brackets[number]
        if bracket.close == offset:
            return number
        if bracket.close is None or bracket.close > offset:
            # Still open at the offset: an inner bracket would have closed before.
            return None
        number = bracket.parent
    return None


def innermost_bracket_at(draft: Draft, offset: int, with_tags: bool = True) -> int | None:
    """The innermost bracket around ``offset``: from its `[` to just after its `]`, or
    with ``with_tags`` to the end of its last attached tag group (both ends included, so
    a cursor just after ``(-IND)`` still belongs to its bracket)."""
    number = _last_opened(draft, offset)
    length = len(draft.text)
    while number is not None:
        bracket = draft.brackets[number]
        end = region_end(draft, bracket) if with_tags else (bracket.close + 1 if bracket.close is not None else length)
        if bracket.open <= offset <= end:
            return number
        number = bracket.parent
    # A cursor on a tag group attached to a bracket that closed earlier.
    group = group_at(draft, offset)
    if group is None and offset > 0:
        group = group_at(draft, offset - 1)
    if group is not None and draft.tag_groups[group].bracket is not None:
        return draft.tag_groups[group].bracket
    return None


def brackets_in(draft: Draft, start: int, end: int) -> list[int]:
    """The brackets a selection touches: the innermost one around its start, and every
    bracket opening inside it, in document order."""
    found: list[int] = []
    first = innermost_bracket_at(draft, start)
    if first is not None:
        found.append(first)
    number = bisect_right(draft.brackets, start, key=lambda b: b.open)
    while number < len(draft.brackets) and draft.brackets[number].open < end:
        if number != first:
            found.append(number)
        number += 1
    return found


def is_stray(draft: Draft, offset: int) -> bool:
    strays = draft.stray_closes
    number = bisect_right(strays, offset) - 1
    return number >= 0 and strays[number] == offset


# --------------------------------------------------------------------------------------
# Names in prose


_FOLD_CACHE: dict[str, str] = {}


def _fold_char(ch: str) -> str:
    folded = _FOLD_CACHE.get(ch)
    if folded is None:
        if ch in _QUOTES:
            folded = "'"
        elif ch in _DASHES:
            folded = "-"
        elif ch.isspace():
            folded = " "
        else:
            decomposed = unicodedata.normalize("NFKD", ch)
            folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
            if not folded:  # a lone combining mark: keep a placeholder
                folded = "\u0000"
        if len(_FOLD_CACHE) < 65536:
            _FOLD_CACHE[ch] = folded
    return folded


def fold(text: str) -> tuple[str, list[int]]:
    """The matching form of ``text`` and, for each folded character, the index of the
    original character it comes from. Runs of spaces become one space."""
    out: list[str] = []
    origin: list[int] = []
    last_space = False
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        if folded == " ":
            if last_space:
                continue
            last_space = True
        else:
            last_space = False
        out.append(folded)
        origin.extend([i] * len(folded))
    return "".join(out), origin


def fold_name(name: str) -> str:
    return fold(name)[0].strip(" ")


def _alternation(keys) -> re.Pattern | None:
    keys = sorted({k for k in keys if k}, key=lambda k: (-len(k), k))
    if not keys:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(k) for k in keys) + r")(?!\w)")


def _is_abbreviation(word: str) -> bool:
    """``SOC``, ``CBMs``, ``КСДЛ``: one word of capitals (a plural ``s`` allowed)."""
    if not word or not all(ch.isalnum() for ch in word):
        return False
    core = word[:-1] if len(word) > 2 and word.endswith("s") else word
    letters = [ch for ch in core if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


class Vocabulary:
    """The registry's names, compiled for matching in prose."""

    def __init__(self, registry):
        self.registry = registry
        names: dict[str, object] = {}
        for name, delegation in registry.name_patterns():
            key = fold_name(name)
            if key and key not in names:
                names[key] = registry.delegation_by_name(name) or delegation
        self.names = names
        self.name_pattern = _alternation(names)
        areas: dict[str, object] = {}
        for area in registry.areas():
            for name in (*area.names.values(), *area.aliases):
                key = fold_name(name)
                if key and key not in areas:
                    areas[key] = registry.area_by_name(name) or area
        self.areas = areas
        self.area_pattern = _alternation(areas)
        abbreviations: dict[str, object] = {}
        for body in registry.bodies():
            for word in ((body.abbr,) if body.abbr else ()) + tuple(body.aliases):
                if _is_abbreviation(word) and word not in abbreviations:
                    abbreviations[word] = body
        self.abbreviations = abbreviations
        self.longest = max((len(k) for k in (*names, *areas)), default=0)


_VOCABULARIES: dict[int, Vocabulary] = {}
_LOCK = threading.Lock()


def vocabulary(registry) -> Vocabulary:
    """The compiled vocabulary of a registry, built once per registry object."""
    found = _VOCABULARIES.get(id(registry))
    if found is not None and found.registry is registry:
        return found
    built = Vocabulary(registry)
    with _LOCK:
        if len(_VOCABULARIES) > 16:  # registries are few; forget old ones
            _VOCABULARIES.clear()
        _VOCABULARIES[id(registry)] = built
    return built


def _word_span(line: str, index: int) -> tuple[int, int] | None:
    """The ``\\w+`` word of ``line`` containing ``index``."""
    if index >= len(line) or not (line[index].isalnum() or line[index] == "_"):
        return None
    start = index
    while start > 0 and (line[start - 1].isalnum() or line[start - 1] == "_"):
        start -= 1
    end = index + 1
    while end < len(line) and (line[end].isalnum() or line[end] == "_"):
        end += 1
    return start, end


def _named_at(pattern: re.Pattern | None, folded: str, at: int, longest: int):
    """The longest match of ``pattern`` in ``folded`` covering index ``at``: the one
    starting earliest among those that reach past ``at``."""
    if pattern is None:
        return None
    low = max(0, at - longest)
    for start in range(low, at + 1):
        ch = folded[start]
        if not ch.isalnum() or (start > 0 and (folded[start - 1].isalnum() or folded[start - 1] == "_")):
            continue
        match = pattern.match(folded, start)
        if match and match.end() > at:
            return match
    return None


def _with_quotes(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a name to the quotes around it, when it is quoted: “Combating Terrorism”."""
    if start > 0 and end < len(text) and text[start - 1] in _QUOTES and text[end] in _QUOTES:
        return start - 1, end + 1
    return start, end


def delegation_named(registry, written: str):
    """The delegation a code or a name written in prose stands for, or None."""
    upper = written.upper()
    if _CODE.fullmatch(upper):
        found = registry.lookup(upper)
        if found is not None:
            return found
    return vocabulary(registry).names.get(fold_name(written))


def _prose_mention(draft: Draft, lines: LineIndex, offset: int, registry) -> Mention | None:
    text = draft.text
    line = lines.line_of(offset)
    line_start = lines.starts[line]
    line_end = lines.line_end(line)
    if offset >= line_end:
        return None
    vocab = vocabulary(registry)
    reach = max(WINDOW, vocab.longest + 8)
    low = max(line_start, offset - reach)
    high = min(line_end, offset + reach)
    segment = text[low:high]
    index = offset - low

    candidates: list[tuple[int, int, Mention]] = []  # (length, priority, mention)

    word = _word_span(segment, index)
    if word is not None:
        token = segment[word[0] : word[1]]
        span = Span(low + word[0], low + word[1])
        if _CODE.fullmatch(token):
            delegation = registry.lookup(token)
            if delegation is not None:
                candidates.append((len(span), 3, Mention("code", span, token, delegation=delegation)))
        body = vocab.abbreviations.get(token)
        if body is not None:
            candidates.append((len(span), 2, Mention("abbreviation", span, token, body=body)))

    if not segment[index].isspace():
        folded, origin = fold(segment)
        # The folded character coming from the one at `index` (the first, if several).
        at = bisect_right(origin, index - 1)
        # On a quote mark, the name may start just after it or end just before it.
        tries = (at, at + 1, at - 1) if at < len(folded) and folded[at] == "'" else (at,)
        for pattern, table, kind, priority in (
            (vocab.area_pattern, vocab.areas, "area", 1),
            (vocab.name_pattern, vocab.names, "name", 0),
        ):
            for where in tries:
                if not 0 <= where < len(folded):
                    continue
                match = _named_at(pattern, folded, where, vocab.longest)
                if match is None:
                    continue
                start = origin[match.start()]
                end = origin[match.end() - 1] + 1
                start, end = _with_quotes(segment, start, end)
                if not start <= index < end:
                    continue
                span = Span(low + start, low + end)
                found = table[match.group()]
                mention = (
                    Mention("area", span, segment[start:end], area=found)
                    if kind == "area"
                    else Mention("name", span, segment[start:end], delegation=found)
                )
                candidates.append((len(span), priority, mention))
                break

    if not candidates:
        return None
    candidates.sort(key=lambda c: (-c[0], -c[1]))
    return candidates[0][2]


def mention_at(draft: Draft, offset: int, registry, lines: LineIndex | None = None) -> Mention | None:
    """What is at ``offset`` (the character starting there), or None."""
    text = draft.text
    if not 0 <= offset < len(text):
        return None
    # 1. A tag of a tag group.
    found = tag_at(draft, offset)
    if found is not None:
        g, t = found
        group = draft.tag_groups[g]
        tag = group.tags[t]
        span = tag.code_span if tag.code_span.start <= offset < tag.code_span.end else tag.span
        delegation = registry.lookup(tag.code.upper()) if registry is not None else None
        return Mention("tag", span, tag.code, delegation=delegation, bracket=group.bracket, group=g, tag=t)
    if group_at(draft, offset) is not None:
        return None  # the parentheses or commas of a tag group
    # 2. A bracket.
    ch = text[offset]
    if ch == "[":
        number = bracket_opening_at(draft, offset)
        if number is not None:
            return Mention("open", Span(offset, offset + 1), ch, bracket=number)
    elif ch == "]":
        number = bracket_closing_at(draft, offset)
        if number is not None:
            return Mention("close", Span(offset, offset + 1), ch, bracket=number)
        if is_stray(draft, offset):
            return Mention("stray", Span(offset, offset + 1), ch)
    if registry is None:
        return None
    lines = lines if lines is not None else LineIndex(text)
    # 3. Attribution written as prose: `(Led by Singapore)`, `[EU: …`, `CAN, UK delete`.
    attributed = attribution_at(text, lines, offset)
    if attributed is not None:
        span = attributed.span
        return Mention("attribution", span, text[span.start : span.end], attribution=attributed)
    # 4. Words of the line.
    return _prose_mention(draft, lines if lines is not None else LineIndex(text), offset, registry)


__all__ = [
    "Mention",
    "Vocabulary",
    "bracket_closing_at",
    "bracket_opening_at",
    "brackets_in",
    "fold",
    "group_at",
    "innermost_bracket_at",
    "is_stray",
    "mention_at",
    "region_end",
    "tag_at",
    "vocabulary",
]
