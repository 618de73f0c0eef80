"""Renaming a delegation code in every tag, as VS Code (documentChanges with the
version) and as Neovim (changes)."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient

from cicadraft.lsp.rename import check_new_code
from cicadraft.syntax.text import LineIndex
from conftest import TIMEOUT, encoding_of, open_draft, position, span_of, uri_for


def text_in(client: LanguageClient, text: str, range_: types.Range) -> str:
    start, end = span_of(client, text, range_)
    return text[start:end]


def apply(client: LanguageClient, text: str, edits: list[types.TextEdit]) -> str:
    lines, enc = LineIndex(text), encoding_of(client)
    spans = []
    for edit in edits:
        start = lines.offset(edit.range.start.line, edit.range.start.character, enc)
        end = lines.offset(edit.range.end.line, edit.range.end.character, enc)
        spans.append((start, end, edit.new_text))
    for start, end, new_text in sorted(spans, reverse=True):
        text = text[:start] + new_text + text[end:]
    return text


def edits_of(client: LanguageClient, uri: str, edit: types.WorkspaceEdit, version: int) -> list[types.TextEdit]:
    if client.profile.startswith("neovim"):  # no documentChanges support
        assert edit.document_changes is None
        return list(edit.changes[uri])
    assert edit.changes is None
    (change,) = edit.document_changes
    assert change.text_document.uri == uri and change.text_document.version == version
    return list(change.edits)


async def prepare(client: LanguageClient, uri: str, at: types.Position):
    return await asyncio.wait_for(
        client.text_document_prepare_rename_async(
            types.PrepareRenameParams(text_document=types.TextDocumentIdentifier(uri=uri), position=at)
        ),
        TIMEOUT,
    )


async def rename(client: LanguageClient, uri: str, at: types.Position, new_name: str):
    return await asyncio.wait_for(
        client.text_document_rename_async(
            types.RenameParams(text_document=types.TextDocumentIdentifier(uri=uri), position=at, new_name=new_name)
        ),
        TIMEOUT,
    )


TEXT = (
    "# 😀 Title\r\n\r\n"
    "1. 𝄞 [a] (+IRAN)\f [b] (-IRN, +IND)\u2028\r\n"
    "2. [c] (+iran) [d] (AZER tcb) (IRAN tcb)\v\r"
    "3. The IRAN delegation [e] (+CHN)\n"
)


async def test_rename_every_tag_of_the_delegation(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, TEXT, version=7)
    on_code = position(client, TEXT, TEXT.index("IRN, +IND"))
    prepared = await prepare(client, uri, on_code)
    assert prepared.placeholder == "IRN"
    assert text_in(client, TEXT, prepared.range) == "IRN"

    edit = await rename(client, uri, on_code, "IRQ")
    edits = edits_of(client, uri, edit, version=7)
    assert [text_in(client, TEXT, e.range) for e in edits] == ["IRAN", "IRN", "iran", "IRAN"]
    assert apply(client, TEXT, edits) == (
        "# 😀 Title\r\n\r\n"
        "1. 𝄞 [a] (+IRQ)\f [b] (-IRQ, +IND)\u2028\r\n"
        "2. [c] (+IRQ) [d] (AZER tcb) (IRQ tcb)\v\r"
        "3. The IRAN delegation [e] (+CHN)\n"  # prose is left alone
    )


async def test_a_code_unknown_to_the_registry_is_renamed_as_written(client: LanguageClient, tmp_path):
    text = "1. [a] (+INDD) [b] (-INDD, +IND)\n"
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    edit = await rename(client, uri, position(client, text, text.index("INDD") + 4), "IND")
    assert apply(client, text, edits_of(client, uri, edit, version=1)) == "1. [a] (+IND) [b] (-IND, +IND)\n"


async def test_only_codes_in_tags_can_be_renamed(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, TEXT)
    for offset in (TEXT.index("IRAN delegation") + 1, TEXT.index("Title"), TEXT.index("tcb) (IRAN") + 1):
        at = position(client, TEXT, offset)
        assert await prepare(client, uri, at) is None
        assert await rename(client, uri, at, "IRN") is None
    past_end = types.Position(line=2, character=400)
    assert await prepare(client, uri, past_end) is None
    assert await rename(client, uri, types.Position(line=40, character=0), "IRN") is None
    unknown = uri_for(tmp_path, "never-opened.cicadraft")
    assert await prepare(client, unknown, types.Position(2, 12)) is None
    assert await rename(client, unknown, types.Position(2, 12), "IRN") is None


async def test_an_invalid_new_code_is_refused(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, TEXT)
    at = position(client, TEXT, TEXT.index("IRAN"))
    with pytest.raises(JsonRpcException) as refused:
        await rename(client, uri, at, "irn")
    assert refused.value.code == types.LSPErrorCodes.RequestFailed
    assert "did you mean “IRN”" in refused.value.message


@pytest.mark.parametrize("name", ["IRN", "G77", "CHAIR", "ABCDEFGHIJ"])
def test_valid_codes(name):
    assert check_new_code(name) is None


@pytest.mark.parametrize("name", ["", "I", "irn", "7UP", "ABCDEFGHIJK", "IR N", "IRN ", "ИРН", "+IRN"])
def test_invalid_codes(name):
    assert check_new_code(name) is not None
    assert check_new_code(name, "ru").startswith("«")
