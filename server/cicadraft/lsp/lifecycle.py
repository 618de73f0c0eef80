"""Starting, settings, the document lifecycle and diagnostics.

Diagnostics: clients that can pull them (``textDocument/diagnostic``) pull; the others
get them pushed on open, on change (when ``validate`` is ``onType``) and on save, each
carrying the document's version. Doing both would show every finding twice in VS Code.
Closing a document clears its pushed diagnostics.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os

from lsprotocol import types

from cicadraft.analysis import messages
from cicadraft.analysis.diagnostics import CONFIG_ERROR
from cicadraft.registry.workspaces import Workspace

from .documents import DraftDocument, IgnoredChange
from .guard import guarded
from .memory import settled

logger = logging.getLogger("cicadraft.lsp")

_LSP_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "information": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}

CONFIG_FILE_GLOB = "**/cicadraft.toml"
CLIENT_CHECK_SECONDS = 3.0


# An editor cannot show a million squiggles, and building them would stall the server:
# past this many, the errors come first and one note says how many were left out.
MAX_DIAGNOSTICS = 1000


def to_lsp_diagnostics(server, document: DraftDocument) -> list[types.Diagnostic]:
    return [types.Diagnostic(**_lsp_fields(entry)) for entry in diagnostic_dicts(server, document)]


def _lsp_fields(entry: dict) -> dict:
    start, end = entry["range"]["start"], entry["range"]["end"]
    return {
        "range": types.Range(types.Position(start["line"], start["character"]), types.Position(end["line"], end["character"])),
        "message": entry["message"],
        "severity": types.DiagnosticSeverity(entry["severity"]),
        "code": entry["code"],
        "source": entry["source"],
        "data": entry.get("data"),
    }


def diagnostic_dicts(server, document: DraftDocument) -> list[dict]:
    """The diagnostics as the JSON of the LSP's ``Diagnostic``: published as they are,
    without building (and then unstructuring) an object for each, which on a draft
    with a thousand findings costs more than finding them."""
    findings, total = server.first_findings(document, MAX_DIAGNOSTICS)
    ranges = document.positions(server.encoding).line_columns([finding.span for finding in findings])
    diagnostics = []
    for finding, ((line, character), (end_line, end_character)) in zip(findings, ranges):
        entry = {
            "range": {"start": {"line": line, "character": character}, "end": {"line": end_line, "character": end_character}},
            "message": finding.message,
            "severity": _LSP_SEVERITY[finding.severity].value,
            "code": finding.code,
            "source": "cicadraft",
        }
        if finding.data:
            entry["data"] = finding.data
        diagnostics.append(entry)
    omitted = total - len(findings)
    if omitted:
        diagnostics.append(_too_many_note(server, document, omitted))
    return diagnostics


def _severity_number(severity: str) -> int:
    return _LSP_SEVERITY[severity].value


def diagnostics_json(server, document: DraftDocument) -> str:
    """:func:`diagnostic_dicts` as JSON text (what ``json.dumps`` makes of it), built
    from the pieces the document keeps per block (see :mod:`.diagnostic_json`): on a
    draft of thousands of findings, a keystroke renders only the blocks it changed."""
    items, total = document.first_diagnostics_json(
        server.registry_for(document),
        server.severities_for(document),
        server.locale_for(document),
        MAX_DIAGNOSTICS,
        server.encoding,
        _severity_number,
    )
    omitted = total - len(items)
    if omitted:
        items.append(json.dumps(_too_many_note(server, document, omitted)))
    return "[" + ", ".join(items) + "]"


def _too_many_note(server, document: DraftDocument, omitted: int) -> dict:
    origin = {"line": 0, "character": 0}
    return {
        "range": {"start": origin, "end": dict(origin)},
        "message": messages.text("too-many-findings", server.locale_for(document), shown=MAX_DIAGNOSTICS, omitted=omitted),
        "severity": types.DiagnosticSeverity.Information.value,
        "code": "too-many-findings",
        "source": "cicadraft",
    }


def publish_params_json(server, document: DraftDocument) -> str:
    """The parameters of the document's publishDiagnostics, as JSON text."""
    version = "" if document.version is None else f', "version": {json.dumps(document.version)}'
    return f'{{"uri": {json.dumps(document.uri)}, "diagnostics": {diagnostics_json(server, document)}{version}}}'


def register(server) -> None:
    # pull: whether the client pulls diagnostics; saved: the last diagnostics of each
    # document (served to pulls in onSave mode); config: the workspace whose
    # cicadraft.toml problems were last published, per file; debounce: the pending
    # publication of each document when a debounce is set.
    state = {"pull": False, "saved": {}, "config": {}, "debounce": {}}

    def client_pulls() -> bool:
        return state["pull"]

    def publish(document: DraftDocument) -> None:
        if client_pulls():
            state["saved"][document.uri] = to_lsp_diagnostics(server, document)
        else:
            # JSON text straight to the client (see diagnostics_json).
            server.protocol.notify_json_text(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, publish_params_json(server, document))
        workspace = server.workspace_of(document)
        key = workspace.config_path or ""
        if (workspace.config_path or workspace.problems) and state["config"].get(key) is not workspace:
            state["config"][key] = workspace
            _publish_config_problems(server, workspace)

    def recheck_all() -> None:
        """Settings or the registry changed: check every open draft again."""
        server.workspaces.forget()
        state["config"].clear()
        for document in server.documents:
            document.forget_findings()
            publish(document)
        if client_pulls() and _client_can_refresh(server):
            server.workspace_diagnostic_refresh(None)

    server.recheck_all = recheck_all  # the status and code-action features use it

    # -- initialize ----------------------------------------------------------------------

    @server.feature(types.INITIALIZE)
    def initialize(ls, params: types.InitializeParams) -> None:
        ls.client_locale = params.locale
        caps = params.capabilities
        state["pull"] = bool(caps.text_document and caps.text_document.diagnostic)
        ls.apply_settings(params.initialization_options)
        if params.process_id:
            _watch_client_process(params.process_id)

    @server.feature(types.INITIALIZED)
    async def initialized(ls, params: types.InitializedParams) -> None:
        caps = ls.client_capabilities
        if caps.workspace and caps.workspace.did_change_watched_files and caps.workspace.did_change_watched_files.dynamic_registration:
            await _register_watchers(ls)
        before = ls.settings
        await _pull_configuration(ls)
        if ls.settings != before:
            recheck_all()
            _refresh_lenses(ls, before)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls, params: types.DidChangeConfigurationParams) -> None:
        before = ls.settings
        settings = params.settings
        if isinstance(settings, dict) and settings.get("cicadraft") is not None:
            ls.apply_settings(settings)
        else:
            await _pull_configuration(ls)
        if ls.settings != before:
            recheck_all()
            _refresh_lenses(ls, before)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls, params: types.DidChangeWatchedFilesParams) -> None:
        recheck_all()

    # -- documents -------------------------------------------------------------------------

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @guarded(None)
    def did_open(ls, params: types.DidOpenTextDocumentParams) -> None:
        with settled():
            document = ls.documents.open(params.text_document)
            publish(document)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @guarded(None)
    def did_change(ls, params: types.DidChangeTextDocumentParams) -> None:
        whole = any(isinstance(change, types.TextDocumentContentChangeWholeDocument) for change in params.content_changes)
        try:
            with settled() if whole else contextlib.nullcontext():
                document = ls.documents.change(params, ls.encoding)
        except IgnoredChange as ignored:
            ls.log(str(ignored), types.MessageType.Warning)
            return
        if ls.settings.validate != "onType":
            return
        delay = ls.settings.debounce_ms
        if delay <= 0:
            publish(document)  # the default: no debounce, diagnostics on every change
            return
        # A debounce (for slow machines) publishes once typing pauses: each change
        # restarts the document's timer; the version published is the latest.
        pending = state["debounce"].pop(document.uri, None)
        if pending is not None:
            pending.cancel()
        state["debounce"][document.uri] = asyncio.get_running_loop().call_later(delay / 1000, publish_later, ls, document)

    @guarded(None)
    def publish_later(ls, document: DraftDocument) -> None:
        state["debounce"].pop(document.uri, None)
        if ls.document(document.uri) is document:  # still open
            publish(document)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    @guarded(None)
    def did_save(ls, params: types.DidSaveTextDocumentParams) -> None:
        document = ls.document(params.text_document.uri)
        if document is not None:
            publish(document)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @guarded(None)
    def did_close(ls, params: types.DidCloseTextDocumentParams) -> None:
        ls.documents.close(params.text_document.uri)
        state["saved"].pop(params.text_document.uri, None)
        if not client_pulls():
            ls.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
            )

    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(identifier="cicadraft", inter_file_dependencies=False, workspace_diagnostics=False),
    )
    @guarded(lambda: types.RelatedFullDocumentDiagnosticReport(items=[]))
    def pull_diagnostics(ls, params: types.DocumentDiagnosticParams):
        document = ls.document(params.text_document.uri)
        if document is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        if ls.settings.validate == "onSave" and document.uri in state["saved"]:
            items = state["saved"][document.uri]
        else:
            items = to_lsp_diagnostics(ls, document)
        return types.RelatedFullDocumentDiagnosticReport(items=items)


def _client_can_refresh(server) -> bool:
    caps = server.client_capabilities
    return bool(caps.workspace and caps.workspace.diagnostics and caps.workspace.diagnostics.refresh_support)


def _refresh_lenses(server, before) -> None:
    """cicadraft.codeLens.enable changed: the editor asks for the lenses again if it can
    be told to (otherwise they follow on its next request, after an edit)."""
    caps = server.client_capabilities
    if before.code_lens == server.settings.code_lens:
        return
    if caps.workspace and caps.workspace.code_lens and caps.workspace.code_lens.refresh_support:
        server.workspace_code_lens_refresh(None)


async def _pull_configuration(server) -> None:
    caps = server.client_capabilities
    if not (caps.workspace and caps.workspace.configuration):
        return
    try:
        result = await server.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section="cicadraft")])
        )
    except Exception as error:  # the client may not answer: keep what we have
        server.log(f"Could not read the editor's cicadraft settings: {error}", types.MessageType.Warning)
        return
    if result:
        server.apply_settings(result[0])


async def _register_watchers(server) -> None:
    try:
        await server.client_register_capability_async(
            types.RegistrationParams(
                registrations=[
                    types.Registration(
                        id="cicadraft-config-watcher",
                        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                        register_options=types.DidChangeWatchedFilesRegistrationOptions(
                            watchers=[types.FileSystemWatcher(glob_pattern=CONFIG_FILE_GLOB)]
                        ),
                    )
                ]
            )
        )
    except Exception as error:
        server.log(f"Could not watch cicadraft.toml files: {error}", types.MessageType.Warning)


def _publish_config_problems(server, workspace: Workspace) -> None:
    """Problems in a cicadraft.toml become diagnostics on that file, and each is said
    once in a message. Without a cicadraft.toml (a registry file chosen in the editor's
    settings that cannot be read), the message is all there is."""
    if not workspace.config_path:
        for problem in workspace.problems:
            server.tell_once(problem.message)
        return
    from pygls.uris import from_fs_path

    by_file: dict[str, list[types.Diagnostic]] = {}
    by_file[workspace.config_path] = []
    for problem in workspace.problems:
        line = max(problem.line - 1, 0)
        column = max(problem.column - 1, 0)
        by_file.setdefault(problem.path, []).append(
            types.Diagnostic(
                range=types.Range(types.Position(line, column), types.Position(line, column + 1)),
                message=problem.message,
                severity=types.DiagnosticSeverity.Error,
                code=CONFIG_ERROR,
                source="cicadraft",
            )
        )
    for path, diagnostics in by_file.items():
        uri = from_fs_path(path)
        if uri:
            server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics))
    for problem in workspace.problems:
        server.tell_once(f"{problem.path}:{problem.line}: {problem.message}")


def _watch_client_process(pid: int) -> None:
    """Exit promptly when the editor that started us is gone (LSP: processId)."""

    async def watch() -> None:
        while True:
            await asyncio.sleep(CLIENT_CHECK_SECONDS)
            if not _alive(pid):
                logger.info("The client process %s is gone: exiting", pid)
                os._exit(0)

    try:
        asyncio.get_running_loop().create_task(watch())
    except RuntimeError:  # no loop (tests driving handlers directly)
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
