"""pytest-lsp fixtures: the real server over stdio, under real editors' capabilities.

Every test taking ``client`` runs twice: once as VS Code (UTF-16 positions, diagnostics
pushed) and once as Neovim 0.11 (UTF-8 positions negotiated, diagnostics pulled).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from cicadraft.syntax.text import LineIndex

PROFILES = ["visual-studio-code", "neovim@v0.11.0"]
SERVER = [sys.executable, "-m", "cicadraft", "serve"]
TIMEOUT = 20


def initialize_params(profile: str, **extra) -> types.InitializeParams:
    return types.InitializeParams(
        capabilities=client_capabilities(profile),
        process_id=None,
        **extra,
    )


def accept_registrations(lsp_client: LanguageClient) -> None:
    """Real editors accept the server's dynamic registrations (the cicadraft.toml file
    watcher); pytest-lsp's client does not implement the request, so answer it here."""

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register_capability(params: types.RegistrationParams) -> None:
        lsp_client.registrations = list(getattr(lsp_client, "registrations", [])) + list(params.registrations)


@pytest_lsp.fixture(params=PROFILES, config=ClientServerConfig(server_command=SERVER))
async def client(request, lsp_client: LanguageClient):
    accept_registrations(lsp_client)
    result = await lsp_client.initialize_session(initialize_params(request.param, locale="en"))
    lsp_client.profile = request.param
    lsp_client.server_capabilities = result.capabilities
    yield
    await lsp_client.shutdown_session()


# -- helpers shared by the LSP tests -------------------------------------------------------


def encoding_of(client: LanguageClient) -> str:
    """The position encoding the server chose for this client."""
    chosen = client.server_capabilities.position_encoding
    return {"utf-8": "utf-8", "utf-32": "utf-32"}.get(chosen or "utf-16", "utf-16")


def pulls(client: LanguageClient) -> bool:
    caps = client_capabilities(client.profile)
    return bool(caps.text_document and caps.text_document.diagnostic)


def position(client: LanguageClient, text: str, offset: int) -> types.Position:
    line, character = LineIndex(text).position(offset, encoding_of(client))
    return types.Position(line=line, character=character)


def span_of(client: LanguageClient, text: str, range_: types.Range) -> tuple[int, int]:
    lines = LineIndex(text)
    enc = encoding_of(client)
    return (
        lines.offset(range_.start.line, range_.start.character, enc),
        lines.offset(range_.end.line, range_.end.character, enc),
    )


def uri_for(tmp_path: Path, name: str = "draft.cicadraft") -> str:
    return (tmp_path / name).as_uri()


async def open_draft(client: LanguageClient, uri: str, text: str, version: int = 1) -> list[types.Diagnostic]:
    """Open a draft and return its diagnostics, pushed or pulled as the client does."""
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="cicadraft", version=version, text=text)
        )
    )
    return await current_diagnostics(client, uri)


async def current_diagnostics(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    if pulls(client):
        report = await asyncio.wait_for(
            client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
            ),
            TIMEOUT,
        )
        return list(report.items)
    while uri not in client.diagnostics:
        await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), TIMEOUT)
    return list(client.diagnostics[uri])


@pytest.fixture
def example_text() -> str:
    return (Path(__file__).parents[2] / "examples" / "SWG-739-2023.cicadraft").read_text(encoding="utf-8")
