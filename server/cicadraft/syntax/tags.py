"""Splitting a tag group into tags and spotting near misses (SPEC §4).

The grammar's TAG_GROUP terminal is deliberately loose so that ``(+ IRAN)``,
``(+iran)``, ``(AZER TCB)`` or a minus sign pasted from a word processor are still
recognised as tags. Each such deviation is recorded as a problem key; the analysis layer
turns the keys into a message and the normalised form is the fix.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .scanner import terminal_regex
from .model import GroupSyntax, Span, Tag

# Problem keys, rendered into sentences by cicadraft.analysis.messages.
SPACE_AFTER_SIGN = "space-after-sign"
LOWERCASE_CODE = "lowercase-code"
UPPERCASE_TCB = "uppercase-tcb"
DASH_SIGN = "dash-sign"
SIGN_AND_TCB = "sign-and-tcb"
SEMICOLON = "semicolon"

_SIGN_CHARS = {"+": "+", "-": "-", "\u2212": "-", "\u2013": "-"}
_SPACE = re.compile(r"[ \t\u00a0]+")


@lru_cache(maxsize=4096)
def parse_tag_group(group_text: str) -> GroupSyntax:
    """The tags of one TAG_GROUP token, offsets relative to its `(`. Cached: drafts
    repeat the same few groups (``(+IRAN)``, ``(-IND)``) hundreds of times."""
    # The grammar's TAG terminal as lark compiles it, read from the scanner's cached
    # tables: one definition of a tag, and no lark import when the cache is warm.
    tag_pattern = terminal_regex("TAG")
    tags = tuple(_parse_tag(match.group(), match.start()) for match in tag_pattern.finditer(group_text))
    separator_problems = (SEMICOLON,) if ";" in group_text else ()
    return GroupSyntax(length=len(group_text), tags=tags, separator_problems=separator_problems, text=group_text)


def _parse_tag(raw: str, offset: int) -> Tag:
    problems: list[str] = []
    sign = None
    pos = 0
    if raw[0] in _SIGN_CHARS:
        sign = _SIGN_CHARS[raw[0]]
        if raw[0] not in "+-":
            problems.append(DASH_SIGN)
        pos = 1
        space = _SPACE.match(raw, pos)
        if space:
            problems.append(SPACE_AFTER_SIGN)
            pos = space.end()
    code_end = pos
    while code_end < len(raw) and raw[code_end].isascii() and raw[code_end].isalnum():
        code_end += 1
    code = raw[pos:code_end]
    # A plural acronym (`LDCs`, as UN drafts write the least developed countries) is
    # written right; any other lower case is a near miss.
    if code != code.upper() and not (code[-1] == "s" and len(code) > 2 and code[:-1] == code[:-1].upper() and not code[:-1].isdigit()):
        problems.append(LOWERCASE_CODE)
    rest = raw[code_end:].strip(" \t\u00a0")
    tcb = bool(rest)
    if tcb and rest != "tcb":
        problems.append(UPPERCASE_TCB)
    if sign and tcb:
        problems.append(SIGN_AND_TCB)
        sign = None  # a reservation is the weaker claim: normalise to `CODE tcb`
    return Tag(
        span=Span(offset, offset + len(raw)),
        code_span=Span(offset + pos, offset + code_end),
        sign=sign,  # type: ignore[arg-type]
        code=code,
        tcb=tcb,
        problems=tuple(problems),
    )
