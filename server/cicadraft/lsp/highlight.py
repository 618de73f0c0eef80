"""Every tag of one delegation: ``textDocument/documentHighlight`` and
``textDocument/references``.

On a delegation code in a tag, or on a known code written in prose (``IRAN`` in "the
proposal of IRAN"), the answer is the code of every tag of that delegation in the draft.
Delegations compare by their canonical code, so ``IRAN`` and ``IRN`` are one; a code the
registry does not know compares as written (in upper case), so every ``(+INDD)`` typo
lights up together. Tags are ``Read`` highlights; a prose code under the cursor is also
highlighted, as ``Text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lsprotocol import types

from cicadraft.analysis import mentions
from cicadraft.syntax import Draft, Span, Tag

from .guard import guarded
from .semantic_tokens import OffsetWalker

_VALID_CODE = re.compile(r"[A-Z][A-Z0-9]{1,9}")


@dataclass(frozen=True)
class Target:
    key: str  # the canonical code, or the code as written when unknown
    span: Span  # the code under the cursor
    in_tag: bool
    tag: Tag | None = None


def delegation_key(registry, code: str) -> str:
    code = code.upper()
    return registry.canonical(code) or code


def tag_at(draft: Draft, offset: int) -> Tag | None:
    """The tag whose text holds ``offset``, its end included: a cursor just after the
    code counts."""
    found = mentions.tag_at(draft, offset) or (mentions.tag_at(draft, offset - 1) if offset > 0 else None)
    if found is None:
        return None
    group, tag = found
    return draft.tag_groups[group].tags[tag]


def _is_code_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def prose_code_at(text: str, offset: int, registry) -> Span | None:
    """A known delegation code written as a word of prose around ``offset``."""
    left = offset
    while left > 0 and _is_code_char(text[left - 1]):
        left -= 1
    right = offset
    while right < len(text) and _is_code_char(text[right]):
        right += 1
    if right - left > 10 or not _VALID_CODE.fullmatch(text, left, right):
        return None
    # Part of a document symbol such as MC/2023/CHAIR/1: not a delegation.
    if (left > 0 and text[left - 1] == "/") or (right < len(text) and text[right] == "/"):
        return None
    if not registry.is_known(text[left:right]):
        return None
    return Span(left, right)


def target_at(draft: Draft, registry, offset: int) -> Target | None:
    tag = tag_at(draft, offset)
    if tag is not None:
        if not tag.code:
            return None
        return Target(delegation_key(registry, tag.code), tag.code_span, True, tag)
    span = prose_code_at(draft.text, offset, registry)
    if span is None:
        return None
    return Target(delegation_key(registry, draft.text[span.start : span.end]), span, False)


def same_delegation(draft: Draft, registry, key: str) -> list[Tag]:
    """Every tag of the delegation ``key``, in document order (linear in the tags)."""
    keys: dict[str, str] = {}
    found: list[Tag] = []
    for group in draft.tag_groups:
        for tag in group.tags:
            if not tag.code:
                continue
            tag_key = keys.get(tag.code)
            if tag_key is None:
                tag_key = keys[tag.code] = delegation_key(registry, tag.code)
            if tag_key == key:
                found.append(tag)
    return found


def _lookup(ls, params):
    document = ls.document(params.text_document.uri)
    if document is None:
        return None
    offset = document.positions(ls.encoding).offset_or_none(params.position)
    if offset is None:
        return None
    registry = ls.registry_for(document)
    target = target_at(document.draft, registry, offset)
    if target is None:
        return None
    return document, target, same_delegation(document.draft, registry, target.key)


def register(server) -> None:
    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT)
    @guarded(list)
    def document_highlight(ls, params: types.DocumentHighlightParams) -> list[types.DocumentHighlight]:
        found = _lookup(ls, params)
        if found is None:
            return []
        document, target, tags = found
        walker = OffsetWalker(document.lines, ls.encoding)
        spans = [(tag.code_span, types.DocumentHighlightKind.Read) for tag in tags]
        if not target.in_tag:
            spans.append((target.span, types.DocumentHighlightKind.Text))
            spans.sort(key=lambda pair: pair[0].start)
        return [types.DocumentHighlight(range=walker.range(span), kind=kind) for span, kind in spans]

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    @guarded(list)
    def references(ls, params: types.ReferenceParams) -> list[types.Location]:
        found = _lookup(ls, params)
        if found is None:
            return []
        document, _target, tags = found
        walker = OffsetWalker(document.lines, ls.encoding)
        return [types.Location(uri=document.uri, range=walker.range(tag.code_span)) for tag in tags]
