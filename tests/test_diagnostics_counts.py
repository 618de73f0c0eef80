"""A block's findings counted without writing them (what a draft that opens computes for
every block: Analyzer.local_ranks) equal the counts of the findings written out
(Analyzer.local_findings), whatever the cached facts of tag groups and brackets the
analyzer already holds, for every severity table."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cicadraft.analysis.diagnostics import CODES, NO_RANKS, SEVERITIES, Analyzer
from cicadraft.analysis.document_findings import DocumentFindings, analyze
from cicadraft.registry import default_registry
from cicadraft.syntax import parse
from cicadraft.syntax.incremental import DraftState

REGISTRY = default_registry()

# Tag groups of every kind: IRAN and IRN one delegation, lower case, signs that
# conflict, the same tag twice, unknown codes, observers (TKM, JPN), malformed groups.
GROUPS = [
    "(+IRAN)", "(-IRN)", "(+iran)", "(IRAN tcb)", "(+IRN)", "(-IRAN)", "(+IND)", "(-IND)", "(+ind)",
    "(+IND, -IND)", "(+IND, +IND)", "(+IRAN, -IRN)", "(+IRN, IRAN tcb)", "(+INDD)", "(-XYZ)", "(+xyz)",
    "(+TKM)", "(-JPN)", "(+ IRAN)", "(AZER TCB)", "(+IND; -PAK)", "(+CHN, -chn, +CHN)", "(+PAK)",
]
PIECES = GROUPS + ["[", "]", "[]", "[ ]", "words", ",", ".", "\n", "1. ", "(a) "]


def _ranks_of_findings(text: str, severities: dict) -> list[tuple[int, ...]]:
    analyzer = Analyzer(REGISTRY, severities)
    ranks = []
    for block in parse(text).blocks:
        found = analyzer.local_findings(block.syntax)
        counts = [0] * len(SEVERITIES)
        for code, *_ in found:
            counts[SEVERITIES.index(analyzer.wanted[code])] += 1
        ranks.append(tuple(counts) if found else NO_RANKS)
    return ranks


def _counted(analyzer: Analyzer, text: str) -> list[tuple[int, ...]]:
    return [analyzer.local_ranks(block.syntax) for block in parse(text).blocks]


severity_tables = st.dictionaries(st.sampled_from(CODES), st.sampled_from(SEVERITIES + ("off",)), max_size=6)
drafts = st.lists(st.lists(st.sampled_from(PIECES), max_size=14).map(" ".join), min_size=1, max_size=5).map("\n\n".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(drafts, min_size=1, max_size=4), severity_tables)
def test_counted_ranks_equal_the_findings_written(texts, severities):
    # One analyzer for several drafts: the later ones count with the facts of groups
    # and brackets the earlier ones cached (the same texts at other places).
    counting = Analyzer(REGISTRY, severities)
    for text in texts:
        assert _counted(counting, text) == _ranks_of_findings(text, severities)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts, severity_tables)
def test_the_totals_kept_at_open_are_the_findings_of_the_blocks(text, severities):
    state = DraftState(text)
    kept = DocumentFindings(Analyzer(REGISTRY, severities), state.syntaxes)
    local = [n for n, ranks in enumerate(_ranks_of_findings(text, severities)) if ranks]
    assert kept.local_blocks == local
    everything = analyze(parse(text), REGISTRY, severities)
    selection, total = kept.first_selection(10**6, state.text, state.starts, state.syntaxes, state.line_table)
    assert total == len(everything) == len(selection)


def test_a_delegation_twice_on_a_bracket_is_counted_once_per_finding():
    # IRAN and IRN are one delegation: a conflict; the same tag in two groups: a duplicate.
    text = "[a] (+IRAN) (-IRN)\n\n[b] (+IND) (+IND)\n\n[c] (+iran) (IRN tcb) (+IRN)\n\n[d] (+IND) (-PAK)\n"
    counting = Analyzer(REGISTRY)
    counted = _counted(counting, text)
    assert counted == _ranks_of_findings(text, {})
    warning, information = SEVERITIES.index("warning"), SEVERITIES.index("information")
    assert counted[0][warning] == 1  # conflicting-tags
    assert counted[1][information] == 1  # duplicate-tag
    assert counted[3] == NO_RANKS
    # Switched off, they are not counted; the cached facts are the analyzer's own.
    quiet = Analyzer(REGISTRY, {"conflicting-tags": "off", "duplicate-tag": "off", "malformed-tag": "off"})
    assert _counted(quiet, text) == [NO_RANKS, NO_RANKS, NO_RANKS, NO_RANKS]
    assert _counted(counting, text) == counted


def test_unknown_codes_are_counted_without_asking_for_suggestions():
    # Counting an unknown code needs only to know it is unknown: the registry's
    # similarity search runs for the findings written out.
    class Counting:
        def __init__(self, registry):
            self.registry = registry
            self.suggested = 0

        def __getattr__(self, name):
            return getattr(self.registry, name)

        def suggest(self, *args, **kwargs):
            self.suggested += 1
            return self.registry.suggest(*args, **kwargs)

    registry = Counting(REGISTRY)
    analyzer = Analyzer(registry)
    (syntax,) = [block.syntax for block in parse("[a] (+INDD) (-XYZQ)\n").blocks]
    assert analyzer.local_ranks(syntax)[SEVERITIES.index("warning")] == 2
    assert registry.suggested == 0
    assert [code for code, *_ in analyzer.local_findings(syntax)] == ["unknown-code", "unknown-code"]
    assert registry.suggested == 2


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts, st.lists(st.tuples(st.floats(0, 1), st.integers(0, 12), st.sampled_from(PIECES + ["(+IRNA)", "(+INDD) (+iran)"])), min_size=1, max_size=6), st.booleans())
def test_the_codes_in_use_follow_edits_counted_late_or_early(text, edits, early):
    # The codes a draft writes are counted when an unknown code's suggestions first need
    # them, then kept up to date: both give the counts of the text as it is.
    from collections import Counter

    state = DraftState(text)
    kept = DocumentFindings(Analyzer(REGISTRY), state.syntaxes)
    if early:
        kept.findings(state.text, state.starts, state.syntaxes, state.line_table)
    for where, removed, inserted in edits:
        start = int(where * len(state.text))
        kept.replace(*state.edit(start, min(start + removed, len(state.text)), inserted), state.syntaxes)
    assert kept.findings(state.text, state.starts, state.syntaxes, state.line_table) == analyze(parse(state.text), REGISTRY)
    written = Counter(tag.code.upper() for group in parse(state.text).tag_groups for tag in group.syntax.tags)
    assert +kept.code_counts == written


# -- repeated labels, walked section by section -------------------------------------------

LINES = [
    "Chapter 1. Title", "Article 2", "**Article 3 (purpose)**", "Objectives", "OPTION I:", "**Option 1:**", "Option 2:",
    "1. The objectives of this Part are to:", "1. words", "2. more words", "1. again", "2bis. added", "3.3alt. other",
    "(a) first", "(b) second", "(a) again", "(i) roman", "(ii) roman", "(i) again", "No text", "[a] (+IND)",
    "- US; CAN delete", "DRAFT DECISION -/CP.1", "A. Section", "II. Part",
]


def _walked_at_once(keys):
    """The duplicate-label walk over the whole document in one go, as it was written
    before it was split by sections: the statement the sections must agree with."""
    from cicadraft.syntax.options import ScopeWalk

    from cicadraft.analysis.document_findings import _NOWHERE

    repeated = []
    first_label = {}
    walk = ScopeWalk()
    for number, key in enumerate(keys):
        if key is None:
            continue
        heading, _, events = key
        if heading is not None:
            is_caption = heading[1]
            if not is_caption or (number + 1 < len(keys) and keys[number + 1] is not None and keys[number + 1][1]):
                walk.new_region(0, not is_caption)
        for event in events:
            if event[0] == "label":
                _, position, label = event
                first = first_label.setdefault((walk.label(label, 0), label), (number, position))
                if first != (number, position):
                    repeated.append((number, position, first[0], first[1]))
            elif event[1].kind == "division":
                walk.new_region(0)
            else:
                walk.mark(event[1], _NOWHERE, 0)
    return repeated


blocks_of_lines = st.lists(
    st.one_of(st.sampled_from(LINES), st.lists(st.sampled_from(LINES), min_size=2, max_size=3).map("\n".join)), min_size=1, max_size=25
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blocks_of_lines)
def test_repeated_labels_by_sections_equal_one_walk_over_the_document(blocks):
    from cicadraft.analysis.document_findings import _label_key, _repeated_labels

    keys = [_label_key(block.syntax) for block in parse("\n\n".join(blocks) + "\n").blocks]
    assert _repeated_labels(keys) == _walked_at_once(keys)


def test_a_caption_that_is_no_heading_does_not_end_the_section():
    from cicadraft.analysis.document_findings import _label_key, _repeated_labels

    keys = [_label_key(block.syntax) for block in parse("1. a\n\nNo text\n\n[a] (+IND)\n\n1. again\n").blocks]
    assert _repeated_labels(keys) == _walked_at_once(keys) == [(3, 0, 0, 0)]


def test_sections_whose_labels_are_written_once_are_not_walked():
    from cicadraft.analysis import document_findings

    text = "Chapter 1. A\n\n1. a\n\n2. b\n\nChapter 2. B\n\n1. c\n\n1. d\n\nChapter 3. C\n\n1. e\n\n2. f\n"
    keys = [document_findings._label_key(block.syntax) for block in parse(text).blocks]
    walked = []
    original = document_findings._walk_section
    try:
        document_findings._walk_section = lambda keys, start, stop, repeated: (walked.append((start, stop)), original(keys, start, stop, repeated))
        assert document_findings._repeated_labels(keys) == [(5, 0, 4, 0)]
    finally:
        document_findings._walk_section = original
    assert walked == [(3, 6)]  # Chapter 2 alone
