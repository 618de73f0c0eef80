"""How long `cicadraft diff` takes on two big revisions of one draft.

Two shapes of draft: one from benchmarks/generate.py, and the real drafts (the reference
and the two corpus drafts) concatenated up to the size. Rev.1 is made from Rev.0 the way
a session changes a draft: about one bracket in 20 settled (kept or dropped), one in 30
joined by a delegation, one paragraph in 50 reworded, a few renumbered and two moved.

    python -m benchmarks.diff_bench             # 1 MB and 5 MB
    python -m benchmarks.diff_bench --smoke     # 100 KB, a few seconds

Nothing here asserts a time: it prints numbers (median of --repeat runs).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

from .generate import generate
from .shapes import real_drafts


def revise(text: str, seed: int = 1) -> tuple[str, int]:
    """Rev.1 of a draft, and how many changes were made."""
    from cicadraft.syntax import parse

    rng = random.Random(seed)
    draft = parse(text)
    edits: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end < a or start > b for a, b in taken)

    for bracket in draft.brackets:
        if not bracket.closed or bracket.children:
            continue
        end = max([bracket.close + 1] + [draft.tag_groups[g].span.end for g in bracket.tag_groups])
        if not free(bracket.open - 2, end + 2):
            continue
        roll = rng.random()
        if roll < 0.025:  # accepted: the brackets and the tags go, the words stay
            edits.append((bracket.open, end, text[bracket.open + 1 : bracket.close]))
        elif roll < 0.05:  # dropped
            edits.append((bracket.open, end, ""))
        elif roll < 0.083:  # a delegation joins
            edits.append((end, end, " (+KAZ)"))
        else:
            continue
        taken.append((bracket.open - 2, end + 2))
    lines = [i for i, line in enumerate(text.split("\n")) if len(line.split()) > 8 and "[" not in line]
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    for i in lines[:: 50]:
        position = text.index(" ", starts[i]) + 1
        if free(position, position):
            edits.append((position, position, "notably "))
            taken.append((position, position))
    for item in draft.items[5 :: max(1, len(draft.items) // 4)]:
        if item.label and free(item.lead.span.start, item.lead.span.end):
            edits.append((item.lead.span.start, item.lead.span.end, item.label.rstrip(".") + "bis."))
            taken.append((item.lead.span.start, item.lead.span.end))
    revised = text
    for start, end, new in sorted(edits, reverse=True):
        revised = revised[:start] + new + revised[end:]
    # two paragraphs moved to the end
    blocks = revised.split("\n\n")
    for k in (len(blocks) // 3, len(blocks) // 2):
        if len(blocks[k].split()) > 8:
            blocks.append(blocks.pop(k))
    return "\n\n".join(blocks), len(edits) + 2


def measure(old: str, new: str, repeat: int) -> tuple[float, float, int]:
    from cicadraft.analysis.diff import compare_drafts
    from cicadraft.analysis.diff.render import render
    from cicadraft.syntax import parse

    totals, diffs = [], []
    report = None
    for _ in range(repeat):
        started = time.perf_counter()
        old_draft, new_draft = parse(old), parse(new)
        parsed = time.perf_counter()
        report = compare_drafts(old_draft, new_draft)
        render(report, "json", "old", "new")
        done = time.perf_counter()
        totals.append(done - started)
        diffs.append(done - parsed)
    return statistics.median(totals), statistics.median(diffs), len(report.changes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="100 KB only, one run")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--append", type=Path, metavar="RESULTS", help="also append the table to this file (benchmarks/RESULTS.md)")
    args = parser.parse_args(argv)
    sizes = [100_000] if args.smoke else [1_000_000, 5_000_000]
    repeat = 1 if args.smoke else args.repeat
    lines = ["| shape | size | changes made | changes reported | parse + diff + json | diff + json |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    print("\n".join(lines), flush=True)
    for size in sizes:
        for shape, make in (("generated", lambda s: generate(s, seed=7)), ("real drafts", real_drafts)):
            old = make(size)
            new, made = revise(old)
            total, diff, reported = measure(old, new, repeat)
            lines.append(f"| {shape} | {len(old) / 1e6:.1f} MB | {made} | {reported} | {total:.2f} s | {diff:.2f} s |")
            print(lines[-1], flush=True)
    if args.append:
        append_section(args.append, "`cicadraft diff` (`python -m benchmarks.diff_bench`)", lines)
    return 0


def append_section(path: Path, title: str, table: list[str]) -> None:
    """Add a table to the results file under its own heading (after run.py wrote it)."""
    with path.open("a", encoding="utf-8") as out:
        out.write(f"\n## {title}\n\n" + "\n".join(table) + "\n")


if __name__ == "__main__":
    sys.exit(main())
