"""``cicadraft resolve FILE``: settle proposals and print, diff or write the result.

Decisions run in the order given (``--accept IRAN --reject CHN --keep-all``), each on
the text the previous one left. By default the result goes to stdout, byte for byte (the
BOM, line endings and final line break as in the file); ``--diff`` prints a unified diff
instead, ``-o OUT`` writes OUT and ``--in-place`` rewrites FILE, both atomically.

Exit status: 0 when done (brackets left alone for a conflict are reported on stderr),
2 for a usage error, an unreadable file, an unbalanced draft or an unknown code, in
which case nothing is written.
"""

from __future__ import annotations

import argparse
import re
import sys

from cicadraft.analysis import messages
from cicadraft.locales import quote
from cicadraft.syntax import parse
from cicadraft.syntax.text import LineIndex, line_starts

from .files import CliError, encode, read_draft, write_atomic
from .workspace import workspace_for


# A delegation code as a tag writes it (the grammar's _TAG_CODE).
_CODE = re.compile(r"[A-Za-z][A-Za-z0-9]{1,9}")


class _Decision(argparse.Action):
    """Collects --accept/--reject/--keep-all/--drop-all in command-line order."""

    def __call__(self, parser, namespace, values, option_string=None):
        if self.const in ("accept", "reject") and not _CODE.fullmatch(values):
            parser.error(
                f"argument {option_string}: {quote(values)} is not a delegation code "
                "(2 to 10 letters and digits, starting with a letter, e.g. IRAN)"
            )
        decisions = list(getattr(namespace, "decisions", None) or [])
        decisions.append((self.const, values))
        namespace.decisions = decisions


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "resolve",
        help="accept or reject proposals, or make a clean text",
        description=(
            "Settle the bracketed proposals of a draft and print the result. Decisions are applied in the "
            "order given; a bracket on which a delegation is both + and - is left alone and reported."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="the draft (- reads stdin)")
    parser.set_defaults(decisions=[], run=run)
    decide = parser.add_argument_group("decisions (repeatable, applied in order)")
    decide.add_argument(
        "--accept", action=_Decision, const="accept", metavar="CODE", help="accept every proposal of this delegation"
    )
    decide.add_argument(
        "--reject", action=_Decision, const="reject", metavar="CODE", help="reject every proposal of this delegation"
    )
    decide.add_argument(
        "--choose",
        action=_Decision,
        const="choose",
        metavar="LABEL",
        help="choose the option or alternative labelled LABEL (e.g. \"Option 2\", 11altern.) in every set that has one; drop the others",
    )
    decide.add_argument(
        "--keep-all", action=_Decision, const="keep-all", nargs=0, help="clean text: keep the text of every bracket"
    )
    decide.add_argument(
        "--drop-all", action=_Decision, const="drop-all", nargs=0, help="clean text: drop every bracket and its text"
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--diff", action="store_true", help="print a unified diff instead of the text")
    output.add_argument("-o", "--output", metavar="OUT", help="write the result to OUT")
    output.add_argument("--in-place", action="store_true", help="rewrite FILE (atomically)")


def run(args: argparse.Namespace) -> int:
    # Imported here so that `check` (sharing this parser) does not pay for the engine.
    from cicadraft.analysis import resolve as engine

    if not args.decisions:
        raise CliError("resolve: nothing to do: give --accept CODE, --reject CODE, --choose LABEL, --keep-all or --drop-all")
    if args.in_place and args.file == "-":
        raise CliError("resolve: --in-place needs a file, not stdin")
    source = read_draft(args.file)
    workspace = workspace_for(args.file)
    if workspace.problems:
        # A decision is not taken on a configuration the user did not get (aliases or
        # codes of a broken cicadraft.toml would silently be missing).
        first, more = workspace.problems[0], len(workspace.problems) - 1
        others = f" and {more} more problem{'s' if more != 1 else ''}" if more else ""
        raise CliError(f"{first} (fix this{others} first: resolve decides nothing on a configuration with errors, "
                       "and nothing was written; “cicadraft check” lists every problem)")
    registry = workspace.registry
    draft = parse(source.text)
    # Everything that can fail is checked before anything is written.
    if not draft.balanced:
        raise CliError(f"{source.path}: {engine.keep_all(draft).refusal.message}")
    for kind, code in args.decisions:
        if code and kind != "choose":
            unknown = engine.unknown_code(draft, code, registry)
            if unknown is not None:
                raise CliError(f"{source.path}: {unknown.message}")

    text = source.text
    history: list[tuple] = []  # the edits of each step, to place reports in the input
    reports: list[tuple[int, int, str]] = []  # (offset in the input, step, sentence)
    for step, (kind, code) in enumerate(args.decisions):
        if history:
            draft = parse(text)
        outcome = _decide(draft, kind, code, registry)
        if outcome.refusal is not None:
            if outcome.refusal.reason == "unknown-code":
                continue  # checked above: an earlier decision removed the code's last tag
            raise CliError(f"{source.path}: {outcome.refusal.message}")
        for skipped in outcome.skipped:
            offset = draft.brackets[skipped.args["bracket"]].open
            sentence = messages.text("resolve.left-alone", code=skipped.args["code"])
            reports.append((_to_input(history, offset), step, sentence))
        for override in outcome.overridden:
            offset = draft.brackets[override.bracket].open
            position = messages.text(f"position.{override.position}", code=override.code)
            sentence = messages.text("resolve.overrode", option=f"--{kind} {code}", position=position)
            reports.append((_to_input(history, offset), step, sentence))
        history.append(outcome.edits)
        text = outcome.preview(text)

    if args.diff:
        _write_stdout(encode(_diff(source.path, source.text, text), False))
    elif args.output:
        _write_file(args.output, encode(text, source.bom, source.encoding))
    elif args.in_place:
        if text != source.text:
            _write_file(args.file, encode(text, source.bom, source.encoding))
    else:
        _write_stdout(encode(text, source.bom, source.encoding))
    # After the result is out: when writing fails, the one line that says so is all.
    lines = LineIndex(source.text)
    for offset, _, sentence in sorted(reports):
        line, column = lines.position(offset)
        print(f"{source.path}:{line + 1}:{column + 1}: {sentence}", file=sys.stderr)
    return 0


def _decide(draft, kind: str, code: str | None, registry):
    from cicadraft.analysis import resolve as engine

    if kind == "accept":
        return engine.accept_all(draft, code, registry)
    if kind == "reject":
        return engine.reject_all(draft, code, registry)
    if kind == "choose":
        return engine.choose_label(draft, code)
    if kind == "keep-all":
        return engine.keep_all(draft)
    return engine.drop_all(draft)


def _to_input(history: list[tuple], offset: int) -> int:
    """Map an offset in the text after ``history`` back to the input text."""
    for edits in reversed(history):
        delta = 0
        for edit in edits:
            start = edit.span.start + delta
            if offset < start:
                break
            if offset < start + len(edit.new_text):
                offset = edit.span.start + delta  # inside new text: its start
                break
            delta += len(edit.new_text) - len(edit.span)
        offset -= delta
    return offset


def _lines(text: str) -> list[str]:
    starts = line_starts(text)
    found = [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]
    return found if found[-1] else found[:-1]


def _diff(path: str, before: str, after: str) -> str:
    import difflib  # only --diff needs it; `check` shares this module's parser

    out = []
    labels = {"fromfile": f"{path} (before)", "tofile": f"{path} (after)"}
    for line in difflib.unified_diff(_lines(before), _lines(after), lineterm="\n", **labels):
        if not line.endswith(("\n", "\r")):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out)


def _write_stdout(data: bytes) -> None:
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (some test harnesses)
        sys.stdout.write(data.decode("utf-8", "surrogateescape"))
    else:
        buffer.write(data)
        buffer.flush()


def _write_file(path: str, data: bytes) -> None:
    try:
        write_atomic(path, data)
    except OSError as error:
        raise CliError(f"{path}: cannot write ({error.strerror or error}); the file was not changed") from None
