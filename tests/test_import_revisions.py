"""Word tracked changes become proposals (SPEC §8), and the invariant holds file by file:
importing a document, then accepting (rejecting) everything from every delegation with
the resolve engine, gives word for word what LibreOffice's Accept All (Reject All) gives
on the same file, footnotes included."""

from __future__ import annotations

from pathlib import Path

import pytest

from cicadraft.documents.importing import import_document
from cicadraft.registry import default_registry
from documents.oracle import draft_words, libreoffice_saved_copies, libreoffice_texts, office_words, resolve_all
from documents.word_builder import (Bold, ContentControl, Del, Field, FormatChange, Ins, Italic, MoveFrom, MoveTo, Note,
                                    WordBuilder)


def _words_and_phrases(b: WordBuilder) -> None:
    b.paragraph("The Member States ", Ins("India", "shall "), Del("China", "may "), "inform the Chairmanship.")
    b.paragraph("Colo", Ins("United Kingdom", "u"), "r and ", Del("IRAN", "un"), "certain, ", Ins("India", "at once"), ".")
    b.paragraph(Italic("Recalling"), " the ", Ins("Delegation of India", Bold("Astana"), " "), "Statement;")


def _nested(b: WordBuilder) -> None:
    b.paragraph("Respect for ", Ins("India", "cultural ", Del("China", "and religious "), "diversity "),
                "and its role.")
    # As Word writes "B deleted part of A's insertion": the deletion inside the insertion.
    b.paragraph("Promote ", Ins("Türkiye", "tolerance ", Del("Islamic Republic of Iran", "and dialogue "), "among "),
                "peoples.")


def _moves(b: WordBuilder) -> None:
    b.paragraph("Encourage ", MoveFrom("Russia", "all "), "the Member States ", MoveTo("Russia", "all "), "to act.")
    b.paragraph(MoveFrom("China", "A paragraph that moves."), mark=Del("China"))
    b.paragraph("A paragraph that stays.")
    b.paragraph("Another one.", mark=Ins("China"))
    b.paragraph(MoveTo("China", "A paragraph that moves."))


def _paragraph_marks(b: WordBuilder) -> None:
    b.paragraph("The first half of a sentence", mark=Del("Kazakhstan"))
    b.paragraph(" and its second half.")
    b.paragraph("One paragraph, split ", mark=Ins("Kazakhstan"))
    b.paragraph("in two.")
    b.paragraph("Before a new paragraph.", mark=Ins("India"))
    b.paragraph(Ins("India", "A new paragraph."))
    b.paragraph(Del("Pakistan", "A deleted paragraph."), mark=Del("Pakistan"))
    b.paragraph("The end.")


def _tables_and_notes(b: WordBuilder) -> None:
    b.paragraph("A table follows", Note("A note with ", Ins("India", "an insertion"), Del("China", " and a deletion"), "."), ".")
    b.table([["Area", "Coordinator"],
             ["ICT security", (Del("China", "China"), Ins("Russia", "Russian Federation"))],
             ["Tourism", "Türkiye"],
             ["Energy", (Ins("India", "India"),)]],
            row_revisions={2: Del("Azerbaijan"), 3: Ins("India")})
    b.paragraph("After the table", Note("Second ", Del("Iran", "old "), "note."), ".")


def _fields_and_controls(b: WordBuilder) -> None:
    b.paragraph("See ", Field('HYPERLINK "https://www.s-cica.org"', "the CICA website"), " and ",
                Field('HYPERLINK "https://www.s-cica.org/decisions"', "the ", Ins("India", "Astana "), "decision"), ".")
    b.paragraph("Page ", Field("PAGE", "1"), ": ", Ins("China", "the text of ", Field('HYPERLINK "https://www.s-cica.org/sg"', "the Secretary General"), " "), "stands.")
    b.paragraph(ContentControl("A ", Del("Iran", "controlled "), "passage"), " in a control.")


def _formatting_only(b: WordBuilder) -> None:
    b.paragraph("Only ", FormatChange("India", "bold"), " changed.")


DOCUMENTS = {
    "words": _words_and_phrases,
    "nested": _nested,
    "moves": _moves,
    "marks": _paragraph_marks,
    "tables": _tables_and_notes,
    "fields": _fields_and_controls,
    "formatting": _formatting_only,
}


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("revisions")
    out = {}
    for name, build in DOCUMENTS.items():
        builder = WordBuilder()
        build(builder)
        out[name] = builder.save(folder / f"{name}.docx")
    return out


@pytest.fixture(scope="module")
def office(documents) -> dict:
    return libreoffice_texts(list(documents.values()))


@pytest.fixture(scope="module")
def registry():
    return default_registry()


AUTHORS = {"United Kingdom": "SEC"}  # not a CICA participant: mapped explicitly


@pytest.mark.parametrize("name", list(DOCUMENTS))
@pytest.mark.parametrize("mode", ["accept", "reject"])
def test_resolving_every_proposal_equals_libreoffice(name, mode, documents, office, registry):
    path = documents[name]
    text = import_document(path, registry=registry, authors=AUTHORS).text
    resolved = resolve_all(text, mode == "accept", registry)
    assert draft_words(resolved) == office_words(office[(path, mode)]), f"{name}: {mode}\n{text}\n---\n{resolved}"
    assert draft_words(resolved, notes=True) == office_words(office[(path, mode + "-notes")])


def test_keeping_every_bracket_gives_the_document_as_shown(documents, office, registry):
    from cicadraft.analysis import resolve as engine
    from cicadraft.syntax import parse

    for name, path in documents.items():
        text = import_document(path, registry=registry, authors=AUTHORS).text
        kept = engine.keep_all(parse(text)).preview(text)
        assert draft_words(kept) == office_words(office[(path, "keep")]), name


def test_proposals_carry_their_delegations(documents, registry):
    text = import_document(documents["words"], registry=registry, authors=AUTHORS).text
    assert text == (
        "The Member States [shall] (+IND) [may] (-CHN) inform the Chairmanship.\n\n"
        "Colo[u] (+SEC)r and [un] (-IRAN)certain, [at once] (+IND).\n\n"
        "*Recalling* the [**Astana**] (+IND) Statement;\n"
    )


def test_nested_revisions_nest_brackets(documents, registry):
    text = import_document(documents["nested"], registry=registry).text
    assert "Respect for [cultural [and religious] (-CHN) diversity] (+IND) and its role." in text
    assert "Promote [tolerance [and dialogue] (-IRN) among] (+TUR) peoples." in text


def test_moves_are_a_deletion_and_an_insertion(documents, registry):
    text = import_document(documents["moves"], registry=registry).text
    assert "Encourage [all] (-RUS) the Member States [all] (+RUS) to act." in text
    assert "[A paragraph that moves.] (-CHN)\n\nA paragraph that stays." in text
    assert text.endswith("[A paragraph that moves.] (+CHN)\n")


def test_whole_paragraphs_and_paragraph_marks(documents, registry):
    text = import_document(documents["marks"], registry=registry).text
    assert "\n\n[A new paragraph.] (+IND)\n\n" in text
    assert "\n\n[A deleted paragraph.] (-PAK)\n\n" in text
    # A deleted mark joins two paragraphs; an inserted one splits one.
    assert "The first half of a sentence[\n\n] (-KAZ) and its second half." in text
    assert "One paragraph, split [\n\n] (+KAZ)in two." in text


def test_rows_cells_and_notes(documents, registry):
    text = import_document(documents["tables"], registry=registry).text
    assert "Area | Coordinator\nICT security | [China] (-CHN)[Russian Federation] (+RUS)\n[Tourism | Türkiye] (-AZE)\n" \
           "[Energy | India] (+IND)\n" in text
    assert "[^1]: A note with [an insertion] (+IND) [and a deletion] (-CHN).\n" in text
    assert text.endswith("[^2]: Second [old] (-IRN) note.\n")


def test_fields_show_their_results_and_controls_their_text(documents, registry):
    text = import_document(documents["fields"], registry=registry).text
    assert text == (
        "See the CICA website and the [Astana] (+IND) decision.\n\n"
        "Page 1: [the text of the Secretary General] (+CHN) stands.\n\n"
        "A [controlled] (-IRN) passage in a control.\n"
    )


def test_formatting_only_revisions_are_noted_not_imported(documents, registry):
    result = import_document(documents["formatting"], registry=registry)
    assert result.text == "Only **bold** changed.\n"  # as the document now is
    assert result.notes == ["1 formatting change by India (no text changed; not imported)"]


@pytest.fixture(scope="module")
def resaved(documents, tmp_path_factory) -> dict[str, Path]:
    """The same documents as LibreOffice writes them (its own styles, numbering, rsids)."""
    folder = tmp_path_factory.mktemp("resaved")
    copies = {name: folder / f"{name}.docx" for name in documents}
    libreoffice_saved_copies([(documents[name], copies[name]) for name in documents])
    return copies


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_documents_saved_by_libreoffice_keep_the_invariant(name, resaved, office, documents, registry):
    text = import_document(resaved[name], registry=registry, authors=AUTHORS).text
    for mode in ("accept", "reject"):
        resolved = resolve_all(text, mode == "accept", registry)
        assert draft_words(resolved) == office_words(office[(documents[name], mode)]), f"{name}: {mode}\n{text}"


# The reference circular's own proposals as Word revisions: each bracket with one signed
# tag (and nothing nested) becomes a real w:ins / w:del by a stand-in author, whose code
# appears nowhere in the circular, so the brackets kept as text stay text on both sides.
STAND_INS = {"IND": ("Kazakhstan", "KAZ"), "IRAN": ("Uzbekistan", "UZB"), "CHN": ("Mongolia", "MNG"),
             "TUR": ("Tajikistan", "TJK")}


def _reference_as_revisions(b: WordBuilder) -> list[str]:
    from cicadraft.syntax import parse

    text = Path("/work/shared/examples/SWG-739-2023.txt").read_text(encoding="utf-8")
    draft = parse(text)
    cuts = {}  # "[" offset -> (end of its tag group, "]" offset, revision class, author)
    for bracket in draft.brackets:
        if bracket.children or len(bracket.tag_groups) != 1:
            continue
        group = draft.tag_groups[bracket.tag_groups[0]]
        if len(group.tags) == 1 and group.tags[0].sign in ("+", "-"):
            tag = group.tags[0]
            cuts[bracket.open] = (group.span.end, bracket.close, Ins if tag.sign == "+" else Del, STAND_INS[tag.code][0])
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            parts, i = [], 0
            while i < len(line):
                cut = cuts.get(offset + i)
                if cut is None:
                    j = i + 1
                    while j < len(line) and offset + j not in cuts:
                        j += 1
                    parts.append(line[i:j].replace("*", ""))  # emphasis markers are not Word text
                    i = j
                    continue
                end, close, kind, author = cut
                parts.append(kind(author, line[i + 1:close - offset].replace("*", "")))
                between = line[close - offset + 1:end - offset]
                parts.append(between[: len(between) - len(between.lstrip(" .,;:"))].strip() if between else "")
                i = end - offset
            b.paragraph(*[p for p in parts if p != ""])
        offset += len(line) + 1
    return sorted(code for _, code in STAND_INS.values())


def test_the_reference_circulars_proposals_as_word_revisions(tmp_path):
    registry = default_registry()
    builder = WordBuilder()
    codes = _reference_as_revisions(builder)
    path = builder.save(tmp_path / "SWG-739-2023-revisions.docx")
    text = import_document(path, registry=registry).text
    assert "tenure [, which should be not less than two and not more than four years] (-KAZ)." in text
    assert "respect for [intercivilizational and intercultural exchanges] (+UZB) [[cultural [and religious] (-MNG)] (+IND)" in text
    assert "[11altern. Promote [tolerance and] (+TJK) volunteers’ participation in intercultural [and intercivilizational] (+TJK) programmes" in text
    office = libreoffice_texts([path], modes=("accept", "reject"))
    for mode in ("accept", "reject"):
        resolved = resolve_all(text, mode == "accept", registry, codes)
        assert draft_words(resolved) == office_words(office[(path, mode)]), mode
