"""The cicadraft language server (pygls 2.x).

This module holds the server object, the document lifecycle and the settings; every
feature lives in a module of its own (hover, folding, …) with a ``register(server)``
function. This is the only layer that imports pygls.
"""

from __future__ import annotations

import asyncio
import gc
import inspect
import json
import logging
import os
import sys
from pathlib import Path

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from cicadraft import __version__
from cicadraft.analysis.messages import normalize_locale
from cicadraft.registry.workspaces import Workspaces

from .documents import DocumentStore, DraftDocument
from .json_text import JsonText
from .pipes import widen_pipe
from .settings import Settings, read_settings
from .uris import fs_path

logger = logging.getLogger("cicadraft.lsp")

LANGUAGE_ID = "cicadraft"
CONFIG_SECTION = "cicadraft"


class _Answered:
    """A request that failed to deserialise and has already been answered."""

    jsonrpc = None


class CicadraftProtocol(LanguageServerProtocol):
    """pygls's protocol, minus its own document store (see :mod:`.documents`): the
    open/change/close notifications go straight to our handlers.

    pygls drops a request whose parameters do not deserialise, leaving the editor waiting
    for an answer forever; here such a request gets an InvalidParams error response."""

    def structure_message(self, data):
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if isinstance(data, dict) and "id" in data and "method" in data:
                logger.warning("Answered %s with %s: malformed parameters", data.get("method"), type(error).__name__)
                self._send_response(data["id"], error=error.to_response_error())
                return _Answered()
            raise

    def handle_message(self, message):
        if isinstance(message, _Answered):
            return None
        return super().handle_message(message)

    def notify_json_text(self, method: str, params: str) -> None:
        """A notification whose parameters are JSON text already (the diagnostics, see
        :mod:`.diagnostic_json`): framed and sent as pygls sends a message, without its
        converter."""
        self._write_json_text(f'{{"jsonrpc": "2.0", "method": {json.dumps(method)}, "params": {params}}}')

    def _send_response(self, msg_id, result=None, error=None):
        """A result that is :class:`~.json_text.JsonText` goes out as written; anything
        else as pygls sends it (see :mod:`.json_text`)."""
        if error is None and type(result) is JsonText:
            self._result_types.pop(msg_id, None)
            self._write_json_text(f'{{"id": {json.dumps(msg_id)}, "jsonrpc": "2.0", "result": {result}}}')
            return
        super()._send_response(msg_id, result, error)

    def _write_json_text(self, text: str) -> None:
        if self.writer is None:
            logger.error("Unable to send data, no available transport!")
            return
        # Not logged: a draft's diagnostics are hundreds of kilobytes on every keystroke
        # (pygls's own "Sending data" log is off for the same reason, see serve()).
        body = text.encode(self.CHARSET)
        header = b""
        if self._include_headers:
            # The length of the body in bytes, which JSON text outside ASCII is not.
            header = f"Content-Length: {len(body)}\r\nContent-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n".encode("ascii")
        try:
            written = self.writer.write(header + body)
            if inspect.isawaitable(written):
                asyncio.ensure_future(written)
        except BrokenPipeError:
            logger.exception("Error sending data. BrokenPipeError", exc_info=True)
            raise

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams):
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams):
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams):
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None


class CicadraftServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            name="cicadraft",
            version=__version__,
            protocol_cls=CicadraftProtocol,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
        )
        self.documents = DocumentStore()
        self.settings = Settings()
        self.client_locale: str | None = None
        self.workspaces = Workspaces()
        self._reported_problems: set[str] = set()

    # -- what every feature needs ---------------------------------------------------------

    @property
    def encoding(self) -> str:
        try:
            return self.workspace.position_encoding or "utf-16"
        except RuntimeError:  # before initialize
            return "utf-16"

    @property
    def locale(self) -> str:
        """The editor's setting, else the client's locale."""
        if self.settings.locale != "auto":
            return self.settings.locale
        return normalize_locale(self.client_locale)

    def document(self, uri: str) -> DraftDocument | None:
        return self.documents.get(uri)

    def registry_for(self, document: DraftDocument):
        return self.workspace_of(document).registry

    def workspace_of(self, document: DraftDocument):
        return self.workspaces.for_draft(fs_path(document.uri), self.settings.registry)

    def severities_for(self, document: DraftDocument) -> dict[str, str]:
        workspace = self.workspace_of(document)
        return {**workspace.severities, **self.settings.severity}

    def locale_for(self, document: DraftDocument) -> str:
        """The editor's setting, else the draft's cicadraft.toml, else the client's locale."""
        if self.settings.locale != "auto":
            return self.settings.locale
        return normalize_locale(self.workspace_of(document).locale or self.client_locale)

    def findings(self, document: DraftDocument):
        return document.findings(self.registry_for(document), self.severities_for(document), self.locale_for(document))

    def first_findings(self, document: DraftDocument, limit: int):
        """At most ``limit`` findings, errors first, and how many there are in all."""
        return document.first_findings(self.registry_for(document), self.severities_for(document), self.locale_for(document), limit)

    # -- messages to the user -----------------------------------------------------------

    def log(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        logger.log(logging.ERROR if kind == types.MessageType.Error else logging.INFO, message)
        try:
            self.window_log_message(types.LogMessageParams(type=kind, message=message))
        except Exception:  # no client connected (tests calling features directly)
            pass

    def tell_once(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        """A ``window/showMessage``, at most once per distinct message."""
        if message in self._reported_problems:
            return
        self._reported_problems.add(message)
        self.log(message, kind)
        try:
            self.window_show_message(types.ShowMessageParams(type=kind, message=message))
        except Exception:
            pass

    def apply_settings(self, raw) -> None:
        settings, problems = read_settings(raw, self.settings)
        self.settings = settings
        for problem in problems:
            self.tell_once(problem)




def create_server() -> CicadraftServer:
    from . import lifecycle

    server = CicadraftServer()
    lifecycle.register(server)
    from . import features

    for module in features.MODULES:
        module.register(server)
    return server


def serve(tcp: tuple[str, int] | None = None, log_file: str | None = None) -> int:
    _configure_logging(log_file)
    server = create_server()
    _load_ahead(server)
    # Objects that live for the whole session (grammar, registry) need no collection;
    # freezing them keeps the collector's pauses out of the keystroke path.
    gc.collect()
    gc.freeze()
    if tcp:
        server.start_tcp(*tcp)
    else:
        _widen_pipes()
        server.start_io()
    # pygls turns `exit` into SystemExit inside its loop and then swallows it; the LSP
    # wants status 0 only when `shutdown` came first (also when the client just left).
    return 0 if server.protocol._shutdown else 1


def _widen_pipes() -> None:
    """Let a whole draft through the pipes at once. A pipe holds 64 KiB by default: the
    1 MB text of a didOpen then crossed in sixteen rounds of the client writing and the
    server's reader waking up."""
    for stream in (sys.stdin, sys.stdout):
        try:
            descriptor = stream.fileno()
        except (OSError, ValueError, AttributeError):
            continue
        widen_pipe(descriptor)


def _load_ahead(server: CicadraftServer) -> None:
    """Load at startup what the first draft would otherwise wait for: the scanner's
    tables, the built-in registry, the modules of the rules (about 10 ms, which would
    otherwise land on the first open)."""
    try:
        server.findings(DraftDocument("untitled:cicadraft-start", None, "1. [Text] (+IND) (CHN tcb)\n"))
    except Exception:  # a broken installation shows itself on the first real draft
        logger.exception("Loading ahead failed")


def _configure_logging(log_file: str | None) -> None:
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_file:
        handlers.append(logging.FileHandler(Path(log_file), encoding="utf-8"))
    logging.basicConfig(level=logging.INFO, handlers=handlers, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    # At INFO, pygls logs every message body: a 1 MB draft would be formatted on each
    # keystroke.
    logging.getLogger("pygls").setLevel(logging.WARNING)
    if os.environ.get("CICADRAFT_DEBUG"):
        logging.getLogger("cicadraft").setLevel(logging.DEBUG)


__all__ = ["CicadraftServer", "create_server", "serve"]
