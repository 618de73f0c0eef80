"""Code lenses (``textDocument/codeLens``) above each open paragraph, and the command
they run (``cicadraft.decide``).

Above every open paragraph (as :mod:`cicadraft.analysis.positions` cuts and names them,
the same as ``cicadraft status``: an item, a plain paragraph) where a bracket opens or a
tag stands, three lenses:

* who holds what on it, "IRAN +, AZER tcb" (delegations in the order of their first tag;
  ``IND +/-`` for one with both signs there; "2 bracket(s), no delegation named" when
  none is tagged): a label, with no command;
* "Accept…" and "Reject…", running ``cicadraft.decide``. Each decision is one of the
  code actions the cursor would offer on the paragraph's brackets
  (:func:`cicadraft.lsp.code_actions.bracket_plans`, kinds ``…accept`` and ``…reject``),
  so a lens changes the text exactly as the action of the same title does.

Off with the setting ``cicadraft.codeLens.enable = false`` (the editor is asked to
refresh its lenses when the setting changes). On an unbalanced draft only the label is
shown: the engine settles nothing there.

``cicadraft.decide`` (``workspace/executeCommand``) takes one object::

    {"uri": "file:///…", "version": 7, "verb": "accept" | "reject",
     "range": {"start": {"line", "character"}, "end": {…}},   # the paragraph
     "choice": 0,      # optional: apply the decision with this index at once
     "list": true}     # optional: only return the decisions' titles

Without ``choice`` or ``list`` the server asks the user which decision to apply
(``window/showMessageRequest``, one button per decision) and applies it with
``workspace/applyEdit``. Result: ``{"choices": [title, …]}`` for ``list``,
``{"applied": title}`` (``null`` when the user chose nothing), or ``{"error": "one line"}``
(the draft changed since the lens was made, nothing to decide, the editor refused the
edit).
"""

from __future__ import annotations

from bisect import bisect_left

from lsprotocol import types

from cicadraft.analysis import messages
from cicadraft.analysis.positions import Paragraph
from cicadraft.analysis.status import bracket_positions
from cicadraft.syntax import Draft, Span

from .code_actions import ACCEPT, REJECT, bracket_plans, short, workspace_edit
from .guard import guarded
from .json_text import json_text
from .negotiation import cached_positions

DECIDE = "cicadraft.decide"
VERBS = {"accept": ACCEPT, "reject": REJECT}
_SIGN_ORDER = {"+": 0, "-": 1, "tcb": 2}

messages.extend(
    {
        "lens.accept": {"en": "Accept…", "ru": "Принять…"},
        "lens.reject": {"en": "Reject…", "ru": "Отклонить…"},
        "lens.untagged": {
            "en": "{count} bracket(s), no delegation named",
            "ru": "скобок: {count}, без указания делегации",
        },
        "lens.ask.accept": {"en": "Accept in “{item}”:", "ru": "Принять в «{item}»:"},
        "lens.ask.reject": {"en": "Reject in “{item}”:", "ru": "Отклонить в «{item}»:"},
        "lens.stale": {
            "en": "The draft changed since this lens was shown: nothing applied, try again.",
            "ru": "Проект изменился после показа этой линзы: ничего не применено, повторите.",
        },
        "lens.nothing": {"en": "Nothing to decide in this paragraph.", "ru": "В этом пункте нечего решать."},
        "lens.refused": {"en": "The editor did not apply the edit: {reason}", "ru": "Редактор не применил правку: {reason}"},
    }
)


def _brackets_opening_in(starts: list[int], start: int, end: int) -> range:
    """The brackets whose `[` lies in ``[start, end)``, by their sorted openings."""
    return range(bisect_left(starts, start), bisect_left(starts, end))


def lens_label(paragraph: Paragraph) -> str:
    """Who holds what on the paragraph: "IRAN +, AZER tcb", delegations in the order of
    their first tag, "IND +/-" for one with both signs there."""
    return ", ".join(
        f"{code} {'/'.join(sorted(signs, key=_SIGN_ORDER.get))}" for code, signs in paragraph.holders().items()
    )


def decidable(draft: Draft, numbers, registry) -> tuple[int, bool, bool]:
    """How many of the brackets are untagged proposals, and whether accepting /
    rejecting has anything to offer on them (the same test as the code actions:
    untagged brackets and ``+``/``-`` positions; a conflict or a reservation alone is
    not a decision)."""
    untagged = 0
    can_accept = can_reject = False
    for number in numbers:
        bracket = draft.brackets[number]
        positions = bracket_positions(draft, bracket, registry)
        if not positions:
            untagged += 0 if bracket.is_note else 1
            can_accept = True
            can_reject = can_reject or not bracket.is_note
        elif any(position.wish in ("+", "-") for position in positions):
            can_accept = can_reject = True
    return untagged, can_accept, can_reject


def code_lenses(ls, document) -> list[dict]:
    """The lenses of the draft as the JSON of LSP ``CodeLens`` objects (plain data: a
    1 MB draft has thousands, and pygls's converter took longer over them than making
    them)."""
    draft = document.draft
    registry = ls.registry_for(document)
    locale = ls.locale_for(document)
    bracket_starts = [bracket.open for bracket in draft.brackets]
    paragraphs = []
    for paragraph in cached_positions(document, registry, words=False).by_item():
        numbers = _brackets_opening_in(bracket_starts, paragraph.start, paragraph.end)
        # A paragraph open only because a bracket from above runs through it gets no
        # lens of its own: that bracket's paragraph has it.
        if paragraph.positions or numbers:
            paragraphs.append((paragraph, numbers))
    positions = document.positions(ls.encoding)
    # One walk over the offsets for every range (a 1 MB draft has thousands of lenses);
    # the engine decides nothing on an unbalanced draft (``balanced`` is computed).
    balanced = draft.balanced
    spans = [Span(p.start, p.start) for p, _ in paragraphs]
    if balanced:
        spans += [Span(p.start, p.end) for p, _ in paragraphs]
    ranges = positions.range_dicts(spans)
    count = len(paragraphs)
    titles = {verb: messages.text(f"lens.{verb}", locale) for verb in VERBS}
    lenses: list[dict] = []
    for number, (paragraph, numbers) in enumerate(paragraphs):
        range_ = ranges[number]
        untagged, can_accept, can_reject = decidable(draft, numbers, registry)
        label = lens_label(paragraph) or messages.text("lens.untagged", locale, count=untagged)
        lenses.append({"range": range_, "command": {"title": label, "command": ""}})
        if not balanced:
            continue
        whole = ranges[count + number]
        for verb, offered in (("accept", can_accept), ("reject", can_reject)):
            if offered:
                argument = {"uri": document.uri, "version": document.version, "verb": verb, "range": whole}
                lenses.append({"range": range_, "command": {"title": titles[verb], "command": DECIDE, "arguments": [argument]}})
    return lenses


def _range_of(value) -> types.Range | None:
    try:
        start, end = value["start"], value["end"]
        return types.Range(
            start=types.Position(line=int(start["line"]), character=int(start["character"])),
            end=types.Position(line=int(end["line"]), character=int(end["character"])),
        )
    except (KeyError, TypeError, ValueError):
        return None


class DecideError(Exception):
    pass


def decisions(ls, request) -> tuple[object, str, list]:
    """The document, the paragraph's first words and its (title, outcome) decisions for
    a ``cicadraft.decide`` request."""
    if not isinstance(request, dict) or request.get("verb") not in VERBS:
        raise DecideError('cicadraft.decide takes {"uri", "version", "verb": "accept" or "reject", "range"}')
    document = ls.document(request.get("uri") or "")
    if document is None:
        raise DecideError(f"{request.get('uri')} is not open")
    locale = ls.locale_for(document)
    if request.get("version") != document.version:
        raise DecideError(messages.text("lens.stale", locale))
    range_ = _range_of(request.get("range"))
    positions = document.positions(ls.encoding)
    if range_ is None or positions.offset_or_none(range_.start) is None or positions.offset_or_none(range_.end) is None:
        raise DecideError("cicadraft.decide: the range is not in the draft")
    registry = ls.registry_for(document)
    kind = VERBS[request["verb"]]
    outcomes = ls.code_action_outcomes
    span = positions.span(range_)
    excerpt = short(document.text[span.start : span.end].split("\n", 1)[0])
    found = []
    for plan in bracket_plans(document, registry, span, locale):
        if plan.kind != kind:
            continue
        outcome = outcomes.get(document, registry, plan.op, plan.args)
        if outcome.ok and outcome.edits:
            found.append((plan.title, outcome))
    return document, excerpt, found


def register(server) -> None:
    @server.feature(types.TEXT_DOCUMENT_CODE_LENS)
    @guarded(list)
    def code_lens(ls, params: types.CodeLensParams):
        if not ls.settings.code_lens:
            return []
        document = ls.document(params.text_document.uri)
        return json_text(code_lenses(ls, document)) if document is not None else []

    @server.command(DECIDE)
    async def cicadraft_decide(ls, *args):
        request = args[0] if len(args) == 1 else None
        if isinstance(request, list) and len(request) == 1:  # a client that sends one array
            request = request[0]
        try:
            document, excerpt, found = decisions(ls, request)
            locale = ls.locale_for(document)
            titles = [title for title, _ in found]
            if request.get("list"):
                return {"choices": titles}
            if not found:
                raise DecideError(messages.text("lens.nothing", locale))
            choice = request.get("choice")
            if choice is None:
                answer = await ls.window_show_message_request_async(
                    types.ShowMessageRequestParams(
                        type=types.MessageType.Info,
                        message=messages.text(f"lens.ask.{request['verb']}", locale, item=excerpt),
                        actions=[types.MessageActionItem(title=title) for title in titles],
                    )
                )
                title = getattr(answer, "title", None) if answer is not None else None
                if title not in titles:
                    return {"applied": None}
                choice = titles.index(title)
            if not isinstance(choice, int) or isinstance(choice, bool) or not 0 <= choice < len(found):
                raise DecideError(f"cicadraft.decide: choice must be 0 to {len(found) - 1}")
            title, outcome = found[choice]
            if ls.document(document.uri) is not document or document.version != request.get("version"):
                raise DecideError(messages.text("lens.stale", locale))  # edited while the user chose
            result = await ls.workspace_apply_edit_async(
                types.ApplyWorkspaceEditParams(edit=workspace_edit(ls, document, outcome.edits, document.version), label=title)
            )
            if not getattr(result, "applied", False):
                reason = getattr(result, "failure_reason", None) or "no reason given"
                raise DecideError(messages.text("lens.refused", locale, reason=reason))
            return {"applied": title}
        except DecideError as error:
            # The editor ignores a command's result: say it where the user looks.
            ls.log(f"cicadraft: {error}")
            try:
                ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=f"cicadraft: {error}"))
            except Exception:
                pass
            return {"error": str(error)}
        except Exception as error:  # the server never dies because one request failed
            import traceback

            ls.log(f"cicadraft: decide failed: {type(error).__name__}: {error}\n{traceback.format_exc()}", types.MessageType.Error)
            return {"error": f"decide failed: {type(error).__name__}: {error}"}

