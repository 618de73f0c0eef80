"""How fast `cicadraft check` goes through a folder of drafts, on one core and on all.

The folder holds 2,000 drafts of every shape of :mod:`benchmarks.shapes` (2–16 KB each,
seeded). Both runs must print the same report; the figures are drafts and megabytes
per second of wall time, the median of ``--repeat`` runs.

    python -m benchmarks.check_bench            # 2,000 drafts
    python -m benchmarks.check_bench --smoke    # 40 drafts, one run

Nothing here asserts a time: it prints numbers.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .commands import append_section
from .shapes import SHAPES, shape


def make_folder(folder: Path, count: int, seed: int = 11) -> int:
    """``count`` drafts in ``folder`` (in subfolders of 100); their total size in bytes."""
    rng = random.Random(seed)
    names = list(SHAPES)
    total = 0
    for number in range(count):
        text = shape(names[number % len(names)], rng.randint(2_000, 16_000), seed=number)
        path = folder / f"part{number // 100:02d}" / f"draft-{number:04d}.cicadraft"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    return total


def timed_check(folder: Path, jobs: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "cicadraft", "check", *jobs, str(folder)], capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"cicadraft check failed ({result.returncode}): {result.stderr.strip()}")
    return elapsed, result


def measure(count: int, repeat: int) -> list[str]:
    """The markdown rows: one process, then the default (every core)."""
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        size = make_folder(folder, count)
        outputs = {}
        for label, jobs in (("--jobs 1", ["--jobs", "1"]), (f"default ({os.cpu_count()} cores)", [])):
            times = []
            for _ in range(repeat):
                elapsed, result = timed_check(folder, jobs)
                times.append(elapsed)
                outputs[label] = (result.returncode, result.stdout, result.stderr)
            wall = statistics.median(times)
            rows.append(
                f"| `cicadraft check` on {count:,} drafts ({size / 1e6:.1f} MB), {label} | {wall:.2f} s | "
                f"{count / wall:,.0f} | {size / 1e6 / wall:.2f} |"
            )
        same = len(set(outputs.values())) == 1
        rows.append(f"| the two reports identical | {'yes' if same else 'NO'} | | |")
    return rows


HEADER = ["| measurement | wall (median) | drafts/s | MB/s |", "| --- | ---: | ---: | ---: |"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="40 drafts, one run")
    parser.add_argument("--drafts", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--append", type=Path, metavar="RESULTS", help="also append the table to this file (benchmarks/RESULTS.md)")
    args = parser.parse_args(argv)
    count = 40 if args.smoke else args.drafts
    table = HEADER + measure(count, 1 if args.smoke else args.repeat)
    print("\n".join(table))
    if args.append:
        append_section(args.append, "`cicadraft check` on a folder (`python -m benchmarks.check_bench`)", table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
