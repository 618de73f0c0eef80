"""Each diagnostic: inputs that must trigger it (at exactly the marked span) and inputs
that must not."""

from __future__ import annotations

from pathlib import Path

import pytest

from cicadraft.analysis.diagnostics import CODES, DEFAULT_SEVERITY, Analyzer
from cicadraft.analysis.document_findings import analyze, findings_of
from cicadraft.registry import default_registry
from cicadraft.syntax import parse
from markers import unmark

REGISTRY = default_registry()
EXAMPLE = Path(__file__).parents[1] / "examples" / "SWG-739-2023.cicadraft"


def findings(text: str, code: str | None = None, **kwargs):
    found = analyze(parse(text), REGISTRY, **kwargs)
    return [f for f in found if code is None or f.code == code]


TRIGGERS = [
    ("unclosed-bracket", "text «[»open and [closed]"),
    ("unclosed-bracket", "«[»a\n\n«[»b\n\n[c]"),
    ("stray-bracket", "text«]» and [fine]"),
    ("stray-bracket", "[a]\n\nb«]»"),
    ("unknown-code", "[x] (+«INDD»)"),
    ("unknown-code", "[x] (+IND, -«XYZ»)"),
    ("malformed-tag", "[x] «(+ IRAN)»"),
    ("malformed-tag", "[x] «(+iran)»"),
    ("malformed-tag", "[x] «(AZER TCB)»"),
    ("malformed-tag", "[x] «(+IND; -PAK)»"),
    ("floating-tag", "[x] some words «(+IRAN)»"),
    ("floating-tag", "no bracket at all «(-CHN)»"),
    ("floating-tag", "text] «(+IRAN)»"),
    ("conflicting-tags", "[x] (+IND) («-IND»)"),
    ("conflicting-tags", "[x] (+IRAN, «-IRN»)"),
    ("duplicate-tag", "[x] (+IND) «(+IND)»".replace("«(+IND)»", "(«+IND»)")),
    ("duplicate-tag", "[x] (AZER tcb, «AZE tcb»)"),
    ("empty-bracket", "text «[]» (+IND)"),
    ("empty-bracket", "text «[   ]»"),
    ("empty-bracket", "«[\n\n]»"),
    ("observer-tag", "[x] (+«TKM»)"),
    ("duplicate-label", "Functions\n\n1.1 First.\n\n«1.1» Again."),
    ("duplicate-label", "1. First\n\n2 bis Second\n\n«2.bis» Third"),
]


@pytest.mark.parametrize("code,source", TRIGGERS)
def test_triggers(code, source):
    marked = unmark(source)
    found = findings(marked.text, code)
    assert [f.span for f in found] == marked.spans
    assert all(f.severity == DEFAULT_SEVERITY[code] for f in found)
    assert all(f.message for f in found)


QUIET = [
    ("unclosed-bracket", "[a [b] c] and [^1] footnote"),
    ("stray-bracket", "see note[^2] and [x]"),
    ("unknown-code", "[x] (+IRAN) (-IRN) (AZER tcb) (SEC tcb) (CHAIR tcb)"),
    ("unknown-code", "the Senior Officials Committee (SOC) on (ICTs) and (a) and (CICA)"),
    ("malformed-tag", "[x] (+IRAN) (AZER tcb) (+IND, +PAK)"),
    ("malformed-tag", "(SOC) (ICTs) (a) (MC/2023/DRAFT/3/Rev.1) (e.g. IND)"),
    ("floating-tag", "tenure [, which should be]. (-IND)"),
    ("floating-tag", "[a;] (+IRAN) (AZER tcb)"),
    ("floating-tag", "[a]\n(+IRAN)"),
    ("conflicting-tags", "[x] (+IND) (-PAK)"),
    ("conflicting-tags", "[[a] (+IND)] (-IND)"),
    ("duplicate-tag", "[x] (+IND) [y] (+IND)"),
    ("duplicate-tag", "[x] (+IND) (IND tcb)"),
    ("empty-bracket", "[a] [ b ]"),
    ("observer-tag", "[x] (+IND)"),
    ("duplicate-label", "TITLE OF ONE\n\n1. a\n\nTITLE OF TWO\n\n1. b"),
    ("duplicate-label", "11. Promote\n\n11altern. Promote\n\n1.1 x\n\n11.1 y"),
]


@pytest.mark.parametrize("code,source", QUIET)
def test_does_not_trigger(code, source):
    assert findings(source, code) == []


def test_unknown_code_names_the_closest_known_codes():
    (finding,) = findings("[x] (+INDD)", "unknown-code")
    assert finding.message == "Unknown delegation code “INDD”: did you mean IND (India), IDN (Indonesia)?"
    assert finding.data["suggestions"][:2] == ["IND", "IDN"]


def test_malformed_tag_gives_the_corrected_form():
    (finding,) = findings("[x] (+ iran)", "malformed-tag")
    assert "write “(+IRAN)”" in finding.message
    assert finding.data["fix"] == "(+IRAN)"


def test_reference_draft_has_no_finding():
    assert analyze(parse(EXAMPLE.read_text(encoding="utf-8")), REGISTRY) == []


def test_severity_can_be_changed_or_switched_off():
    text = "[x] (+INDD) (+IND) (+IND)"
    assert {f.code: f.severity for f in findings(text, severities={"unknown-code": "error", "duplicate-tag": "off"})} == {
        "unknown-code": "error"
    }


def test_russian_messages():
    (finding,) = findings("[open", locale="ru")
    assert finding.message.startswith("Эта «[» нигде не закрыта")


def test_codes_are_stable():
    assert CODES == (
        "unclosed-bracket",
        "stray-bracket",
        "unknown-code",
        "malformed-tag",
        "floating-tag",
        "conflicting-tags",
        "duplicate-tag",
        "empty-bracket",
        "observer-tag",
        "duplicate-label",
    )


def test_quick_fix_data_indexes_the_whole_draft():
    text = "[a] (+IND)\n\n[b] (+IND)\n\n[c] (+INDD) [] (+PAK)"
    draft = parse(text)
    found = analyze(draft, REGISTRY)
    unknown = next(f for f in found if f.code == "unknown-code")
    group = draft.tag_groups[unknown.data["group"]]
    assert group.tags[unknown.data["tag"]].code == "INDD"
    empty = next(f for f in found if f.code == "empty-bracket")
    assert draft.brackets[empty.data["bracket"]].open == empty.span.start


def test_an_analyzer_reused_across_versions_gives_fresh_results():
    analyzer = Analyzer(REGISTRY)
    first = parse("[a] (+INDD)\n\n[b] (+IND)")
    assert [f.code for f in findings_of(analyzer, first)] == ["unknown-code"]
    second = parse("[a] (+IND)\n\n[b (+IND)")
    result = findings_of(analyzer, second)
    assert [f.code for f in result] == ["unclosed-bracket", "floating-tag"]
    assert result == analyze(second, REGISTRY)


def test_the_workspace_file_accepts_exactly_these_codes():
    # cicadraft.toml is validated in the registry layer, which does not import the
    # analysis: its list must stay the same as the diagnostics' own.
    from cicadraft.registry import DIAGNOSTIC_CODES

    assert tuple(DIAGNOSTIC_CODES) == CODES


def test_unknown_code_suggestions_prefer_the_spellings_the_draft_uses():
    # The registry alone suggests IRN and IRQ for IRNA; the draft writes Iran as IRAN.
    alone = findings("1. [b] (+IRNA)\n", "unknown-code")
    assert alone[0].data["suggestions"][:2] == ["IRN", "IRQ"]
    text = "1. [a] (+IRAN)\n\n2. [b] (+IRNA)\n"
    (finding,) = findings(text, "unknown-code")
    assert finding.data["suggestions"] == ["IRAN", "IRQ"]
    assert finding.message == "Unknown delegation code “IRNA”: did you mean IRAN (Iran), IRQ (Iraq)?"
    # In another block, and after an edit elsewhere (the server's incremental path).
    from cicadraft.analysis.document_findings import DocumentFindings

    draft = parse(text)
    analyzer = Analyzer(REGISTRY)
    syntaxes = [b.syntax for b in draft.blocks]
    kept = DocumentFindings(analyzer, syntaxes)
    found = kept.findings(draft.text, [b.span.start for b in draft.blocks], syntaxes)
    assert [f.data.get("suggestions") for f in found if f.code == "unknown-code"] == [["IRAN", "IRQ"]]


def test_the_registry_offers_spellings_in_use_first():
    assert REGISTRY.suggest("IRNA", in_use=["IRAN", "CHN", "NOPE"])[0] == "IRAN"
    assert REGISTRY.suggest("IRNA", in_use=["CHN"]) == REGISTRY.suggest("IRNA")  # not similar: no change
