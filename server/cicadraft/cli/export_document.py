"""``cicadraft export FILE -o OUT.docx``: a draft as a Word document (docs/export.md).

``--track-changes`` makes each proposal with one signed tag a tracked change by its
delegation; ``--clean`` exports the text as ``resolve --keep-all`` settles it. OUT is
written atomically; a draft that cannot be exported gets one line and exit status 2,
and nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .files import CliError, read_draft
from .workspace import workspace_for


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "export",
        help="write a draft as a Word document (.docx)",
        description=(
            "Write a draft as a Word document that looks like a CICA circular: headings, labelled items, brackets "
            "and tags as text (tags in their own character style), A4, the text's language set for proofing."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="the draft (- reads stdin)")
    parser.add_argument("-o", "--output", metavar="OUT.docx", required=True, help="the Word document to write")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--track-changes",
        action="store_true",
        help="make each bracket with exactly one signed tag (and no bracket inside) a tracked change by that delegation",
    )
    mode.add_argument("--clean", action="store_true", help="export the clean text (as resolve --keep-all settles it)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from cicadraft.documents.errors import DocumentError
    from cicadraft.documents.exporting import export_document

    out = Path(args.output)
    if out.suffix.lower() != ".docx":
        raise CliError(f"export: {args.output}: the output must be a .docx file")
    if out.is_dir():
        raise CliError(f"export: {args.output}: is a folder, not a file")
    if not out.parent.is_dir():
        raise CliError(f"export: {args.output}: the folder {out.parent} does not exist")
    source = read_draft(args.file)
    workspace = workspace_for(args.file)
    try:
        notes = export_document(
            source.text, out, registry=workspace.registry, track_changes=args.track_changes, clean=args.clean
        )
    except DocumentError as error:
        raise CliError(f"{source.path}: {error}") from None
    for note in notes:
        print(f"{source.path}: {note}", file=sys.stderr)
    return 0
