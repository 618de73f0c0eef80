"""The ``cicadraft`` command: ``check``, ``resolve``, ``diff``, ``status`` and ``serve``."""

from __future__ import annotations

import argparse
import sys

from cicadraft import __version__

from .files import CliError, os_problem


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors as one line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        command = f"cicadraft {self.prog.split()[-1]}" if " " in self.prog else "cicadraft"
        self.exit(2, f"cicadraft: {message} (see “{command} --help”)\n")


#: The subcommands, in the order ``--help`` lists them: each module under ``cli/`` has
#: ``add_parser(subparsers)``, which sets ``run`` on its arguments.
COMMAND_MODULES = ("check", "resolve", "diff", "status", "serve")


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = _Parser(prog="cicadraft", description="Check, resolve and edit bracketed negotiation drafts (.cicadraft).")
    parser.add_argument("--version", action="version", version=f"cicadraft {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__package__}.{name}").add_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.run(args)
    except CliError as error:
        print(f"cicadraft: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except OSError as error:
        # Every command: a file, folder or socket the system refused is the user's to
        # fix, in one line (the commands name what they were doing where they can).
        where = f"{error.filename}: " if error.filename else ""
        print(f"cicadraft: {where}{os_problem(error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
