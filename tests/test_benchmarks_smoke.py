"""The benchmark suite keeps working: a smoke run of a few seconds through a real LSP
client. It asserts what was measured, never how fast."""

from __future__ import annotations

import re
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
        timeout=600,  # six shapes, on a machine other jobs may share
    )
    assert result.returncode == 0, result.stderr
    report = output.read_text(encoding="utf-8")
    assert report == result.stdout
    # Two tables, one row per shape in each, every cell measured (a number, or "–" for no sample).
    from benchmarks.shapes import SHAPES

    keystrokes = _table(report, "## Keystrokes, open and memory")
    after = _table(report, "## Requests right after a keystroke")
    assert set(keystrokes) == set(after) == {"shape", *SHAPES}
    for wanted in ("type a character", "type `[`", "delete a `]`", "open, cold", "memory, 1 MB + 5 MB"):
        assert wanted in keystrokes["shape"]
    for wanted in ("hover", "code actions", "completion", "semantic tokens (range)", "code lens", "`cicadraft/positions`", "outline", "folding"):
        assert wanted in after["shape"]
    for name in SHAPES:
        _assert_latencies(keystrokes[name][3:7])  # the keystrokes and the open
        _assert_latencies(after[name][2:])
    assert int(keystrokes["findings"][1]) > 1000 and int(keystrokes["items"][1]) >= 0
    for row in (
        "floor: regex bracket scan",
        "open it again",
        "hover on a delegation code",
        "code actions at a bracket",
        "completion inside a tag group",
        "semantic tokens of a screen (range)",
        "code lenses of the draft",
        "`cicadraft/positions` of every delegation",
        "`cicadraft check` on the example draft",
        "`cicadraft check`, first run",
    ):
        assert row in report
    assert "Machine:" in report


def _table(report: str, heading: str) -> dict[str, list[str]]:
    """The table under ``heading``: its rows by their first cell (the header's is "shape"),
    each as long as the header."""
    lines = report.split(heading + "\n", 1)[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| "))
    table = []
    for line in lines[start:]:
        if not line.startswith("| "):
            break
        table.append([cell.strip() for cell in line.strip("|").split("|")])
    header, rows = table[0], table[2:]
    assert all(len(cells) == len(header) for cells in rows)
    return {cells[0]: cells for cells in [header] + rows}


def _assert_latencies(cells: list[str]) -> None:
    for cell in cells:  # "p95 (ratio×)"
        p95, ratio = cell.split(" (")
        assert float(p95) > 0 and ratio.endswith("×)"), cell


def test_generator_is_seeded_and_sized():
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import generate

    first = generate(10_000, seed=3, unbalanced=True)
    assert first == generate(10_000, seed=3, unbalanced=True)
    assert first != generate(10_000, seed=4, unbalanced=True)
    assert 9_000 <= len(first) <= 10_000
    assert first.count("[") > 10 and "(+" in first


def command_benchmark(module: str, tmp_path: Path, title: str, env: dict | None = None) -> dict[tuple[str, str], list[str]]:
    """``python -m benchmarks.MODULE --smoke --append RESULTS``: its table (the one header
    of benchmarks/commands.py, the start-up row first), appended under ``title`` as
    printed; the rows by (command, shape), each with a size, a wall time and a rate."""
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark results\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", f"benchmarks.{module}", "--smoke", "--append", str(results)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env=env,
    )
    assert result.returncode == 0, result.stderr
    table = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert table[:2] == ["| command | shape | size | median wall | MB/s | notes |", "| --- | --- | ---: | ---: | ---: | --- |"]
    appended = results.read_text(encoding="utf-8")
    assert f"## {title}" in appended and "\n".join(table) in appended
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in table[2:]]
    assert rows[0][0] == "`cicadraft --version` (start-up alone)" and rows[0][3].endswith(" s")
    found = {}
    for cells in rows[1:]:
        assert len(cells) == 6, cells
        command, shape, size, wall, rate, _ = cells
        assert shape in ("real drafts", "generated") and size.endswith(" MB") and 0.05 <= float(size[:-3]) <= 0.15, cells
        assert wall.endswith(" s") and float(wall[:-2]) > 0 and float(rate) > 0, cells
        found[(command, shape)] = cells
    return found


def test_diff_benchmark_smoke_run(tmp_path: Path):
    """``python -m benchmarks.diff_bench --smoke``: both shapes, the changes made and
    reported (figures, not timed assertions)."""
    rows = command_benchmark("diff_bench", tmp_path, "`cicadraft diff` (`python -m benchmarks.diff_bench`)")
    assert set(rows) == {("`diff --format json`", "real drafts"), ("`diff --format json`", "generated")}
    for cells in rows.values():
        made, reported = (int(n) for n in re.match(r"(\d+) changes made, (\d+) reported; diff \+ json alone [\d.]+ s$", cells[5]).groups())
        assert made > 10 and reported >= made // 2


def test_status_benchmark_smoke_run(tmp_path: Path):
    """``python -m benchmarks.status_bench --smoke``: text, json and html on both shapes,
    with the paragraphs and brackets the report counted."""
    rows = command_benchmark("status_bench", tmp_path, "`cicadraft status` (`python -m benchmarks.status_bench`)")
    commands = ("`status`", "`status --format json`", "`status --format html`")
    assert set(rows) == {(command, shape) for command in commands for shape in ("real drafts", "generated")}
    for shape in ("real drafts", "generated"):
        paragraphs, _, brackets = (int(n) for n in re.match(r"(\d+) paragraphs \((\d+) open\), (\d+) brackets", rows[("`status`", shape)][5]).groups())
        assert paragraphs > 100 and brackets > 100


def test_import_benchmark_smoke_run(tmp_path: Path):
    """``python -m benchmarks.import_bench --smoke``: a Word document of each shape built
    and imported, its size and tracked changes reported."""
    rows = command_benchmark(
        "import_bench", tmp_path, "`cicadraft import` (`python -m benchmarks.import_bench`)",
        env={"PYTHONPATH": str(ROOT / "server"), "PATH": "/usr/bin:/bin"},
    )
    assert set(rows) == {("`import DOC.docx`", "real drafts"), ("`import DOC.docx`", "generated")}
    for cells in rows.values():
        paragraphs, revisions = (int(n.replace(",", "")) for n in re.search(r"([\d,]+) paragraphs, ([\d,]+) tracked changes", cells[5]).groups())
        assert paragraphs > 100 and revisions > 500


def test_documents_benchmark_smoke_run(tmp_path: Path):
    """``python -m benchmarks.documents_bench --smoke``: export (plain and with tracked
    changes) and the import of the export printed to PDF by LibreOffice, on both shapes."""
    rows = command_benchmark("documents_bench", tmp_path, "`cicadraft export` and PDF import (`python -m benchmarks.documents_bench`)")
    commands = ("`export -o DOC.docx`", "`export --track-changes`", "`import DOC.pdf`")
    assert set(rows) == {(command, shape) for command in commands for shape in ("real drafts", "generated")}
    for shape in ("real drafts", "generated"):
        assert int(re.search(r"([\d,]+) pages", rows[("`import DOC.pdf`", shape)][5]).group(1).replace(",", "")) > 10


def test_every_shape_is_seeded_and_sized():
    sys.path.insert(0, str(ROOT))
    from benchmarks.shapes import SHAPES, shape

    for name in SHAPES:
        text = shape(name, 60_000, seed=3)
        assert text == shape(name, 60_000, seed=3), name
        assert 50_000 <= len(text) <= 60_000, name
        assert text.count("[") > 5, name
    assert max(map(len, shape("long-lines", 200_000).split("\n"))) > 5_000
    assert "Chapter 2." in shape("items", 20_000) and "(+" in shape("items", 20_000)


def test_check_benchmark_smoke_run(tmp_path: Path):
    """``python -m benchmarks.check_bench --smoke``: one process and every core give the
    same report, and the table says how fast each went."""
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark results\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.check_bench", "--smoke", "--append", str(results)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("| `cicadraft check` on 40 drafts")]
    assert len(rows) == 2 and "--jobs 1" in rows[0] and "default" in rows[1]
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert cells[1].endswith(" s") and float(cells[2].replace(",", "")) > 0 and float(cells[3]) > 0
    assert "| the two reports identical | yes |" in result.stdout
    assert "`cicadraft check` on a folder" in results.read_text(encoding="utf-8")
