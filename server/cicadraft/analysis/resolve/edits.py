"""Text edits, outcomes, and the tidying that turns raw cuts into minimal edits (SPEC §6).

A decision (keep, drop, withdraw, ...) first produces *cuts*: spans of the original
text to delete, or rarely to replace (a label `11altern.` becoming `11.`). All cuts of
one decision, even a batch over a whole draft, are computed against the original text;
:func:`finish` then

1. merges cuts that touch or stand apart only by spaces and tabs;
2. widens every deletion over the spaces and tabs around it and puts back at most one
   space where the two sides meet (none at the start or end of a line, before
   ``, . ; : ) ]`` or after ``( [``; the indentation of a line is kept);
3. removes every line that the edits left blank, and every item left with only its label
   or bullet; when that empties a whole block, one blank line next to it goes too;
4. trims each edit to the characters that really change.

Line breaks are never inserted, so CRLF and lone CR line endings stay as they were.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from cicadraft.syntax import Span, parse_block
from cicadraft.syntax.blocks import BLANK_CHARS

_BOM = "\ufeff"

# Spaces an edit may tidy: space, tab and the no-break space word processors put
# between a `]` and its tags.
_HSPACE = " \t\u00a0"
_HSPACE_RUN = re.compile(r"[ \t\u00a0]*")
_NO_SPACE_BEFORE = ",.;:)]"
_NO_SPACE_AFTER = "(["
# What may stay on a line after its label or bullet for the item to count as empty.
_EMPTY_ITEM_REST = BLANK_CHARS + "*.,;:"
_LONGEST_LEAD = 24  # `1.1.3bis alt.`, `- *Recalling*` is not a lead alone
# Bracket tokens as the grammar sees them: `[^label]` is a footnote reference.
_BRACKET_TOKEN = re.compile(r"\[\^[^\[\]\s]+\]|[\[\]]")


@dataclass(frozen=True)
class TextEdit:
    """Replace ``span`` (code-point offsets into the original text) by ``new_text``."""

    span: Span
    new_text: str


@dataclass(frozen=True)
class Refusal:
    """Why a decision was not applied (``reason`` is a stable key, ``message`` English,
    ``args`` what the message mentions, for callers that translate)."""

    reason: str
    message: str
    args: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Override:
    """Another delegation's position that a decision settled against it. Settling a
    bracket for one delegation settles it for every tag on it (SPEC §6): accepting
    IND's proposal in ``[x] (+IND) (-IRAN)`` drops Iran's objection with the tags. The
    command line and the editor say so, from these."""

    bracket: int  # the bracket whose tags held the position
    code: str  # as first written there, upper case
    position: str  # "proposal" (+), "deletion" (-), "reservation" (tcb) or "position" (+ and -)


@dataclass(frozen=True)
class Outcome:
    edits: tuple[TextEdit, ...] = ()
    refusal: Refusal | None = None
    skipped: tuple[Refusal, ...] = ()
    overridden: tuple[Override, ...] = ()

    @property
    def ok(self) -> bool:
        return self.refusal is None

    def preview(self, text: str) -> str:
        """The text after applying the edits."""
        return apply_edits(text, self.edits)


def refused(reason: str, message: str, **args) -> Outcome:
    return Outcome(refusal=Refusal(reason, message, args))


def apply_edits(text: str, edits) -> str:
    """Apply non-overlapping edits given against ``text`` (in any order)."""
    pieces: list[str] = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.span.start, e.span.end)):
        start, end = edit.span.start, edit.span.end
        if start < position or end < start or end > len(text):
            raise ValueError(f"overlapping or out-of-range edit at {start}-{end}")
        pieces.append(text[position:start])
        pieces.append(edit.new_text)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def is_balanced(text: str) -> bool:
    """Whether every `[` of ``text`` has its `]` (footnote references aside)."""
    depth = 0
    for match in _BRACKET_TOKEN.finditer(text):
        token = match.group()
        if token == "[":
            depth += 1
        elif token == "]":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


# --------------------------------------------------------------------------------------
# Cuts


@dataclass(frozen=True, slots=True)
class Cut:
    """A raw change: delete ``[start, end)`` (``new`` empty) or replace it by ``new``.
    Only deletions are tidied."""

    start: int
    end: int
    new: str = ""


@dataclass(slots=True)
class _Piece:
    start: int  # extended over the spaces around it
    end: int
    new: str
    raw_start: int  # the cut before widening
    raw_end: int
    tidy: bool
    gaps: str = ""  # the spaces and tabs that stood between merged cuts


def finish(text: str, cuts, skipped=(), *, overridden=(), check_balance: bool = True) -> Outcome:
    """Turn raw cuts on ``text`` into the tidied, minimal edits of one decision."""
    pieces = _merge(text, sorted(cuts, key=lambda c: (c.start, c.end)))
    for piece in pieces:
        if piece.tidy:
            piece.new = _join(text, piece)
    removals = _emptied_lines(_Applied(text, pieces))
    edits = _keep_breaks_apart(text, _combine(text, pieces, removals))
    if text.startswith(_BOM) and edits and edits[0].span.start == 0 and not edits[0].new_text.startswith(_BOM):
        # A BOM kept inside the text marks the encoding, not the first line: it stays.
        first = edits[0]
        edits[0] = TextEdit(Span(1, max(first.span.end, 1)), first.new_text)
        if not edits[0].new_text and edits[0].span.start == edits[0].span.end:
            edits.pop(0)
    if check_balance and is_balanced(text) and not is_balanced(apply_edits(text, edits)):
        # A guard, not a feature: no decision of this engine should get here.
        return refused(
            "would-unbalance",
            "This change would leave the brackets unbalanced, so it was not made.",
        )
    return Outcome(edits=tuple(edits), skipped=tuple(skipped), overridden=tuple(overridden))


def _merge(text: str, cuts: list[Cut]) -> list[_Piece]:
    pieces: list[_Piece] = []
    for cut in cuts:
        if not pieces:
            pieces.append(_Piece(cut.start, cut.end, cut.new, cut.start, cut.end, not cut.new))
            continue
        last = pieces[-1]
        if cut.start < last.end:  # overlapping: deletions merge; a replacement inside one goes
            if cut.new and not last.new and cut.end <= last.end:
                continue
            if last.new and not cut.new and cut.start <= last.start and last.end <= cut.end:
                pieces[-1] = last = _Piece(cut.start, cut.end, "", cut.start, cut.end, True)
                continue
            if cut.new or last.new:
                raise ValueError(f"overlapping replacements at {cut.start}")
            last.end = last.raw_end = max(last.end, cut.end)
        elif cut.start == last.end:
            last.end = last.raw_end = cut.end
            last.new += cut.new
            last.tidy = last.tidy and not cut.new
        elif not cut.new and last.tidy and _HSPACE_RUN.fullmatch(text, last.end, cut.start):
            # Spaces between two deletions go too. Those before a tag group belonged to
            # the tag (`…] (+IND)`); others separated words (`…] [next`) and may call
            # for a space where the deletion was.
            if text[cut.start] != "(":
                last.gaps += text[last.end : cut.start]
            last.end = last.raw_end = cut.end
        else:
            pieces.append(_Piece(cut.start, cut.end, cut.new, cut.start, cut.end, not cut.new))
    # Widen deletions over the spaces and tabs around them, up to their neighbours.
    for number, piece in enumerate(pieces):
        if not piece.tidy:
            continue
        low = pieces[number - 1].end if number else 0
        high = pieces[number + 1].start if number + 1 < len(pieces) else len(text)
        while piece.start > low and text[piece.start - 1] in _HSPACE:
            piece.start -= 1
        while piece.end < high and text[piece.end] in _HSPACE:
            piece.end += 1
    return pieces


def _join(text: str, piece: _Piece) -> str:
    """What stands where a deletion was: "", one space, or the line's indentation."""
    left = text[piece.start - 1] if piece.start > 0 else "\n"
    right = text[piece.end] if piece.end < len(text) else "\n"
    ws_left = text[piece.start : piece.raw_start]
    ws_right = text[piece.raw_end : piece.end]
    line_start = left in "\r\n"
    line_end = right in "\r\n"
    if line_start and line_end:
        return ""
    if line_start:
        return ws_left  # indentation is not the edit's to change
    if line_end or right in _NO_SPACE_BEFORE or left in _NO_SPACE_AFTER:
        return ""
    # The space between a `]` and its tags belonged to the tags: `“[x] (+IND)”` becomes
    # `“x”`, not `“x ”` (_merge leaves it out of ``gaps``).
    outside = ws_left + piece.gaps + ws_right
    if not outside:
        return ""
    if "\t" in outside and not outside.strip("\t"):
        return "\t"  # a tab only where there were only tabs
    return " "


# --------------------------------------------------------------------------------------
# Emptied lines and items


class _Applied:
    """The result of applying pieces, with a map back to the original offsets."""

    def __init__(self, text: str, pieces: list[_Piece]):
        self.original = text
        self.pieces = pieces
        parts: list[str] = []
        self.result_starts: list[int] = []  # where each piece's new text lands
        position = 0
        delta = 0
        for piece in pieces:
            parts.append(text[position : piece.start])
            self.result_starts.append(piece.start + delta)
            parts.append(piece.new)
            delta += len(piece.new) - (piece.end - piece.start)
            position = piece.end
        parts.append(text[position:])
        self.text = "".join(parts)
        # Result offsets where two originally separate pieces of text meet: a `\r` and a
        # `\n` brought together there are two line breaks, not one.
        self.joins = {start + len(piece.new) for start, piece in zip(self.result_starts, pieces)}

    def original_of(self, r: int) -> int:
        """The original offset of result character ``r``, which lies outside every new
        text (line breaks always do: no edit inserts one)."""
        number = bisect_right(self.result_starts, r) - 1
        if number < 0:
            return r
        piece = self.pieces[number]
        after = self.result_starts[number] + len(piece.new)
        assert r >= after, "offset inside a replacement"
        return piece.end + (r - after)

    # Lines of the result, as (start, end, end_with_break); the break rule is SPEC §1's,
    # except that a `\r` and a `\n` that an edit brought together stay two breaks.

    def _break_at(self, i: int) -> int:
        """Length of the line break starting at result offset ``i`` (0 if none)."""
        ch = self.text[i]
        if ch == "\n":
            return 1
        if ch == "\r":
            if i + 1 < len(self.text) and self.text[i + 1] == "\n" and (i + 1) not in self.joins:
                return 2
            return 1
        return 0

    def line_at(self, r: int) -> tuple[int, int, int]:
        text = self.text
        start = max(text.rfind("\n", 0, r), text.rfind("\r", 0, r)) + 1
        newline, carriage = text.find("\n", r), text.find("\r", r)
        end = min(newline if newline >= 0 else len(text), carriage if carriage >= 0 else len(text))
        return start, end, end + (self._break_at(end) if end < len(text) else 0)

    def line_before(self, start: int) -> tuple[int, int, int] | None:
        if start == 0:
            return None
        brk = start - 1
        if self.text[brk] == "\n" and brk > 0 and self.text[brk - 1] == "\r" and brk not in self.joins:
            brk -= 1
        return self.line_at(brk)

    def line_after(self, line: tuple[int, int, int]) -> tuple[int, int, int] | None:
        _, end, end_break = line
        if end_break == end:  # the last line
            return None
        if end_break == len(self.text):
            return None  # only the empty "line" after a final line break
        return self.line_at(end_break)


def _blank(text: str) -> bool:
    return all(ch in BLANK_CHARS for ch in text)


def _emptied(applied: _Applied, line: tuple[int, int, int]) -> bool:
    text = applied.text[line[0] : line[1]]
    if _blank(text):
        return True
    return _only_a_lead(text) and _no_continuation(applied, line)


def _only_a_lead(text: str) -> bool:
    """Whether a line holds nothing but a label or bullet (with emphasis, punctuation
    and spaces): `10.`, `10.;`, `-`, `- **`."""
    if len(text.strip(_EMPTY_ITEM_REST)) > _LONGEST_LEAD:
        return False
    # The grammar wants a space after a label or bullet; punctuation glued to the label
    # (`10.;`) is peeled off one character at a time.
    candidate = text.rstrip(BLANK_CHARS)
    while True:
        lead = parse_block(candidate + " ").leads[0]
        if lead is not None and not lead.behind_bracket:
            before, after = candidate[: lead.span.start], candidate[lead.span.end :]
            if _blank(before.replace("*", " ")) and all(ch in _EMPTY_ITEM_REST for ch in after):
                return True
        if not candidate or candidate[-1] not in _EMPTY_ITEM_REST:
            return False
        candidate = candidate[:-1]


def _no_continuation(applied: _Applied, line: tuple[int, int, int]) -> bool:
    """An item is more than its lead line when a line of the same block without a lead
    of its own follows. A following item the same batch emptied down to its label and
    punctuation (`2.;`, no longer a lead to the grammar, which wants a space after a
    label) is still an item, not a continuation: one bracket at a time, it was settled
    after this line had gone."""
    following = applied.line_after(line)
    if following is None:
        return True
    next_text = applied.text[following[0] : following[1]]
    return _blank(next_text) or parse_block(next_text).leads[0] is not None or _only_a_lead(next_text)


def _emptied_lines(applied: _Applied) -> list[tuple[int, int]]:
    """Original spans to remove: lines and items the edits left empty (SPEC §6)."""
    touched: list[tuple[int, int, int]] = []
    for start, piece in zip(applied.result_starts, applied.pieces):
        if piece.tidy and not (touched and start <= touched[-1][1]):  # in order: one look-up per line
            touched.append(applied.line_at(start))
    emptied = [line for line in touched if _emptied(applied, line)]
    emptied = sorted(emptied + _leads_left_alone(applied, emptied))
    removed: dict[int, tuple[int, int, int]] = {line[0]: line for line in emptied}
    for run in _runs(emptied):
        before = applied.line_before(run[0][0])
        after = applied.line_after(run[-1])
        before_blank = before is None or _blank(applied.text[before[0] : before[1]])
        after_blank = after is None or _blank(applied.text[after[0] : after[1]])
        if before_blank and after_blank:  # a whole block went: one blank line goes too
            # Prefer the blank line before; take the one after when removing the one
            # before with their own breaks would bring a lone \r and a \n together into
            # one \r\n (two line breaks becoming one would merge the blocks around);
            # failing both, the one that can go with the breaks before it.
            candidates = [n for n in (before, after) if n is not None and n[0] not in removed]
            chosen = next(
                (n for n in candidates if not _joins_with_own_breaks(applied, sorted([n, *run]))),
                next((n for n in candidates if not _run_joins(applied, sorted([n, *run]))), candidates[-1] if candidates else None),
            )
            if chosen is not None:
                removed[chosen[0]] = chosen
    if removed:
        # When the removal ends a text that has no final line break, blank lines left
        # before it would end the text with a line break it did not have: they go too.
        last = removed[max(removed)]
        if last[2] == last[1] == len(applied.text):
            before = applied.line_before(last[0])
            while before is not None and (before[0] in removed or _blank(applied.text[before[0] : before[1]])):
                removed[before[0]] = before
                before = applied.line_before(before[0])
    return [_group_span(applied, group) for group in _runs([removed[key] for key in sorted(removed)])]


def _leads_left_alone(applied: _Applied, emptied) -> list[tuple[int, int, int]]:
    """The lead lines (`1.`) whose continuation lines all went: the item is empty now.
    Only a lead line the edits did not touch, right before a run of emptied lines that
    were continuations in the text (a line that was an empty item of its own stays)."""
    found = []
    for run in _runs(emptied):
        before = applied.line_before(run[0][0])
        if before is None or before in emptied or not _only_a_lead(applied.text[before[0] : before[1]]):
            continue
        start = applied.original_of(run[0][0] - 1) + 1
        original = applied.original
        end = min((i for i in (original.find("\n", start), original.find("\r", start)) if i >= 0), default=len(original))
        if parse_block(original[start:end]).leads[0] is not None:
            continue  # the emptied line was an item of its own, not this one's continuation
        if _no_continuation(applied, run[-1]):
            found.append(before)
    return found


def _runs(lines):
    """Group lines (sorted) into runs of consecutive lines."""
    runs: list[list[tuple[int, int, int]]] = []
    for line in lines:
        if runs and runs[-1][-1][2] == line[0] and runs[-1][-1][2] != runs[-1][-1][1]:
            runs[-1].append(line)
        else:
            runs.append([line])
    return runs


def _group_span(applied: _Applied, group) -> tuple[int, int]:
    """The original span of a run of removed result lines. Its ends are mapped through
    line breaks, which no edit touches. A run that ends the text without a final line
    break takes the line break before it instead of its own. (A run between a lone `\r`
    and a `\n` is moved onto the breaks before it by :func:`_keep_breaks_apart`.)"""
    first, last = group[0], group[-1]
    if last[2] != last[1]:
        start = applied.original_of(first[0] - 1) + 1 if first[0] > 0 else 0
        return start, applied.original_of(last[2] - 1) + 1
    before = applied.line_before(first[0])
    return (applied.original_of(before[1]) if before is not None else 0), len(applied.original)


def _joins_with_own_breaks(applied: _Applied, group) -> bool:
    """Whether removing the run's lines with their own breaks joins a lone `\r` before
    them to a `\n` after them."""
    text = applied.text
    start, end = group[0][0], group[-1][2]
    return start > 0 and text[start - 1] == "\r" and text[end : end + 1] == "\n"


def _joins_with_breaks_before(applied: _Applied, group, before) -> bool:
    """Whether removing them with the breaks before them instead does (only when the line
    before is empty and itself ends a lone `\r`)."""
    text = applied.text
    start, end = before[1], group[-1][1]
    return start > 0 and text[start - 1] == "\r" and text[end : end + 1] == "\n"


def _run_joins(applied: _Applied, group) -> bool:
    """Whether removing the run joins a lone `\r` to a `\n` either way: with its own
    breaks, or with the breaks before it, as :func:`_keep_breaks_apart` would move it."""
    before = applied.line_before(group[0][0])
    return _joins_with_own_breaks(applied, group) and (before is None or _joins_with_breaks_before(applied, group, before))


def _combine(text: str, pieces: list[_Piece], removals: list[tuple[int, int]]) -> list[TextEdit]:
    """Pieces and removed lines as minimal edits against the original text."""
    edits = [TextEdit(Span(start, end), "") for start, end in removals]
    starts = [start for start, _ in removals]
    for piece in pieces:
        number = bisect_right(starts, piece.start) - 1
        if number >= 0 and piece.end <= removals[number][1]:
            continue  # inside a removed line
        edit = _minimal(text, piece.start, piece.end, piece.new)
        if edit is not None:
            edits.append(edit)
    edits.sort(key=lambda e: (e.span.start, e.span.end))
    return edits


def _keep_breaks_apart(text: str, edits: list[TextEdit]) -> list[TextEdit]:
    """A removal between a lone `\r` and a `\n` would bring them together into one
    `\r\n`: two lines merged. Such a removal, when it ends with a line break, takes the
    `\r` before it and keeps its own last break instead (the same lines go); failing
    that (`\r\r` before it, its own break a `\n`), it takes the blank line the `\n`
    after it ends too, unless a `\n` follows that as well. Only a text made of nothing
    but lone `\r` and `\n` breaks around the removal defeats both."""
    for number, edit in enumerate(edits):
        start, end = edit.span.start, edit.span.end
        if edit.new_text or not (0 < start and end < len(text) and text[start - 1] == "\r" and text[end] == "\n"):
            continue
        previous_end = edits[number - 1].span.end if number else -1
        next_start = edits[number + 1].span.start if number + 1 < len(edits) else len(text) + 1
        if previous_end >= start or next_start <= end:
            continue  # next to another edit: the characters that meet are not these
        own = 2 if text[end - 2 : end] == "\r\n" and end - 2 >= start else 1 if text[end - 1] in "\r\n" else 0
        if own and previous_end < start - 1 and not (start > 1 and text[start - 2] == "\r" and text[end - own] == "\n"):
            edits[number] = TextEdit(Span(start - 1, end - own), "")
        elif next_start > end + 1 and text[end + 1 : end + 2] != "\n":
            edits[number] = TextEdit(Span(start, end + 1), "")
    return edits


def _minimal(text: str, start: int, end: int, new: str) -> TextEdit | None:
    old = text[start:end]
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    if prefix == len(old) and prefix == len(new):
        return None
    return TextEdit(Span(start + prefix, end - suffix), new[prefix : len(new) - suffix])
