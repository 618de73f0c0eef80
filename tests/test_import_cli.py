"""``cicadraft import``: stdout or OUT (atomically), authors from --author,
[import.authors] and the registry, and one line with exit status 2 for every bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from documents.word_builder import Del, Ins, WordBuilder

ROOT = Path(__file__).resolve().parents[1]


def cicadraft(*args, cwd=None):
    env = {"PYTHONPATH": str(ROOT / "server"), "PATH": "/usr/bin:/bin", "HOME": str(cwd or ROOT)}
    return subprocess.run([sys.executable, "-m", "cicadraft", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=120)


@pytest.fixture
def amended(tmp_path) -> Path:
    b = WordBuilder()
    b.paragraph("1. The tenure ", Del("Delegation of India", ", which should be not less than two years"), ".")
    b.paragraph("2. Promote ", Ins("Индия", "tolerance and "), Ins("IND", "dialogue "), "among peoples.")
    b.paragraph("3. Encourage ", Ins("Jane Smith", "all "), Del("J. Doe (MFA)", "the "), "Member States.")
    return b.save(tmp_path / "amended.docx")


def test_unmapped_authors_stop_the_import_naming_each(amended, tmp_path):
    out = tmp_path / "out.cicadraft"
    result = cicadraft("import", amended, "-o", out)
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "2 authors map to no delegation" in result.stderr
    assert "“Jane Smith” (" in result.stderr and "“J. Doe (MFA)” (" in result.stderr
    assert "--author “Jane Smith=CODE”" in result.stderr
    assert not out.exists()


def test_authors_by_option_and_registry_names(amended, tmp_path):
    out = tmp_path / "out.cicadraft"
    result = cicadraft("import", amended, "-o", out, "--author", "Jane Smith=KAZ", "--author", "j. doe (mfa)=IRAN")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
    assert out.read_text(encoding="utf-8") == (
        "1. The tenure [, which should be not less than two years] (-IND).\n\n"
        "2. Promote [tolerance and] (+IND) [dialogue] (+IND) among peoples.\n\n"
        "3. Encourage [all] (+KAZ) [the] (-IRAN) Member States.\n"
    )
    listed = list(tmp_path.iterdir())
    assert sorted(p.name for p in listed) == ["amended.docx", "out.cicadraft"]  # no temporary left


def test_authors_from_the_workspace_file(amended, tmp_path):
    (tmp_path / "cicadraft.toml").write_text('[import.authors]\n"Jane Smith" = "KAZ"\n"J. Doe (MFA)" = "CHN"\n',
                                             encoding="utf-8")
    result = cicadraft("import", amended, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "[all] (+KAZ) [the] (-CHN)" in result.stdout
    # The command line wins over the file.
    result = cicadraft("import", amended, "--author", "Jane Smith=TUR", cwd=tmp_path)
    assert "[all] (+TUR) [the] (-CHN)" in result.stdout


def test_a_wrong_workspace_mapping_stops_with_its_line(amended, tmp_path):
    (tmp_path / "cicadraft.toml").write_text('[import.authors]\n"Jane Smith" = "kaz"\n', encoding="utf-8")
    result = cicadraft("import", amended, cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert "cicadraft.toml:2:" in result.stderr and len(result.stderr.splitlines()) == 1
    (tmp_path / "cicadraft.toml").write_text('[import.authors]\n"Jane Smith" = "XYZ"\n', encoding="utf-8")
    result = cicadraft("import", amended, cwd=tmp_path)
    assert result.returncode == 2 and "“XYZ” for “Jane Smith” is not a known delegation code" in result.stderr


@pytest.mark.parametrize("value, message", [
    ("Jane", "is not NAME=CODE"),
    ("Jane=", "is not NAME=CODE"),
    ("Jane=kaz", "is not a delegation code"),
    ("Jane=QQQQ", "is not a known delegation code"),
])
def test_bad_author_options(amended, value, message):
    result = cicadraft("import", amended, "--author", value)
    assert result.returncode == 2 and message in result.stderr and len(result.stderr.splitlines()) == 1


def test_bad_files(tmp_path):
    text = tmp_path / "notes.docx"
    text.write_text("just text", encoding="utf-8")
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    for path, message in ((text, "not a Word, ODF or PDF document"), (empty, "the file is empty"),
                          (tmp_path / "missing.docx", "no such file"), (tmp_path, "not a file")):
        result = cicadraft("import", path)
        assert result.returncode == 2, path
        assert result.stderr.startswith("cicadraft: ") and message in result.stderr, result.stderr
        assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr


def test_an_unwritable_output_is_one_line(amended, tmp_path):
    result = cicadraft("import", amended, "--author", "Jane Smith=KAZ", "--author", "J. Doe (MFA)=CHN",
                       "-o", tmp_path / "no" / "such" / "folder" / "out.cicadraft")
    assert result.returncode == 2 and "cannot write" in result.stderr and len(result.stderr.splitlines()) == 1
