"""The syntax layer, construct by construct (SPEC §2-§4), with exact positions."""

from __future__ import annotations

import pytest

from cicadraft.syntax import Span, parse, parse_block, split_blocks
from cicadraft.syntax.text import LineIndex
from markers import unmark

SEED_PARAGRAPH = (
    "- *Underlining* the importance of volunteerism for promoting respect for "
    "[intercivilizational and intercultural exchanges] (+IRAN) [[cultural [and religious] (-CHN)] (+IND) "
    "diversity [[of civilizations] (-CHN), [exchanges and mutual learning among civilizations] (+CHN)]] "
    "(-IND) (-IRAN) and its role in strengthening friendly relations;"
)


def text_of(draft, span: Span) -> str:
    return draft.text[span.start : span.end]


# -- blocks ------------------------------------------------------------------------------


def test_blocks_are_runs_of_non_blank_lines():
    marked = unmark("«first line\nsecond line»\n\n  \n«third»\r\n\r\n«fourth»\n")
    assert split_blocks(marked.text) == marked.spans


def test_form_feed_and_nbsp_lines_are_blank_but_u2028_does_not_break_a_line():
    marked = unmark("«a»\n\f\n«b\u2028c»\n\u00a0\n«d»")
    assert split_blocks(marked.text) == marked.spans
    lines = LineIndex(marked.text)
    assert lines.line_count == 5


def test_lone_carriage_return_breaks_lines():
    draft = parse("1. first\r2. second\r\r3. third")
    assert [item.label for item in draft.items] == ["1.", "2.", "3."]
    assert len(draft.blocks) == 2


# -- items and labels --------------------------------------------------------------------

LABELS = ["1.", "12.", "1.1", "2.9", "1.1.3", "2bis", "2.bis", "2 bis", "3ter", "1A.", "11altern.", "11 alt.",
          "Alt1", "PP3", "OP6", "OP6alt", "(a)", "(iv)"]


@pytest.mark.parametrize("label", LABELS)
def test_every_label_form_of_the_spec(label):
    marked = unmark(f"«{label}» Text of the paragraph.")
    draft = parse(marked.text)
    assert len(draft.items) == 1
    item = draft.items[0]
    assert item.label == label
    assert item.lead.span == marked.span


@pytest.mark.parametrize(
    "line",
    ["2023 was a good year.", "14 June 2023", "In paragraphs 1. and 2.", "(SOC) is a body", "1.5million", "Article 5"],
)
def test_prose_is_not_a_label(line):
    assert parse(line).items == []


def test_label_behind_an_opening_bracket_and_emphasis():
    marked = unmark("[«15.» Encourage the Member States.] (+IRAN)\n**«1.»** Bold label")
    draft = parse(marked.text)
    assert [item.lead.span for item in draft.items] == marked.spans
    assert draft.items[0].lead.behind_bracket
    assert draft.brackets[0].open == 0


def test_bullets_and_items_run_to_the_next_lead():
    marked = unmark("Reaffirming that\n«- the first,\n  continued»\n«• the second»")
    draft = parse(marked.text)
    assert [item.span for item in draft.items] == marked.spans
    assert [item.lead.kind for item in draft.items] == ["bullet", "bullet"]
    assert all(item.label is None for item in draft.items)


def test_labels_mid_line_are_prose():
    draft = parse("set forth in paragraphs 1, 2 and 6 of 1.1 the Statement")
    assert draft.items == []


# -- headings and sections ---------------------------------------------------------------


def test_heading_kinds_and_levels():
    text = (
        "# Markdown title\n\n"
        "DRAFT DECISION OF THE\nCICA MINISTERIAL COUNCIL\n\n"
        "Chapter 1. Terms of Reference\n\n"
        "Functions\n\n"
        "1.1 Any Member State may.\n\n"
        "### Third\n\n"
        "Глава 2. Концепции\n\n"
        "ГОСУДАРСТВА-ЧЛЕНЫ СВМДА\n"
    )
    draft = parse(text)
    assert [(h.level, h.kind, h.title) for h in draft.headings] == [
        (1, "markdown", "Markdown title"),
        (1, "title", "DRAFT DECISION OF THE CICA MINISTERIAL COUNCIL"),
        (2, "division", "Chapter 1. Terms of Reference"),
        (3, "caption", "Functions"),
        (3, "markdown", "Third"),
        (2, "division", "Глава 2. Концепции"),
        (1, "title", "ГОСУДАРСТВА-ЧЛЕНЫ СВМДА"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Hereby decided to:\n\n1. Acknowledge",  # ends in a colon
        "Functions\n\nThe text goes on.",  # not followed by a labelled item
        "RECOMMENDATIONS\n\n1. First",  # a title needs two words; a caption needs ≤8 words: this is a caption
        "No. SWG/739\n\nSecretariat",
        "This caption has far too many words to be a caption here\n\n1. First",
    ],
)
def test_not_headings(text):
    draft = parse(text)
    kinds = [h.kind for h in draft.headings]
    if text.startswith("RECOMMENDATIONS"):
        assert kinds == ["caption"]
    else:
        assert kinds == []


@pytest.mark.parametrize("words, headings", [(8, ["caption"]), (9, [])])
def test_a_caption_has_at_most_eight_words(words, headings):
    caption = " ".join(["Cooperation"] * words)
    assert [h.kind for h in parse(f"{caption}\n\n1. First").headings] == headings


@pytest.mark.parametrize("block", ["DRAFT TITLE\n1. THE TEXT", "DRAFT TITLE\n- A BULLET", "Functions\n[1. Text]"])
def test_a_lead_on_any_line_of_a_block_makes_it_no_heading(block):
    draft = parse(block)
    assert draft.headings == []
    assert len(draft.items) == 1


def test_sections_nest_by_level():
    text = "TITLE ONE HERE\n\nChapter 1. A\n\nFunctions\n\n1.1 x\n\nChapter 2. B\n\n2.1 y\n\nTITLE TWO HERE\n\n1. z"
    draft = parse(text)
    spans = [(s.heading.title, text[s.span.start : s.span.end].split("\n")[0], s.parent) for s in draft.sections]
    assert [s[0] for s in spans] == ["TITLE ONE HERE", "Chapter 1. A", "Functions", "Chapter 2. B", "TITLE TWO HERE"]
    assert [s.parent for s in draft.sections] == [None, 0, 1, 0, None]
    functions = draft.sections[2]
    assert text[functions.span.start : functions.span.end].strip() == "Functions\n\n1.1 x"
    assert draft.sections[0].span.end == text.index("TITLE TWO")


# -- brackets ------------------------------------------------------------------------------


def test_brackets_pair_by_order_across_blocks_with_depth_parent_children():
    text = "[a [b] c\n\nd] e [f]"
    draft = parse(text)
    assert [(b.open, b.close, b.depth, b.parent, b.children) for b in draft.brackets] == [
        (0, 11, 0, None, [1]),
        (3, 5, 1, 0, []),
        (15, 17, 0, None, []),
    ]
    assert draft.balanced


def test_stray_and_unclosed_are_each_reported_once_at_their_position():
    marked = unmark("a «]» b «[»c [d] e")
    draft = parse(marked.text)
    assert draft.stray_closes == [marked.spans[0].start]
    assert [b.open for b in draft.unclosed] == [marked.spans[1].start]
    assert not draft.balanced


def test_footnote_reference_is_not_a_bracket():
    draft = parse("Text[^1] and [^note-2] here [real]")
    assert [(s.start, s.end) for s in draft.footnotes] == [(4, 8), (13, 22)]
    assert len(draft.brackets) == 1


@pytest.mark.parametrize(
    "inner,is_note",
    [("NOTE: to be discussed", True), ("Note: later", True), ("Placeholder for para 3", True),
     ("Agreed ad ref", True), ("Notably", False), ("text", False), ("NOTEBOOK computers", False),
     ("Placeholders for", False)],
)
def test_editorial_notes(inner, is_note):
    assert parse(f"a [{inner}] b").brackets[0].is_note is is_note


def test_seed_nested_paragraph():
    draft = parse(SEED_PARAGRAPH)
    text = draft.text
    shapes = [(b.depth, b.parent, text[b.open : b.close + 1][:22]) for b in draft.brackets]
    assert shapes == [
        (0, None, "[intercivilizational a"),
        (0, None, "[[cultural [and religi"),
        (1, 1, "[cultural [and religio"),
        (2, 2, "[and religious]"),
        (1, 1, "[[of civilizations] (-"),
        (2, 4, "[of civilizations]"),
        (2, 4, "[exchanges and mutual "),
    ]
    tags = {b.index: [draft.tag_groups[g].normalized for g in b.tag_groups] for b in draft.brackets}
    assert tags == {0: ["(+IRAN)"], 1: ["(-IND)", "(-IRAN)"], 2: ["(+IND)"], 3: ["(-CHN)"], 4: [], 5: ["(-CHN)"], 6: ["(+CHN)"]}
    assert draft.brackets[1].children == [2, 4]
    assert draft.items[0].lead.kind == "bullet"


def test_hundred_thousand_nested_brackets_do_not_recurse():
    text = "[" * 100_000 + "x" + "]" * 100_000
    draft = parse(text)
    assert len(draft.brackets) == 100_000
    assert draft.brackets[-1].depth == 99_999
    assert draft.balanced


# -- tags ----------------------------------------------------------------------------------


def test_tag_groups_signs_codes_status_and_spans():
    marked = unmark("[x] («+IRAN», «-CHN») [y] («AZER tcb»)")
    draft = parse(marked.text)
    tags = [tag for _, tag in draft.tags()]
    assert [t.span for t in tags] == marked.spans
    assert [(t.sign, t.code, t.tcb, t.kind) for t in tags] == [
        ("+", "IRAN", False, "+"),
        ("-", "CHN", False, "-"),
        (None, "AZER", True, "tcb"),
    ]
    assert [text_of(draft, t.code_span) for t in tags] == ["IRAN", "CHN", "AZER"]
    assert not any(t.malformed for t in tags)


@pytest.mark.parametrize("prose", ["(SOC)", "(ICTs)", "(a)", "(MC/2023/DRAFT/3/Rev.1)", "(CICA)", "(+5)", "(e.g. IND)"])
def test_prose_parentheses_are_not_tags(prose):
    assert parse(f"[text] {prose}").tag_groups == []


@pytest.mark.parametrize(
    "written,normalized,problems",
    [
        ("(+ IRAN)", "(+IRAN)", ("space-after-sign",)),
        ("(+iran)", "(+IRAN)", ("lowercase-code",)),
        ("(AZER TCB)", "(AZER tcb)", ("uppercase-tcb",)),
        ("(\u2212CHN)", "(-CHN)", ("dash-sign",)),
        ("(+IND; +PAK)", "(+IND, +PAK)", ()),
    ],
)
def test_near_miss_tags_are_malformed_with_their_fix(written, normalized, problems):
    group = parse(f"[x] {written}").tag_groups[0]
    assert group.malformed
    assert group.normalized == normalized
    assert tuple(p for t in group.tags for p in t.problems) == problems


def test_tag_attachment_rules():
    text = "tenure [, which should be]. (-IND)\n[a;] (+IRAN) (AZER tcb)\n[b] and then (+CHN)\n[c]\n(-PAK)"
    draft = parse(text)
    attached = [(g.normalized, g.bracket) for g in draft.tag_groups]
    assert attached == [("(-IND)", 0), ("(+IRAN)", 1), ("(AZER tcb)", 1), ("(+CHN)", None), ("(-PAK)", 3)]


def test_tags_after_nested_close_attach_to_the_outermost():
    # SPEC §4: the last two tags attach to the outermost bracket, and the bracket around
    # the two alternatives has none.
    draft = parse("[[[of civilizations] (-CHN), [exchanges] (+CHN)]] (-IND) (-IRAN)")
    tags = [[draft.tag_groups[g].normalized for g in b.tag_groups] for b in draft.brackets]
    assert tags == [["(-IND)", "(-IRAN)"], [], ["(-CHN)"], ["(+CHN)"]]
    assert draft.balanced


def test_floating_tag_with_words_between():
    draft = parse("[text] some words (+IRAN)")
    assert draft.tag_groups[0].bracket is None


# -- robustness --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "junk",
    ["\x00\x00[\x00]", "\ufffd\ufffd(\ufffd", "[" * 10 + "\r" * 5 + "]" * 3, "((((+A", "]]]] (+IRAN)", "\ud800 [x]"],
)
def test_junk_gives_a_model(junk):
    draft = parse(junk)
    for bracket in draft.brackets:
        assert 0 <= bracket.open < len(junk)


def test_block_parse_is_cached_by_text():
    assert parse_block("[a] (+IRAN)") is parse_block("[a] (+IRAN)")
