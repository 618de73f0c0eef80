"""The benchmark suite keeps working: a smoke run of a few seconds through a real LSP
client. It asserts what was measured, never how fast."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_benchmark_suite_smoke_run(tmp_path: Path):
    output = tmp_path / "RESULTS.md"
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--smoke", "--output", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    report = output.read_text(encoding="utf-8")
    assert report == result.stdout
    for row in (
        "floor: regex bracket scan",
        "open the draft until its first diagnostics",
        "type one character",
        "type `[`",
        "delete a `]`",
        "hover on a delegation code",
        "code actions at a bracket",
        "completion inside a tag group",
        "hover on a delegation code, right after typing a character",
        "code actions at a bracket, right after typing a character",
        "completion inside a tag group, right after typing a character",
        "code lenses of the whole draft, right after typing a character",
        "`cicadraft/positions` of the whole draft, right after typing a character",
        "`cicadraft check` on the example draft",
        "`cicadraft check`, first run",
    ):
        assert row in report
    assert "Machine:" in report


def test_generator_is_seeded_and_sized():
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import generate

    first = generate(10_000, seed=3, unbalanced=True)
    assert first == generate(10_000, seed=3, unbalanced=True)
    assert first != generate(10_000, seed=4, unbalanced=True)
    assert 9_000 <= len(first) <= 10_000
    assert first.count("[") > 10 and "(+" in first


def test_diff_benchmark_smoke_run():
    """``python -m benchmarks.diff_bench --smoke``: both shapes measured, and the changes it
    made reported (a figure, not a timed assertion)."""
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.diff_bench", "--smoke"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("| generated") or line.startswith("| real drafts")]
    assert len(rows) == 2, result.stdout
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        made, reported = int(cells[2]), int(cells[3])
        assert made > 10 and reported >= made // 2
        assert cells[4].endswith(" s") and cells[5].endswith(" s")


def test_status_benchmark_smoke_run():
    """``python -m benchmarks.status_bench --smoke``: one row, with the positions and
    paragraphs it counted and a time per step (figures, not timed assertions)."""
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.status_bench", "--smoke"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("| 0.1 MB")]
    assert len(rows) == 1, result.stdout
    cells = [cell.strip() for cell in rows[0].strip("|").split("|")]
    assert int(cells[1]) > 100 and int(cells[2]) > 100
    assert all(cell.endswith(" s") for cell in cells[3:]) and len(cells) == 8


def test_import_benchmark_smoke_run():
    """``python -m benchmarks.import_bench --smoke``: a Word document built and imported,
    its size and revisions reported (figures, not a timed assertion)."""
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.import_bench", "--smoke"], cwd=ROOT, capture_output=True, text=True,
        timeout=300, env={"PYTHONPATH": str(ROOT / "server"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    row = [line for line in result.stdout.splitlines() if line.startswith("| 100 KB")]
    assert len(row) == 1, result.stdout
    cells = [cell.strip() for cell in row[0].strip("|").split("|")]
    assert int(cells[1]) > 100 and int(cells[2]) > 500 and cells[5].endswith(" s")


def test_documents_benchmark_smoke_run():
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.documents_bench", "--smoke"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    header, rule, row = result.stdout.strip().splitlines()
    assert header == "| draft | export | export --track-changes | PDF pages | read_pdf |"
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert cells[0] == "0.1 MB" and int(cells[3]) > 10 and all(cell.endswith(" s") for cell in (cells[1], cells[2], cells[4]))
