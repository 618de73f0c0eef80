"""Word structure in a draft: one item per paragraph, blank lines between blocks,
headings, emphasis, tables one row per line, footnotes at the end (docs/import.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cicadraft.documents.importing import import_document
from cicadraft.registry import default_registry
from cicadraft.syntax import parse
from documents.oracle import draft_words, libreoffice_texts, office_words
from documents.word_builder import Bold, Italic, Note, WordBuilder

REFERENCE = Path("/work/shared/examples/SWG-739-2023.txt")


def _paragraphs(lines: list[str]):
    """Reference-draft lines as Word paragraphs of runs: **bold** and *italic* become
    formatting, also where the emphasis runs over several lines."""
    marker = None
    for line in lines:
        parts = []
        for piece in re.split(r"(\*\*|\*)", line):
            if piece in ("**", "*"):
                marker = None if marker == piece else piece
            elif piece:
                parts.append(Bold(piece) if marker == "**" else Italic(piece) if marker == "*" else piece)
        yield parts


def _plain(line: str) -> str:
    return line.replace("*", "")


@pytest.fixture(scope="module")
def reference_docx(tmp_path_factory) -> tuple[Path, list[str]]:
    """The reference circular typed into Word, one paragraph per line (emphasis of a
    single line as formatting: what a secretariat's file holds)."""
    lines = [line for line in REFERENCE.read_text(encoding="utf-8").split("\n") if line.strip()]
    builder = WordBuilder()
    for parts in _paragraphs(lines):
        builder.paragraph(*parts)
    return builder.save(tmp_path_factory.mktemp("reference") / "SWG-739-2023.docx"), lines


def test_the_reference_circular_comes_back_line_for_line(reference_docx):
    path, lines = reference_docx
    text = import_document(path, registry=default_registry()).text
    assert [_plain(line) for line in text.split("\n") if line] == [_plain(line) for line in lines]
    assert "**SECRETARIAT OF THE CONFERENCE ON INTERACTION**\n\n**AND CONFIDENCE BUILDING MEASURES IN ASIA**" in text
    assert "\n\n- *Recalling* numerous UN General Assembly resolutions" in text
    # Blocks are separated by exactly one blank line, and nothing else changed.
    assert "\n\n\n" not in text and text.endswith(".\n") or text.endswith("\n")
    imported, original = parse(text), parse(REFERENCE.read_text(encoding="utf-8"))
    assert [item.label for item in imported.items] == [item.label for item in original.items]
    assert [str(t.normalized) for _, t in imported.tags()] == [str(t.normalized) for _, t in original.tags()]
    assert len(imported.brackets) == len(original.brackets) and imported.balanced


def test_the_reference_circular_words_match_libreoffice(reference_docx):
    path, _ = reference_docx
    text = import_document(path, registry=default_registry()).text
    office = libreoffice_texts([path], modes=("keep",))
    assert draft_words(text) == office_words(office[(path, "keep")])


@pytest.fixture(scope="module")
def structured(tmp_path_factory) -> Path:
    b = WordBuilder()
    b.document.add_heading("Draft statement on volunteerism", 0)
    b.heading("Preamble", 1)
    b.paragraph("- ", Italic("Recalling"), " the Astana Statement", Note("Of 13 October 2022."), ";")
    b.paragraph("- ", Italic("Underlining"), " the importance of ", Bold("volunteerism"), ";")
    b.heading("Operative part", 2)
    b.paragraph("Item one", style="List Number")
    b.paragraph("Item two", style="List Number")
    b.paragraph("Bulleted", style="List Bullet")
    b.table([["Area", "Coordinator"], ["ICT security", "Russian Federation"]])
    b.paragraph(Bold("Bold "), Bold(Italic("x").text), " and ", Italic("italic"), " text", Note("Second note."), ".")
    return b.save(tmp_path_factory.mktemp("structure") / "structure.docx")


def test_headings_emphasis_lists_tables_and_notes(structured):
    text = import_document(structured, registry=default_registry()).text
    assert text == (
        "# Draft statement on volunteerism\n\n"
        "## Preamble\n\n"
        "- *Recalling* the Astana Statement[^1];\n\n"
        "- *Underlining* the importance of **volunteerism**;\n\n"
        "### Operative part\n\n"
        "1. Item one\n"
        "2. Item two\n"
        "• Bulleted\n\n"
        "Area | Coordinator\n"
        "ICT security | Russian Federation\n\n"
        "**Bold x** and *italic* text[^2].\n\n"
        "[^1]: Of 13 October 2022.\n\n"
        "[^2]: Second note.\n"
    )
    draft = parse(text)
    assert [(h.level, h.title) for h in draft.headings][:3] == [
        (1, "Draft statement on volunteerism"), (2, "Preamble"), (3, "Operative part")]
    assert [item.label for item in draft.items if item.label] == ["1.", "2."]


def test_structure_words_match_libreoffice(structured):
    text = import_document(structured, registry=default_registry()).text
    office = libreoffice_texts([structured], modes=("keep",))
    assert draft_words(text) == office_words(office[(structured, "keep")])
    assert draft_words(text, notes=True) == office_words(office[(structured, "keep-notes")])


def test_strict_open_xml_reads_like_transitional(structured, tmp_path):
    """Word's "Strict Open XML Document" names the same elements in other namespaces."""
    import zipfile

    strict = tmp_path / "strict.docx"
    replacements = {
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main": b"http://purl.oclc.org/ooxml/wordprocessingml/main",
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships": b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    }
    with zipfile.ZipFile(structured) as original, zipfile.ZipFile(strict, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            data = original.read(info.filename)
            if info.filename.endswith((".xml", ".rels")) and info.filename != "[Content_Types].xml":
                for old, new in replacements.items():
                    data = data.replace(old, new)
            copy.writestr(info.filename, data)
    registry = default_registry()
    assert import_document(strict, registry=registry).text == import_document(structured, registry=registry).text


def test_text_boxes_are_left_out_and_said(tmp_path):
    from lxml import etree

    from docx.oxml.ns import qn

    b = WordBuilder()
    paragraph = b.paragraph("Before the box.")
    run = paragraph.add_run()._r
    # A VML text box as Word writes for old readers (python-docx has no API for shapes).
    pict = etree.SubElement(run, qn("w:pict"))
    shape = etree.SubElement(pict, "{urn:schemas-microsoft-com:vml}shape")
    box = etree.SubElement(shape, "{urn:schemas-microsoft-com:vml}textbox")
    content = etree.SubElement(box, qn("w:txbxContent"))
    etree.SubElement(etree.SubElement(etree.SubElement(content, qn("w:p")), qn("w:r")), qn("w:t")).text = "Boxed words"
    b.paragraph("After the box.")
    result = import_document(b.save(tmp_path / "box.docx"), registry=default_registry())
    assert result.text == "Before the box.\n\nAfter the box.\n"
    assert result.notes == ["the text of 1 text box or shape is not imported"]


def test_bold_brackets_and_tags_keep_their_tags_attached(tmp_path):
    """Word drafts often set tags, or a whole bracketed passage, in bold: the markers go
    around the words only, so that every tag stays on its bracket (SPEC §4)."""
    b = WordBuilder()
    b.paragraph("1. Promote ", "[tolerance]", Bold(" (+IRAN) (AZER tcb)"))
    b.paragraph(Bold("2. Strong [words] (-IND)"))
    b.paragraph(Italic("Recalling"), " the [text] (+CHN)")
    b.paragraph(Bold("3. "), Bold("[[Nested] (+KAZ) words] (-TUR)"))
    text = import_document(b.save(tmp_path / "bold.docx"), registry=default_registry()).text
    assert text.split("\n\n") == [
        "1. Promote [tolerance] (+IRAN) (AZER tcb)",
        "**2. Strong** [**words**] (-IND)",
        "*Recalling* the [text] (+CHN)",
        "**3.** [[**Nested**] (+KAZ) **words**] (-TUR)\n",
    ]
    draft = parse(text)
    assert all(group.bracket is not None for group in draft.tag_groups)
    assert not draft.stray_closes and all(b.close is not None for b in draft.brackets)
