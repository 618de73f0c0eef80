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
