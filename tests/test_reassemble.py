"""The whole-draft model built from the previous version (syntax.reassemble) equals a
fresh assembly of the same text, field by field, whatever the edits between the two,
and the path is taken where it should be (an edit that leaves the pairing elsewhere as
it was), not only declined."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cicadraft.syntax import incremental, parse
from cicadraft.syntax.incremental import DraftState

sys.path.insert(0, str(Path(__file__).parents[1]))
from benchmarks.shapes import SHAPES, shape  # noqa: E402
from tests.test_syntax_properties import PIECES  # noqa: E402


def fingerprint(draft) -> dict:
    """Everything a feature can read off a draft model."""
    return {
        "blocks": [(b.span.start, b.span.end, b.syntax) for b in draft.blocks],
        "brackets": [(b.index, b.open, b.close, b.depth, b.parent, b.children, b.tag_groups, b.role) for b in draft.brackets],
        "groups": [(g.start, g.span, g.bracket, g.normalized, [(t.span, t.code_span, t.code) for t in g.tags]) for g in draft.tag_groups],
        "stray": draft.stray_closes,
        "footnotes": draft.footnotes,
        "balanced": draft.balanced,
        "items": [(i.span, i.label) for i in draft.items],
        "headings": [(h.level, h.span, h.title) for h in draft.headings],
        "options": [(o.span, o.label) for o in draft.options],
    }


def structure(draft) -> tuple:
    """What Draft.structure stands for: the brackets, their nesting, roles and tags."""
    return (
        [(b.depth, b.parent, b.close is None, b.role, b.tag_groups) for b in draft.brackets],
        [(g.normalized, g.bracket) for g in draft.tag_groups],
        len(draft.stray_closes),
    )


def check(state: DraftState, before) -> object:
    """The model equals a fresh one; its structure number is the previous one's only
    when the structure is the same. Returns the model."""
    draft = state.draft
    assert fingerprint(draft) == fingerprint(parse(state.text))
    if before is not None and draft.structure == before[0]:
        assert structure(draft) == before[1]
    return draft


class Counting:
    """Counts how often reassembly built the model (and did not decline)."""

    def __init__(self, monkeypatch):
        self.built = self.declined = 0
        real = incremental.reassemble

        def counted(*args):
            draft = real(*args)
            if draft is None:
                self.declined += 1
            else:
                self.built += 1
            return draft

        monkeypatch.setattr(incremental, "reassemble", counted)


EDITS = ["x", "é", "😀", "", "[", "]", "\n", "\n\n", "\r\n\r\n", "(+IND)", "(-iran)", "[a] (+CHN)", "1. ", "Chapter 9. Title\n\n",
         "Option 2:\n\n", "[NOTE ", "[X]", "Part[y]"]


@pytest.mark.parametrize("name", list(SHAPES))
def test_random_edits_on_every_shape(name, monkeypatch):
    counting = Counting(monkeypatch)
    rng = random.Random(f"reassemble-{name}")
    state = DraftState(shape(name, 40_000, seed=5))
    draft = state.draft
    kept = 0
    for step in range(60):
        start = rng.randrange(len(state.text) + 1)
        end = min(start + rng.choice([0, 0, 0, 1, 3, 30]), len(state.text))
        state.edit(start, end, rng.choice(EDITS))
        if step % 3 != 1:  # sometimes two edits before the model is asked for
            before = (draft.structure, structure(draft))
            draft = check(state, before)
            kept += draft.structure == before[0]
    assert counting.built >= 3, (counting.built, counting.declined)
    assert kept >= 3


def test_typing_inside_a_bracket_that_spans_blocks_moves_what_follows(monkeypatch):
    counting = Counting(monkeypatch)
    inside = "".join(f"{n}. Part [{n}] (+IND) here.\n\n" for n in range(2, 30))
    after_it = "".join(f"{n}. After [x{n}] (+PAK).\n\n" for n in range(31, 50))
    text = f"1. [Article one.\n\n{inside}30. Last.] (-CHN)\n\n{after_it}"
    state = DraftState(text)
    outer = state.draft.brackets[0]
    assert outer.close == text.index("] (-CHN)")
    spot = text.index("Part [15]")
    state.edit(spot, spot, "Very [new] (+CHN) ")
    after = state.draft
    assert counting.built == 1
    assert fingerprint(after) == fingerprint(parse(state.text))
    assert after.brackets[0] is outer  # the same object, moved
    assert outer.close == state.text.index("] (-CHN)")
    new = next(b for b in after.brackets if state.text.startswith("[new]", b.open))
    assert new.parent == 0 and new.index in outer.children
    following = next(b for b in after.brackets if state.text.startswith("[x31]", b.open))
    assert following.parent is None and following.index == 1 + 28 + 1  # the article, its 28 paragraphs, the new one


def test_a_typed_bracket_that_pairs_far_away_is_assembled_afresh(monkeypatch):
    counting = Counting(monkeypatch)
    text = "".join(f"{n}. Text [a] (+IND) more.\n\n" for n in range(1, 40))
    state = DraftState(text)
    state.draft
    spot = text.index("more", len(text) // 2)
    state.edit(spot, spot, "[")
    assert fingerprint(state.draft) == fingerprint(parse(state.text))
    assert counting.declined == 1 and counting.built == 0


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(PIECES), max_size=80).map("".join),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 6), st.lists(st.sampled_from(PIECES), max_size=4).map("".join), st.booleans()),
             max_size=12),
)
def test_any_edits_give_the_model_of_a_fresh_parse(text, steps):
    state = DraftState(text)
    draft = state.draft
    for where, removed, inserted, ask in steps:
        start = int(where * len(state.text))
        state.edit(start, min(start + removed, len(state.text)), inserted)
        if ask:
            draft = check(state, (draft.structure, structure(draft)))
    check(state, (draft.structure, structure(draft)))


@pytest.mark.parametrize("where", ["[Article", "Last.]", "[x31]"])
def test_typing_where_a_bracket_across_blocks_opens_or_closes_is_built_from_the_previous_model(where, monkeypatch):
    counting = Counting(monkeypatch)
    inside = "".join(f"{n}. Part [{n}] (+IND) here.\n\n" for n in range(2, 30))
    after_it = "".join(f"{n}. After [x{n}] (+PAK) [y{n}.\n\n{n}bis Close] (CHN tcb).\n\n" for n in range(31, 50))
    text = f"1. [Article one.\n\n{inside}30. Last.] (-CHN)\n\n{after_it}"
    state = DraftState(text)
    state.draft
    spot = text.index(where) + 2
    state.edit(spot, spot, "typed, [with a bracket] (+IRAN) (-ind)")
    assert fingerprint(state.draft) == fingerprint(parse(state.text))
    state.edit(spot, spot + 4, "")
    assert fingerprint(state.draft) == fingerprint(parse(state.text))
    assert counting.built == 2


@pytest.mark.parametrize(
    "after, typed, same",
    [
        ("more ", "words ", True),
        ("more ", "\n\nA new paragraph.\n\n", True),
        ("more [", "X", True),  # `[X]` → `[XX]`: a placeholder still
        ("more ", "[new] ", False),  # a bracket more
        ("more ", "(+CHN) ", False),  # a floating tag
        ("(+", "IRAN, +", False),  # `(+IND)` → `(+IRAN, +IND)`: a tag more
    ],
)
def test_the_structure_number_follows_brackets_and_tags_not_text(after, typed, same):
    body = "".join(f"{n}. Text [words {n}] (+IND) and more [X].\n\n" for n in range(1, 60))
    state = DraftState(body)
    before = state.draft
    spot = body.index(after, len(body) // 2) + len(after)
    state.edit(spot, spot, typed)
    draft = state.draft
    assert fingerprint(draft) == fingerprint(parse(state.text))
    assert (draft.structure == before.structure) is same


def test_a_placeholder_that_becomes_a_proposal_changes_the_structure():
    body = "".join(f"{n}. Text [words {n}] (+IND) and more [X].\n\n" for n in range(1, 60))
    state = DraftState(body)
    before = state.draft
    spot = body.index("more [X]", len(body) // 2) + len("more [X")
    state.edit(spot, spot, " shall apply to all Parties")
    after = state.draft
    assert fingerprint(after) == fingerprint(parse(state.text))
    roles = {b.role for b in before.brackets}, {b.role for b in after.brackets}
    assert "placeholder" in roles[0] and after.structure != before.structure
