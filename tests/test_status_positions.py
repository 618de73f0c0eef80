"""Every position of a draft, placed in its paragraph (analysis/positions.py), and the
counts agreeing with the hover card and the ``cicadraft/status`` request."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from cicadraft.analysis.mentions import mention_at
from cicadraft.analysis.positions import collect, positions, proposal_spans, tally
from cicadraft.analysis.status import status
from cicadraft.lsp.hover import Card, delegation_card
from cicadraft.registry import default_registry
from cicadraft.syntax import parse

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "SWG-739-2023.cicadraft"
OTHERS = sorted(Path("/work/shared/examples/other-negotiations").glob("*.txt"))


@pytest.fixture(scope="module")
def registry():
    return default_registry()


@pytest.fixture(scope="module")
def reference(registry):
    return collect(parse(EXAMPLE.read_text(encoding="utf-8")), registry)


def test_every_tag_of_the_reference_draft_is_a_position(reference):
    found = [(p.code, p.sign, p.item) for p in reference.positions]
    assert found == [
        ("IND", "-", "1.10"),
        ("IRAN", "+", "Underlining"),
        ("CHN", "-", "Underlining"),
        ("IND", "+", "Underlining"),
        ("CHN", "-", "Underlining"),
        ("CHN", "+", "Underlining"),
        ("IND", "-", "Underlining"),
        ("IRAN", "-", "Underlining"),
        ("IRAN", "-", "11."),
        ("AZER", "+", "11."),
        ("TUR", "+", "11altern."),
        ("TUR", "+", "11altern."),
        ("IRAN", "+", "11altern."),
        ("AZER", "tcb", "11altern."),
        ("CHN", "tcb", "13."),
        ("IRAN", "+", "15."),
        ("SEC", "tcb", "15."),
    ]


def test_positions_name_the_delegation_and_place_the_bracket(reference):
    text = EXAMPLE.read_text(encoding="utf-8")
    first = reference.positions[0]
    assert (first.code, first.canonical, first.name) == ("IND", "IND", "India")
    assert first.text == "which should be not less than two and…"
    assert text[first.start : first.end] == "[, which should be not less than two and not more than four years]"
    assert text.splitlines()[first.line].startswith("1.10 A Member State")
    assert text[first.tag_start : first.tag_end] == "-IND"
    iran = reference.positions[1]
    assert (iran.code, iran.canonical, iran.name) == ("IRAN", "IRN", "Iran")
    assert iran.text == "intercivilizational and intercultural exchanges"
    # The label behind the `[` is the paragraph's, not the proposal's words.
    eleven = next(p for p in reference.positions if p.item == "11.")
    assert eleven.text == "Promote volunteers’ participation in programmes and projects related…"
    assert text[eleven.start] == "[" and text[eleven.end - 1] == "]"
    # Nested brackets and their tags are not words of the outer bracket.
    outer = [p for p in reference.positions if p.item == "Underlining" and p.code == "IRAN" and p.sign == "-"][0]
    assert outer.text == "cultural and religious diversity of civilizations, exchanges and…"
    sec = reference.positions[-1]
    assert (sec.code, sec.name, sec.sign) == ("SEC", "CICA Secretariat", "tcb")


def test_per_item_grouping_of_the_reference_draft(reference):
    grouped = [(p.item, p.holders()) for p in reference.by_item()]
    assert grouped == [
        ("1.10", {"IND": ["-"]}),
        ("Underlining", {"IRAN": ["+", "-"], "CHN": ["-", "+"], "IND": ["+", "-"]}),
        ("11.", {"IRAN": ["-"], "AZER": ["+"]}),
        ("11altern.", {"TUR": ["+"], "IRAN": ["+"], "AZER": ["tcb"]}),
        ("13.", {"CHN": ["tcb"]}),
        ("15.", {"IRAN": ["+"], "SEC": ["tcb"]}),
    ]
    underlining = reference.by_item()[1]
    assert underlining.kind == "item" and underlining.label is None and underlining.proposals == 7
    assert len(underlining.positions) == 7
    assert [p.item for p in reference.of("IRN")] == ["Underlining", "Underlining", "11.", "11altern.", "15."]
    assert reference.of("iran") == reference.of("IRN")
    assert reference.of("KAZ") == []


def test_positions_of_a_delegation_by_any_of_its_codes(registry):
    found = collect(parse("1. [a] (+IRN) [b] (-IRN)"), registry)
    assert found.of("IRAN") == []  # the draft never writes IRAN, and without the registry…
    assert [p.sign for p in found.of("IRAN", registry)] == ["+", "-"]  # …the registry knows it is IRN
    assert found.of("iran", registry) == found.of("IRN")


def _hover_counts(draft, registry, offset: int) -> tuple[int, int, int]:
    card = Card(markdown=False)
    delegation_card(card, mention_at(draft, offset, registry), SimpleNamespace(draft=draft, version=1), registry, "en")
    found = re.search(r"In this draft: (\d+) × \+ \(proposes\), (\d+) × - \(deletes\), (\d+) × tcb", card.render())
    assert found, card.render()
    return tuple(int(n) for n in found.groups())


DRAFTS = [EXAMPLE, *OTHERS]


@pytest.mark.parametrize("path", DRAFTS, ids=[p.name for p in DRAFTS])
def test_counts_agree_with_the_status_request_and_the_hover_card(path, registry):
    draft = parse(path.read_text(encoding="utf-8"))
    found = collect(draft, registry)
    assert tally(found.positions) == status(draft, registry)["delegations"]
    for entry in found.counted.values():
        first = next(p for p in found.positions if p.canonical == entry.canonical)
        code_at = first.tag_start + (1 if draft.text[first.tag_start] in "+-" else 0)
        assert _hover_counts(draft, registry, code_at) == (entry.plus, entry.minus, entry.tcb)


def test_hand_written_counts_agree(registry):
    # By hand: IRAN/IRN +2 -1 tcb 1 (floating +IRAN counts); CHN tcb 1, -1 malformed
    # "(- CHN)" counts; AZER +1.
    text = (
        "1. Text [a] (+IRAN) and [b] (-IRN, CHN tcb).\n"
        "2. Floating (+IRAN) here [c] (- CHN).\n\n"
        "- *Recalling* [d] (IRAN tcb) (+AZER)\n"
    )
    draft = parse(text)
    found = collect(draft, registry)
    assert tally(found.positions) == {
        "IRAN": {"plus": 2, "minus": 1, "tcb": 1},
        "CHN": {"plus": 0, "minus": 1, "tcb": 1},
        "AZER": {"plus": 1, "minus": 0, "tcb": 0},
    }
    assert tally(found.positions) == status(draft, registry)["delegations"]
    assert _hover_counts(draft, registry, text.index("IRN")) == (2, 1, 1)
    assert _hover_counts(draft, registry, text.index("AZER")) == (1, 0, 0)
    floating = [p for p in found.positions if p.bracket is None]
    assert len(floating) == 1 and floating[0].item == "2." and floating[0].text == "Floating"
    assert text[floating[0].start : floating[0].end] == "(+IRAN)"
    assert [p.item for p in found.positions] == ["1.", "1.", "1.", "2.", "2.", "Recalling", "Recalling"]
    assert [p.line for p in found.positions] == [0, 0, 0, 1, 1, 3, 3]


def test_paragraph_names_open_and_agreed():
    text = (
        "DRAFT STATEMENT ON THINGS\n\n"
        "Plain words and [a proposal] here.\n\n"
        "- *Recalling* the past,\n"
        "- Pursuant to the rules,\n"
        "- the lower case bullet that goes on and on\n\n"
        "Functions\n\n"
        "1.1 Agreed text.\n"
        "1.2 [Contested] text (CHN tcb).\n"
        "1.3 Text with a note [NOTE: check].\n"
        "1.4 Floating (+IND) position.\n"
    )
    found = collect(parse(text), None)
    named = [(p.kind, p.item, p.open) for p in found.paragraphs]
    assert named == [
        ("heading", "DRAFT STATEMENT ON THINGS", False),
        ("paragraph", "DRAFT STATEMENT ON THINGS", True),
        ("item", "Recalling", False),
        ("item", "Pursuant", False),
        ("item", "the lower case bullet that…", False),
        ("heading", "Functions", False),
        ("item", "1.1", False),
        ("item", "1.2", True),
        ("item", "1.3", False),  # an editorial note is not a proposal
        ("item", "1.4", True),  # a floating tag is a position held there
    ]
    assert [p.proposals for p in found.paragraphs] == [0, 1, 0, 0, 0, 0, 0, 1, 0, 0]
    assert [p.line for p in found.paragraphs] == [0, 2, 4, 5, 6, 8, 10, 11, 12, 13]
    # Without a registry: codes as written, no names.
    assert [(p.code, p.canonical, p.name) for p in found.positions] == [("CHN", "CHN", None), ("IND", "IND", None)]


def test_a_bracket_over_several_paragraphs_opens_them_all():
    text = "1. Agreed.\n[2. First\n3. Second] (-IND)\n4. Agreed."
    found = collect(parse(text), None)
    assert [(p.item, p.open) for p in found.paragraphs] == [("1.", False), ("2.", True), ("3.", True), ("4.", False)]
    (position,) = found.positions
    assert position.item == "2." and position.text == "First 3. Second"


def test_unbalanced_drafts_still_give_positions(registry):
    text = "1. Stray ] here (CHN tcb)\n2. Open [bracket (+IRAN) never closed\n3. Last."
    draft = parse(text)
    assert not draft.balanced
    found = collect(draft, registry)
    assert tally(found.positions) == status(draft, registry)["delegations"] == {
        "CHN": {"plus": 0, "minus": 0, "tcb": 1},
        "IRAN": {"plus": 1, "minus": 0, "tcb": 0},
    }
    assert [p.text for p in positions(draft, registry)] == ["Stray here", "Open bracket"]
    assert proposal_spans(draft)[-1].end == len(text)  # the unclosed bracket runs to the end
    assert [(p.item, p.open) for p in found.paragraphs] == [("1.", True), ("2.", True), ("3.", True)]


def test_empty_and_tagless_drafts(registry):
    assert collect(parse(""), registry).positions == []
    assert collect(parse(""), registry).paragraphs == []
    found = collect(parse("[PREAMBLE\n\nNothing tagged]"), registry)
    assert found.positions == [] and all(p.open for p in found.paragraphs)


def test_names_stay_short_on_one_line_paragraphs():
    # A heading or a paragraph may be one long pasted line.
    text = "# " + "Title words " * 200 + "\n\nPlain " + "words " * 100_000 + "[x] (+IND)\n\n- " + "lower " * 1000
    found = collect(parse(text), None)
    heading, plain, bullet = found.paragraphs
    assert heading.kind == "heading" and len(heading.item) <= 120 and heading.item.endswith("…")
    assert plain.item == heading.item  # named by its section
    assert bullet.item == "lower lower lower lower lower…"
    (position,) = found.positions
    assert position.text == "x" and position.item == heading.item


def _without_words(found):
    paragraphs = [(p.kind, p.label, p.line, p.start, p.end, p.section, p.label_span, p.open, p.proposals, len(p.positions))
                  for p in found.paragraphs]
    return paragraphs, [p._replace(item="", text="") for p in found.positions]


@pytest.mark.parametrize("shape", ["generator", "items", "long-brackets", "findings", "long-lines", "real"])
def test_positions_without_words_are_the_same_positions_and_paragraphs(shape, registry):
    # Code lenses read the positions without excerpts and names (collect(words=False)):
    # everything else must be what the full collection says, holders included.
    from benchmarks.shapes import shape as make

    for text in (make(shape, 60_000, seed=3), *(path.read_text(encoding="utf-8") for path in DRAFTS)):
        draft = parse(text)
        full, light = collect(draft, registry), collect(draft, registry, words=False)
        assert _without_words(light) == _without_words(full)
        assert [p.holders() for p in light.paragraphs] == [p.holders() for p in full.paragraphs]
        assert all(p.text == "" for p in light.positions)
