"""What is under an offset (analysis/mentions.py): codes, names, areas, brackets,
abbreviations, with exact spans."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from cicadraft.analysis.mentions import (
    bracket_closing_at,
    brackets_in,
    fold,
    innermost_bracket_at,
    mention_at,
    vocabulary,
)
from cicadraft.registry import default_registry
from cicadraft.syntax import LineIndex, parse
from markers import unmark

EXAMPLE = Path(__file__).parents[1] / "examples" / "SWG-739-2023.cicadraft"


@pytest.fixture(scope="module")
def registry():
    return default_registry()


def at(source: str, registry):
    """The mention at the cursor of a marked text, checked against the marked span."""
    marked = unmark(source)
    draft = parse(marked.text)
    mention = mention_at(draft, marked.cursor, registry, LineIndex(marked.text))
    if marked.spans:
        assert mention is not None, source
        assert (mention.span.start, mention.span.end) == (marked.span.start, marked.span.end), (
            marked.text[mention.span.start : mention.span.end]
        )
    return mention


# -- tags and codes ----------------------------------------------------------------------


def test_a_tag_code(registry):
    mention = at("tenure [, which] (-«I$0ND»)", registry)
    assert mention.kind == "tag" and mention.delegation.code == "IND"
    assert mention.group == 0 and mention.tag == 0 and mention.bracket == 0


def test_the_sign_or_tcb_of_a_tag_gives_the_whole_tag(registry):
    assert at("[a] («$0-CHN»)", registry).delegation.code == "CHN"
    mention = at("[a] («AZER t$0cb»)", registry)
    assert mention.delegation.code == "AZE" and mention.text == "AZER"


def test_the_parentheses_of_a_tag_group_are_nothing(registry):
    assert at("[a] $0(+IND, +PAK)", registry) is None
    assert at("[a] (+IND,$0 +PAK)", registry) is None


def test_an_unknown_tag_code(registry):
    mention = at("[a] (+«IN$0DD»)", registry)
    assert mention.kind == "tag" and mention.delegation is None and mention.text == "INDD"


def test_a_bare_code_in_prose_as_a_whole_word(registry):
    mention = at("The position of «IR$0AN» is known.", registry)
    assert mention.kind in ("code", "name") and mention.delegation.code == "IRN"
    assert at("The IRANIAN$0 view.", registry) is None
    mention = at("the «U$0N» General Assembly", registry)
    assert mention.kind == "code" and mention.delegation.code == "UN"


# -- names in prose ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, code",
    [
        ("approve the «Russian Fed$0eration» as coordinator", "RUS"),
        ("the offer of «Ir$0aq» to assume", "IRQ"),
        ("and «$0China» as co-coordinator", "CHN"),
        ("одобрить «Российскую$0 Федерацию»", None),  # an inflected form is not a known name
        ("предложение «$0Ирака»", None),
        ("позиция «$0Ирак» известна", "IRQ"),
        ("«росс$0ия» и Китай", "RUS"),
        ("the «RUSSIAN FEDERA$0TION» and", "RUS"),
        ("«“Iraq$0”»", "IRQ"),
        ("the «Islamic Republic of I$0ran»", "IRN"),
        ("«T$0ürkiye»", "TUR"),
        ("«Turk$0iye»", "TUR"),
    ],
)
def test_a_member_state_named_in_prose(source, code, registry):
    marked = unmark(source)
    mention = mention_at(parse(marked.text), marked.cursor, registry)
    if code is None:
        assert mention is None or mention.kind != "name" or mention.delegation.code != "RUS"
        return
    assert mention is not None and mention.delegation.code == code
    assert marked.text[mention.span.start : mention.span.end] == marked.text[marked.span.start : marked.span.end]


def test_names_match_whole_words_only(registry):
    assert at("Chinatown$0 is not China", registry) is None
    assert at("Irakli$0 visited", registry) is None


# -- priority areas --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, area",
    [
        (
            "in the priority area «“Security of and in the use of information and communication technologies (IC$0Ts)”» for 2024-2025",
            "ict-security",
        ),
        ("in the priority area «$0“Combating Terrorism”».", "combating-terrorism"),
        ("in the priority area «“Sustainable Development$0”».", "sustainable-development"),
        ("area «\"combating terrorism$0\"» and", "combating-terrorism"),
        ("area «„Combating Terr$0orism“» and", "combating-terrorism"),
        ("area «Combating Terr$0orism» without quotes", "combating-terrorism"),
        ("area «sustainable   devel$0opment» with spaces", "sustainable-development"),
        ("сфера «Борьба с террориз$0мом»", "combating-terrorism"),
    ],
)
def test_a_priority_area_named_in_prose(source, area, registry):
    mention = at(source, registry)
    assert mention.kind == "area" and mention.area.id == area


def test_an_area_wins_over_a_name_inside_it(registry):
    # "Sustainable Development" holds no state's name, but the longest match wins in general:
    mention = at("the «Islamic Repub$0lic of Iran»", registry)
    assert mention.kind == "name" and mention.text == "Islamic Republic of Iran"


# -- abbreviations -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, body",
    [
        ("to the Senior Officials Committee («S$0OC»)", "soc"),
        ("The «SW$0G» recommended", "swg"),
        ("Ministerial Council («M$0C»)", "mc"),
        ("document «M$0C»/2023/DRAFT/3", "mc"),
        ("implementing «CBM$0s»", "cbm"),
        ("any «$0CBM» on", "cbm"),
        ("the «R$0MT»", "rmt"),
        ("of «CI$0CA» into", "cica"),
        ("the «S$0G» said", "sg"),
        ("(«СВ$0МДА»)", "cica"),
        ("группы («СР$0Г»)", "swg"),
    ],
)
def test_an_abbreviation(source, body, registry):
    mention = at(source, registry)
    assert mention.kind == "abbreviation" and mention.body.id == body


def test_abbreviations_match_as_written(registry):
    assert at("the soc$0 said", registry) is None
    assert at("SOCIAL$0 media", registry) is None


# -- brackets --------------------------------------------------------------------------------


def test_brackets(registry):
    mention = at("tenure «$0[», which should be not less than two]. (-IND)", registry)
    assert mention.kind == "open" and mention.bracket == 0
    mention = at("a [[b] (+X) c«$0]» (-IND)", registry)
    assert mention.kind == "close" and mention.bracket == 0
    mention = at("a [[b«$0]» (+X) c] (-IND)", registry)
    assert mention.kind == "close" and mention.bracket == 1
    mention = at("a «$0]» stray", registry)
    assert mention.kind == "stray"
    assert at("a footnote$0[^1] here", registry) is None
    assert at("a footnote[^1$0] here", registry) is None


def test_bracket_search_helpers():
    text = "x [a [b] (+IND) c] (-CHN) y [d]"
    draft = parse(text)
    assert bracket_closing_at(draft, text.index("b]") + 1) == 1
    assert bracket_closing_at(draft, text.index("c]") + 1) == 0
    assert innermost_bracket_at(draft, text.index("b")) == 1
    assert innermost_bracket_at(draft, text.index("+IND")) == 1
    assert innermost_bracket_at(draft, text.index("c]")) == 0
    assert innermost_bracket_at(draft, text.index("-CHN")) == 0
    assert innermost_bracket_at(draft, text.index("(-CHN)") + 6) == 0  # just after the tags
    assert innermost_bracket_at(draft, text.index("y")) is None
    assert innermost_bracket_at(draft, 0) is None
    assert brackets_in(draft, text.index("b"), len(text)) == [1, 2]
    assert brackets_in(draft, 0, len(text)) == [0, 1, 2]


def test_nothing_under_spaces_or_ordinary_words(registry):
    assert at("ordinary$0 words", registry) is None
    assert at("two  $0 spaces", registry) is None
    assert mention_at(parse("end"), 3, registry) is None
    assert mention_at(parse(""), 0, registry) is None


def test_positions_after_odd_characters(registry):
    source = "𝄞 😀\f\v\u2028 «Ir$0aq» [x] (+«IN$0D»)"
    marked = unmark(source.replace("«IN$0D»", "IND"))
    mention = mention_at(parse(marked.text), marked.cursor, registry)
    assert mention.delegation.code == "IRQ" and marked.text[mention.span.start : mention.span.end] == "Iraq"


def test_fold_maps_back_to_the_original():
    folded, origin = fold("“Türkiye”  —  Straße")
    assert folded == "'turkiye' - strasse"
    assert origin[1] == 1 and origin[-1] == len("“Türkiye”  —  Straße") - 1


def test_vocabulary_is_built_once_per_registry(registry):
    assert vocabulary(registry) is vocabulary(registry)
    other = default_registry()
    if other is not registry:
        assert vocabulary(other).registry is other


def test_mentions_on_a_large_draft(registry):
    """Mentions deep in a 1 MB draft are found as in a small one (the time per call is
    printed; benchmarks measure speed)."""
    text = (EXAMPLE.read_text(encoding="utf-8") + "\n\n") * 35  # about 1 MB
    draft = parse(text)
    lines = LineIndex(text)
    offsets = [
        text.index("Russian Federation", 800_000) + 3,
        text.index("[, which", 800_000),
        text.index("(-IND)", 800_000) + 2,
        text.index("“Combating Terrorism”", 800_000) + 4,
        text.index("(SOC)", 800_000) + 1,
        text.index("ordinary", 0) if "ordinary" in text else 900_000,
    ]
    mention_at(draft, offsets[0], registry, lines)  # vocabulary compiled
    start = time.perf_counter()
    for _ in range(20):
        for offset in offsets:
            mention_at(draft, offset, registry, lines)
    per_call = (time.perf_counter() - start) / (20 * len(offsets))
    print(f"mention_at on 1 MB: {per_call * 1000:.2f} ms per call")  # a figure, not a timed assertion
    # The same mention as at the same spot of the first copy, shifted by whole copies.
    period = len(EXAMPLE.read_text(encoding="utf-8") + "\n\n")
    for offset in offsets:
        deep, first = mention_at(draft, offset, registry, lines), mention_at(draft, offset % period, registry, lines)
        assert (deep is None) == (first is None)
        if deep is not None:
            shift = offset - offset % period
            assert (deep.kind, deep.text, deep.delegation) == (first.kind, first.text, first.delegation)
            assert (deep.span.start - shift, deep.span.end - shift) == (first.span.start, first.span.end)


def test_the_reference_draft(registry):
    text = EXAMPLE.read_text(encoding="utf-8")
    draft = parse(text)
    lines = LineIndex(text)

    def kind_at(needle: str, delta: int = 0):
        mention = mention_at(draft, text.index(needle) + delta, registry, lines)
        return mention and mention.kind

    assert kind_at("Russian Federation as coordinator") == "name"
    assert kind_at("“Combating Terrorism”", 1) == "area"
    assert kind_at("(SOC)", 1) == "abbreviation"
    assert kind_at("(-IND)", 2) == "tag"
    assert kind_at("[, which") == "open"
