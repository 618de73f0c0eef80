"""``cicadraft serve``: the language server, over stdio or TCP."""

from __future__ import annotations

import argparse

from .files import CliError, os_problem


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


def check_log_file(path: str) -> None:
    """Open the log file for appending as the server will, so that a folder, a missing
    folder or a forbidden file is a one-line error before the server starts."""
    try:
        with open(path, "a", encoding="utf-8"):
            pass
    except OSError as error:
        raise CliError(f"--log-file {path}: cannot write the log there ({os_problem(error)})") from None


def check_address(host: str, port: int) -> None:
    """Bind the address once, as the server will (with SO_REUSEADDR, like asyncio), so
    that an address this machine does not have or a port in use is a one-line error
    before the server starts."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except OSError as error:
        raise CliError(f"--tcp {host}:{port}: unknown host ({os_problem(error)})") from None
    family, kind, protocol, _, address = infos[0]
    try:
        with socket.socket(family, kind, protocol) as probe:
            if hasattr(socket, "SO_REUSEADDR"):
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
            probe.listen(1)
    except OSError as error:
        raise CliError(f"--tcp {host}:{port}: cannot listen there ({os_problem(error)})") from None


def run(args: argparse.Namespace) -> int:
    address = parse_address(args.tcp) if args.tcp else None
    if args.log_file:
        check_log_file(args.log_file)
    if address:
        check_address(*address)
    # Imported here so that `check` and `resolve` never pay for loading pygls.
    from cicadraft.lsp.server import serve

    return serve(tcp=address, log_file=args.log_file)
