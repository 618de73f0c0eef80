"""--track-changes against LibreOffice: the exported document's tracked changes, accepted
all at once in Writer (Edit > Track Changes > Accept All), give what the resolve engine
says accepting those proposals gives, line for line; Reject All gives the rejections.
And what is left bracketed resolves the same way either side: `cicadraft resolve
--accept` for every delegation, on Writer's Accept All, equals it on the draft. On a
draft whose every proposal became a revision, Accept All *is* `cicadraft resolve
--accept A --accept B …` for all its delegations, and Reject All the `--reject`s."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from cicadraft.analysis import resolve as engine
from cicadraft.documents.exporting import export_document
from cicadraft.registry import default_registry
from cicadraft.syntax import parse
from documents.oracle import libreoffice_texts
from documents.office import REPO, drafts

REGISTRY = default_registry()

HANDMADE = """ПРОЕКТ ЗАЯВЛЕНИЯ СОВЕТА МИНИСТРОВ СВМДА

- *Подчеркивая* важность [межцивилизационного] (+IRAN) диалога и [взаимного] (-CHN) уважения;
- Recalling the [Astana Statement on CICA Transformation] (+KAZ) of 13 October 2022,

1. Welcome the initiative [of the Chairmanship] (-IND) [and of the Secretariat] (+SEC) to hold consultations;

[2. Encourage the Member States to share [information] (+IND) and [best practices] (+PAK).] (-TUR)

[3. Support the platform of the CICA Youth Council to promote volunteerism.] (+AZER)

4. Request the Secretariat [to prepare a report
on the implementation of this decision] (-RUS) by 2025.

5. Invite Member States [, as appropriate,] (+CHN) to consider the proposals.

[6. Decide to review this decision at the next meeting.] (-IRAN)
"""


def convertible_only(text: str) -> str:
    """``text`` with every tagged bracket that cannot be a revision (several tags, a
    reservation, brackets inside) settled by keeping its text, so that every proposal
    left has exactly one signed tag and nothing bracketed inside."""
    while True:
        draft = parse(text)
        for bracket in draft.brackets:
            tags = [tag for g in bracket.tag_groups for tag in draft.tag_groups[g].tags]
            if tags and (len(tags) != 1 or tags[0].sign is None or bracket.children):
                text = engine.keep(draft, bracket.index).preview(text)
                break
        else:
            return text


CASES = {
    **{name: text for name, text in drafts().items()},
    "SWG-739-2023-single-tags": convertible_only(drafts()["SWG-739-2023"]),
    "handmade": HANDMADE,
}


def shown(text: str) -> list[str]:
    """The lines of a draft as the document shows them: emphasis markers and Markdown
    heading marks are formatting there."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").replace("*", "")
    text = text.replace("\f", "").replace("\v", "\n")  # a page break, a line break
    return [re.sub(r"^#{1,6}[ \t]+", "", line) for line in text.split("\n")]


def resolve_cli(path: Path, kind: str, codes: list[str]) -> str:
    arguments = [a for code in codes for a in (f"--{kind}", code)]
    done = subprocess.run(
        [sys.executable, "-m", "cicadraft", "resolve", *arguments, str(path)],
        capture_output=True, text=True, timeout=120, env={"PYTHONPATH": str(REPO / "server"), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def codes_of(text: str) -> list[str]:
    draft = parse(text)
    return sorted({REGISTRY.canonical(tag.code) or tag.code.upper() for _, tag in draft.tags() if tag.sign})


def converted_settled(text: str, accepting: bool) -> str:
    draft = parse(text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n"))
    actions = {}
    for bracket in draft.brackets:
        tags = [tag for g in bracket.tag_groups for tag in draft.tag_groups[g].tags]
        if len(tags) == 1 and tags[0].sign and not tags[0].tcb and not bracket.children:
            keep = (tags[0].sign == "+") == accepting
            actions[bracket.index] = "keep" if keep else "drop"
    return engine.settle(draft, actions).preview(draft.text)


@pytest.fixture(scope="module")
def settled(tmp_path_factory) -> dict[str, tuple[str, str, set[str]]]:
    """Each case exported with --track-changes and settled in LibreOffice: (Accept All,
    Reject All, the authors of the document's tracked changes)."""
    from lxml import etree

    folder = tmp_path_factory.mktemp("revisions")
    files = {}
    for name, text in CASES.items():
        out = folder / f"{name}.docx"
        export_document(text, out, registry=REGISTRY, track_changes=True)
        files[name] = out
    texts = libreoffice_texts(list(files.values()), modes=("accept", "reject"))
    result = {}
    for name, path in files.items():
        with zipfile.ZipFile(path) as archive:
            body = etree.fromstring(archive.read("word/document.xml"), etree.XMLParser(resolve_entities=False, no_network=True))
        authors = {element.get(f"{{{W}}}author") for element in body.iter(f"{{{W}}}ins", f"{{{W}}}del")}
        result[name] = (texts[(path, "accept")], texts[(path, "reject")], authors)
    return result


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def lines_of(office_text: str) -> list[str]:
    return office_text.replace("\r\n", "\n").rstrip("\n").split("\n")


@pytest.mark.parametrize("name", sorted(CASES))
def test_accept_all_and_reject_all_equal_the_engine(name, settled):
    accepted, rejected, _ = settled[name]
    assert lines_of(accepted) == shown(converted_settled(CASES[name], True))
    assert lines_of(rejected) == shown(converted_settled(CASES[name], False))


@pytest.mark.parametrize("name", ["SWG-739-2023", "handmade"])
def test_resolving_the_rest_gives_resolve_accept_for_every_delegation(name, settled, tmp_path):
    accepted, rejected, _ = settled[name]
    codes = codes_of(CASES[name])
    original = tmp_path / "draft.cicadraft"
    original.write_text(CASES[name], encoding="utf-8")
    for kind, word in (("accept", accepted), ("reject", rejected)):
        from_word = tmp_path / f"{kind}.cicadraft"
        from_word.write_text(word, encoding="utf-8")
        assert shown(resolve_cli(from_word, kind, codes)) == shown(resolve_cli(original, kind, codes)), kind


@pytest.mark.parametrize("name", ["SWG-739-2023-single-tags", "handmade"])
def test_every_proposal_a_revision_by_its_delegation(name, settled, tmp_path):
    accepted, rejected, authors = settled[name]
    text = CASES[name]
    codes = codes_of(text)
    # Each revision by a delegation of the draft, by its registry name.
    assert authors and authors <= {REGISTRY.lookup(code).name("en") for code in codes}
    assert "Iran" in authors and "India" in authors
    if name == "SWG-739-2023-single-tags":
        # Every proposal became a revision: Writer's Accept All is resolve --accept.
        path = tmp_path / "draft.cicadraft"
        path.write_text(text, encoding="utf-8")
        assert lines_of(accepted) == shown(resolve_cli(path, "accept", codes))
        assert lines_of(rejected) == shown(resolve_cli(path, "reject", codes))
        assert not parse(accepted).tag_groups and not parse(rejected).tag_groups  # every position settled
