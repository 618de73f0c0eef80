"""What `cicadraft export` writes, read back with python-docx: A4, the circular's styles
(titles, headings, labelled items), italic preamble participles, tags in their character
style, the proofing language of each paragraph; `--clean` as `resolve --keep-all`
settles the text (checked in LibreOffice's text export); and the command's handling of
bad input (one line, exit 2, nothing written)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from cicadraft.documents.exporting import export_document
from cicadraft.registry import default_registry
from documents.oracle import libreoffice_texts
from documents.office import REFERENCE, REPO

REGISTRY = default_registry()
TEXT = REFERENCE.read_text(encoding="utf-8")


def cicadraft(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cicadraft", *args], capture_output=True, text=True, timeout=120, cwd=cwd,
        env={"PYTHONPATH": str(REPO / "server"), "PATH": "/usr/bin:/bin"},
    )


@pytest.fixture(scope="module")
def document(tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "SWG-739.docx"
    done = cicadraft("export", str(REFERENCE), "-o", str(out))
    assert done.returncode == 0, done.stderr
    return docx.Document(str(out))


def paragraph(document, starting: str):
    return next(p for p in document.paragraphs if p.text.startswith(starting))


def language(paragraph) -> set[str]:
    return {lang.get(qn("w:val")) for run in paragraph.runs for lang in run._r.iter(qn("w:lang"))}


def test_a4_page_with_page_numbers(document):
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    assert section.footer.paragraphs[0]._p.find(qn("w:fldSimple")).get(qn("w:instr")) == "PAGE"


def test_structure_and_formatting(document):
    title = paragraph(document, "SECRETARIAT OF THE CONFERENCE")
    assert title.style.name == "Title" and all(run.bold for run in title.runs if run.text.strip())
    assert title.text == "SECRETARIAT OF THE CONFERENCE ON INTERACTION\nAND CONFIDENCE BUILDING MEASURES IN ASIA"
    assert paragraph(document, "Chapter 1. Terms of Reference").style.name == "Heading 2"
    assert paragraph(document, "Functions").style.name == "Heading 3"
    item = paragraph(document, "1.10 A Member State")
    assert item.style.name == "Item"
    # Preambular participles italic, as written (`*Recalling*`) or not (`- Recalling`).
    emphasised = paragraph(document, "- Emphasizing the importance")
    assert [run.text for run in emphasised.runs if run.italic] == ["Emphasizing"]
    recalling = paragraph(document, "- Recalling that transformation")
    assert [run.text for run in recalling.runs if run.italic] == ["Recalling"]
    # Brackets stay text; each tag group is a run in the tag style.
    assert "[, which should be not less than two and not more than four years]. (-IND)" in item.text
    assert [run.text for run in item.runs if run.style.name == "Delegation Tag"] == ["(-IND)"]
    tags = [run.text for p in document.paragraphs for run in p.runs if run.style.name == "Delegation Tag"]
    assert len(tags) == 17 and "(AZER tcb)" in tags and "(+IRAN)" in tags
    # The enclosures each start a new page.
    breaks = [p.text.split("\n")[0] for p in document.paragraphs if p.paragraph_format.page_break_before]
    assert breaks.count("SECRETARIAT OF THE CONFERENCE ON INTERACTION") == 1  # the Russian note, not the first
    assert "Secretariat" in breaks and breaks.count("Chairmanship of Kazakhstan") == 4


def test_each_paragraph_is_proofed_in_its_language(document):
    assert language(paragraph(document, "The Secretariat of the Conference")) == {"en-GB"}
    assert language(paragraph(document, "Секретариат Совещания")) == {"ru-RU"}
    assert language(paragraph(document, "Азиядағы өзара")) == {"kk-KZ"}
    assert language(paragraph(document, "СЕКРЕТАРИАТ СОВЕЩАНИЯ")) == {"ru-RU"}


def test_clean_export_is_resolve_keep_all(tmp_path):
    out = tmp_path / "clean.docx"
    assert cicadraft("export", str(REFERENCE), "-o", str(out), "--clean").returncode == 0
    kept = cicadraft("resolve", "--keep-all", str(REFERENCE)).stdout
    office = libreoffice_texts([out], modes=("keep",))[(out, "keep")]
    expected = kept.rstrip("\n").replace("*", "").split("\n")
    assert office.replace("\r\n", "\n").rstrip("\n").split("\n") == expected
    assert "[" not in office and "(+" not in office


def test_bad_input_gets_one_line_and_writes_nothing(tmp_path):
    unbalanced = tmp_path / "unbalanced.cicadraft"
    unbalanced.write_text("1. Promote [tolerance (+TUR)\n", encoding="utf-8")
    out = tmp_path / "out.docx"
    out.write_bytes(b"the old file")
    for args in (
        [str(unbalanced), "-o", str(out), "--clean"],
        [str(tmp_path / "missing.cicadraft"), "-o", str(out)],
        [str(REFERENCE), "-o", str(tmp_path / "out.txt")],
        [str(REFERENCE), "-o", str(tmp_path / "no-such-folder" / "out.docx")],
        [str(REFERENCE), "-o", str(tmp_path)],
        [str(REFERENCE)],
    ):
        done = cicadraft("export", *args)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stderr.startswith("cicadraft: ") and done.stderr.count("\n") == 1, done.stderr
        assert "Traceback" not in done.stderr
    assert out.read_bytes() == b"the old file"
    # Unbalanced but not --clean: exported as text, revisions declined with a note.
    done = cicadraft("export", str(unbalanced), "-o", str(out), "--track-changes")
    assert done.returncode == 0 and "unbalanced" in done.stderr
    assert docx.Document(str(out)).paragraphs[0].text == "1. Promote [tolerance (+TUR)"


def test_export_does_not_load_the_libraries_for_check():
    done = subprocess.run(
        [sys.executable, "-c", "import sys, cicadraft.cli.main as m; m.build_parser(); "
         "print(sorted(n for n in ('docx', 'lxml', 'pypdf') if n in sys.modules))"],
        capture_output=True, text=True, env={"PYTHONPATH": str(REPO / "server")}, timeout=60,
    )
    assert done.stdout.strip() == "[]", done.stderr


def test_control_characters_of_a_line_survive(tmp_path):
    out = tmp_path / "controls.docx"
    export_document("1. Tab\there\fnext page\vnew line [x] (+IND)\n", out, registry=REGISTRY)
    text = docx.Document(str(out)).paragraphs[0].text
    assert text.startswith("1. Tab\there") and "new line [x] (+IND)" in text
