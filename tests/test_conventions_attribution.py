"""Attribution written as prose (SPEC §9): `(Led by Singapore)`, `X:` at the start of a
proposal, `CAN, UK delete`. Recognised by the hover and the outline; no tag warning."""

from __future__ import annotations

import pytest

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
