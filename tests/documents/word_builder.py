"""Word documents for the import tests, made with python-docx, with what python-docx does
not model (tracked changes, footnotes, custom numbering) added with lxml as Word writes
it: real ``w:ins``/``w:del``/``w:moveFrom``/``w:moveTo`` elements with ``w:author``.

    doc = WordBuilder()
    doc.paragraph("Hello ", Ins("India", "big "), Del("China", "small "), "world.")
    doc.paragraph(Bold("Recalling"), " the decision", mark=Ins("India"))
    doc.save(path)

A paragraph's parts are text, ``Bold``/``Italic`` text, revisions (which hold parts,
revisions included, for nested revisions) and ``Note`` (a footnote or endnote).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DATE = "2024-05-01T10:00:00Z"


@dataclass
class Bold:
    text: str


@dataclass
class Italic:
    text: str


class Revision:
    tag = ""

    def __init__(self, author: str, *parts):
        self.author, self.parts = author, parts


class Ins(Revision):
    tag = "w:ins"


class Del(Revision):
    tag = "w:del"


class MoveFrom(Revision):
    tag = "w:moveFrom"


class MoveTo(Revision):
    tag = "w:moveTo"


class Note:
    """A footnote (or endnote) whose text is the parts given."""

    def __init__(self, *parts, kind: str = "footnote"):
        self.parts, self.kind = parts, kind


class Field:
    """A complex field (``{ INSTRUCTION }``) showing the parts given as its result."""

    def __init__(self, instruction: str, *result):
        self.instruction, self.result = instruction, result


class ContentControl:
    """A content control (``w:sdt``) around the parts given."""

    def __init__(self, *parts):
        self.parts = parts


@dataclass
class FormatChange:
    """A run made bold as a tracked formatting change (no text changes)."""

    author: str
    text: str


class WordBuilder:
    def __init__(self, comments: bool = True):
        self.document = docx.Document()
        self.with_comments = comments  # False: the same document without its comments
        self._next_id = 1
        self._notes: dict[str, tuple] = {}  # kind -> (part element, next id)

    def _id(self) -> str:
        self._next_id += 1
        return str(self._next_id)

    # -- paragraphs --------------------------------------------------------------

    def paragraph(self, *parts, style: str | None = None, mark: Revision | None = None, num: tuple[int, int] | None = None):
        paragraph = self.document.add_paragraph(style=style)
        self._fill(paragraph._p, parts, in_deletion=False)
        if mark is not None:
            self.mark(paragraph, mark)
        if num is not None:
            self.number(paragraph, *num)
        return paragraph

    def heading(self, text: str, level: int = 1):
        return self.document.add_heading(text, level)

    def mark(self, paragraph, revision: Revision) -> None:
        """Track the paragraph mark itself as inserted or deleted."""
        ppr = paragraph._p.get_or_add_pPr()
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = etree.SubElement(ppr, qn("w:rPr"))
        rpr.append(self._revision_element(revision))

    def number(self, paragraph, num_id: int, level: int = 0) -> None:
        ppr = paragraph._p.get_or_add_pPr()
        numpr = etree.SubElement(ppr, qn("w:numPr"))
        etree.SubElement(numpr, qn("w:ilvl")).set(qn("w:val"), str(level))
        etree.SubElement(numpr, qn("w:numId")).set(qn("w:val"), str(num_id))
        # w:numPr goes before most other paragraph properties (schema order).
        style = ppr.find(qn("w:pStyle"))
        ppr.remove(numpr)
        ppr.insert(1 if style is not None else 0, numpr)

    def _revision_element(self, revision: Revision):
        element = etree.Element(qn(revision.tag))
        element.set(qn("w:id"), self._id())
        element.set(qn("w:author"), revision.author)
        element.set(qn("w:date"), DATE)
        return element

    def _fill(self, parent, parts, in_deletion: bool) -> None:
        for part in parts:
            if isinstance(part, Revision):
                element = self._revision_element(part)
                parent.append(element)
                self._fill(element, part.parts, in_deletion or isinstance(part, (Del, MoveFrom)))
            elif isinstance(part, Note):
                run = etree.SubElement(parent, qn("w:r"))
                rpr = etree.SubElement(run, qn("w:rPr"))
                etree.SubElement(rpr, qn("w:vertAlign")).set(qn("w:val"), "superscript")
                reference = etree.SubElement(run, qn(f"w:{part.kind}Reference"))
                reference.set(qn("w:id"), self._note(part))
            elif isinstance(part, Field):
                self._field_char(parent, "begin")
                run = etree.SubElement(parent, qn("w:r"))
                instr = etree.SubElement(run, qn("w:delInstrText" if in_deletion else "w:instrText"))
                instr.text = f" {part.instruction} "
                instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                self._field_char(parent, "separate")
                self._fill(parent, part.result, in_deletion)
                self._field_char(parent, "end")
            elif isinstance(part, ContentControl):
                sdt = etree.SubElement(parent, qn("w:sdt"))
                etree.SubElement(etree.SubElement(sdt, qn("w:sdtPr")), qn("w:id")).set(qn("w:val"), self._id())
                self._fill(etree.SubElement(sdt, qn("w:sdtContent")), part.parts, in_deletion)
            elif isinstance(part, FormatChange):
                run = self._run(parent, part.text, in_deletion, bold=True)
                rpr = run.find(qn("w:rPr"))
                change = etree.SubElement(rpr, qn("w:rPrChange"))
                change.set(qn("w:id"), self._id())
                change.set(qn("w:author"), part.author)
                change.set(qn("w:date"), DATE)
                etree.SubElement(change, qn("w:rPr"))
            else:
                bold = isinstance(part, Bold)
                italic = isinstance(part, Italic)
                text = part.text if (bold or italic) else part
                self._run(parent, text, in_deletion, bold=bold, italic=italic)

    def _field_char(self, parent, kind: str) -> None:
        run = etree.SubElement(parent, qn("w:r"))
        etree.SubElement(run, qn("w:fldChar")).set(qn("w:fldCharType"), kind)

    def _run(self, parent, text: str, in_deletion: bool, bold=False, italic=False):
        run = etree.SubElement(parent, qn("w:r"))
        if bold or italic:
            rpr = etree.SubElement(run, qn("w:rPr"))
            if bold:
                etree.SubElement(rpr, qn("w:b"))
            if italic:
                etree.SubElement(rpr, qn("w:i"))
        t = etree.SubElement(run, qn("w:delText" if in_deletion else "w:t"))
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return run

    # -- notes, tables, numbering --------------------------------------------------

    def _note(self, note: Note) -> str:
        kind = note.kind
        if kind not in self._notes:
            root = parse_xml(
                f'<w:{kind}s xmlns:w="{W_NS}">'
                f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
                f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{kind}>'
                f"</w:{kind}s>")
            content_type = f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}s+xml"
            part = XmlPart(PackURI(f"/word/{kind}s.xml"), content_type, root, self.document.part.package)
            self.document.part.relate_to(part, RT.FOOTNOTES if kind == "footnote" else RT.ENDNOTES)
            self._notes[kind] = [root, 1]
        root, number = self._notes[kind]
        self._notes[kind][1] += 1
        element = etree.SubElement(root, qn(f"w:{kind}"))
        element.set(qn("w:id"), str(number))
        p = etree.SubElement(element, qn("w:p"))
        run = etree.SubElement(p, qn("w:r"))
        rpr = etree.SubElement(run, qn("w:rPr"))
        etree.SubElement(rpr, qn("w:vertAlign")).set(qn("w:val"), "superscript")
        etree.SubElement(run, qn(f"w:{kind}Ref"))
        self._run(p, " ", False)
        self._fill(p, note.parts, False)
        return str(number)

    def table(self, rows: list[list], row_revisions: dict[int, Revision] | None = None):
        """A table; each cell is text or a tuple of paragraph parts."""
        width = max(len(row) for row in rows)
        table = self.document.add_table(rows=len(rows), cols=width)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                paragraph = table.cell(r, c).paragraphs[0]
                self._fill(paragraph._p, cell if isinstance(cell, tuple) else (cell,), False)
        for r, revision in (row_revisions or {}).items():
            tr = table.rows[r]._tr
            # As Word tracks a row: the row itself, and the text of its cells.
            for paragraph_element in tr.iter(qn("w:p")):
                runs = [child for child in paragraph_element if child.tag != qn("w:pPr")]
                wrapper = self._revision_element(revision)
                for run in runs:
                    wrapper.append(run)
                    if isinstance(revision, Del):
                        for t in run.iter(qn("w:t")):
                            t.tag = qn("w:delText")
                paragraph_element.append(wrapper)
            trpr = tr.get_or_add_trPr()
            trpr.append(self._revision_element(revision))
        return table

    def comment(self, paragraph, text: str, author: str, first: int = 0, last: int = -1):
        """A comment anchored on runs first..last of a paragraph, counting the runs inside
        revisions too (python-docx's own comments, placed as Word places them)."""
        from docx.text.run import Run

        if not self.with_comments:
            return None
        runs = [Run(r, paragraph) for r in paragraph._p.iter(qn("w:r"))]
        return self.document.add_comment([runs[first], runs[last]], text=text, author=author, initials=author[:2])

    def numbering(self, levels: list[dict], overrides: dict[int, int] | None = None, abstract_id: int | None = None) -> int:
        """Add a list definition (levels: dicts of fmt, text, start, restart, legal, suffix)
        and a w:num for it; returns the numId. ``abstract_id`` reuses a definition."""
        root = self.document.part.numbering_part.element
        if abstract_id is None:
            abstract_id = 100 + len(root.findall(qn("w:abstractNum")))
            abstract = etree.Element(qn("w:abstractNum"))
            abstract.set(qn("w:abstractNumId"), str(abstract_id))
            etree.SubElement(abstract, qn("w:multiLevelType")).set(qn("w:val"), "multilevel")
            for ilvl, spec in enumerate(levels):
                lvl = etree.SubElement(abstract, qn("w:lvl"))
                lvl.set(qn("w:ilvl"), str(ilvl))
                etree.SubElement(lvl, qn("w:start")).set(qn("w:val"), str(spec.get("start", 1)))
                etree.SubElement(lvl, qn("w:numFmt")).set(qn("w:val"), spec.get("fmt", "decimal"))
                if "restart" in spec:
                    etree.SubElement(lvl, qn("w:lvlRestart")).set(qn("w:val"), str(spec["restart"]))
                if spec.get("legal"):
                    etree.SubElement(lvl, qn("w:isLgl"))
                if "suffix" in spec:
                    etree.SubElement(lvl, qn("w:suff")).set(qn("w:val"), spec["suffix"])
                etree.SubElement(lvl, qn("w:lvlText")).set(qn("w:val"), spec.get("text", f"%{ilvl + 1}."))
                etree.SubElement(lvl, qn("w:lvlJc")).set(qn("w:val"), "left")
                ppr = etree.SubElement(lvl, qn("w:pPr"))
                ind = etree.SubElement(ppr, qn("w:ind"))
                ind.set(qn("w:left"), str(720 * (ilvl + 1)))
                ind.set(qn("w:hanging"), "360")
            first_num = root.find(qn("w:num"))
            if first_num is not None:
                first_num.addprevious(abstract)
            else:
                root.append(abstract)
        num_id = 100 + len(root.findall(qn("w:num")))
        num = etree.SubElement(root, qn("w:num"))
        num.set(qn("w:numId"), str(num_id))
        etree.SubElement(num, qn("w:abstractNumId")).set(qn("w:val"), str(abstract_id))
        for ilvl, start in (overrides or {}).items():
            override = etree.SubElement(num, qn("w:lvlOverride"))
            override.set(qn("w:ilvl"), str(ilvl))
            etree.SubElement(override, qn("w:startOverride")).set(qn("w:val"), str(start))
        return num_id

    def style_linked_list(self, style_id: str, levels: list[dict]) -> int:
        """A list defined through a numbering style, as Word writes outline lists: the
        style's w:numPr points at a list, and a second definition links to the style by
        w:numStyleLink. Returns the numId paragraphs use (the linked one)."""
        defining = self.numbering(levels)
        styles = self.document.styles.element
        style = etree.SubElement(styles, qn("w:style"))
        style.set(qn("w:type"), "numbering")
        style.set(qn("w:styleId"), style_id)
        etree.SubElement(style, qn("w:name")).set(qn("w:val"), style_id)
        ppr = etree.SubElement(style, qn("w:pPr"))
        numpr = etree.SubElement(ppr, qn("w:numPr"))
        etree.SubElement(numpr, qn("w:numId")).set(qn("w:val"), str(defining))
        root = self.document.part.numbering_part.element
        abstract_id = 100 + len(root.findall(qn("w:abstractNum")))
        abstract = etree.Element(qn("w:abstractNum"))
        abstract.set(qn("w:abstractNumId"), str(abstract_id))
        etree.SubElement(abstract, qn("w:numStyleLink")).set(qn("w:val"), style_id)
        root.find(qn("w:num")).addprevious(abstract)
        return self.numbering([], abstract_id=abstract_id)

    def abstract_of(self, num_id: int) -> int:
        root = self.document.part.numbering_part.element
        for num in root.findall(qn("w:num")):
            if num.get(qn("w:numId")) == str(num_id):
                return int(num.find(qn("w:abstractNumId")).get(qn("w:val")))
        raise KeyError(num_id)

    def save(self, path: Path) -> Path:
        self.document.save(str(path))
        return path
