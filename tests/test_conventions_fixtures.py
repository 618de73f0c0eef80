"""The test drafts in the styles of UN negotiations (tests/fixtures/conventions/, each
with its source on its first line): every convention of docs/conventions.md at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from cicadraft.analysis.document_findings import analyze
from cicadraft.analysis.status import status
from cicadraft.analysis.structure import outline, walk
from cicadraft.cli.main import main
from cicadraft.registry import default_registry
from cicadraft.registry.loader import profile_registry
from cicadraft.syntax import parse

FIXTURES = Path(__file__).parent / "fixtures" / "conventions"
UNFCCC = FIXTURES / "unfccc-style-options.cicadraft"
BBNJ = FIXTURES / "bbnj-style-proposals.cicadraft"


@pytest.mark.parametrize("path", [UNFCCC, BBNJ], ids=["unfccc", "bbnj"])
@pytest.mark.parametrize("registry", [default_registry(), profile_registry("un")], ids=["cica", "un"])
def test_no_noise(path, registry):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("SOURCE: ")
    assert analyze(parse(text), registry) == []


def test_unfccc_style_options():
    draft = parse(UNFCCC.read_text(encoding="utf-8"))
    groups = [[draft.options[i].label for i in group] for group in draft.option_groups]
    assert groups == [["Option 1", "Option 2"]] * 3
    assert [o.no_text for o in draft.options] == [False, True, False, False, False, False]


def run(capsys, *args) -> str:
    assert main(["resolve", *args]) == 0
    return capsys.readouterr().out


def test_unfccc_choose_option_1_everywhere(capsys):
    result = run(capsys, "--choose", "option 1:", str(UNFCCC))
    assert "Option" not in result.split("\n", 1)[1]
    assert "\n**\n" not in result  # the marker's emphasis went with it
    assert "(a) hold the increase" in result and "(a) [Be quantified or quantifiable;]" in result
    assert "Each developed country Party" not in result
    # The paragraphs the options belonged to stay.
    assert "1. *Collective long-term goal*" in result and "2. *Features*" in result
    assert "3.3bis Developing country Parties" in result


def test_unfccc_choosing_the_zero_option_removes_the_article_text(capsys):
    result = run(capsys, "--choose", "Option 2", str(UNFCCC))
    assert "The purpose of this Agreement" not in result
    assert "**Article 2 (purpose)**\n\n**Article 3 (mitigation)**" in result


def test_bbnj_style_placeholders_words_and_attributions(capsys):
    text = BBNJ.read_text(encoding="utf-8")
    draft = parse(text)
    roles = {text[b.open : b.close + 1]: b.role for b in draft.brackets}
    assert roles["[X]"] == roles["[insert number]"] == "placeholder"
    assert roles["[Merge with II.8]"] == "reference"
    assert roles["[g]"] == roles["[s]"] == roles["[/or]"] == "proposal"
    answer = status(draft, default_registry())
    assert answer["openProposals"] == answer["brackets"] - 4
    attributions = [node.attribution for node, _ in walk(outline(draft)) if node.attribution]
    assert attributions == ["Led by Singapore", "Proposed by EU", "Proposed by US", "Proposed by AOSIS"]
    result = run(capsys, "--choose", "OPTION II", "--choose", "Option B", "--choose", "Option 0", "--keep-all", str(BBNJ))
    assert "(b) Ensure the Guidelines adopted under article [X] are applied." in result
    assert "within [insert number] days" in result  # placeholders stay to be filled in
    assert "Merge with" not in result and "Monitoring\n" in result and "Parties shall monitor" not in result
