"""Limits (issue 7): huge and hostile inputs get diagnostics, the server does not crash,
its memory stays bounded, and it answers the next request.

Each input gets a server of its own, so that the peak resident memory read from
``/proc/<pid>/status`` (``VmHWM``) is that input's. The big inputs run under the VS Code
profile only (the position encoding does not change the work); the smaller hostile ones
under VS Code and Neovim. The memory bounds are generous ceilings, not measurements: they
catch a blow-up (a copy of the text per line, a quadratic structure), not a regression of
a few percent.
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from cicadraft.lsp.lifecycle import MAX_DIAGNOSTICS
from cicadraft.lsp.semantic_tokens import MAX_CHARS
from cicadraft.syntax.text import LineIndex
from conftest import SERVER, accept_registrations, encoding_of, initialize_params, pulls, uri_for

SEED = (Path(__file__).parents[2] / "examples" / "SWG-739-2023.cicadraft").read_text(encoding="utf-8")
BIG_TIMEOUT = 120  # seconds for one answer on a huge draft (a ceiling, not a timing)
MB = 1024 * 1024


async def start(lsp_client: LanguageClient, profile: str) -> None:
    accept_registrations(lsp_client)
    result = await lsp_client.initialize_session(initialize_params(profile, locale="en"))
    lsp_client.profile = profile
    lsp_client.server_capabilities = result.capabilities


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def vscode(lsp_client: LanguageClient):
    """One server, as VS Code (UTF-16, diagnostics pushed)."""
    await start(lsp_client, "visual-studio-code")
    yield
    await lsp_client.shutdown_session()


# -- helpers ----------------------------------------------------------------------------------


def peak_memory(client: LanguageClient) -> int:
    """The server's peak resident set size in bytes (VmHWM)."""
    pid = client._server.pid
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM in /proc/<pid>/status")


def assert_peak_below(client: LanguageClient, megabytes: int) -> None:
    peak = peak_memory(client) / MB
    print(f"peak resident memory of the server: {peak:.0f} MB (bound {megabytes} MB)")
    assert peak < megabytes, f"the server's peak resident memory was {peak:.0f} MB"


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def ask(awaitable, timeout: float = BIG_TIMEOUT):
    return await asyncio.wait_for(awaitable, timeout)


async def open_and_diagnose(client: LanguageClient, uri: str, text: str) -> list[types.Diagnostic]:
    """Open a draft and wait for its diagnostics, pushed or pulled."""
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(uri=uri, language_id="cicadraft", version=1, text=text))
    )
    if pulls(client):
        report = await ask(client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=doc(uri))))
        return list(report.items)
    while uri not in client.diagnostics:
        await ask(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS))
    return list(client.diagnostics[uri])


def assert_no_failure(client: LanguageClient) -> None:
    failures = [m.message for m in client.log_messages if m.type == types.MessageType.Error or " failed: " in m.message]
    assert not failures, "\n".join(failures)
    assert client.error is None
    assert client._server.returncode is None, "the server is gone"


async def still_responsive(client: LanguageClient, uri: str, text: str, offsets=()) -> None:
    """A hover and a folding request (and a hover at each offset) get an answer in time,
    whose ranges lie inside the document."""
    lines = LineIndex(text)
    enc = encoding_of(client)
    folding = await ask(client.text_document_folding_range_async(types.FoldingRangeParams(text_document=doc(uri))))
    for region in folding or ():
        assert 0 <= region.start_line <= region.end_line < lines.line_count
    for offset in (0, *offsets):
        line, character = lines.position(offset, enc)
        hover = await ask(
            client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=types.Position(line, character)))
        )
        if hover is not None and hover.range is not None:
            for end in (hover.range.start, hover.range.end):
                assert lines.is_valid(end.line, end.character, enc)
    assert_no_failure(client)


def check_ranges(client: LanguageClient, text: str, diagnostics) -> None:
    lines = LineIndex(text)
    enc = encoding_of(client)
    for diagnostic in diagnostics:
        for end in (diagnostic.range.start, diagnostic.range.end):
            assert lines.is_valid(end.line, end.character, enc), diagnostic


# -- the inputs --------------------------------------------------------------------------------


def ten_megabytes() -> str:
    """The seed circular, repeated to 10 MB: realistic text, some 380 times over. Each copy
    is marked, so that no block repeats (identical blocks would be parsed only once)."""
    copies, size = [], 0
    while size < 10 * MB:
        copies.append(SEED.replace("\n\n", f" ({len(copies)})\n\n"))
        size += len(copies[-1])
    return "".join(copies)[: 10 * MB]


async def test_ten_megabytes(vscode: LanguageClient, tmp_path):
    client = vscode
    text = ten_megabytes()
    uri = uri_for(tmp_path)
    diagnostics = await open_and_diagnose(client, uri, text)
    check_ranges(client, text, diagnostics)
    await still_responsive(client, uri, text, offsets=(len(text) // 2, len(text)))

    # Typing at the end still gets fresh diagnostics, with the new version.
    lines = LineIndex(text)
    end = types.Position(*lines.position(len(text), encoding_of(client)))
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangePartial(range=types.Range(end, end), text="\n\n[unclosed")],
        )
    )
    while uri not in client.diagnostics:
        await ask(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS))
    assert [d.code for d in client.diagnostics[uri] if d.code == "unclosed-bracket"] == ["unclosed-bracket"]
    assert_no_failure(client)
    assert_peak_below(client, 1536)


async def test_semantic_tokens_on_ten_megabytes_degrade_and_say_so_once(vscode: LanguageClient, tmp_path):
    client = vscode
    text = ten_megabytes()
    assert len(text) > MAX_CHARS
    uri = uri_for(tmp_path)
    await open_and_diagnose(client, uri, text)
    full = types.SemanticTokensParams(text_document=doc(uri))
    for _ in range(3):
        assert list((await ask(client.text_document_semantic_tokens_full_async(full))).data) == []
    # The visible range still gets its tokens, in time.
    visible = types.SemanticTokensRangeParams(text_document=doc(uri), range=types.Range(types.Position(100, 0), types.Position(160, 0)))
    assert len((await ask(client.text_document_semantic_tokens_range_async(visible), timeout=20)).data) > 0
    await still_responsive(client, uri, text)
    told = [m for m in client.log_messages if "very large" in m.message]
    assert len(told) == 1, [m.message for m in told]
    assert uri in told[0].message
    assert_peak_below(client, 1536)


async def test_a_hundred_thousand_nested_brackets(client: LanguageClient, tmp_path):
    text = "1. " + "[" * 100_000 + "deep (+IRAN)" + "]" * 100_000 + " (-CHN)\n"
    uri = uri_for(tmp_path)
    diagnostics = await open_and_diagnose(client, uri, text)
    check_ranges(client, text, diagnostics)
    await still_responsive(client, uri, text, offsets=(100_003, text.index("deep") + 2))
    assert_peak_below(client, 768)


async def test_a_hundred_thousand_unclosed_brackets(client: LanguageClient, tmp_path):
    text = "[" * 100_000
    uri = uri_for(tmp_path)
    diagnostics = await open_and_diagnose(client, uri, text)
    assert_capped(diagnostics, 100_000)
    check_ranges(client, text, diagnostics[:-1])
    assert {d.code for d in diagnostics[:-1]} == {"unclosed-bracket"}
    await still_responsive(client, uri, text, offsets=(50_000,))
    assert_peak_below(client, 768)


async def test_a_million_brackets_in_paragraphs(vscode: LanguageClient, tmp_path):
    """A hundred thousand paragraphs of ten brackets each."""
    client = vscode
    text = "".join(f"{i}. " + "[a] " * 10 + "\n\n" for i in range(100_000))
    uri = uri_for(tmp_path)
    diagnostics = await open_and_diagnose(client, uri, text)
    check_ranges(client, text, diagnostics)
    await still_responsive(client, uri, text, offsets=(len(text) // 2 + 1,))
    assert_peak_below(client, 1024)


async def test_a_million_brackets_in_one_block(vscode: LanguageClient, tmp_path):
    """A million lines without a blank line: one block, parsed in one piece. This is the
    costliest shape for the parser (about 1.6 GB at its peak, see the report of issue 7)."""
    client = vscode
    text = "[x]\n" * 1_000_000
    uri = uri_for(tmp_path)
    diagnostics = await open_and_diagnose(client, uri, text)
    check_ranges(client, text, diagnostics)
    await still_responsive(client, uri, text, offsets=(len(text) // 2 + 1,))
    assert_peak_below(client, 2048)


def assert_capped(diagnostics, findings: int) -> None:
    """Past MAX_DIAGNOSTICS, the server sends the first ones (errors first) and one note
    saying how many it left out."""
    assert len(diagnostics) == MAX_DIAGNOSTICS + 1
    note = diagnostics[-1]
    assert note.code == "too-many-findings"
    assert f"{findings - MAX_DIAGNOSTICS} more" in note.message


async def test_two_hundred_thousand_findings(vscode: LanguageClient, tmp_path):
    """Each `[]` is an empty bracket: 200,000 findings on one line."""
    client = vscode
    text = "[]" * 200_000
    uri = uri_for(tmp_path)
    diagnostics = await open_and_diagnose(client, uri, text)
    assert_capped(diagnostics, 200_000)
    check_ranges(client, text, diagnostics[:-1])
    await still_responsive(client, uri, text, offsets=(len(text) // 2 + 1,))
    assert_peak_below(client, 1024)


async def test_a_million_findings(vscode: LanguageClient, tmp_path):
    client = vscode
    text = "[]" * 1_000_000
    uri = uri_for(tmp_path)
    diagnostics = await open_and_diagnose(client, uri, text)
    assert_capped(diagnostics, 1_000_000)
    await still_responsive(client, uri, text, offsets=(len(text) // 2 + 1,))
    assert_peak_below(client, 2048)


async def test_a_single_line_of_one_megabyte(client: LanguageClient, tmp_path):
    text = "1. " + "x 😀 [y] (+IRAN) " * 60_000
    assert len(text.encode()) > MB and "\n" not in text
    uri = uri_for(tmp_path)
    diagnostics = await open_and_diagnose(client, uri, text)
    check_ranges(client, text, diagnostics)
    await still_responsive(client, uri, text, offsets=(len(text) - 5, len(text) // 2))
    completion = await ask(
        client.text_document_completion_async(
            types.CompletionParams(text_document=doc(uri), position=types.Position(*LineIndex(text).position(len(text) - 3, encoding_of(client))))
        )
    )
    assert completion is not None
    assert_peak_below(client, 768)


async def test_a_file_of_random_bytes(client: LanguageClient, tmp_path):
    """What an editor shows for a binary file: its bytes decoded with U+FFFD for what is
    not UTF-8 (NUL, lone CR, form feeds, stray brackets included)."""
    text = random.Random(7).randbytes(MB).decode("utf-8", errors="replace")
    uri = uri_for(tmp_path)
    diagnostics = await open_and_diagnose(client, uri, text)
    check_ranges(client, text, diagnostics)
    await still_responsive(client, uri, text, offsets=(len(text) // 3, len(text)))
    tokens = await ask(client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(text_document=doc(uri))))
    assert len(tokens.data) % 5 == 0
    symbols = await ask(client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc(uri))))
    assert symbols is not None
    assert_no_failure(client)
    assert_peak_below(client, 768)
