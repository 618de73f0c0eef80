"""The outline (document symbols) over LSP, as VS Code and as Neovim, and flat for a
client without hierarchical symbols."""

from __future__ import annotations

import asyncio

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from conftest import SERVER, TIMEOUT, accept_registrations, open_draft, span_of, uri_for


def text_in(client: LanguageClient, text: str, range_: types.Range) -> str:
    start, end = span_of(client, text, range_)
    return text[start:end]


async def symbols(client: LanguageClient, uri: str):
    result = await asyncio.wait_for(
        client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
        ),
        TIMEOUT,
    )
    return list(result or [])


async def test_example_outline(client: LanguageClient, tmp_path, example_text):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, example_text)
    roots = await symbols(client, uri)
    assert all(isinstance(s, types.DocumentSymbol) for s in roots)
    assert [s.kind for s in roots] == [types.SymbolKind.File] * 11
    statement = roots[-1]
    assert statement.name == "DRAFT CICA MINISTERIAL COUNCIL STATEMENT"
    assert statement.detail == "13 open proposals"
    assert text_in(client, example_text, statement.selection_range) == "DRAFT CICA MINISTERIAL COUNCIL STATEMENT"
    assert (statement.range.start.line, statement.range.end.line) == (255, 300)

    decision = roots[9]
    chapter = decision.children[0]
    assert (chapter.name, chapter.kind, chapter.detail) == (
        "Chapter 1. Terms of Reference of Coordinators and Co-coordinators",
        types.SymbolKind.Module,
        "1 open proposal",
    )
    functions, appointment = chapter.children
    assert (functions.name, functions.kind, functions.detail) == ("Functions", types.SymbolKind.Namespace, None)
    item = appointment.children[1]
    assert item.kind == types.SymbolKind.Field
    assert item.name.startswith("1.10 A Member State intending")
    assert item.detail == "1 open proposal"
    assert text_in(client, example_text, item.selection_range) == "1.10"
    assert item.range.start.line == item.range.end.line == 195

    alternative = next(s for s in statement.children if s.name.startswith("11altern."))
    assert alternative.detail == "3 open proposals"
    assert text_in(client, example_text, alternative.selection_range) == "11altern."


async def test_positions_with_astral_characters_crlf_and_odd_separators(client: LanguageClient, tmp_path):
    text = "# Заголовок 😀 𝄞\r\n\r\n1. 😀 text [a] (+IRAN)\f\u2028 [b] (-CHN)\v\r\n2bis 𝄞 next [NOTE: later]\r\n"
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    (title,) = await symbols(client, uri)
    assert title.name == "Заголовок 😀 𝄞"
    assert text_in(client, text, title.selection_range) == "# Заголовок 😀 𝄞"
    first, second = title.children
    assert first.detail == "2 open proposals"
    assert text_in(client, text, first.selection_range) == "1."
    assert text_in(client, text, first.range) == "1. 😀 text [a] (+IRAN)\f\u2028 [b] (-CHN)\v"
    assert second.name == "2bis 𝄞 next [NOTE: later]"
    assert second.detail is None  # an editorial note is not a proposal
    assert text_in(client, text, second.selection_range) == "2bis"
    assert (second.range.start.line, second.range.end.line) == (3, 3)


async def test_unknown_document_gets_no_symbols(client: LanguageClient, tmp_path):
    assert await symbols(client, uri_for(tmp_path, "never-opened.cicadraft")) == []


# -- a client without hierarchical symbols, and one speaking Russian -----------------------------


def _capabilities(flat: bool) -> types.ClientCapabilities:
    caps = client_capabilities("visual-studio-code")
    if flat:
        caps.text_document.document_symbol.hierarchical_document_symbol_support = False
    return caps


@pytest_lsp.fixture(params=["flat", "ru"], config=ClientServerConfig(server_command=SERVER))
async def other_client(request, lsp_client: LanguageClient):
    accept_registrations(lsp_client)
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=_capabilities(request.param == "flat"),
            process_id=None,
            locale="en" if request.param == "flat" else "ru",
        )
    )
    lsp_client.profile = "visual-studio-code"
    lsp_client.variant = request.param
    yield
    await lsp_client.shutdown_session()


async def test_flat_symbols_or_russian_details(other_client: LanguageClient, tmp_path, example_text):
    uri = uri_for(tmp_path)
    await open_draft(other_client, uri, example_text)
    found = await symbols(other_client, uri)
    if other_client.variant == "ru":
        assert found[-1].detail == "13 открытых предложений"
        assert found[9].children[0].detail == "1 открытое предложение"
        return
    assert all(isinstance(s, types.SymbolInformation) for s in found)
    names = [(s.name.split(" A Member")[0], s.container_name) for s in found]
    assert ("Chapter 1. Terms of Reference of Coordinators and Co-coordinators", "DRAFT DECISION OF THE CICA MINISTERIAL COUNCIL") in names
    assert ("1.10", "Appointment and extension") in names
    assert names[0] == ("SECRETARIAT OF THE CONFERENCE ON INTERACTION AND CONFIDENCE BUILDING MEASURES IN ASIA", None)
    item = next(s for s in found if s.name.startswith("1.10 "))
    assert item.location.uri == uri
    assert item.location.range.start.line == 195


def _symbols_as_objects(nodes, positions, uri, locale, hierarchical):
    """The outline as lsprotocol objects, ranges one by one (how the server answered
    before writing JSON itself): the reference."""
    from cicadraft.analysis.structure import proposals_text, walk
    from cicadraft.lsp.symbols import symbol_kind

    if not hierarchical:
        return [
            types.SymbolInformation(name=node.name, kind=symbol_kind(node), location=types.Location(uri=uri, range=positions.range(node.span)),
                                    container_name=parent.name if parent else None)
            for node, parent in walk(nodes)
        ]

    def convert(node):
        return types.DocumentSymbol(
            name=node.name,
            detail=" · ".join(part for part in (proposals_text(node.open_proposals, locale), node.attribution) if part) or None,
            kind=symbol_kind(node), range=positions.range(node.span), selection_range=positions.range(node.selection),
            children=[convert(child) for child in node.children] or None,
        )

    return [convert(node) for node in nodes]


def test_the_outline_written_as_json_is_what_lsprotocol_objects_give():
    import json
    from pathlib import Path

    from cicadraft.analysis.structure import outline
    from cicadraft.lsp.positions import Positions
    from cicadraft.lsp.server import create_server
    from cicadraft.lsp.symbols import symbols
    from cicadraft.syntax import LineIndex, parse

    converter = create_server().protocol._converter
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path("/work/shared/examples").rglob("*.txt"))]
    texts += [(Path(__file__).parents[2] / "examples" / "SWG-739-2023.cicadraft").read_text(encoding="utf-8")]
    texts += ["# Т😀\r\n\r\n1. [x] (+IND)\r2. y\n\n## B\n\n- *Noting* z [w] (-CHN)"]
    for text in texts:
        nodes = outline(parse(text))
        for encoding in ("utf-16", "utf-8", "utf-32"):
            positions = Positions(LineIndex(text), encoding)
            for hierarchical in (True, False):
                for locale in ("en", "ru"):
                    written = json.loads(json.dumps(symbols(nodes, positions, "file:///d.cicadraft", locale, hierarchical)))
                    assert written == converter.unstructure(_symbols_as_objects(nodes, positions, "file:///d.cicadraft", locale, hierarchical))


def test_the_outline_is_kept_for_a_version_and_made_again_after_an_edit():
    from cicadraft.lsp.server import create_server

    server = create_server()
    server.protocol.client_capabilities = types.ClientCapabilities()
    uri = "file:///kept.cicadraft"
    server.documents.open(types.TextDocumentItem(uri=uri, language_id="cicadraft", version=1, text="# A\n\n1. [x] (+IND)\n"))
    handler = server.protocol.fm.features[types.TEXT_DOCUMENT_DOCUMENT_SYMBOL]
    params = types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    first = handler(params)
    assert handler(params) is first  # the same version: the same answer, not made again
    document = server.document(uri)
    document.apply(types.TextDocumentContentChangePartial(
        range=types.Range(start=types.Position(line=2, character=0), end=types.Position(line=2, character=2)), text="2."), "utf-16")
    document.version = 2
    again = handler(params)
    assert again is not first and '"1. [x]' in first and '"2. [x]' in again
