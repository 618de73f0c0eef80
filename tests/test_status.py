"""Counting a draft's open business (analysis/status.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cicadraft.analysis.status import bracket_positions, count_positions, positions_of, status
from cicadraft.registry import default_registry
from cicadraft.syntax import parse

EXAMPLE = Path(__file__).parents[1] / "examples" / "SWG-739-2023.cicadraft"


@pytest.fixture(scope="module")
def registry():
    return default_registry()


def test_status_of_the_reference_draft(registry):
    draft = parse(EXAMPLE.read_text(encoding="utf-8"))
    result = status(draft, registry)
    assert result["brackets"] == len(draft.brackets) == 14
    assert result["openProposals"] == 14
    assert result["unbalanced"] == 0
    delegations = result["delegations"]
    # Keys are the spellings the draft uses; IRAN is the registry's IRN.
    assert delegations["IRAN"] == {"plus": 3, "minus": 2, "tcb": 0}
    assert delegations["IND"] == {"plus": 1, "minus": 2, "tcb": 0}
    assert delegations["CHN"] == {"plus": 1, "minus": 2, "tcb": 1}
    assert delegations["AZER"] == {"plus": 1, "minus": 0, "tcb": 1}
    assert delegations["TUR"] == {"plus": 2, "minus": 0, "tcb": 0}
    assert delegations["SEC"] == {"plus": 0, "minus": 0, "tcb": 1}
    assert "IRN" not in delegations


def test_aliases_count_together_under_the_first_spelling(registry):
    draft = parse("[a] (+IRAN) [b] (-IRN) [c] (IRAN tcb) [d] (+iran)")
    result = status(draft, registry)
    assert result["delegations"] == {"IRAN": {"plus": 2, "minus": 1, "tcb": 1}}
    counted = count_positions(draft, registry)
    assert list(counted) == ["IRN"]
    assert counted["IRN"].spellings == ["IRAN", "IRN"]
    assert positions_of(draft, registry, "IRN").plus == 2
    assert positions_of(draft, registry, "CHN").total == 0


def test_unknown_codes_count_under_their_own_spelling(registry):
    result = status(parse("[a] (+INDD) [b] (-INDD)"), registry)
    assert result["delegations"] == {"INDD": {"plus": 1, "minus": 1, "tcb": 0}}


def test_notes_are_not_proposals_and_unbalanced_counts_strays_and_unclosed(registry):
    draft = parse("[NOTE: to be checked] text [a] (+IND)] more ] here\n\n[Placeholder] and [open")
    result = status(draft, registry)
    assert result["brackets"] == 4
    assert result["openProposals"] == 2  # [a] and the unclosed [open
    assert result["unbalanced"] == 3  # two stray `]`, one unclosed `[`


def test_floating_and_malformed_tags_count(registry):
    draft = parse("Text (+IND) here.\n\n[a] (+ chn, AZER TCB)")
    result = status(draft, registry)
    assert result["delegations"]["IND"] == {"plus": 1, "minus": 0, "tcb": 0}
    assert result["delegations"]["CHN"] == {"plus": 1, "minus": 0, "tcb": 0}
    assert result["delegations"]["AZER"] == {"plus": 0, "minus": 0, "tcb": 1}
    counted = count_positions(draft, registry)
    assert counted["IND"].attached_signs == 0
    assert counted["CHN"].attached_signs == 1


def test_empty_draft(registry):
    assert status(parse(""), registry) == {"openProposals": 0, "brackets": 0, "unbalanced": 0, "delegations": {}}


def test_bracket_positions_group_by_delegation(registry):
    draft = parse("[a] (+IRAN) (AZER tcb) (-IRN) (-CHN, +TUR)")
    positions = bracket_positions(draft, draft.brackets[0], registry)
    assert [(p.code, p.canonical, p.wish) for p in positions] == [
        ("IRAN", "IRN", "conflict"),
        ("AZER", "AZE", "tcb"),
        ("CHN", "CHN", "-"),
        ("TUR", "TUR", "+"),
    ]
    assert positions[0].effect(True) == "conflict"
    assert positions[1].effect(True) == "withdraw" and positions[1].effect(False) is None
    assert positions[2].effect(True) == "drop" and positions[2].effect(False) == "keep"
    assert positions[3].effect(True) == "keep" and positions[3].effect(False) == "drop"
    assert positions[0].tags == [(0, 0), (2, 0)]
