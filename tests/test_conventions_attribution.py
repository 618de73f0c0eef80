"""Attribution written as prose (SPEC §9): `(Led by Singapore)`, `X:` at the start of a
proposal, `CAN, UK delete`. Recognised by the hover and the outline; no tag warning."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cicadraft.analysis.attribution import attributions_in
from cicadraft.analysis.document_findings import analyze
from cicadraft.analysis.mentions import mention_at
from cicadraft.analysis.structure import outline, walk
from cicadraft.lsp.hover import build_card
from cicadraft.registry import default_registry
from cicadraft.registry.loader import profile_registry
from cicadraft.syntax import parse

UN = profile_registry("un")

DRAFT = (
    "1. Parties shall cooperate [on data sharing]. (Led by Singapore)\n\n"
    "2. [EU: Parties shall act without delay.]\n\n"
    "3. Promote [extreme - US; CAN, UK delete] measures.\n\n"
    "4. Ensure [changing unsustainable - EU, G77 retain / promoting sustainable - US] patterns.\n\n"
    "5. (Supported by G77/China, AOSIS and the Russian Federation) Text.\n"
)

FOUND = [
    ("(Led by Singapore)", "led", ["Singapore"]),
    ("[EU: text]", "speaker", ["EU"]),
    ("US: delete the paragraph", "speaker", ["US"]),
    ("[extreme - US; G77 delete]", "proposed", ["US"]),
    ("[text] CAN, UK delete", "delete", ["CAN", "UK"]),
    ("[to launch a process - US, Canada delete]", "delete", ["US", "Canada"]),
    ("[a - EU, G77 retain / b - US]", "retain", ["EU", "G77"]),
    ("(Supported by G77/China, AOSIS and the Russian Federation)", "supported", ["G77/China", "AOSIS", "Russian Federation"]),
]


@pytest.mark.parametrize("text,verb,who", FOUND)
def test_attributions_are_recognised(text, verb, who):
    first = attributions_in(text)[0]
    assert first.verb == verb
    assert [written for _, written in first.who] == who


@pytest.mark.parametrize("text", ["[NOTE: x]", "OPTION I: text", "Option A: x", "Each Party shall delete it", "The EU supports it", "PP3: text"])
def test_prose_that_names_nobody(text):
    assert attributions_in(text) == []


@pytest.mark.parametrize("registry", [default_registry(), UN], ids=["cica", "un"])
def test_no_tag_warning_on_prose_attribution(registry):
    assert [f.code for f in analyze(parse(DRAFT), registry) if "tag" in f.code or f.code == "unknown-code"] == []


def test_the_outline_shows_the_attribution():
    found = {node.name.split(" ")[0]: node.attribution for node, _ in walk(outline(parse(DRAFT)))}
    assert found == {
        "1.": "Led by Singapore",
        "2.": "Proposed by EU",
        "3.": "Proposed by US",
        "4.": "EU, G77 retain",
        "5.": "Supported by G77/China, AOSIS, Russian Federation",
    }


def card_at(text: str, needle: str, registry, locale: str = "en") -> str:
    draft = parse(text)
    mention = mention_at(draft, text.index(needle), registry)
    assert mention is not None and mention.kind == "attribution"
    return build_card(mention, None, registry, locale, markdown=False)


def test_the_hover_names_who_and_what_they_want():
    card = card_at(DRAFT, "Singapore", UN)
    assert "Attribution" in card
    assert "Singapore (SGP) leads this proposal" in card
    card = card_at(DRAFT, "CAN, UK", UN)
    assert "CAN (Canada) wants it deleted" in card and "UK (United Kingdom) wants it deleted" in card
    card = card_at(DRAFT, "G77/China", UN, "ru")
    assert "G77/China (Group of 77 and China) поддерживает его" in card
    # Without the UN profile the names are still shown, as written.
    assert "Singapore leads this proposal" in card_at(DRAFT, "Singapore", default_registry())


def _plain_attributions(text, start, end):
    """attributions_in without its prefilters: every regex run over the stretch."""
    from cicadraft.analysis import attribution as a

    found = []
    for match in a._LED.finditer(text, start, end):
        found.append(a.Attribution(a.Span(match.start(), match.end()), a._split(text, *match.span("who")), match.group("verb").lower()))
    for match in a._SPEAKER.finditer(text, start, end):
        codes = [c.strip() for c in match.group("who").split(",")]
        if any(c.upper() in a._NOT_SPEAKERS or a._LABEL_LIKE.fullmatch(c) for c in codes):
            continue
        found.append(a.Attribution(a.Span(match.start("who"), match.end()), a._split(text, *match.span("who")), "speaker"))
    for match in a._WITH_VERB.finditer(text, start, end):
        found.append(a.Attribution(a.Span(match.start("who"), match.end()), a._split(text, *match.span("who")), match.group("verb").lower().rstrip("s")))
    for match in a._DASHED.finditer(text, start, end):
        who = a._split(text, *match.span("who"))
        if any(x.span.start <= match.start("who") < x.span.end for x in found):
            continue
        found.append(a.Attribution(a.Span(match.start("who"), match.end("who")), who, "proposed"))
    return sorted(found, key=lambda x: x.span.start)


PROSE_PIECES = ["(Led by Singapore)", " – US;", " -EU, UK]", "US/", "(supported by G77/China, AOSIS)", "EU:", "US: ", "[", "]", " - US;", " – EU, G77 retain",
                "CAN, UK delete", " deletes", "oppose", "adds", "by", "(", ":", " ", "\n", "text", "Option 1:", "NOTE: x", "OP6: y",
                "the Russian Federation", "/", ";", "-", "–"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PROSE_PIECES), max_size=16).map("".join), st.data())
def test_attributions_are_found_as_by_every_regex_over_the_stretch(text, data):
    # attributions_in runs a regex only when what it needs is written in the stretch.
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert attributions_in(text, start, end) == _plain_attributions(text, start, end)
