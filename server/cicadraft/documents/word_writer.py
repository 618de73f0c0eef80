"""The Word document of an exported draft, written with python-docx.

python-docx writes the document, its styles, page and runs; lxml (through python-docx's
own element classes) adds only what python-docx does not model: tracked insertions and
deletions (``w:ins``/``w:del``, on runs and on paragraph marks), the language of the
text (``w:lang``) and the page-number field of the footer. No XML is written as text.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone


FONT = "Times New Roman"
TAG_STYLE = "Delegation Tag"
ITEM_STYLE = "Item"
_TAG_COLOUR = (0x1F, 0x4E, 0x79)  # dark blue: visible on screen and in grey print


@dataclass
class Run:
    text: str  # may hold "\n" for a line break inside the paragraph
    bold: bool = False
    italic: bool = False
    tag: bool = False
    revision: tuple[str, str] | None = None  # ("ins" | "del", author)


@dataclass
class Paragraph:
    style: str  # "Normal", "Title", "Heading 1" … "Heading 3", "Item"
    runs: list[Run] = field(default_factory=list)
    language: str = "en-GB"
    page_break_before: bool = False
    mark_revision: tuple[str, str] | None = None  # the paragraph mark inserted or deleted


def document_bytes(paragraphs: list[Paragraph], *, title: str = "") -> bytes:
    """The .docx file of ``paragraphs``."""
    import docx  # lazily: only exporting needs python-docx

    document = docx.Document()
    _page(document)
    _styles(document)
    body = document.paragraphs[0] if document.paragraphs else None
    revisions = _Revisions()
    # Style ids looked up once: python-docx searches every style at each assignment.
    style_ids = {name: document.styles[name].style_id for name in (*_PARAGRAPH_STYLES, TAG_STYLE)}
    for number, paragraph in enumerate(paragraphs):
        target = body if number == 0 and body is not None else _new_paragraph(document)
        _paragraph(target, paragraph, style_ids, revisions)
    document.core_properties.title = title
    document.core_properties.author = "cicadraft"
    document.core_properties.language = paragraphs[0].language if paragraphs else "en-GB"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _new_paragraph(document):
    """A paragraph at the end of the body, before its section properties.

    python-docx's ``add_paragraph`` looks for the body's ``w:sectPr`` among all its
    children each time, which makes a 5 MB draft's export quadratic; here the new
    paragraph goes right before it. (Not ``len(body)`` to see whether there is one: lxml
    counts the children for that, which is as quadratic; ``body[-1]`` is the last one.)"""
    from docx.oxml import OxmlElement
    from docx.text.paragraph import Paragraph as WordParagraph

    element = OxmlElement("w:p")
    body = document.element.body
    try:
        last = body[-1]
    except IndexError:  # an empty body
        last = None
    section = last if last is not None and last.tag.endswith("}sectPr") else None
    if section is not None:
        section.addprevious(element)
    else:
        body.append(element)
    return WordParagraph(element, document._body)


def _page(document) -> None:
    """A4, the margins of a circular, the page number centred in the footer."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    footer._p.append(field)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)


def _styles(document) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _set_language(normal.element.get_or_add_rPr(), "en-GB")
    title = styles["Title"]
    title.font.name, title.font.size, title.font.bold = FONT, Pt(12), True
    title.font.color.rgb = RGBColor(0, 0, 0)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(0)
    _drop_border(title)
    for level in (1, 2, 3):
        heading = styles[f"Heading {level}"]
        heading.font.name, heading.font.size, heading.font.bold = FONT, Pt(12), True
        heading.font.italic = False
        heading.font.color.rgb = RGBColor(0, 0, 0)
        heading.paragraph_format.space_before = Pt(0)
        heading.paragraph_format.space_after = Pt(0)
        heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER if level == 1 else WD_ALIGN_PARAGRAPH.LEFT
        heading.paragraph_format.keep_with_next = True
    item = styles.add_style(ITEM_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    item.base_style = normal
    item.quick_style = True
    # Colour, not bold: bold is text markup (`**`) when a document is read back, and a
    # tag in `**` would no longer stand next to its bracket.
    tag = styles.add_style(TAG_STYLE, WD_STYLE_TYPE.CHARACTER)
    tag.font.color.rgb = RGBColor(*_TAG_COLOUR)
    tag.quick_style = True


def _drop_border(style) -> None:
    """Word's Title has a rule under it; a circular's title has none."""
    from docx.oxml.ns import qn

    properties = style.element.find(qn("w:pPr"))
    if properties is not None:
        for border in properties.findall(qn("w:pBdr")):
            properties.remove(border)


_PARAGRAPH_STYLES = ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", ITEM_STYLE)


def _paragraph(target, paragraph: Paragraph, style_ids: dict[str, str], revisions: "_Revisions") -> None:
    style = paragraph.style if paragraph.style in _PARAGRAPH_STYLES else "Normal"
    if style != "Normal":
        target._p.style = style_ids[style]
    if paragraph.page_break_before:
        target.paragraph_format.page_break_before = True
    if style in ("Normal", ITEM_STYLE) and any("\n" in run.text for run in paragraph.runs):
        # Justified lines that end in a line break are stretched to the margin.
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        target.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    for run in paragraph.runs:
        _run(target, run, paragraph.language, style_ids[TAG_STYLE], revisions)
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = target._p.get_or_add_pPr()
    mark = properties.find(qn("w:rPr"))
    if mark is None:
        mark = OxmlElement("w:rPr")
        properties.append(mark)
    _set_language(mark, paragraph.language)
    if paragraph.mark_revision is not None:
        kind, author = paragraph.mark_revision
        mark.insert(0, revisions.element(kind, author))  # a mark's revision comes first in its properties


def _run(target, run: Run, language: str, tag_style: str, revisions: "_Revisions") -> None:
    from docx.oxml.ns import qn

    added = target.add_run()
    _add_text(added, run.text)
    added.bold = run.bold or None
    added.italic = run.italic or None
    if run.tag:
        added._r.style = tag_style
    _set_language(added._r.get_or_add_rPr(), language)
    if run.revision is None:
        return
    kind, author = run.revision
    wrapper = revisions.element(kind, author)
    added._r.addprevious(wrapper)
    wrapper.append(added._r)
    if kind == "del":
        for text in added._r.findall(qn("w:t")):
            text.tag = qn("w:delText")


# Characters a draft line may hold that XML cannot: a form feed is a page break in
# Word, a vertical tab (Word's own manual line break) a line break, a tab a tab; the
# other control characters are shown as U+FFFD.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_BREAKS = re.compile(r"([\n\t\f\v])")


def _add_text(run, text: str) -> None:
    from docx.enum.text import WD_BREAK

    for piece in _BREAKS.split(text):
        if piece in ("\n", "\v"):
            run.add_break()
        elif piece == "\f":
            run.add_break(WD_BREAK.PAGE)
        elif piece == "\t":
            run.add_tab()
        elif piece:
            run.add_text(_CONTROL.sub("\ufffd", piece))


def _set_language(properties, language: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for old in properties.findall(qn("w:lang")):
        properties.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    lang.set(qn("w:bidi"), language)
    properties.append(lang)


class _Revisions:
    """``w:ins``/``w:del`` elements, numbered, dated now, by their author."""

    def __init__(self):
        self.number = 0
        self.date = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    def element(self, kind: str, author: str):
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        self.number += 1
        element = OxmlElement(f"w:{kind}")
        element.set(qn("w:id"), str(self.number))
        element.set(qn("w:author"), author)
        element.set(qn("w:date"), self.date)
        return element
