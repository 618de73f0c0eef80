"""The user docs against the tools: every code a user can see is documented in
docs/format.md (with an example that `cicadraft check` really reports as shown) and in
the README's table, with its default severity; the README links the format reference;
docs/diff.md's kinds and JSON example are what `cicadraft diff` gives."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cicadraft.analysis import resolve as R
from cicadraft.analysis.diagnostics import CONFIG_ERROR, DEFAULT_SEVERITY, REPORTED_CODES
from cicadraft.analysis.diff import KINDS
from cicadraft.cli.main import main
from cicadraft.syntax import parse

ROOT = Path(__file__).resolve().parents[1]
FORMAT = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
DIFF = (ROOT / "docs" / "diff.md").read_text(encoding="utf-8")
REFERENCE = (ROOT / "examples" / "SWG-739-2023.cicadraft").read_text(encoding="utf-8")
DEFAULTS = {**DEFAULT_SEVERITY, CONFIG_ERROR: "error"}

# A table row `| `code` | severity | finding |`.
_ROW = re.compile(r"^\| `(?P<code>[a-z]+(?:-[a-z]+)+)` \| (?P<severity>\w+) \|", re.M)
# In docs/format.md, a section per code: its example (the first fenced block) and the
# line `cicadraft check` prints for it (the first line in backticks naming a file).
_SECTION = re.compile(r"^### `(?P<code>[a-z-]+)`\n(?P<body>.*?)(?=^### |\Z)", re.M | re.S)
_FENCE = re.compile(r"^```(?P<lang>\w+)\n(?P<text>.*?)^```$", re.M | re.S)
_OUTPUT = re.compile(r"^`(?P<line>(?:draft\.cicadraft|…/cicadraft\.toml):\d+:\d+: .*)`$", re.M)


def table(markdown: str) -> dict[str, str]:
    return {row["code"]: row["severity"] for row in _ROW.finditer(markdown)}


def sections() -> dict[str, str]:
    return {match["code"]: match["body"] for match in _SECTION.finditer(FORMAT)}


def test_every_code_is_in_the_format_reference_table_with_its_default():
    assert table(FORMAT) == DEFAULTS


def test_every_code_is_in_the_readme_table_with_its_default():
    assert table(README) == DEFAULTS


def test_every_code_has_a_section_with_an_example():
    assert list(sections()) == list(REPORTED_CODES)


@pytest.mark.parametrize("code", REPORTED_CODES)
def test_the_example_gives_what_the_docs_show(code, tmp_path, monkeypatch, capsys):
    body = sections()[code]
    fence = _FENCE.search(body)
    shown = _OUTPUT.search(body)
    assert fence and shown, f"the section on {code} needs an example and the line check prints for it"
    monkeypatch.chdir(tmp_path)
    if fence["lang"] == "toml":  # a configuration mistake: the file beside a draft
        (tmp_path / "cicadraft.toml").write_text(fence["text"], encoding="utf-8")
        Path("draft.cicadraft").write_text("1. Promote [tolerance] (+IRAN).\n", encoding="utf-8")
    else:
        assert fence["lang"] == "cicadraft"
        Path("draft.cicadraft").write_text(fence["text"], encoding="utf-8")
    status = main(["check", "draft.cicadraft"])
    printed = capsys.readouterr().out.splitlines()
    findings = [line.replace(f"{tmp_path}/", "…/") for line in printed[:-1]]
    assert findings == [shown["line"]], printed  # that finding, and nothing else
    assert status == (1 if DEFAULTS[code] == "error" else 0)


def test_the_readme_links_the_format_reference():
    assert "[docs/format.md](docs/format.md)" in README
    assert "SPEC.md" not in README  # not in the repository: the project's own reference is


def test_the_format_reference_links_exist():
    for target in re.findall(r"\]\(([^)#]+\.md)(?:#[^)]*)?\)", FORMAT):
        assert (ROOT / "docs" / target).is_file(), target


# -- docs/diff.md --------------------------------------------------------------------------


def test_the_diff_kinds_are_the_documented_ones():
    kinds_table = DIFF[DIFF.index("## The kinds of change") : DIFF.index("## JSON")]
    assert re.findall(r"^\| `([a-z-]+)` \|", kinds_table, re.M) == list(KINDS)


def like(documented, real, where="") -> None:
    """``real`` is what ``documented`` shows, where a "…" in a documented text stands
    for any run of characters (the docs abridge long paragraphs)."""
    if isinstance(documented, dict):
        assert isinstance(real, dict) and list(documented) == list(real), where
        for key in documented:
            like(documented[key], real[key], f"{where}.{key}")
    elif isinstance(documented, list):
        assert isinstance(real, list) and len(documented) == len(real), where
        for number, (d, r) in enumerate(zip(documented, real)):
            like(d, r, f"{where}[{number}]")
    elif isinstance(documented, str) and "…" in documented:
        pattern = ".*".join(re.escape(part) for part in documented.split("…"))
        assert isinstance(real, str) and re.fullmatch(pattern, real), (where, documented, real)
    else:
        assert documented == real, where


def test_the_diff_json_example_is_what_cicadraft_diff_prints(tmp_path, monkeypatch, capsys):
    section = DIFF[DIFF.index("## JSON (stable)") :]
    documented = json.loads(_FENCE.search(section)["text"])
    # The revision the example describes, made with the resolve engine and by hand.
    draft = parse(REFERENCE)
    exchanges = next(b.index for b in draft.brackets if REFERENCE.startswith("[intercivilizational", b.open))
    revised = R.keep(draft, exchanges).preview(REFERENCE)
    revised = revised.replace("(+IRAN) (SEC tcb)", "(+IRAN, +IND) (SEC tcb)")
    revised = revised.replace("13. Support the development", "13. Support the swift development")
    monkeypatch.chdir(tmp_path)
    Path("Rev0.cicadraft").write_text(REFERENCE, encoding="utf-8")
    Path("Rev1.cicadraft").write_text(revised, encoding="utf-8")
    assert main(["diff", "--format", "json", "Rev0.cicadraft", "Rev1.cicadraft"]) == 1
    like(documented, json.loads(capsys.readouterr().out))
    fields = re.search(r"Every change has the eight fields (.*?):", DIFF, re.S)[1]
    assert re.findall(r"`(\w+)`", fields) == list(documented["changes"][0])
