"""Attribution written as prose (SPEC §9, docs/conventions.md): the ways UN drafts say
whose text a passage is without CICA's ``(+CODE)`` tags.

* ``(Led by Singapore)``, ``(Proposed by the EU)``, ``(Supported by G77/China, AOSIS)``:
  a parenthesis naming who leads or supports a proposal (BBNJ small-group outcomes);
* ``[EU: text …]``, ``US: text`` at the start of a proposal or a line: the delegation
  whose wording follows (compilations of textual proposals);
* ``[text - US; CAN, UK delete]``, ``[text - EU, G77 retain / other - US]``: Rio+20 style
  lists, a proponent after a dash and opponents with a verb.

They are prose to the syntax (no tag warning is raised on them). The hover names the
delegations and says what each wants; the outline shows the attribution beside the
paragraph. Pure Python, no registry needed to find them (names are resolved by the
caller); only the line under an offset, at most :data:`WINDOW` characters of it, is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cicadraft.syntax import LineIndex, Span

WINDOW = 400

# A delegation as UN drafts write it in these places: a code (`US`, `G77`, `LDCs`,
# `G77/China`) or a name of one to four capitalised words (`Singapore`, `New Zealand`,
# `the Russian Federation`, `Arab Group`).
_CODE = r"[A-Z][A-Z0-9]{1,9}s?(?:/[A-Z][a-z]+)?"
_NAME = r"(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:of\s+|and\s+)?[A-Z][\w'’.-]*){0,3}"
_WHO = rf"(?:{_CODE}|{_NAME})"
_LIST = rf"{_WHO}(?:\s*(?:,|;|&|\band\b)\s*{_WHO}){{0,11}}"

_LED = re.compile(
    rf"\((?P<verb>Led|led|Proposed|proposed|Submitted|submitted|Supported|supported|Sponsored|sponsored|Co-sponsored|co-sponsored|Facilitated|facilitated)\s+by\s+(?P<who>{_LIST})\s*\)"
)
_SPEAKER = re.compile(rf"(?:(?<=\[)|^)[ \t*]*(?P<who>{_CODE}(?:\s*,\s*{_CODE}){{0,8}})\s*:(?=\s)", re.M)
_VERBS = "delete|deletes|retain|retains|oppose|opposes|support|supports|reserve|reserves|bracket|brackets|propose|proposes|add|adds|object|objects"
_WITH_VERB = re.compile(
    rf"(?:(?<=[\[\];/(])|(?<=[\[\];/(]\s)|(?<=\s[-–]\s)|^)\s*(?P<who>{_CODE}(?:\s*(?:,|\band\b)\s*(?:{_CODE}|[A-Z][a-z]+)){{0,11}})\s+(?P<verb>{_VERBS})\b",
    re.M,
)
_DASHED = re.compile(rf"\s[-–]\s*(?P<who>{_CODE}(?:\s*,\s*{_CODE}){{0,11}})\s*(?=[;\]/])")
# Words that open a line with a colon but name nobody.
_NOT_SPEAKERS = frozenset({"NOTE", "OPTION", "ALT", "ARTICLE", "PART", "SECTION", "ANNEX", "CHAPTER", "PREAMBLE", "TITLE", "TEXT", "NB"})
_LABEL_LIKE = re.compile(r"(?:PP|OP)\d+|[IVXLC]+")


@dataclass(frozen=True)
class Attribution:
    """Who a passage is attributed to. ``span`` is the whole attribution; ``who`` each
    delegation as written with its span; ``verb`` what they do: ``led``, ``proposed``,
    ``supported``, ``speaker`` (``EU:``), or a verb such as ``delete``, ``retain``."""

    span: Span
    who: tuple[tuple[Span, str], ...]
    verb: str

    def describe(self) -> str:
        """A short line for the outline: ``Led by Singapore``, ``CAN, UK delete``."""
        names = ", ".join(written for _, written in self.who)
        if self.verb in ("led", "proposed", "supported", "submitted", "sponsored", "co-sponsored", "facilitated"):
            return f"{self.verb.capitalize()} by {names}"
        if self.verb == "speaker":
            return f"Proposed by {names}"
        return f"{names} {self.verb}"


def _split(text: str, start: int, end: int) -> tuple[tuple[Span, str], ...]:
    found = []
    for match in re.finditer(rf"{_CODE}|{_NAME}", text[start:end]):
        written = match.group(0)
        if written.startswith("the "):
            offset = 4
            written = written[4:]
        else:
            offset = 0
        if written in ("and",):
            continue
        found.append((Span(start + match.start() + offset, start + match.end()), written))
    return tuple(found)


# The verbs' stems: one of them is written in any match of _WITH_VERB.
_VERB_STEM = re.compile("|".join(sorted({verb.rstrip("s") for verb in _VERBS.split("|")})))


def attributions_in(text: str, start: int = 0, end: int | None = None) -> list[Attribution]:
    """Every attribution in ``text[start:end]``, in order."""
    end = len(text) if end is None else end
    found: list[Attribution] = []
    # What each regex needs written somewhere in the stretch, tested first: most
    # paragraphs hold none of it, and three of the four regexes try every position (the
    # outline asks for each of a 1 MB draft's thousands of items).
    led = text.find("(", start, end) >= 0 and text.find("by", start, end) >= 0
    speaker = text.find(":", start, end) >= 0
    with_verb = _VERB_STEM.search(text, start, end) is not None
    dashed = text.find("-", start, end) >= 0 or text.find("–", start, end) >= 0
    if not (led or speaker or with_verb or dashed):
        return found
    for match in _LED.finditer(text, start, end) if led else ():
        verb = match.group("verb").lower()
        found.append(Attribution(Span(match.start(), match.end()), _split(text, *match.span("who")), verb))
    for match in _SPEAKER.finditer(text, start, end) if speaker else ():
        codes = [c.strip() for c in match.group("who").split(",")]
        if any(c.upper() in _NOT_SPEAKERS or _LABEL_LIKE.fullmatch(c) for c in codes):
            continue
        found.append(Attribution(Span(match.start("who"), match.end()), _split(text, *match.span("who")), "speaker"))
    for match in _WITH_VERB.finditer(text, start, end) if with_verb else ():
        found.append(Attribution(Span(match.start("who"), match.end()), _split(text, *match.span("who")), match.group("verb").lower().rstrip("s")))
    for match in _DASHED.finditer(text, start, end) if dashed else ():
        who = _split(text, *match.span("who"))
        if any(a.span.start <= match.start("who") < a.span.end for a in found):
            continue
        found.append(Attribution(Span(match.start("who"), match.end("who")), who, "proposed"))
    found.sort(key=lambda a: a.span.start)
    return found


def attribution_at(text: str, lines: LineIndex, offset: int) -> Attribution | None:
    """The attribution whose span holds ``offset`` (on its line), or None."""
    line = lines.line_of(offset)
    low = max(lines.starts[line], offset - WINDOW)
    high = min(lines.line_end(line), offset + WINDOW)
    for attribution in attributions_in(text, low, high):
        if attribution.span.start <= offset < attribution.span.end:
            return attribution
    return None


def first_attribution(text: str, span: Span) -> Attribution | None:
    """The first attribution in the first :data:`WINDOW` characters of ``span`` (an item
    or an option), for the outline."""
    found = attributions_in(text, span.start, min(span.end, span.start + WINDOW))
    return found[0] if found else None
