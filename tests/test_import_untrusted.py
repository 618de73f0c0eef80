"""Untrusted documents: each gets one line and exit status 2, or a sane import, in
bounded time and memory; no entity is resolved, nothing fetched, no macro run."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from cicadraft.documents.errors import DocumentError
from cicadraft.documents.importing import import_document
from cicadraft.registry import default_registry
from documents.oracle import libreoffice_encrypted_copy
from documents.word_builder import Ins, WordBuilder
from test_import_cli import cicadraft


def _import(path: Path):
    return import_document(path, registry=default_registry())


def _with_part(source: Path, target: Path, name: str, data: bytes, compresslevel: int | None = None) -> Path:
    """A copy of a real document with one part replaced (or added)."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as copy:
        for info in original.infolist():
            if info.filename != name:
                copy.writestr(info.filename, original.read(info.filename))
        copy.writestr(name, data)
    return target


@pytest.fixture
def plain(tmp_path) -> Path:
    b = WordBuilder()
    b.paragraph("The Member States ", Ins("India", "shall "), "inform the Chairmanship.")
    return b.save(tmp_path / "plain.docx")


def test_a_zip_bomb_is_refused_before_it_is_inflated(plain, tmp_path):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(plain) as original, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as copy:
        for info in original.infolist():
            if info.filename != "word/document.xml":
                copy.writestr(info.filename, original.read(info.filename))
        with copy.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b" " * (16 * 1024 * 1024)
            for _ in range(16):  # 256 MB of spaces in a few hundred kB
                part.write(chunk)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    result = cicadraft("import", bomb)
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert "word/document.xml" in result.stderr and "MB" in result.stderr


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE w:document [<!ENTITY remote SYSTEM "http://127.0.0.1:9/x">]>',
    '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
])
def test_entities_are_never_resolved(plain, tmp_path, doctype):
    with zipfile.ZipFile(plain) as original:
        xml = original.read("word/document.xml").decode("utf-8")
    start = xml.index("?>") + 2
    body = xml[start:].replace("inform the Chairmanship.", "inform &secret;&remote;&d;")
    hostile = _with_part(plain, tmp_path / "entity.docx", "word/document.xml", (xml[:start] + doctype + body).encode())
    with pytest.raises(DocumentError) as raised:
        _import(hostile)
    assert "entities" in str(raised.value) and "root:" not in str(raised.value)
    result = cicadraft("import", hostile)
    assert result.returncode == 2 and result.stdout == "" and len(result.stderr.splitlines()) == 1


def test_a_damaged_part_is_one_line(plain, tmp_path):
    broken = _with_part(plain, tmp_path / "broken.docx", "word/document.xml", b"<w:document><w:body><w:p>")
    result = cicadraft("import", broken)
    assert result.returncode == 2 and "not well-formed XML" in result.stderr and len(result.stderr.splitlines()) == 1
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(plain.read_bytes()[:2000])
    result = cicadraft("import", truncated)
    assert result.returncode == 2 and "not a valid document" in result.stderr and len(result.stderr.splitlines()) == 1


def test_a_zip_that_is_no_document(tmp_path):
    archive = tmp_path / "photos.docx"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("photo.jpg", b"\xff\xd8\xff")
    result = cicadraft("import", archive)
    assert result.returncode == 2 and "not a Word or ODF text document" in result.stderr
    empty = tmp_path / "empty-zip.docx"
    zipfile.ZipFile(empty, "w").close()
    result = cicadraft("import", empty)
    assert result.returncode == 2 and "empty zip" in result.stderr


def test_a_password_protected_document_says_what_to_do(plain, tmp_path):
    locked = libreoffice_encrypted_copy(plain, tmp_path / "locked.docx")  # named .docx, as people do
    assert locked.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # LibreOffice made an OLE file
    result = cicadraft("import", locked)
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert "password-protected" in result.stderr and "remove the password" in result.stderr


def test_a_huge_table_imports_row_by_row(tmp_path):
    b = WordBuilder()
    table = b.document.add_table(rows=1, cols=4)
    cells = table.rows[0]._tr
    from copy import deepcopy

    for c, cell in enumerate(table.rows[0].cells):
        cell.text = f"cell {c}"
    for _ in range(19_999):  # copies of the row, as python-docx would add them, only faster
        cells.addnext(deepcopy(cells))
    path = b.save(tmp_path / "huge.docx")
    text = _import(path).text
    assert text.count("\n") == 20_000 and text.startswith("cell 0 | cell 1 | cell 2 | cell 3\n")


def test_macros_in_a_docm_are_never_run_or_read(plain, tmp_path):
    # A macro-enabled document: its content type says so and it carries a VBA project,
    # here bytes that would fail any attempt to read them.
    with zipfile.ZipFile(plain) as original:
        types = original.read("[Content_Types].xml").decode("utf-8")
    types = types.replace("wordprocessingml.document.main+xml", "PLACEHOLDER").replace(
        "application/vnd.openxmlformats-officedocument.PLACEHOLDER", "application/vnd.ms-word.document.macroEnabled.main+xml")
    macro = _with_part(plain, tmp_path / "step.docm", "[Content_Types].xml", types.encode())
    macro = _with_part(macro, tmp_path / "macro.docm", "word/vbaProject.bin", b"\xd0\xcf\x11\xe0 not a real project")
    result = cicadraft("import", macro)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "The Member States [shall] (+IND) inform the Chairmanship.\n"
    # The type is what the file is, not its name: a .docm renamed .odt is still read as Word.
    renamed = macro.with_name("renamed.odt")
    renamed.write_bytes(macro.read_bytes())
    assert _import(renamed).text == result.stdout
