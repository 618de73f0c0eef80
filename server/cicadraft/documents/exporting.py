"""A draft as a Word document (``cicadraft export``, docs/export.md).

This module decides what the document holds; :mod:`.word_writer` writes it with
python-docx. Every character of the draft's text has its place in the document, so
what Word shows is the draft, line for line:

* each item (a labelled or bulleted line), heading and block starts a paragraph; the
  other lines of an item are line breaks inside it; a blank line is an empty paragraph,
  and three or more blank lines (between the enclosures of a circular) start a new page;
* ``**bold**`` and ``*italic*`` become formatting (their markers go), Markdown ``#``
  marks become heading styles, and a preambular bullet's participle is italic;
* brackets stay as text; tag groups are text in the "Delegation Tag" character style.

With ``track_changes``, each bracket that carries exactly one signed tag and holds no
other bracket becomes a Word revision by that delegation: the text of Accept All and of
Reject All is computed by the resolve engine (the brackets kept or dropped all at once,
tidied as ``cicadraft resolve`` tidies), and the document is the character-level merge
of the two, so that Word's Accept All gives the first and Reject All the second.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from .errors import DocumentError
from .word_writer import Paragraph, Run, document_bytes

# Scripts, for the language Word proofs a paragraph in.
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_KAZAKH = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_LATIN = re.compile(r"[A-Za-z]")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.DOTALL)
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])", re.DOTALL)
_MARKDOWN_HEADING = re.compile(r"#{1,6}[ \t]+")
# The participle that opens a preambular paragraph: `- Recalling`, `- Reaffirming`.
_PARTICIPLE = re.compile(r"(?:[-•][ \t]+)([A-ZА-Я][a-zа-я]+(?:ing|ed))\b")


def export_document(text: str, out: Path, *, registry, track_changes: bool = False, clean: bool = False) -> list[str]:
    """Write ``text`` (a draft) to ``out`` as a Word document, atomically; the notes
    say what the user should know (brackets left as text under ``track_changes``)."""
    from cicadraft.atomic import write_atomic

    paragraphs, notes = layout(text, registry=registry, track_changes=track_changes, clean=clean)
    data = document_bytes(paragraphs, title=_title(paragraphs))
    try:
        write_atomic(str(out), data)
    except OSError as error:
        raise DocumentError(f"{out}: cannot write ({error.strerror or error}); nothing was written") from None
    return notes


def layout(text: str, *, registry=None, track_changes: bool = False, clean: bool = False) -> tuple[list[Paragraph], list[str]]:
    """The paragraphs of the document for ``text``, and the notes."""
    from cicadraft.analysis import resolve as engine
    from cicadraft.syntax import parse

    notes: list[str] = []
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")
    draft = parse(text)
    if clean:
        outcome = engine.keep_all(draft)
        if outcome.refusal is not None:
            raise DocumentError(f"cannot make a clean text: {outcome.refusal.message}")
        text = outcome.preview(text).rstrip("\n")
        draft = parse(text)
    pieces = [_Piece(text, 0, None)]
    if track_changes:
        if not draft.balanced:
            notes.append("the brackets are unbalanced: exported without revisions (cicadraft check shows where)")
        else:
            pieces = _tracked_pieces(draft, registry, notes, engine)
    return _Layout(draft).paragraphs(pieces), notes


# --------------------------------------------------------------------------------------
# Revisions


@dataclass
class _Piece:
    text: str
    origin: int  # offset in the draft of its first character (or where it was inserted)
    revision: tuple[str, str] | None
    inserted: bool = False  # text the engine put in (a space, a new label), not the draft's
    source: int | None = None  # for a revision: the converted bracket it comes from


def _convertible(draft, bracket) -> str | None:
    """The one signed tag of a bracket that can become a revision, as ``+CODE``/``-CODE``."""
    if bracket.children or bracket.close is None:
        return None
    tags = [tag for g in bracket.tag_groups for tag in draft.tag_groups[g].tags]
    if len(tags) != 1 or tags[0].sign is None or tags[0].tcb or tags[0].malformed:
        return None
    return tags[0].sign + tags[0].code.upper()


def _author(code: str, registry) -> str:
    delegation = registry.lookup(code) if registry is not None else None
    return delegation.name("en") if delegation is not None else code


def _tracked_pieces(draft, registry, notes: list[str], engine) -> list[_Piece]:
    """The draft as base text and revisions: Accept All keeps the insertions and drops
    the deletions, Reject All the opposite; the engine says what each must give."""
    converted: dict[int, str] = {}
    for bracket in draft.brackets:
        tag = _convertible(draft, bracket)
        if tag is not None:
            converted[bracket.index] = tag
    left = len([b for b in draft.brackets if not b.is_note]) - len(converted)
    if left:
        notes.append(
            f"{left} bracket{'s' if left != 1 else ''} stay{'s' if left == 1 else ''} bracketed text "
            "(a revision needs exactly one signed tag and no bracket inside)"
        )
    if not converted:
        return [_Piece(draft.text, 0, None)]
    wish = {"+": ("keep", "drop"), "-": ("drop", "keep")}
    accepted = engine.settle(draft, {i: wish[tag[0]][0] for i, tag in converted.items()})
    rejected = engine.settle(draft, {i: wish[tag[0]][1] for i, tag in converted.items()})
    if accepted.refusal is not None or rejected.refusal is not None:
        notes.append("the revisions could not be worked out: exported without them")
        return [_Piece(draft.text, 0, None)]
    territories = sorted(
        (draft.brackets[i].open, _region_end(draft, draft.brackets[i]), _author(tag[1:], registry))
        for i, tag in converted.items()
    )
    return _tightened(_merge(draft.text, accepted.edits, rejected.edits, territories))


def _region_end(draft, bracket) -> int:
    end = bracket.close + 1
    for g in bracket.tag_groups:
        end = max(end, draft.tag_groups[g].span.end)
    return end


def _merge(text: str, accept_edits, reject_edits, territories) -> list[_Piece]:
    """The character-level merge of the two results: text in both is base text, text
    only in Accept All is inserted, text only in Reject All is deleted, each revision
    by the delegation of the nearest converted bracket."""
    starts = [start for start, _, _ in territories]

    def nearest(offset: int) -> int:
        number = bisect_right(starts, offset) - 1
        candidates = [n for n in (number, number + 1) if 0 <= n < len(territories)]

        def distance(n: int) -> int:
            start, end, _ = territories[n]
            return 0 if start <= offset < end else min(abs(offset - start), abs(offset - end))

        return min(candidates, key=distance)

    def revision(kind: str, offset: int, text_: str, inserted: bool = False) -> _Piece:
        source = nearest(offset)
        return _Piece(text_, offset, (kind, territories[source][2]), inserted=inserted, source=source)

    def cut_map(edits):
        return {edit.span.start: edit for edit in edits}

    accept, reject = cut_map(accept_edits), cut_map(reject_edits)
    points = sorted({0, len(text)} | {e.span.start for e in accept_edits} | {e.span.end for e in accept_edits}
                    | {e.span.start for e in reject_edits} | {e.span.end for e in reject_edits})
    in_accept = _coverage(accept_edits)
    in_reject = _coverage(reject_edits)
    pieces: list[_Piece] = []
    for start, end in zip(points, points[1:] + [None]):
        a, r = accept.get(start), reject.get(start)
        new_a = a.new_text if a is not None else ""
        new_r = r.new_text if r is not None else ""
        # What the edits put in at this point: common text is base, the rest is each side's.
        common = new_a if new_a == new_r else ""
        if common:
            pieces.append(_Piece(common, start, None, inserted=True))
        else:
            if new_a:
                pieces.append(revision("ins", start, new_a, inserted=True))
            if new_r:
                pieces.append(revision("del", start, new_r, inserted=True))
        if end is None or end == start:
            continue
        kept_a, kept_r = not in_accept(start), not in_reject(start)
        chunk = text[start:end]
        if kept_a and kept_r:
            pieces.append(_Piece(chunk, start, None))
        elif kept_a:
            pieces.append(revision("ins", start, chunk))
        elif kept_r:
            pieces.append(revision("del", start, chunk))
    return pieces


def _tightened(pieces: list[_Piece]) -> list[_Piece]:
    """Each run of revisions of one bracket inside a line with what both sides share at its ends as
    base text: ``del(" ") ins(", as appropriate, ")`` is ``ins(", as appropriate,") " "``
    (the engine's tidying moves spaces; Word should not show a moved space as a change)."""
    out: list[_Piece] = []
    run: list[_Piece] = []

    def flush():
        sources = {piece.source for piece in run}
        if len(sources) != 1 or any("\n" in piece.text for piece in run):
            out.extend(run)  # two proposals side by side stay two
        else:
            author = run[0].revision[1]
            added = "".join(p.text for p in run if p.revision[0] == "ins")
            removed = "".join(p.text for p in run if p.revision[0] == "del")
            prefix = 0
            while prefix < min(len(added), len(removed)) and added[prefix] == removed[prefix]:
                prefix += 1
            suffix = 0
            while suffix < min(len(added), len(removed)) - prefix and added[-1 - suffix] == removed[-1 - suffix]:
                suffix += 1
            if not prefix and not suffix:
                out.extend(run)
            else:
                origin = run[0].origin
                for text, revision in (
                    (added[:prefix], None),
                    (added[prefix : len(added) - suffix], ("ins", author)),
                    (removed[prefix : len(removed) - suffix], ("del", author)),
                    (added[len(added) - suffix :], None),
                ):
                    if text:
                        out.append(_Piece(text, origin, revision, inserted=True))
        run.clear()

    for piece in pieces:
        if piece.revision is None:
            if run:
                flush()
            out.append(piece)
        else:
            run.append(piece)
    if run:
        flush()
    return out


def _coverage(edits):
    """Whether an offset lies inside one of the edits' spans (edits sorted, disjoint)."""
    spans = sorted((e.span.start, e.span.end) for e in edits)
    starts = [s for s, _ in spans]

    def covered(offset: int) -> bool:
        number = bisect_right(starts, offset) - 1
        return number >= 0 and spans[number][0] <= offset < spans[number][1]

    return covered


# --------------------------------------------------------------------------------------
# Paragraphs and formatting


class _Layout:
    """Where the draft's paragraphs start and what they look like, and which of its
    characters are formatting (emphasis markers, `#` marks) rather than text."""

    def __init__(self, draft):
        self.draft = draft
        text = draft.text
        self.paragraph_styles: dict[int, str] = {}  # line start → style, for lines that start a paragraph
        self.breaks: dict[int, str] = {}  # offset of each "\n" → "paragraph" or "line"
        hidden: list[tuple[int, int]] = []
        bold: list[tuple[int, int]] = []
        italic: list[tuple[int, int]] = []
        heading_at = {h.span.start: h for h in draft.headings}
        previous_blank = 0
        for block in draft.blocks:
            start = block.span.start
            syntax = block.syntax
            heading = heading_at.get(start)
            block_text = text[start : block.span.end]
            for number, relative in enumerate(syntax.line_starts):
                line_start = start + relative
                lead = syntax.leads[number]
                if number == 0 or (lead is not None and heading is None):
                    self.paragraph_styles[line_start] = self._style(heading, lead, block_text)
                    if number:
                        self.breaks[line_start - 1] = "paragraph"
                elif line_start > start:
                    self.breaks[line_start - 1] = "line"
                # (A lead's span is relative to its block.)
                if lead is not None and lead.kind == "heading":
                    marks = _MARKDOWN_HEADING.match(block_text, lead.span.start)
                    if marks:
                        hidden.append((start + marks.start(), start + marks.end()))
                if lead is not None and lead.kind == "bullet":
                    match = _PARTICIPLE.match(block_text, lead.span.start)
                    if match:
                        italic.append((start + match.start(1), start + match.end(1)))
            for match in _BOLD.finditer(block_text):
                hidden += [(start + match.start(), start + match.start(1)), (start + match.end(1), start + match.end())]
                bold.append((start + match.start(1), start + match.end(1)))
            masked = _BOLD.sub(lambda m: "  " + m.group(1) + "  ", block_text)
            for match in _ITALIC.finditer(masked):
                hidden += [(start + match.start(), start + match.start(1)), (start + match.end(1), start + match.end())]
                italic.append((start + match.start(1), start + match.end(1)))
            # The blank lines before this block: each an empty paragraph.
            for offset in range(previous_blank, start):
                if text[offset] == "\n":
                    self.breaks[offset] = "paragraph"
            previous_blank = block.span.end
        for offset in range(previous_blank, len(text)):
            if text[offset] == "\n":
                self.breaks[offset] = "paragraph"
        self.hidden = _Spans(hidden)
        self.bold = _Spans(bold)
        self.italic = _Spans(italic)
        self.tags = _Spans([(g.span.start, g.span.end) for g in draft.tag_groups])
        # A block after three or more blank lines opens a new page (the enclosures of a
        # circular are set apart so); not the first block.
        self.new_pages = {
            block.span.start for block in draft.blocks[1:] if text[block.span.start - 4 : block.span.start] == "\n\n\n\n"
        }

    def _style(self, heading, lead, block_text: str) -> str:
        if heading is not None:
            if heading.kind == "title":
                return "Title"
            return f"Heading {min(heading.level, 3)}"
        if lead is not None and lead.kind == "label":
            return "Item"
        return "Normal"

    def paragraphs(self, pieces: list[_Piece]) -> list[Paragraph]:
        text = self.draft.text
        paragraphs = [Paragraph(self.paragraph_styles.get(0, "Normal"))]
        for piece in pieces:
            boundaries = self._boundaries(piece)
            for start, end in zip(boundaries, boundaries[1:]):
                chunk = piece.text[start - piece.origin : end - piece.origin] if not piece.inserted else piece.text
                if not piece.inserted and end - start == 1 and text[start] == "\n":
                    if self.breaks.get(start, "paragraph") == "paragraph":
                        paragraphs[-1].mark_revision = piece.revision
                        following = start + 1
                        paragraphs.append(
                            Paragraph(self.paragraph_styles.get(following, "Normal"), page_break_before=following in self.new_pages)
                        )
                        continue
                    chunk = "\n"
                elif not piece.inserted and self.hidden.covers(start):
                    continue
                at = piece.origin if piece.inserted else start
                run = Run(
                    chunk,
                    bold=self.bold.covers(at),
                    italic=self.italic.covers(at),
                    tag=self.tags.covers(at),
                    revision=piece.revision,
                )
                paragraphs[-1].runs.append(run)
                if piece.inserted:
                    break
        for paragraph in paragraphs:
            paragraph.language = _language("".join(run.text for run in paragraph.runs))
            paragraph.runs = _joined(paragraph.runs)
        return paragraphs

    def _boundaries(self, piece: _Piece) -> list[int]:
        """Where formatting changes inside ``piece`` (draft offsets), so that each part
        between two boundaries has one format; each line break is a part of its own."""
        if piece.inserted:
            return [piece.origin, piece.origin + 1]
        start, end = piece.origin, piece.origin + len(piece.text)
        points = {start, end}
        for spans in (self.hidden, self.bold, self.italic, self.tags):
            points.update(spans.boundaries_in(start, end))
        position = piece.text.find("\n")
        while position >= 0:
            points.update((start + position, start + position + 1))
            position = piece.text.find("\n", position + 1)
        return sorted(points)


class _Spans:
    """Sorted, non-overlapping spans with look-ups by offset."""

    def __init__(self, spans: list[tuple[int, int]]):
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if end <= start:
                continue
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.spans = merged
        self.starts = [s for s, _ in merged]

    def covers(self, offset: int) -> bool:
        number = bisect_right(self.starts, offset) - 1
        return number >= 0 and offset < self.spans[number][1]

    def boundaries_in(self, start: int, end: int) -> list[int]:
        number = max(bisect_right(self.starts, start) - 1, 0)
        found = []
        while number < len(self.spans) and self.spans[number][0] < end:
            found.extend(p for p in self.spans[number] if start < p < end)
            number += 1
        return found


def _joined(runs: list[Run]) -> list[Run]:
    """Neighbouring runs of the same format as one."""
    out: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        last = out[-1] if out else None
        if last is not None and (last.bold, last.italic, last.tag, last.revision) == (run.bold, run.italic, run.tag, run.revision):
            last.text += run.text
        else:
            out.append(Run(run.text, run.bold, run.italic, run.tag, run.revision))
    return out


def _language(text: str) -> str:
    """The language Word should proof a paragraph in: by its letters."""
    cyrillic = len(_CYRILLIC.findall(text))
    if cyrillic and cyrillic >= len(_LATIN.findall(text)):
        return "kk-KZ" if _KAZAKH.search(text) else "ru-RU"
    return "en-GB"


def _title(paragraphs: list[Paragraph]) -> str:
    for paragraph in paragraphs:
        if paragraph.style in ("Title", "Heading 1"):
            return " ".join("".join(run.text for run in paragraph.runs if run.revision is None).split())[:200]
    return ""
