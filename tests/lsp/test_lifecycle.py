"""Starting, documents, positions and diagnostics over LSP."""

from __future__ import annotations

import asyncio

from lsprotocol import types
from pytest_lsp import LanguageClient

from conftest import current_diagnostics, encoding_of, open_draft, position, pulls, span_of, uri_for


async def test_server_negotiates_the_position_encoding(client: LanguageClient):
    expected = "utf-8" if client.profile.startswith("neovim") else "utf-16"
    assert encoding_of(client) == expected
    assert client.server_capabilities.text_document_sync.change == types.TextDocumentSyncKind.Incremental


async def test_diagnostics_on_open_match_the_check_command(client: LanguageClient, tmp_path, example_text):
    broken = example_text.replace("years]. (-IND)", "years. (-IND)")
    uri = uri_for(tmp_path)
    diagnostics = await open_draft(client, uri, broken)
    codes = sorted(d.code for d in diagnostics)
    assert "unclosed-bracket" in codes
    unclosed = next(d for d in diagnostics if d.code == "unclosed-bracket")
    start, end = span_of(client, broken, unclosed.range)
    assert broken[start:end] == "["
    assert broken[start:].startswith("[, which should be")
    assert unclosed.severity == types.DiagnosticSeverity.Error


async def test_positions_with_astral_characters_crlf_and_odd_separators(client: LanguageClient, tmp_path):
    text = "𝄞 emoji 😀 line\r\n\f form feed \v vtab \u2028 sep [x] (+INDD)\r\nnext"
    uri = uri_for(tmp_path)
    diagnostics = await open_draft(client, uri, text)
    unknown = next(d for d in diagnostics if d.code == "unknown-code")
    # Form feed, vertical tab and U+2028 do not break the line: the tag is on line 1.
    assert unknown.range.start.line == 1
    start, end = span_of(client, text, unknown.range)
    assert text[start:end] == "INDD"


async def test_incremental_change_updates_diagnostics_with_version(client: LanguageClient, tmp_path):
    text = "1. Text [with a bracket] (+IRAN).\u2028 more\n2. Second 😀 [open"
    uri = uri_for(tmp_path)
    diagnostics = await open_draft(client, uri, text)
    assert [d.code for d in diagnostics] == ["unclosed-bracket"]
    # Close the bracket at the end of the text, after the astral character.
    end = position(client, text, len(text))
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangePartial(range=types.Range(end, end), text="]")],
        )
    )
    diagnostics = await current_diagnostics(client, uri)
    assert diagnostics == []
    if not pulls(client):
        # The pushed diagnostics carry the version they were computed for.
        assert list(client.diagnostics[uri]) == []


async def test_close_clears_pushed_diagnostics(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, "[never closed")
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    if not pulls(client):
        await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 10)
        assert list(client.diagnostics[uri]) == []
