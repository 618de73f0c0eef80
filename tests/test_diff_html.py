"""The HTML report in a real browser: headless Chromium opens the page and prints it
to PDF (the page is printable), and pdftotext reads the words back, in English and
Russian (tests/chromium.py)."""

from __future__ import annotations

from pathlib import Path

from chromium import printed

from cicadraft.analysis.diff import compare
from cicadraft.analysis.diff.render import render

REFERENCE = (Path(__file__).resolve().parent.parent / "examples" / "SWG-739-2023.cicadraft").read_text(encoding="utf-8")


def revised() -> str:
    return (
        REFERENCE.replace("(+IRAN) (SEC tcb)", "(+IRAN, +IND) (SEC tcb)")
        .replace("[intercivilizational and intercultural exchanges] (+IRAN)", "intercivilizational and intercultural exchanges")
        .replace("Support the development", "Support the swift development")
    )


def test_chromium_prints_the_side_by_side_report(tmp_path):
    page = render(compare(REFERENCE, revised()), "html", "Rev.0", "Rev.1", "en")
    assert "<script" not in page and "src=" not in page and "href=" not in page  # self-contained
    text = printed(tmp_path, page)
    assert "Changes from Rev.0 to Rev.1" in text
    assert "Before: Rev.0" in text and "After: Rev.1" in text
    assert "proposal accepted" in text and "position taken" in text and "text changed" in text
    assert "swift" in text and "Underlining" in text


def test_russian_report(tmp_path):
    page = render(compare(REFERENCE, revised()), "html", "Rev.0", "Rev.1", "ru")
    assert '<html lang="ru">' in page
    text = printed(tmp_path, page)
    assert "Изменения: Rev.0 → Rev.1" in text and "Было: Rev.0" in text and "предложение принято" in text


def test_no_changes_page(tmp_path):
    text = printed(tmp_path, render(compare(REFERENCE, REFERENCE), "html", "a", "b", "en"))
    assert "No changes in positions or text." in text
