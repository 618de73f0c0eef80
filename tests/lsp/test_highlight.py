"""Document highlights and references of a delegation, as VS Code and as Neovim."""

from __future__ import annotations

import asyncio

from lsprotocol import types
from pytest_lsp import LanguageClient

from conftest import TIMEOUT, open_draft, position, span_of, uri_for
from markers import unmark


async def highlights(client: LanguageClient, uri: str, at: types.Position) -> list[types.DocumentHighlight]:
    result = await asyncio.wait_for(
        client.text_document_document_highlight_async(
            types.DocumentHighlightParams(text_document=types.TextDocumentIdentifier(uri=uri), position=at)
        ),
        TIMEOUT,
    )
    return list(result or [])


async def references(client: LanguageClient, uri: str, at: types.Position) -> list[types.Location]:
    result = await asyncio.wait_for(
        client.text_document_references_async(
            types.ReferenceParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=at,
                context=types.ReferenceContext(include_declaration=True),
            )
        ),
        TIMEOUT,
    )
    return list(result or [])


async def test_every_tag_of_iran_in_the_example(client: LanguageClient, tmp_path, example_text):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, example_text)
    on_code = example_text.index("(+IRAN) (SEC tcb)") + 3
    found = await highlights(client, uri, position(client, example_text, on_code))
    spans = [span_of(client, example_text, h.range) for h in found]
    assert [example_text[a:b] for a, b in spans] == ["IRAN"] * 5
    assert all(h.kind == types.DocumentHighlightKind.Read for h in found)
    assert spans == sorted(spans)
    locations = await references(client, uri, position(client, example_text, on_code))
    assert [span_of(client, example_text, loc.range) for loc in locations] == spans
    assert all(loc.uri == uri for loc in locations)


ODD = (
    "1. 😀 𝄞 [a] (+«IRAN»)\f [b] (-«IRN»)\u2028\r\n"
    "2. [c] (+«iran», +IND) [d] («AZE» tcb) (−«IRN»)\v\r"
    "3. The IRAN delegation [e] (+CHN) (AZER tcb)\n"
)


async def test_one_delegation_under_all_its_codes_with_odd_characters(client: LanguageClient, tmp_path):
    marked = unmark(ODD)
    text = marked.text
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    iran = [span for span in marked.spans if text[span.start : span.end].upper() != "AZE"]
    # On IRN in the first line's second tag (cursor just after the code counts too).
    for cursor in (iran[1].start, iran[1].end):
        found = await highlights(client, uri, position(client, text, cursor))
        assert [span_of(client, text, h.range) for h in found] == [(s.start, s.end) for s in iran]
    # A code written in prose (line 3) highlights the tags, and itself as text.
    prose = text.index("IRAN delegation") + 2
    found = await highlights(client, uri, position(client, text, prose))
    kinds = [(text[slice(*span_of(client, text, h.range))], h.kind) for h in found]
    R, T = types.DocumentHighlightKind.Read, types.DocumentHighlightKind.Text
    assert kinds == [("IRAN", R), ("IRN", R), ("iran", R), ("IRN", R), ("IRAN", T)]
    # AZE and AZER are one delegation.
    aze = marked.spans[3]
    found = await highlights(client, uri, position(client, text, aze.start + 1))
    assert [text[slice(*span_of(client, text, h.range))] for h in found] == ["AZE", "AZER"]


async def test_nothing_off_a_code(client: LanguageClient, tmp_path):
    text = "1. Document MC/2023/CHAIR/1 [a] (+IND) says CHAIRS and XYZ.\n"
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    for word in ("CHAIR/", "CHAIRS", "XYZ", "says", "[a]"):
        at = position(client, text, text.index(word) + 1)
        assert await highlights(client, uri, at) == [], word
        assert await references(client, uri, at) == [], word
    past_end = types.Position(line=0, character=500)
    assert await highlights(client, uri, past_end) == []
    assert await references(client, uri, types.Position(line=7, character=0)) == []
    unknown = uri_for(tmp_path, "never-opened.cicadraft")
    assert await highlights(client, unknown, types.Position(0, 34)) == []
    assert await references(client, unknown, types.Position(0, 34)) == []
