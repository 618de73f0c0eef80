"""The custom request ``cicadraft/status``: a draft's open business at a glance, for a
status bar item or a side panel.

Request params: ``{"textDocument": {"uri": "file:///…/draft.cicadraft"}}``.
Result (null for a document that is not open)::

    {
      "openProposals": 9,   # brackets that are not editorial notes
      "brackets": 14,       # every bracket, closed or not
      "unbalanced": 0,      # stray `]` + unclosed `[`
      "delegations": {"IRAN": {"plus": 4, "minus": 2, "tcb": 0}, ...}
    }

Delegations are counted by canonical code (IRAN and IRN together) and named by the
first spelling the draft uses; see :mod:`cicadraft.analysis.status`.
"""

from __future__ import annotations

from cicadraft.analysis.status import status

from .guard import guarded
from .hover import cached_counts

STATUS = "cicadraft/status"


def _uri_of(params) -> str | None:
    """The uri from the params, whether pygls hands them over as a dict or an object."""
    if params is None:
        return None
    document = params.get("textDocument") if isinstance(params, dict) else getattr(params, "textDocument", None)
    if document is None and not isinstance(params, dict):
        document = getattr(params, "text_document", None)
    if document is None:
        return None
    uri = document.get("uri") if isinstance(document, dict) else getattr(document, "uri", None)
    return uri if isinstance(uri, str) else None


def document_status(ls, uri: str | None) -> dict | None:
    document = ls.document(uri) if uri else None
    if document is None:
        return None
    registry = ls.registry_for(document)
    return status(document.draft, registry, cached_counts(document, registry))


def register(server) -> None:
    @server.feature(STATUS)
    @guarded(None)
    def cicadraft_status(ls, params) -> dict | None:
        return document_status(ls, _uri_of(params))
