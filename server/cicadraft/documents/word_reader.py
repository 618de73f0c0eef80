"""Word documents (``.docx``, ``.docm``, ``.dotx``) read into draft text.

The document's parts are read with lxml (python-docx does not model revisions,
numbering or comments): ``word/document.xml`` for the body, ``styles.xml`` for headings
and emphasis, ``numbering.xml`` for labels, ``footnotes.xml``/``endnotes.xml`` and
``comments.xml``. Nothing else in the package is looked at: a ``.docm``'s macros
(``vbaProject.bin``) are never read, let alone run. docs/import.md lists the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import DocumentError, ImportResult
from .revised_text import (MAX_TEXT_CHARS, Paragraph as _Paragraph, Piece, Revision, common_revisions, flatten,
                           footnote_pieces, is_reservation, render, row_pieces, tidy_lines)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
_STRICT_W = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
_STRICT_M = b"http://purl.oclc.org/ooxml/officeDocument/math"
_REVISION_KINDS = {"ins": "+", "moveTo": "+", "del": "-", "moveFrom": "-"}
_CONTAINERS = {"hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo", "sdtContent"}
_FORMAT_CHANGES = ("rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange",
                   "tblGridChange", "numberingChange", "tblPrExChange")


def main_part(archive) -> str | None:
    """The name of the main document part, from [Content_Types].xml (else the usual one)."""
    if archive.has("[Content_Types].xml"):
        types = archive.xml("[Content_Types].xml")
        for override in types:
            if override.get("ContentType") in _MAIN_TYPES:
                return override.get("PartName", "").lstrip("/")
    return "word/document.xml" if archive.has("word/document.xml") else None


def read_word(path: Path, *, registry, authors: dict[str, str] | None = None) -> ImportResult:
    from .authors import map_authors
    from .limits import SafeZip

    with SafeZip(path) as archive:
        name = main_part(archive)
        if name is None or not archive.has(name):
            raise DocumentError(f"{path}: not a Word document (no main document part)")
        reader = _WordReader(archive, name, path)
        reader.read()
    codes = map_authors(reader.authors, registry, authors, where=f"{path}: ")
    return reader.result(codes)


@dataclass
class _Style:
    name: str = ""
    based_on: str | None = None
    bold: bool | None = None
    italic: bool | None = None
    num: tuple[str | None, int | None] | None = None
    outline: int | None = None


@dataclass
class _Comment:
    author: str
    text: str
    tcb: bool


class _WordReader:
    def __init__(self, archive, main: str, path: Path):
        self.archive = archive
        self.main = main
        self.path = path
        self.notes: list[str] = []
        self.authors: list[str] = []  # whose revisions and reservations the text carries
        self.format_changes: dict[str, int] = {}
        self.paragraphs: list[_Paragraph] = []
        self.footnotes: list[tuple[str, list[_Paragraph]]] = []  # (label, paragraphs)
        self.styles: dict[str, _Style] = {}
        self.default_paragraph_style: str | None = None
        self.comments: dict[str, _Comment] = {}
        self._note_bodies: dict[tuple[str, str], object] = {}
        self._field_depth: list[bool] = []  # per open field: True while in its instructions
        self._open_comments: list[str] = []
        self._pending_anchors: list[str] = []
        self._reserved: set[str] = set()  # tcb comments that became reservations
        self._tables = 0
        self._size = 0

    # -- parts -------------------------------------------------------------------

    def _part(self, relationship_type: str) -> str | None:
        """A part related to the main document by type (styles, numbering, notes, comments)."""
        folder, _, base = self.main.rpartition("/")
        rels = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        if not self.archive.has(rels):
            return None
        for rel in self.archive.xml(rels):
            if rel.get("Type", "").endswith("/" + relationship_type) and rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                name = target.lstrip("/") if target.startswith("/") else (f"{folder}/{target}" if folder else target)
                name = _normalize_part(name)
                return name if self.archive.has(name) else None
        return None

    def _xml(self, name: str):
        """A WordprocessingML part; Strict Open XML (Word's "Strict" format) is read as the
        usual namespace, its elements being the same."""
        from .limits import parse_xml

        data = self.archive.read(name)
        if _STRICT_W in data:
            data = data.replace(_STRICT_W, W[1:-1].encode()).replace(_STRICT_M, _M[1:-1].encode())
        return parse_xml(data, f"{self.path}: {name}")

    def read(self) -> None:
        from .word_numbering import Numbering

        styles = self._part("styles")
        if styles:
            self._read_styles(self._xml(styles))
        numbering = self._part("numbering")
        style_lists = {style_id: style.num[0] for style_id, style in self.styles.items() if style.num and style.num[0]}
        self.numbering = Numbering(self._xml(numbering) if numbering else None, style_lists)
        for kind in ("footnotes", "endnotes"):
            part = self._part(kind)
            if part:
                for note in self._xml(part):
                    if note.get(f"{W}type") in (None, "normal"):
                        self._note_bodies[(kind[:-1], note.get(f"{W}id"))] = note
        comments = self._part("comments")
        if comments:
            for comment in self._xml(comments).iter(f"{W}comment"):
                text = " ".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in comment.iter(f"{W}p")).strip()
                author = comment.get(f"{W}author") or ""
                self.comments[comment.get(f"{W}id")] = _Comment(author, text, is_reservation(text))
        document = self._xml(self.main)
        body = document.find(f"{W}body")
        if body is None:
            raise DocumentError(f"{self.path}: not a Word document (the main part has no body)")
        self._block_content(body, self.paragraphs)
        # Text boxes and shapes float outside the text's order: left out, but said.
        # (Word writes each twice, as a shape and as its fallback for old readers.)
        boxes = sum(1 for box in body.iter(f"{W}txbxContent")
                    if not any(_local(a) == "Fallback" for a in box.iterancestors()))
        if boxes:
            self.notes.append(f"the text of {boxes} text box{'es' if boxes != 1 else ''} or shape{'s' if boxes != 1 else ''} "
                              "is not imported")

    def _read_styles(self, root) -> None:
        for style in root.iter(f"{W}style"):
            style_id = style.get(f"{W}styleId")
            record = _Style()
            name = style.find(f"{W}name")
            record.name = (name.get(f"{W}val") if name is not None else style_id) or ""
            based = style.find(f"{W}basedOn")
            record.based_on = based.get(f"{W}val") if based is not None else None
            rpr = style.find(f"{W}rPr")
            if rpr is not None:
                record.bold = _flag(rpr, "b")
                record.italic = _flag(rpr, "i")
            ppr = style.find(f"{W}pPr")
            if ppr is not None:
                numpr = ppr.find(f"{W}numPr")
                if numpr is not None:
                    record.num = (_val(numpr, "numId"), _int(_val(numpr, "ilvl")))
                record.outline = _int(_val(ppr, "outlineLvl"))
            self.styles[style_id] = record
            if style.get(f"{W}type") == "paragraph" and style.get(f"{W}default") in ("1", "true"):
                self.default_paragraph_style = style_id

    def _style_chain(self, style_id: str | None) -> list[_Style]:
        chain, seen = [], set()
        while style_id and style_id in self.styles and style_id not in seen and len(chain) < 50:
            seen.add(style_id)
            chain.append(self.styles[style_id])
            style_id = self.styles[style_id].based_on
        return chain

    def _style_value(self, style_id: str | None, attribute: str):
        for style in self._style_chain(style_id):
            value = getattr(style, attribute)
            if value is not None:
                return value
        return None

    # -- body --------------------------------------------------------------------

    def _block_content(self, element, into: list[_Paragraph], revisions: tuple[Revision, ...] = ()) -> None:
        for child in element:
            tag = _local(child)
            if tag == "p":
                self._paragraph(child, into, revisions)
            elif tag == "tbl":
                self._table(child, into, revisions)
            elif tag in ("sdt",):
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self._block_content(content, into, revisions)
            elif tag in ("customXml",):
                self._block_content(child, into, revisions)
            elif tag in _REVISION_KINDS:  # a revision around whole paragraphs or tables
                self._block_content(child, into, _push(revisions, self._revision(child)))
            elif tag == "altChunk":
                self.notes.append("an embedded document (w:altChunk) is not imported: open the file in Word and save it again")

    def _revision(self, element) -> Revision:
        author = element.get(f"{W}author") or ""
        if author not in self.authors:
            self.authors.append(author)
        return (_REVISION_KINDS[_local(element)], author)

    def _paragraph(self, p, into: list[_Paragraph], revisions: tuple[Revision, ...]) -> None:
        ppr = p.find(f"{W}pPr")
        style_id = self.default_paragraph_style
        mark: tuple[Revision, ...] = revisions
        num = None
        outline = None
        if ppr is not None:
            style = ppr.find(f"{W}pStyle")
            if style is not None:
                style_id = style.get(f"{W}val")
            numpr = ppr.find(f"{W}numPr")
            if numpr is not None:
                num = (_val(numpr, "numId"), _int(_val(numpr, "ilvl")))
            outline = _int(_val(ppr, "outlineLvl"))
            rpr = ppr.find(f"{W}rPr")
            if rpr is not None:
                for change in rpr:
                    if _local(change) in _REVISION_KINDS:
                        mark = _push(mark, self._revision(change))
                self._format_changes(rpr)
            self._format_changes(ppr)
        style_name = (self.styles[style_id].name if style_id in self.styles else style_id or "").casefold()
        style_num = self._style_value(style_id, "num")
        if num is None and style_num is not None:
            num = style_num
        elif num is not None and num[1] is None and style_num is not None:
            num = (num[0], style_num[1])
        if outline is None:
            outline = self._style_value(style_id, "outline")
        base_bold = bool(self._style_value(style_id, "bold"))
        base_italic = bool(self._style_value(style_id, "italic"))
        pieces: list[Piece] = []
        self._inline(p, pieces, revisions, (style_id, base_bold, base_italic))
        paragraph = _Paragraph(pieces, mark)
        heading = _heading_level(style_name, outline)
        text_stacks = [piece.revisions for piece in pieces if piece.text.strip()]
        label = self.numbering.label(num[0], num[1] or 0) if num is not None and num[0] is not None else None
        if heading is not None:
            paragraph.kind = "heading"
            paragraph.prefix = "#" * heading + " "
            for piece in pieces:
                if not piece.glue:
                    piece.bold = piece.italic = False
        if label is not None:
            text, bullet = label
            if text:
                if paragraph.kind != "heading":
                    paragraph.kind = "list"
                if bullet:
                    # SPEC §2 knows two bullets: "- " and "• "; other symbols read as "•".
                    paragraph.prefix += "- " if text in ("-", "–", "\uf02d") else "• "
                else:
                    # A space after the label whatever its suffix (tab, space, nothing): a
                    # label is a label only before a space (SPEC §2), as LibreOffice's text has it.
                    paragraph.prefix += text + " "
        if paragraph.prefix:
            pieces.insert(0, Piece(paragraph.prefix, common_revisions(text_stacks) if text_stacks else mark, glue=True))
        into.append(paragraph)

    def _format_changes(self, properties) -> None:
        for change in properties:
            if _local(change) in _FORMAT_CHANGES:
                author = change.get(f"{W}author") or "(no name)"
                self.format_changes[author] = self.format_changes.get(author, 0) + 1

    def _inline(self, element, pieces: list[Piece], revisions: tuple[Revision, ...], style) -> None:
        for child in element:
            tag = _local(child)
            namespace = child.tag[: child.tag.index("}") + 1] if isinstance(child.tag, str) and "}" in child.tag else ""
            if namespace == _M:
                text = "".join(t.text or "" for t in child.iter(f"{_M}t"))
                if text:
                    self._add(pieces, Piece(text, revisions))
                continue
            if namespace != W:
                continue
            if tag == "r":
                self._run(child, pieces, revisions, style)
            elif tag in _REVISION_KINDS:
                self._inline(child, pieces, _push(revisions, self._revision(child)), style)
            elif tag in _CONTAINERS:
                self._inline(child, pieces, revisions, style)
            elif tag == "sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self._inline(content, pieces, revisions, style)
            elif tag == "commentRangeStart":
                self._comment_start(child.get(f"{W}id"), pieces, revisions)
            elif tag == "commentRangeEnd":
                self._comment_end(child.get(f"{W}id"))
            elif tag == "pPr":
                continue

    def _comment_start(self, comment_id: str, pieces, revisions) -> None:
        comment = self.comments.get(comment_id)
        if comment is None:
            return
        if comment.tcb:
            self._open_comments.append(comment_id)
            if comment.author not in self.authors:
                self.authors.append(comment.author)
        else:
            self._pending_anchors.append(comment_id)

    def _comment_end(self, comment_id: str) -> None:
        if comment_id in self._open_comments:
            self._open_comments.remove(comment_id)

    def _add(self, pieces: list[Piece], piece: Piece) -> None:
        if self._field_depth and self._field_depth[-1]:
            return  # a field's instructions ({ PAGE }, { HYPERLINK … }) are not text
        self._size += len(piece.text)
        if self._size > MAX_TEXT_CHARS:
            raise DocumentError(f"{self.path}: not imported: the document holds more than {MAX_TEXT_CHARS:,} characters of text")
        if self._open_comments:
            reservations = tuple(("tcb", self.comments[c].author) for c in self._open_comments)
            piece.revisions = reservations + piece.revisions
            self._reserved.update(self._open_comments)
        if self._pending_anchors and piece.text.strip():
            piece.anchors.extend(self._pending_anchors)
            self._pending_anchors.clear()
        pieces.append(piece)

    def _run(self, run, pieces: list[Piece], revisions: tuple[Revision, ...], style) -> None:
        paragraph_style, bold, italic = style
        rpr = run.find(f"{W}rPr")
        if rpr is not None:
            run_style = rpr.find(f"{W}rStyle")
            if run_style is not None:
                style_id = run_style.get(f"{W}val")
                value = self._style_value(style_id, "bold")
                bold = bold if value is None else value
                value = self._style_value(style_id, "italic")
                italic = italic if value is None else value
            direct = _flag(rpr, "b")
            bold = bold if direct is None else direct
            direct = _flag(rpr, "i")
            italic = italic if direct is None else direct
            self._format_changes(rpr)
        for child in run:
            tag = _local(child)
            text = None
            if tag in ("t", "delText"):
                text = child.text or ""
            elif tag == "tab" or tag == "ptab":
                text = " "
            elif tag in ("br", "cr"):
                kind = child.get(f"{W}type")
                text = " " if kind in ("page", "column") else "\n"
            elif tag == "noBreakHyphen":
                text = "\u2011"
            elif tag == "softHyphen":
                text = ""
            elif tag == "fldChar":
                kind = child.get(f"{W}fldCharType")
                if kind == "begin":
                    self._field_depth.append(True)
                elif kind == "separate" and self._field_depth:
                    self._field_depth[-1] = False
                elif kind == "end" and self._field_depth:
                    self._field_depth.pop()
            elif tag in ("footnoteReference", "endnoteReference"):
                self._note_reference(tag[:-9], child.get(f"{W}id"), pieces, revisions)
            if text:
                self._add(pieces, Piece(text, revisions, bool(bold), bool(italic)))

    def _note_reference(self, kind: str, note_id: str, pieces, revisions) -> None:
        body = self._note_bodies.get((kind, note_id))
        if body is None:
            return
        label = f"[^{len(self.footnotes) + 1}]"
        self._add(pieces, Piece(label, revisions, glue=True))
        paragraphs: list[_Paragraph] = []
        saved = self._field_depth
        self._field_depth = []
        self._block_content(body, paragraphs)
        self._field_depth = saved
        self.footnotes.append((label, paragraphs))

    def _table(self, table, into: list[_Paragraph], revisions: tuple[Revision, ...]) -> None:
        self._tables += 1
        number = self._tables
        for row in table.iter(f"{W}tr"):
            if row.getparent() is not table and _local(row.getparent()) not in ("sdtContent", "customXml"):
                continue  # a nested table's row: read with its cell
            row_revisions = revisions
            trpr = row.find(f"{W}trPr")
            if trpr is not None:
                for change in trpr:
                    if _local(change) in ("ins", "del"):
                        row_revisions = _push(row_revisions, self._revision(change))
                self._format_changes(trpr)
            cells = []
            for cell in row.iter(f"{W}tc"):
                if _nearest(cell, "tr") is row:
                    inner: list[_Paragraph] = []
                    self._block_content(cell, inner, row_revisions)
                    cells.append(inner)
            pieces = row_pieces(cells, row_revisions)
            into.append(_Paragraph(pieces, row_revisions, kind="row", table=number))

    # -- result ------------------------------------------------------------------

    def result(self, codes: dict[str, str]) -> ImportResult:
        pieces = flatten(self.paragraphs) + footnote_pieces(self.footnotes)
        text, lines = render(pieces, codes)
        text = tidy_lines(text)
        notes = list(self.notes)
        for author, count in self.format_changes.items():
            notes.append(f"{count} formatting change{'s' if count != 1 else ''} by {author} (no text changed; not imported)")
        for comment_id, comment in self.comments.items():
            if comment_id in self._reserved:
                continue
            where = f"line {lines[comment_id]}" if comment_id in lines else "no anchor"
            notes.append(f"comment by {comment.author or '(no name)'} at {where}: {comment.text}")
        return ImportResult(text=text, notes=notes)


def _push(stack: tuple[Revision, ...], revision: Revision) -> tuple[Revision, ...]:
    """A revision inside the same kind of revision by the same author (a deleted row's
    deleted text) is one proposal, not two nested ones."""
    return stack if stack and stack[-1] == revision else stack + (revision,)


def _heading_level(style_name: str, outline: int | None) -> int | None:
    if style_name in ("title",):
        return 1
    match = re.fullmatch(r"heading\s*([1-9])", style_name)
    if match:
        return min(int(match.group(1)) + 1, 6)
    if outline is not None and 0 <= outline <= 8:
        return min(outline + 2, 6)
    return None


def _local(element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def _nearest(element, tag: str):
    parent = element.getparent()
    while parent is not None and _local(parent) != tag:
        parent = parent.getparent()
    return parent


def _val(element, tag: str):
    child = element.find(f"{W}{tag}")
    return None if child is None else child.get(f"{W}val")


def _flag(rpr, tag: str) -> bool | None:
    child = rpr.find(f"{W}{tag}")
    if child is None:
        return None
    return child.get(f"{W}val", "true").lower() not in ("0", "false", "off", "none")


def _int(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def _normalize_part(name: str) -> str:
    parts: list[str] = []
    for part in name.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part and part != ".":
            parts.append(part)
    return "/".join(parts)
