"""Settings that change when diagnostics go out, and serving over TCP."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import time

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.lsp.client import LanguageClient as PyglsClient
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from conftest import SERVER, accept_registrations, uri_for

# A client that takes pushed diagnostics (VS Code's capabilities), told its settings
# through initializationOptions.


def _fixture(options: dict):
    @pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
    async def started(lsp_client: LanguageClient):
        accept_registrations(lsp_client)
        await lsp_client.initialize_session(
            types.InitializeParams(
                capabilities=client_capabilities("visual-studio-code"), initialization_options=options, locale="en"
            )
        )
        yield
        await lsp_client.shutdown_session()

    return started


on_save = _fixture({"cicadraft": {"validate": "onSave"}})
debounced = _fixture({"cicadraft": {"debounce": 300}})


def _open(client, uri, text, version=1):
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(uri=uri, language_id="cicadraft", version=version, text=text))
    )


def _change(client, uri, version, text):
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def _next(client, uri, timeout=10):
    client.diagnostics.pop(uri, None)
    while uri not in client.diagnostics:
        await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), timeout)
    return list(client.diagnostics[uri])


async def test_validate_on_save_publishes_on_open_and_save_only(on_save: LanguageClient, tmp_path):
    client = on_save
    uri = uri_for(tmp_path)
    client.diagnostics.pop(uri, None)
    _open(client, uri, "[fine] (+IND)")
    assert await _next(client, uri) == []
    _change(client, uri, 2, "[broken")
    with pytest.raises(asyncio.TimeoutError):
        await _next(client, uri, timeout=1.5)  # typing publishes nothing
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    assert [d.code for d in await _next(client, uri)] == ["unclosed-bracket"]


async def test_a_debounce_publishes_once_typing_pauses(debounced: LanguageClient, tmp_path):
    client = debounced
    uri = uri_for(tmp_path)
    _open(client, uri, "[a")
    assert [d.code for d in await _next(client, uri)] == ["unclosed-bracket"]

    started = time.perf_counter()
    for version, text in enumerate(["[a]", "[a] [b", "[a] [b]"], start=2):
        _change(client, uri, version, text)
        await asyncio.sleep(0.05)
    diagnostics = await _next(client, uri)
    assert diagnostics == []  # computed for the last version only
    assert time.perf_counter() - started >= 0.3


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_serve_over_tcp(tmp_path):
    port = _free_port()
    server = subprocess.Popen(SERVER + ["--tcp", f"127.0.0.1:{port}"], stderr=subprocess.PIPE)
    try:
        client = PyglsClient("tcp-test", "1")
        received: asyncio.Queue = asyncio.Queue()

        @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params):
            received.put_nowait(params)

        for _ in range(100):
            try:
                await client.start_tcp("127.0.0.1", port)
                break
            except OSError:
                await asyncio.sleep(0.1)
        else:
            raise AssertionError("the server did not listen on the port")
        result = await asyncio.wait_for(
            client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities())), 20
        )
        assert result.server_info.name == "cicadraft"
        client.initialized(types.InitializedParams())
        uri = uri_for(tmp_path)
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(uri=uri, language_id="cicadraft", version=1, text="x]"))
        )
        params = await asyncio.wait_for(received.get(), 20)
        assert [d.code for d in params.diagnostics] == ["stray-bracket"]
        await asyncio.wait_for(client.shutdown_async(None), 20)
        client.exit(None)
        await client.stop()
    finally:
        server.kill()
        server.wait()


def test_tcp_address_errors_are_one_line():
    result = subprocess.run(SERVER + ["--tcp", "nonsense"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert result.stderr.strip() == "cicadraft: --tcp: expected HOST:PORT, got “nonsense”"


def test_published_diagnostics_are_framed_in_bytes_and_not_logged(tmp_path):
    """The pushed diagnostics are written by cicadraft itself (lsp/diagnostic_json.py):
    their Content-Length counts bytes, and their hundreds of kilobytes do not go to the
    server's log on stderr on every keystroke (a client that does not drain stderr
    would block the server; VS Code would show them all in its output panel)."""
    import json
    import sys

    def frame(message: dict) -> bytes:
        body = json.dumps(message).encode()
        return b"Content-Length: %d\r\n\r\n" % len(body) + body

    uri = (tmp_path / "Проект.cicadraft").as_uri()
    text = "".join(f"{n}. Текст [слова (+indd)] « ещё » 😀.\n\n" for n in range(1, 1500))
    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "method": "textDocument/didOpen",
         "params": {"textDocument": {"uri": uri, "languageId": "cicadraft", "version": 1, "text": text}}},
        {"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None},
        {"jsonrpc": "2.0", "method": "exit", "params": None},
    ]
    stderr = tmp_path / "stderr.txt"
    with stderr.open("wb") as log:
        done = subprocess.run([sys.executable, "-m", "cicadraft", "serve"], input=b"".join(map(frame, messages)),
                              stdout=subprocess.PIPE, stderr=log, timeout=120)
    out = done.stdout
    published = []
    while out:
        head, _, rest = out.partition(b"\r\n\r\n")
        length = int(head.split(b"Content-Length:")[1].split(b"\r\n")[0])
        message = json.loads(rest[:length])  # a wrong length breaks this, or the next one
        out = rest[length:]
        if message.get("method") == "textDocument/publishDiagnostics":
            published.append(message["params"])
    assert published and published[0]["uri"] == uri
    assert len(published[0]["diagnostics"]) > 1000  # the cap's thousand, and its note
    assert stderr.stat().st_size < 20_000, stderr.read_text(errors="replace")[:2000]


def test_the_server_widens_its_pipes_so_a_draft_crosses_at_once():
    """A pipe holds 64 KiB by default; the server asks Linux for 1 MiB on stdin and
    stdout, so a 1 MB didOpen is not cut into sixteen rounds of write and wake-up. The
    pipes are shared with the client, whose ends report the size the server set."""
    import fcntl
    import json
    import sys

    server = subprocess.Popen([sys.executable, "-m", "cicadraft", "serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL)
    try:
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "capabilities": {}}}).encode()
        server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        server.stdin.flush()
        assert server.stdout.readline().startswith(b"Content-Length:")  # serving: the pipes are set
        assert fcntl.fcntl(server.stdin.fileno(), fcntl.F_GETPIPE_SZ) == 1 << 20
        assert fcntl.fcntl(server.stdout.fileno(), fcntl.F_GETPIPE_SZ) == 1 << 20
    finally:
        server.kill()
        server.wait(timeout=30)


def test_a_result_written_as_json_text_is_sent_as_written_with_its_length_in_bytes():
    """Code lenses and positions are answered with JsonText (json.dumps of plain data):
    the protocol frames it as a response to the request's id, its Content-Length in
    bytes; any other result still goes through pygls's converter."""
    import json

    from cicadraft.lsp.json_text import json_text
    from cicadraft.lsp.server import create_server

    class Writer:
        def __init__(self):
            self.sent = []

        def write(self, data: bytes) -> None:
            self.sent.append(data)

    server = create_server()
    writer = Writer()
    server.protocol.set_writer(writer)
    server.protocol._send_response(7, json_text([{"title": "Принять…", "n": 1}]))
    server.protocol._send_response("x8", [types.Position(line=1, character=2)])
    messages = []
    for frame in writer.sent:
        head, _, body = frame.partition(b"\r\n\r\n")
        assert int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0]) == len(body)
        messages.append(json.loads(body))
    assert messages[0] == {"id": 7, "jsonrpc": "2.0", "result": [{"title": "Принять…", "n": 1}]}
    assert messages[1]["id"] == "x8" and messages[1]["result"] == [{"line": 1, "character": 2}]
