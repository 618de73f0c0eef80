"""Options and label scopes: the conventions of UN drafts (SPEC §9).

UNFCCC, BBNJ and plastics-treaty drafts give competing texts for one provision as
*options*: ``Option 1:`` / ``Option 2``, ``Option A.1``, nested ``OPTION I`` › ``Option A``
› ``Option 1`` (the BBNJ President's note, A/CONF.232/2022/5 para. 7), with a zero option
``Option 0: No text`` / ``{No text required}``, and ``Alt`` / ``alt2`` markers. They are
alternatives in the sense of SPEC §7.

Two parts:

* per block (pure, cached with the block's parse): :func:`block_marks` finds the lines
  that open an option and the lines that name an article, part or section inside a
  block (``Article 24`` in a text extracted from a PDF without blank lines);
* per document: :class:`ScopeWalk` follows headings, those marks and the paragraph
  labels in order, keeps the stack of open options, and tells which *scope* a label is
  in. Sub-paragraph labels (``(a)``, ``(i)``) belong to their parent paragraph;
  paragraph numbers belong to their option (or to the article or section, outside
  options). :func:`options_of` builds the options of a draft with the same walk, so
  the outline, folding, ``duplicate-label`` and "Choose Option 2" agree.

Where an option ends: at the next option of the same or an outer rank, at a heading or
an article line, at the end of the document; and an option opened *inside* a paragraph
(``1. Option A: …``, or after a paragraph that ends with ``:``) ends at the next
paragraph with another number (``2.``; ``1bis`` still belongs to paragraph 1).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import NamedTuple

from .model import Span

# -- marks in one block --------------------------------------------------------------------

_INSERTED = r"(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies|supra)"
# A paragraph label that may stand before an option marker on its line: `1. Option A:`.
_LEADING_LABEL = rf"(?:\d{{1,3}}(?:\.\d{{1,3}})*(?:[ .]?{_INSERTED})?\.?|\((?:[a-z]{{1,2}}|[ivxlcdm]{{1,6}})\))"
# The words the two regexes below look for, in their order (`Alternative` before `Alt`).
_OPTION_WORDS = ("OPTION", "Option", "option")
_ALT_WORDS = ("Alternative", "ALT", "Alt", "alt")
_DIVISION_WORDS = (
    "Article", "ARTICLE", "Chapter", "CHAPTER", "Part", "PART", "Section", "SECTION", "Annex", "ANNEX",
    "Глава", "Статья", "Раздел", "Приложение",
)
_MARK = re.compile(
    rf"""^(?P<indent>[ \t\ufeff*\[]*)
    (?:(?P<label>{_LEADING_LABEL})[ \t]+)?
    (?P<marker>
        (?P<word>{'|'.join(_OPTION_WORDS)})[ \t]+(?P<id>[IVX]{{1,5}}|[A-Z](?:\.\d{{1,2}})*|\d{{1,2}}(?:\.\d{{1,2}})*|\([a-z]\)|[a-z])
      | (?P<alt>{'|'.join(_ALT_WORDS)})(?:\.?[ \t]?(?P<altid>\d{{1,2}}))?
    )
    (?P<punct>[ \t]*[:.–-])?
    (?P<emphasis>\*{{1,3}})?
    (?=[ \t*\]]|$)""",
    re.M | re.X,
)
# What a line must start with for `_MARK` to match there, wider and without its
# backtracking (which tries every split of a label such as `1.10` before giving up): the
# indent, a paragraph number (digits and dots, a suffix) or `(a)` and spaces, then the
# first letter of a marker word. `_MARK` runs only where this matches.
_MARK_START = re.compile(
    rf"[ \t\ufeff*\[]*+(?:[\d.]++(?:[ .]?{_INSERTED})?\.?[ \t]++|\([a-z]{{1,6}}\)[ \t]++)?"
    rf"[{''.join(sorted({word[0] for word in _OPTION_WORDS + _ALT_WORDS}))}]"
)
# A line that names a division of the text: `Article 24`, `ARTICLE 1bis`, `Part IV`.
_DIVISION_LINE = re.compile(
    rf"^[ \t*\[]*(?:{'|'.join(_DIVISION_WORDS)})"
    rf"(?:[ \t]+[0-9IVXLC]{{1,5}}(?:[ \t]?{_INSERTED})?)?[ \t*.:]*$",
    re.M,
)
# What a line must start with for either regex to match there: `_MARK_START`, or the
# first letter of a division word right after the indent (a division line has no label,
# and its indent is of the same characters). Most lines of a draft start with a
# paragraph number and a word that is no marker, and one call rules both regexes out.
_ANY_MARK_START = re.compile(
    rf"[ \t\ufeff*\[]*+(?:(?:[\d.]++(?:[ .]?{_INSERTED})?\.?[ \t]++|\([a-z]{{1,6}}\)[ \t]++)"
    rf"[{''.join(sorted({word[0] for word in _OPTION_WORDS + _ALT_WORDS}))}]"
    rf"|[{''.join(sorted({word[0] for word in _OPTION_WORDS + _ALT_WORDS + _DIVISION_WORDS}))}])"
)

# Ranks of nesting, outermost first (the BBNJ President's note: OPTION I for groups of
# articles, Option A for paragraphs, Option 1 for subparagraphs).
RANK_ROMAN, RANK_LETTER, RANK_LETTER_DOTTED, RANK_NUMBER, RANK_NUMBER_DOTTED, RANK_SMALL, RANK_ALT = range(7)


class Mark(NamedTuple):
    """A line of a block that opens an option, or names a division (``kind``).
    Offsets are relative to the block. ``span`` is the marker with its punctuation
    (``Option 1:``); ``label`` the marker normalised (``Option 1``); ``host`` the
    paragraph label written before it on its line, if any; ``after_colon`` whether the
    line before, in the block, ends with ``:`` (the option continues that paragraph)."""

    kind: str  # "option", "division" or "intro" (a paragraph that introduces a list or options)
    line: int
    span: Span
    label: str
    rank: int
    host: str | None
    after_colon: bool


def _rank(match: re.Match) -> int:
    if match.group("alt"):
        return RANK_ALT
    word, ident = match.group("word"), match.group("id")
    if word == "OPTION" or re.fullmatch(r"I{1,3}|IV|VI{0,3}|IX|X{1,3}", ident):
        return RANK_ROMAN
    if re.fullmatch(r"[A-Z]", ident):
        return RANK_LETTER
    if re.fullmatch(r"[A-Z](?:\.\d+)+", ident):
        return RANK_LETTER_DOTTED
    if re.fullmatch(r"\d+", ident):
        return RANK_NUMBER
    if re.fullmatch(r"\d+(?:\.\d+)+", ident):
        return RANK_NUMBER_DOTTED
    return RANK_SMALL


def _marker_label(match: re.Match) -> str:
    if match.group("alt"):
        ident = match.group("altid")
        return f"Alt {ident}" if ident else "Alt"
    return f"{match.group('word')} {match.group('id')}"


def block_marks(text: str, line_starts, leads) -> tuple[Mark, ...]:
    """The option and division lines of one block (offsets relative to it). A line
    whose lead is a label of SPEC §7 (`Alt1`) stays an item alternative."""
    # Both regexes start with `^` and never cross a line break: what they find in the
    # block is what they match at the starts of its lines (after a `\n`, where `^` holds;
    # not after a lone `\r`). Matching there costs two calls a line, where searching the
    # block cost a pass over every character.
    if len(line_starts) == 1 and _ANY_MARK_START.match(text) is None:
        # One line that opens no option and names no division, most blocks: marks only
        # when it is a labelled paragraph that introduces what follows (see below).
        lead = leads[0]
        if lead is None or lead.kind != "label":
            return ()
        stop = len(text)
        while stop > lead.span.end and text[stop - 1] in " \t*":
            stop -= 1
        if stop > lead.span.end and text[stop - 1] in ".;,":
            return ()
    options: list[Mark] = []
    divisions: list[Mark] = []
    may_mark = _MARK_START.match
    may_mark_either = _ANY_MARK_START.match
    mark_at = _MARK.match
    division_at = _DIVISION_LINE.match
    for line, line_start in enumerate(line_starts):
        if (line_start and text[line_start - 1] != "\n") or may_mark_either(text, line_start) is None:
            continue
        match = mark_at(text, line_start) if may_mark(text, line_start) else None
        if match is not None:
            option = _option_mark(text, line_starts, leads, line, match)
            if option is not None:
                options.append(option)
        match = division_at(text, line_start)
        if match is not None and leads[line] is None:
            divisions.append(Mark("division", line, Span(match.start(), match.end()), match.group(0).strip(" \t*[:."), -1, None, False))
    found = options
    last_line = len(line_starts) - 1
    for line, lead in enumerate(leads):
        # (`_SUB_LABEL` needs a `(` first: the test of the first character spares the
        # regex call for the paragraph numbers.)
        if lead is None or lead.kind != "label" or (lead.text[:1] == "(" and _SUB_LABEL.fullmatch(lead.text)):
            continue
        # Most paragraphs end with a full stop, a semicolon or a comma: read the line's
        # last character (emphasis and spaces left out) before copying the line.
        end = len(text) if line == last_line else line_starts[line + 1] - 1
        stop = end
        while stop > lead.span.end and text[stop - 1] in " \t*":
            stop -= 1
        if stop > lead.span.end and text[stop - 1] in ".;,":
            continue
        rest = text[lead.span.end : end].strip(" \t*")
        # The cheap tests first: most paragraphs end with a full stop.
        if rest.endswith(":") or (not rest.endswith((".", ";", ",")) and "[" not in rest and len(rest.split(None, 8)) <= 8):
            # A paragraph that introduces what follows (`5. … determines that:`, `1.
            # *Collective long-term goal*`): options right after it are its own.
            found.append(Mark("intro", line, lead.span, lead.text, -1, lead.text, False))
    found += divisions
    if not found:
        return ()
    if len(found) > 1:
        found.sort(key=_mark_start)
    return tuple(found)


def _option_mark(text: str, line_starts, leads, line: int, match: re.Match) -> Mark | None:
    """The option a `_MARK` match on line ``line`` opens, or None when it opens none."""
    lead = leads[line] if line < len(leads) else None
    if lead is not None and lead.kind == "label" and lead.text.lower().startswith("alt"):
        return None
    if lead is not None and lead.kind == "bullet":
        return None
    end = match.end("emphasis") if match.group("emphasis") else match.end("punct") if match.group("punct") else match.end("marker")
    if match.group("alt") and not match.group("altid") and not match.group("punct"):
        # A bare `Alt` opening prose is a word, not a marker: it must stand alone
        # on its line or before a bracket (`Alt [text]`).
        rest = text[end : _line_end(text, line_starts, line)].strip()
        if rest and not rest.startswith("["):
            return None
    host = match.group("label")
    if host is not None and match.group("alt"):
        return None  # `8 Alt.` is a label of SPEC §7 (an alternative to paragraph 8)
    start = match.start("marker")
    while start > match.start() and text[start - 1] == "*":
        start -= 1  # `**Option 1:**`: the emphasis is the marker's
    return Mark("option", line, Span(start, end), _marker_label(match), _rank(match), host, _after_colon(text, line_starts, line))


def _mark_start(mark: Mark) -> int:
    return mark.span.start


def opens_option(syntax) -> bool:
    """Whether a block's first line is an option marker (then it is not a caption)."""
    marks = syntax.marks
    return bool(marks) and marks[0].kind == "option" and marks[0].line == 0


def block_events(syntax) -> tuple:
    """A block's labels and marks in text order: ``("label", position, normalized,
    line_start)`` (position in ``syntax.labels``) and ``("mark", Mark, line_start)``,
    offsets relative to the block. A label before a marker on one line comes first."""
    starts = syntax.line_starts
    events = []
    for position, (lead, normalized) in enumerate(syntax.labels):
        line_start = starts[_line_of(starts, lead.span.start)]
        events.append((line_start, 1, ("label", position, normalized, line_start)))
    for mark in syntax.marks:
        events.append((mark.span.start, 0 if mark.host is None else 2, ("mark", mark, starts[mark.line])))
    events.sort(key=lambda event: (event[0], event[1]))
    return tuple(event for _, _, event in events)


def _line_end(text: str, line_starts, line: int) -> int:
    if line + 1 < len(line_starts):
        return line_starts[line + 1] - 1
    return len(text)


def _after_colon(text: str, line_starts, line: int) -> bool:
    if line == 0:
        return False
    before = text[line_starts[line - 1] : line_starts[line]].rstrip()
    return before.endswith(":")


# -- labels: paragraph or sub-paragraph ------------------------------------------------------

_SUB_LABEL = re.compile(r"\((?:[a-z]{1,2}|[ivxlcdm]{1,6})\)")

_SUB = re.compile(r"\(([a-z]{1,2}|[ivxlcdm]{1,6})\)")
_ROMAN = re.compile(r"[ivxlcdm]{1,6}")
_BASE = re.compile(r"(?:pp|op)?\d{1,3}(?:\.\d{1,3})*")


def label_base(normalized: str) -> str:
    """The number a paragraph label builds on: `1bis` → `1`, `op6alt` → `op6`."""
    found = _BASE.match(normalized)
    return found.group(0) if found else normalized


# -- the walk over a document ------------------------------------------------------------------


@dataclass(slots=True)
class _Open:
    option: int  # index into ScopeWalk.options
    rank: int
    host: str | None  # the base number of the paragraph the option continues


@dataclass(slots=True)
class OptionEntry:
    """An option as the walk sees it (offsets absolute when the walk is given them)."""

    label: str
    rank: int
    marker: Span
    line_start: int  # where the option starts: its marker's line, or its marker after a label
    parent: int | None
    group: int
    host: str | None
    end: int | None = None


class ScopeWalk:
    """Follows a document in order and tells each label's scope. Feed it ``region``
    (a heading or an article line), ``mark`` (an option marker) and ``label`` (a
    paragraph label, normalised), in document order; ``finish`` closes what is open."""

    def __init__(self):
        self.options: list[OptionEntry] = []
        self.groups: list[list[int]] = []
        self.stack: list[_Open] = []
        self.region = 0
        self.paragraph = 0  # a number for the current paragraph
        self.paragraph_base: str | None = None
        self.letter: str | None = None  # the current `(a)`-level label
        self.letter_number = 0
        self.counter = 0
        self.intro: str | None = None  # the paragraph just seen introduces what follows

    def _close(self, depth: int, at: int) -> None:
        while len(self.stack) > depth:
            entry = self.stack.pop()
            option = self.options[entry.option]
            if option.end is None:
                option.end = at

    def new_region(self, at: int, closes_options: bool = True) -> None:
        """A heading or an article line: a new scope for paragraph numbers. A caption
        (a short line before a paragraph, often a page header in PDF extracts) does not
        end the options around it."""
        if closes_options:
            self._close(0, at)
        self.region += 1
        self._new_paragraph(None)

    def _new_paragraph(self, base: str | None) -> None:
        self.counter += 1
        self.paragraph = self.counter
        self.paragraph_base = base
        self.letter = None
        self.letter_number = 0

    def mark(self, mark: Mark, marker: Span, line_start: int) -> None:
        if mark.kind == "intro":
            from .labels import normalize_label

            self.intro = label_base(normalize_label(mark.label))
            return
        intro, self.intro = self.intro, None
        depth = len(self.stack)
        while depth and self.stack[depth - 1].rank >= mark.rank:
            depth -= 1
        sibling = None
        if depth < len(self.stack) and self.stack[depth].rank == mark.rank:
            sibling = self.stack[depth]
        self._close(depth, line_start)
        if mark.host is not None:
            from .labels import normalize_label

            host = label_base(normalize_label(mark.host))
            self._new_paragraph(host)
        elif sibling is not None:
            host = sibling.host
        elif (mark.after_colon or intro is not None) and self.paragraph_base is not None:
            host = self.paragraph_base
        else:
            host = None
        parent = self.stack[-1].option if self.stack else None
        if sibling is not None:
            group = self.options[sibling.option].group
        else:
            group = len(self.groups)
            self.groups.append([])
        index = len(self.options)
        # After a label on its line (`1. Option A:`), the option starts at its marker:
        # the label is the paragraph's, whichever option is chosen.
        start = marker.start if mark.host is not None else line_start
        self.options.append(OptionEntry(mark.label, mark.rank, marker, start, parent, group, host))
        self.groups[group].append(index)
        self.stack.append(_Open(index, mark.rank, host))

    def label(self, normalized: str, line_start: int) -> tuple:
        """The scope of a label: two labels repeat only when their scopes are equal."""
        sub = _SUB.fullmatch(normalized)
        self.intro = None
        option = self.stack[-1].option if self.stack else None
        if sub is None:
            base = label_base(normalized)
            # A paragraph with another number ends the options opened inside a paragraph.
            depth = len(self.stack)
            for position, entry in enumerate(self.stack):
                if entry.host is not None and entry.host != base:
                    depth = position
                    break
            if depth < len(self.stack):
                self._close(depth, line_start)
                option = self.stack[-1].option if self.stack else None
            self._new_paragraph(base)
            return ("paragraph", self.region, option)
        name = sub.group(1)
        if self._is_roman(name):
            return ("roman", self.paragraph, option, self.letter_number)
        self.letter = name
        self.letter_number += 1
        return ("letter", self.paragraph, option)

    def _is_roman(self, name: str) -> bool:
        if not _ROMAN.fullmatch(name):
            return False
        if len(name) == 1 and self.letter is not None and len(self.letter) == 1 and ord(name) == ord(self.letter) + 1:
            return False  # `(i)` after `(h)`, `(v)` after `(u)`: a letter
        if name == "i" or self.letter is not None:
            return True
        return len(name) > 1

    def finish(self, at: int) -> None:
        self._close(0, at)


# -- the options of a draft -------------------------------------------------------------------


@dataclass(slots=True)
class Option:
    """One option of a draft, absolute offsets. ``span`` runs from the start of the
    marker's line to the end of the option's text (trailing blank lines left out);
    ``body`` is the option's own text after the marker; ``members`` of its ``group``
    are the options it is an alternative to (itself included)."""

    index: int
    label: str
    rank: int
    marker: Span
    span: Span
    body: Span
    parent: int | None
    group: int
    no_text: bool
    children: list[int] = field(default_factory=list)


_NO_TEXT = re.compile(r"[\s:.\-–]*\{?\s*No\s+(?:text|article)(?:\s+required)?\s*\}?[\s.]*", re.I)


def options_of(draft) -> tuple[list[Option], list[list[int]]]:
    """The options of a draft and their groups (lists of option indexes)."""
    if not any(mark.kind == "option" for block in draft.blocks for mark in block.syntax.marks):
        return [], []  # most drafts have none: no walk over their blocks
    walk = ScopeWalk()
    text = draft.text
    heading_kinds = {heading.span.start: heading.kind for heading in draft.headings}
    for block in draft.blocks:
        base = block.span.start
        syntax = block.syntax
        kind = heading_kinds.get(base)
        if kind is not None:
            walk.new_region(base, kind != "caption")
            continue
        for event in block_events(syntax):
            if event[0] == "label":
                walk.label(event[2], base + event[3])
                continue
            mark, line_start = event[1], base + event[2]
            if mark.kind == "division":
                walk.new_region(line_start)
            else:
                walk.mark(mark, mark.span.shifted(base), line_start)
    walk.finish(len(text))
    options: list[Option] = []
    for index, entry in enumerate(walk.options):
        end = _trim_end(text, entry.line_start, entry.end if entry.end is not None else len(text))
        body_start = entry.marker.end
        while body_start < end and text[body_start] in " \t":
            body_start += 1
        body = Span(body_start, max(body_start, end))
        no_text = _NO_TEXT.fullmatch(text, body.start, body.end) is not None
        options.append(Option(index, entry.label, entry.rank, entry.marker, Span(entry.line_start, end), body, entry.parent, entry.group, no_text))
    for option in options:
        if option.parent is not None:
            options[option.parent].children.append(option.index)
    return options, walk.groups


def _line_of(line_starts, offset: int) -> int:
    return bisect_right(line_starts, offset) - 1


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
