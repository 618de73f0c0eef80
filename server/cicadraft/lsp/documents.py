"""Open documents, kept by cicadraft itself rather than by pygls.

pygls's own document store splits lines with ``str.splitlines`` (which also breaks at
form feed, vertical tab and U+2028) and re-splits the whole text on every edit and every
``lines`` access. Here each document keeps one :class:`LineIndex` per version, built by
the LSP rule, and its analysis is computed only when a feature asks for it and then
cached until the next change.
"""

from __future__ import annotations

from lsprotocol import types

from cicadraft.analysis.diagnostics import Analyzer, Finding
from cicadraft.analysis.document_findings import DocumentFindings
from cicadraft.syntax import Draft, LineIndex
from cicadraft.syntax.incremental import DraftState

from .diagnostic_json import DiagnosticJson
from .forked_scan import scan_ahead
from .memory import settled
from .positions import Positions

class DraftDocument:
    """One open draft: its text, version and incrementally maintained analysis."""

    def __init__(self, uri: str, version: int | None, text: str, language_id: str = "cicadraft"):
        self.uri = uri
        self.version = version
        self.language_id = language_id
        # A big draft's blocks are scanned on a second core as they are built (see
        # forked_scan): the open waits for its first diagnostics.
        self.state = DraftState(text, scan_ahead)
        self._analyzer_key: tuple | None = None
        # The findings, kept up to date block by block as edits come in (None until a
        # feature first asks, and after the settings or the registry change).
        self._findings: DocumentFindings | None = None
        # The JSON of the blocks' own diagnostics, kept across edits (see diagnostic_json).
        self._diagnostic_json = DiagnosticJson()

    # -- derived, cached per version ------------------------------------------------------

    @property
    def text(self) -> str:
        return self.state.text

    @property
    def lines(self) -> LineIndex:
        return self.state.lines

    @property
    def draft(self) -> Draft:
        """The whole-draft model of this version, built when a feature first asks: after
        an edit, from the previous version's (a few new objects, left to the collector);
        else whole, and then settled (see :mod:`.memory`)."""
        state = self.state
        if not state.has_draft and not state.builds_from_previous:
            with settled():
                return state.draft
        return state.draft

    def findings(self, registry, severities: dict[str, str], locale: str) -> list[Finding]:
        state = self.state
        return self._kept_findings(registry, severities, locale).findings(state.text, state.starts, state.syntaxes, state.line_table)

    def first_findings(self, registry, severities: dict[str, str], locale: str, limit: int) -> tuple[list[Finding], int]:
        """At most ``limit`` findings, the errors first (see
        :meth:`DocumentFindings.first_findings`), and how many there are in all."""
        state = self.state
        kept = self._kept_findings(registry, severities, locale)
        return kept.first_findings(limit, state.text, state.starts, state.syntaxes, state.line_table)

    def first_diagnostics_json(self, registry, severities: dict[str, str], locale: str, limit: int, encoding: str, severity_of) -> tuple[list[str], int]:
        """The JSON text of each of :meth:`first_findings` as an LSP ``Diagnostic``
        (``severity_of`` gives a severity's number), and how many findings there are
        in all."""
        state = self.state
        kept = self._kept_findings(registry, severities, locale)
        selection, total = kept.first_selection(limit, state.text, state.starts, state.syntaxes, state.line_table)
        items = self._diagnostic_json.items(selection, kept.analyzer, state.text, state.starts, state.syntaxes, state.line_table, encoding, severity_of)
        return items, total

    def _kept_findings(self, registry, severities: dict[str, str], locale: str) -> DocumentFindings:
        key = (id(registry), tuple(sorted(severities.items())), locale)
        if key != self._analyzer_key or self._findings is None:
            self._findings = DocumentFindings(Analyzer(registry, severities, locale), self.state.syntaxes)
            self._analyzer_key = key
        return self._findings

    def forget_findings(self) -> None:
        """Settings or the registry changed: analyse again on the next request."""
        self._analyzer_key = None
        self._findings = None

    def positions(self, encoding: str) -> Positions:
        return Positions(self.lines, encoding)

    # -- edits ------------------------------------------------------------------------------

    def apply(self, change: types.TextDocumentContentChangeEvent, encoding: str) -> None:
        if isinstance(change, types.TextDocumentContentChangePartial):
            positions = self.positions(encoding)
            start = positions.offset(change.range.start)
            end = positions.offset(change.range.end)
            if end < start:
                start, end = end, start
            window = self.state.edit(start, end, change.text)
            if self._findings is not None:
                self._findings.replace(*window, self.state.syntaxes)
        else:
            self.state = DraftState(change.text, scan_ahead)
            self._findings = None


class IgnoredChange(Exception):
    """A didChange that cannot apply: for a document that is not open, or older than the
    version the server has. It is ignored, and the message says why."""


class DocumentStore:
    def __init__(self) -> None:
        self._documents: dict[str, DraftDocument] = {}

    def open(self, item: types.TextDocumentItem) -> DraftDocument:
        document = DraftDocument(item.uri, item.version, item.text, item.language_id)
        self._documents[item.uri] = document
        return document

    def change(self, params: types.DidChangeTextDocumentParams, encoding: str) -> DraftDocument:
        document = self._documents.get(params.text_document.uri)
        if document is None:
            raise IgnoredChange(f"Ignored a didChange for a document that is not open: {params.text_document.uri}")
        version = params.text_document.version
        if document.version is not None and version is not None and version < document.version:
            raise IgnoredChange(
                f"Ignored a stale didChange for {document.uri}: version {version} is older than {document.version}"
            )
        for change in params.content_changes:
            document.apply(change, encoding)
        document.version = version
        return document

    def close(self, uri: str) -> DraftDocument | None:
        return self._documents.pop(uri, None)

    def get(self, uri: str) -> DraftDocument | None:
        return self._documents.get(uri)

    def __iter__(self):
        return iter(list(self._documents.values()))
