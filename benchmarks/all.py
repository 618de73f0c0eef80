"""Every benchmark, one after the other (never two at once: they would time each other),
into one results file: `benchmarks.run` writes it, then `check`, `diff`, `status`,
`import`, and `export` with PDF import append their tables.

    python -m benchmarks.all                   # the full suite, writes benchmarks/RESULTS.md (an hour or more)
    python -m benchmarks.all --smoke --output /tmp/RESULTS.md    # each at its smallest, a few minutes
    python -m benchmarks.all --skip run,documents_bench         # leave some out
    python -m benchmarks.all --budget 5 --repeat 1              # shorter: 5 s per LSP row, one run per command row

Nothing here asserts a time: it prints numbers.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# After `run` (which writes the file), in the order of the sections of RESULTS.md.
APPENDING = ("check_bench", "diff_bench", "status_bench", "import_bench", "documents_bench")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="each benchmark at its smallest (the tests' runs)")
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    parser.add_argument("--budget", help="passed to benchmarks.run: seconds a row may take before it stops sampling")
    parser.add_argument("--repeat", help="passed to the others: runs per row (the median is reported)")
    parser.add_argument("--skip", default="", help=f"comma-separated, of: run, {', '.join(APPENDING)}")
    args = parser.parse_args(argv)
    skip = {name.strip() for name in args.skip.split(",") if name.strip()}
    unknown = skip - {"run", *APPENDING}
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    smoke = ["--smoke"] if args.smoke else []
    budget = ["--budget", args.budget] if args.budget else []
    repeat = ["--repeat", args.repeat] if args.repeat else []
    steps = []
    if "run" not in skip:
        steps.append(["run", *smoke, *budget, "--output", str(args.output)])
    elif not args.output.exists():
        args.output.write_text("# Benchmark results\n", encoding="utf-8")
    steps += [[name, *smoke, *repeat, "--append", str(args.output)] for name in APPENDING if name not in skip]
    for module, *rest in steps:
        started = time.perf_counter()
        print(f"== python -m benchmarks.{module} {' '.join(rest)}", file=sys.stderr, flush=True)
        done = subprocess.run([sys.executable, "-m", f"benchmarks.{module}", *rest], cwd=ROOT)
        print(f"== {module}: exit {done.returncode}, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        if done.returncode != 0:
            return done.returncode
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
