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


def register(server) -> None:
    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @guarded(list)
    def document_symbol(ls, params: types.DocumentSymbolParams):
        document = ls.document(params.text_document.uri)
        if document is None:
            return []
        nodes = outline(document.draft)
        positions = document.positions(ls.encoding)
        locale = ls.locale_for(document)

        if not _hierarchical(ls):
            return [
                types.SymbolInformation(
                    name=node.name,
                    kind=symbol_kind(node),
                    location=types.Location(uri=document.uri, range=positions.range(node.span)),
                    container_name=parent.name if parent else None,
                )
                for node, parent in walk(nodes)
            ]

        def convert(node: OutlineNode) -> types.DocumentSymbol:
            return types.DocumentSymbol(
                name=node.name,
                detail=" · ".join(part for part in (proposals_text(node.open_proposals, locale), node.attribution) if part) or None,
                kind=symbol_kind(node),
                range=positions.range(node.span),
                selection_range=positions.range(node.selection),
                children=[convert(child) for child in node.children] or None,
            )

        # Sections nest at most six deep (Markdown levels) with one level of items
        # below: the recursion is shallow.
        return [convert(node) for node in nodes]
