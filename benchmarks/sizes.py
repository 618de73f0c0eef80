"""The command line of the benchmarks that time one command on big drafts: 1 MB and
5 MB, the median of ``--repeat`` runs; ``--smoke`` is 100 KB and one run (the tests)."""

from __future__ import annotations

import argparse


def sizes_and_repeat(description: str, argv: list[str] | None) -> tuple[list[int], int]:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--smoke", action="store_true", help="100 KB only, one run")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if args.smoke:
        return [100_000], 1
    return [1_000_000, 5_000_000], args.repeat
