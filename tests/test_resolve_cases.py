"""Hand-written expected outputs for real cases of the reference draft (SWG/739, 2023).

Each case runs a decision on the whole reference draft and compares the whole result:
the expected text is the original with a few exact passages replaced, so any change
anywhere else fails the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cicadraft.analysis import resolve as R
from cicadraft.registry import default_registry
from cicadraft.syntax import parse

SEED = Path(__file__).parent.parent.joinpath("examples", "SWG-739-2023.cicadraft").read_text(encoding="utf-8")
DRAFT = parse(SEED)
REGISTRY = default_registry()

TENURE = "tenure [, which should be not less than two and not more than four years]. (-IND)"
RESPECT = (
    "respect for [intercivilizational and intercultural exchanges] (+IRAN) [[cultural [and religious] (-CHN)] "
    "(+IND) diversity [[of civilizations] (-CHN), [exchanges and mutual learning among civilizations] (+CHN)]] "
    "(-IND) (-IRAN) and its role"
)
ITEM_11 = (
    "[11. Promote volunteers’ participation in programmes and projects related to multiculturalism, ethnic and "
    "religious tolerance and intercultural dialogue;] (-IRAN) (+AZER)"
)
ITEM_11ALT = (
    "[11altern. Promote [tolerance and] (+TUR) volunteers’ participation in intercultural [and "
    "intercivilizational] (+TUR) programmes and projects;] (+IRAN) (AZER tcb)"
)
ITEM_13 = (
    "databases for volunteers [, and encourage to assign country operators responsible for supporting and "
    "promoting such platforms] (CHN tcb) in the CICA"
)
ITEM_15_TEXT = (
    "15. Encourage the Member States to consider integrating volunteerism for sustainable development into the "
    "CICA agenda; encourage the Member States and other stakeholders to consider continuously sharing information "
    "about their policies, strategies, research and good practices on volunteering for sustainable development; "
    "request the Secretary General to examine the possibility of establishing a section on the CICA website for "
    "that purpose, and report to the Member States."
)
ITEM_15 = f"[{ITEM_15_TEXT}] (+IRAN) (SEC tcb)"
BEFORE_15 = "14. Promote training and courses to develop technical skills and relevant competencies for volunteers.\n\n"


def expected(*replacements: tuple[str, str]) -> str:
    text = SEED
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def bracket(starting: str) -> int:
    """The index of the bracket whose text starts with ``starting`` (after the `[`)."""
    found = [b.index for b in DRAFT.brackets if SEED.startswith(starting, b.open + 1)]
    assert len(found) == 1, starting
    return found[0]


def result(outcome: R.Outcome) -> str:
    assert outcome.ok, outcome.refusal
    return outcome.preview(SEED)


def test_the_reference_draft_is_what_these_cases_expect():
    for passage in (TENURE, RESPECT, ITEM_11, ITEM_11ALT, ITEM_13, BEFORE_15 + ITEM_15):
        assert SEED.count(passage) == 1
    assert SEED.endswith(ITEM_15)  # no final line break


# --- SPEC §6, first example: punctuation between the bracket and its tag ---------------


def test_spec_example_1_accepted():
    outcome = R.accept(DRAFT, bracket(", which should"), "IND", REGISTRY)
    assert result(outcome) == expected((TENURE, "tenure."))


def test_spec_example_1_rejected():
    outcome = R.reject(DRAFT, bracket(", which should"), "IND", REGISTRY)
    assert result(outcome) == expected(
        (TENURE, "tenure, which should be not less than two and not more than four years.")
    )


def test_spec_example_1_edits_are_minimal():
    outcome = R.accept(DRAFT, bracket(", which should"), "IND", REGISTRY)
    start = SEED.index(TENURE)
    # ` [, which … years]` goes, the `.` stays, ` (-IND)` goes.
    assert [(e.span.start - start, e.span.end - start, e.new_text) for e in outcome.edits] == [
        (6, 73, ""),
        (74, 81, ""),
    ]


# --- SPEC §6, second example: accept all from IRAN, nested brackets ------------------


def test_spec_example_2_accept_all_from_iran():
    assert result(R.accept_all(DRAFT, "IRAN", REGISTRY)) == expected(
        (RESPECT, "respect for intercivilizational and intercultural exchanges and its role"),
        # IRAN opposes item 11 and proposes 11altern.: 11 goes, 11altern. takes its number.
        (ITEM_11 + "\n\n", ""),
        (
            ITEM_11ALT,
            "11. Promote [tolerance and] (+TUR) volunteers’ participation in intercultural [and "
            "intercivilizational] (+TUR) programmes and projects;",
        ),
        (ITEM_15, ITEM_15_TEXT),
    )


def test_the_alias_irn_is_iran():
    assert R.accept_all(DRAFT, "IRN", REGISTRY).edits == R.accept_all(DRAFT, "IRAN", REGISTRY).edits


def test_reject_all_from_iran():
    assert result(R.reject_all(DRAFT, "IRAN", REGISTRY)) == expected(
        (
            RESPECT,
            "respect for [cultural [and religious] (-CHN)] (+IND) diversity [[of civilizations] (-CHN), "
            "[exchanges and mutual learning among civilizations] (+CHN)] and its role",
        ),
        (
            ITEM_11,
            "11. Promote volunteers’ participation in programmes and projects related to multiculturalism, "
            "ethnic and religious tolerance and intercultural dialogue;",
        ),
        ("\n\n" + ITEM_11ALT, ""),
        # The last item goes with the blank line before it; the draft still ends without
        # a line break.
        ("\n\n" + ITEM_15, ""),
    )


# --- Nested brackets ------------------------------------------------------------------


def test_nested_bracket_accepted_inside_its_parent():
    outcome = R.accept(DRAFT, bracket("and religious"), "CHN", REGISTRY)
    assert result(outcome) == expected(("[cultural [and religious] (-CHN)] (+IND)", "[cultural] (+IND)"))


def test_nested_bracket_rejected_inside_its_parent():
    outcome = R.reject(DRAFT, bracket("and religious"), "CHN", REGISTRY)
    assert result(outcome) == expected(("[cultural [and religious] (-CHN)] (+IND)", "[cultural and religious] (+IND)"))


def test_outer_bracket_kept_leaves_nested_brackets_as_they_are():
    outcome = R.reject(DRAFT, bracket("[cultural"), "IND", REGISTRY)  # IND's deletion turned down
    assert result(outcome) == expected(
        (
            "(+IRAN) [[cultural [and religious] (-CHN)] (+IND) diversity [[of civilizations] (-CHN), "
            "[exchanges and mutual learning among civilizations] (+CHN)]] (-IND) (-IRAN) and",
            "(+IRAN) [cultural [and religious] (-CHN)] (+IND) diversity [[of civilizations] (-CHN), "
            "[exchanges and mutual learning among civilizations] (+CHN)] and",
        )
    )


def test_inner_bracket_dropped_at_the_start_of_its_parent():
    outcome = R.reject(DRAFT, bracket("cultural [and"), "IND", REGISTRY)
    assert result(outcome) == expected(("[[cultural [and religious] (-CHN)] (+IND) diversity", "[diversity"))


def test_accept_all_from_china_drops_one_grouped_alternative_with_its_comma():
    assert result(R.accept_all(DRAFT, "CHN", REGISTRY)) == expected(
        (
            "[[cultural [and religious] (-CHN)] (+IND) diversity [[of civilizations] (-CHN), [exchanges and "
            "mutual learning among civilizations] (+CHN)]]",
            "[[cultural] (+IND) diversity [exchanges and mutual learning among civilizations]]",
        ),
        (ITEM_13, ITEM_13.replace(" (CHN tcb)", "")),
    )


# --- Two tags on one bracket ------------------------------------------------------------


def test_two_tags_accepting_the_supporter_keeps_the_item():
    outcome = R.accept(DRAFT, bracket("11. Promote"), "AZER", REGISTRY)
    assert result(outcome) == expected((ITEM_11, ITEM_11[1:].replace(";] (-IRAN) (+AZER)", ";")))


def test_two_tags_accepting_the_opponent_removes_the_item_and_renumbers_the_alternative():
    outcome = R.accept(DRAFT, bracket("11. Promote"), "IRAN", REGISTRY)
    assert result(outcome) == expected((ITEM_11 + "\n\n", ""), ("[11altern. Promote", "[11. Promote"))


def test_two_tags_that_disagree_need_a_delegation():
    outcome = R.accept(DRAFT, bracket("11. Promote"), registry=REGISTRY)
    assert outcome.refusal.reason == "ambiguous" and outcome.edits == ()


# --- tcb --------------------------------------------------------------------------------


def test_withdrawing_a_reservation_keeps_the_bracket():
    group = DRAFT.brackets[bracket(", and encourage")].tag_groups[0]
    assert result(R.withdraw_tcb(DRAFT, group, 0)) == expected((ITEM_13, ITEM_13.replace(" (CHN tcb)", "")))
    assert R.accept(DRAFT, bracket(", and encourage"), "CHN", REGISTRY).edits == R.withdraw_tcb(DRAFT, group, 0).edits


def test_a_reservation_cannot_be_rejected():
    outcome = R.reject(DRAFT, bracket(", and encourage"), "CHN", REGISTRY)
    assert outcome.refusal.reason == "nothing-to-do" and outcome.edits == ()


def test_accepting_a_bracket_with_only_a_reservation_keeps_its_text():
    outcome = R.accept(DRAFT, bracket(", and encourage"), registry=REGISTRY)
    assert result(outcome) == expected(
        (
            ITEM_13,
            "databases for volunteers, and encourage to assign country operators responsible for supporting and "
            "promoting such platforms in the CICA",
        )
    )


def test_withdrawing_the_second_of_two_groups_at_the_end_of_the_draft():
    outcome = R.accept(DRAFT, bracket("15. Encourage"), "SEC", REGISTRY)
    assert result(outcome) == expected((ITEM_15, ITEM_15.replace(" (SEC tcb)", "")))


def test_accept_all_from_azerbaijan_keeps_11_and_withdraws_its_reservation_on_11altern():
    assert result(R.accept_all(DRAFT, "AZE", REGISTRY)) == expected(
        (ITEM_11, ITEM_11[1:].replace(";] (-IRAN) (+AZER)", ";")),
        (ITEM_11ALT, ITEM_11ALT.replace(" (AZER tcb)", "")),
    )


# --- An item that becomes empty -----------------------------------------------------------


def test_a_dropped_item_goes_with_one_blank_line():
    outcome = R.reject(DRAFT, bracket("15. Encourage"), "IRAN", REGISTRY)
    assert result(outcome) == expected(("\n\n" + ITEM_15, ""))


def test_a_dropped_item_in_the_middle_goes_with_one_blank_line():
    outcome = R.reject(DRAFT, bracket("11altern."), "IRAN", REGISTRY)
    assert result(outcome) == expected((ITEM_11ALT + "\n\n", ""))


# --- The 11. / 11altern. pair (SPEC §7) --------------------------------------------------


def test_choosing_11altern_makes_it_11():
    members = R.alternatives_at(DRAFT, SEED.index("11altern."))
    assert [(m.kind, m.label) for m in members] == [("item", "11."), ("item", "11altern.")]
    outcome = R.choose_alternative(DRAFT, SEED.index("11altern."))
    assert result(outcome) == expected(
        (ITEM_11 + "\n\n", ""),
        (
            ITEM_11ALT,
            "11. Promote [tolerance and] (+TUR) volunteers’ participation in intercultural [and "
            "intercivilizational] (+TUR) programmes and projects;",
        ),
    )
    assert R.choose_alternative(DRAFT, members[1]).edits == outcome.edits


def test_choosing_11_drops_11altern():
    members = R.alternatives_at(DRAFT, SEED.index("11altern."))
    outcome = R.choose_alternative(DRAFT, members[0])
    assert result(outcome) == expected((ITEM_11, ITEM_11[1:].replace(";] (-IRAN) (+AZER)", ";")), ("\n\n" + ITEM_11ALT, ""))


def test_choosing_one_of_two_grouped_inline_alternatives():
    offset = SEED.index("exchanges and mutual")
    assert [m.label for m in R.alternatives_at(DRAFT, offset)] == [
        "of civilizations",
        "exchanges and mutual learning among civilizations",
    ]
    assert result(R.choose_alternative(DRAFT, offset)) == expected(
        (
            "diversity [[of civilizations] (-CHN), [exchanges and mutual learning among civilizations] (+CHN)]]",
            "diversity exchanges and mutual learning among civilizations]",
        )
    )


def test_choosing_one_of_two_adjacent_inline_alternatives():
    offset = SEED.index("intercivilizational and intercultural")
    assert result(R.choose_alternative(DRAFT, offset)) == expected(
        (RESPECT, "respect for intercivilizational and intercultural exchanges and its role")
    )


# --- Clean text ---------------------------------------------------------------------------


def test_keep_all():
    assert result(R.keep_all(DRAFT)) == expected(
        (TENURE, "tenure, which should be not less than two and not more than four years."),
        (
            RESPECT,
            "respect for intercivilizational and intercultural exchanges cultural and religious diversity of "
            "civilizations, exchanges and mutual learning among civilizations and its role",
        ),
        (ITEM_11, ITEM_11[1:].replace(";] (-IRAN) (+AZER)", ";")),
        (
            ITEM_11ALT,
            "11altern. Promote tolerance and volunteers’ participation in intercultural and intercivilizational "
            "programmes and projects;",
        ),
        (
            ITEM_13,
            "databases for volunteers, and encourage to assign country operators responsible for supporting and "
            "promoting such platforms in the CICA",
        ),
        (ITEM_15, ITEM_15_TEXT),
    )


def test_drop_all():
    assert result(R.drop_all(DRAFT)) == expected(
        (TENURE, "tenure."),
        (RESPECT, "respect for and its role"),
        (ITEM_11 + "\n\n" + ITEM_11ALT + "\n\n", ""),
        (ITEM_13, "databases for volunteers in the CICA"),
        ("\n\n" + ITEM_15, ""),
    )


# --- Hover ----------------------------------------------------------------------------------


def test_describe_the_tenure_bracket():
    info = R.describe(DRAFT, bracket(", which should"), REGISTRY)
    assert [(p["code"], p["canonical"], p["kind"], p["accept"], p["reject"]) for p in info["positions"]] == [
        ("IND", "IND", "-", "drop", "keep")
    ]
    assert info["accepted"].endswith("indicating the proposed tenure.")
    assert info["rejected"].endswith("tenure, which should be not less than two and not more than four years.")


def test_describe_two_tags_that_disagree():
    info = R.describe(DRAFT, bracket("11. Promote"), REGISTRY)
    assert [(p["canonical"], p["accept"]) for p in info["positions"]] == [("IRN", "drop"), ("AZE", "keep")]
    assert info["accepted"] is None and info["rejected"] is None  # say whose proposal
    assert info["dropped"] == ""  # the whole item goes
    assert info["kept"].startswith("11. Promote volunteers’")


@pytest.mark.parametrize("code", ["IRAN", "CHN", "AZER", "IND", "SEC", "TUR"])
def test_crlf_gives_the_same_result_with_crlf(code):
    crlf = SEED.replace("\n", "\r\n")
    outcome = R.accept_all(parse(crlf), code, REGISTRY)
    assert outcome.preview(crlf) == result(R.accept_all(DRAFT, code, REGISTRY)).replace("\n", "\r\n")
