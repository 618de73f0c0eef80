"""Reading and writing drafts on disk for the command line.

A draft is read as UTF-8 (a BOM is tolerated and remembered) without newline
translation, so that writing it back keeps its line endings, BOM and final newline byte
for byte outside the edited spans.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

BOM = "\ufeff"


class CliError(Exception):
    """A problem the user must fix: printed as one line, exit status 2."""


@dataclass(frozen=True)
class DraftFile:
    """A draft as read from disk or stdin."""

    path: str  # as given on the command line ("-" for stdin)
    text: str  # without the BOM
    bom: bool


def decode(data: bytes, path: str) -> DraftFile:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CliError(f"{path}: not UTF-8 text (byte {error.start}): save the draft as UTF-8") from None
    bom = text.startswith(BOM)
    return DraftFile(path=path, text=text[1:] if bom else text, bom=bom)


def os_problem(error: OSError) -> str:
    """An OSError in a few plain words, without the path (the caller names what failed)."""
    if isinstance(error, IsADirectoryError):
        return "is a folder, not a file"
    if isinstance(error, FileNotFoundError):
        return "no such file or folder"
    if isinstance(error, NotADirectoryError):
        return "a part of the path is a file, not a folder"
    if isinstance(error, PermissionError):
        return "permission denied"
    # The errno's own words: asyncio and others wrap them in longer sentences; a
    # resolver error (socket.gaierror) has a negative number and only its own words.
    positive = isinstance(error.errno, int) and error.errno > 0
    reason = os.strerror(error.errno) if positive else (error.strerror or str(error) or type(error).__name__)
    return reason[:1].lower() + reason[1:]


def read_draft(path: str) -> DraftFile:
    if path == "-":
        return decode(sys.stdin.buffer.read(), "<stdin>")
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        raise CliError(f"{path}: is a folder, not a draft") from None
    except FileNotFoundError:
        raise CliError(f"{path}: no such file") from None
    except OSError as error:
        raise CliError(f"{path}: cannot read ({os_problem(error)})") from None
    return decode(data, path)


def encode(text: str, bom: bool) -> bytes:
    return ((BOM if bom else "") + text).encode("utf-8", "surrogateescape")


def write_atomic(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a
    rename: a failure at any point leaves the original file as it was."""
    import tempfile  # only writing needs it

    target = Path(path)
    folder = target.parent
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.chmod(temporary, target.stat().st_mode & 0o7777)
        except FileNotFoundError:
            pass
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
