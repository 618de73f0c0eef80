"""Incremental parsing and analysis equal a fresh full analysis on drafts of every shape
the benchmarks measure (benchmarks/shapes.py), and the findings an editor is sent when
they are capped are exactly the capped list of all findings: errors first, then
warnings, information, hints, each the first ones in the document, in document order."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cicadraft.analysis.diagnostics import CODES, SEVERITIES, Analyzer
from cicadraft.analysis.document_findings import DocumentFindings, analyze
from cicadraft.registry import default_registry
from cicadraft.syntax import parse
from cicadraft.syntax.incremental import DraftState
from findings_cap import capped

sys.path.insert(0, str(Path(__file__).parents[1]))
from benchmarks.shapes import SHAPES, shape  # noqa: E402

REGISTRY = default_registry()
EDITS = ["x", "[", "]", "", "\n\n", "(+IND)", "(+ind)", "(-INDD)", "1.1 ", "Chapter 9. Title\n\n", "[a] (+CHN)"]
LIMITS = (0, 1, 7, 60, 10**6)


def check_state(state: DraftState, live: DocumentFindings, severities: dict | None = None) -> None:
    fresh = parse(state.text)
    assert [(b.span.start, b.span.end) for b in fresh.blocks] == list(zip(state.starts, state.ends))
    incremental = state.draft
    assert [(b.open, b.close, b.depth, b.parent, b.children, b.tag_groups) for b in incremental.brackets] == [
        (b.open, b.close, b.depth, b.parent, b.children, b.tag_groups) for b in fresh.brackets
    ]
    everything = analyze(fresh, REGISTRY, severities)
    assert live.findings(state.text, state.starts, state.syntaxes, state.line_table) == everything
    for limit in LIMITS:
        assert live.first_findings(limit, state.text, state.starts, state.syntaxes, state.line_table) == capped(everything, limit)


@pytest.mark.parametrize("name", list(SHAPES))
def test_random_edits_on_every_shape(name):
    rng = random.Random(name)
    text = shape(name, 30_000, seed=3)
    state = DraftState(text)
    live = DocumentFindings(Analyzer(REGISTRY), state.syntaxes)
    check_state(state, live)
    for _ in range(25):
        start = rng.randrange(len(state.text) + 1)
        end = min(start + rng.choice([0, 0, 1, 2, 40]), len(state.text))
        live.replace(*state.edit(start, end, rng.choice(EDITS)), state.syntaxes)
        check_state(state, live)


def test_a_draft_full_of_findings_sends_the_first_thousand_in_order():
    text = shape("findings", 200_000, seed=5)
    state = DraftState(text)
    live = DocumentFindings(Analyzer(REGISTRY), state.syntaxes)
    everything = analyze(parse(text), REGISTRY)
    assert len(everything) > 1000  # the shape is what its name says
    kept, total = live.first_findings(1000, state.text, state.starts, state.syntaxes, state.line_table)
    assert total == len(everything) and len(kept) == 1000
    assert kept == capped(everything, 1000)[0]


PIECES = [
    "[", "]", "(+IRAN)", "(+iran)", "(INDD tcb)", "(+IND, +IND)", "(+IND) (-IND)", "[ ]", "1. ", "2. ", "(a) ", "- ", "words",
    "\n", "\n\n", "Chapter 2. X", "Option 1: ", "Option 2: ", " as follows:", "Article 4\n", "Section B.",
]
drafts = st.lists(st.sampled_from(PIECES), max_size=50).map("".join)
edits = st.lists(st.tuples(st.floats(0, 1), st.integers(0, 6), st.sampled_from(PIECES)), max_size=8)
severity_tables = st.dictionaries(st.sampled_from(CODES), st.sampled_from([*SEVERITIES, "off"]), max_size=5)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts, edits, severity_tables)
def test_capped_findings_equal_the_cap_of_all_findings(text, steps, severities):
    state = DraftState(text)
    live = DocumentFindings(Analyzer(REGISTRY, severities), state.syntaxes)
    check_state(state, live, severities)
    for where, removed, inserted in steps:
        start = int(where * len(state.text))
        live.replace(*state.edit(start, min(start + removed, len(state.text)), inserted), state.syntaxes)
        check_state(state, live, severities)


def test_typing_in_a_block_with_labels_and_options_keeps_the_repeated_labels():
    """The duplicate-label walk reads labels and option markers, not their offsets:
    typing before them in their block does not send it over the whole document again."""
    text = "Chapter 1. X\n\n1. words\n\n1. again\nOption 1: [a] (+IND)\n\n2. [b] (+iran)\n"
    state = DraftState(text)
    live = DocumentFindings(Analyzer(REGISTRY), state.syntaxes)
    check_state(state, live)
    walked = live.duplicates
    assert walked  # the repeated `1.`
    at = text.index("again")
    live.replace(*state.edit(at, at, "more "), state.syntaxes)
    assert live.duplicates is walked
    check_state(state, live)
    live.replace(*state.edit(at, at, "\n\n3. "), state.syntaxes)  # a new label: walked again
    assert live.duplicates is not walked
    check_state(state, live)


SECTION_PIECES = [
    "Chapter 1. X\n\n", "Article 2\n\n", "Heading\n", "1. words\n", "1. determines that:\n", "2. [a] (+IND)\n",
    "Option 1: text\n", "Option 2: text\n", "(a) item\n", "(b) item\n", "(i) sub\n", "\n", "\n\n", "words ",
]


def test_the_repeated_labels_walked_again_around_an_edit_equal_a_walk_of_the_whole_draft():
    """Only the sections around an edit are walked again (a heading that is not a
    caption starts the walk's scopes afresh); the result is the whole walk's."""
    from cicadraft.analysis.document_findings import _repeated_labels

    rng = random.Random(16)
    for _ in range(300):
        text = "".join(rng.choice(SECTION_PIECES) for _ in range(rng.randint(0, 30)))
        state = DraftState(text)
        live = DocumentFindings(Analyzer(REGISTRY), state.syntaxes)
        live.findings(state.text, state.starts, state.syntaxes, state.line_table)
        for _ in range(8):
            start = rng.randrange(len(state.text) + 1)
            end = min(start + rng.choice([0, 0, 1, 3, 12]), len(state.text))
            live.replace(*state.edit(start, end, rng.choice(SECTION_PIECES + ["", "x", "1. "])), state.syntaxes)
            assert live.duplicates == _repeated_labels(live.label_keys), state.text
        check_state(state, live)
