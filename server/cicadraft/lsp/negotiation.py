"""Where the negotiation stands, for editors: every delegation's positions in a draft,
as the custom request ``cicadraft/positions`` (for a side view) and as the command
``cicadraft.positions`` (``workspace/executeCommand``, answering LSP ``Location`` s, so
that Neovim fills its quickfix list and Emacs/Vim jump through their LSP clients).

Both read :func:`cicadraft.analysis.positions.collect`, cached per document version, so
they agree with ``cicadraft status``, the hover card and ``cicadraft/status``.

Request params: ``{"textDocument": {"uri"}, "delegation"?: CODE}`` (any spelling or the
registry's code; other delegations are left out). Result (null for a document that is
not open)::

    {"uri": "file:///…", "version": 3,
     "delegations": [
       {"code": "IRAN", "canonical": "IRN", "name": "Islamic Republic of Iran",
        "plus": 3, "minus": 2, "tcb": 0,
        "positions": [{"sign": "+", "item": "11altern.", "text": "Promote tolerance and …",
                       "line": 292, "range": {…}, "tagRange": {…}}, …]}, …]}

``range`` is the bracket (``[`` to ``]``; the tag itself for a floating tag) and
``tagRange`` the tag (``+IRAN``), both in the negotiated position encoding (UTF-16 unless
the client chose otherwise). Delegations come in the order of their first tag, positions
in the order of their tags.

Command arguments: ``[URI]`` or ``[URI, CODE]``. Result: ``[{"uri", "range"}, …]``, the
brackets of the positions in the order of their tags, or ``{"error": "one line"}``.
"""

from __future__ import annotations

from lsprotocol import types

from cicadraft.analysis.positions import DraftPositions, collect
from cicadraft.syntax import Span

from .guard import guarded
from .json_text import json_text
from .hover import cached_counts
from .status import _uri_of

POSITIONS_REQUEST = "cicadraft/positions"
POSITIONS_COMMAND = "cicadraft.positions"


def cached_positions(document, registry, words: bool = True) -> DraftPositions:
    """The draft's positions and paragraphs, collected once per version (the view, the
    lenses and the command ask after every edit). Kept on the document like
    :func:`cicadraft.lsp.hover.cached_counts`. Without ``words`` (code lenses: who holds
    what, no excerpts or names), the whole collection of the version if there is one,
    else a lighter one kept apart."""
    draft = document.draft
    key = (document.version, id(draft), id(registry))
    cached = getattr(document, "_cicadraft_positions", None)
    if cached is not None and cached[0] == key and cached[1] is registry:
        return cached[2]
    if not words:
        light = getattr(document, "_cicadraft_positions_light", None)
        if light is not None and light[0] == key and light[1] is registry:
            return light[2]
    found = collect(draft, registry, cached_counts(document, registry), document.lines, words=words)
    setattr(document, "_cicadraft_positions" if words else "_cicadraft_positions_light", (key, registry, found))
    return found


def _chosen(found: DraftPositions, code: str | None, registry):
    """Every position, or one delegation's by any spelling or registry code."""
    return found.of(code, registry) if code else found.positions


def document_positions(ls, uri: str | None, code: str | None = None) -> dict | None:
    document = ls.document(uri) if uri else None
    if document is None:
        return None
    registry = ls.registry_for(document)
    locale = ls.locale_for(document)
    found = cached_positions(document, registry)
    chosen = _chosen(found, code, registry)
    converter = document.positions(ls.encoding)
    spans = [span for p in chosen for span in (Span(p.start, p.end), Span(p.tag_start, p.tag_end))]
    ranges = iter(converter.range_dicts(spans))
    delegations: dict[str, dict] = {}
    counts = {"+": "plus", "-": "minus", "tcb": "tcb"}
    for position in chosen:
        entry = delegations.get(position.canonical)
        if entry is None:
            delegation = registry.lookup(position.canonical) if registry is not None else None
            entry = delegations[position.canonical] = {
                "code": position.code,
                "canonical": position.canonical,
                "name": delegation.name(locale) if delegation is not None else position.name,
                "plus": 0,
                "minus": 0,
                "tcb": 0,
                "positions": [],
            }
        entry[counts[position.sign]] += 1
        bracket, tag = next(ranges), next(ranges)
        entry["positions"].append(
            {
                "sign": position.sign,
                "item": position.item,
                "text": position.text,
                "line": position.line,
                "range": bracket,
                "tagRange": tag,
            }
        )
    return {"uri": document.uri, "version": document.version, "delegations": list(delegations.values())}


def position_locations(ls, uri: str, code: str | None = None) -> list[dict] | None:
    document = ls.document(uri)
    if document is None:
        return None
    registry = ls.registry_for(document)
    chosen = _chosen(cached_positions(document, registry), code, registry)
    ranges = document.positions(ls.encoding).range_dicts([Span(p.start, p.end) for p in chosen])
    return [{"uri": document.uri, "range": r} for r in ranges]


def _code_of(params) -> str | None:
    code = params.get("delegation") if isinstance(params, dict) else getattr(params, "delegation", None)
    return code if isinstance(code, str) and code.strip() else None


def register(server) -> None:
    @server.feature(POSITIONS_REQUEST)
    @guarded(None)
    def cicadraft_positions(ls, params):
        found = document_positions(ls, _uri_of(params), _code_of(params))
        return None if found is None else json_text(found)

    @server.command(POSITIONS_COMMAND)
    def cicadraft_positions_command(ls, *args):
        args = list(args)
        if len(args) == 1 and isinstance(args[0], list):  # a client that sends one array
            args = list(args[0])
        if not 1 <= len(args) <= 2 or not all(isinstance(a, str) and a for a in args):
            return {"error": "cicadraft.positions takes a document URI and, optionally, a delegation code"}
        try:
            found = position_locations(ls, args[0], args[1].strip() if len(args) == 2 else None)
        except Exception as error:  # the server never dies because one request failed
            import traceback

            ls.log(f"cicadraft: positions failed: {type(error).__name__}: {error}\n{traceback.format_exc()}", types.MessageType.Error)
            return {"error": f"positions failed: {type(error).__name__}: {error}"}
        if found is None:
            return {"error": f"{args[0]} is not open in the editor"}
        return found
