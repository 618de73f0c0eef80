"""read_pdf on PDFs made by real programs: the reference draft and the drafts of other
negotiations printed by LibreOffice and by Chromium (with its running header and footer
on every page); hyphenated lines; a scan without a text layer; password-protected,
damaged and empty files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cicadraft.documents.errors import DocumentError
from cicadraft.documents.pdf_reader import read_pdf
from documents.draft_content import assert_same_content, content, has_page_number_lines
from documents.office import REFERENCE, chromium_pdf, convert, drafts, page_images, text_page

DRAFTS = drafts()


@pytest.fixture(scope="module")
def profile(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("libreoffice-profile")


# The plastics text is itself a PDF extraction that kept its page numbers as lines of
# their own. Printed again, such a line is a page number where it lands at the top or
# bottom of a page (and goes), and text elsewhere (it stays, or joins its paragraph):
# for such a text the comparison leaves numbers of up to three digits aside (labels are
# still compared as labels).


@pytest.mark.parametrize("name", sorted(DRAFTS))
def test_libreoffice_print_reads_back(name, tmp_path, profile):
    source = tmp_path / f"{name}.txt"
    source.write_text(DRAFTS[name], encoding="utf-8")
    result = read_pdf(convert(profile, source, "pdf", tmp_path / "out"))
    aside = has_page_number_lines(DRAFTS[name])
    assert_same_content(content(DRAFTS[name], without_numbers=aside), content(result.text, without_numbers=aside), f"{name} printed by LibreOffice")
    assert parse_balanced(result.text) == parse_balanced(DRAFTS[name])


@pytest.mark.parametrize("name", sorted(DRAFTS))
def test_chromium_print_with_running_header_and_footer(name, tmp_path):
    pdf = chromium_pdf(tmp_path, text_page(DRAFTS[name], title="SWG circular"), name)
    result = read_pdf(pdf)
    assert "file://" not in result.text and "SWG circular" not in result.text
    assert not re.search(r"^\d+/\d+$", result.text, re.MULTILINE)  # Chromium's "3/9"
    assert any("running header or footer" in note for note in result.notes), result.notes
    aside = has_page_number_lines(DRAFTS[name])
    assert_same_content(content(DRAFTS[name], without_numbers=aside), content(result.text, without_numbers=aside), f"{name} printed by Chromium")


def parse_balanced(text: str) -> bool:
    from cicadraft.syntax import parse

    return parse(text).balanced


def test_paragraphs_come_back_as_items_and_blocks(tmp_path, profile):
    source = tmp_path / "reference.txt"
    source.write_text(DRAFTS["SWG-739-2023"], encoding="utf-8")
    text = read_pdf(convert(profile, source, "pdf", tmp_path / "out")).text
    # A wrapped paragraph is one line again; items keep their labels at the line start.
    assert (
        "1.10 A Member State intending to assume the role of Coordinator or Co-coordinator in a specific priority area "
        "shall inform all CICA Member States about its intention through the CICA Chairmanship and the Secretariat in "
        "writing, indicating the proposed tenure [, which should be not less than two and not more than four years]. (-IND)\n"
    ) in text
    assert "\n\n1.11 In the event of absence" in text
    # Short lines set as lines stay lines (a title, an enclosure note), blocks stay apart.
    assert "**SECRETARIAT OF THE CONFERENCE ON INTERACTION\nAND CONFIDENCE BUILDING MEASURES IN ASIA**\n\n" in text
    assert "*Enclosure:\nas stated,\non 16 p.*" in text


def hyphenated(text: str, width: int) -> str:
    """``text`` set in lines of ``width`` characters by a typesetter that hyphenates:
    a long word that does not fit is split after its first half, with a hyphen. Real
    hyphens stay inside their lines (the test below prints those with Chromium)."""
    out = []
    for line in text.split("\n"):
        words, current = line.split(" "), ""
        for word in words:
            if current and len(current) + 1 + len(word) > width:
                if len(word) >= 10 and "-" not in word and word.isalpha():
                    cut = max(width - len(current) - 2, 4)
                    cut = min(cut, len(word) - 4)
                    out.append(f"{current} {word[:cut]}-")
                    current = word[cut:]
                    continue
                out.append(current)
                current = word
            else:
                current = f"{current} {word}" if current else word
        out.append(current)
    return "\n".join(out)


def test_end_of_line_hyphenation_is_undone(tmp_path, profile):
    original = DRAFTS["SWG-739-2023"]
    set_text = hyphenated(original, 70)
    assert set_text.count("-\n") > 40  # the typesetter really split words
    source = tmp_path / "hyphenated.txt"
    source.write_text(set_text, encoding="utf-8")
    result = read_pdf(convert(profile, source, "pdf", tmp_path / "out"))
    assert "imple-mentation" not in result.text and "implementation" in result.text
    assert_same_content(content(original), content(result.text), "hyphenated print")


def test_real_hyphens_at_line_ends_stay(tmp_path):
    # Chromium breaks lines after real hyphens (it hyphenates no word on its own): in a
    # narrow column, many of the draft's hyphens (co-coordinator, full-fledged,
    # consensus-based, well-being, 13-14, государствам-членам) come at line ends.
    original = DRAFTS["SWG-739-2023"]
    page = text_page(original).replace("font-size: 12pt", "font-size: 12pt; width: 14em")
    result = read_pdf(chromium_pdf(tmp_path, page, "hyphens", header_footer=False))
    hyphenated = re.compile(r"\w+(?:-\w+)+")
    assert hyphenated.findall(result.text) == hyphenated.findall(original)
    assert_same_content(content(original), content(result.text), "narrow column")


def test_a_scan_without_text_layer_is_refused(tmp_path, profile):
    source = tmp_path / "circular.txt"
    source.write_text(DRAFTS["SWG-739-2023"][:3000], encoding="utf-8")
    printed = convert(profile, source, "pdf", tmp_path / "out")
    images = page_images(printed, tmp_path / "scan")
    page = "".join(f'<img src="{image.as_uri()}" style="width: 100%; page-break-after: always">' for image in images)
    scan = chromium_pdf(tmp_path, f"<!doctype html><html><body>{page}</body></html>", "scan", header_footer=False)
    with pytest.raises(DocumentError, match=r"has no text layer \(a scanned document\?\).*OCR"):
        read_pdf(scan)


def test_password_protected_pdf_is_refused(tmp_path, profile):
    import pypdf

    source = tmp_path / "circular.txt"
    source.write_text(DRAFTS["SWG-739-2023"][:2000], encoding="utf-8")
    printed = convert(profile, source, "pdf", tmp_path / "out")
    writer = pypdf.PdfWriter(clone_from=printed)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    locked = tmp_path / "locked.pdf"
    writer.write(locked)
    with pytest.raises(DocumentError, match="protected by a password"):
        read_pdf(locked)
    # Only an owner password (printing allowed, editing restricted): it reads.
    writer = pypdf.PdfWriter(clone_from=printed)
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    restricted = tmp_path / "restricted.pdf"
    writer.write(restricted)
    assert "SECRETARIAT OF THE CONFERENCE" in read_pdf(restricted).text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"PK\x03\x04 not a pdf at all", "is not a PDF"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF", "not a readable PDF"),
    ],
)
def test_broken_files_get_one_line(tmp_path, data, message):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(DocumentError, match=message) as caught:
        read_pdf(path)
    assert "\n" not in str(caught.value)


def test_truncated_pdf_gets_one_line(tmp_path, profile):
    source = tmp_path / "circular.txt"
    source.write_text(REFERENCE.read_text(encoding="utf-8"), encoding="utf-8")
    data = convert(profile, source, "pdf", tmp_path / "out").read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 3])
    try:
        result = read_pdf(path)
    except DocumentError as error:
        assert "\n" not in str(error) and "truncated.pdf" in str(error)
    else:  # pypdf recovers what it can from a damaged file: some of the text, sanely
        assert "SECRETARIAT" in result.text
