"""Faults in the protocol (issue 7): the server answers sanely and stays up."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from cicadraft.lsp.guard import guarded
from conftest import SERVER, current_diagnostics, open_draft, position, pulls, uri_for

REQUESTS_ON_A_POSITION = [
    ("hover", lambda c, p: c.text_document_hover_async(types.HoverParams(text_document=types.TextDocumentIdentifier(uri=p[0]), position=p[1]))),
    (
        "completion",
        lambda c, p: c.text_document_completion_async(types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=p[0]), position=p[1])),
    ),
    (
        "documentHighlight",
        lambda c, p: c.text_document_document_highlight_async(
            types.DocumentHighlightParams(text_document=types.TextDocumentIdentifier(uri=p[0]), position=p[1])
        ),
    ),
    (
        "references",
        lambda c, p: c.text_document_references_async(
            types.ReferenceParams(
                text_document=types.TextDocumentIdentifier(uri=p[0]),
                position=p[1],
                context=types.ReferenceContext(include_declaration=True),
            )
        ),
    ),
    (
        "codeAction",
        lambda c, p: c.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=p[0]),
                range=types.Range(start=p[1], end=p[1]),
                context=types.CodeActionContext(diagnostics=[]),
            )
        ),
    ),
]

REQUESTS_ON_A_DOCUMENT = [
    ("foldingRange", lambda c, u: c.text_document_folding_range_async(types.FoldingRangeParams(text_document=types.TextDocumentIdentifier(uri=u)))),
    ("documentSymbol", lambda c, u: c.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=u)))),
    (
        "semanticTokens",
        lambda c, u: c.text_document_semantic_tokens_full_async(types.SemanticTokensParams(text_document=types.TextDocumentIdentifier(uri=u))),
    ),
]


def empty(result) -> bool:
    return result is None or result == [] or result == () or getattr(result, "data", None) in ([], ())


@pytest.mark.parametrize("name,request_", REQUESTS_ON_A_POSITION + REQUESTS_ON_A_DOCUMENT, ids=lambda v: v if isinstance(v, str) else "")
async def test_a_request_for_an_unknown_document_gets_an_empty_answer(client: LanguageClient, tmp_path, name, request_):
    uri = uri_for(tmp_path, "never-opened.cicadraft")
    argument = (uri, types.Position(0, 0)) if (name, request_) in REQUESTS_ON_A_POSITION else uri
    result = await asyncio.wait_for(request_(client, argument), 10)
    assert empty(result), (name, result)
    # …and the server is still up.
    assert await open_draft(client, uri_for(tmp_path), "[fine] (+IND)") == []


@pytest.mark.parametrize("name,request_", REQUESTS_ON_A_POSITION, ids=lambda v: v if isinstance(v, str) else "")
async def test_a_position_past_the_end_gets_an_empty_answer(client: LanguageClient, tmp_path, name, request_):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, "[text] (+IRAN)\nsecond line")
    for past in (types.Position(5, 0), types.Position(0, 400), types.Position(1, 12)):
        result = await asyncio.wait_for(request_(client, (uri, past)), 10)
        assert empty(result), (name, past, result)


async def test_a_stale_did_change_is_ignored_and_logged(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path)
    text = "[open"
    await open_draft(client, uri, text, version=5)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text="[closed]")],
        )
    )
    # The stale change did nothing: the bracket is still reported as unclosed.
    client.diagnostics.pop(uri, None)
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    diagnostics = await current_diagnostics(client, uri)
    assert [d.code for d in diagnostics] == ["unclosed-bracket"]
    for _ in range(50):
        if any("stale didChange" in m.message for m in client.log_messages):
            break
        await asyncio.sleep(0.1)
    assert any("stale didChange" in m.message for m in client.log_messages)


def _lsp_message(payload: dict) -> bytes:
    body = json.dumps(payload).encode()
    return f"Content-Length: {len(body)}\r\n\r\n".encode() + body


def _start_server() -> subprocess.Popen:
    return subprocess.Popen(SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "capabilities": {}}}


def _read_message(stream) -> dict:
    length = 0
    while True:
        header = stream.readline()
        if not header:
            raise EOFError("the server closed its output")
        if header.startswith(b"Content-Length:"):
            length = int(header.split(b":")[1])
        elif header in (b"\r\n", b"\n") and length:
            return json.loads(stream.read(length))


def _response(server: subprocess.Popen, request_id: int) -> dict:
    while True:
        message = _read_message(server.stdout)
        if message.get("id") == request_id and "method" not in message:
            return message


def test_a_malformed_parameter_gets_an_error_response_and_the_server_stays_up():
    server = _start_server()
    try:
        server.stdin.write(_lsp_message(INITIALIZE))
        server.stdin.write(_lsp_message({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
        server.stdin.write(_lsp_message({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {"textDocument": 42}}))
        server.stdin.flush()
        error = _response(server, 2)
        assert error["error"]["code"] == -32602  # InvalidParams
        server.stdin.write(
            _lsp_message(
                {
                    "jsonrpc": "2.0",
                    "id": 3,
                    "method": "textDocument/hover",
                    "params": {"textDocument": {"uri": "file:///nowhere.cicadraft"}, "position": {"line": 0, "character": 0}},
                }
            )
        )
        server.stdin.flush()
        assert _response(server, 3) == {"jsonrpc": "2.0", "id": 3, "result": None}
        assert server.poll() is None
    finally:
        server.kill()
        server.wait()


def test_exit_without_shutdown_exits_with_status_1():
    server = _start_server()
    server.stdin.write(_lsp_message(INITIALIZE))
    server.stdin.write(_lsp_message({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
    server.stdin.write(_lsp_message({"jsonrpc": "2.0", "method": "exit"}))
    server.stdin.flush()
    assert server.wait(timeout=20) == 1


def test_exit_after_shutdown_exits_with_status_0():
    server = _start_server()
    server.stdin.write(_lsp_message(INITIALIZE))
    server.stdin.write(_lsp_message({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
    server.stdin.write(_lsp_message({"jsonrpc": "2.0", "method": "exit"}))
    server.stdin.flush()
    assert server.wait(timeout=20) == 0


def test_the_server_exits_when_stdin_closes():
    server = _start_server()
    server.stdin.write(_lsp_message(INITIALIZE))
    server.stdin.flush()
    time.sleep(0.5)
    server.stdin.close()
    assert server.wait(timeout=20) is not None


def test_the_server_exits_when_the_client_process_is_gone():
    # A parent that dies at once: its pid is the processId the server watches.
    parent = subprocess.Popen([sys.executable, "-c", "pass"])
    parent.wait()
    server = _start_server()
    message = dict(INITIALIZE, params={"processId": parent.pid, "capabilities": {}})
    server.stdin.write(_lsp_message(message))
    server.stdin.flush()
    assert server.wait(timeout=30) is not None


def test_a_failing_feature_is_logged_and_returns_its_empty_answer():
    logged: list[str] = []

    class FakeServer:
        def log(self, message, kind=None):
            logged.append(message)

    @guarded([])
    def broken(ls, params):
        raise ValueError("boom")

    assert broken(FakeServer(), None) == []
    assert "broken failed: ValueError: boom" in logged[0]
    assert "Traceback" in logged[0]
