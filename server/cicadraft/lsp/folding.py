"""Folding ranges (``textDocument/foldingRange``): sections, items and blocks over
several lines, and brackets whose ``[`` and ``]`` are on different lines.

Ranges are whole lines (what ``lineFoldingOnly`` clients such as VS Code and Neovim
fold anyway), all of kind ``region``. When the client limits the number of ranges
(``rangeLimit``), sections are kept first, then items, brackets and blocks. Clients that
support ``collapsedText`` see a section's title or an item's label in place of the
folded lines.
"""

from __future__ import annotations

from lsprotocol import types

from cicadraft.analysis.structure import FOLD_RANK, folding_regions

from .guard import guarded
from .json_text import json_text


def _client_folding(ls):
    caps = ls.client_capabilities
    return caps.text_document.folding_range if caps and caps.text_document else None


def register(server) -> None:
    @server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
    @guarded(list)
    def folding_range(ls, params: types.FoldingRangeParams) -> list[types.FoldingRange]:
        document = ls.document(params.text_document.uri)
        if document is None:
            return []
        regions = folding_regions(document.draft, document.lines)
        client = _client_folding(ls)
        limit = client.range_limit if client and client.range_limit else None
        if limit is not None and len(regions) > limit:
            keep = sorted(regions, key=lambda r: (FOLD_RANK[r.kind], r.start_line))[: max(limit, 0)]
            regions = sorted(keep, key=lambda r: (r.start_line, -r.end_line))
        collapsed = bool(client and client.folding_range and client.folding_range.collapsed_text)
        return json_text(folding_json(regions, collapsed))


def folding_json(regions, collapsed: bool) -> list[dict]:
    """The regions as the JSON of LSP ``FoldingRange`` objects (plain data, see
    :mod:`.json_text`); ``collapsed`` when the client shows a collapsed text."""
    region_kind = types.FoldingRangeKind.Region.value
    found = []
    for region in regions:
        entry = {"startLine": region.start_line, "endLine": region.end_line, "kind": region_kind}
        if collapsed and region.collapsed_text is not None:
            entry["collapsedText"] = region.collapsed_text
        found.append(entry)
    return found
