"""The outline (``textDocument/documentSymbol``): titles, the sections under them and
the labelled items in those, each with its number of open proposals as ``detail``.

Kinds: a title (level-1 heading) is a ``File`` (in a circular, each title starts a
document of its own), a chapter, article or ``##`` section a ``Module``, a caption or a
deeper Markdown heading a ``Namespace``, an option (``Option 2``) an ``EnumMember``, and
an item a ``Field``. The selection range is
the heading, or the item's label. Clients without hierarchical symbols get the same
nodes flat, as ``SymbolInformation`` with the parent's name as container.
"""

from __future__ import annotations

from lsprotocol import types

from cicadraft.analysis.structure import OutlineNode, outline, proposals_text, walk

from .guard import guarded
from .json_text import json_text


def symbol_kind(node: OutlineNode) -> types.SymbolKind:
    if node.kind == "item":
        return types.SymbolKind.Field
    if node.kind == "option":
        return types.SymbolKind.EnumMember  # one of a set of alternatives
    if node.kind == "title":
        return types.SymbolKind.File
    return types.SymbolKind.Module if node.level == 2 else types.SymbolKind.Namespace


def _hierarchical(ls) -> bool:
    caps = ls.client_capabilities
    symbols = caps.text_document.document_symbol if caps and caps.text_document else None
    return bool(symbols and symbols.hierarchical_document_symbol_support)


def symbols(nodes: list[OutlineNode], positions, uri: str, locale: str, hierarchical: bool) -> list[dict]:
    """The outline as the JSON of LSP ``DocumentSymbol`` objects (``SymbolInformation``
    when flat), with every range from one walk over the offsets: a 1 MB draft has
    thousands of items, and ranges counted one by one, then lsprotocol objects through
    pygls's converter, cost several times the outline itself."""
    order = list(walk(nodes))
    ranges = positions.range_dicts([span for node, _ in order for span in (node.span, node.selection)])
    where = {id(node): (ranges[2 * number], ranges[2 * number + 1]) for number, (node, _) in enumerate(order)}
    if not hierarchical:
        flat = []
        for node, parent in order:
            entry = {"name": node.name, "kind": int(symbol_kind(node)), "location": {"uri": uri, "range": where[id(node)][0]}}
            if parent is not None:
                entry["containerName"] = parent.name
            flat.append(entry)
        return flat

    def convert(node: OutlineNode) -> dict:
        range_, selection = where[id(node)]
        entry = {"name": node.name}
        detail = " · ".join(part for part in (proposals_text(node.open_proposals, locale), node.attribution) if part)
        if detail:
            entry["detail"] = detail
        entry.update(kind=int(symbol_kind(node)), range=range_, selectionRange=selection)
        if node.children:
            entry["children"] = [convert(child) for child in node.children]
        return entry

    # Sections nest at most six deep (Markdown levels) with one level of items below:
    # the recursion is shallow.
    return [convert(node) for node in nodes]


def register(server) -> None:
    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @guarded(list)
    def document_symbol(ls, params: types.DocumentSymbolParams):
        document = ls.document(params.text_document.uri)
        if document is None:
            return []
        # Kept for the version: an editor asks for the outline more than once per change
        # (the outline view, the breadcrumbs), and a 1 MB draft's takes 100–250 ms.
        draft = document.draft
        key = (document.version, id(draft), ls.encoding, ls.locale_for(document), _hierarchical(ls))
        cached = getattr(document, "_cicadraft_outline", None)
        if cached is not None and cached[0] == key and cached[1] is draft:
            return cached[2]
        found = json_text(symbols(outline(draft), document.positions(ls.encoding), document.uri, key[3], key[4]))
        document._cicadraft_outline = (key, draft, found)
        return found
