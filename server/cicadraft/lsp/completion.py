"""Completion of delegation codes inside a tag group (``textDocument/completion``).

The context comes from the current line before the cursor, not from the parse: while a
group is being typed it has no ``)`` yet, so the grammar does not see a tag group. The
cursor is in a tag context when the last ``(`` on the line before it is followed only by
complete tags and separators and then a tag being typed:

* ``(`` ``(+`` ``(-`` ``(+IND, `` ``(+IND,-`` ``(+IR`` → delegation codes, replacing the
  part of the code already typed;
* ``(AZER `` ``(AZER t`` → ``tcb``.

A code typed without a sign can only be a reservation, so there the completion inserts
``CODE tcb``. Everywhere else, prose included, the answer is empty: a negotiator typing
``(see paragraph 3)`` gets no list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lsprotocol import types

from cicadraft.analysis import messages
from cicadraft.syntax import Span

from .guard import guarded

TRIGGER_CHARACTERS = ["(", "+", "-", " ", ","]

messages.extend(
    {
        "completion.kind.member": {"en": "CICA Member State", "ru": "Государство — член СВМДА"},
        "completion.kind.observer": {"en": "Observer", "ru": "Наблюдатель"},
        "completion.kind.participant": {"en": "Participant (not a state)", "ru": "Участник (не государство)"},
        "completion.kind.partner": {"en": "Partner organization", "ru": "Организация-партнёр"},
        "completion.kind.custom": {
            "en": "Added by this workspace (cicadraft.toml)",
            "ru": "Добавлен в этом рабочем пространстве (cicadraft.toml)",
        },
        "completion.alias": {"en": "Customary code for {code}.", "ru": "Принятый в проектах код для {code}."},
        "completion.tcb": {
            "en": "will come back to it (reserves its position)",
            "ru": "вернётся к этому (оставляет позицию за собой)",
        },
    }
)

_S = r"[ \t\u00a0]"
_SIGN = r"[+\-\u2212\u2013]"
_CODE = r"[A-Za-z][A-Za-z0-9]{0,9}"
_DONE_TAG = rf"{_S}*(?:{_SIGN}{_S}*{_CODE}(?:{_S}+[Tt][Cc][Bb])?|{_CODE}{_S}+[Tt][Cc][Bb]){_S}*[,;]"
_CONTEXT = re.compile(
    rf"(?:{_DONE_TAG})*{_S}*(?:(?P<sign>{_SIGN}){_S}*)?(?P<code>[A-Za-z0-9]*)(?:(?P<gap>{_S}+)(?P<word>[A-Za-z]*))?"
)
_VALID_CODE = re.compile(r"[A-Z][A-Z0-9]{1,9}")
_CODE_CHARS = re.compile(r"[A-Za-z0-9]*")
_KIND_RANK = {"member": 0, "custom": 0, "participant": 1, "observer": 2, "partner": 3}


@dataclass(frozen=True)
class TagContext:
    """What is being typed: ``"code"`` (with ``signed`` telling whether a sign stands
    before it) or ``"tcb"``; ``typed`` is the part of it already typed, from ``start`` to
    the cursor, and ``end`` the end of the word the cursor is in."""

    what: str
    signed: bool
    typed: Span
    end: int


def tag_context(text: str, line_start: int, offset: int) -> TagContext | None:
    prefix = text[line_start:offset]
    open_at = prefix.rfind("(")
    if open_at < 0:
        return None
    match = _CONTEXT.fullmatch(prefix, open_at + 1)
    if match is None:
        return None
    word_end = _CODE_CHARS.match(text, offset).end()
    sign, code = match.group("sign"), match.group("code")
    if match.group("gap") is None:
        if code and not code[0].isalpha():
            return None
        if not sign and code != code.upper():
            return None  # `(see` is prose; `(+ir` is a tag being typed
        start = line_start + match.start("code")
        return TagContext("code", bool(sign), Span(start, offset), word_end)
    word = match.group("word")
    if sign or not _VALID_CODE.fullmatch(code) or not "tcb".startswith(word.lower()):
        return None
    start = line_start + match.start("word")
    return TagContext("tcb", False, Span(start, offset), word_end)


def _describe(delegation, code: str, locale: str) -> str:
    key = f"completion.kind.{delegation.kind}"
    kind = messages.text(key, locale) if messages.has(key) else delegation.kind
    if code != delegation.code:
        return f"{kind}. {messages.text('completion.alias', locale, code=delegation.code)}"
    return kind


def completion_items(registry, context: TagContext, locale: str, edit_for) -> list[types.CompletionItem]:
    if context.what == "tcb":
        return [
            types.CompletionItem(
                label="tcb",
                kind=types.CompletionItemKind.Keyword,
                detail=messages.text("completion.tcb", locale),
                filter_text="tcb",
                sort_text="0",
                text_edit=edit_for("tcb"),
            )
        ]
    items: list[types.CompletionItem] = []
    for delegation in registry.delegations():
        name = delegation.name(locale)
        rank = _KIND_RANK.get(delegation.kind, 4)
        for code in delegation.codes:
            new_text = code if context.signed else f"{code} tcb"
            items.append(
                types.CompletionItem(
                    label=code,
                    kind=types.CompletionItemKind.EnumMember,
                    detail=name,
                    documentation=_describe(delegation, code, locale),
                    filter_text=code,
                    sort_text=f"{rank}{code}",
                    text_edit=edit_for(new_text),
                )
            )
    return items


def register(server) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=TRIGGER_CHARACTERS, resolve_provider=False),
    )
    @guarded(list)
    def completion(ls, params: types.CompletionParams):
        document = ls.document(params.text_document.uri)
        if document is None:
            return []
        positions = document.positions(ls.encoding)
        offset = positions.offset_or_none(params.position)
        if offset is None:
            return []
        lines = document.lines
        context = tag_context(document.text, lines.starts[lines.line_of(offset)], offset)
        if context is None:
            return []

        insert_range = positions.range(context.typed)
        caps = ls.client_capabilities
        item_caps = (
            caps.text_document.completion.completion_item
            if caps and caps.text_document and caps.text_document.completion
            else None
        )
        if item_caps and item_caps.insert_replace_support and context.end > context.typed.end:
            replace_range = positions.range(Span(context.typed.start, context.end))

            def edit_for(new_text: str):
                return types.InsertReplaceEdit(new_text=new_text, insert=insert_range, replace=replace_range)

        else:

            def edit_for(new_text: str):
                return types.TextEdit(range=insert_range, new_text=new_text)

        items = completion_items(ls.registry_for(document), context, ls.locale_for(document), edit_for)
        return types.CompletionList(is_incomplete=False, items=items)
