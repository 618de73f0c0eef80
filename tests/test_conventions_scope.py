"""Label scopes (SPEC §9): sub-paragraph labels belong to their paragraph, paragraph
numbers to their option or article; duplicate-label only within one scope. Measured on
the two real drafts in the shared examples and on hand-made ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from cicadraft.analysis.document_findings import analyze
from cicadraft.registry import default_registry
from cicadraft.syntax import parse

SHARED = Path("/work/shared/examples/other-negotiations")
INC = SHARED / "04_inc_plastics_chairs_text_2024-12-01.txt"
BBNJ = SHARED / "06_bbnj_further_revised_draft_text_2022-06-01.txt"
REGISTRY = default_registry()


def duplicates(text: str) -> list[str]:
    return [text[f.span.start : f.span.end] for f in analyze(parse(text), REGISTRY) if f.code == "duplicate-label"]


@pytest.mark.parametrize("path", [INC, BBNJ], ids=["inc5-chair", "bbnj-2022"])
def test_real_drafts_raise_no_duplicate_label_noise(path):
    assert path.is_file(), f"the shared example {path} is missing"
    text = path.read_text(encoding="utf-8")
    draft = parse(text)
    # The drafts do repeat labels: (a), (b) under many paragraphs, 1. in each option.
    labels = [normalized for block in draft.blocks for _, normalized in block.syntax.labels]
    assert labels.count("(a)") >= 3 and labels.count("(b)") >= 3
    assert duplicates(text) == []


def test_real_duplicates_in_one_scope_are_still_reported():
    bbnj = BBNJ.read_text(encoding="utf-8")
    # (b) twice under paragraph 2 of article 24, and paragraph 2 of article 25 twice.
    doubled = bbnj.replace(
        "[2. Where relevant, the environmental",
        "[2. Where relevant, the environmental impact]\n2. Where relevant, the environmental",
    ).replace("(b) The duration of the activity;", "(b) The duration of the activity;\n(b) Again;")
    assert duplicates(doubled) == ["(b)", "2."]


SAME_SCOPE = [
    ("1. a\n(a) x\n(a) y", ["(a)"]),
    ("Option 1\n\n1. a\n\n1. b", ["1."]),
    ("Article 3\n1. a\n(a) x\n(b) y\n(b) z", ["(b)"]),
    ("1. x\n(a) y\n(i) one\n(ii) two\n(ii) again", ["(ii)"]),
    ("Functions\n\n1.1 First.\n\n1.1 Again.", ["1.1"]),  # CICA: as before
]
OTHER_SCOPES = [
    "1. a\n(a) x\n(b) y\n2. b\n(a) z\n(b) w",
    "Option 1\n\n1. a\n\n2. b\n\nOption 2\n\n1. c\n\n2. d",
    "Article 1\n1. a\nArticle 2\n1. b",
    "1. x\n(a) y\n(i) one\n(ii) two\n(b) z\n(i) one\n(ii) two",
    "5. determines that:\nOption 1: (a) one;\n(b) two;\nOption 2: (a) three;\n(b) four.",
    "OPTION I:\n1. a\n2. b\nOPTION II:\n1. c\n2. d",
    "1. Option A: a\nOption A.1: x\n1 bis. y\nOption A.2: z\n1 bis. w\n2. next",
    "(g) seven\n(h) eight\n(i) nine, a letter\n(j) ten",
]


@pytest.mark.parametrize("text,expected", SAME_SCOPE)
def test_duplicates_within_a_scope(text, expected):
    assert duplicates(text) == expected


@pytest.mark.parametrize("text", OTHER_SCOPES)
def test_same_label_in_other_scopes_is_no_duplicate(text):
    assert duplicates(text) == []


def test_a_paragraph_after_options_opened_inside_a_paragraph_leaves_them():
    # `1. Option A:` opens options inside paragraph 1; `2.` is outside them, so a
    # second `2.` after it repeats it.
    assert duplicates("1. Option A: a\nOption B: b\n2. c\n2. d") == ["2."]
