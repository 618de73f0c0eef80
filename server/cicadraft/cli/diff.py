"""``cicadraft diff OLD NEW``: what changed between two revisions, in negotiators' terms.

Three ways in:

* ``cicadraft diff OLD NEW`` compares two files (``-`` reads one of them from stdin);
* ``cicadraft diff --git REV FILE`` compares FILE with its version at a git revision;
* as git's external diff driver, git calls ``cicadraft diff PATH OLD-FILE OLD-HEX
  OLD-MODE NEW-FILE NEW-HEX NEW-MODE`` (``/dev/null`` for a file added or removed): see
  docs/diff.md for the ``.gitattributes`` and git config lines.

Exit status as diff(1): 0 no change, 1 changes, 2 trouble (one line on stderr). As git's
driver the status is 0 whatever changed, because git stops at a driver that fails.
"""

from __future__ import annotations

import argparse
import os
import sys

from .files import CliError, read_draft_text, text_or_error, write_report

_NULL = "/dev/null"


def add_parser(commands) -> None:
    from cicadraft.analysis.diff.render import FORMATS, LOCALES

    parser = commands.add_parser(
        "diff",
        help="what changed between two revisions of a draft",
        description=(
            "Compare two revisions of a draft and report, in negotiators' terms, which proposals were added, "
            "accepted or dropped, which delegations joined or withdrew, and which paragraphs were added, removed, "
            "renumbered, moved or reworded. Exit status: 0 no change, 1 changes, 2 trouble."
        ),
    )
    parser.add_argument("files", nargs="*", metavar="OLD NEW", help="the two revisions (- reads stdin)")
    parser.add_argument("--git", metavar="REV", help="compare FILE with its version at the git revision REV")
    parser.add_argument("--format", choices=FORMATS, default="text", help="report format (default: text)")
    parser.add_argument("-o", "--output", metavar="OUT", help="write the report to OUT")
    parser.add_argument("--locale", choices=LOCALES, help="language of the report (default: the workspace's, or en)")
    parser.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto",
        help="colour the text report (auto: on a terminal, unless NO_COLOR is set)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    files = args.files
    as_git_driver = False
    if args.git is not None:
        if len(files) != 1:
            raise CliError("diff: --git REV takes one FILE: cicadraft diff --git REV FILE")
        path = files[0]
        old_text, new_text = git_show(args.git, path), read_draft_text(path)
        old_name, new_name, config_path = f"{path}@{args.git}", path, path
    elif len(files) == 2:
        old_name, new_name = files
        if old_name == "-" and new_name == "-":
            raise CliError("diff: only one of OLD and NEW can be read from stdin")
        old_text, new_text = read_draft_text(old_name), read_draft_text(new_name)
        config_path = new_name
    elif len(files) == 7:  # git's GIT_EXTERNAL_DIFF / diff.<driver>.command arguments
        as_git_driver = True
        path, old_file, _, _, new_file, _, _ = files
        old_name, new_name, config_path = f"a/{path}", f"b/{path}", path
        try:
            old_text = "" if old_file == _NULL else read_draft_text(old_file, shown=path)
            new_text = "" if new_file == _NULL else read_draft_text(new_file, shown=path)
        except CliError as error:  # say so in the output, and let git go on to the next file
            sys.stdout.write(f"cicadraft diff {old_name} {new_name}\n{error}\n")
            return 0
    else:
        raise CliError("diff: give two files: cicadraft diff OLD NEW (or --git REV FILE)")

    from cicadraft.analysis.diff import compare
    from cicadraft.analysis.diff.render import render

    from .workspace import workspace_for

    workspace = workspace_for(config_path if config_path != "-" else "-")
    report = compare(old_text, new_text, workspace.registry)
    locale = args.locale or (workspace.locale if workspace.locale in ("en", "ru") else "en")
    color = args.format == "text" and not args.output and _color(args.color, as_git_driver)
    output = render(report, args.format, old_name, new_name, locale, color)
    write_report(output, args.output)
    if as_git_driver:
        return 0
    return 1 if report.changes else 0


def _color(choice: str, as_git_driver: bool) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if as_git_driver and os.environ.get("GIT_PAGER_IN_USE"):
        return True  # git pipes the driver into its pager, which shows colour
    return sys.stdout.isatty()


def git_show(revision: str, path: str) -> str:
    """The text of ``path`` at ``revision``, from the repository the file is in."""
    from cicadraft.gitfiles import GitError
    from cicadraft.gitfiles import git_show as show

    from .files import decode

    try:
        data = show(revision, path)
    except GitError as error:
        raise CliError(f"diff --git: {error}") from None
    return text_or_error(decode(data, f"{path}@{revision}").text, f"{path}@{revision}")
