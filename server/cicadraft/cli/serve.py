"""``cicadraft serve``: the language server, over stdio or TCP."""

from __future__ import annotations

import argparse

from .files import CliError


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "serve",
        help="run the language server (stdio by default)",
        description="Run the cicadraft language server. Editors start it; it talks LSP over stdio unless --tcp is given.",
    )
    parser.add_argument("--tcp", metavar="HOST:PORT", help="serve over TCP on HOST:PORT instead of stdio")
    parser.add_argument("--log-file", metavar="FILE", help="also write the server's log to FILE")
    parser.set_defaults(run=run)


def parse_address(value: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise CliError(f"--tcp: expected HOST:PORT, got {value!r}")
    return host.strip("[]") or "127.0.0.1", int(port)


def run(args: argparse.Namespace) -> int:
    address = parse_address(args.tcp) if args.tcp else None
    # Imported here so that `check` and `resolve` never pay for loading pygls.
    from cicadraft.lsp.server import serve

    return serve(tcp=address, log_file=args.log_file)
