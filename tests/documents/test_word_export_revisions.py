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
from pathlib import Path

import pytest

from cicadraft.analysis import resolve as engine
from cicadraft.documents.exporting import export_document
from cicadraft.registry import default_registry
from cicadraft.syntax import parse
from office import REPO, UNO_PYTHON, UNO_SCRIPT, drafts, need

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
def settled(tmp_path_factory) -> dict[str, tuple[str, str, str]]:
    """Each case exported with --track-changes and settled in LibreOffice: (Accept All,
    Reject All, the tracked changes as Writer lists them)."""
    need(UNO_PYTHON, "python3-uno")
    need("soffice", "libreoffice-writer-nogui")
    folder = tmp_path_factory.mktemp("revisions")
    files = []
    for name, text in CASES.items():
        out = folder / f"{name}.docx"
        export_document(text, out, registry=REGISTRY, track_changes=True)
        files.append(str(out))
    done = subprocess.run([UNO_PYTHON, str(UNO_SCRIPT), str(folder / "profile"), *files], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    read = lambda path: Path(path).read_text(encoding="utf-8")  # noqa: E731
    return {
        name: (read(f"{file}.accepted.txt"), read(f"{file}.rejected.txt"), read(f"{file}.redlines.txt"))
        for name, file in zip(CASES, files)
    }


@pytest.mark.parametrize("name", sorted(CASES))
def test_accept_all_and_reject_all_equal_the_engine(name, settled):
    accepted, rejected, _ = settled[name]
    assert accepted.rstrip("\n").split("\n") == shown(converted_settled(CASES[name], True))
    assert rejected.rstrip("\n").split("\n") == shown(converted_settled(CASES[name], False))


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
    accepted, rejected, redlines = settled[name]
    text = CASES[name]
    codes = codes_of(text)
    authors = {line.split("\t")[1] for line in redlines.splitlines() if line}
    assert authors <= {REGISTRY.lookup(code).name("en") for code in codes}
    assert "Iran" in authors or name == "handmade"
    if name == "SWG-739-2023-single-tags":
        # Every proposal became a revision: Writer's Accept All is resolve --accept.
        path = tmp_path / "draft.cicadraft"
        path.write_text(text, encoding="utf-8")
        assert accepted.rstrip("\n").split("\n") == shown(resolve_cli(path, "accept", codes))
        assert rejected.rstrip("\n").split("\n") == shown(resolve_cli(path, "reject", codes))
        assert not parse(accepted).tag_groups and not parse(rejected).tag_groups  # every position settled
