"""What the benchmarks of one command on big drafts share (import, export, diff, status):
the command line, the shapes of draft, running ``python -m cicadraft …`` as a user does,
and the table they print and append to ``benchmarks/RESULTS.md``::

    | command | shape | size | median wall | MB/s | notes |

``size`` is the draft's text in MB (UTF-8, 10⁶ bytes): the input of `export`, `diff` and
`status`, the output of `import`. ``median wall`` is the median of ``--repeat`` runs of
the whole command (Python's and cicadraft's start-up included: each table's first row
times ``cicadraft --version`` alone); ``MB/s`` is the size over that median.

``--smoke`` is 100 KB and one run (the tests); the default is 1 MB and 5 MB.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from .generate import generate
from .shapes import real_drafts

# The real drafts (the repository's and shared/examples/, other negotiations included,
# concatenated to the size) and one generated shape: the two a command is timed on.
SHAPES = {
    "real drafts": real_drafts,
    "generated": lambda size: generate(size, seed=7),
}

HEADER = ["| command | shape | size | median wall | MB/s | notes |", "| --- | --- | ---: | ---: | ---: | --- |"]


def arguments(description: str, argv: list[str] | None, repeat: int = 3) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--smoke", action="store_true", help="100 KB only, one run")
    parser.add_argument("--repeat", type=int, default=repeat, help=f"runs per row, the median is reported (default {repeat})")
    parser.add_argument("--append", type=Path, metavar="RESULTS", help="also append the table to this file (benchmarks/RESULTS.md)")
    args = parser.parse_args(argv)
    args.sizes = [100_000] if args.smoke else [1_000_000, 5_000_000]
    if args.smoke:
        args.repeat = 1
    return args


def cases(args: argparse.Namespace) -> Iterator[tuple[Path, str, int, object]]:
    """``(work folder, shape, size, make)`` for every row group of a table, in the order
    of the tables (sizes, then shapes); ``make(size)`` writes the draft's text. The folder
    is one temporary folder for the whole benchmark, gone after it."""
    with tempfile.TemporaryDirectory(prefix="cicadraft-bench-") as work:
        folder = Path(work)
        for size in args.sizes:
            for shape, make in SHAPES.items():
                yield folder, shape, size, make


def cicadraft(*argv: str, ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
    """Run ``python -m cicadraft ARGV`` (this interpreter, this environment)."""
    done = subprocess.run([sys.executable, "-m", "cicadraft", *argv], capture_output=True, text=True)
    if done.returncode not in ok:
        raise SystemExit(f"cicadraft {' '.join(argv)} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return done


def wall(*argv: str, repeat: int, ok: tuple[int, ...] = (0,)) -> tuple[float, subprocess.CompletedProcess]:
    """The median wall time of ``repeat`` runs of the command, and its last run."""
    times = []
    done = None
    for _ in range(repeat):
        started = time.perf_counter()
        done = cicadraft(*argv, ok=ok)
        times.append(time.perf_counter() - started)
    return statistics.median(times), done


def megabytes(text: str) -> float:
    return len(text.encode("utf-8")) / 1e6


def row(command: str, shape: str, size_mb: float | None, seconds: float, notes: str = "") -> str:
    size = f"{size_mb:.1f} MB" if size_mb is not None else "–"
    rate = f"{size_mb / seconds:.2f}" if size_mb is not None and seconds > 0 else "–"
    return f"| {command} | {shape} | {size} | {seconds:.2f} s | {rate} | {notes} |"


def startup_row(repeat: int) -> str:
    seconds, _ = wall("--version", repeat=repeat)
    return row("`cicadraft --version` (start-up alone)", "–", None, seconds)


class Table:
    """The rows of one benchmark, printed as they are measured."""

    def __init__(self, repeat: int):
        self.lines = list(HEADER)
        print("\n".join(self.lines), flush=True)
        self.add(startup_row(repeat))

    def add(self, line: str) -> None:
        self.lines.append(line)
        print(line, flush=True)

    def finish(self, args: argparse.Namespace, title: str) -> None:
        if args.append:
            append_section(args.append, title, self.lines)


def append_section(path: Path, title: str, table: list[str]) -> None:
    """Add a table to the results file under its own heading (after run.py wrote it)."""
    with path.open("a", encoding="utf-8") as out:
        out.write(f"\n## {title}\n\n" + "\n".join(table) + "\n")


def parse_row(line: str) -> list[str]:
    """The cells of a table row (for the tests)."""
    return [cell.strip() for cell in line.strip().strip("|").split("|")]
