"""Guarantees of the resolution engine, checked over generated drafts (tests/draftgen.py)."""

from __future__ import annotations

import os
import re

import pytest
from draftgen import CODES, drafts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cicadraft.analysis import resolve as R
from cicadraft.analysis.resolve.structure import Codes, InlineSets, region_end
from cicadraft.syntax import parse

# Generating a draft costs ~50 ms; CICADRAFT_EXAMPLES=2000 for a long hunt.
SETTINGS = settings(
    max_examples=int(os.environ.get("CICADRAFT_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# What an edit may remove outside the bracket it resolves: the spaces it tidies, and the
# remains of a line or item it empties (line breaks, a label, emphasis, punctuation).
_TIDY_ONLY = re.compile(r"[\s*.,;:]*")


class Aliases:
    """A registry stand-in: IRAN and IRN are one delegation."""

    def canonical(self, code):
        code = code.upper()
        return "IRN" if code in ("IRAN", "IRN") else code if code in CODES else None

    def is_known(self, code):
        return self.canonical(code) is not None

    def suggest(self, code):
        return []

    def lookup(self, code):
        return None


REGISTRY = Aliases()


def check_edits(text: str, outcome: R.Outcome) -> str:
    """Edits are sorted, non-overlapping, minimal and reproduce the preview."""
    assert outcome.ok, outcome.refusal
    previous = 0
    for edit in outcome.edits:
        assert previous <= edit.span.start <= edit.span.end <= len(text)
        old = text[edit.span.start : edit.span.end]
        assert old != edit.new_text
        if old and edit.new_text:  # a replacement is trimmed to what changes
            assert old[0] != edit.new_text[0] and old[-1] != edit.new_text[-1]
        previous = edit.span.end
    result = outcome.preview(text)
    pieces, position = [], 0
    for edit in outcome.edits:
        pieces += [text[position : edit.span.start], edit.new_text]
        position = edit.span.end
    assert "".join(pieces) + text[position:] == result
    return result


def line_breaks(text: str) -> set[str]:
    return set(re.findall(r"\r\n|\r|\n", text))


def check_tidy(text: str, result: str) -> None:
    """The edits create no double space, no space before `, . ; : )`, no space at the
    end of a line (indentation aside), and no new kind of line break."""
    for pattern in (r"\S  ", r"\S [,.;:)]", r"\S[ \t]+(?:\r|\n|$)"):
        assert len(re.findall(pattern, result)) <= len(re.findall(pattern, text)), pattern
    assert line_breaks(result) <= line_breaks(text) | ({"\r\n"} if "\r" in text and "\n" in text else set())


def check_inside(text: str, draft, outcome: R.Outcome, zones: list[tuple[int, int]]) -> None:
    """Every edit lies inside the zones it may touch (a bracket with its tags and the
    spaces around them), apart from the remains of lines or items it empties."""
    zones = sorted(zones)
    for edit in outcome.edits:
        outside = []
        position = edit.span.start
        for start, end in zones:
            if end <= position or start >= edit.span.end:
                continue
            outside.append(text[position:start] if start > position else "")
            position = max(position, end)
        outside.append(text[position : edit.span.end] if position < edit.span.end else "")
        rest = "".join(outside)
        if _TIDY_ONLY.fullmatch(rest):
            continue
        # Not only spaces: it must be the label or bullet of an item that went.
        leads = [item.lead for item in draft.items if edit.span.start <= item.lead.span.start < edit.span.end]
        for lead in leads:
            rest = rest.replace(lead.text, "", 1)
        assert _TIDY_ONLY.fullmatch(rest), (rest, edit)


def zone(text: str, draft, bracket) -> tuple[int, int]:
    start, end = bracket.open, region_end(draft, bracket)
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    while end < len(text) and text[end] in " \t":
        end += 1
    return start, end


def separator_zones(draft) -> list[tuple[int, int]]:
    sets = InlineSets(draft)
    return [s for inline in sets.all() for s in inline.separators if s is not None]


def attached_tags(draft, codes: Codes, code: str):
    wanted = codes.canonical(code)
    return [
        (group.bracket, tag)
        for group, tag in draft.tags()
        if group.bracket is not None and codes.canonical(tag.code) == wanted
    ]


# --------------------------------------------------------------------------------------


@SETTINGS
@given(drafts(), st.data())
def test_one_bracket_keeps_the_draft_balanced(text, data):
    draft = parse(text)
    assert draft.balanced
    if not draft.brackets:
        return
    index = data.draw(st.integers(0, len(draft.brackets) - 1))
    bracket = draft.brackets[index]
    code = data.draw(st.sampled_from((None,) + CODES))
    zones = [zone(text, draft, bracket), *separator_zones(draft)]
    for decision in (R.keep, R.drop, R.accept, R.reject):
        outcome = decision(draft, index) if decision in (R.keep, R.drop) else decision(draft, index, code, REGISTRY)
        if not outcome.ok:
            assert outcome.refusal.reason in {"ambiguous", "conflict", "no-such-tag", "nothing-to-do"}
            assert outcome.edits == ()
            continue
        result = check_edits(text, outcome)
        assert parse(result).balanced
        check_tidy(text, result)
        # The lone alternative that takes its base label may change a label elsewhere.
        label_zones = [(item.lead.span.start, item.lead.span.end) for item in draft.items]
        check_inside(text, draft, outcome, zones + label_zones)


@SETTINGS
@given(drafts(), st.sampled_from(CODES), st.booleans())
def test_accept_all_leaves_no_tag_of_the_delegation(text, code, accepting):
    draft = parse(text)
    codes = Codes(REGISTRY)
    outcome = (R.accept_all if accepting else R.reject_all)(draft, code, REGISTRY)
    result = check_edits(text, outcome)
    after = parse(result)
    assert after.balanced
    check_tidy(text, result)
    skipped = len(outcome.skipped)
    conflicts = sum(
        1
        for bracket in draft.brackets
        if {t.kind for _, _, t in codes.tags_of(draft, bracket, code)} >= {"+", "-"}
    )
    assert skipped <= conflicts
    if accepting:
        # Only the brackets left alone for a conflict still carry the delegation's tags.
        left = {index for index, _ in attached_tags(after, codes, code)}
        for index in left:
            kinds = {t.kind for _, _, t in codes.tags_of(after, after.brackets[index], code)}
            assert {"+", "-"} <= kinds
        assert len(left) == skipped
    else:
        # Rejecting leaves only the delegation's reservations and conflicts.
        for index, tag in attached_tags(after, codes, code):
            kinds = {t.kind for _, _, t in codes.tags_of(after, after.brackets[index], code)}
            assert kinds == {"tcb"} or {"+", "-"} <= kinds


def sequentially(text: str, code: str, accepting: bool) -> str:
    """Resolve one bracket at a time, re-parsing after each: the reference semantics."""
    codes = Codes(REGISTRY)
    while True:
        draft = parse(text)
        for bracket in draft.brackets:
            kinds = {t.kind for _, _, t in codes.tags_of(draft, bracket, code)}
            if not kinds or {"+", "-"} <= kinds or (kinds == {"tcb"} and not accepting):
                continue
            outcome = (R.accept if accepting else R.reject)(draft, bracket.index, code, REGISTRY)
            assert outcome.ok, outcome.refusal
            text = outcome.preview(text)
            break
        else:
            return text


def has_separated_alternatives(text: str) -> bool:
    """Inline alternatives joined by `,` `/` `;` or `or`: resolving them one at a time
    cannot know, after the first, that the separator was one (documented)."""
    draft = parse(text)
    return any(s is not None for inline in InlineSets(draft).all() for s in inline.separators)


@SETTINGS
@given(drafts(), st.sampled_from(CODES), st.booleans())
def test_a_batch_equals_one_bracket_at_a_time(text, code, accepting):
    if has_separated_alternatives(text):
        return
    draft = parse(text)
    batch = (R.accept_all if accepting else R.reject_all)(draft, code, REGISTRY)
    assert batch.preview(text) == sequentially(text, code, accepting)


@pytest.mark.parametrize(
    "text, code, accepting, expected",
    [
        # Found by the test above: the batch left `1.,,` (and `1.,`) because the next
        # item, emptied by the same batch down to `2.;`, no longer looked like an item
        # (a label wants a space after it) and so counted as a continuation of item 1.
        ("1. [a],, (+IRAN)\n2. [b]; (+IRAN)\nend.\n", "IRAN", False, "2.;\nend.\n"),
        ("1. [x], (+IRAN)\n2. [y]; (+IRAN)\n.\n", "IRAN", False, "2.;\n.\n"),
        (":\n1alt. [NOTE: x],(+IRAN)(-IND)\n11. [];(-IRN)\r.\t", "IRN", False, ":\n11.;\r.\t"),
        ("[**11. \n-  ] (-IND)\n(a) [, :](-IND)", "IND", False, ""),
        # One bracket at a time left `1.`: its continuation line went in a second step,
        # which did not look at the item's lead line above it.
        ("1. [x] (+IRAN)\n[y] (+IRAN)\n", "IRAN", False, ""),
        ("1. [x] (+IRAN)\n[y] (+IRAN)\n\n2. z\n", "IRAN", False, "2. z\n"),
    ],
)
def test_a_batch_equals_one_bracket_at_a_time_on_found_drafts(text, code, accepting, expected):
    batch = (R.accept_all if accepting else R.reject_all)(parse(text), code, REGISTRY)
    assert batch.preview(text) == expected
    assert sequentially(text, code, accepting) == expected


@SETTINGS
@given(drafts())
def test_clean_text_has_no_brackets_and_no_attached_tags(text):
    draft = parse(text)
    for outcome in (R.keep_all(draft), R.drop_all(draft)):
        result = check_edits(text, outcome)
        after = parse(result)
        assert after.brackets == [] and after.balanced
        assert all(group.bracket is None for group in after.tag_groups)
        check_tidy(text, result)


def clean_sequentially(text: str, keeping: bool) -> str:
    while True:
        draft = parse(text)
        if not draft.brackets:
            return text
        first = draft.brackets[0]
        note = first.is_note and not first.tag_groups
        outcome = R.keep(draft, 0) if keeping and not note else R.drop(draft, 0)
        text = outcome.preview(text)


@SETTINGS
@given(drafts(), st.booleans())
def test_clean_text_equals_one_bracket_at_a_time(text, keeping):
    if has_separated_alternatives(text):
        return
    draft = parse(text)
    outcome = R.keep_all(draft) if keeping else R.drop_all(draft)
    assert outcome.preview(text) == clean_sequentially(text, keeping)


@SETTINGS
@given(drafts(), st.data())
def test_withdrawing_a_tag_removes_only_that_tag(text, data):
    draft = parse(text)
    if not draft.tag_groups:
        return
    g = data.draw(st.integers(0, len(draft.tag_groups) - 1))
    group = draft.tag_groups[g]
    t = data.draw(st.integers(0, len(group.tags) - 1))
    outcome = R.withdraw_tag(draft, g, t)
    result = check_edits(text, outcome)
    after = parse(result)
    assert len(after.brackets) == len(draft.brackets)
    before_tags = [tag.normalized for _, tag in draft.tags()]
    after_tags = [tag.normalized for _, tag in after.tags()]
    removed = before_tags.pop(sum(len(x.tags) for x in draft.tag_groups[:g]) + t)
    assert after_tags == before_tags, removed
    for edit in outcome.edits:
        start, end = zone(text, draft, draft.brackets[group.bracket]) if group.bracket is not None else (0, len(text))
        assert start <= edit.span.start and edit.span.end <= max(end, group.span.end + 1)
    tcb = R.withdraw_tcb(draft, g, t)
    if group.tags[t].kind == "tcb":
        assert tcb.edits == outcome.edits
    else:
        assert tcb.refusal.reason == "not-a-tcb"


@SETTINGS
@given(drafts(), st.data())
def test_choosing_an_alternative(text, data):
    draft = parse(text)
    offset = data.draw(st.integers(0, len(text)))
    members = R.alternatives_at(draft, offset)
    outcome = R.choose_alternative(draft, offset)
    if not members:
        assert outcome.refusal.reason == "not-an-alternative"
        return
    for member in members:
        chosen = R.choose_alternative(draft, member)
        if not chosen.ok:
            assert chosen.refusal.reason == "crosses-bracket"
            continue
        result = check_edits(text, chosen)
        after = parse(result)
        assert after.balanced
        check_tidy(text, result)
        item = draft.items[member.index] if member.kind == "item" else None
        body = text[item.lead.span.end : item.span.end] if item else ""
        if item and re.search(r"\w", re.sub(r"\([^()]*\)", "", body)):
            # the chosen item stays under the base label (unless it held no words: an
            # item left with a label and punctuation goes, like any emptied item)
            label = next(s.base_label for s in _item_sets(draft) if member.index in s.items)
            assert any(item.label == label for item in after.items)


def _item_sets(draft):
    from cicadraft.analysis.resolve.alternatives import _item_sets as sets

    return sets(draft)


@SETTINGS
@given(drafts(balanced=False), st.sampled_from(CODES))
def test_an_unbalanced_draft_is_refused(text, code):
    draft = parse(text)
    if draft.balanced:
        return
    for outcome in (R.accept_all(draft, code, REGISTRY), R.keep_all(draft), R.drop_all(draft)):
        assert outcome.refusal.reason == "unbalanced" and outcome.edits == ()
    for index in range(len(draft.brackets)):
        assert R.accept(draft, index, code, REGISTRY).refusal.reason == "unbalanced"
        assert R.keep(draft, index).refusal.reason == "unbalanced"
    for offset in draft.stray_closes:
        result = check_edits(text, R.remove_stray(draft, offset))
        assert len(parse(result).stray_closes) == len(draft.stray_closes) - 1


@pytest.mark.parametrize("size", [1_000_000])
def test_a_batch_on_a_big_draft(size):
    """A whole-draft decision on 1 MB: every bracket of the delegation settled in one
    outcome (its speed is benchmarks.run's to measure; the figure is printed here)."""
    import time
    from pathlib import Path

    seed = Path(__file__).parent.parent.joinpath("examples", "SWG-739-2023.cicadraft").read_text(encoding="utf-8")
    text = (seed + "\n\n") * (size // len(seed) + 1)
    draft = parse(text)
    start = time.perf_counter()
    outcome = R.accept_all(draft, "IRAN", REGISTRY)
    elapsed = time.perf_counter() - start
    assert outcome.ok and len(outcome.edits) > 100
    assert len(outcome.edits) == len(R.accept_all(parse(seed), "IRAN", REGISTRY).edits) * (size // len(seed) + 1)
    print(f"accept_all on {size // 1000} kB: {elapsed:.3f} s")  # a figure for the log, not a timed assertion


@SETTINGS
@given(drafts(), st.booleans())
def test_the_overrides_of_every_delegation_at_once_equal_one_at_a_time(text, accepting):
    """The titles of "Accept all from …" name what each batch overrides, computed for
    every delegation in one pass (would_override_each): the same as one by one."""
    from cicadraft.registry import default_registry

    draft = parse(text)
    for registry in (Aliases(), default_registry()):
        each = R.would_override_each(draft, registry)[accepting]
        codes = Codes(registry)
        written = {tag.code for _, tag in draft.tags()}
        assert set(each) <= {codes.canonical(code) for code in written}
        for code in written:
            one = R.would_override_all(draft, code, registry, accepting)
            assert each.get(codes.canonical(code), ()) == one, code


@pytest.mark.parametrize("name", ["example", "items", "findings"])
def test_the_overrides_of_every_delegation_on_big_drafts(name):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parents[1]))
    from benchmarks.shapes import shape
    from cicadraft.registry import default_registry

    registry = default_registry()
    example = Path(__file__).parents[1] / "examples" / "SWG-739-2023.cicadraft"
    draft = parse(example.read_text(encoding="utf-8") if name == "example" else shape(name, 60_000, seed=2))
    assert draft.balanced
    codes = Codes(registry)
    for accepting in (True, False):
        each = R.would_override_each(draft, registry)[accepting]
        assert any(each.values())
        for code in {tag.code for _, tag in draft.tags()}:
            assert each.get(codes.canonical(code), ()) == R.would_override_all(draft, code, registry, accepting), code


def _alternatives_at_by_walking_every_set(draft, offset):
    """alternatives_at as it was first written: every set of the draft looked at."""
    from cicadraft.analysis.resolve.alternatives import _inline_alternatives, _item_alternatives

    if not draft.balanced:
        return []
    best, best_size = [], None
    for members in _inline_alternatives(draft, InlineSets(draft)) + _item_alternatives(draft):
        for member in members:
            if member.span.start <= offset < member.span.end or offset == member.span.end:
                size = len(member.span)
                if best_size is None or size < best_size:
                    best, best_size = members, size
    return best


@SETTINGS
@given(drafts(), st.data())
def test_the_alternatives_around_an_offset_are_those_of_a_walk_over_every_set(text, data):
    draft = parse(text)
    for _ in range(5):
        offset = data.draw(st.integers(0, len(text)))
        assert R.alternatives_at(draft, offset) == _alternatives_at_by_walking_every_set(draft, offset)


@pytest.mark.parametrize("name", ["real", "items", "long-brackets", "generator"])
def test_the_alternatives_around_offsets_of_big_drafts(name):
    import random
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parents[1]))
    from benchmarks.shapes import shape

    text = shape(name, 80_000, seed=4)
    if name in ("real", "generator"):  # cut where the brackets balance
        draft = parse(text)
        while not draft.balanced:
            text = text[: text.rfind("\n\n", 0, len(text) - 2) + 2]
            draft = parse(text)
    draft = parse(text)
    rng = random.Random(name)
    offsets = [rng.randrange(len(text) + 1) for _ in range(150)]
    offsets += [b.open for b in draft.brackets[::7]] + [item.span.start for item in draft.items[::5]]
    found = 0
    for offset in offsets:
        local = R.alternatives_at(draft, offset)
        assert local == _alternatives_at_by_walking_every_set(draft, offset), offset
        found += bool(local)
    if name == "real":  # the shared drafts hold item and inline alternatives
        assert found > 10
