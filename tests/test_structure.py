"""Folding regions and the outline (cicadraft.analysis.structure), with exact lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cicadraft.analysis.structure import FoldingRegion, folding_regions, outline, proposals_text, walk
from cicadraft.syntax import parse
from cicadraft.syntax.text import LineIndex
from draftgen import drafts
from markers import unmark

EXAMPLE = Path(__file__).parents[1] / "examples" / "SWG-739-2023.cicadraft"


@pytest.fixture(scope="module")
def example():
    text = EXAMPLE.read_text(encoding="utf-8")
    return parse(text), LineIndex(text)


def regions(text: str) -> list[tuple[int, int, str]]:
    return [(r.start_line, r.end_line, r.kind) for r in folding_regions(parse(text), LineIndex(text))]


# -- folding -------------------------------------------------------------------------------


def test_example_sections_fold_from_heading_to_last_line_before_next_heading(example):
    draft, lines = example
    found = [(r.start_line, r.end_line) for r in folding_regions(draft, lines) if r.kind == "section"]
    assert found == [
        (4, 5),  # a title alone: the next title follows after one blank line
        (7, 26),
        (28, 31),
        (37, 38),
        (40, 59),
        (63, 80),
        (82, 107),
        (109, 130),
        (132, 152),
        (144, 152),  # "Decides to", a caption, ends with its title's section
        (154, 253),
        (171, 199),  # Chapter 1, holding its two captions
        (173, 189),  # Functions
        (191, 199),  # Appointment and extension
        (201, 223),
        (203, 217),
        (219, 223),
        (225, 235),
        (237, 241),
        (243, 253),
        (255, 300),  # the last section ends at the last line of text
    ]


def test_example_regions_are_sorted_and_unique(example):
    draft, lines = example
    found = folding_regions(draft, lines)
    keys = [(r.start_line, r.end_line) for r in found]
    assert len(keys) == len(set(keys))
    assert keys == sorted(keys, key=lambda k: (k[0], -k[1]))
    assert all(r.end_line > r.start_line for r in found)
    # The two-line title block and its section share their lines: the section wins.
    assert FoldingRegion(4, 5, "section", found[0].collapsed_text) == found[0]
    assert found[0].collapsed_text == "SECRETARIAT OF THE CONFERENCE ON INTERACTION AND CONFIDENCE BUILDING MEASURES IN ASIA"
    # The bulleted list of the first note is one block over five lines.
    assert (14, 18, "block") in [(r.start_line, r.end_line, r.kind) for r in found]


def test_section_trims_trailing_blank_lines():
    text = "# One\n\ntext\nmore\n\n\n\n# Two\n\nlast\n\n\n"
    assert regions(text) == [(0, 3, "section"), (2, 3, "block"), (7, 9, "section")]


def test_nested_markdown_sections():
    text = "# Title\n\n## A\n\n1. a\n\n### A.1\n\nx\n\n## B\n\ny\n"
    assert regions(text) == [(0, 12, "section"), (2, 8, "section"), (6, 8, "section"), (10, 12, "section")]


def test_multi_line_items_and_brackets():
    text = "1. First [line\nsecond] (+IND)\nthird\n2. Next\n3. [Last\n\nstill] (-CHN)\n"
    assert regions(text) == [
        (0, 4, "block"),  # the larger region first when two start on one line
        (0, 2, "item"),  # item 1 over three lines
        (0, 1, "bracket"),  # its bracket over two
        (4, 6, "bracket"),  # a bracket across a blank line, from item 3 into the next block
    ]


def test_an_unclosed_bracket_is_not_folded():
    text = "1. Text [never\nclosed\n"
    assert regions(text) == [(0, 1, "item")]


def test_only_lsp_line_breaks_count():
    # Form feed, vertical tab and U+2028 are characters inside a line; \r and \r\n break.
    text = "1. a\f[b\u2028c\vd]\r\ne (+IND)\r2. x\n"
    assert regions(text) == [(0, 2, "block"), (0, 1, "item")]


def test_no_regions_in_an_empty_or_one_line_text():
    assert regions("") == []
    assert regions("1. one [line] (+IND)") == []


# -- outline -------------------------------------------------------------------------------


def test_example_outline(example):
    draft, lines = example
    nodes = outline(draft)
    summary = [(n.kind, n.name[:30], n.level, n.open_proposals) for n in nodes]
    assert [s[0] for s in summary] == ["title"] * 11
    assert summary[-1] == ("title", "DRAFT CICA MINISTERIAL COUNCIL", 1, 13)

    decision = nodes[9]
    assert decision.name == "DRAFT DECISION OF THE CICA MINISTERIAL COUNCIL"
    assert (lines.line_of(decision.span.start), lines.line_of(decision.span.end)) == (154, 253)
    assert [(c.kind, c.name, c.open_proposals) for c in decision.children] == [
        ("section", "Chapter 1. Terms of Reference of Coordinators and Co-coordinators", 1),
        ("section", "Chapter 2. Concept papers and action plans in priority areas", 0),
        ("section", "Chapter 3. Review of CBM implementation", 0),
        ("section", "Chapter 4. Exchange of information", 0),
        ("section", "Chapter 5. Final provisions", 0),
    ]
    chapter1 = decision.children[0]
    assert [(c.name, c.level) for c in chapter1.children] == [("Functions", 3), ("Appointment and extension", 3)]
    appointment = chapter1.children[1]
    assert [(c.name.split()[0], c.open_proposals) for c in appointment.children] == [
        ("1.9", 0),
        ("1.10", 1),
        ("1.11", 0),
        ("1.12", 0),
    ]
    item = appointment.children[1]
    assert item.name.startswith("1.10 A Member State intending to assume the role")
    assert draft.text[item.selection.start : item.selection.end] == "1.10"
    assert lines.line_of(item.span.start) == lines.line_of(item.span.end) == 195

    # Chapter 3's items sit directly under the chapter (no caption there).
    assert [c.name.split()[0] for c in decision.children[2].children] == ["3.1", "3.2", "3.3", "3.4", "3.5"]

    statement = nodes[-1]
    counted = {c.name.split()[0]: c.open_proposals for c in statement.children if c.open_proposals}
    assert counted == {"11.": 1, "11altern.": 3, "13.": 1, "15.": 1}
    alt = next(c for c in statement.children if c.name.startswith("11altern."))
    assert draft.text[alt.selection.start : alt.selection.end] == "11altern."  # behind its `[`


def test_outline_children_lie_inside_their_parents(example):
    draft, _ = example
    for node, parent in walk(outline(draft)):
        assert node.span.start <= node.selection.start <= node.selection.end <= node.span.end
        if parent is not None:
            assert parent.span.start <= node.span.start and node.span.end <= parent.span.end


def test_notes_are_not_proposals_and_nested_brackets_count():
    marked = unmark("«1.» Text [NOTE: to be agreed] and [a [b] (+IND)] (-CHN).\n«2.» [Placeholder] only.")
    nodes = outline(parse(marked.text))
    assert [(n.kind, n.name, n.open_proposals) for n in nodes] == [
        ("item", "1. Text [NOTE: to be agreed] and [a [b] (+IND)] (-CHN).", 2),
        ("item", "2. [Placeholder] only.", 0),
    ]
    assert [n.selection for n in nodes] == marked.spans


def test_bullets_are_not_in_the_outline_and_items_without_section_are_roots():
    text = "- *Recalling* [a] (+IND)\n- *Noting* b\n\n1. One\n\n# Heading\n\n2. Two [x] (-CHN)\n"
    nodes = outline(parse(text))
    assert [(n.kind, n.name) for n in nodes] == [("item", "1. One"), ("title", "Heading")]
    assert nodes[1].open_proposals == 1
    assert [(c.name, c.open_proposals, c.level) for c in nodes[1].children] == [("2. Two [x] (-CHN)", 1, 2)]


def test_long_item_names_are_cut_at_a_word():
    text = "1. " + "word " * 40
    (node,) = outline(parse(text))
    assert node.name.endswith("…") and len(node.name) < 70


def test_markdown_heading_without_text_gets_a_name():
    (node,) = outline(parse("#\n\ntext"))
    assert node.name == "#"


def test_proposals_text_plurals():
    assert proposals_text(0) == ""
    assert proposals_text(1) == "1 open proposal"
    assert proposals_text(3) == "3 open proposals"
    assert proposals_text(1, "ru") == "1 открытое предложение"
    assert proposals_text(3, "ru") == "3 открытых предложения"
    assert proposals_text(5, "ru-RU") == "5 открытых предложений"
    assert proposals_text(11, "ru") == "11 открытых предложений"
    assert proposals_text(21, "ru") == "21 открытое предложение"
    assert proposals_text(12, "ru") == "12 открытых предложений"


# -- properties on generated drafts ----------------------------------------------------------



@settings(max_examples=40, deadline=None)
@given(st.one_of(drafts(), drafts(balanced=False)))
def test_regions_and_outline_are_well_formed_on_any_draft(text):
    draft, lines = parse(text), LineIndex(text)
    found = folding_regions(draft, lines)
    keys = [(r.start_line, r.end_line) for r in found]
    assert len(keys) == len(set(keys))
    assert keys == sorted(keys, key=lambda k: (k[0], -k[1]))
    assert all(0 <= r.start_line < r.end_line < lines.line_count for r in found)
    for node, parent in walk(outline(draft)):
        assert node.name and "\n" not in node.name and "\r" not in node.name
        assert node.span.start <= node.selection.start <= node.selection.end <= node.span.end
        assert 0 <= node.open_proposals <= len(draft.brackets)
        if parent is not None:
            assert parent.span.start <= node.span.start and node.span.end <= parent.span.end
            assert parent.open_proposals >= node.open_proposals
