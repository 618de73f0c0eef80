"""Word's automatic numbering becomes label text exactly as LibreOffice displays it
(``soffice`` text export of the same file): formats, patterns, levels, starts,
overrides, restarts and legal numbering."""

from __future__ import annotations

from pathlib import Path

import pytest

from cicadraft.documents.importing import import_document
from cicadraft.registry import default_registry
from cicadraft.syntax import parse
from documents.oracle import libreoffice_texts
from documents.word_builder import Del, Ins, WordBuilder


def _formats(b: WordBuilder) -> None:
    for fmt, text, start in (("decimal", "%1.", 1), ("lowerLetter", "(%1)", 1), ("upperLetter", "%1.", 25),
                             ("lowerRoman", "(%1)", 1), ("upperRoman", "%1.", 8), ("decimalZero", "%1", 8),
                             ("decimal", "OP%1", 1), ("decimal", "%1bis", 2)):
        num = b.numbering([{"fmt": fmt, "text": text, "start": start}])
        for index in range(4):
            b.paragraph(f"{fmt} item {index + 1}", num=(num, 0))
        b.paragraph("Between lists.")


def _levels(b: WordBuilder) -> None:
    num = b.numbering([{"text": "%1."}, {"text": "%1.%2"}, {"fmt": "lowerLetter", "text": "(%3)"},
                       {"fmt": "lowerRoman", "text": "(%4)"}])
    for level in (0, 1, 1, 2, 2, 3, 3, 2, 1, 0, 2, 0, 1):
        b.paragraph(f"Level {level + 1} paragraph", num=(num, level))


def _starts_overrides_restarts(b: WordBuilder) -> None:
    first = b.numbering([{"text": "%1."}, {"fmt": "lowerLetter", "text": "%2)"}])
    for level in (0, 1, 1, 0, 1):
        b.paragraph(f"Restarting sub-level {level}", num=(first, level))
    shared = b.numbering([{"text": "%1."}])
    b.paragraph("First list, one", num=(shared, 0))
    b.paragraph("First list, two", num=(shared, 0))
    b.paragraph("An interruption.")
    continued = b.numbering([], abstract_id=b.abstract_of(shared))
    b.paragraph("Same definition, continues", num=(continued, 0))
    restarted = b.numbering([], abstract_id=b.abstract_of(shared), overrides={0: 1})
    b.paragraph("Same definition, restarted", num=(restarted, 0))
    b.paragraph("Restarted, two", num=(restarted, 0))
    later = b.numbering([], abstract_id=b.abstract_of(shared), overrides={0: 10})
    b.paragraph("Starts at ten", num=(later, 0))


def _suffixes(b: WordBuilder) -> None:
    num = b.numbering([{"fmt": "upperRoman", "text": "Chapter %1."}, {"fmt": "lowerLetter", "text": "%1.%2"},
                       {"fmt": "decimal", "text": "%1.%2.%3", "suffix": "space"}])
    for level in (0, 1, 1, 2, 0, 1, 2, 2):
        b.paragraph(f"Level {level + 1}", num=(num, level))
    plain = b.numbering([{"text": "%1.", "suffix": "nothing"}])
    b.paragraph("No space after the label", num=(plain, 0))


def _bullets_and_styles(b: WordBuilder) -> None:
    b.paragraph("Bullet by style", style="List Bullet")
    b.paragraph("Another bullet", style="List Bullet")
    b.paragraph("Numbered by style", style="List Number")
    b.paragraph("Numbered by style, two", style="List Number")


def _style_linked(b: WordBuilder) -> None:
    num = b.style_linked_list("OutlineList", [{"fmt": "upperLetter", "text": "Part %1."}, {"text": "%1.%2."}])
    for level in (0, 1, 1, 0, 1):
        b.paragraph(f"Outline level {level + 1}", num=(num, level))


def _revised(b: WordBuilder) -> None:
    num = b.numbering([{"text": "%1."}])
    b.paragraph("Kept one", num=(num, 0))
    b.paragraph(Ins("India", "Inserted two"), num=(num, 0), mark=Ins("India"))
    b.paragraph(Del("China", "Deleted three"), num=(num, 0), mark=Del("China"))
    b.paragraph("Kept four", num=(num, 0))


DOCUMENTS = {"formats": _formats, "levels": _levels, "restarts": _starts_overrides_restarts, "suffixes": _suffixes,
             "styles": _bullets_and_styles, "linked": _style_linked, "revised": _revised}


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("numbering")
    out = {}
    for name, build in DOCUMENTS.items():
        builder = WordBuilder()
        build(builder)
        out[name] = builder.save(folder / f"{name}.docx")
    return out


@pytest.fixture(scope="module")
def office(documents):
    return libreoffice_texts(list(documents.values()), modes=("keep",))


def _office_lines(text: str) -> list[str]:
    # LibreOffice indents list paragraphs with spaces and writes the label's tab as a space.
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def _draft_lines(text: str) -> list[str]:
    return [" ".join(line.split()).replace("• ", "• ") for line in text.split("\n") if line.strip()]


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_labels_as_libreoffice_shows_them(name, documents, office):
    path = documents[name]
    text = import_document(path, registry=default_registry()).text
    if name == "revised":
        from cicadraft.analysis import resolve as engine

        text = engine.keep_all(parse(text)).preview(text)
    assert _draft_lines(text) == _office_lines(office[(path, "keep")])


def test_labels_are_item_labels(documents):
    text = import_document(documents["levels"], registry=default_registry()).text
    labels = [item.label for item in parse(text).items]
    assert labels[:6] == ["1.", "1.1", "1.2", "(a)", "(b)", "(i)"]


def test_word_only_rules_legal_numbering_and_never_restarting(tmp_path):
    """Two rules of Word's that LibreOffice 7.4 does not apply (it shows "I.a" and
    restarts the sub-level), rendered as Word specifies them: w:isLgl shows every
    counter of the level's text in decimal, w:lvlRestart 0 never restarts the level."""
    b = WordBuilder()
    legal = b.numbering([{"fmt": "upperRoman", "text": "Chapter %1."},
                         {"fmt": "lowerLetter", "text": "%1.%2", "legal": True}])
    for level in (0, 1, 1, 0, 1):
        b.paragraph(f"Legal {level + 1}", num=(legal, level))
    never = b.numbering([{"text": "%1."}, {"fmt": "lowerLetter", "text": "%2)", "restart": 0}])
    for level in (0, 1, 1, 0, 1):
        b.paragraph(f"Never {level + 1}", num=(never, level))
    text = import_document(b.save(tmp_path / "word-rules.docx"), registry=default_registry()).text
    assert text == ("Chapter I. Legal 1\n1.1 Legal 2\n1.2 Legal 2\nChapter II. Legal 1\n2.1 Legal 2\n"
                    "1. Never 1\na) Never 2\nb) Never 2\n2. Never 1\nc) Never 2\n")


@pytest.mark.parametrize("value, fmt, shown", [
    (1, "decimal", "1"), (27, "lowerLetter", "aa"), (53, "upperLetter", "AAA"), (4, "lowerRoman", "iv"),
    (1994, "upperRoman", "MCMXCIV"), (7, "decimalZero", "07"), (12, "decimalZero", "12"), (1, "ordinal", "1st"),
    (12, "ordinal", "12th"), (23, "ordinal", "23rd"), (5, "cardinalText", "5"),
])
def test_number_formats(value, fmt, shown):
    from cicadraft.documents.word_numbering import format_number

    assert format_number(value, fmt) == shown
