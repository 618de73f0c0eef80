"""Open documents, kept by cicadraft itself rather than by pygls.

pygls's own document store splits lines with ``str.splitlines`` (which also breaks at
form feed, vertical tab and U+2028) and re-splits the whole text on every edit and every
``lines`` access. Here each document keeps one :class:`LineIndex` per version, built by
the LSP rule, and its analysis is computed only when a feature asks for it and then
cached until the next change.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from lsprotocol import types

from cicadraft.analysis.diagnostics import Finding, analyze
from cicadraft.syntax import Draft, LineIndex, parse

from .positions import Positions

logger = logging.getLogger(__name__)


@dataclass
class DraftDocument:
    uri: str
    version: int | None
    text: str
    language_id: str = "cicadraft"
    _lines: LineIndex | None = field(default=None, repr=False)
    _draft: Draft | None = field(default=None, repr=False)
    _findings: dict[tuple, list[Finding]] = field(default_factory=dict, repr=False)

    # -- derived, cached per version ------------------------------------------------------

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines

    @property
    def draft(self) -> Draft:
        if self._draft is None:
            self._draft = parse(self.text)
        return self._draft

    def findings(self, registry, severities: dict[str, str], locale: str) -> list[Finding]:
        key = (id(registry), tuple(sorted(severities.items())), locale)
        found = self._findings.get(key)
        if found is None:
            self._findings.clear()  # only the current settings matter
            found = self._findings[key] = analyze(self.draft, registry, severities, locale)
        return found

    def positions(self, encoding: str) -> Positions:
        return Positions(self.lines, encoding)

    # -- edits ------------------------------------------------------------------------------

    def apply(self, change: types.TextDocumentContentChangeEvent, encoding: str) -> None:
        if isinstance(change, types.TextDocumentContentChangePartial):
            start = self.positions(encoding).offset(change.range.start)
            end = self.positions(encoding).offset(change.range.end)
            if end < start:
                start, end = end, start
            self._set_text(self.text[:start] + change.text + self.text[end:])
        else:
            self._set_text(change.text)

    def _set_text(self, text: str) -> None:
        self.text = text
        self._lines = None
        self._draft = None
        self._findings.clear()


class DocumentStore:
    def __init__(self) -> None:
        self._documents: dict[str, DraftDocument] = {}

    def open(self, item: types.TextDocumentItem) -> DraftDocument:
        document = DraftDocument(uri=item.uri, version=item.version, text=item.text, language_id=item.language_id)
        self._documents[item.uri] = document
        return document

    def change(self, params: types.DidChangeTextDocumentParams, encoding: str) -> DraftDocument | None:
        document = self._documents.get(params.text_document.uri)
        if document is None:
            logger.warning("didChange for a document that is not open: %s", params.text_document.uri)
            return None
        version = params.text_document.version
        if document.version is not None and version is not None and version < document.version:
            logger.warning(
                "Ignored a stale didChange for %s: version %s is older than %s", document.uri, version, document.version
            )
            return None
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
