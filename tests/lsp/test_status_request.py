"""The custom request ``cicadraft/status`` over LSP."""

from __future__ import annotations

import asyncio

from lsprotocol import types
from pytest_lsp import LanguageClient

from conftest import TIMEOUT, open_draft, position, uri_for


async def status(client: LanguageClient, uri: str):
    return await asyncio.wait_for(
        client.protocol.send_request_async("cicadraft/status", {"textDocument": {"uri": uri}}), TIMEOUT
    )


def plain(value):
    """pygls hands a custom result back as an object: make it JSON-like again."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "_asdict"):
        return {k: plain(v) for k, v in value._asdict().items()}
    if hasattr(value, "__dict__") and not isinstance(value, type):
        return {k: plain(v) for k, v in vars(value).items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


async def test_status_of_the_reference_draft(client: LanguageClient, tmp_path, example_text):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, example_text)
    result = plain(await status(client, uri))
    assert result["brackets"] == 14
    assert result["openProposals"] == 14
    assert result["unbalanced"] == 0
    assert result["delegations"]["IRAN"] == {"plus": 3, "minus": 2, "tcb": 0}
    assert result["delegations"]["AZER"] == {"plus": 1, "minus": 0, "tcb": 1}
    assert set(result["delegations"]) == {"IRAN", "CHN", "IND", "TUR", "AZER", "SEC"}


async def test_status_follows_changes(client: LanguageClient, tmp_path):
    text = "1. Text [with] (+IRAN) and [NOTE: check] and (-IRN) here."
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    result = plain(await status(client, uri))
    assert result == {
        "openProposals": 1,
        "brackets": 2,
        "unbalanced": 0,
        "delegations": {"IRAN": {"plus": 1, "minus": 1, "tcb": 0}},
    }
    end = position(client, text, len(text))
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangePartial(range=types.Range(end, end), text=" [open ] ] (CHN tcb)")],
        )
    )
    result = plain(await status(client, uri))
    assert result["brackets"] == 3
    assert result["unbalanced"] == 1  # the second `]` is stray
    assert result["delegations"]["CHN"] == {"plus": 0, "minus": 0, "tcb": 1}


async def test_status_of_an_unknown_document_is_null(client: LanguageClient, tmp_path):
    assert await status(client, uri_for(tmp_path, "never-opened.cicadraft")) is None
