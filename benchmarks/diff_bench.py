"""How long `cicadraft diff` takes on two big revisions of one draft.

Two shapes of draft (benchmarks/commands.py): the real drafts (the repository's and
shared/examples/) concatenated up to the size, and one from benchmarks/generate.py. Rev.1 is made from Rev.0 the way
a session changes a draft: about one bracket in 20 settled (kept or dropped), one in 30
joined by a delegation, one paragraph in 50 reworded, a few renumbered and two moved.

Each row times `cicadraft diff Rev0 Rev1 --format json -o …` (the whole command), and
notes the diff engine and JSON renderer alone on the parsed drafts.

    python -m benchmarks.diff_bench                                   # 1 MB and 5 MB
    python -m benchmarks.diff_bench --append benchmarks/RESULTS.md    # and add the table there
    python -m benchmarks.diff_bench --smoke                           # 100 KB, a few seconds

Nothing here asserts a time: it prints numbers (median of --repeat runs).
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time

from .commands import Table, arguments, cases, megabytes, row, wall


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


def engine_seconds(old: str, new: str, repeat: int) -> float:
    """The median time of the diff engine and the JSON renderer alone, in this process,
    on drafts already parsed (what a profile of the diff looks at)."""
    from cicadraft.analysis.diff import compare_drafts
    from cicadraft.analysis.diff.render import render
    from cicadraft.syntax import parse

    times = []
    old_draft, new_draft = parse(old), parse(new)
    for _ in range(repeat):
        started = time.perf_counter()
        render(compare_drafts(old_draft, new_draft), "json", "old", "new")
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__.splitlines()[0], argv)
    table = Table(args.repeat)
    for folder, shape, size, make in cases(args):
        old = make(size)
        new, made = revise(old)
        old_path, new_path, out = folder / "Rev0.cicadraft", folder / "Rev1.cicadraft", folder / "diff.json"
        old_path.write_text(old, encoding="utf-8")
        new_path.write_text(new, encoding="utf-8")
        seconds, _ = wall("diff", str(old_path), str(new_path), "--format", "json", "-o", str(out), repeat=args.repeat, ok=(1,))
        reported = len(json.loads(out.read_text(encoding="utf-8"))["changes"])
        engine = engine_seconds(old, new, args.repeat)
        table.add(row("`diff --format json`", shape, megabytes(old), seconds,
                      f"{made} changes made, {reported} reported; diff + json alone {engine:.2f} s"))
    table.finish(args, "`cicadraft diff` (`python -m benchmarks.diff_bench`)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
