"""Options as alternatives (SPEC §9): `Option 1:` / `Option 2`, `Option A.1`, nesting
`OPTION I` › `Option A` › `Option 1`, zero options (`Option 0: No text`, `{No text
required}`), `Alt` markers and `N Alt.` / `alt2` / `bis` / `supra` labels: recognised in
the model, shown in the outline and folding, chosen by the code action "Choose Option 2"
and by `cicadraft resolve --choose LABEL`."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cicadraft.analysis import resolve as engine
from cicadraft.analysis.structure import folding_regions, outline, walk
from cicadraft.cli.main import main
from cicadraft.lsp.code_actions import bracket_plans, compute
from cicadraft.registry import default_registry
from cicadraft.syntax import LineIndex, Span, parse
from cicadraft.syntax.labels import alternative_base, normalize_label

SHARED = Path("/work/shared/examples/other-negotiations")
INC = SHARED / "04_inc_plastics_chairs_text_2024-12-01.txt"
BBNJ = SHARED / "06_bbnj_further_revised_draft_text_2022-06-01.txt"
REGISTRY = default_registry()


def read(path: Path) -> str:
    assert path.is_file(), f"the shared example {path} is missing"
    return path.read_text(encoding="utf-8")


def tree(draft):
    """Each option as (label, parent label, labels of the other members of its set)."""
    options = draft.options
    return [
        (
            o.label,
            options[o.parent].label if o.parent is not None else None,
            [options[i].label for i in draft.option_groups[o.group] if i != o.index],
        )
        for o in options
    ]


def test_bbnj_nesting_of_the_presidents_note_and_of_article_24():
    draft = parse(read(BBNJ))
    found = tree(draft)
    # The President's note (para. 7): OPTION I › Option A › Option 1.
    assert found[:3] == [("OPTION I", None, []), ("Option A", "OPTION I", []), ("Option 1", "Option A", [])]
    # Article 24: `1. Option A:` holds Option A.1 and A.2; Option B is its alternative.
    assert ("Option A.1", "Option A", ["Option A.2"]) in found
    assert ("Option A.2", "Option A", ["Option A.1"]) in found
    assert ("Option B", None, ["Option A"]) in found
    # Article 34: OPTION I / OPTION II, each with its own paragraphs 1.
    assert ("OPTION II", None, ["OPTION I"]) in found


def test_bbnj_options_inside_a_paragraph_end_at_the_next_paragraph():
    text = read(BBNJ)
    draft = parse(text)
    option_3 = next(o for o in draft.options if o.label == "Option 3")
    assert text[option_3.body.start :].startswith("… the activity is being conducted")
    assert text[option_3.span.end :].lstrip().startswith("[6. Where")


def test_inc5_zero_options_and_page_headers():
    text = read(INC)
    draft = parse(text)
    found = [(o.label, o.no_text, len(draft.option_groups[o.group])) for o in draft.options]
    # Article 1bis: Option 0 (No Article) and Options 1-3, across the page headers the
    # PDF extraction left between them; Article 6: Option 1 (No Article) and Option 2.
    assert found == [
        ("Option 0", True, 4),
        ("Option 1", False, 4),
        ("Option 2", False, 4),
        ("Option 3", False, 4),
        ("Option 1", True, 2),
        ("Option 2", False, 2),
    ]
    # `8 Alt.` is an alternative to paragraph 8 (SPEC §7), not an option.
    assert alternative_base("8 Alt.") == "8"
    assert "8 Alt." in [item.label for item in draft.items]


@pytest.mark.parametrize(
    "a,b",
    [("1bis", "1 bis."), ("4 bis.", "4bis"), ("2.ter", "2 ter"), ("3 quater", "3quater"), ("5 supra", "5supra")],
)
def test_fused_and_spaced_inserted_labels_are_one_label(a, b):
    assert normalize_label(a) == normalize_label(b)
    assert [item.label for item in parse(f"{a} First.\n\n{b} Second.").items] == [a, b]


def _plainly_normalized(label: str) -> str:
    import re

    text = label.strip().rstrip(".").strip()
    return re.sub(r"[ .](?=(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies|supra|altern|alt)\b)", "", text, flags=re.I).lower()


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["1", "12", ".", " ", "bis", "Ter", "alt", "ALTERN", "2", "\u00b2", "\u0661", "a", "x", "PP", "OP"]), max_size=6).map("".join))
def test_a_label_is_normalised_as_stated_plainly(label):
    # normalize_label returns paragraph numbers (digits and dots) without its regex.
    assert normalize_label(label) == _plainly_normalized(label)


ARTICLE = """Article 3

Option 0: {No text required}

Option 1:

1. Each Party shall [reduce] (+EU) emissions.

2. Each Party shall report.

Option 2:

1. Parties may [cooperate] (-US).

Article 4

1. Next.
"""


def test_choose_option_keeps_its_text_and_drops_the_others():
    draft = parse(ARTICLE)
    assert [(o.label, o.no_text) for o in draft.options] == [("Option 0", True), ("Option 1", False), ("Option 2", False)]
    chosen = engine.choose_option(draft, 2)
    assert chosen.preview(ARTICLE) == "Article 3\n\n1. Parties may [cooperate] (-US).\n\nArticle 4\n\n1. Next.\n"
    first = engine.choose_option(draft, 1).preview(ARTICLE)
    assert first == "Article 3\n\n1. Each Party shall [reduce] (+EU) emissions.\n\n2. Each Party shall report.\n\nArticle 4\n\n1. Next.\n"
    # The zero option: the article keeps no text.
    assert engine.choose_option(draft, 0).preview(ARTICLE) == "Article 3\n\nArticle 4\n\n1. Next.\n"


def test_code_action_choose_option_2():
    draft = parse(ARTICLE)
    document = SimpleNamespace(draft=draft)
    offset = ARTICLE.index("Parties may") + 2
    plans = bracket_plans(document, REGISTRY, Span(offset, offset), "en")
    (plan,) = [p for p in plans if p.title.startswith("Choose")]
    assert plan.title == "Choose Option 2"
    outcome = compute(draft, REGISTRY, plan.op, plan.args)
    assert outcome.preview(ARTICLE) == engine.choose_option(draft, 2).preview(ARTICLE)
    zero = bracket_plans(document, REGISTRY, Span(ARTICLE.index("{No"), ARTICLE.index("{No")), "ru")
    assert [p.title for p in zero if p.op == "chooseOption"] == ["Выбрать Option 0 (без текста)"]


def test_resolve_choose_on_the_bbnj_text(tmp_path, capsys):
    path = tmp_path / "bbnj.cicadraft"
    path.write_text(read(BBNJ), encoding="utf-8")
    assert main(["resolve", "--choose", "Option B", str(path)]) == 0
    result = capsys.readouterr().out
    assert "Option A.1" not in result and "Option A.2" not in result
    # Chosen in articles 24, 35 and 38; the excerpt's first Option B (article 23) has
    # no Option A beside it, so there is nothing to choose from.
    assert result.count("Option B") == 1 and "Option C" not in result
    assert "In accordance with article 206 of the Convention, when Parties" in result
    assert "Guidelines for the conduct of environmental impact assessments" in result
    # Every other option is where it was.
    assert result.count("OPTION II") == read(BBNJ).count("OPTION II")
    assert main(["resolve", "--choose", "OPTION II", str(path)]) == 0
    result = capsys.readouterr().out
    assert "OPTION I:" not in result and "OPTION II" not in result
    assert "4. The environmental impact assessment reports prepared" in result
    assert "4. Reports prepared pursuant to this Agreement" not in result


def test_resolve_choose_an_unknown_label_is_a_clear_error(tmp_path, capsys):
    path = tmp_path / "a.cicadraft"
    path.write_text(ARTICLE, encoding="utf-8")
    assert main(["resolve", "--choose", "Option 7", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"cicadraft: {path}: No option or alternative is labelled “Option 7”."
    assert path.read_text(encoding="utf-8") == ARTICLE


def test_resolve_choose_an_item_alternative(tmp_path, capsys):
    path = tmp_path / "a.cicadraft"
    path.write_text("8. First.\n\n8 Alt. Second.\n", encoding="utf-8")
    assert main(["resolve", "--choose", "8 Alt.", str(path)]) == 0
    assert capsys.readouterr().out == "8. Second.\n"


def test_outline_and_folding_show_options():
    draft = parse(ARTICLE)
    nodes = [(node.kind, node.name, parent.name if parent else None) for node, parent in walk(outline(draft))]
    assert ("option", "Option 1", "Article 3") in [(k, n.split(" ")[0] + " " + n.split(" ")[1], p) for k, n, p in nodes]
    option_2 = next(name for kind, name, _ in nodes if kind == "option" and name.startswith("Option 2"))
    assert ("item", "1. Parties may [cooperate] (-US).", option_2) in nodes
    regions = folding_regions(draft, LineIndex(ARTICLE))
    options = [(r.start_line, r.end_line, r.collapsed_text) for r in regions if r.kind == "option"]
    assert options == [(4, 8, "Option 1 …"), (10, 12, "Option 2 …")]


def test_alt_markers_and_lowercase_alt_labels():
    draft = parse("Alt:\n\n1. One text.\n\nAlternative 2:\n\n1. Another.\n")
    assert [o.label for o in draft.options] == ["Alt", "Alt 2"]
    assert len(draft.option_groups) == 1
    # `Alt 2 text` is a label of SPEC §7: an alternative item, not an option.
    assert parse("1. One.\n\nAlt 2 Other.\n").options == []
    assert [item.label for item in parse("3. First.\n\nalt2 Second.").items] == ["3.", "alt2"]
    # `Alternatively` opening prose is a word, not a marker.
    assert parse("Alternatively, Parties may agree.\n").options == []
    assert parse("Alt text that goes on.\n").options == []


# The marker regex runs only on lines that start as a marker may (options._MARK_START):
# that test must hold wherever the marker regex matches, or markers would be lost. The
# lines are built as markers are (indent, paragraph number, spaces, word, number), each
# part sometimes odd.
_INDENTS = ["", " ", "\t", "\ufeff", "*", "**", "[", " [*", "x"]
_NUMBERS = ["", "1", "12", "123", "1234", "1.", "1.1", "1.10.", "2..", "٣", "(a)", "(iv)", "(abc)", "(", "a"]
_SUFFIXES = ["", "bis", " bis", ".bis", "ter.", " supra", "  ter", "x", "."]
_GAPS = ["", " ", "\t", "  ", ".", ":"]
_WORDS = ["Option", "OPTION", "option", "Alt", "ALT", "alt", "Alternative", "Article", "opt", "Options", "x"]
_RESTS = ["", " 1", " A", " IV", " A.1", " (a)", " b", ":", ".", " 2:", "2", ". 3", " [", "*", " text"]
_MARK_LINES = st.tuples(*(st.sampled_from(parts) for parts in (_INDENTS, _NUMBERS, _SUFFIXES, _GAPS, _WORDS, _RESTS))).map("".join)


@given(st.one_of(_MARK_LINES, st.lists(st.sampled_from(_INDENTS + _NUMBERS + _SUFFIXES + _GAPS + _WORDS + _RESTS), max_size=8).map("".join)))
@settings(max_examples=3000, deadline=None)
def test_every_line_the_marker_regex_matches_passes_the_quick_test(line):
    from cicadraft.syntax.options import _MARK, _MARK_START

    if _MARK.match(line):
        assert _MARK_START.match(line)
