"""The conventions of UN drafts over LSP (docs/conventions.md), under real editors'
capabilities: "Choose Option 2", options in the outline, the hover of a placeholder and
of attribution written as prose."""

from __future__ import annotations

from lsprotocol import types
from pytest_lsp import LanguageClient

from conftest import open_draft, uri_for
from test_code_actions import actions_at, applied, titled
from test_hover import card
from test_symbols import symbols

TEXT = """Article 3

Option 1:

1. Each Party shall [reduce] emissions in Annex [X]. (Led by Singapore)

Option 2:

1. Parties may [cooperate].

Article 4

1. Next.
"""


async def test_choose_option_2(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, TEXT)
    actions = await actions_at(client, uri, TEXT, TEXT.index("Parties may"))
    choose = titled(actions, "Choose Option 2")
    assert await applied(client, uri, TEXT, choose) == "Article 3\n\n1. Parties may [cooperate].\n\nArticle 4\n\n1. Next.\n"
    # A placeholder is not offered for accept or reject.
    on_placeholder = await actions_at(client, uri, TEXT, TEXT.index("[X]") + 1)
    assert not [a.title for a in on_placeholder if a.title.startswith(("Keep", "Drop"))]


async def test_options_in_the_outline(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, TEXT)
    roots = await symbols(client, uri)
    if not isinstance(roots[0], types.DocumentSymbol):
        names = [(s.kind, s.name.split(" ")[:2], s.container_name) for s in roots]
        assert (types.SymbolKind.EnumMember, ["Option", "2"], "Article 3") in names
        return
    article = roots[0]
    assert [(c.kind, c.name.split(" ")[:2]) for c in article.children] == [
        (types.SymbolKind.EnumMember, ["Option", "1"]),
        (types.SymbolKind.EnumMember, ["Option", "2"]),
    ]
    item = article.children[0].children[0]
    assert item.detail == "1 open proposal · Led by Singapore"


async def test_hover_on_a_placeholder_and_an_attribution(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, TEXT)
    value = await card(client, uri, TEXT, "[X]", 0, expect="[")
    assert "Placeholder" in value and "Not a proposal" in value
    value = await card(client, uri, TEXT, "Singapore", 0, expect="(Led by Singapore)")
    assert "Attribution" in value and "Singapore leads this proposal" in value
