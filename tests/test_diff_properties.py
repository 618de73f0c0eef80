"""The diff names exactly the operations that made a revision: random keep, drop, tag
withdrawals (from the resolve engine), new tags and new proposals, at most one per
paragraph, applied to the reference draft or to a draft from benchmarks/generate.py.

(tests/draftgen.py's drafts, made of 17 words, are too ambiguous for this: in
``[the] the`` becoming ``the``, which `the` went is anybody's guess.)"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cicadraft.analysis import resolve as R
from cicadraft.analysis.diff import compare
from cicadraft.analysis.diff.units import cut
from cicadraft.syntax import parse
from cicadraft.syntax.labels import alternative_base, normalize_label

SETTINGS = settings(
    max_examples=int(os.environ.get("CICADRAFT_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
REFERENCE = (Path(__file__).resolve().parent.parent / "examples" / "SWG-739-2023.cicadraft").read_text(encoding="utf-8")
NEW_CODE = "KAZ"  # a code neither the reference nor draftgen uses
NEW_WORDS = "zebra quagga"
OPERATIONS = ("keep", "drop", "withdraw", "tag", "propose")


def _line(text: str, offset: int) -> int:
    lines = 1
    k = 0
    while k < offset:  # \n, \r\n and a lone \r each end one line
        ch = text[k]
        if ch == "\n" or (ch == "\r" and text[k + 1 : k + 2] != "\n"):
            lines += 1
        k += 1
    return lines


def _plan(draft, choices):
    """Turn abstract choices into operations on distinct paragraphs: a list of
    (text edits, expected (kind, old line, detail))."""
    c = cut(draft)
    text = draft.text
    units_used: set[int] = set()
    planned = []
    brackets = draft.brackets

    def unit_of_bracket(b):
        t0, t1 = c.open_token[b], c.close_token[b]
        if t0 < 0 or t1 < 0:
            return None
        u = c.tokens.unit_of[t0]
        return u if c.tokens.unit_of[t1] == u else None

    for operation, pick in choices:
        if operation in ("keep", "drop", "tag"):
            candidates = [b.index for b in brackets if b.closed and unit_of_bracket(b.index) is not None]
            if not candidates:
                continue
            b = candidates[pick % len(candidates)]
            unit = unit_of_bracket(b)
            if unit in units_used:
                continue
            bracket = brackets[b]
            if operation == "tag":
                codes = {t.code.upper() for g in bracket.tag_groups for t in draft.tag_groups[g].tags}
                if NEW_CODE in codes:
                    continue
                at = max([bracket.close + 1] + [draft.tag_groups[g].span.end for g in bracket.tag_groups])
                planned.append(((at, at, f" (+{NEW_CODE})"), ("tag-added", _line(text, bracket.open), f"+{NEW_CODE}")))
            else:
                outcome = (R.keep if operation == "keep" else R.drop)(draft, b)
                if not outcome.ok or not outcome.edits:
                    continue
                kind = "proposal-accepted" if operation == "keep" else "proposal-dropped"
                planned.append((outcome.edits, (kind, _line(text, bracket.open), None)))
            units_used.add(unit)
        elif operation == "withdraw":
            candidates = [(g, t) for g, group in enumerate(draft.tag_groups) for t, tag in enumerate(group.tags) if tag.code]
            if not candidates:
                continue
            g, t = candidates[pick % len(candidates)]
            group = draft.tag_groups[g]
            if group.bracket is not None:
                unit = unit_of_bracket(group.bracket)
                same = [tag for h in brackets[group.bracket].tag_groups for tag in draft.tag_groups[h].tags]
                line_offset = brackets[group.bracket].open
            else:
                units = [k for k, u in enumerate(c.units) if u.start <= group.start < u.end]
                unit = units[0] if units else None
                same = [tag for h in (c.units[unit].groups if unit is not None else []) for tag in draft.tag_groups[h].tags]
                line_offset = c.units[unit].start if unit is not None else 0
            tag = group.tags[t]
            key = (tag.code.upper(), tag.kind)
            if unit is None or unit in units_used or sum((x.code.upper(), x.kind) == key for x in same) != 1:
                continue
            outcome = R.withdraw_tag(draft, g, t)
            if not outcome.ok or not outcome.edits:
                continue
            planned.append((outcome.edits, ("tag-withdrawn", _line(text, line_offset), tag.normalized)))
            units_used.add(unit)
        else:  # propose: new words in brackets after a word, not before a floating tag group
            words = [
                k for k in range(len(c.tokens))
                if c.tokens.refs[k] < 0 and c.tokens.words[k][0].isalnum() and c.units[c.tokens.unit_of[k]].kind != "heading"
            ]
            if not words:
                continue
            k = words[pick % len(words)]
            unit = c.tokens.unit_of[k]
            end = c.tokens.ends[k]
            if unit in units_used or text[end:].lstrip(" \t").startswith("("):
                continue
            planned.append(((end, end, f" [{NEW_WORDS}] (+{NEW_CODE})"), ("proposal-added", c.units[unit].line, None)))
            units_used.add(unit)
    return planned


def _apply(text: str, planned) -> str:
    pieces = []
    for edits, _ in planned:
        if isinstance(edits, tuple) and len(edits) == 3 and isinstance(edits[0], int):
            pieces.append(edits)
        else:
            pieces.extend((e.span.start, e.span.end, e.new_text) for e in edits)
    pieces.sort()
    for (a0, a1, _), (b0, _, _) in zip(pieces, pieces[1:]):
        assume(a1 < b0)  # resolve edits of neighbouring paragraphs may share a blank line
    for start, end, new in reversed(pieces):
        text = text[:start] + new + text[end:]
    return text


choices = st.lists(st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 10_000)), min_size=1, max_size=4)


def check(text: str, picks) -> None:
    draft = parse(text)
    planned = _plan(draft, picks)
    assume(planned)
    revised = _apply(text, planned)
    report = compare(text, revised)
    got = Counter((c.kind, c.old_line, c.tag if c.kind.startswith("tag-") else None) for c in report.changes if c.kind != "item-renumbered")
    expected = Counter(e for _, e in planned)
    assert got == expected, (report.changes, planned)
    for change in report.changes:
        if change.kind == "tag-added" or change.kind == "proposal-added":
            assert NEW_CODE in change.delegations
        if change.kind == "item-renumbered":
            # No operation renumbers, but dropping the other items of a set of
            # alternatives gives the one left the base number (`11altern.` → `11.`):
            # the only renumbering there may be, and only after a drop.
            assert alternative_base(change.old) == normalize_label(change.new), change
            assert any(kind == "proposal-dropped" for kind, _, _ in expected), change


@SETTINGS
@given(choices)
def test_operations_on_the_reference_draft_are_named_exactly(picks):
    check(REFERENCE, picks)


@SETTINGS
@given(st.integers(0, 2**32 - 1), choices)
def test_operations_on_generated_drafts_are_named_exactly(seed, picks):
    from benchmarks.generate import generate

    check(generate(6_000, seed=seed), picks)
