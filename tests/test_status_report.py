"""The status report model (analysis/status_report.py), its JSON schema, and the text,
markdown and csv renderers, on hand-written drafts (counts worked out by hand), the
reference draft and the other negotiations' drafts."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from cicadraft.analysis.status import status
from cicadraft.analysis.status_render import render
from cicadraft.analysis.status_render.text import WIDTH, columns
from cicadraft.analysis.status_report import count_words, draft_status, report
from cicadraft.registry import default_registry
from cicadraft.syntax import parse

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "SWG-739-2023.cicadraft"
OTHERS = sorted(Path("/work/shared/examples/other-negotiations").glob("*.txt"))

# By hand: 4 paragraphs; 2. and 3. are open (a proposal; a floating reservation).
# Words (runs of letters and digits; tags and notes are not words): "Functions" 1,
# "1 Agreed words here" 4, "2 Some contested words and end" 6 (NOTE a note left out),
# "3 Reserved paragraph" 3, "4 Last" 2 = 16; inside the proposal: "contested words" = 2.
HAND = (
    "Functions\n\n"
    "1. Agreed words here.\n"
    "2. Some [contested words] (+IND, -IRAN) and [NOTE: a note] end.\n"
    "3. Reserved paragraph (AZER tcb).\n"
    "4. Last.\n"
)


@pytest.fixture(scope="module")
def registry():
    return default_registry()


def test_hand_written_draft(registry):
    result = draft_status("hand.cicadraft", parse(HAND), registry)
    assert (result.paragraphs, result.agreed, result.open) == (4, 2, 2)
    assert (result.brackets, result.open_proposals, result.unbalanced) == (2, 1, 0)
    assert (result.words.total, result.words.agreed) == (16, 14)
    assert result.words.share == pytest.approx(14 / 16)
    assert [p.item for p in result.items] == ["2.", "3."]
    assert [(p.code, p.item, p.text) for p in result.reservations] == [("AZER", "3.", "Reserved paragraph")]
    assert {code: (d.plus, d.minus, d.tcb) for code, d in result.delegations.items()} == {
        "IND": (1, 0, 0), "IRAN": (0, 1, 0), "AZER": (0, 0, 1),
    }
    assert result.delegations["IRAN"].canonical == "IRN" and result.delegations["IRAN"].names["ru"] == "Иран"
    assert [(s.title, s.agreed, s.open) for s in result.sections] == [("Functions", 2, 2)]
    assert result.problems == []


def test_words_inside_nested_proposals_and_notes_count_once():
    # "a b c d e f" = 6 words; proposals cover "b c d" (the nested [c] inside [b … d]);
    # the note inside the proposal and the tag groups are not words.
    words = count_words(parse("a [b [c] (+IND) d [NOTE x y]] (-CHN) e f"))
    assert (words.total, words.agreed) == (6, 3)
    empty = count_words(parse(""))
    assert (empty.total, empty.agreed, empty.share) == (0, 0, None)


def test_unbalanced_draft_is_reported_with_its_problems(registry):
    text = "1. Stray ] here.\n2. Open [never closed (+CHN)\n3. More words."
    result = draft_status("bad.cicadraft", parse(text), registry)
    assert [(p.line, p.column, p.code) for p in result.problems] == [(0, 9, "stray-bracket"), (1, 8, "unclosed-bracket")]
    assert result.unbalanced == 2
    assert (result.agreed, result.open) == (1, 2)  # the unclosed bracket runs to the end
    out = render(report([("bad.cicadraft", parse(text))], registry), "text")
    assert "The brackets are not balanced (2)" in out
    assert "1:10: This “]” closes no bracket" in out and "2:9: This “[” is never closed" in out


def test_reference_draft(registry):
    draft = parse(EXAMPLE.read_text(encoding="utf-8"))
    result = draft_status("SWG", draft, registry)
    counts = status(draft, registry)
    assert {code: {"plus": d.plus, "minus": d.minus, "tcb": d.tcb} for code, d in result.delegations.items()} == counts["delegations"]
    assert (result.brackets, result.open_proposals, result.unbalanced) == (14, 14, 0)
    assert [p.item for p in result.items] == ["1.10", "Underlining", "11.", "11altern.", "13.", "15."]
    assert [(p.code, p.item) for p in result.reservations] == [("AZER", "11altern."), ("CHN", "13."), ("SEC", "15.")]
    assert result.open == 6 and result.agreed == result.paragraphs - 6
    assert 0.9 < result.words.share < 1
    chapter1 = next(s for s in result.sections if s.title.startswith("Chapter 1."))
    assert (chapter1.agreed, chapter1.open) == (11, 1)  # 1.1 to 1.12 under "Functions" and "Appointment…"; 1.10 open
    statement = result.sections[-1]
    assert statement.title == "DRAFT CICA MINISTERIAL COUNCIL STATEMENT" and statement.open == 5


@pytest.mark.parametrize("path", OTHERS, ids=[p.name for p in OTHERS])
def test_other_negotiations(path, registry):
    draft = parse(path.read_text(encoding="utf-8"))
    result = draft_status(path.name, draft, registry)
    counts = status(draft, registry)
    assert result.delegations == {} and counts["delegations"] == {}  # bracketed, but nobody named
    assert result.brackets == counts["brackets"] > 50
    assert result.open + result.agreed == result.paragraphs > 50
    assert 0 < result.words.agreed < result.words.total
    assert result.unbalanced == counts["unbalanced"] == len(result.problems)
    assert sum(s.agreed + s.open for s in result.sections) == result.paragraphs
    out = render(report([(path.name, draft)], registry), "text")
    assert "No delegation holds a position." in out


SCHEMA_DRAFT = {
    "path", "paragraphs", "brackets", "openProposals", "unbalanced", "words", "delegations", "names", "items",
    "reservations", "sections", "problems",
}
SCHEMA_TOTAL = {"drafts", "paragraphs", "brackets", "openProposals", "unbalanced", "reservations", "words", "delegations", "names"}


def test_json_schema_is_stable(registry):
    drafts = [("hand.cicadraft", parse(HAND)), ("bad.cicadraft", parse("1. [open (+IRN)"))]
    data = json.loads(render(report(drafts, registry), "json"))
    assert set(data) == {"drafts", "total"}
    first, second = data["drafts"]
    assert set(first) == SCHEMA_DRAFT and set(second) == SCHEMA_DRAFT
    assert set(data["total"]) == SCHEMA_TOTAL
    assert first["path"] == "hand.cicadraft"
    assert first["paragraphs"] == {"total": 4, "agreed": 2, "open": 2}
    assert first["words"] == {"total": 16, "agreed": 14, "shareAgreed": 0.875}
    assert first["delegations"]["IND"] == {
        "plus": 1, "minus": 0, "tcb": 0,
        "positions": [{"item": "2.", "sign": "+", "text": "contested words", "line": 4}],
    }
    assert first["names"]["IRAN"] == {"canonical": "IRN", "name": "Iran"}
    assert first["items"][0] == {"item": "2.", "line": 4, "proposals": 1, "holders": {"IND": ["+"], "IRAN": ["-"]}}
    assert first["reservations"] == [{"code": "AZER", "item": "3.", "text": "Reserved paragraph", "line": 5}]
    assert first["sections"] == [{"title": "Functions", "line": 1, "agreed": 2, "open": 2}]
    assert second["problems"] == [
        {"line": 1, "column": 4, "code": "unclosed-bracket",
         "message": "This “[” is never closed: add the matching “]” where the contested text ends."},
    ]
    # Totals add up by registry code: IRAN (first spelling) and IRN are one delegation.
    assert data["total"]["delegations"]["IRAN"] == {"plus": 1, "minus": 1, "tcb": 0}
    assert "IRN" not in data["total"]["delegations"]
    assert data["total"]["paragraphs"] == {"total": 5, "agreed": 2, "open": 3}
    assert data["total"]["drafts"] == 2 and data["total"]["reservations"] == 1


def test_text_fits_80_columns_in_both_languages(registry):
    drafts = [(str(EXAMPLE), parse(EXAMPLE.read_text(encoding="utf-8")))]
    drafts += [("/a/very/long/folder/name/" * 4 + p.name, parse(p.read_text(encoding="utf-8"))) for p in OTHERS]
    built = report(drafts, registry)
    for locale in ("en", "ru"):
        for by in ("delegation", "item"):
            out = render(built, "text", locale, by)
            assert max(columns(line) for line in out.splitlines()) <= WIDTH
    english = render(built, "text", "en")
    assert "Where the negotiation stands: 3 drafts" in english
    assert "IRAN (Iran)" in english and "Words agreed       96." in english
    assert "== …" in english and "04_inc_plastics_chairs_text_2024-12-01.txt ==" in english  # the name kept
    russian = render(built, "text", "ru", "item")
    assert "Состояние переговоров: 3 проекта" in russian
    assert "Открытые пункты: чья какая позиция" in russian and "11altern.         293  TUR +, IRAN +, AZER tcb" in russian


def test_markdown(registry):
    out = render(report([("hand.cicadraft", parse(HAND))], registry), "markdown", "en")
    assert out.startswith("# Where the negotiation stands: 1 draft\n")
    assert "## hand.cicadraft" in out
    assert "| IND (India) | 1 | 0 | 0 |" in out
    assert "| AZER | 3. | 5 | Reserved paragraph |" in out
    by_item = render(report([("hand.cicadraft", parse(HAND))], registry), "markdown", "ru", "item")
    assert "| 2. | 4 | 1 | IND +, IRAN - |" in by_item and "### Открытые пункты" in by_item


def test_csv_rows_and_formula_guard(registry):
    text = "1. [=HYPERLINK(\"x\") text] (+IND)\n- [@cmd] (CHN tcb)"
    out = render(report([("f.cicadraft", parse(text))], registry), "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["path", "delegation", "canonical", "name", "sign", "item", "line", "text"]
    assert rows[1] == ["f.cicadraft", "IND", "IND", "India", "+", "1.", "1", "'=HYPERLINK(\"x\") text"]
    assert rows[2][4:] == ["tcb", "'@cmd", "2", "'@cmd"]
    items = list(csv.reader(io.StringIO(render(report([("f.cicadraft", parse(text))], registry), "csv", by="item"))))
    assert items == [["path", "item", "line", "proposals", "holders"], ["f.cicadraft", "1.", "1", "1", "IND +"],
                     ["f.cicadraft", "'@cmd", "2", "1", "CHN tcb"]]
