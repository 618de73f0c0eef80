"""OpenDocument text: the import's documents saved by LibreOffice as .odt (its own
tracked changes, list styles, notes) import to the same drafts, and keep the
Accept All / Reject All invariant and the labels LibreOffice shows."""

from __future__ import annotations

from pathlib import Path

import pytest

import test_import_numbering as numbering
import test_import_revisions as revisions
from cicadraft.documents.importing import import_document
from cicadraft.registry import default_registry
from documents.oracle import (draft_words, libreoffice_convert, libreoffice_saved_copies, libreoffice_texts, office_words,
                              resolve_all)
from documents.word_builder import WordBuilder

BUILDERS = {**{f"revisions-{k}": v for k, v in revisions.DOCUMENTS.items()},
            **{f"numbering-{k}": v for k, v in numbering.DOCUMENTS.items()}}


@pytest.fixture(scope="module")
def pairs(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    folder = tmp_path_factory.mktemp("odt")
    out = {}
    for name, build in BUILDERS.items():
        builder = WordBuilder()
        build(builder)
        out[name] = (builder.save(folder / f"{name}.docx"), folder / f"{name}.odt")
    libreoffice_saved_copies(list(out.values()), "writer8")
    return out


@pytest.fixture(scope="module")
def office(pairs):
    return libreoffice_texts([odt for _, odt in pairs.values()])


@pytest.mark.parametrize("name", list(BUILDERS))
def test_odt_imports_like_the_word_original(name, pairs):
    docx, odt = pairs[name]
    assert odt.read_bytes()[:2] == b"PK"
    registry = default_registry()
    assert import_document(odt, registry=registry, authors=revisions.AUTHORS).text == \
        import_document(docx, registry=registry, authors=revisions.AUTHORS).text


@pytest.mark.parametrize("name", [n for n in BUILDERS if n.startswith("revisions-")])
@pytest.mark.parametrize("mode", ["accept", "reject"])
def test_odt_invariant(name, mode, pairs, office):
    _, odt = pairs[name]
    registry = default_registry()
    text = import_document(odt, registry=registry, authors=revisions.AUTHORS).text
    resolved = resolve_all(text, mode == "accept", registry)
    assert draft_words(resolved) == office_words(office[(odt, mode)]), f"{name}: {mode}\n{text}"
    assert draft_words(resolved, notes=True) == office_words(office[(odt, mode + "-notes")])


def test_odt_annotations_are_reservations_and_notes(tmp_path):
    import test_import_comments as comments

    docx = comments._build(WordBuilder()).save(tmp_path / "commented.docx")
    odt = libreoffice_convert(docx, "odt", tmp_path / "odt")
    registry = default_registry()
    from_word = import_document(docx, registry=registry)
    from_odt = import_document(odt, registry=registry)
    assert from_odt.text == from_word.text
    assert from_odt.notes == from_word.notes
