"""Brackets inside words (SPEC §9): `Part[y][ies]`, `[g][G]uidelines`, `member[s]`,
`and[/or]` are inline alternatives of the word. Keeping, dropping, choosing and the
clean-text decisions keep the word whole: no space is put into it or taken out of it,
and a word with alternatives inside never comes out as two of them run together."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cicadraft.analysis import resolve as engine
from cicadraft.syntax import parse
from cicadraft.syntax.blocks import split_blocks
from cicadraft.syntax.bracket_roles import glued_to_word

INC = Path("/work/shared/examples/other-negotiations/04_inc_plastics_chairs_text_2024-12-01.txt")

CASES = [
    # text, keep first bracket, drop first bracket, keep all, drop all
    ("the member[s] of", "the members of", "the member of", "the members of", "the member of"),
    ("x (member[s]), y", "x (members), y", "x (member), y", "x (members), y", "x (member), y"),
    ("and[/or] the", "and/or the", "and the", "and/or the", "and the"),
    ("adopt a[n] aspirational", "adopt an aspirational", "adopt a aspirational", "adopt an aspirational", "adopt a aspirational"),
    ("[T]he x", "The x", "he x", "The x", "he x"),
    ("co[-]operation of", "co-operation of", "cooperation of", "co-operation of", "cooperation of"),
    ("each Part[y][ies] shall", "each Party[ies] shall", "each Part[ies] shall", "each Parties shall", "each Party shall"),
    ("the [g][G]uidelines on", "the g[G]uidelines on", "the [G]uidelines on", "the Guidelines on", "the guidelines on"),
    ("States\tPart[y][ies]\tto", "States\tParty[ies]\tto", "States\tPart[ies]\tto", "States\tParties\tto", "States\tParty\tto"),
]


@pytest.mark.parametrize("text,kept,dropped,kept_all,dropped_all", CASES)
def test_decisions_keep_the_word_whole(text, kept, dropped, kept_all, dropped_all):
    draft = parse(text)
    assert engine.keep(draft, 0).preview(text) == kept
    assert engine.drop(draft, 0).preview(text) == dropped
    assert engine.keep_all(draft).preview(text) == kept_all
    assert engine.drop_all(draft).preview(text) == dropped_all


@pytest.mark.parametrize("text,choices", [
    ("each Part[y][ies] shall", ["each Party shall", "each Parties shall"]),
    ("the [g][G]uidelines on", ["the guidelines on", "the Guidelines on"]),
])
def test_choosing_an_alternative_inside_a_word(text, choices):
    draft = parse(text)
    members = engine.alternatives_at(draft, draft.brackets[0].open + 1)
    assert [m.kind for m in members] == ["inline", "inline"]
    assert [engine.choose_alternative(draft, m).preview(text) for m in members] == choices


def test_tagged_bracket_in_a_word():
    text = "the member[s] (+EU) of"
    assert engine.accept_all(parse(text), "EU", None).preview(text) == "the members of"
    assert engine.reject_all(parse(text), "EU", None).preview(text) == "the member of"


def _trimmed(text: str) -> str:
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))


def test_every_bracket_inside_a_word_of_the_inc5_text_keeps_its_word_whole():
    """Each bracket glued to a word in the INC-5 Chair's text, kept and dropped: the
    result is the text with exactly the bracket's marks (keep) or the bracket with its
    text (drop) taken out, nothing else; the text is unbalanced as a whole, so each
    balanced paragraph is decided on its own."""
    assert INC.is_file(), f"the shared example {INC} is missing"
    source = INC.read_text(encoding="utf-8")
    checked = 0
    for span in split_blocks(source):
        text = source[span.start : span.end]
        draft = parse(text)
        if not draft.balanced:
            continue
        for bracket in draft.brackets:
            if bracket.children or bracket.tag_groups or not glued_to_word(text, bracket.open, bracket.close):
                continue
            inner = text[bracket.open + 1 : bracket.close]
            if inner != inner.strip():
                continue  # `[n ad hoc open ended]`: the spaces inside are the text's own
            before, after = text[: bracket.open], text[bracket.close + 1 :]
            word = re.search(r"\w*$", before).group(0) + inner + re.match(r"\w*", after).group(0)
            kept = engine.keep(draft, bracket.index).preview(text)
            assert re.search(rf"(?<!\w){re.escape(word)}(?!\w)", kept), word
            # The tidy rules may take a space off the end of the edited line, nothing else.
            assert _trimmed(kept) == _trimmed(before + inner + after)
            dropped = engine.drop(draft, bracket.index).preview(text)
            assert _trimmed(dropped) == _trimmed(before + after)
            checked += 1
    assert checked >= 3  # a[n], [risk[s]], plastic[s] among them
