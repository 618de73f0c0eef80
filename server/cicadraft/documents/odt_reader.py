"""OpenDocument text (``.odt``) read into draft text, with the rules of the Word reader
(docs/import.md): paragraphs, headings, emphasis, lists with their labels, tables, notes,
tracked changes as proposals and "tcb" annotations as reservations.

ODF keeps tracked changes apart from the text: ``text:tracked-changes`` lists each
changed region (who, and for a deletion the deleted paragraphs); the body marks an
insertion with ``text:change-start``/``text:change-end`` and a deletion with a
``text:change`` point where the deleted content goes back in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import DocumentError, ImportResult
from .revised_text import (MAX_TEXT_CHARS, Paragraph, Piece, Revision, common_revisions, flatten, footnote_pieces,
                           is_reservation, render, row_pieces, tidy_lines)

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_CONTENT_CONTROL = "{urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0}content-control"


def read_odt(path: Path, *, registry, authors: dict[str, str] | None = None) -> ImportResult:
    from .authors import map_authors
    from .limits import SafeZip

    with SafeZip(path) as archive:
        if not archive.has("content.xml"):
            raise DocumentError(f"{path}: not an OpenDocument text (no content.xml)")
        styles = archive.xml("styles.xml") if archive.has("styles.xml") else None
        content = archive.xml("content.xml")
    reader = _OdtReader(path, styles, content)
    reader.read()
    codes = map_authors(reader.authors, registry, authors, where=f"{path}: ")
    return reader.result(codes)


@dataclass
class _TextStyle:
    parent: str | None = None
    bold: bool | None = None
    italic: bool | None = None
    list_style: str | None = None
    outline: int | None = None


@dataclass
class _ListLevel:
    bullet: str | None = None
    fmt: str = "1"
    prefix: str = ""
    suffix: str = ""
    display: int = 1
    start: int = 1


@dataclass
class _Counters:
    style: str | None
    values: dict[int, int] = field(default_factory=dict)


class _OdtReader:
    def __init__(self, path: Path, styles, content):
        self.path = path
        self.styles_root, self.content = styles, content
        self.authors: list[str] = []
        self.notes: list[str] = []
        self.paragraphs: list[Paragraph] = []
        self.footnotes: list[tuple[str, list[Paragraph]]] = []
        self.text_styles: dict[str, _TextStyle] = {}
        self.list_styles: dict[str, dict[int, _ListLevel]] = {}
        self.regions: dict[str, list] = {}  # change id -> [(kind, author, deleted element or None)]
        self._open: list[tuple[str, Revision]] = []  # insertion ranges open: (id, revision)
        self._lists: dict[str, _Counters] = {}
        self._last_list: _Counters | None = None
        self._comments: dict[str, tuple[str, str, bool]] = {}  # name -> (author, text, tcb)
        self._open_reservations: list[tuple[str, str]] = []  # (name, author)
        self._reserved: set[str] = set()
        self._pending_anchors: list[str] = []
        self._size = 0

    # -- styles ------------------------------------------------------------------

    def _read_styles(self, root) -> None:
        if root is None:
            return
        for style in root.iter(f"{STYLE}style"):
            record = _TextStyle(parent=style.get(f"{STYLE}parent-style-name"),
                                list_style=style.get(f"{STYLE}list-style-name"))
            level = style.get(f"{STYLE}default-outline-level")
            record.outline = int(level) if level and level.isdigit() else None
            props = style.find(f"{STYLE}text-properties")
            if props is not None:
                weight = props.get(f"{FO}font-weight")
                if weight is not None:
                    record.bold = weight == "bold" or (weight.isdigit() and int(weight) >= 600)
                posture = props.get(f"{FO}font-style")
                if posture is not None:
                    record.italic = posture in ("italic", "oblique")
            self.text_styles[style.get(f"{STYLE}name")] = record
        for list_style in root.iter(f"{TEXT}list-style"):
            levels = {}
            for level in list_style:
                number = int(level.get(f"{TEXT}level", "1")) - 1
                if level.tag == f"{TEXT}list-level-style-bullet":
                    levels[number] = _ListLevel(bullet=level.get(f"{TEXT}bullet-char") or "•")
                elif level.tag == f"{TEXT}list-level-style-number":
                    start = level.get(f"{TEXT}start-value", "1")
                    display = level.get(f"{TEXT}display-levels", "1")
                    levels[number] = _ListLevel(
                        fmt=level.get(f"{STYLE}num-format", "1"), prefix=level.get(f"{STYLE}num-prefix", ""),
                        suffix=level.get(f"{STYLE}num-suffix", ""),
                        display=int(display) if display.isdigit() else 1,
                        start=int(start) if start.isdigit() else 1)
            self.list_styles[list_style.get(f"{STYLE}name")] = levels

    def _style_value(self, name: str | None, attribute: str):
        seen = set()
        while name and name in self.text_styles and name not in seen:
            seen.add(name)
            value = getattr(self.text_styles[name], attribute)
            if value is not None:
                return value
            name = self.text_styles[name].parent
        return None

    # -- reading -----------------------------------------------------------------

    def read(self) -> None:
        self._read_styles(self.styles_root)
        self._read_styles(self.content)
        body = self.content.find(f"{OFFICE}body/{OFFICE}text")
        if body is None:
            raise DocumentError(f"{self.path}: not an OpenDocument text (no office:text)")
        changes = body.find(f"{TEXT}tracked-changes")
        if changes is not None:
            for region in changes.findall(f"{TEXT}changed-region"):
                entries = []
                for change in region:
                    kind = {"insertion": "+", "deletion": "-"}.get(change.tag.rpartition("}")[2])
                    if kind is None:
                        continue  # format-change: no text changes
                    creator = change.find(f"{OFFICE}change-info/{DC}creator")
                    author = (creator.text or "").strip() if creator is not None else ""
                    entries.append((kind, author, change if kind == "-" else None))
                if not entries:
                    self.notes.append("a formatting change (no text changed; not imported)")
                region_id = region.get(f"{TEXT}id") or region.get(XML_ID)
                self.regions[region_id] = entries
        self._blocks(body, self.paragraphs)

    def _author(self, author: str) -> None:
        if author not in self.authors:
            self.authors.append(author)

    def _blocks(self, element, into: list[Paragraph], extra: tuple[Revision, ...] = (), list_info=None) -> None:
        for child in element:
            tag = child.tag
            if tag in (f"{TEXT}p", f"{TEXT}h"):
                self._paragraph(child, into, extra, list_info)
            elif tag == f"{TEXT}list":
                self._list(child, into, extra, list_info)
            elif tag == f"{TABLE}table":
                self._table(child, into, extra)
            elif tag in (f"{TEXT}section", f"{TABLE}table-header-rows", f"{TABLE}table-rows", f"{TEXT}index-body"):
                self._blocks(child, into, extra, list_info)
            elif tag == f"{TEXT}change":
                self._deleted_blocks(child, into)
            elif tag in (f"{TEXT}change-start", f"{TEXT}change-end"):
                self._range(child)

    def _list(self, element, into, extra, outer, counters_of=None, skip=None) -> None:
        style = element.get(f"{TEXT}style-name")
        if counters_of is not None:
            counters, level = counters_of, 0
        elif outer is not None:
            counters, level = outer[0], outer[1] + 1
            style = style or counters.style
        else:
            continues = element.get(f"{TEXT}continue-list")
            if continues and continues in self._lists:
                counters = self._lists[continues]
            elif (continues or element.get(f"{TEXT}continue-numbering") == "true") and self._last_list is not None:
                # LibreOffice may name a list it wrote without its id: the one before.
                counters = self._last_list
            else:
                counters = _Counters(style)
            level = 0
            self._last_list = counters
        if element.get(XML_ID):
            self._lists[element.get(XML_ID)] = counters
        for item in element:
            if item.tag not in (f"{TEXT}list-item", f"{TEXT}list-header"):
                continue
            start = item.get(f"{TEXT}start-value")
            # An item may carry its own list style (LibreOffice writes one for a restart).
            item_style = item.get(f"{TEXT}style-override") or style
            info = (counters, level, item_style, item.tag == f"{TEXT}list-item", start)
            first = True
            for child in item:
                if child.tag == f"{TEXT}list":
                    self._list(child, into, extra, (counters, level), skip=skip)
                elif child.tag in (f"{TEXT}p", f"{TEXT}h") and child is not skip:
                    self._paragraph(child, into, extra, info if first else None)
                    first = False

    def _label(self, info) -> str | None:
        counters, level, style, numbered, start = info
        if not numbered:
            return None
        levels = self.list_styles.get(style or "", {})
        spec = levels.get(level)
        if spec is None:
            return None
        if spec.bullet is not None:
            return "•"
        for deeper in [k for k in counters.values if k > level]:
            del counters.values[deeper]
        if start and start.isdigit():
            counters.values[level] = int(start)
        else:
            counters.values[level] = counters.values.get(level, spec.start - 1) + 1
        numbers = []
        for k in range(level - spec.display + 1, level + 1):
            if k < 0:
                continue
            k_spec = levels.get(k, _ListLevel())
            numbers.append(_format(counters.values.get(k, k_spec.start), k_spec.fmt))
        text = ".".join(n for n in numbers if n)
        return f"{spec.prefix}{text}{spec.suffix}" if (text or spec.prefix or spec.suffix) else None

    def _leading_deletions(self, p, into, extra, list_info) -> set:
        """Whole paragraphs deleted just before this one: LibreOffice puts the deletion
        point at the start of the next paragraph, the deleted paragraphs (and the mark
        of the last, as an empty paragraph) in the region. They become paragraphs of
        their own, numbered in the list they were in."""
        consumed = set()
        if (p.text or "").strip():
            return consumed
        for child in p:
            if child.tag in (f"{TEXT}change-start", f"{TEXT}change-end"):
                self._range(child)  # in document order, before the deletion that follows
                consumed.add(child)
            elif child.tag == f"{TEXT}change":
                node, stack = self._deletion(child)
                if node is None:
                    break
                blocks = [b for b in node if b.tag in (f"{TEXT}p", f"{TEXT}h", f"{TEXT}list")]
                if len(_paragraphs_of(node)) < 2 or "".join(_paragraphs_of(node)[-1].itertext()).strip():
                    break
                consumed.add(child)
                deleted: list[Paragraph] = []
                last = _paragraphs_of(node)[-1]
                counters = list_info[0] if list_info is not None else None
                for block in blocks:
                    if block.tag == f"{TEXT}list":
                        self._list(block, deleted, extra + stack, None, counters, skip=last)
                    elif block is not last:
                        self._paragraph(block, deleted, extra + stack, None)
                for paragraph in deleted:
                    paragraph.mark = extra + stack
                into.extend(deleted)
            else:
                break
            if (child.tail or "").strip():
                break
        return consumed

    def _paragraph(self, p, into, extra, list_info) -> None:
        style = p.get(f"{TEXT}style-name")
        pieces: list[Piece] = []
        skip = self._leading_deletions(p, into, extra, list_info)
        self._inline(p, pieces, extra, (bool(self._style_value(style, "bold")), bool(self._style_value(style, "italic"))), skip)
        paragraph = Paragraph(pieces)
        paragraph.mark = extra + tuple(revision for _, revision in self._open)
        level = None
        if p.tag == f"{TEXT}h":
            outline = p.get(f"{TEXT}outline-level")
            level = int(outline) if outline and outline.isdigit() else 1
        elif self._style_value(style, "outline"):
            level = self._style_value(style, "outline")
        style_name = (style or "").casefold()
        heading = None
        if style_name == "title" or self._parent_named(style, "title"):
            heading = 1
        elif level is not None:
            heading = min(level + 1, 6)
        if heading is not None:
            paragraph.kind = "heading"
            paragraph.prefix = "#" * heading + " "
            for piece in pieces:
                piece.bold = piece.italic = False
        label = self._label(list_info) if list_info is not None else None
        if label:
            if paragraph.kind != "heading":
                paragraph.kind = "list"
            paragraph.prefix += "• " if label == "•" else label + " "
        if paragraph.prefix:
            stacks = [piece.revisions for piece in pieces if piece.text.strip() and not piece.brk]
            pieces.insert(0, Piece(paragraph.prefix, common_revisions(stacks) if stacks else paragraph.mark, glue=True))
        into.append(paragraph)

    def _parent_named(self, style: str | None, name: str) -> bool:
        seen = set()
        while style and style in self.text_styles and style not in seen:
            seen.add(style)
            if style.casefold() == name:
                return True
            style = self.text_styles[style].parent
        return False

    def _revisions(self, extra: tuple[Revision, ...]) -> tuple[Revision, ...]:
        stack = extra + tuple(revision for _, revision in self._open)
        reservations = tuple(("tcb", author) for _, author in self._open_reservations)
        return reservations + stack

    def _add(self, pieces: list[Piece], text: str, extra, emphasis, glue: bool = False) -> None:
        if not text:
            return
        self._size += len(text)
        if self._size > MAX_TEXT_CHARS:
            raise DocumentError(f"{self.path}: not imported: the document holds more than {MAX_TEXT_CHARS:,} characters of text")
        if self._open_reservations:
            self._reserved.update(name for name, _ in self._open_reservations)
        piece = Piece(text, self._revisions(extra), emphasis[0], emphasis[1], glue=glue)
        if self._pending_anchors and text.strip():
            piece.anchors.extend(self._pending_anchors)
            self._pending_anchors.clear()
        pieces.append(piece)

    def _inline(self, element, pieces, extra, emphasis, skip=()) -> None:
        if element.text:
            self._add(pieces, element.text, extra, emphasis)
        for child in element:
            tag = child.tag
            if child in skip:  # read already
                if child.tail:
                    self._add(pieces, child.tail, extra, emphasis)
                continue
            if tag == f"{TEXT}span":
                style = child.get(f"{TEXT}style-name")
                bold = self._style_value(style, "bold")
                italic = self._style_value(style, "italic")
                self._inline(child, pieces, extra, (emphasis[0] if bold is None else bold, emphasis[1] if italic is None else italic))
            elif tag in (f"{TEXT}a", f"{TEXT}meta", f"{TEXT}ruby", f"{TEXT}ruby-base", _CONTENT_CONTROL):
                self._inline(child, pieces, extra, emphasis)
            elif tag == f"{TEXT}s":
                count = child.get(f"{TEXT}c", "1")
                self._add(pieces, " " * min(int(count) if count.isdigit() else 1, 1000), extra, emphasis)
            elif tag == f"{TEXT}tab":
                self._add(pieces, " ", extra, emphasis)
            elif tag == f"{TEXT}line-break":
                self._add(pieces, "\n", extra, emphasis)
            elif tag == f"{TEXT}note":
                self._note(child, pieces, extra)
            elif tag in (f"{TEXT}change-start", f"{TEXT}change-end"):
                self._range(child)
            elif tag == f"{TEXT}change":
                self._deleted_inline(child, pieces, extra, emphasis)
            elif tag == f"{OFFICE}annotation":
                self._annotation(child)
            elif tag == f"{OFFICE}annotation-end":
                name = child.get(f"{OFFICE}name")
                self._open_reservations = [(n, a) for n, a in self._open_reservations if n != name]
            elif tag.startswith(TEXT) and tag.rpartition("}")[2] in ("page-number", "date", "time", "chapter",
                                                                     "sequence", "bookmark-ref", "reference-ref",
                                                                     "title", "subject", "author-name"):
                self._inline(child, pieces, extra, emphasis)  # a field: its shown text
            if child.tail:
                self._add(pieces, child.tail, extra, emphasis)

    def _annotation(self, element) -> None:
        creator = element.find(f"{DC}creator")
        author = (creator.text or "").strip() if creator is not None else ""
        text = " ".join("".join(p.itertext()) for p in element.iter(f"{TEXT}p")).strip()
        name = element.get(f"{OFFICE}name") or f"annotation{len(self._comments)}"
        tcb = is_reservation(text)
        self._comments[name] = (author, text, tcb)
        if tcb and element.get(f"{OFFICE}name"):
            self._author(author)
            self._open_reservations.append((name, author))
        else:
            self._pending_anchors.append(name)

    def _range(self, element) -> None:
        change_id = element.get(f"{TEXT}change-id")
        entries = self.regions.get(change_id, [])
        if element.tag == f"{TEXT}change-end":
            self._open = [(i, r) for i, r in self._open if i != change_id]
            return
        for kind, author, _ in entries:
            if kind == "+":
                self._author(author)
                self._open.append((change_id, ("+", author)))
                return

    def _deletion(self, element):
        entries = self.regions.get(element.get(f"{TEXT}change-id"), [])
        deletion = next(((author, node) for kind, author, node in entries if kind == "-"), None)
        if deletion is None:
            return None, ()
        author, node = deletion
        self._author(author)
        stack = tuple(("+", a) for kind, a, _ in entries if kind == "+")
        for _, a, _ in entries:
            self._author(a)
        return node, stack + (("-", author),)

    def _deleted_inline(self, change, pieces, extra, emphasis) -> None:
        """Deleted text back where it was: its first paragraph in this one, each further
        paragraph after a deleted paragraph break."""
        node, stack = self._deletion(change)
        if node is None:
            return
        revisions = extra + stack
        paragraphs = [p for p in node if p.tag in (f"{TEXT}p", f"{TEXT}h")]
        for index, p in enumerate(paragraphs):
            if index:
                pieces.append(Piece("\n\n", self._revisions(revisions), brk=True))
            self._inline(p, pieces, revisions, emphasis)

    def _deleted_blocks(self, change, into) -> None:
        node, stack = self._deletion(change)
        if node is not None:
            self._blocks(node, into, stack)

    def _note(self, element, pieces, extra) -> None:
        body = element.find(f"{TEXT}note-body")
        if body is None:
            return
        label = f"[^{len(self.footnotes) + 1}]"
        self._add(pieces, label, extra, (False, False), glue=True)
        paragraphs: list[Paragraph] = []
        saved, self._open = self._open, []
        self._blocks(body, paragraphs, extra)
        self._open = saved
        self.footnotes.append((label, paragraphs))

    def _table(self, table, into, extra) -> None:
        number = sum(1 for p in into if p.kind == "row") + 1 + len(into)
        for row in table.iter(f"{TABLE}table-row"):
            if _nearest_table(row) is not table:
                continue
            cells = []
            for cell in row:
                if cell.tag == f"{TABLE}table-cell":
                    inner: list[Paragraph] = []
                    self._blocks(cell, inner, extra)
                    cells.append(inner)
            pieces = row_pieces(cells, extra)
            into.append(Paragraph(pieces, extra + tuple(r for _, r in self._open), kind="row", table=number))

    def result(self, codes: dict[str, str]) -> ImportResult:
        text, lines = render(flatten(self.paragraphs) + footnote_pieces(self.footnotes), codes)
        notes = list(self.notes)
        for name, (author, comment, _) in self._comments.items():
            if name in self._reserved:
                continue
            where = f"line {lines[name]}" if name in lines else "no anchor"
            notes.append(f"comment by {author or '(no name)'} at {where}: {comment}")
        return ImportResult(text=tidy_lines(text), notes=notes)


def _paragraphs_of(element) -> list:
    return [e for e in element.iter(f"{TEXT}p", f"{TEXT}h")]


def _nearest_table(element):
    parent = element.getparent()
    while parent is not None and parent.tag != f"{TABLE}table":
        parent = parent.getparent()
    return parent


def _format(value: int, fmt: str) -> str:
    from .word_numbering import format_number

    if fmt.startswith("0"):  # "01, 02, 03, ..."
        return format_number(value, "decimalZero")
    return format_number(value, {"a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman",
                                 "": "none"}.get(fmt, "decimal"))
