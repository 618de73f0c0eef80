"""``cicadraft status PATH...``: where the negotiation stands, over one or several drafts.

Per draft: paragraphs agreed and open, open brackets, the share of words agreed, open
reservations, each delegation's positions (or, ``--by item``, who holds what on each
open paragraph); then totals. Formats: text (80 columns), markdown, json (docs/status.md),
csv, html (one self-contained page, printable on A4).

Folders stand for every draft below them. A file that cannot be read is named on stderr
and the others are reported (exit status 2 then); so is each problem of a broken
``cicadraft.toml`` (the report is made all the same, with what could be read of it). An
unbalanced draft is reported with its problems. Exit status: 0, or 2 for a usage error,
an unreadable file or a broken configuration.
"""

from __future__ import annotations

import argparse
import sys

from .files import EXTENSION, CliError, expand_paths, read_draft_text, write_report


def add_parser(commands) -> None:
    from cicadraft.analysis.status_render import FORMATS, GROUPINGS, LOCALES

    parser = commands.add_parser(
        "status",
        help="where the negotiation stands: agreed and open paragraphs, each delegation's positions",
        description=(
            "Report, per draft and over all of them, how many paragraphs are agreed and open, the brackets still "
            "open, the share of words agreed, the open reservations, and what each delegation holds. "
            "Exit status: 0, or 2 for a usage error or an unreadable file (the other drafts are still reported)."
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="draft files or folders (every *.cicadraft below); - reads stdin")
    parser.add_argument("--format", choices=FORMATS, default="text", help="report format (default: text)")
    parser.add_argument("-o", "--output", metavar="OUT", help="write the report to OUT")
    parser.add_argument(
        "--by", choices=GROUPINGS, default="delegation",
        help="list each delegation's positions, or who holds what on each open paragraph (default: delegation)",
    )
    parser.add_argument("--locale", choices=LOCALES, help="language of the report (default: the workspace's, or en)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from cicadraft.analysis.status_render import render
    from cicadraft.analysis.status_report import Report, draft_status, totals
    from cicadraft.syntax import parse

    from .workspace import workspace_for

    paths = expand_paths(args.paths)
    if not paths:
        raise CliError(f"no {EXTENSION} files under {', '.join(args.paths)}")
    if paths.count("-") > 1:
        raise CliError("status: stdin (-) can be read only once")
    statuses = []
    unreadable: list[str] = []
    config_problems: list[str] = []
    locale = args.locale
    for path in paths:
        try:
            text = read_draft_text(path)
        except CliError as error:
            unreadable.append(str(error))
            continue
        workspace = workspace_for(path)
        for problem in workspace.problems:  # the counts may miss its codes and aliases: say so, once
            if str(problem) not in config_problems:
                config_problems.append(str(problem))
        if locale is None and workspace.locale in ("en", "ru"):
            locale = workspace.locale
        statuses.append(draft_status("<stdin>" if path == "-" else path, parse(text), workspace.registry))
    for problem in unreadable + config_problems:
        print(f"cicadraft: {problem}", file=sys.stderr)
    if statuses:  # nothing to report when no draft could be read
        output = render(Report(drafts=statuses, total=totals(statuses)), args.format, locale or "en", args.by)
        write_report(output, args.output)
    return 2 if unreadable or config_problems else 0
