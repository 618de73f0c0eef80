"""The resolution engine, one rule at a time (docs/resolve.md)."""

from __future__ import annotations

import pytest

from cicadraft.analysis import resolve as R
from cicadraft.syntax import Span, parse


class FakeRegistry:
    """The registry API the engine uses: IRAN and IRN are one delegation."""

    KNOWN = {"IRAN": "IRN", "IRN": "IRN", "CHN": "CHN", "IND": "IND", "AZER": "AZE", "AZE": "AZE", "TUR": "TUR", "SEC": "SEC"}

    def canonical(self, code):
        return self.KNOWN.get(code)

    def is_known(self, code):
        return code in self.KNOWN

    def suggest(self, code, in_use=()):
        return ["IRN"] if code.startswith("IR") else []

    def lookup(self, code):
        return None


REG = FakeRegistry()


def run(decision, text, *args, **kwargs) -> str:
    draft = parse(text)
    outcome = decision(draft, *args, **kwargs)
    assert outcome.ok, outcome.refusal
    assert outcome.refusal is None
    return outcome.preview(text)


def refusal(decision, text, *args, **kwargs) -> str:
    outcome = decision(parse(text), *args, **kwargs)
    assert not outcome.ok and outcome.edits == ()
    assert outcome.refusal.message and outcome.refusal.message[0].isupper()
    return outcome.refusal.reason


# --- The SPEC §6 table ------------------------------------------------------------------


@pytest.mark.parametrize(
    "tag, accepted, rejected",
    [
        ("(+X1)", "a b c", "a c"),
        ("(-X1)", "a c", "a b c"),
        ("(+X1, +X2)", "a b c", "a c"),
    ],
)
def test_the_table(tag, accepted, rejected):
    text = f"a [b] {tag} c"
    assert run(R.accept, text, 0, "X1") == accepted
    assert run(R.reject, text, 0, "X1") == rejected


def test_tcb_accepted_withdraws_only_that_tag():
    assert run(R.accept, "a [b] (+CHN) (AZER tcb) c", 0, "AZER") == "a [b] (+CHN) c"
    assert run(R.accept, "a [b] (+CHN, AZER tcb) c", 0, "AZER") == "a [b] (+CHN) c"
    assert run(R.accept, "a [b] (AZER tcb, +CHN) c", 0, "AZER") == "a [b] (+CHN) c"
    assert refusal(R.reject, "a [b] (AZER tcb) c", 0, "AZER") == "nothing-to-do"


def test_a_sign_prevails_over_a_reservation_of_the_same_delegation():
    assert run(R.accept, "a [b] (+CHN) (CHN tcb) c", 0, "CHN") == "a b c"


def test_no_tags_accept_keeps_reject_drops():
    assert run(R.accept, "a [b] c", 0) == "a b c"
    assert run(R.reject, "a [b] c", 0) == "a c"


def test_without_a_code_the_signs_must_agree():
    assert run(R.accept, "a [b] (+X1) (+X2) c", 0) == "a b c"
    assert run(R.accept, "a [b] (-X1) (-X2) c", 0) == "a c"
    assert run(R.reject, "a [b] (-X1) c", 0) == "a b c"
    assert run(R.accept, "a [b] (CHN tcb) c", 0) == "a b c"  # a reservation is no sign
    assert refusal(R.accept, "a [b] (+X1) (-X2) c", 0) == "ambiguous"
    assert refusal(R.reject, "a [b] (+X1) (-X2) c", 0) == "ambiguous"


def test_keep_and_drop_ignore_who_said_what():
    text = "a [b] (+X1) (-X2) c"
    assert run(R.keep, text, 0) == "a b c"
    assert run(R.drop, text, 0) == "a c"


# --- Refusals ---------------------------------------------------------------------------


def test_a_conflict_is_refused():
    text = "a [b] (+CHN) (-CHN) c"
    assert refusal(R.accept, text, 0, "CHN") == "conflict"
    assert refusal(R.reject, text, 0, "CHN") == "conflict"
    # through an alias too
    assert refusal(R.accept, "a [b] (+IRAN, -IRN) c", 0, "IRAN", REG) == "conflict"


def test_a_conflict_in_a_batch_is_skipped_and_reported():
    text = "[a] (+CHN) (-CHN) and [b] (+CHN) and [c] (-CHN)."
    outcome = R.accept_all(parse(text), "CHN", REG)
    assert outcome.ok
    assert outcome.preview(text) == "[a] (+CHN) (-CHN) and b and."
    [skipped] = outcome.skipped
    assert skipped.reason == "conflict" and skipped.args["code"] == "CHN"
    assert skipped.args["line"] == 1 and skipped.args["column"] == 1
    assert "1:1" in skipped.message


def test_brackets_inside_a_conflict_are_still_resolved():
    text = "[a [b] (+CHN) c] (+CHN) (-CHN)"
    outcome = R.accept_all(parse(text), "CHN", REG)
    assert outcome.preview(text) == "[a b c] (+CHN) (-CHN)" and len(outcome.skipped) == 1


@pytest.mark.parametrize("text", ["a [b c", "a b] c", "[a] b] [c"])
def test_an_unbalanced_draft_is_refused(text):
    assert refusal(R.accept_all, text, "CHN", REG) == "unbalanced"
    assert refusal(R.keep_all, text) == "unbalanced"
    assert refusal(R.drop_all, text) == "unbalanced"
    assert refusal(R.keep, text, 0) == "unbalanced"
    assert refusal(R.accept, text, 0, "CHN") == "unbalanced"
    assert refusal(R.choose_alternative, text, 0) == "unbalanced"
    assert R.alternatives_at(parse(text), 0) == []


def test_the_unbalanced_message_says_where():
    outcome = R.keep_all(parse("one\ntwo ] three"))
    assert "2:5" in outcome.refusal.message and outcome.refusal.args["offset"] == 8


def test_an_unknown_code_is_refused_with_suggestions():
    outcome = R.accept_all(parse("a [b] (+CHN)"), "IRNA", REG)
    assert outcome.refusal.reason == "unknown-code"
    assert outcome.refusal.args == {"code": "IRNA", "suggestions": ["IRN"]}
    assert "IRN" in outcome.refusal.message


def test_a_code_unknown_to_the_registry_but_in_the_draft_is_fine():
    assert run(R.accept_all, "a [b] (+G77) c", "G77", REG) == "a b c"


def test_a_known_code_absent_from_the_draft_changes_nothing():
    outcome = R.accept_all(parse("a [b] (+CHN) c"), "TUR", REG)
    assert outcome.ok and outcome.edits == ()


def test_a_code_without_a_tag_on_the_bracket():
    assert refusal(R.accept, "a [b] (+CHN) c", 0, "TUR", REG) == "no-such-tag"
    assert refusal(R.accept, "a [b] (+CHN) c", 0, "ZZZ", REG) == "unknown-code"


def test_no_such_bracket():
    assert refusal(R.keep, "a [b] c", 3) == "no-such-bracket"
    assert refusal(R.accept, "a [b] c", -1) == "no-such-bracket"


# --- Tidying ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, kept, dropped",
    [
        ("a [b] c", "a b c", "a c"),
        ("a [b], c", "a b, c", "a, c"),
        ("a [b] (+X1), c", "a b, c", "a, c"),
        ("a [, b]. (-X1)", "a, b.", "a."),
        ("a (see [b] (+X1)) c", "a (see b) c", "a (see) c"),
        ("a ([b] (+X1) c)", "a (b c)", "a (c)"),
        ("[b] (+X1) c", "b c", "c"),
        ("a [b] (+X1)", "a b", "a"),
        ("a\t[b]\tc", "a\tb\tc", "a\tc"),
        ("a  [b]  c", "a b c", "a c"),
        ("word[s] tail", "words tail", "word tail"),
        ("a [b]; (+X1) c", "a b; c", "a; c"),
        ("[[a] (+X1)] (+X2)", "[a] (+X1)", ""),
    ],
)
def test_tidy(text, kept, dropped):
    assert run(R.keep, text, 0) == kept
    assert run(R.drop, text, 0) == dropped


def test_indentation_stays():
    assert run(R.drop, "x\n    [a] (-X1) b\ny", 0) == "x\n    b\ny"


def test_spaces_outside_the_edit_do_not_change():
    text = "a  b [c] (+X1) d  e"
    assert run(R.keep, text, 0) == "a  b c d  e"


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_line_endings_are_kept(eol):
    text = eol.join(["1. a", "", "[2. b] (-X1)", "", "3. c [d] (+X1)", ""])
    assert run(R.accept_all, text, "X1", None) == eol.join(["1. a", "", "3. c d", ""])


def test_a_lone_cr_and_a_newline_brought_together_stay_two_line_breaks():
    text = "a\r[b] (-X1)\nc"
    assert run(R.accept, text, 0, "X1") == "a\rc"
    text = "a\r\r[b] (-X1)\n\nc"
    assert run(R.accept, text, 0, "X1") == "a\r\rc"  # the line and the blank line after it went


# --- Empty lines, items and blocks ----------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1. a\n[2. b] (-X1)\n3. c", "1. a\n3. c"),  # one line of a block
        ("1. a\n\n[2. b] (-X1)\n\n3. c", "1. a\n\n3. c"),  # a whole block
        ("1. a\n\n\n[2. b] (-X1)\n\n\n3. c", "1. a\n\n\n\n3. c"),  # one blank line goes
        ("[1. b] (-X1)\n\n2. c\n", "2. c\n"),  # first block: the blank line after it
        ("1. a\n\n[2. b] (-X1)", "1. a"),  # last block, no final line break
        ("1. a\n\n[2. b] (-X1)\n", "1. a\n"),  # last block, a final line break
        ("[2. b] (-X1)", ""),
        ("[2. b] (-X1)\n", ""),
        ("10. [Promote a] (-X1)\n\n11. b", "11. b"),  # only the label was left
        ("10. [Promote a] (-X1);\n11. b", "11. b"),  # a label and punctuation
        ("- *Recalling* [a] (-X1)\n- b", "- *Recalling*\n- b"),  # a word is left
        ("- [a] (-X1)\n- b", "- b"),
        ("10. [a] (-X1)\ncontinued\n11. b", "10.\ncontinued\n11. b"),  # not empty
        ("10.\n[continued] (-X1)\n11. b", "11. b"),  # its only continuation went
        ("10. [a] (-X1)\n[continued] (-X1)\n11. b", "11. b"),
        ("10.\n[11. b] (-X1)\n12. c", "10.\n12. c"),  # an item of its own went
        ("10. [a] (-X1),\n11. [b] (-X1);\n12. c", "12. c"),  # both emptied down to `10.,` `11.;`
        ("1. a\n\n[2. b\n\n3. c] (-X1)\n\n4. d", "1. a\n\n4. d"),  # across blocks
        ("x [a\n\nb] (-X1) y", "x y"),
    ],
)
def test_emptied_items_and_blocks_go(text, expected):
    assert run(R.accept_all, text, "X1", None) == expected


def test_two_emptied_blocks_each_take_one_blank_line():
    text = "A\n\n[a] (-X1)\n\n[b] (-X1)\n\nC"
    assert run(R.accept_all, text, "X1", None) == "A\n\nC"
    text = "A\n\n[a] (-X1)\n\n[b] (-X1)"
    assert run(R.accept_all, text, "X1", None) == "A"


def test_an_item_that_was_already_empty_is_left_alone():
    text = "1.\n2. [a] (+X1)"
    assert run(R.accept_all, text, "X1", None) == "1.\n2. a"


# --- Batches ---------------------------------------------------------------------------


def test_outermost_first_and_inner_brackets_vanish_with_a_dropped_one():
    text = "a [b [c] (+X1) d] (-X1) e"
    outcome = R.accept_all(parse(text), "X1", None)
    assert outcome.preview(text) == "a e"
    assert [(e.span.start, e.span.end) for e in outcome.edits] == [(2, 24)]  # `[b … (-X1) `


def test_accept_all_keeps_nested_brackets_of_the_same_delegation():
    assert run(R.accept_all, "a [b [c] (+X1) d] (+X1) e", "X1", None) == "a b c d e"


def test_reject_all():
    assert run(R.reject_all, "a [b] (+X1) [c] (-X1) [d] (X1 tcb) e", "X1", None) == "a c [d] (X1 tcb) e"


def test_lower_case_code_and_malformed_tags_match():
    assert run(R.accept_all, "a [b] (+ chn) c", "chn", None) == "a b c"


def test_editorial_notes():
    text = "a [NOTE: check this] b [c] (+X1) d"
    assert run(R.keep_all, text) == "a b c d"
    assert run(R.drop_all, text) == "a b d"
    assert run(R.accept, text, 0) == "a b [c] (+X1) d"  # a note goes either way
    assert run(R.reject, text, 0) == "a b [c] (+X1) d"
    assert run(R.keep, text, 0) == "a NOTE: check this b [c] (+X1) d"  # keep is literal


def test_a_tagged_note_is_a_proposal_for_the_clean_text():
    assert run(R.keep_all, "a [NOTE: x] (+X1) b") == "a NOTE: x b"
    # the syntax layer takes `[NOTEBOOK …]` for a note (no word boundary); its tag
    # still saves its text
    assert run(R.keep_all, "a [NOTEBOOK computers] (+X1) b") == "a NOTEBOOK computers b"


def test_footnote_references_are_not_brackets():
    assert run(R.keep_all, "a[^1] [b] (+X1) c") == "a[^1] b c"


def test_floating_tags_are_left_alone():
    text = "a [b] (+X1) c (+X1)"
    assert run(R.accept_all, text, "X1", None) == "a b c (+X1)"


# --- Tags ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tag, expected",
    [
        (0, "[a] (+X2, X3 tcb)"),
        (1, "[a] (+X1, X3 tcb)"),
        (2, "[a] (+X1, +X2)"),
    ],
)
def test_withdraw_one_tag_of_three(tag, expected):
    assert run(R.withdraw_tag, "[a] (+X1, +X2, X3 tcb)", 0, tag) == expected


def test_withdraw_the_only_tag_removes_the_group():
    assert run(R.withdraw_tag, "x [a] (+X1) (X2 tcb) y", 1, 0) == "x [a] (+X1) y"
    assert run(R.withdraw_tag, "x [a] (X2 tcb) (+X1) y", 0, 0) == "x [a] (+X1) y"
    assert run(R.withdraw_tag, "x [a] (X2 tcb).", 0, 0) == "x [a]."


def test_withdraw_tcb_refuses_a_sign():
    assert refusal(R.withdraw_tcb, "[a] (+X1)", 0, 0) == "not-a-tcb"
    assert refusal(R.withdraw_tag, "[a] (+X1)", 1, 0) == "no-such-tag"
    assert refusal(R.withdraw_tag, "[a] (+X1)", 0, 3) == "no-such-tag"


def test_withdrawing_two_trailing_tags_of_a_group():
    assert run(R.accept_all, "[a] (+X2, X1 tcb, X1 tcb)", "X1", None) == "[a] (+X2)"
    assert run(R.accept_all, "[a] (X1 tcb, X1 tcb, +X2)", "X1", None) == "[a] (+X2)"
    assert run(R.accept_all, "[a] (X1 tcb, +X2, X1 tcb)", "X1", None) == "[a] (+X2)"


# --- Quick fixes -----------------------------------------------------------------------


def test_replace_code():
    text = "[a] (+IRNA, -CHN)"
    outcome = R.replace_code(parse(text), 0, 0, "IRN")
    assert outcome.preview(text) == "[a] (+IRN, -CHN)"
    assert outcome.edits == (R.TextEdit(Span(9, 10), ""),)  # minimal: only the `A` goes
    assert refusal(R.replace_code, text, 0, 0, "irn") == "invalid-code"
    assert refusal(R.replace_code, text, 0, 1, "CHN") == "nothing-to-do"
    assert refusal(R.replace_code, text, 0, 5, "CHN") == "no-such-tag"


def test_replace_code_works_on_an_unbalanced_draft():
    assert run(R.replace_code, "[a (+IRNA)", 0, 0, "IRN") == "[a (+IRN)"


def test_normalize_group():
    assert run(R.normalize_group, "[a] (+ iran; AZER TCB)", 0) == "[a] (+IRAN, AZER tcb)"
    assert refusal(R.normalize_group, "[a] (+IRAN)", 0) == "nothing-to-do"


def test_remove_stray():
    assert run(R.remove_stray, "a ] b", 2) == "a b"
    assert run(R.remove_stray, "a b]. c", 3) == "a b. c"
    assert run(R.remove_stray, "]\nb", 0) == "b"
    assert refusal(R.remove_stray, "a [b] c", 4) == "not-a-stray"


# --- Alternatives ------------------------------------------------------------------------


def test_adjacent_alternatives_with_a_slash():
    text = "to [promote] (+X1) / [support] (+X2) peace"
    members = R.alternatives_at(parse(text), text.index("support"))
    assert [m.label for m in members] == ["promote", "support"]
    assert run(R.choose_alternative, text, text.index("support")) == "to support peace"
    assert run(R.choose_alternative, text, text.index("promote")) == "to promote peace"


def test_dropping_one_of_two_alternatives_takes_the_separator():
    text = "to [promote] (+X1) / [support] (-X1) peace"
    assert run(R.accept_all, text, "X1", None) == "to promote peace"


def test_grouped_alternatives_with_tags_on_the_group_keep_the_group():
    text = "x [[a] (+X1) or [b] (+X2)] (-X3) y"
    assert run(R.choose_alternative, text, text.index("b]")) == "x [b] (-X3) y"


def test_brackets_separated_by_words_are_not_alternatives():
    text = "x [a] (+X1) and [b] (+X2) y"
    assert R.alternatives_at(parse(text), 3) == []
    assert refusal(R.choose_alternative, text, 3) == "not-an-alternative"


def test_alternatives_on_separate_lines_are_not_inline_alternatives():
    text = "[a] (+X1)\n[b] (+X2)"
    assert R.alternatives_at(parse(text), 1) == []


def test_alt_k_items_are_alternatives_to_the_item_before():
    text = "OP6 Original text.\n\nAlt1 First alternative.\n\nAlt2 Second alternative.\n\nOP7 Next."
    members = R.alternatives_at(parse(text), text.index("Second"))
    assert [m.label for m in members] == ["OP6", "Alt1", "Alt2"]
    assert run(R.choose_alternative, text, text.index("Second")) == "OP6 Second alternative.\n\nOP7 Next."


def test_an_alternative_without_its_base_item():
    text = "10. Ten.\n\n11 alt. Eleven.\n\n12. Twelve."
    assert run(R.choose_alternative, text, text.index("Eleven")) == "10. Ten.\n\n11. Eleven.\n\n12. Twelve."


def test_op6alt():
    text = "OP6 a\nOP6alt b\nOP7 c"
    assert run(R.choose_alternative, text, text.index("b")) == "OP6 b\nOP7 c"


def test_an_alternative_item_crossed_by_a_bracket_is_refused():
    text = "[x\n\n11. a] (+X1)\n\n11alt. b"
    assert refusal(R.choose_alternative, text, text.index("b")) == "crosses-bracket"


def test_a_lone_alternative_takes_the_base_number_when_the_others_go():
    text = "[3. a] (-X1)\n\n[3alt b] (+X1)"
    assert run(R.drop, text, 0) == "[3. b] (+X1)"
    assert run(R.accept_all, text, "X1", None) == "3. b"
    # keep_all keeps both texts, labels as they are
    assert run(R.keep_all, text) == "3. a\n\n3alt b"


# --- Outcome, edits, describe ------------------------------------------------------------


def test_apply_edits_sorts_and_refuses_overlaps():
    edits = [R.TextEdit(Span(4, 5), "E"), R.TextEdit(Span(0, 1), "A")]
    assert R.apply_edits("abcdef", edits) == "AbcdEf"
    with pytest.raises(ValueError):
        R.apply_edits("abcdef", [R.TextEdit(Span(0, 3), ""), R.TextEdit(Span(2, 4), "")])


def test_outcome_api():
    outcome = R.keep(parse("a [b] c"), 0)
    assert outcome.ok and outcome.skipped == () and outcome.refusal is None
    assert isinstance(outcome.edits, tuple) and all(isinstance(e, R.TextEdit) for e in outcome.edits)


def test_describe_a_nested_bracket():
    text = "x [a [b] (-CHN) c] (+IND) y"
    info = R.describe(parse(text), 1, REG)
    assert info["depth"] == 1 and info["text"] == "b"
    assert info["accepted"] == "x [a c] (+IND) y"
    assert info["rejected"] == "x [a b c] (+IND) y"
    assert info["positions"][0]["accept"] == "drop"


def test_describe_a_conflict_and_an_excerpt_on_a_long_line():
    text = "word " * 100 + "[b] (+CHN) (-CHN) " + "word " * 100
    info = R.describe(parse(text), 0, REG)
    assert info["positions"][0]["accept"] == "conflict"
    assert info["accepted"] is None
    assert info["kept"].startswith("…") and info["kept"].endswith("…") and "word b word" in info["kept"]
    assert len(info["kept"]) <= 162


def test_describe_refuses_on_an_unbalanced_draft():
    assert R.describe(parse("[a"), 0)["refusal"].reason == "unbalanced"


# -- tidying next to quotes, line separators and no-break spaces -----------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("the area “[Combating Terrorism] (+IND)” is", "the area “Combating Terrorism” is"),
        ("A [x] (+IND)\u2028y", "A x\u2028y"),
        ("A [x]\u00a0(+IND) b", "A x b"),
        ("word\t[x]\t(+IND)\tword", "word\tx\tword"),
    ],
)
def test_accepting_leaves_no_space_the_text_did_not_have(text, expected):
    from cicadraft.analysis.resolve import accept
    from cicadraft.registry import default_registry
    from cicadraft.syntax import parse

    outcome = accept(parse(text), 0, "IND", default_registry())
    assert outcome.ok
    assert outcome.preview(text) == expected
