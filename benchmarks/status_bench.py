"""How long `cicadraft status` takes on big drafts.

Two shapes of draft (benchmarks/commands.py): the real drafts (the repository's and
shared/examples/) concatenated up to the size, and one from benchmarks/generate.py. Each
row times the whole command, `cicadraft status DRAFT` (text, the default), with
`--format json` and with `--format html` (the report with its charts), written to a file.

    python -m benchmarks.status_bench                                  # 1 MB and 5 MB
    python -m benchmarks.status_bench --append benchmarks/RESULTS.md   # and add the table there
    python -m benchmarks.status_bench --smoke                          # 100 KB, one run

Nothing here asserts a time: it prints numbers (median of --repeat runs).
"""

from __future__ import annotations

import json
import sys

from .commands import Table, arguments, cases, megabytes, row, wall


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__.splitlines()[0], argv)
    table = Table(args.repeat)
    for folder, shape, size, make in cases(args):
        text = make(size)
        draft = folder / "draft.cicadraft"
        draft.write_text(text, encoding="utf-8")
        measured = {}
        for format in ("text", "json", "html"):
            out = folder / f"status.{format}"
            measured[format], _ = wall("status", str(draft), "--format", format, "-o", str(out), repeat=args.repeat)
        status = json.loads((folder / "status.json").read_text(encoding="utf-8"))["drafts"][0]
        notes = (f"{status['paragraphs']['total']} paragraphs ({status['paragraphs']['open']} open), "
                 f"{status['brackets']} brackets, {len(status['delegations'])} delegations")
        for format, seconds in measured.items():
            command = "`status`" if format == "text" else f"`status --format {format}`"
            table.add(row(command, shape, megabytes(text), seconds, notes if format == "text" else ""))
    table.finish(args, "`cicadraft status` (`python -m benchmarks.status_bench`)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
