"""The diff engine on revisions made from the reference draft and the corpus: each
change named in negotiators' terms, with its paragraph, delegations and lines."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from cicadraft.analysis import resolve as R
from cicadraft.analysis.diff import KINDS, compare
from cicadraft.syntax import parse

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = (ROOT / "examples" / "SWG-739-2023.cicadraft").read_text(encoding="utf-8")
CORPUS = sorted((ROOT.parent / "shared" / "examples" / "other-negotiations").glob("*.txt"))
if not CORPUS:  # CI lays shared/ beside the clone; a worktree sits beside /work/shared
    CORPUS = sorted(Path("/work/shared/examples/other-negotiations").glob("*.txt"))


def kinds(report) -> list[str]:
    return [c.kind for c in report.changes]


def bracket_starting(draft, text: str) -> int:
    found = [b.index for b in draft.brackets if draft.text.startswith(text, b.open)]
    assert len(found) == 1, text
    return found[0]


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# -- no change -----------------------------------------------------------------------------


def test_a_draft_compared_with_itself_reports_nothing():
    assert compare(REFERENCE, REFERENCE).changes == []


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name[:12])
def test_each_corpus_draft_compared_with_itself_reports_nothing(path):
    text = path.read_text(encoding="utf-8")
    assert compare(text, text).changes == []


def test_line_endings_and_whitespace_are_no_change():
    spaced = REFERENCE.replace("\n", "\r\n").replace(" the ", "  the ").replace("\r\n\r\n", "\r\n\r\n\r\n")
    assert spaced != REFERENCE
    assert compare(REFERENCE, spaced).changes == []
    assert compare(REFERENCE, REFERENCE.replace("\n", "\r")).changes == []


def test_corpus_drafts_have_brackets():
    assert len(CORPUS) == 2
    for path in CORPUS:
        assert parse(path.read_text(encoding="utf-8")).brackets


# -- proposals -----------------------------------------------------------------------------


def test_keeping_a_proposal_is_proposal_accepted():
    draft = parse(REFERENCE)
    b = bracket_starting(draft, "[intercivilizational")
    report = compare(REFERENCE, R.keep(draft, b).preview(REFERENCE))
    [change] = report.changes
    assert change.kind == "proposal-accepted"
    assert change.old_item == change.new_item == "Underlining"  # the preambular participle
    assert change.delegations == ("IRAN",)
    assert change.old == "[intercivilizational and intercultural exchanges] (+IRAN)"
    assert change.new == "intercivilizational and intercultural exchanges"
    assert change.old_line == change.new_line == line_of(REFERENCE, "[intercivilizational")
    assert report.delegations["IRAN"].gained == [0]


def test_dropping_a_proposal_is_proposal_dropped_and_a_gain_for_its_opponent():
    draft = parse(REFERENCE)
    b = bracket_starting(draft, "[, which should be not less")
    report = compare(REFERENCE, R.drop(draft, b).preview(REFERENCE))
    [change] = report.changes
    assert (change.kind, change.old_item, change.delegations) == ("proposal-dropped", "1.10", ("IND",))
    assert change.old.startswith("[, which should be") and change.old.endswith("(-IND)")
    assert change.new is None
    assert report.delegations["IND"].gained == [0] and report.delegations["IND"].lost == []


def test_keeping_an_outer_bracket_leaves_the_inner_one_alone():
    draft = parse(REFERENCE)
    b = bracket_starting(draft, "[cultural [and religious]")
    report = compare(REFERENCE, R.keep(draft, b).preview(REFERENCE))
    [change] = report.changes
    assert change.kind == "proposal-accepted" and change.delegations == ("IND",)
    assert change.new == "cultural [and religious] (-CHN)"


def test_dropping_a_bracketed_paragraph_is_a_proposal_dropped_not_an_item_removed():
    draft = parse(REFERENCE)
    b = bracket_starting(draft, "[15. Encourage")
    report = compare(REFERENCE, R.drop(draft, b).preview(REFERENCE))
    assert kinds(report) == ["proposal-dropped"]
    change = report.changes[0]
    assert change.old_item == "15." and change.new_item is None and change.new_line is None
    assert change.delegations == ("IRAN", "SEC")


def test_choosing_an_alternative_drops_the_other_and_renumbers():
    draft = parse(REFERENCE)
    offset = REFERENCE.index("[11altern.") + 3
    chosen = [a for a in R.alternatives_at(draft, offset) if a.label == "11altern."][0]
    new = R.choose_alternative(draft, chosen).preview(REFERENCE)
    report = compare(REFERENCE, new)
    assert sorted(kinds(report)) == ["item-renumbered", "proposal-accepted", "proposal-dropped"]
    by_kind = {c.kind: c for c in report.changes}
    assert (by_kind["item-renumbered"].old, by_kind["item-renumbered"].new) == ("11altern.", "11.")
    assert by_kind["proposal-accepted"].old_item == "11altern." and by_kind["proposal-accepted"].new_item == "11."
    assert by_kind["proposal-dropped"].old_item == "11."
    assert by_kind["proposal-dropped"].old_line == line_of(REFERENCE, "[11. Promote")
    # IRAN proposed 11altern. and opposed 11.: both outcomes are IRAN's gains
    assert sorted(report.delegations["IRAN"].gained) == sorted(
        [report.changes.index(by_kind["proposal-accepted"]), report.changes.index(by_kind["proposal-dropped"])]
    )
    assert report.delegations["AZER"].lost == [report.changes.index(by_kind["proposal-dropped"])]


def test_new_proposal_is_proposal_added():
    new = REFERENCE.replace("systems and databases for volunteers", "systems and [secure] (+KAZ, -CHN) databases for volunteers")
    [change] = compare(REFERENCE, new).changes
    assert (change.kind, change.old_item, change.new_item) == ("proposal-added", "13.", "13.")
    assert change.delegations == ("CHN", "KAZ") and change.new == "[secure] (+KAZ, -CHN)" and change.old is None


# -- tags ----------------------------------------------------------------------------------


def test_a_delegation_joining_is_tag_added():
    new = REFERENCE.replace("(+IRAN) (SEC tcb)", "(+IRAN, +IND) (SEC tcb)")
    report = compare(REFERENCE, new)
    [change] = report.changes
    assert (change.kind, change.tag, change.delegations, change.old_item) == ("tag-added", "+IND", ("IND",), "15.")
    assert report.delegations["IND"].joined == [0]


def test_lifting_a_reservation_is_tag_withdrawn():
    draft = parse(REFERENCE)
    b = bracket_starting(draft, "[15. Encourage")
    group = [g for g in draft.brackets[b].tag_groups if "tcb" in draft.tag_groups[g].normalized][0]
    report = compare(REFERENCE, R.withdraw_tcb(draft, group, 0).preview(REFERENCE))
    [change] = report.changes
    assert (change.kind, change.tag, change.delegations) == ("tag-withdrawn", "SEC tcb", ("SEC",))
    assert report.delegations["SEC"].withdrew == [0]


def test_changing_sides_is_a_withdrawal_and_a_new_position():
    new = REFERENCE.replace("years]. (-IND)", "years]. (+IND)")
    assert sorted(kinds(compare(REFERENCE, new))) == ["tag-added", "tag-withdrawn"]


def test_registry_aliases_are_one_delegation():
    class Registry:
        def canonical(self, code):
            return {"IRAN": "IRN", "IRN": "IRN"}.get(code)

    new = REFERENCE.replace("(+IRAN) (SEC tcb)", "(+IRN) (SEC tcb)")
    assert compare(REFERENCE, new, Registry()).changes == []
    assert sorted(kinds(compare(REFERENCE, new))) == ["tag-added", "tag-withdrawn"]


# -- items ---------------------------------------------------------------------------------


def test_renumbering():
    new = REFERENCE.replace("\n13. Support", "\n14. Support")
    [change] = compare(REFERENCE, new).changes
    assert (change.kind, change.old, change.new, change.old_item, change.new_item) == ("item-renumbered", "13.", "14.", "13.", "14.")


def test_rewording_gives_a_word_diff():
    new = REFERENCE.replace("Support the development and promotion", "Support the swift development and promotion")
    [change] = compare(REFERENCE, new).changes
    assert change.kind == "text-changed" and change.old_item == "13."
    assert ("insert", "swift") in change.words
    assert " ".join(t for op, t in change.words if op != "insert").split() == change.old.split()[1:]  # no label


def test_rewording_a_proposal_names_its_holders():
    # Words changed inside IRAN's bracket: a text-changed that concerns IRAN (not a
    # proposal dropped and another added), and no gain or loss for anyone.
    new = REFERENCE.replace("[intercivilizational and intercultural exchanges] (+IRAN)", "[intercivilizational and cross-cultural exchanges] (+IRAN)")
    report = compare(REFERENCE, new)
    [change] = report.changes
    assert (change.kind, change.old_item, change.delegations) == ("text-changed", "Underlining", ("IRAN",))
    assert ("delete", "intercultural") in change.words and ("insert", "cross-cultural") in change.words
    assert report.delegations == {}
    # Inside the inner bracket of a nested proposal: that bracket's tags, not the outer one's.
    new = REFERENCE.replace("[exchanges and mutual learning among civilizations] (+CHN)", "[exchanges and learning among civilizations] (+CHN)")
    [change] = compare(REFERENCE, new).changes
    assert (change.kind, change.delegations) == ("text-changed", ("CHN",))


def _paragraph(text: str, start: str) -> str:
    begin = text.index(start)
    end = text.index("\n\n", begin)
    return text[begin:end]


def test_moving_a_paragraph_is_item_moved():
    p13 = _paragraph(REFERENCE, "13. Support")
    p11 = _paragraph(REFERENCE, "[11. Promote")
    assert REFERENCE.count(p13) == 1
    moved = REFERENCE.replace(p13 + "\n\n", "").replace(p11, p13 + "\n\n" + p11)
    report = compare(REFERENCE, moved)
    assert kinds(report) == ["item-moved"]
    assert report.changes[0].old_item == "13." and report.changes[0].new_line < report.changes[0].old_line


def test_adding_and_removing_paragraphs():
    p13 = _paragraph(REFERENCE, "13. Support")
    new = REFERENCE.replace(p13, p13 + "\n\n13bis. Encourage the exchange of volunteers between the Member States;")
    [added] = compare(REFERENCE, new).changes
    assert (added.kind, added.new_item, added.old_item, added.old_line) == ("item-added", "13bis.", None, None)
    assert added.new_line == line_of(new, "13bis.")
    [removed] = compare(new, REFERENCE).changes
    assert (removed.kind, removed.old_item, removed.new_item) == ("item-removed", "13bis.", None)


def test_heading_renamed():
    new = REFERENCE.replace("Appointment and extension", "Appointment, extension and termination")
    [change] = compare(REFERENCE, new).changes
    assert change.kind == "text-changed" and change.old_item == "Appointment and extension"


def test_a_revision_with_many_changes():
    draft = parse(REFERENCE)
    outcome = R.accept_all(draft, "IRAN", None)
    revised = outcome.preview(REFERENCE).replace("\n13. Support", "\n14. Support")
    revised = revised.replace("years]. (-IND)", "years]. (-IND, -CHN)")
    report = compare(REFERENCE, revised)
    got = kinds(report)
    assert "item-renumbered" in got and "tag-added" in got
    assert got.count("proposal-accepted") + got.count("proposal-dropped") >= 4
    assert set(got) <= set(KINDS)
    assert "text-changed" not in got and "item-removed" not in got
    assert report.delegations["IRAN"].gained and not report.delegations["IRAN"].lost


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name[:12])
def test_corpus_revision_with_settled_brackets(path):
    """Both corpus drafts are unbalanced here and there (the engine refuses them): settle
    a few innermost brackets by hand, keeping the words of some, dropping others."""
    text = path.read_text(encoding="utf-8")
    draft = parse(text)
    chosen, lines = [], set()
    for b in draft.brackets:
        line = text.count("\n", 0, b.open)
        if b.closed and not b.children and not b.tag_groups and b.close - b.open > 6 and line not in lines:
            if text.count("\n", b.open, b.close) == 0 and not any(c.open < b.close < c.close for c in draft.brackets if c.index != b.index and c.parent == b.parent and c.open > b.open):
                chosen.append(b)
                lines.add(line)
        if len(chosen) == 6:
            break
    assert len(chosen) == 6
    revised = text
    for n, b in sorted(enumerate(chosen), key=lambda p: -p[1].open):
        inner = text[b.open + 1 : b.close]
        revised = revised[: b.open] + (inner if n % 2 == 0 else "") + revised[b.close + 1 :]
    report = compare(text, revised)
    assert sorted(kinds(report)) == ["proposal-accepted"] * 3 + ["proposal-dropped"] * 3
    expected_lines = sorted(text.count("\n", 0, b.open) + 1 for b in chosen)
    assert sorted(c.old_line for c in report.changes) == expected_lines


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name[:12])
def test_corpus_reworded_paragraph(path):
    text = path.read_text(encoding="utf-8")
    target = next(u for u in text.split("\n") if len(u.split()) > 12 and "[" not in u)
    words = target.split()
    reworded = " ".join(words[:6] + ["notwithstanding"] + words[6:])
    report = compare(text, text.replace(target, reworded, 1))
    assert kinds(report) == ["text-changed"]
    assert ("insert", "notwithstanding") in report.changes[0].words


# -- bad input -----------------------------------------------------------------------------


def test_two_unrelated_drafts_give_a_sane_report():
    other = CORPUS[0].read_text(encoding="utf-8")
    report = compare(REFERENCE, other)
    assert report.unrelated
    assert set(kinds(report)) <= set(KINDS)
    assert "item-removed" in kinds(report) and "item-added" in kinds(report)
    assert report.as_json()["summary"]["unrelated"] is True
    assert not compare(REFERENCE, REFERENCE).unrelated


def test_empty_drafts():
    assert compare("", "").changes == []
    assert kinds(compare("", "1. One paragraph.")) == ["item-added"]
    assert kinds(compare("1. One paragraph.", "")) == ["item-removed"]
    assert compare("\n\n  \n", "").changes == []


def test_five_megabyte_revisions_give_a_sane_report():
    from benchmarks.generate import generate

    old = generate(5_000_000, seed=3)
    new = old.replace("(+IND)", "(+IND, +KAZ)", 5)
    started = time.perf_counter()
    report = compare(old, new)
    elapsed = time.perf_counter() - started
    assert kinds(report) == ["tag-added"] * 5, kinds(report)[:10]
    assert all(c.delegations == ("KAZ",) for c in report.changes)
    print(f"5 MB diff: {elapsed:.2f} s")  # a figure for the log, not a timed assertion
