"""Word comments: "tcb", "to come back", "вернуться" become reservations on their range
(SPEC §4, §8); other comments are listed for the user with the line they anchor on."""

from __future__ import annotations

import pytest

from cicadraft.analysis import resolve as engine
from cicadraft.documents.importing import import_document
from cicadraft.registry import default_registry
from cicadraft.syntax import parse
from documents.oracle import draft_words, libreoffice_converted_text, libreoffice_texts, office_words, resolve_all
from documents.word_builder import Ins, WordBuilder


def _build(b: WordBuilder):
    b.paragraph("Functions")
    p = b.paragraph("13. Support electronic systems for volunteers", ", and encourage to assign country operators",
                    " in the CICA Member States;")
    b.comment(p, "tcb", "China", 1, 1)
    p = b.paragraph("14. Promote ", Ins("Türkiye", "tolerance and "), "volunteers’ participation;")
    b.comment(p, "TO COME BACK", "Delegation of Azerbaijan", 1, 1)
    p = b.paragraph("15. Encourage the Member States to consider integrating volunteerism.")
    b.comment(p, "Вернуться", "Секретариат", 0, 0)
    p = b.paragraph("16. Request the Secretary General to report.")
    b.comment(p, "Could we say “invite” instead?", "Jane Smith", 0, 0)
    return b


@pytest.fixture(scope="module")
def commented(tmp_path_factory):
    return _build(WordBuilder()).save(tmp_path_factory.mktemp("comments") / "comments.docx")


@pytest.fixture(scope="module")
def uncommented(tmp_path_factory):
    return _build(WordBuilder(comments=False)).save(tmp_path_factory.mktemp("comments") / "uncommented.docx")


def test_tcb_comments_are_reservations(commented):
    result = import_document(commented, registry=default_registry(), authors={"Jane Smith": "KAZ"})
    assert result.text == (
        "Functions\n\n"
        "13. Support electronic systems for volunteers[, and encourage to assign country operators] (CHN tcb) "
        "in the CICA Member States;\n\n"
        "14. Promote [tolerance and] (+TUR) (AZE tcb) volunteers’ participation;\n\n"
        "[15. Encourage the Member States to consider integrating volunteerism.] (SEC tcb)\n\n"
        "16. Request the Secretary General to report.\n"
    )
    assert result.notes == ["comment by Jane Smith at line 9: Could we say “invite” instead?"]
    assert not [f for f in parse(result.text).tag_groups if f.bracket is None]  # every tag attaches


def test_withdrawing_the_reservations_leaves_the_document_text(commented, uncommented):
    registry = default_registry()
    text = import_document(commented, registry=registry).text
    kept = engine.keep_all(parse(text)).preview(text)
    assert draft_words(kept) == office_words(libreoffice_converted_text(commented))
    # Comments change no text: Accept All / Reject All of the same document without them.
    office = libreoffice_texts([uncommented])
    for mode in ("accept", "reject"):
        resolved = resolve_all(text, mode == "accept", registry)
        # A reservation withdrawn leaves its bracket without a tag: the text as it stands.
        settled = engine.keep_all(parse(resolved)).preview(resolved)
        assert draft_words(settled) == office_words(office[(uncommented, mode)]), mode


def test_other_comment_authors_need_not_be_delegations(commented):
    # Jane Smith only comments: her note is listed, and nothing needs her delegation.
    result = import_document(commented, registry=default_registry())
    assert "comment by Jane Smith at line 9: Could we say “invite” instead?" in result.notes


def test_a_reservation_on_a_revision_and_its_spaces_joins_its_bracket(tmp_path):
    b = WordBuilder()
    p = b.paragraph("Promote", " ", Ins("Türkiye", "tolerance and"), " ", "dialogue.")
    b.comment(p, "tcb", "Azerbaijan", 1, 3)
    text = import_document(b.save(tmp_path / "spaces.docx"), registry=default_registry()).text
    assert text == "Promote [tolerance and] (+TUR) (AZE tcb) dialogue.\n"
