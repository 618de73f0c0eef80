"""``cicadraft status`` on the command line: files and folders, every format, -o, the
locale, and bad input (unreadable files named on stderr, the rest reported, exit 2)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "SWG-739-2023.cicadraft"
OTHERS = sorted(Path("/work/shared/examples/other-negotiations").glob("*.txt"))
SERVER = str(ROOT / "server")


def cicadraft(*args, cwd=None, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = SERVER + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(
        [sys.executable, "-m", "cicadraft", "status", *args],
        capture_output=True, text=True, encoding="utf-8", cwd=cwd, env=env, timeout=120, input=stdin,
    )


def test_reference_draft_as_text():
    done = cicadraft(str(EXAMPLE))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    out = done.stdout
    assert out.startswith("Where the negotiation stands: 1 draft\n")
    assert "Paragraphs         130: 124 agreed, 6 open" in out
    assert "Open brackets      14 (14 proposals, 0 editorial notes)" in out
    assert "Open reservations  3" in out
    assert "  IRAN (Iran)" in out and "    -   11.              291  Promote volunteers’" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_folders_stand_for_every_draft_below(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    shutil.copy(EXAMPLE, tmp_path / "a" / "first.cicadraft")
    (tmp_path / "a" / "b" / "second.cicadraft").write_text("1. [Text] (+IRN, AZER tcb)\n", encoding="utf-8")
    (tmp_path / "a" / "notes.txt").write_text("[not a draft] (+CHN)", encoding="utf-8")
    done = cicadraft(str(tmp_path), "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [Path(d["path"]).name for d in data["drafts"]] == ["second.cicadraft", "first.cicadraft"]
    assert data["drafts"][0]["delegations"]["IRN"]["plus"] == 1
    assert data["drafts"][1]["delegations"]["IRAN"]["plus"] == 3
    # IRN (met first, in second.cicadraft) and IRAN are one delegation: 1 + 3 plus, 2 minus.
    total = data["total"]["delegations"]
    assert total["IRN"] == {"plus": 4, "minus": 2, "tcb": 0} and "IRAN" not in total
    assert total["AZER"] == {"plus": 1, "minus": 0, "tcb": 2}
    assert total["CHN"] == {"plus": 1, "minus": 2, "tcb": 1}  # the reference's alone: notes.txt is no draft


def test_unreadable_files_are_named_and_the_rest_reported(tmp_path):
    binary = tmp_path / "binary.cicadraft"
    binary.write_bytes(b"\x00\x01\x02[x] (+IND)\x00" * 50)
    latin = tmp_path / "latin.cicadraft"
    latin.write_bytes("1. [Caf\u00e9] (+IND)".encode("latin-1"))
    done = cicadraft(str(EXAMPLE), str(tmp_path / "missing.cicadraft"), str(binary), str(latin))
    assert done.returncode == 2
    errors = done.stderr.splitlines()
    assert len(errors) == 3 and all(line.startswith("cicadraft: ") for line in errors)
    assert "missing.cicadraft: no such file" in errors[0]
    assert "binary.cicadraft" in errors[1] and "latin.cicadraft:1:" in errors[2] and "not UTF-8" in errors[2]
    assert "Traceback" not in done.stderr
    assert "Where the negotiation stands: 1 draft" in done.stdout and "SWG-739-2023.cicadraft" in done.stdout


def test_nothing_readable_prints_no_report(tmp_path):
    done = cicadraft(str(tmp_path / "missing.cicadraft"))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.strip() == f"cicadraft: {tmp_path / 'missing.cicadraft'}: no such file"
    empty = tmp_path / "empty"
    empty.mkdir()
    done = cicadraft(str(empty))
    assert done.returncode == 2 and done.stderr.startswith("cicadraft: no .cicadraft files under")


def test_unbalanced_drafts_are_reported_not_refused():
    done = cicadraft(*map(str, OTHERS), "--format", "markdown")
    assert done.returncode == 0, done.stderr
    assert "> The brackets are not balanced (3)" in done.stdout  # the plastics text
    assert done.stdout.count("## /") == 2 and "## All drafts: 2 drafts" in done.stdout


def test_stdin_output_file_and_locale(tmp_path):
    out = tmp_path / "status.html"
    done = cicadraft("-", "--format", "html", "-o", str(out), "--locale", "ru", stdin=EXAMPLE.read_text(encoding="utf-8"))
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="ru">' in page and "<h2>&lt;stdin&gt;</h2>" in page
    assert "Неснятые оговорки" in page and "<svg" in page


def test_workspace_locale_is_the_default(tmp_path):
    (tmp_path / "cicadraft.toml").write_text('[settings]\nlocale = "ru"\n', encoding="utf-8")
    shutil.copy(EXAMPLE, tmp_path / "draft.cicadraft")
    done = cicadraft(str(tmp_path / "draft.cicadraft"), "--by", "item")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Состояние переговоров: 1 проект\n")
    assert "  Underlining       270  IRAN +/-, CHN -/+, IND +/-" in done.stdout
    english = cicadraft(str(tmp_path / "draft.cicadraft"), "--locale", "en")
    assert english.stdout.startswith("Where the negotiation stands")


def test_csv_to_a_file(tmp_path):
    out = tmp_path / "positions.csv"
    done = cicadraft(str(EXAMPLE), "--format", "csv", "-o", str(out))
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 1 + 17  # the reference draft's 17 tags
    assert rows[1][1:7] == ["IND", "IND", "India", "-", "1.10", "196"]


def test_usage_errors_are_one_line(tmp_path):
    for args in (["--format", "pdf", str(EXAMPLE)], ["--by", "paragraph", str(EXAMPLE)], ["--locale", "fr", str(EXAMPLE)], []):
        done = cicadraft(*args)
        assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, (args, done.stderr)
        assert done.stderr.startswith("cicadraft: ")
    done = cicadraft(str(EXAMPLE), "-o", str(tmp_path / "no" / "such" / "folder" / "out.txt"))
    assert done.returncode == 2 and "cannot write" in done.stderr and "Traceback" not in done.stderr
    done = cicadraft("-", "-")
    assert done.returncode == 2 and "stdin" in done.stderr


def test_status_is_listed_in_the_help():
    env = dict(os.environ, PYTHONPATH=SERVER)
    done = subprocess.run([sys.executable, "-m", "cicadraft", "--help"], capture_output=True, text=True, env=env, timeout=60)
    assert "status" in done.stdout and "where the negotiation stands" in done.stdout


def test_a_broken_configuration_is_named_and_the_report_made(tmp_path):
    (tmp_path / "cicadraft.toml").write_text("[delegations\n", encoding="utf-8")
    (tmp_path / "one.cicadraft").write_text("1. [a] (+IND)\n", encoding="utf-8")
    (tmp_path / "two.cicadraft").write_text("1. [b] (-IND)\n", encoding="utf-8")
    done = cicadraft(str(tmp_path))
    assert done.returncode == 2
    errors = done.stderr.splitlines()
    assert len(errors) == 1 and errors[0].startswith(f"cicadraft: {tmp_path / 'cicadraft.toml'}:1:")  # once for both drafts
    assert "Where the negotiation stands: 2 drafts" in done.stdout
