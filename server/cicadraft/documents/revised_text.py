"""Pieces of document text with their revisions, rendered as draft text.

A reader (Word, ODF) turns a document into a flat list of ``Piece``s: runs of text with
their emphasis and the stack of revisions they sit in (outermost first: an insertion by
A that B then deleted is ``(("+", A), ("-", B))``), and paragraph breaks, which carry the
revision of the paragraph mark they stand for. ``render`` groups consecutive pieces that
share a revision into one bracket with its tag, nesting as the stacks nest, so that
accepting (rejecting) every tag gives the document's Accept All (Reject All) text
(SPEC §6, §8).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: A revision: ("+", author) inserted, ("-", author) deleted, ("tcb", author) reserved.
Revision = tuple[str, str]

#: The most text an import produces; a document larger than this is refused, not truncated.
MAX_TEXT_CHARS = 20_000_000

# A comment that is a reservation (SPEC §4 "tcb"), in English or Russian, any case.
_RESERVATION = re.compile(r"^\s*(?:tcb|to come back|вернуться(?: к этому)?)\s*[.!]?\s*$", re.IGNORECASE)


def is_reservation(comment: str) -> bool:
    return bool(_RESERVATION.match(comment))


# Private-use sentinels marking where a comment is anchored, removed after rendering.
_ANCHOR_OPEN, _ANCHOR_CLOSE = "\ue000", "\ue001"


@dataclass
class Piece:
    text: str
    revisions: tuple[Revision, ...] = ()
    bold: bool = False
    italic: bool = False
    #: Structural text (labels, heading marks, cell separators, footnote references):
    #: never emphasised, and its revisions are those of the text around it.
    glue: bool = False
    #: A paragraph break: ``text`` is the blank line (or line break) it renders as.
    brk: bool = False
    #: Comment ids anchored at the start of this piece.
    anchors: list[str] = field(default_factory=list)


@dataclass
class _Group:
    revision: Revision | None
    children: list  # of _Group and int (indices into the piece list)
    start: int = 0
    end: int = 0  # exclusive


def _tree(pieces: list[Piece]) -> _Group:
    root = _Group(None, [], 0, len(pieces))

    def build(lo: int, hi: int, depth: int) -> list:
        out: list = []
        i = lo
        while i < hi:
            revs = pieces[i].revisions
            if len(revs) <= depth:
                out.append(i)
                i += 1
                continue
            j = i + 1
            while j < hi and len(pieces[j].revisions) > depth and pieces[j].revisions[depth] == revs[depth] \
                    and pieces[j].revisions[:depth] == revs[:depth]:
                j += 1
            out.append(_Group(revs[depth], build(i, j, depth + 1), i, j))
            i = j
        return out

    root.children = build(0, len(pieces), 0)
    return root


def render(pieces: list[Piece], codes: dict[str, str]) -> tuple[str, dict[str, int]]:
    """The draft text of ``pieces`` and, for each comment anchor, its 1-based line."""
    pieces = _merge_adjacent(pieces)
    tree = _tree(pieces)
    text = _render_children(tree.children, pieces, codes)
    lines: dict[str, int] = {}
    out = []
    i = 0
    line = 1
    while True:
        j = text.find(_ANCHOR_OPEN, i)
        if j < 0:
            out.append(text[i:])
            break
        k = text.find(_ANCHOR_CLOSE, j)
        out.append(text[i:j])
        line += text.count("\n", i, j)
        lines.setdefault(text[j + 1:k], line)
        i = k + 1
    return "".join(out), lines


def _merge_adjacent(pieces: list[Piece]) -> list[Piece]:
    merged: list[Piece] = []
    for piece in pieces:
        last = merged[-1] if merged else None
        if (last is not None and not piece.anchors and not piece.brk and not last.brk and not piece.glue
                and not last.glue and (last.revisions, last.bold, last.italic) == (piece.revisions, piece.bold, piece.italic)):
            last.text += piece.text
        elif piece.text or piece.anchors:
            merged.append(Piece(piece.text, piece.revisions, piece.bold, piece.italic, piece.glue, piece.brk, list(piece.anchors)))
    return merged


def _tag(revision: Revision, codes: dict[str, str]) -> str:
    kind, author = revision
    code = codes[author]
    return f"{code} tcb" if kind == "tcb" else f"{kind}{code}"


def _render_children(children: list, pieces: list[Piece], codes: dict[str, str]) -> str:
    out: list[str] = []
    run: list[Piece] = []  # leaves with the same emphasis, wrapped together

    def flush():
        if run:
            out.append(_emphasise(run))
            run.clear()

    for child in children:
        if isinstance(child, int):
            piece = pieces[child]
            if run and (piece.glue or piece.brk or run[-1].glue or run[-1].brk
                        or (piece.bold, piece.italic) != (run[-1].bold, run[-1].italic)):
                flush()
            run.append(piece)
            continue
        flush()
        out.append(_render_group(child, pieces, codes))
    flush()
    return "".join(out)


def _render_group(group: _Group, pieces: list[Piece], codes: dict[str, str], extra_tags: tuple[str, ...] = ()) -> str:
    # A reservation on exactly one bracket (and the spaces around it) is a tag on that
    # bracket, not a new bracket.
    if group.revision[0] == "tcb":
        blank = [isinstance(c, int) and not pieces[c].text.strip() and not pieces[c].brk for c in group.children]
        inner = [c for c, b in zip(group.children, blank) if not b]
        if len(inner) == 1 and isinstance(inner[0], _Group):
            at = group.children.index(inner[0])
            before = "".join(pieces[c].text for c in group.children[:at])
            after = "".join(pieces[c].text for c in group.children[at + 1:])
            return before + _render_group(inner[0], pieces, codes, (*extra_tags, _tag(group.revision, codes))) + after
    children = list(group.children)
    before = after = ""
    # A bracket around whole paragraphs holds their text, not the paragraph break next to
    # it: "[P2] (-A)" on its own, which resolving removes with its blank line (SPEC §6).
    first, last = children[0], children[-1]
    prev_is_break = group.start == 0 or pieces[group.start - 1].brk
    next_is_break = group.end >= len(pieces) or pieces[group.end].brk
    if isinstance(first, int) and pieces[first].brk and next_is_break and len(children) > 1:
        before = pieces[first].text
        children = children[1:]
    elif isinstance(last, int) and pieces[last].brk and prev_is_break and len(children) > 1:
        after = pieces[last].text
        children = children[:-1]
    inner = _render_children(children, pieces, codes)
    tags = " ".join(f"({t})" for t in (_tag(group.revision, codes), *extra_tags))
    stripped = inner.strip(" \t")
    if not stripped.strip("\n"):
        # Only spaces or breaks: kept as they are, since they join or split words.
        return f"{before}[{inner}] {tags}{after}"
    lead = inner[: len(inner) - len(inner.lstrip(" \t"))]
    trail = inner[len(inner.rstrip(" \t")):]
    return f"{before}{lead}[{stripped}] {tags}{trail}{after}"


def _emphasise(run: list[Piece]) -> str:
    text = "".join(_with_anchors(p) for p in run)
    first = run[0]
    marker = ("**" if first.bold else "") + ("*" if first.italic else "")
    if not marker or first.glue or first.brk:
        return text
    out = []
    # Emphasis hugs the words: markers go inside the surrounding spaces, line by line.
    for index, line in enumerate(text.split("\n")):
        if index:
            out.append("\n")
        core = line.strip(" \t")
        if not core or not any(c.isalnum() for c in core):
            out.append(line)
            continue
        lead = line[: len(line) - len(line.lstrip(" \t"))]
        trail = line[len(line.rstrip(" \t")):]
        out.append(f"{lead}{_hug(core, marker)}{trail}")
    return "".join(out)


# One tag as SPEC §4 writes it (+CODE, -CODE, CODE tcb), a tag group, and what emphasis
# markers must not enclose: a bracket's "[" or "]", or a tag group.
_TAG = r"\s*(?:[+-]\s*[A-Za-z0-9][A-Za-z0-9/.]{1,15}|[A-Za-z0-9][A-Za-z0-9/.]{1,15}\s+[Tt][Cc][Bb])\s*"
_NOT_EMPHASISED = re.compile(rf"(\[|\]|\({_TAG}(?:,{_TAG})*\))")


def _hug(core: str, marker: str) -> str:
    """``core`` emphasised with ``marker``, stretch by stretch between brackets and tag
    groups: "**[words]** (-IND)" would leave "(-IND)" owned by no bracket and
    "**(+IRAN)**" would be no tag (SPEC §4), so a bold bracket in Word becomes
    "[**words**] (-IND)" and a bold tag a plain one."""
    out = []
    for index, part in enumerate(_NOT_EMPHASISED.split(core)):
        if index % 2 or not any(c.isalnum() for c in part):
            out.append(part)
            continue
        body = part.strip(" \t")
        before = part[: len(part) - len(part.lstrip(" \t"))]
        after = part[len(part.rstrip(" \t")):]
        out.append(f"{before}{marker}{body}{marker[::-1]}{after}")
    return "".join(out)


def _with_anchors(piece: Piece) -> str:
    if not piece.anchors:
        return piece.text
    marks = "".join(f"{_ANCHOR_OPEN}{a}{_ANCHOR_CLOSE}" for a in piece.anchors)
    text = piece.text
    lead = len(text) - len(text.lstrip())
    return text[:lead] + marks + text[lead:]


def common_revisions(stacks: list[tuple[Revision, ...]]) -> tuple[Revision, ...]:
    """The revisions every stack starts with (what glue between them belongs to)."""
    if not stacks:
        return ()
    common = stacks[0]
    for stack in stacks[1:]:
        n = 0
        while n < len(common) and n < len(stack) and common[n] == stack[n]:
            n += 1
        common = common[:n]
    return common


@dataclass
class Paragraph:
    """A paragraph (or table row) as a reader found it."""

    pieces: list[Piece]
    mark: tuple[Revision, ...] = ()  # revisions of the paragraph mark
    kind: str = "text"  # "text", "heading", "list", "row"
    prefix: str = ""  # heading marks or the list label, with its separator
    table: int | None = None  # which table a row belongs to


def flatten(paragraphs: list[Paragraph]) -> list[Piece]:
    """Paragraphs as one list of pieces: a blank line between blocks, a line break
    between the items of one list and the rows of one table (SPEC §2). Each break
    carries the revisions of the paragraph mark it stands for."""
    pieces: list[Piece] = []
    previous: Paragraph | None = None
    for paragraph in paragraphs:
        if previous is not None:
            together = (previous.kind == paragraph.kind == "list") or (
                previous.kind == paragraph.kind == "row" and previous.table == paragraph.table)
            pieces.append(Piece("\n" if together else "\n\n", previous.mark, brk=True))
        pieces.extend(paragraph.pieces)
        previous = paragraph
    return pieces


def footnote_pieces(footnotes: list[tuple[str, list[Paragraph]]]) -> list[Piece]:
    """Footnotes and endnotes at the end, ``[^n]: text`` each in a block of its own; a
    note's paragraphs joined by a space."""
    pieces: list[Piece] = []
    for label, paragraphs in footnotes:
        pieces.append(Piece("\n\n", brk=True))
        pieces.append(Piece(f"{label}: ", glue=True))
        for index, paragraph in enumerate(paragraphs):
            if index:
                pieces.append(Piece(" ", paragraphs[index - 1].mark))
            body = [p for p in paragraph.pieces if not (p.glue and p.text == paragraph.prefix)]
            if index == 0 and body:
                body[0].text = body[0].text.lstrip()
            pieces.extend(body)
    return pieces


def tidy_lines(text: str) -> str:
    """No spaces at line ends, no runs of blank lines, one final line break."""
    out: list[str] = []
    for line in (line.rstrip(" \t") for line in text.split("\n")):
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n" if out else ""


def row_pieces(cells: list[list[Paragraph]], row_revisions: tuple[Revision, ...]) -> list[Piece]:
    """A table row as one line: cells in order separated by " | ", a cell's paragraphs
    joined by a space. A separator belongs to the revisions of the cells on both sides
    (an inserted row is one bracket; one inserted cell text is a bracket of its own)."""
    flats: list[list[Piece]] = []
    for paragraphs in cells:
        flat: list[Piece] = []
        for index, paragraph in enumerate(paragraphs):
            if index:
                flat.append(Piece(" ", paragraphs[index - 1].mark))
            flat.extend(p for p in paragraph.pieces if not (p.glue and p.text == paragraph.prefix))
        flats.append(flat)
    pieces: list[Piece] = []
    for index, flat in enumerate(flats):
        if index:
            left = [p.revisions for p in flats[index - 1] if p.text.strip()]
            right = [p.revisions for p in flat if p.text.strip()]
            pieces.append(Piece(" | ", common_revisions(left + right) if left and right else row_revisions, glue=True))
        pieces.extend(flat)
    return pieces
