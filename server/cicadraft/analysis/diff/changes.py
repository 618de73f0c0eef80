"""From aligned units to changes in negotiators' terms.

Inside each pair of units that differ, the tokens are matched with difflib; every token
of OLD is then kept (it has a match in NEW) or deleted, every token of NEW kept or
inserted. A bracket's fate follows:

* its `[` (or, failing that, its `]`) kept: the same bracket in NEW; their tags are
  compared (tag-added, tag-withdrawn);
* both gone, most of its words kept: proposal-accepted; otherwise proposal-dropped (a
  bracket inside a dropped one goes with it and is not reported again);
* a bracket of NEW that is no bracket of OLD: proposal-added.

Words deleted or inserted outside dropped and added proposals are a text-changed. A unit
of OLD without a partner is an item-removed, unless all its words were in dropped
proposals (a paragraph `[4bis. …] (+IRAN)` that was dropped is a proposal-dropped, not
an item-removed); the same for item-added.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from cicadraft.syntax import Draft

from .align import align
from .model import Change, Report, summarize
from .units import CLOSE, OPEN, Cut, cut

KEPT, ACCEPTED, DROPPED, ADDED = "kept", "accepted", "dropped", "added"
_SEPARATORS = {",", ";", "/", "or", "and", ".", ":"}  # what may stand between alternatives


class _Codes:
    """Canonical codes for grouping (IRAN and IRN are one delegation), shown as the draft
    first spells them."""

    def __init__(self, registry):
        self.registry = registry
        self.shown: dict[str, str] = {}

    def __call__(self, code: str) -> str:
        upper = code.upper()
        canonical = (self.registry.canonical(upper) if self.registry is not None else None) or upper
        return self.shown.setdefault(canonical, upper)


class _Side:
    """One draft's tokens with their fate: ``mate[t]`` is the token of the other draft it
    matches, or -1."""

    def __init__(self, c: Cut):
        self.cut = c
        self.mate = [-1] * len(c.tokens)
        self.inner: list[int] = []  # per token: innermost bracket around it, -1 if none
        self.kept: list[int] = []  # per bracket: its words kept, nested brackets' included
        self.lost: list[int] = []
        self.fate: list[str] = [KEPT] * len(c.draft.brackets)
        self.bracket_mate: list[int] = [-1] * len(c.draft.brackets)
        self.unit_mate: list[int] = [-1] * len(c.units)

    def count(self) -> None:
        tokens = self.cut.tokens
        brackets = self.cut.draft.brackets
        kept = [0] * len(brackets)
        lost = [0] * len(brackets)
        inner = [-1] * len(tokens)
        mate = self.mate
        stack: list[int] = []
        words = tokens.words
        for t, ref in enumerate(tokens.refs):
            if ref >= 0:
                if words[t].startswith(OPEN):
                    stack.append(ref)
                elif stack and stack[-1] == ref:
                    stack.pop()
                elif ref in stack:
                    stack.remove(ref)
            elif stack:
                b = inner[t] = stack[-1]
                if mate[t] >= 0:
                    kept[b] += 1
                else:
                    lost[b] += 1
        for b in range(len(brackets) - 1, -1, -1):
            parent = brackets[b].parent
            if parent is not None:
                kept[parent] += kept[b]
                lost[parent] += lost[b]
        self.inner, self.kept, self.lost = inner, kept, lost

    def within(self, fate: str) -> list[bool]:
        """Per bracket: it, or a bracket around it, has this fate."""
        brackets = self.cut.draft.brackets
        found = [False] * len(brackets)
        for b, bracket in enumerate(brackets):
            found[b] = self.fate[b] == fate or (bracket.parent is not None and found[bracket.parent])
        return found

    def bracket_text(self, b: int) -> str:
        draft = self.cut.draft
        bracket = draft.brackets[b]
        end = bracket.span(len(draft.text)).end
        for g in bracket.tag_groups:
            end = max(end, draft.tag_groups[g].span.end)
        return self.cut.squeezed(bracket.open, end)

    def unit_of_bracket(self, b: int) -> int:
        t = self.cut.open_token[b]
        if t < 0:
            t = self.cut.close_token[b]
        return self.cut.tokens.unit_of[t] if t >= 0 else -1


def compare(old_text: str, new_text: str, registry=None) -> Report:
    """The changes from OLD to NEW (two draft texts)."""
    from cicadraft.syntax import parse

    return compare_drafts(parse(old_text), parse(new_text), registry)


def compare_drafts(old_draft: Draft, new_draft: Draft, registry=None) -> Report:
    old, new = _Side(cut(old_draft)), _Side(cut(new_draft))
    pairs, moved = align(old.cut, new.cut)
    ow, nw = old.cut.tokens.words, new.cut.tokens.words
    ops_of: dict[tuple[int, int], list] = {}
    for i, j in pairs:
        a, b = old.cut.units[i], new.cut.units[j]
        old.unit_mate[i], new.unit_mate[j] = j, i
        if a.t1 - a.t0 == b.t1 - b.t0 and ow[a.t0 : a.t1] == nw[b.t0 : b.t1]:
            ops = [("equal", 0, a.t1 - a.t0, 0, b.t1 - b.t0)]
        else:
            ops = _opcodes(ow[a.t0 : a.t1], nw[b.t0 : b.t1])
            ops = _slide(ops, old.cut, new.cut, a.t0, b.t0)
        if a.key != b.key:
            ops_of[(i, j)] = ops
        changed = False
        for tag, i1, i2, j1, j2 in ops:
            if tag == "equal":  # equal runs are as long on both sides: slices, not a loop per token
                old.mate[a.t0 + i1 : a.t0 + i2] = range(b.t0 + j1, b.t0 + j2)
                new.mate[b.t0 + j1 : b.t0 + j2] = range(a.t0 + i1, a.t0 + i2)
            else:
                changed = True
        if changed:
            _rematch_nested(old, new, a, b)
    old.count()
    new.count()
    _settle_fates(old, new)
    codes = _Codes(registry)
    return _Reporter(old, new, pairs, moved, ops_of, codes).report()


def _opcodes(a: list[str], b: list[str]) -> list[tuple]:
    """difflib's opcodes, with the common start and end set aside first: most changes to
    a paragraph are in one place, and difflib's cost grows with what it is given."""
    n, m = len(a), len(b)
    prefix = 0
    while prefix < n and prefix < m and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < n - prefix and suffix < m - prefix and a[n - 1 - suffix] == b[m - 1 - suffix]:
        suffix += 1
    middle = SequenceMatcher(None, a[prefix : n - suffix], b[prefix : m - suffix], autojunk=False).get_opcodes()
    ops: list[list] = [["equal", 0, prefix, 0, prefix]] if prefix else []
    for tag, i1, i2, j1, j2 in middle:
        ops.append([tag, i1 + prefix, i2 + prefix, j1 + prefix, j2 + prefix])
    if suffix:
        ops.append(["equal", n - suffix, n, m - suffix, m])
    merged: list[list] = []
    for op in ops:
        if op[1] == op[2] and op[3] == op[4]:
            continue
        if merged and op[0] == "equal" and merged[-1][0] == "equal":
            merged[-1][2], merged[-1][4] = op[2], op[4]
        else:
            merged.append(op)
    return [tuple(op) for op in merged]


def _slide(ops, old: Cut, new: Cut, a0: int, b0: int) -> list:
    """Shift each pure deletion or insertion along the equal text around it to where it
    covers whole brackets (as git's diff slides a hunk to a blank line): deleting one of
    ``[the] [the]`` is deleting a bracket, not ``the] [the``."""
    ops = [list(op) for op in ops]
    for k, op in enumerate(ops):
        if op[0] not in ("delete", "insert") or k == 0 or k == len(ops) - 1:
            continue
        before, after = ops[k - 1], ops[k + 1]
        if before[0] != "equal" or after[0] != "equal":
            continue
        deleting = op[0] == "delete"
        c, base = (old, a0) if deleting else (new, b0)
        words, refs = c.tokens.words, c.tokens.refs
        lo, hi = (op[1], op[2]) if deleting else (op[3], op[4])
        floor, ceiling = (before[1], after[2]) if deleting else (before[3], after[4])
        left = 0
        while lo - left - 1 >= floor and words[base + lo - left - 1] == words[base + hi - left - 1]:
            left += 1
        right = 0
        while hi + right < ceiling and words[base + lo + right] == words[base + hi + right]:
            right += 1
        if not left and not right:
            continue
        best = max(range(-left, right + 1), key=lambda shift: (_covers_brackets(words, refs, base + lo + shift, base + hi + shift), -abs(shift)))
        if best:  # the same arithmetic either way: the equal runs around give and take
            before[2] += best
            before[4] += best
            for n in range(1, 5):
                op[n] += best
            after[1] += best
            after[3] += best
    return [tuple(op) for op in ops]


def _covers_brackets(words: list[str], refs: list[int], start: int, end: int) -> int:
    """2 when the tokens are whole brackets (balanced), 1 more when they open and close
    with one bracket's `[` and `]`."""
    depth = 0
    for t in range(start, end):
        if refs[t] >= 0:
            depth += 1 if words[t].startswith(OPEN) else -1
            if depth < 0:
                return 0
    if depth:
        return 0
    whole = refs[start] >= 0 and refs[end - 1] == refs[start] and start < end - 1
    return 2 + whole


_RUN = 6  # longest run of identical bracket tokens (`[[[`) rematched


def _rematch_nested(old: _Side, new: _Side, a, b) -> None:
    """difflib cannot tell the `[` of ``[[of civilizations] (-CHN), …]`` from the `[`
    inside it: when one of a run of identical bracket tokens goes, pick the ones that
    stay by their tags (and their length), not by position."""
    from itertools import combinations

    ow, nw = old.cut.tokens.words, new.cut.tokens.words
    t = a.t0
    while t < a.t1:
        w = ow[t]
        end = t + 1
        while end < a.t1 and ow[end] == w:
            end += 1
        if w[:1] != "\x00":
            t = end
            continue
        mates = [old.mate[k] for k in range(t, end) if old.mate[k] >= 0]
        if mates:
            start_new, end_new = min(mates), max(mates) + 1
            while start_new - 1 >= b.t0 and nw[start_new - 1] == w and new.mate[start_new - 1] < 0:
                start_new -= 1
            while end_new < b.t1 and nw[end_new] == w and new.mate[end_new] < 0:
                end_new += 1
            olds, news = list(range(t, end)), list(range(start_new, end_new))
            if (len(olds) > 1 or len(news) > 1) and len(olds) <= _RUN and len(news) <= _RUN:
                m = min(len(olds), len(news))
                best, best_score = None, None
                for chosen_old in combinations(olds, m):
                    for chosen_new in combinations(news, m):
                        score = sum(_likeness(old, new, i, j) for i, j in zip(chosen_old, chosen_new))
                        if best_score is None or score > best_score:
                            best, best_score = (chosen_old, chosen_new), score
                for k in olds:
                    old.mate[k] = -1
                for k in news:
                    new.mate[k] = -1
                for i, j in zip(*best):
                    old.mate[i], new.mate[j] = j, i
        t = end


def _likeness(old: _Side, new: _Side, i: int, j: int) -> float:
    """How alike the brackets of two bracket tokens are: same tags, same length."""
    ob, nb = old.cut.draft.brackets[old.cut.tokens.refs[i]], new.cut.draft.brackets[new.cut.tokens.refs[j]]
    old_tags = {old.cut.draft.tag_groups[g].normalized for g in ob.tag_groups}
    new_tags = {new.cut.draft.tag_groups[g].normalized for g in nb.tag_groups}
    old_length = ob.span(len(old.cut.draft.text)).end - ob.open
    new_length = nb.span(len(new.cut.draft.text)).end - nb.open
    return 4 * (old_tags == new_tags) + len(old_tags & new_tags) - abs(old_length - new_length) / (old_length + new_length + 1)


def _settle_fates(old: _Side, new: _Side) -> None:
    nrefs = new.cut.tokens.refs
    count = len(old.cut.draft.brackets)
    # By the `[` first, then by the `]` where neither `[` was matched: a `]` alone must not
    # tie a bracket whose `[` went to another one it happens to share the `]` token with.
    for tokens_of in (old.cut.open_token, old.cut.close_token):
        for b in range(count):
            t = tokens_of[b]
            if old.bracket_mate[b] >= 0 or t < 0 or old.mate[t] < 0:
                continue
            mate = nrefs[old.mate[t]]
            if new.bracket_mate[mate] >= 0:
                continue
            if tokens_of is old.cut.close_token:
                opener = new.cut.open_token[mate]
                if old.cut.open_token[b] >= 0 and old.mate[old.cut.open_token[b]] >= 0 or opener >= 0 and new.mate[opener] >= 0:
                    continue
            old.bracket_mate[b], new.bracket_mate[mate] = mate, b
    for b in range(count):
        if old.bracket_mate[b] >= 0:
            continue
        old.fate[b] = ACCEPTED if old.kept[b] > 0 and old.kept[b] >= old.lost[b] else DROPPED
    for b in range(len(new.cut.draft.brackets)):
        if new.bracket_mate[b] < 0:
            new.fate[b] = ADDED


class _Reporter:
    def __init__(self, old: _Side, new: _Side, pairs, moved, ops_of, codes: _Codes):
        self.old, self.new = old, new
        self.pairs, self.moved, self.ops_of = pairs, moved, ops_of
        self.codes = codes
        self.changes: list[Change] = []
        self.stances: list[dict[str, str]] = []
        self.in_dropped = old.within(DROPPED)
        self.in_added = new.within(ADDED)
        self.anchor = self._anchors()

    # -- helpers ---------------------------------------------------------------------

    def _anchors(self) -> list[int]:
        """Per old unit: the offset in NEW after which it stood (for sorting removals)."""
        anchors = []
        last = 0
        for i, j in enumerate(self.old.unit_mate):
            if j >= 0:
                last = self.new.cut.units[j].start
            anchors.append(last)
        return anchors

    def _stances(self, draft: Draft, groups) -> dict[str, str]:
        found: dict[str, str] = {}
        for g in groups:
            for tag in draft.tag_groups[g].tags:
                if tag.code:
                    found.setdefault(self.codes(tag.code), tag.kind)
        return found

    def _tags(self, draft: Draft, groups) -> dict[tuple[str, str], str]:
        found: dict[tuple[str, str], str] = {}
        for g in groups:
            for tag in draft.tag_groups[g].tags:
                if tag.code:
                    found.setdefault((self.codes(tag.code), tag.kind), tag.normalized)
        return found

    def _add(self, change: Change, stances: dict[str, str]) -> None:
        self.changes.append(change)
        self.stances.append(stances)

    def _name(self, side: _Side, unit: int) -> str | None:
        return side.cut.units[unit].name if unit >= 0 else None

    def _order_old(self, unit: int, offset: int) -> tuple:
        return (self.anchor[unit], 1, offset)

    def _subsumed(self, side: _Side, unit: int, inside: list[bool]) -> bool:
        """All the unit's words are inside proposals dropped (OLD) or added (NEW)."""
        u = side.cut.units[unit]
        refs = side.cut.tokens.refs
        has_bracket = False
        for t in range(u.t0, u.t1):
            if refs[t] >= 0:
                has_bracket = True
                continue
            b = side.inner[t]
            if b < 0 or not inside[b]:
                return False
        return has_bracket or u.t1 > u.t0

    # -- the report ------------------------------------------------------------------

    def report(self) -> Report:
        old, new = self.old, self.new
        removed_plain = {
            i for i, j in enumerate(old.unit_mate) if j < 0 and not self._subsumed(old, i, self.in_dropped)
        }
        added_plain = {j for j, i in enumerate(new.unit_mate) if i < 0 and not self._subsumed(new, j, self.in_added)}
        for i in sorted(removed_plain):
            u = old.cut.units[i]
            self._add(
                Change("item-removed", u.name, None, (), old.cut.squeezed(u.start, u.end), None, u.line, None,
                       order=self._order_old(i, u.start)),
                {},
            )
        for j in sorted(added_plain):
            u = new.cut.units[j]
            self._add(
                Change("item-added", None, u.name, (), None, new.cut.squeezed(u.start, u.end), None, u.line,
                       order=(u.start, 0, 0)),
                {},
            )
        self._brackets(removed_plain, added_plain)
        for i, j in self.pairs:
            self._pair(i, j)
        order = sorted(range(len(self.changes)), key=lambda k: self.changes[k].order)
        changes = [self.changes[k] for k in order]
        stances = [self.stances[k] for k in order]
        return Report(
            changes=changes,
            old_units=len(old.cut.units),
            new_units=len(new.cut.units),
            paired=len(self.pairs),
            delegations=summarize(changes, stances),
        )

    def _brackets(self, removed_plain: set[int], added_plain: set[int]) -> None:
        old, new = self.old, self.new
        od, nd = old.cut.draft, new.cut.draft
        for b, bracket in enumerate(od.brackets):
            fate = old.fate[b]
            unit = old.unit_of_bracket(b)
            if fate == KEPT or unit in removed_plain:
                continue
            parent = bracket.parent
            if fate == DROPPED and parent is not None and self.in_dropped[parent]:
                continue  # gone with the proposal around it
            stances = self._stances(od, bracket.tag_groups)
            mate_unit = old.unit_mate[unit] if unit >= 0 else -1
            if fate == ACCEPTED:
                new_text, new_line, order = self._kept_words(b)
            else:
                new_text = None
                new_line = new.cut.units[mate_unit].line if mate_unit >= 0 else None
                order = (new.cut.units[mate_unit].start, 0, bracket.open) if mate_unit >= 0 else self._order_old(unit, bracket.open)
            self._add(
                Change(
                    "proposal-accepted" if fate == ACCEPTED else "proposal-dropped",
                    self._name(old, unit),
                    self._name(new, mate_unit),
                    tuple(sorted(stances)),
                    old.bracket_text(b),
                    new_text,
                    old.cut.line_of(bracket.open),
                    new_line,
                    order=order,
                ),
                stances,
            )
        for b, bracket in enumerate(nd.brackets):
            unit = new.unit_of_bracket(b)
            if new.fate[b] == ADDED:
                if unit in added_plain or (bracket.parent is not None and self.in_added[bracket.parent]):
                    continue
                stances = self._stances(nd, bracket.tag_groups)
                mate_unit = new.unit_mate[unit] if unit >= 0 else -1
                self._add(
                    Change(
                        "proposal-added",
                        self._name(old, mate_unit),
                        self._name(new, unit),
                        tuple(sorted(stances)),
                        None,
                        new.bracket_text(b),
                        old.cut.units[mate_unit].line if mate_unit >= 0 else None,
                        new.cut.line_of(bracket.open),
                        order=(bracket.open, 0, 0),
                    ),
                    stances,
                )
            else:
                ob = new.bracket_mate[b]
                before, after = self._tags(od, od.brackets[ob].tag_groups), self._tags(nd, bracket.tag_groups)
                if before.keys() != after.keys():
                    self._tag_changes(
                        before, after,
                        old.unit_of_bracket(ob),
                        unit,
                        old.bracket_text(ob),
                        new.bracket_text(b),
                        old.cut.line_of(od.brackets[ob].open),
                        new.cut.line_of(bracket.open),
                        bracket.open,
                    )

    def _kept_words(self, b: int):
        """Where the words of an accepted OLD bracket are in NEW: text, line, order."""
        old, new = self.old, self.new
        start, end = old.cut.open_token[b], old.cut.close_token[b]
        end = end if end >= 0 else len(old.cut.tokens)
        mates = [old.mate[t] for t in range(start + 1, end) if old.mate[t] >= 0] if start >= 0 else []  # nested brackets too
        tokens = new.cut.tokens
        if not mates:
            unit = old.unit_of_bracket(b)
            return None, None, self._order_old(unit, old.cut.draft.brackets[b].open)
        first, last = min(mates), max(mates)
        # A `]` matched elsewhere by difflib still closes a bracket opened in the words.
        while last + 1 < len(tokens) and tokens.words[last + 1].startswith(CLOSE) and new.cut.open_token[tokens.refs[last + 1]] >= first:
            last += 1
        offset, end = tokens.starts[first], tokens.ends[last]
        if tokens.words[last].startswith(CLOSE):  # the words end with a bracket kept: take its tags too
            draft = new.cut.draft
            for g in draft.brackets[tokens.refs[last]].tag_groups:
                end = max(end, draft.tag_groups[g].span.end)
        return new.cut.squeezed(offset, end), new.cut.line_of(offset), (offset, 0, 0)

    def _tag_changes(self, before, after, old_unit, new_unit, old_text, new_text, old_line, new_line, offset) -> None:
        # In the order of the tags in the draft, not of a set of strings (which changes with
        # the hash seed from one run to the next): the changes at one offset keep this order.
        for key in [key for key in before if key not in after]:
            self._tag_change("tag-withdrawn", key, before[key], old_unit, new_unit, old_text, new_text, old_line, new_line, offset)
        for key in [key for key in after if key not in before]:
            self._tag_change("tag-added", key, after[key], old_unit, new_unit, old_text, new_text, old_line, new_line, offset)

    def _tag_change(self, kind, key, tag, old_unit, new_unit, old_text, new_text, old_line, new_line, offset) -> None:
        code, stance = key
        self._add(
            Change(kind, self._name(self.old, old_unit), self._name(self.new, new_unit), (code,), old_text, new_text,
                   old_line, new_line, tag=tag, order=(offset, 0, 1 if kind == "tag-added" else 0)),
            {code: stance},
        )

    def _pair(self, i: int, j: int) -> None:
        old, new = self.old, self.new
        a, b = old.cut.units[i], new.cut.units[j]
        order = (b.start, -1, 0)
        if (i, j) in self.moved:
            self._add(Change("item-moved", a.name, b.name, (), old.cut.squeezed(a.start, a.end),
                             new.cut.squeezed(b.start, b.end), a.line, b.line, order=order), {})
        if a.label and b.label and a.norm_label != b.norm_label:
            self._add(Change("item-renumbered", a.name, b.name, (), a.label, b.label, a.line, b.line, order=order), {})
        if a.groups or b.groups:
            before, after = self._tags(old.cut.draft, a.groups), self._tags(new.cut.draft, b.groups)
            if before.keys() != after.keys():
                self._tag_changes(
                    before, after, i, j,
                    old.cut.squeezed(a.start, a.end), new.cut.squeezed(b.start, b.end), a.line, b.line, b.start,
                )
        ops = self.ops_of.get((i, j))
        changed = self._changed_words(a, b, ops) if ops is not None else None
        if changed is None:
            return
        self._add(
            Change("text-changed", a.name, b.name, changed, old.cut.squeezed(a.start, a.end), new.cut.squeezed(b.start, b.end),
                   a.line, b.line, words=self._word_diff(a, b, ops), order=(b.start, 0, 2)),
            {},
        )

    def _changed_words(self, a, b, ops) -> tuple[str, ...] | None:
        """None when no word changed outside dropped and added proposals; else the
        delegations whose positions the changed words are in (the tags of the innermost
        bracket around each, in OLD or NEW): a proposal reworded concerns its holders."""
        old, new = self.old, self.new
        orefs, nrefs = old.cut.tokens.refs, new.cut.tokens.refs
        changed = False
        codes: set[str] = set()

        def concerned(side: _Side, bracket: int) -> None:
            if bracket >= 0:
                draft = side.cut.draft
                codes.update(self._stances(draft, draft.brackets[bracket].tag_groups))

        for tag, i1, i2, j1, j2 in ops:
            if tag == "equal":
                continue
            for t in range(a.t0 + i1, a.t0 + i2):
                if orefs[t] < 0 and not self._dropped_at(t) and not self._separator_of_dropped(t, a.t0 + i1, a.t0 + i2):
                    changed = True
                    concerned(old, old.inner[t])
            for t in range(b.t0 + j1, b.t0 + j2):
                if nrefs[t] < 0 and (new.inner[t] < 0 or not self.in_added[new.inner[t]]):
                    changed = True
                    concerned(new, new.inner[t])
        return tuple(sorted(codes)) if changed else None

    def _dropped_at(self, t: int) -> bool:
        """An OLD token that went with a dropped proposal."""
        ref = self.old.cut.tokens.refs[t]
        b = ref if ref >= 0 else self.old.inner[t]
        return b >= 0 and self.in_dropped[b]

    def _separator_of_dropped(self, t: int, first: int, end: int) -> bool:
        """A separator (``, / ; or``) deleted next to a dropped proposal: dropping one of
        the alternatives ``[a] (-X), [b] (+X)`` takes the comma with it."""
        if self.old.cut.tokens.words[t].lower() not in _SEPARATORS:
            return False
        return (t - 1 >= first and self._dropped_at(t - 1)) or (t + 1 < end and self._dropped_at(t + 1))

    def _word_diff(self, a, b, ops) -> list[tuple[str, str]]:
        old, new = self.old.cut, self.new.cut

        def span(c: Cut, t0: int, first: int, last: int) -> str:
            if first >= last:
                return ""
            text = c.squeezed(c.tokens.starts[t0 + first], c.tokens.ends[t0 + last - 1])
            return text

        found: list[tuple[str, str]] = []
        for tag, i1, i2, j1, j2 in ops:
            if tag == "equal":
                found.append(("equal", span(old, a.t0, i1, i2)))
                continue
            if i2 > i1:
                found.append(("delete", span(old, a.t0, i1, i2)))
            if j2 > j1:
                found.append(("insert", span(new, b.t0, j1, j2)))
        return [(op, text) for op, text in found if text]
