"""Property tests of the syntax layer and the diagnostics: nothing raises, every range
lies inside the document, and incremental analysis equals a fresh full analysis."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cicadraft.analysis.diagnostics import Analyzer
from cicadraft.analysis.document_findings import analyze
from cicadraft.analysis.document_findings import DocumentFindings
from cicadraft.registry import default_registry
from cicadraft.syntax import parse
from cicadraft.syntax.blocks import BLANK_CHARS, BLOCK, block_matches
from cicadraft.syntax.incremental import DraftState
from cicadraft.syntax.text import LineIndex, line_starts

REGISTRY = default_registry()

# Pieces that exercise every rule, plus the characters that break naive tools: astral
# characters, CRLF and lone CR, form feed, vertical tab, U+2028, a BOM, NUL.
PIECES = [
    "[", "]", "[[", "]]", "(+IRAN)", "(-CHN)", "(AZER tcb)", "(+IND, +PAK)", "(+ iran)", "(INDD tcb)",
    "(SOC)", "(a)", "[^1]", "1. ", "2bis ", "11altern. ", "- ", "# Title", "Chapter 2. X", "Functions",
    "DRAFT TITLE HERE", "NOTE", " ", "  ", ".", ",", ";", ":", "text", "words here", "\n", "\n\n", "\r\n",
    "\r", "\r\n\r\n", "\f", "\v", "\u2028", "\ufeff", "\x00", "😀", "𝄞", "Ж", "(", ")", "+", "-", "*",
]

drafts = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
any_text = st.one_of(drafts, st.text(max_size=200))

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def spans_of(draft):
    length = len(draft.text)
    for bracket in draft.brackets:
        yield bracket.span(length)
    for group in draft.tag_groups:
        yield group.span
        for tag in group.tags:
            yield tag.span
            yield tag.code_span
    for item in draft.items:
        yield item.span
        yield item.lead.span
    for heading in draft.headings:
        yield heading.span
    for section in draft.sections:
        yield section.span
    for block in draft.blocks:
        yield block.span
    yield from draft.footnotes


@FAST
@given(st.one_of(drafts, st.lists(st.sampled_from([*PIECES, *BLANK_CHARS, "\u0085"]), max_size=60).map("".join)), st.data())
def test_the_blocks_are_the_block_regex_matches_with_or_without_cr(text, data):
    # `block_matches` runs a regex for `\n` alone where the text (or the region) holds no
    # `\r`: the very matches of BLOCK, whole text or any region of it.
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    for region in ((0, len(text)), (start, end)):
        expected = [match.span() for match in BLOCK.finditer(text, *region)]
        assert [match.span() for match in block_matches(text, *region)] == expected
        lf_only = text.replace("\r\n", "\n").replace("\r", "\n")
        expected = [match.span() for match in BLOCK.finditer(lf_only, *region)]
        assert [match.span() for match in block_matches(lf_only, *region)] == expected


@FAST
@given(any_text)
def test_parser_never_raises_and_every_range_lies_inside(text):
    draft = parse(text)
    for span in spans_of(draft):
        assert 0 <= span.start <= span.end <= len(text)
    for offset in draft.stray_closes:
        assert text[offset] == "]"
    for bracket in draft.brackets:
        assert text[bracket.open] == "["
        assert bracket.close is None or text[bracket.close] == "]"
    for finding in analyze(draft, REGISTRY):
        assert 0 <= finding.span.start <= finding.span.end <= len(text)


@FAST
@given(any_text)
def test_line_starts_are_the_ends_of_lsp_line_breaks(text):
    # line_starts takes a shortcut when the text has no \r; the rule is the LSP's.
    assert line_starts(text) == [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]


@FAST
@given(any_text)
def test_positions_round_trip_in_every_encoding(text):
    lines = LineIndex(text)
    for offset in range(len(text) + 1):
        for encoding in ("utf-8", "utf-16", "utf-32"):
            line, column = lines.position(offset, encoding)
            back = lines.offset(line, column, encoding)
            # An offset inside a \r\n pair maps to the end of the line.
            if offset > 0 and text[offset - 1 : offset + 1] == "\r\n":
                assert back == offset - 1
            else:
                assert back == offset


# (where, how many characters removed, what is inserted, whether to compare the findings
# now: several edits may come between two requests for them).
edits = st.lists(
    st.tuples(st.floats(0, 1), st.integers(0, 6), st.lists(st.sampled_from(PIECES), max_size=4).map("".join), st.booleans()),
    max_size=12,
)


@FAST
@given(drafts, edits)
def test_incremental_parsing_and_analysis_equal_a_fresh_full_analysis(text, steps):
    state = DraftState(text)
    state.lines  # build the line table so that edits update it incrementally
    live = DocumentFindings(Analyzer(REGISTRY), state.syntaxes)
    live.findings(state.text, state.starts, state.syntaxes, state.line_table)
    for where, removed, inserted, compare_findings in steps:
        start = int(where * len(state.text))
        end = min(start + removed, len(state.text))
        live.replace(*state.edit(start, end, inserted), state.syntaxes)
        fresh = parse(state.text)
        assert state.lines.starts == line_starts(state.text)
        assert [(b.span.start, b.span.end) for b in fresh.blocks] == list(zip(state.starts, state.ends))
        incremental = state.draft
        assert [(b.open, b.close, b.depth, b.parent, b.children, b.tag_groups, b.is_note) for b in incremental.brackets] == [
            (b.open, b.close, b.depth, b.parent, b.children, b.tag_groups, b.is_note) for b in fresh.brackets
        ]
        assert [(g.span, g.bracket, g.normalized) for g in incremental.tag_groups] == [
            (g.span, g.bracket, g.normalized) for g in fresh.tag_groups
        ]
        assert [(h.level, h.span, h.title) for h in incremental.headings] == [(h.level, h.span, h.title) for h in fresh.headings]
        if compare_findings:
            assert live.findings(state.text, state.starts, state.syntaxes, state.line_table) == analyze(fresh, REGISTRY)
    assert live.findings(state.text, state.starts, state.syntaxes, state.line_table) == analyze(parse(state.text), REGISTRY)


def test_ten_megabytes_and_a_million_brackets():
    text = ("1. Paragraph [text (+IRAN)] more. (-CHN)\n\n" * 250_000)[:10_000_000]
    draft = parse(text)
    assert len(draft.blocks) > 200_000
    brackets = "[]" * 500_000
    assert len(parse(brackets).brackets) == 500_000
    line = "x [y] " * 170_000  # one line of about 1 MB
    assert len(parse(line).brackets) == 170_000
