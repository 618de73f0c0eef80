"""Decisions on one bracket, on one tag, or on a whole draft (SPEC §6), and the text
edits of the language server's quick fixes."""

from __future__ import annotations

import re

from cicadraft.locales import quote
from cicadraft.syntax import Bracket, Draft, LineIndex

from .alternatives import lone_alternative_cuts
from .edits import Cut, Outcome, Override, Refusal, finish, refused
from .structure import (
    Codes,
    InlineSets,
    bracket_or_refusal,
    drop_cuts,
    keep_cuts,
    region_end,
    unbalanced,
    word_sets,
)

_CODE = re.compile(r"[A-Z0-9]{2,10}")


# --------------------------------------------------------------------------------------
# One bracket


def keep(draft: Draft, bracket_index: int) -> Outcome:
    """Keep the text: remove the two brackets and the attached tag groups, then tidy."""
    bracket = bracket_or_refusal(draft, bracket_index)
    if isinstance(bracket, Outcome):
        return bracket
    return finish(draft.text, keep_cuts(draft, bracket))


def drop(draft: Draft, bracket_index: int) -> Outcome:
    """Remove the bracket, everything inside it and its tag groups, then tidy."""
    bracket = bracket_or_refusal(draft, bracket_index)
    if isinstance(bracket, Outcome):
        return bracket
    cuts = drop_cuts(draft, bracket, InlineSets(draft)) + lone_alternative_cuts(draft, [bracket.index])
    return finish(draft.text, cuts, overridden=_overridden(draft, bracket, "drop", None, Codes()))


def accept(draft: Draft, bracket_index: int, code: str | None = None, registry=None) -> Outcome:
    """The delegation's wish prevails (SPEC §6): its `+` keeps the text, its `-` drops it,
    its `tcb` alone is withdrawn. Without a code, the bracket's signs must agree."""
    return _settle(draft, bracket_index, code, registry, accepting=True)


def reject(draft: Draft, bracket_index: int, code: str | None = None, registry=None) -> Outcome:
    """The delegation's wish is turned down: its `+` drops the text, its `-` keeps it;
    a `tcb` alone cannot be rejected."""
    return _settle(draft, bracket_index, code, registry, accepting=False)


def would_override(draft: Draft, bracket_index: int, code: str | None, registry, accepting: bool) -> tuple[Override, ...]:
    """The other delegations' positions that :func:`accept` (or :func:`reject`) would
    override, without computing its edits (the editor names them in an action's title
    before the action is chosen). Empty when the decision would be refused."""
    bracket = bracket_or_refusal(draft, bracket_index)
    if isinstance(bracket, Outcome):
        return ()
    codes = Codes(registry)
    action = _decision(draft, bracket, code, codes, registry, accepting)
    if isinstance(action, Outcome):
        return ()
    return tuple(_overridden(draft, bracket, action, code, codes))


def _settle(draft: Draft, bracket_index: int, code: str | None, registry, accepting: bool) -> Outcome:
    bracket = bracket_or_refusal(draft, bracket_index)
    if isinstance(bracket, Outcome):
        return bracket
    codes = Codes(registry)
    action = _decision(draft, bracket, code, codes, registry, accepting)
    if isinstance(action, Outcome):
        return action
    overridden = _overridden(draft, bracket, action, code, codes)
    if action == "keep":
        cuts = keep_cuts(draft, bracket)
    elif action == "drop":
        cuts = drop_cuts(draft, bracket, InlineSets(draft)) + lone_alternative_cuts(draft, [bracket.index])
    else:  # withdraw the delegation's reservations
        cuts = _withdraw_cuts(draft, [(g, t) for g, t, _ in codes.tags_of(draft, bracket, code)])
    return finish(draft.text, cuts, overridden=overridden)


def _decision(draft: Draft, bracket: Bracket, code: str | None, codes: Codes, registry, accepting: bool) -> str | Outcome:
    """keep, drop or withdraw for one delegation's (or, without a code, the bracket's)
    wish on one bracket, or the refused Outcome."""
    if code is None:
        return _action_without_code(draft, bracket, accepting)
    tags = codes.tags_of(draft, bracket, code)
    if not tags:
        if registry is not None and not registry.is_known(code) and not _in_draft(draft, codes, code):
            return _unknown_code(draft, code, registry)
        return refused(
            "no-such-tag",
            f"{code} has no position on this bracket.",
            code=code,
            bracket=bracket.index,
        )
    action = _action(tags, accepting)
    if action == "conflict":
        return Outcome(refusal=_conflict(draft, bracket, code))
    if action is None:
        return refused(
            "nothing-to-do",
            f"{code} only reserves its position here ({code} tcb): a reservation can be "
            "withdrawn, not rejected.",
            code=code,
            bracket=bracket.index,
        )
    return action


def _overridden(draft: Draft, bracket: Bracket, action: str, code: str | None, codes: Codes) -> list[Override]:
    """The positions of delegations other than ``code`` that keeping or dropping
    ``bracket`` settles against them: keeping it overrides the deletions (and the
    reservations) on it; dropping it overrides the proposals and reservations on it
    and on every bracket inside it, which go with its text."""
    if action not in ("keep", "drop"):
        return []
    decider = codes.canonical(code) if code else None
    found: list[Override] = []
    pending = [bracket.index]
    while pending:
        number = pending.pop(0)
        current = draft.brackets[number]
        against = "-" if action == "keep" else "+"
        for canonical, (written, kinds) in _positions_on(draft, current, codes).items():
            if canonical == decider:
                continue
            if against in kinds or kinds == {"tcb"}:
                found.append(Override(number, written, _POSITION_NAMES.get(frozenset(kinds) - {"tcb"}, "position")))
        if action == "drop":
            pending.extend(current.children)
    return found


# What a delegation's tags on one bracket amount to, by their signs (a tcb beside a
# sign adds nothing: the sign wins, see Tag.kind).
_POSITION_NAMES = {frozenset(): "reservation", frozenset("+"): "proposal", frozenset("-"): "deletion"}


def _positions_on(draft: Draft, bracket: Bracket, codes: Codes) -> dict[str, tuple[str, set[str]]]:
    """canonical code → (code as first written, upper case; the kinds of its tags)."""
    found: dict[str, tuple[str, set[str]]] = {}
    for g in bracket.tag_groups:
        for tag in draft.tag_groups[g].tags:
            written, kinds = found.setdefault(codes.canonical(tag.code), (tag.code.upper(), set()))
            kinds.add(tag.kind)
    return found


def _action(tags, accepting: bool) -> str | None:
    """keep, drop, withdraw, conflict or None (nothing to do), for one delegation's tags
    on one bracket."""
    return _action_of_kinds({tag.kind for _, _, tag in tags}, accepting)


def _action_of_kinds(kinds: set[str], accepting: bool) -> str | None:
    if "+" in kinds and "-" in kinds:
        return "conflict"
    if "+" in kinds:
        return "keep" if accepting else "drop"
    if "-" in kinds:
        return "drop" if accepting else "keep"
    return "withdraw" if accepting else None


def _action_without_code(draft: Draft, bracket: Bracket, accepting: bool) -> str | Outcome:
    signs = {tag.sign for g in bracket.tag_groups for tag in draft.tag_groups[g].tags if tag.sign}
    if len(signs) > 1:
        return refused(
            "ambiguous",
            "Delegations disagree on this bracket (some propose it, some want it deleted): "
            "say whose proposal to accept or reject.",
            bracket=bracket.index,
        )
    if bracket.is_note and not signs:
        return "drop"  # an editorial note goes when it is resolved, either way
    if signs == {"-"}:
        return "drop" if accepting else "keep"
    return "keep" if accepting else "drop"


def _conflict(draft: Draft, bracket: Bracket, code: str, lines: LineIndex | None = None) -> Refusal:
    line, column = (lines or LineIndex(draft.text)).position(bracket.open)
    return Refusal(
        "conflict",
        f"{code} both proposes and opposes the bracket at {line + 1}:{column + 1}; "
        "it was left alone. Settle it by hand.",
        {"code": code, "bracket": bracket.index, "line": line + 1, "column": column + 1},
    )


def unknown_code(draft: Draft, code: str, registry) -> Refusal | None:
    """The refusal for a code that neither the registry nor the draft knows, else None."""
    known = registry is not None and (registry.is_known(code) or registry.is_known(code.upper()))
    if known or _in_draft(draft, Codes(registry), code):
        return None
    return _unknown_code(draft, code, registry).refusal


def _in_draft(draft: Draft, codes: Codes, code: str) -> bool:
    wanted = codes.canonical(code)
    return any(codes.canonical(tag.code) == wanted for _, tag in draft.tags())


def _unknown_code(draft: Draft, code: str, registry) -> Outcome:
    in_use = (tag.code for _, tag in draft.tags())
    suggestions = list(registry.suggest(code, in_use=in_use)) if registry is not None else []
    hint = f" Did you mean {', '.join(suggestions)}?" if suggestions else ""
    return refused(
        "unknown-code",
        f"{code} is not a known delegation and has no tag in this draft.{hint}",
        code=code,
        suggestions=suggestions,
    )


# --------------------------------------------------------------------------------------
# Tags


def withdraw_tag(draft: Draft, group_index: int, tag_index: int) -> Outcome:
    """Remove one tag from its group; the group goes when it is left empty."""
    found = _tag_or_refusal(draft, group_index, tag_index)
    if isinstance(found, Outcome):
        return found
    return finish(draft.text, _withdraw_cuts(draft, [(group_index, tag_index)]))


def withdraw_tcb(draft: Draft, group_index: int, tag_index: int) -> Outcome:
    """Withdraw a reservation (``CODE tcb``); refuses any other tag."""
    found = _tag_or_refusal(draft, group_index, tag_index)
    if isinstance(found, Outcome):
        return found
    if found.kind != "tcb":
        return refused(
            "not-a-tcb",
            f"The tag {found.normalized} is a position, not a reservation (tcb).",
            group=group_index,
            tag=tag_index,
        )
    return finish(draft.text, _withdraw_cuts(draft, [(group_index, tag_index)]))


def _tag_or_refusal(draft: Draft, group_index: int, tag_index: int):
    if not draft.balanced:
        return unbalanced(draft)
    if not 0 <= group_index < len(draft.tag_groups):
        return refused("no-such-tag", f"There is no tag group number {group_index}.", group=group_index)
    tags = draft.tag_groups[group_index].tags
    if not 0 <= tag_index < len(tags):
        return refused("no-such-tag", f"Tag group {group_index} has no tag {tag_index}.", group=group_index, tag=tag_index)
    return tags[tag_index]


def _withdraw_cuts(draft: Draft, which: list[tuple[int, int]]) -> list[Cut]:
    """Cuts removing the given (group, tag) pairs: a tag with the separator after it (or
    before it, for the last tag of a group), or the whole group when none is left."""
    by_group: dict[int, set[int]] = {}
    for g, t in which:
        by_group.setdefault(g, set()).add(t)
    cuts: list[Cut] = []
    for g, removed in by_group.items():
        group = draft.tag_groups[g]
        tags = group.tags
        if len(removed) == len(tags):
            cuts.append(Cut(group.span.start, group.span.end))
            continue
        t = 0
        while t < len(tags):
            if t not in removed:
                t += 1
                continue
            first = t
            while t < len(tags) and t in removed:
                t += 1
            if t < len(tags):  # a kept tag follows: cut up to it
                cuts.append(Cut(tags[first].span.start, tags[t].span.start))
            else:  # the run ends the group: cut from the kept tag before it
                cuts.append(Cut(tags[first - 1].span.end, tags[t - 1].span.end))
    return cuts


# --------------------------------------------------------------------------------------
# Batches


def accept_all(draft: Draft, code: str, registry) -> Outcome:
    """Accept every proposal of one delegation (any alias), outermost bracket first."""
    return _settle_all(draft, code, registry, accepting=True)


def reject_all(draft: Draft, code: str, registry) -> Outcome:
    """Reject every proposal of one delegation, outermost bracket first."""
    return _settle_all(draft, code, registry, accepting=False)


def settle(draft: Draft, actions: dict[int, str]) -> Outcome:
    """Keep or drop each given bracket (``{index: "keep" | "drop"}``) in one batch, every
    cut against the original text, as Word's Accept All or Reject All settles all the
    revisions of an exported draft together. The brackets must not nest."""
    if not draft.balanced:
        return unbalanced(draft)
    sets = InlineSets(draft)
    cuts: list[Cut] = []
    dropped: list[int] = []
    for index, action in sorted(actions.items()):
        bracket = draft.brackets[index]
        if action == "keep":
            cuts.extend(keep_cuts(draft, bracket))
        else:
            cuts.extend(drop_cuts(draft, bracket, sets))
            dropped.append(index)
    return finish(draft.text, cuts + lone_alternative_cuts(draft, dropped))


def _settle_all(draft: Draft, code: str, registry, accepting: bool) -> Outcome:
    if not draft.balanced:
        return unbalanced(draft)
    unknown = unknown_code(draft, code, registry)
    if unknown is not None:
        return Outcome(refusal=unknown)
    codes = Codes(registry)
    sets = InlineSets(draft)
    cuts: list[Cut] = []
    skipped: list[Refusal] = []
    dropped: list[int] = []
    overridden: list[Override] = []
    lines = None  # built for the first conflict
    for bracket, tags, action in _batch(draft, code, codes, accepting):
        overridden.extend(_overridden(draft, bracket, action, code, codes))
        if action == "conflict":
            lines = lines or LineIndex(draft.text)
            skipped.append(_conflict(draft, bracket, code, lines))
        elif action == "keep":
            cuts.extend(keep_cuts(draft, bracket))
        elif action == "drop":
            cuts.extend(drop_cuts(draft, bracket, sets))
            dropped.append(bracket.index)
        elif action == "withdraw":
            cuts.extend(_withdraw_cuts(draft, [(g, t) for g, t, _ in tags]))
    return finish(draft.text, cuts + lone_alternative_cuts(draft, dropped), skipped, overridden=overridden)


def would_override_all(draft: Draft, code: str, registry, accepting: bool) -> tuple[Override, ...]:
    """The other delegations' positions that :func:`accept_all` (or :func:`reject_all`)
    would override, without computing its edits: the editor names them in the title of
    "Accept all from …" before it is chosen. Empty when the batch would be refused."""
    if not draft.balanced or unknown_code(draft, code, registry) is not None:
        return ()
    codes = Codes(registry)
    return tuple(
        override
        for bracket, _, action in _batch(draft, code, codes, accepting)
        for override in _overridden(draft, bracket, action, code, codes)
    )


def would_override_each(draft: Draft, registry) -> dict[bool, dict[str, tuple[Override, ...]]]:
    """:func:`would_override_all` for every delegation tagged on a bracket of the draft,
    accepting (``True``) and rejecting (``False``), keyed by the registry's spelling of
    the code (see :meth:`Codes.canonical`): the editor titles an "Accept all from …"
    and a "Reject all from …" for each of them, and a draft with hundreds of
    delegations cannot afford a pass for each. One pass over the brackets; what keeping
    or dropping a bracket overrides is worked out once per bracket, whoever decides it
    (the decider's own positions are left out after)."""
    if not draft.balanced:
        return {True: {}, False: {}}
    codes = Codes(registry)
    brackets = draft.brackets
    groups = draft.tag_groups
    on: dict[int, dict[str, tuple[str, set[str]]]] = {}  # bracket → its positions

    def positions(number: int) -> dict[str, tuple[str, set[str]]]:
        found = on.get(number)
        if found is None:
            found = on[number] = {}
            for g in brackets[number].tag_groups:
                for tag in groups[g].syntax.tags:  # codes and kinds only: no absolute spans
                    written, kinds = found.setdefault(codes.canonical(tag.code), (tag.code.upper(), set()))
                    kinds.add(tag.kind)
        return found

    settled: dict[tuple[int, str], list[tuple[str, Override]]] = {}

    def against(number: int, action: str) -> list[tuple[str, Override]]:
        """(canonical code, override) for everyone, as _overridden lists them."""
        key = (number, action)
        listed = settled.get(key)
        if listed is None:
            listed = settled[key] = []
            sign = "-" if action == "keep" else "+"
            pending = [number]
            while pending:
                current = pending.pop(0)
                for canonical, (written, kinds) in positions(current).items():
                    if sign in kinds or kinds == {"tcb"}:
                        listed.append((canonical, Override(current, written, _POSITION_NAMES.get(frozenset(kinds) - {"tcb"}, "position"))))
                if action == "drop":
                    pending.extend(brackets[current].children)
        return listed

    answers: dict[bool, dict[str, list[Override]]] = {True: {}, False: {}}
    dropped_until: dict[bool, dict[str, int]] = {True: {}, False: {}}
    for bracket in brackets:  # in order of `[`, as _batch goes for one code
        if not bracket.tag_groups:
            continue
        by_code: dict[str, set[str]] = {}
        for g in bracket.tag_groups:
            for tag in groups[g].syntax.tags:
                by_code.setdefault(codes.canonical(tag.code), set()).add(tag.kind)
        for accepting in (True, False):
            found, until = answers[accepting], dropped_until[accepting]
            for code, kinds in by_code.items():
                if bracket.open < until.get(code, -1):
                    continue
                action = _action_of_kinds(kinds, accepting)
                if action == "drop":
                    until[code] = bracket.close + 1
                overrides = found.setdefault(code, [])
                if action in ("keep", "drop"):
                    overrides.extend(override for canonical, override in against(bracket.index, action) if canonical != code)
    return {accepting: {code: tuple(o) for code, o in found.items()} for accepting, found in answers.items()}


def _batch(draft: Draft, code: str, codes: Codes, accepting: bool):
    """(bracket, the delegation's tags on it, action) for every bracket a batch decides,
    outermost first; the brackets inside a dropped one go with it."""
    dropped_until = -1
    for bracket in draft.brackets:  # in order of `[`: a bracket before those inside it
        if bracket.open < dropped_until or not bracket.tag_groups:
            continue
        tags = codes.tags_of(draft, bracket, code)
        if not tags:
            continue
        action = _action(tags, accepting)
        if action == "drop":
            dropped_until = bracket.close + 1
        yield bracket, tags, action


def keep_all(draft: Draft) -> Outcome:
    """The clean text keeping every bracket's text. Untagged editorial notes go."""
    return _clean(draft, keeping=True)


def drop_all(draft: Draft) -> Outcome:
    """The clean text dropping every bracket. Editorial notes go."""
    return _clean(draft, keeping=False)


def _clean(draft: Draft, keeping: bool) -> Outcome:
    if not draft.balanced:
        return unbalanced(draft)
    sets = InlineSets(draft)
    cuts: list[Cut] = []
    dropped: list[int] = []
    dropped_until = -1
    # A word with alternatives inside it (`Part[y][ies]`) keeps one of them, so that it
    # stays a word: the last written when keeping everything (the latest proposal), the
    # first when dropping everything (the text as it stood).
    words = {inline.members[0]: inline for inline in word_sets(draft, sets)}
    for bracket in draft.brackets:
        if bracket.open < dropped_until:
            continue
        word = words.get(bracket.index)
        if word is not None:
            chosen = draft.brackets[word.members[-1] if keeping else word.members[0]]
            end = draft.brackets[word.members[-1]].close + 1
            cuts += [Cut(bracket.open, chosen.open + 1), Cut(chosen.close, end)]
            dropped.extend(i for i in word.members if i != chosen.index)
            dropped_until = end
            continue
        if bracket.is_placeholder and not bracket.tag_groups:
            continue  # `[X]`, `[…]`: not a proposal; cleaning the text leaves it to be filled in
        # A tagged "note" is someone's proposal (and guards against prose such as
        # `[NOTEBOOK …]`, which the syntax layer takes for a note).
        if keeping and not (bracket.is_note and not bracket.tag_groups):
            cuts.extend(keep_cuts(draft, bracket))
        else:
            cuts.extend(drop_cuts(draft, bracket, sets))
            dropped.append(bracket.index)
            dropped_until = bracket.close + 1
    return finish(draft.text, cuts + lone_alternative_cuts(draft, dropped))


# --------------------------------------------------------------------------------------
# Quick fixes


def replace_code(draft: Draft, group_index: int, tag_index: int, new_code: str) -> Outcome:
    """Write another code in place of a tag's code (e.g. a registry suggestion)."""
    if not 0 <= group_index < len(draft.tag_groups) or not 0 <= tag_index < len(draft.tag_groups[group_index].tags):
        return refused("no-such-tag", "There is no such tag.", group=group_index, tag=tag_index)
    if not _CODE.fullmatch(new_code):
        return refused(
            "invalid-code",
            f"A delegation code is 2 to 10 upper-case letters and digits, not {quote(new_code)}.",
            code=new_code,
        )
    tag = draft.tag_groups[group_index].tags[tag_index]
    if tag.code == new_code:
        return refused("nothing-to-do", f"The tag already reads {new_code}.", code=new_code)
    return finish(draft.text, [Cut(tag.code_span.start, tag.code_span.end, new_code)], check_balance=False)


def normalize_group(draft: Draft, group_index: int) -> Outcome:
    """Rewrite a malformed tag group in its normal form: ``(+ iran)`` → ``(+IRAN)``."""
    if not 0 <= group_index < len(draft.tag_groups):
        return refused("no-such-tag", f"There is no tag group number {group_index}.", group=group_index)
    group = draft.tag_groups[group_index]
    if draft.text[group.span.start : group.span.end] == group.normalized:
        return refused("nothing-to-do", "This tag group is already well formed.", group=group_index)
    return finish(draft.text, [Cut(group.span.start, group.span.end, group.normalized)], check_balance=False)


def remove_stray(draft: Draft, offset: int) -> Outcome:
    """Remove a `]` that closes nothing, tidying the spaces around it."""
    if offset not in draft.stray_closes:
        return refused("not-a-stray", "There is no stray “]” here.", offset=offset)
    return finish(draft.text, [Cut(offset, offset + 1)], check_balance=False)


# --------------------------------------------------------------------------------------
# Hover


_EXCERPT = 160


def describe(draft: Draft, bracket_index: int, registry=None) -> dict:
    """Who proposes what on a bracket, and what its surroundings become when it is kept,
    dropped, accepted or rejected (None where that decision is refused).

    ``positions`` lists each tag: ``code`` as written, ``canonical`` (the registry's
    code), ``kind`` (``+``, ``-`` or ``tcb``), and ``accept`` / ``reject``: what
    accepting or rejecting that delegation does here (keep, drop, withdraw, conflict or
    None)."""
    bracket = bracket_or_refusal(draft, bracket_index)
    if isinstance(bracket, Outcome):
        return {"bracket": bracket_index, "refusal": bracket.refusal}
    codes = Codes(registry)
    positions = []
    for g in bracket.tag_groups:
        for t, tag in enumerate(draft.tag_groups[g].tags):
            mine = codes.tags_of(draft, bracket, tag.code)
            positions.append(
                {
                    "code": tag.code,
                    "canonical": codes.canonical(tag.code),
                    "kind": tag.kind,
                    "group": g,
                    "tag": t,
                    "accept": _action(mine, True),
                    "reject": _action(mine, False),
                }
            )
    span = (bracket.open, region_end(draft, bracket))
    return {
        "bracket": bracket.index,
        "span": span,
        "text": draft.text[bracket.open + 1 : bracket.close],
        "is_note": bracket.is_note,
        "role": bracket.role,
        "depth": bracket.depth,
        "positions": positions,
        "kept": _excerpt(draft, span, keep(draft, bracket.index)),
        "dropped": _excerpt(draft, span, drop(draft, bracket.index)),
        "accepted": _excerpt(draft, span, accept(draft, bracket.index, registry=registry)),
        "rejected": _excerpt(draft, span, reject(draft, bracket.index, registry=registry)),
    }


def _excerpt(draft: Draft, span: tuple[int, int], outcome: Outcome) -> str | None:
    """The line(s) around ``span`` after the outcome's edits, on one line, shortened
    around the bracket."""
    if not outcome.ok:
        return None
    text = draft.text
    start = max(text.rfind("\n", 0, span[0]), text.rfind("\r", 0, span[0])) + 1
    end = span[1]
    while end < len(text) and text[end] not in "\r\n":
        end += 1
    result = outcome.preview(text)
    new_start = _mapped(outcome.edits, start, after=False)
    new_end = max(new_start, _mapped(outcome.edits, end, after=True))
    before = " ".join(result[new_start : _mapped(outcome.edits, span[0], after=False)].split())
    excerpt = " ".join(result[new_start:new_end].split())
    if len(excerpt) <= _EXCERPT:
        return excerpt
    anchor = max(0, len(before) - _EXCERPT // 3)
    return ("…" if anchor else "") + excerpt[anchor : anchor + _EXCERPT] + ("…" if anchor + _EXCERPT < len(excerpt) else "")


def _mapped(edits, offset: int, after: bool) -> int:
    """Where an original offset lands after the edits (inside an edit: before or after
    its new text)."""
    delta = 0
    for edit in edits:
        if edit.span.end <= offset and not (edit.span.start == offset and not after):
            delta += len(edit.new_text) - len(edit.span)
        elif edit.span.start < offset:
            return edit.span.start + delta + (len(edit.new_text) if after else 0)
        else:
            break
    return offset + delta
