"""How long `cicadraft status` takes on big drafts from benchmarks/generate.py.

Per size: the draft's positions and paragraphs, then the median time of parsing it and
building the report (positions, paragraphs, words, sections), and of the report alone,
and of rendering it as text, json and html.

    python -m benchmarks.status_bench            # 1 MB and 5 MB
    python -m benchmarks.status_bench --smoke    # 100 KB, one run

Nothing here asserts a time: it prints numbers (median of --repeat runs).
"""

from __future__ import annotations

import statistics
import sys
import time

from .generate import generate
from .sizes import sizes_and_repeat


def measure(text: str, repeat: int) -> dict[str, float | int]:
    from cicadraft.analysis.status_render import render
    from cicadraft.analysis.status_report import Report, draft_status, totals
    from cicadraft.registry import default_registry
    from cicadraft.syntax import parse

    registry = default_registry()
    times: dict[str, list[float]] = {"total": [], "report": [], "text": [], "json": [], "html": []}
    built = None
    for _ in range(repeat):
        started = time.perf_counter()
        draft = parse(text)
        parsed = time.perf_counter()
        status = draft_status("draft.cicadraft", draft, registry)
        built = Report(drafts=[status], total=totals([status]))
        reported = time.perf_counter()
        times["report"].append(reported - parsed)
        for format in ("text", "json", "html"):
            before = time.perf_counter()
            render(built, format)
            times[format].append(time.perf_counter() - before)
        times["total"].append(reported - started + times["text"][-1])
    status = built.drafts[0]
    result: dict[str, float | int] = {key: statistics.median(values) for key, values in times.items()}
    result["positions"] = len(status.positions)
    result["paragraphs"] = status.paragraphs
    return result


def main(argv: list[str] | None = None) -> int:
    sizes, repeat = sizes_and_repeat(__doc__.splitlines()[0], argv)
    print("| size | positions | paragraphs | parse + report + text | report | text | json | html |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in sizes:
        text = generate(size, seed=7)
        m = measure(text, repeat)
        print(
            f"| {len(text) / 1e6:.1f} MB | {m['positions']} | {m['paragraphs']} | {m['total']:.2f} s | {m['report']:.2f} s "
            f"| {m['text']:.2f} s | {m['json']:.2f} s | {m['html']:.2f} s |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
