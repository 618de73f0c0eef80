"""``cicadraft import FILE [-o OUT] [--author NAME=CODE ...]``: a Word, ODF or PDF
document as a draft (docs/import.md).

The draft goes to stdout, or to OUT, written atomically; what the text cannot say (other
comments, formatting-only revisions) goes to stderr, one line each. Exit status 2 with
one line for anything that stops the import (a file that is not a document, an author
that maps to no delegation, an unreadable cicadraft.toml): then nothing is written.

Authors are mapped with the registry and ``[import.authors]`` of the nearest
cicadraft.toml from OUT's folder (stdout: the current folder), where the draft will live.
"""

from __future__ import annotations

import argparse
import sys

from cicadraft.locales import quote

from .files import CliError, write_atomic


def _author(value: str) -> tuple[str, str]:
    name, sep, code = value.rpartition("=")
    if not sep or not name.strip() or not code.strip():
        raise argparse.ArgumentTypeError(f"{quote(value)} is not NAME=CODE (e.g. --author \"Jane Smith=IND\")")
    return name.strip(), code.strip()


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "import",
        help="turn a Word, ODF or PDF document into a draft",
        description=(
            "Read a .docx/.docm/.dotx, .odt or .pdf document and print it as a .cicadraft draft: tracked changes "
            "become bracketed proposals of their authors' delegations, \"tcb\" comments reservations, and automatic "
            "numbering labels. Nothing in the document is run or fetched."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="the document")
    parser.add_argument("-o", "--output", metavar="OUT", help="write the draft to OUT (atomically) instead of stdout")
    parser.add_argument("--author", action="append", default=[], type=_author, metavar="NAME=CODE",
                        help="the delegation of a document author, e.g. \"Jane Smith=IND\" (repeatable)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from cicadraft.documents.authors import configured_authors
    from cicadraft.documents.errors import DocumentError
    from cicadraft.documents.importing import import_document

    from .workspace import workspace_for

    workspace = workspace_for(args.output or "-")
    if workspace.problems:
        first, more = workspace.problems[0], len(workspace.problems) - 1
        others = f" and {more} more problem{'s' if more != 1 else ''}" if more else ""
        raise CliError(f"{first} (fix this{others} first: import maps authors with this file; nothing was written)")
    registry = workspace.registry
    try:
        mapping = configured_authors(workspace, dict(args.author), "--author")
        result = import_document(Path(args.file), registry=registry, authors=mapping)
    except DocumentError as error:
        raise CliError(str(error)) from None
    except MemoryError:
        raise CliError(f"{args.file}: not imported: the document needs more memory than is available") from None
    data = result.text.encode("utf-8")
    if args.output:
        try:
            write_atomic(args.output, data)
        except OSError as error:
            raise CliError(f"{args.output}: cannot write ({error.strerror or error}); nothing was written") from None
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    for note in result.notes:
        print(f"{args.file}: {note}", file=sys.stderr)
    return 0
