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
