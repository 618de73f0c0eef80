"""Code actions (``textDocument/codeAction`` and ``codeAction/resolve``): settling
proposals, withdrawing tags, choosing alternatives, whole-draft decisions per
delegation, and the quick fixes of the diagnostics.

Every text change comes from the resolve engine (:mod:`cicadraft.analysis.resolve`);
this module only decides which actions to offer, names them, and turns the engine's
edits into a ``WorkspaceEdit``: ``documentChanges`` with one ``TextDocumentEdit``
carrying the document's version (so an editor refuses an action computed for an older
text), or ``changes`` for a client without ``workspaceEdit.documentChanges``.

Kinds (stable; filter with ``context.only``, which matches by prefix):

=============================================  ========================================
``quickfix``                                   replace an unknown code, normalise a
                                               malformed tag, remove a stray `]`, a
                                               duplicate tag or empty brackets
``refactor.rewrite.cicadraft.accept``          accept a delegation's position on the
                                               bracket at the cursor (keep an untagged
                                               bracket's text, remove a note)
``refactor.rewrite.cicadraft.reject``          reject it (drop an untagged bracket)
``refactor.rewrite.cicadraft.withdraw``        withdraw one tag or one reservation
``refactor.rewrite.cicadraft.chooseAlternative``  keep this alternative, drop the others
``source.cicadraft.acceptAll``                 accept all from one delegation
``source.cicadraft.rejectAll``                 reject all from one delegation
=============================================  ========================================

Lazy edits: when the client resolves ``edit`` through ``codeAction/resolve``, the
actions go out with ``data`` = ``{uri, version, op, ...}`` and no edit, and the edit is
computed on resolve. If the document changed in between, resolve returns the action
without an edit (and logs it). Actions the engine refuses (a conflict, an unbalanced
draft) are not offered; on an unbalanced draft the source actions are offered disabled,
with the reason, to clients that support ``disabled``, and not at all to the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lsprotocol import types

from cicadraft.analysis import messages
from cicadraft.analysis import resolve as engine
from cicadraft.analysis.mentions import (
    bracket_opening_at,
    brackets_in,
    group_at,
    innermost_bracket_at,
    is_stray,
    tag_at,
)
from cicadraft.analysis.status import bracket_positions
from cicadraft.syntax import Draft, Span

from .guard import guarded
from .hover import cached_counts, codes_in_use

QUICKFIX = types.CodeActionKind.QuickFix.value  # "quickfix"
ACCEPT = "refactor.rewrite.cicadraft.accept"
REJECT = "refactor.rewrite.cicadraft.reject"
WITHDRAW = "refactor.rewrite.cicadraft.withdraw"
CHOOSE = "refactor.rewrite.cicadraft.chooseAlternative"
ACCEPT_ALL = "source.cicadraft.acceptAll"
REJECT_ALL = "source.cicadraft.rejectAll"

KINDS = (QUICKFIX, ACCEPT, REJECT, WITHDRAW, CHOOSE, ACCEPT_ALL, REJECT_ALL)
_BRACKET_KINDS = (ACCEPT, REJECT, WITHDRAW, CHOOSE)
_SOURCE_KINDS = (ACCEPT_ALL, REJECT_ALL)

# A selection over a whole 1 MB draft touches thousands of brackets: offer the first few.
MAX_SELECTED_BRACKETS = 20
TITLE_EXCERPT = 40

messages.extend(
    {
        "action.accept.+": {
            "en": "Accept {code}'s proposal: keep “{text}”",
            "ru": "Принять предложение {code}: сохранить «{text}»",
        },
        "action.reject.+": {
            "en": "Reject {code}'s proposal: drop “{text}”",
            "ru": "Отклонить предложение {code}: убрать «{text}»",
        },
        "action.accept.-": {
            "en": "Accept {code}'s deletion: drop “{text}”",
            "ru": "Принять исключение, предложенное {code}: убрать «{text}»",
        },
        "action.reject.-": {
            "en": "Reject {code}'s deletion: keep “{text}”",
            "ru": "Отклонить исключение, предложенное {code}: сохранить «{text}»",
        },
        "action.keep": {"en": "Keep the bracketed text “{text}”", "ru": "Сохранить текст в скобках «{text}»"},
        "action.drop": {"en": "Drop the bracketed text “{text}”", "ru": "Убрать текст в скобках «{text}»"},
        "action.note": {"en": "Remove the editorial note “{text}”", "ru": "Убрать редакционное примечание «{text}»"},
        "action.withdraw.tag": {"en": "Withdraw {code}'s tag ({tag})", "ru": "Снять пометку {code} ({tag})"},
        "action.withdraw.tcb": {
            "en": "Withdraw {code}'s reservation (tcb)",
            "ru": "Снять оговорку {code} (tcb)",
        },
        "action.choose.item": {"en": "Choose alternative {label}", "ru": "Выбрать вариант {label}"},
        "action.choose.inline": {"en": "Choose the alternative “{label}”", "ru": "Выбрать вариант «{label}»"},
        "action.choose.option": {"en": "Choose {label}", "ru": "Выбрать {label}"},
        "action.choose.option.none": {"en": "Choose {label} (no text)", "ru": "Выбрать {label} (без текста)"},
        "action.acceptAll": {"en": "Accept all from {who}", "ru": "Принять всё от {who}"},
        "action.rejectAll": {"en": "Reject all from {who}", "ru": "Отклонить всё от {who}"},
        "action.unbalanced": {
            "en": "The brackets of this draft are not balanced (see {position}): fix them first.",
            "ru": "Скобки в проекте не сбалансированы (см. {position}): сначала исправьте их.",
        },
        "fix.replace-code": {"en": "Replace {old} with {new}", "ru": "Заменить {old} на {new}"},
        "fix.normalize": {"en": "Write {fixed}", "ru": "Записать {fixed}"},
        "fix.stray": {"en": "Remove the stray “]”", "ru": "Удалить лишнюю «]»"},
        "fix.duplicate": {"en": "Remove the duplicate tag {tag}", "ru": "Удалить повторную пометку {tag}"},
        "fix.empty": {"en": "Remove the empty brackets", "ru": "Удалить пустые скобки"},
    }
)


@dataclass
class Plan:
    """An action before it has an edit: what to ask the engine (``op`` and ``args``)."""

    title: str
    kind: str
    op: str
    args: dict
    diagnostics: list = field(default_factory=list)
    preferred: bool = False
    disabled: str | None = None
    # What a client shows and the engine does not need (the delegation's ``name`` for
    # the VS Code picker of "Accept all from …"): sent in ``data``, ignored on resolve.
    shown: dict = field(default_factory=dict)


# --------------------------------------------------------------------------------------
# The engine, by name


def compute(draft: Draft, registry, op: str, args: dict) -> engine.Outcome:
    """Run the engine decision named ``op`` (the ``op`` of an action's ``data``)."""
    if op == "accept":
        return engine.accept(draft, args["bracket"], args.get("code"), registry)
    if op == "reject":
        return engine.reject(draft, args["bracket"], args.get("code"), registry)
    if op == "keep":
        return engine.keep(draft, args["bracket"])
    if op == "drop":
        return engine.drop(draft, args["bracket"])
    if op == "withdrawTag":
        return engine.withdraw_tag(draft, args["group"], args["tag"])
    if op == "withdrawTcb":
        return engine.withdraw_tcb(draft, args["group"], args["tag"])
    if op == "choose":
        return engine.choose_alternative(draft, args["offset"])
    if op == "chooseOption":
        return engine.choose_option(draft, args["option"])
    if op == "acceptAll":
        return engine.accept_all(draft, args["code"], registry)
    if op == "rejectAll":
        return engine.reject_all(draft, args["code"], registry)
    if op == "replaceCode":
        return engine.replace_code(draft, args["group"], args["tag"], args["newCode"])
    if op == "normalize":
        return engine.normalize_group(draft, args["group"])
    if op == "removeStray":
        return engine.remove_stray(draft, args["offset"])
    raise ValueError(f"unknown code action operation {op!r}")


class OutcomeCache:
    """The engine's outcomes for the current version of each document: the editor asks
    for code actions on every cursor move, and resolves what it shows."""

    def __init__(self, size: int = 64):
        self.size = size
        self._entries: dict[tuple, engine.Outcome] = {}

    def get(self, document, registry, op: str, args: dict) -> engine.Outcome:
        key = (document.uri, document.version, id(document.draft), id(registry), op, tuple(sorted(args.items())))
        found = self._entries.get(key)
        if found is None:
            if len(self._entries) >= self.size:
                self._entries.clear()
            found = self._entries[key] = compute(document.draft, registry, op, args)
        return found


# --------------------------------------------------------------------------------------
# Titles


_SPACES = re.compile(r"\s+")


def short(text: str, limit: int = TITLE_EXCERPT) -> str:
    text = _SPACES.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + "…"


def overriding(title: str, overrides, locale: str) -> str:
    """A decision's title, naming the other delegations' positions it overrides (the
    engine's :class:`~cicadraft.analysis.resolve.Override` list): "Accept IND's
    proposal: keep “x” (overrides IRAN's deletion)"."""
    # A batch may override thousands of positions, a few delegations' kinds of them; a
    # menu entry names the first few (on a draft of hundreds of delegations, "Reject all
    # from …" overrode dozens and its title ran to thousands of characters).
    named = [messages.text(f"position.{position}", locale, code=code) for code, position in dict.fromkeys((o.code, o.position) for o in overrides)]
    if not named:
        return title
    positions = ", ".join(named[:NAMED_OVERRIDES])
    if len(named) > NAMED_OVERRIDES:
        positions = messages.text("overrides.more", locale, positions=positions, count=len(named) - NAMED_OVERRIDES)
    return messages.text("overrides", locale, title=title, positions=positions)


# How many overridden positions a title names before "and N more".
NAMED_OVERRIDES = 6


def _name(registry, code: str, locale: str) -> str | None:
    delegation = registry.lookup(code.upper()) if registry is not None else None
    return delegation.name(locale) if delegation is not None else None


def _who(registry, code: str, locale: str) -> str:
    name = _name(registry, code, locale)
    return f"{code} ({name})" if name else code


# --------------------------------------------------------------------------------------
# What to offer


def wanted(kind: str, only) -> bool:
    if not only:
        return True
    return any(kind == o or kind.startswith(o + ".") for o in only)


def quick_fix_plans(document, registry, positions, diagnostics, locale: str) -> list[Plan]:
    """Fixes for the diagnostics the client sent, found again in the current draft by
    code and range (a diagnostic whose range no longer fits gets no fix)."""
    draft = document.draft
    plans: list[Plan] = []
    for diagnostic in diagnostics or ():
        if diagnostic.source not in (None, "cicadraft"):
            continue
        code = diagnostic.code
        span = positions.span(diagnostic.range)
        if code == "unknown-code":
            found = tag_at(draft, span.start)
            if found is None:
                continue
            g, t = found
            tag = draft.tag_groups[g].tags[t]
            if (tag.code_span.start, tag.code_span.end) != (span.start, span.end):
                continue
            written = tag.code.upper()
            if registry.lookup(written) is not None:
                continue
            in_use = codes_in_use(document, registry)
            suggestions = [s for s in registry.suggest(written, in_use=in_use) if s != written]
            for number, suggestion in enumerate(suggestions):
                title = messages.text("fix.replace-code", locale, old=tag.code, new=_who(registry, suggestion, locale))
                plans.append(
                    Plan(title, QUICKFIX, "replaceCode", {"group": g, "tag": t, "newCode": suggestion}, [diagnostic], number == 0)
                )
        elif code == "malformed-tag":
            g = group_at(draft, span.start)
            if g is None:
                continue
            group = draft.tag_groups[g]
            if (group.span.start, group.span.end) != (span.start, span.end) or not group.malformed:
                continue
            title = messages.text("fix.normalize", locale, fixed=group.normalized)
            plans.append(Plan(title, QUICKFIX, "normalize", {"group": g}, [diagnostic], True))
        elif code == "stray-bracket":
            if span.end - span.start != 1 or not is_stray(draft, span.start):
                continue
            plans.append(Plan(messages.text("fix.stray", locale), QUICKFIX, "removeStray", {"offset": span.start}, [diagnostic], True))
        elif code in ("duplicate-tag", "empty-bracket") and not draft.balanced:
            continue  # the engine settles nothing in an unbalanced draft (could eat text)
        elif code == "duplicate-tag":
            found = tag_at(draft, span.start)
            if found is None:
                continue
            g, t = found
            tag = draft.tag_groups[g].tags[t]
            if (tag.span.start, tag.span.end) != (span.start, span.end):
                continue
            title = messages.text("fix.duplicate", locale, tag=tag.normalized)
            plans.append(Plan(title, QUICKFIX, "withdrawTag", {"group": g, "tag": t}, [diagnostic], True))
        elif code == "empty-bracket":
            number = bracket_opening_at(draft, span.start)
            if number is None or draft.brackets[number].close != span.end - 1:
                continue
            plans.append(Plan(messages.text("fix.empty", locale), QUICKFIX, "drop", {"bracket": number}, [diagnostic], True))
    return plans


def bracket_plans(document, registry, span: Span, locale: str) -> list[Plan]:
    """Accept, reject and withdraw on the innermost bracket at the cursor (or the
    brackets a selection touches), and choosing the alternative at the cursor."""
    draft = document.draft
    if not draft.balanced:
        return []  # the engine refuses every decision on an unbalanced draft
    if span.start == span.end:
        found = innermost_bracket_at(draft, span.start)
        numbers = [found] if found is not None else []
    else:
        numbers = brackets_in(draft, span.start, span.end)[:MAX_SELECTED_BRACKETS]
    text = draft.text
    decisions: list[Plan] = []
    withdrawals: list[Plan] = []
    for number in numbers:
        bracket = draft.brackets[number]
        if bracket.is_placeholder:
            continue  # `[X]`, `[insert number]`, `[…]`: nothing to accept or reject
        excerpt = short(text[bracket.open + 1 : bracket.close])
        positions = bracket_positions(draft, bracket, registry)
        if not positions:
            # Dropping an untagged bracket drops the positions inside it.
            dropping = engine.would_override(draft, number, None, registry, accepting=bracket.is_note)
            if bracket.is_note:
                title = overriding(messages.text("action.note", locale, text=excerpt), dropping, locale)
                decisions.append(Plan(title, ACCEPT, "drop", {"bracket": number}))
            else:
                decisions.append(Plan(messages.text("action.keep", locale, text=excerpt), ACCEPT, "keep", {"bracket": number}))
                title = overriding(messages.text("action.drop", locale, text=excerpt), dropping, locale)
                decisions.append(Plan(title, REJECT, "drop", {"bracket": number}))
        for position in positions:
            if position.wish not in ("+", "-"):
                continue  # a conflict is left alone; a reservation is withdrawn below
            args = {"bracket": number, "code": position.code}
            for accepting, verb, kind, op in ((True, "accept", ACCEPT, "accept"), (False, "reject", REJECT, "reject")):
                title = messages.text(f"action.{verb}.{position.wish}", locale, code=position.code, text=excerpt)
                overrides = engine.would_override(draft, number, position.code, registry, accepting)
                decisions.append(Plan(overriding(title, overrides, locale), kind, op, dict(args)))
        for g in bracket.tag_groups:
            withdrawals.extend(_withdraw_plans(draft, g, locale))
    # A tag group under the cursor that floats (attached groups are done above).
    if span.start == span.end:
        g = group_at(draft, span.start)
        if g is None and span.start > 0:
            g = group_at(draft, span.start - 1)
        if g is not None and draft.tag_groups[g].bracket is None:
            withdrawals.extend(_withdraw_plans(draft, g, locale))
    return decisions + withdrawals + _choose_plans(draft, span.start, locale)


def _withdraw_plans(draft: Draft, g: int, locale: str) -> list[Plan]:
    plans = []
    for t, tag in enumerate(draft.tag_groups[g].tags):
        code = tag.code.upper()
        if tag.kind == "tcb":
            plans.append(Plan(messages.text("action.withdraw.tcb", locale, code=code), WITHDRAW, "withdrawTcb", {"group": g, "tag": t}))
        else:
            title = messages.text("action.withdraw.tag", locale, code=code, tag=tag.normalized)
            plans.append(Plan(title, WITHDRAW, "withdrawTag", {"group": g, "tag": t}))
    return plans


def _choose_plans(draft: Draft, offset: int, locale: str) -> list[Plan]:
    return _choose_alternative_plans(draft, offset, locale) + _choose_option_plans(draft, offset, locale)


def _choose_option_plans(draft: Draft, offset: int, locale: str) -> list[Plan]:
    """"Choose Option 2" for each option around the cursor, innermost first (SPEC §9)."""
    plans = []
    for member in engine.options_at(draft, offset):
        option = draft.options[member.index]
        key = "action.choose.option.none" if option.no_text else "action.choose.option"
        plans.append(Plan(messages.text(key, locale, label=option.label), CHOOSE, "chooseOption", {"option": option.index}))
    return plans


def _choose_alternative_plans(draft: Draft, offset: int, locale: str) -> list[Plan]:
    members = engine.alternatives_at(draft, offset)
    inside = [m for m in members if m.span.start <= offset <= m.span.end]
    if not inside:
        return []
    chosen = min(inside, key=lambda m: len(m.span))
    if chosen.kind == "item":
        title = messages.text("action.choose.item", locale, label=chosen.label)
    else:
        title = messages.text("action.choose.inline", locale, label=short(chosen.label))
    return [Plan(title, CHOOSE, "choose", {"offset": offset})]


def _all_title(canonical: str, who: str, locale: str, accepting: bool, overrides) -> str:
    """ "Accept all from IRAN (Iran) (overrides CHN's proposal, AZER's reservation)": the
    positions of other delegations the batch settles against them (``overrides``, from
    :func:`engine.would_override_each`), as `cicadraft resolve` names them on stderr.
    The VS Code picker reads the delegation's name from the first parenthesis after
    the code (vscode-client/src/resolveAll.ts)."""
    title = messages.text("action.acceptAll" if accepting else "action.rejectAll", locale, who=who)
    return overriding(title, overrides.get(canonical, ()), locale)


def source_plans(document, registry, locale: str, disabled_support: bool) -> list[Plan]:
    """Accept all / reject all from each delegation tagged on a bracket of the draft.

    On a balanced draft they depend on its structure alone (who is tagged where, what
    each batch overrides: :attr:`cicadraft.syntax.Draft.structure`), and are kept on
    the document while typing leaves it as it was: the whole draft is read for them."""
    draft = document.draft
    if not draft.balanced:
        return _source_plans(document, draft, registry, locale, disabled_support)
    key = (draft.structure, id(registry), locale)
    cached = getattr(document, "_cicadraft_source_plans", None)
    if cached is not None and cached[0] == key and cached[1] is registry:
        return list(cached[2])
    plans = _source_plans(document, draft, registry, locale, disabled_support)
    document._cicadraft_source_plans = (key, registry, plans)
    return list(plans)


def _source_plans(document, draft: Draft, registry, locale: str, disabled_support: bool) -> list[Plan]:
    if not draft.balanced and not disabled_support:
        return []
    reason = None
    plans = []
    accepts, rejects = [], []
    overrides = engine.would_override_each(draft, registry)
    codes = engine.Codes(registry)
    for entry in cached_counts(document, registry).values():
        if not entry.attached_signs and not entry.attached_tcb:
            continue
        if not draft.balanced and reason is None:
            # The engine's refusal says where the brackets break (it returns at once).
            refusal = engine.accept_all(draft, entry.code, registry).refusal
            position = (refusal.args.get("position") if refusal else None) or "?"
            reason = messages.text("action.unbalanced", locale, position=position)
        who = _who(registry, entry.code, locale)
        args = {"code": entry.code}
        name = _name(registry, entry.code, locale)
        shown = {"name": name} if name else {}
        canonical = codes.canonical(entry.code)
        title = _all_title(canonical, who, locale, True, overrides[True])
        accepts.append(Plan(title, ACCEPT_ALL, "acceptAll", args, disabled=reason, shown=shown))
        if entry.attached_signs:
            title = _all_title(canonical, who, locale, False, overrides[False])
            rejects.append(Plan(title, REJECT_ALL, "rejectAll", dict(args), disabled=reason, shown=shown))
    plans.extend(accepts)
    plans.extend(rejects)
    return plans


# --------------------------------------------------------------------------------------
# LSP objects


def _caps(ls):
    caps = ls.client_capabilities
    text_document = caps.text_document if caps else None
    code_action = text_document.code_action if text_document else None
    workspace = caps.workspace if caps else None
    return code_action, workspace


def resolves_edits(ls) -> bool:
    code_action, _ = _caps(ls)
    support = code_action.resolve_support if code_action else None
    return bool(support and "edit" in (support.properties or ()) and code_action.data_support)


def _document_changes(ls) -> bool:
    _, workspace = _caps(ls)
    edit = workspace.workspace_edit if workspace else None
    return bool(edit and edit.document_changes)


def _disabled_support(ls) -> bool:
    code_action, _ = _caps(ls)
    return bool(code_action and code_action.disabled_support)


def workspace_edit(ls, document, edits, version) -> types.WorkspaceEdit:
    """The engine's edits as a WorkspaceEdit on ``version`` of the document."""
    positions = document.positions(ls.encoding)
    text_edits = [types.TextEdit(range=positions.range(edit.span), new_text=edit.new_text) for edit in edits]
    if _document_changes(ls):
        return types.WorkspaceEdit(
            document_changes=[
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(uri=document.uri, version=version),
                    edits=text_edits,
                )
            ]
        )
    return types.WorkspaceEdit(changes={document.uri: text_edits})


def _action(plan: Plan, **extra) -> types.CodeAction:
    return types.CodeAction(
        title=plan.title,
        kind=plan.kind,
        diagnostics=plan.diagnostics or None,
        is_preferred=True if plan.preferred else None,
        disabled=types.CodeActionDisabled(reason=plan.disabled) if plan.disabled else None,
        **extra,
    )


# The keys of an action's ``data`` that are not the engine's arguments.
_NOT_ARGS = ("uri", "version", "op", "name")


def register(server) -> None:
    outcomes = OutcomeCache()
    server.code_action_outcomes = outcomes

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=list(KINDS), resolve_provider=True),
    )
    @guarded(list)
    def code_action(ls, params: types.CodeActionParams) -> list[types.CodeAction]:
        document = ls.document(params.text_document.uri)
        if document is None:
            return []
        registry = ls.registry_for(document)
        locale = ls.locale_for(document)
        positions = document.positions(ls.encoding)
        if positions.offset_or_none(params.range.start) is None or positions.offset_or_none(params.range.end) is None:
            return []  # a range outside the document (a stale request): nothing to offer
        span = positions.span(params.range)
        context = params.context
        only = list(context.only) if context and context.only else None

        plans: list[Plan] = []
        if wanted(QUICKFIX, only):
            plans += quick_fix_plans(document, registry, positions, context.diagnostics if context else (), locale)
        if any(wanted(kind, only) for kind in _BRACKET_KINDS):
            plans += bracket_plans(document, registry, span, locale)
        automatic = context is not None and context.trigger_kind == types.CodeActionTriggerKind.Automatic
        # Source actions act on the whole draft: offered when asked for (``only``) or
        # on an explicit request, not on every cursor move.
        if any(wanted(kind, only) for kind in _SOURCE_KINDS) and (only or not automatic):
            plans += source_plans(document, registry, locale, _disabled_support(ls))

        lazy = resolves_edits(ls)
        actions = []
        for plan in plans:
            if not wanted(plan.kind, only):
                continue
            if plan.disabled:
                actions.append(_action(plan))
                continue
            # ``data`` says what the action does (the delegation's ``code`` for the
            # source actions); with lazy edits it is all the action carries.
            data = {"uri": document.uri, "version": document.version, "op": plan.op, **plan.args, **plan.shown}
            if lazy:
                actions.append(_action(plan, data=data))
                continue
            outcome = outcomes.get(document, registry, plan.op, plan.args)
            if not outcome.ok or not outcome.edits:
                continue
            edit = workspace_edit(ls, document, outcome.edits, document.version)
            actions.append(_action(plan, data=data, edit=edit))
        return actions

    @server.feature(types.CODE_ACTION_RESOLVE)
    @guarded(None)
    def resolve_code_action(ls, action: types.CodeAction) -> types.CodeAction:
        data = action.data
        if not isinstance(data, dict) or "op" not in data or action.edit is not None:
            return action
        document = ls.document(data.get("uri", ""))
        if document is None:
            ls.log(f"cicadraft: “{action.title}” was not applied: {data.get('uri')} is no longer open.")
            return action
        if document.version != data.get("version"):
            ls.log(
                f"cicadraft: “{action.title}” was computed for version {data.get('version')} of "
                f"{document.uri}, which is now at version {document.version}: not applied."
            )
            return action
        args = {k: v for k, v in data.items() if k not in _NOT_ARGS}
        registry = ls.registry_for(document)
        try:
            outcome = outcomes.get(document, registry, data["op"], args)
        except (KeyError, TypeError, ValueError) as error:
            ls.log(f"cicadraft: “{action.title}”: invalid action data ({error}).", types.MessageType.Warning)
            return action
        if not outcome.ok:
            ls.log(f"cicadraft: “{action.title}” was not applied: {outcome.refusal.message}")
            return action
        action.edit = workspace_edit(ls, document, outcome.edits, document.version)
        return action
