"""The user docs against the tools: every code a user can see is documented in
docs/format.md (with an example that `cicadraft check` really reports as shown) and in
the README's table, with its default severity; the README links the format reference."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cicadraft.analysis.diagnostics import CONFIG_ERROR, DEFAULT_SEVERITY, REPORTED_CODES
from cicadraft.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
FORMAT = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
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
