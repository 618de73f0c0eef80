"""Renaming a delegation's code in every tag (``textDocument/prepareRename`` and
``textDocument/rename``).

Only a code inside a tag can be renamed; the new code replaces the code of every tag of
the same delegation (by canonical code: renaming ``IRAN`` also rewrites ``(+IRN)`` and
a malformed ``(+iran)``). Prose is never touched. A new name that is not a code (SPEC §4:
2 to 10 upper-case letters or digits, starting with a letter) is refused with an error
the editor shows. The edit carries the document's version when the client accepts
``documentChanges``.
"""

from __future__ import annotations

import re

from lsprotocol import types
from pygls.exceptions import JsonRpcException

from cicadraft.analysis import messages

from .guard import guarded
from .highlight import delegation_key, same_delegation, tag_at
from .semantic_tokens import OffsetWalker

CODE = re.compile(r"[A-Z][A-Z0-9]{1,9}")

messages.extend(
    {
        "rename.invalid-code": {
            "en": "“{name}” is not a delegation code: a code is 2 to 10 upper-case letters or digits, starting with a letter{hint}.",
            "ru": "«{name}» не является кодом делегации: код состоит из 2–10 заглавных латинских букв или цифр и начинается с буквы{hint}.",
        },
        "rename.invalid-code.hint": {"en": " (did you mean “{code}”?)", "ru": " (возможно, «{code}»?)"},
    }
)


def check_new_code(name: str, locale: str = "en") -> str | None:
    """None when ``name`` is a valid code, else the sentence that says why not."""
    if CODE.fullmatch(name):
        return None
    upper = name.strip().upper()
    hint = messages.text("rename.invalid-code.hint", locale, code=upper) if CODE.fullmatch(upper) else ""
    return messages.text("rename.invalid-code", locale, name=name, hint=hint)


class InvalidCode(JsonRpcException):
    CODE = types.LSPErrorCodes.RequestFailed.value
    MESSAGE = "Invalid delegation code"


def _code_at(ls, document, position):
    offset = document.positions(ls.encoding).offset_or_none(position)
    if offset is None:
        return None
    tag = tag_at(document.draft, offset)
    if tag is None or not tag.code or not (tag.code_span.start <= offset <= tag.code_span.end):
        return None
    return tag


def _supports_document_changes(ls) -> bool:
    caps = ls.client_capabilities
    edit = caps.workspace.workspace_edit if caps and caps.workspace else None
    return bool(edit and edit.document_changes)


def register(server) -> None:
    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    @guarded(None)
    def prepare_rename(ls, params: types.PrepareRenameParams):
        document = ls.document(params.text_document.uri)
        if document is None:
            return None
        tag = _code_at(ls, document, params.position)
        if tag is None:
            return None
        return types.PrepareRenamePlaceholder(
            range=document.positions(ls.encoding).range(tag.code_span), placeholder=tag.code
        )

    @server.feature(types.TEXT_DOCUMENT_RENAME)
    def rename(ls, params: types.RenameParams):
        # Checking the new name cannot fail, and its refusal must reach the editor as an
        # error rather than be swallowed as an empty answer: it stands outside the guard.
        problem = check_new_code(params.new_name, _locale(ls, params))
        if problem is not None:
            raise InvalidCode(problem)
        return _rename(ls, params)

    @guarded("en")
    def _locale(ls, params: types.RenameParams) -> str:
        document = ls.document(params.text_document.uri)
        return ls.locale_for(document) if document is not None else ls.locale

    @guarded(None)
    def _rename(ls, params: types.RenameParams) -> types.WorkspaceEdit | None:
        document = ls.document(params.text_document.uri)
        if document is None:
            return None
        tag = _code_at(ls, document, params.position)
        if tag is None:
            return None
        registry = ls.registry_for(document)
        tags = same_delegation(document.draft, registry, delegation_key(registry, tag.code))
        walker = OffsetWalker(document.lines, ls.encoding)
        edits = [types.TextEdit(range=walker.range(t.code_span), new_text=params.new_name) for t in tags]
        if _supports_document_changes(ls):
            return types.WorkspaceEdit(
                document_changes=[
                    types.TextDocumentEdit(
                        text_document=types.OptionalVersionedTextDocumentIdentifier(
                            uri=document.uri, version=document.version
                        ),
                        edits=edits,
                    )
                ]
            )
        return types.WorkspaceEdit(changes={document.uri: edits})
