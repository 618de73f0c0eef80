"""Brackets that are not proposals (SPEC §9): placeholders, cross-references, editorial
notes and ellipses. No empty-bracket warning, not counted as open proposals (status,
hover and outline agree), not offered for accept or reject, left alone by clean text."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from cicadraft.analysis import resolve as engine
from cicadraft.analysis.document_findings import analyze
from cicadraft.analysis.status import status
from cicadraft.analysis.structure import outline, walk
from cicadraft.lsp.code_actions import bracket_plans
from cicadraft.registry import default_registry
from cicadraft.syntax import Span, parse

REGISTRY = default_registry()
INC = Path("/work/shared/examples/other-negotiations/04_inc_plastics_chairs_text_2024-12-01.txt")

ROLES = [
    ("Annex [x] applies", "placeholder"),
    ("Annex [X] applies", "placeholder"),
    ("in [20XX] and", "placeholder"),
    ("by [203X] at", "placeholder"),
    ("Article [X on Reporting] says", "placeholder"),
    ("within [insert number] days", "placeholder"),
    ("document [document symbol to be added].", "placeholder"),
    ("text [number] here", "placeholder"),
    ("quoted [...] here", "ellipsis"),
    ("quoted […] here", "ellipsis"),
    ("quoted [. . .] here", "ellipsis"),
    ("9. [Merge with II.8] Text.", "reference"),
    ("PP5 Text [see PP 4 above].", "reference"),
    ("[Moved to article 41 bis]", "reference"),
    ("[NOTE: the whole text]", "note"),
    ("[Agreed ad ref]", "note"),
    ("[Deleted]", "note"),
    ("[Chair's note: to be discussed]", "note"),
    ("[To be discussed further]", "note"),
    # Proposals: contested words, tagged placeholders, words inside words.
    ("the [global] target", "proposal"),
    ("Annex [X] (+IND) applies", "proposal"),
    ("adopt a[n] aspirational", "proposal"),
    ("[see to it] (+IND)", "proposal"),
    ("[deleted from the list of measures]", "proposal"),
    ("[pending the review]", "proposal"),
    ("[X [and Y]]", "proposal"),
]


@pytest.mark.parametrize("text,role", ROLES)
def test_roles(text, role):
    draft = parse(text)
    assert draft.brackets[0].role == role


def test_status_outline_and_hover_count_only_proposals():
    text = "1. Annex [X] and [see PP 4 above] and [text] (+IND) […]\n"
    draft = parse(text)
    answer = status(draft, REGISTRY)
    assert answer["brackets"] == 4
    assert answer["openProposals"] == 1
    (item,) = [node for node, _ in walk(outline(draft)) if node.kind == "item"]
    assert item.open_proposals == 1


def test_no_empty_bracket_warning_on_ellipses_and_placeholders():
    codes = {f.code for f in analyze(parse("a […] b [...] c [x] d [ ]"), REGISTRY)}
    assert codes == {"empty-bracket"}  # only `[ ]`
    (finding,) = analyze(parse("a […] b [...] c [x] d [ ]"), REGISTRY)
    assert finding.span.start == len("a […] b [...] c [x] d ")


def test_not_offered_for_accept_or_reject():
    text = "Annex [X] applies [within [insert number] days] and [Merge with II.8]."
    document = SimpleNamespace(draft=parse(text))

    def titles(at: str) -> list[str]:
        offset = text.index(at) + 1
        return [plan.title for plan in bracket_plans(document, REGISTRY, Span(offset, offset), "en")]

    assert titles("[X]") == []
    # Inside the placeholder of a proposal: the proposal around it is not offered either
    # (the cursor's innermost bracket is the placeholder), and nothing breaks.
    assert titles("[insert") == []
    assert [t.split(" ")[0] for t in titles("[within")] == ["Keep", "Drop"]
    assert [t for t in titles("[Merge") if "note" in t.lower()]


def test_clean_text_leaves_placeholders_and_drops_notes():
    draft = parse("Annex [X] applies [within [insert number] days] [Merge with II.8].")
    kept = engine.keep_all(draft)
    assert kept.preview(draft.text) == "Annex [X] applies within [insert number] days."
    dropped = engine.drop_all(draft)
    assert dropped.preview(draft.text) == "Annex [X] applies."


def test_the_inc5_chair_text_placeholders_are_not_open_business():
    assert INC.is_file(), f"the shared example {INC} is missing"
    draft = parse(INC.read_text(encoding="utf-8"))
    text = draft.text
    by_inner = {}
    for bracket in draft.brackets:
        if bracket.close is not None:
            by_inner.setdefault(text[bracket.open + 1 : bracket.close], set()).add(bracket.role)
    assert by_inner["Y"] == by_inner["X"] == by_inner["203X"] == {"placeholder"}
    assert by_inner["X on Reporting"] == {"placeholder"}
    assert by_inner["global"] == {"proposal"}
    assert by_inner["n"] == {"proposal"}  # a[n]: the article's alternative, not a placeholder
    answer = status(draft, REGISTRY)
    placeholders = sum(1 for b in draft.brackets if b.role == "placeholder")
    assert placeholders >= 27
    assert answer["openProposals"] == answer["brackets"] - placeholders
