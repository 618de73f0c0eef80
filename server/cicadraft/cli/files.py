"""Reading and writing drafts on disk for the command line.

A draft is read as UTF-8 (a BOM is tolerated and remembered), or as UTF-16 when it starts
with a UTF-16 BOM (what Word saves as "Unicode text"), without newline translation, so
that writing it back keeps its encoding, line endings, BOM and final newline byte for
byte outside the edited spans. Bytes that are not UTF-8 are reported at their line and
column; UTF-16 without a BOM is recognised and explained, not read as garbage.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from cicadraft.gitfiles import MAX_BYTES

BOM = "\ufeff"
EXTENSION = ".cicadraft"
_UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}


class CliError(Exception):
    """A problem the user must fix: printed as one line, exit status 2."""


@dataclass(frozen=True)
class DraftFile:
    """A draft as read from disk or stdin."""

    path: str  # as given on the command line ("-" for stdin)
    text: str  # without the BOM
    bom: bool
    encoding: str = "utf-8"  # or "utf-16-le", "utf-16-be" (always with a BOM)


def decode(data: bytes, path: str) -> DraftFile:
    encoding = _UTF16_BOMS.get(data[:2])
    if encoding is not None:
        try:
            text = data[2:].decode(encoding)
        except UnicodeDecodeError as error:
            raise CliError(f"{path}: not valid {encoding.upper()} text (at byte {error.start + 2}): save the draft as UTF-8") from None
        return DraftFile(path=path, text=text, bom=True, encoding=encoding)
    unmarked = _utf16_without_bom(data)
    if unmarked is not None:
        converted = f"{Path(path).stem}-utf8{EXTENSION}"
        raise CliError(
            f"{path}: looks like {unmarked} text without a byte order mark; cicadraft reads UTF-8, and UTF-16 only "
            f"with its mark: save the draft again as UTF-8, or convert it with “iconv -f {unmarked} -t UTF-8 {path} > {converted}”"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _position_of_byte(data, error.start)
        raise CliError(
            f"{path}:{line}:{column}: not UTF-8 text (byte 0x{data[error.start]:02X}, as Latin-1 or Windows-1252 "
            "would write it): save the draft again as UTF-8"
        ) from None
    bom = text.startswith(BOM)
    return DraftFile(path=path, text=text[1:] if bom else text, bom=bom)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16LE or UTF-16BE when the text looks like it: NULs in every other byte of its
    start and none in the others (spaces, digits, brackets and Latin letters have a zero
    byte in UTF-16). A UTF-8 draft has no NUL at all."""
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    pairs = len(sample) // 2
    even = sum(1 for i in range(0, pairs * 2, 2) if sample[i] == 0)
    odd = sum(1 for i in range(1, pairs * 2, 2) if sample[i] == 0)
    if odd >= pairs * 0.3 and even == 0:
        encoding = "UTF-16LE"
    elif even >= pairs * 0.3 and odd == 0:
        encoding = "UTF-16BE"
    else:
        return None
    # Text, not binary that happens to have that pattern: no control characters but
    # the line breaks, tabs and form feeds drafts hold.
    sample_text = sample[: pairs * 2].decode(encoding.lower(), errors="replace")
    if any(ord(c) < 32 and c not in "\t\n\r\f\v" for c in sample_text):
        return None
    return encoding


def _position_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte ``offset``, which starts the first
    invalid sequence: everything before it is valid UTF-8. Lines break at \\n, \\r\\n and \\r."""
    before = data[:offset]
    line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
    start = max(before.rfind(b"\n"), before.rfind(b"\r")) + 1
    column = len(before[start:].decode("utf-8")) + 1
    if line == 1 and before.startswith(b"\xef\xbb\xbf"):
        column -= 1  # the BOM is no column
    return line, column


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


def encode(text: str, bom: bool, encoding: str = "utf-8") -> bytes:
    """The bytes of a draft in the encoding it was read in (a UTF-16 draft is written
    back as UTF-16, with its BOM)."""
    data = ((BOM if bom else "") + text).encode(encoding, "surrogateescape" if encoding == "utf-8" else "surrogatepass")
    return data


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


def expand_paths(paths: list[str]) -> list[str]:
    """Files as given; a folder becomes every *.cicadraft below it, sorted (links that
    lead nowhere included, so that they are reported rather than skipped). A path that
    does not exist stays: checking it reports it."""
    found: list[str] = []
    for path in paths:
        candidate = Path(path)
        if path != "-" and candidate.is_dir():
            found.extend(str(p) for p in sorted(candidate.rglob(f"*{EXTENSION}")) if p.is_file() or not p.exists())
        else:
            found.append(path)
    return found


def read_draft_text(path: str, shown: str | None = None) -> str:
    """The text of a draft, refused (CliError) when too big or binary; ``shown`` is
    how messages name it (default: the path)."""
    if path != "-":
        try:
            size = os.path.getsize(path)
        except OSError:
            size = 0  # read_draft says what is wrong
        if size > MAX_BYTES:
            raise CliError(f"{shown or path}: {size // (1024 * 1024)} MB is too big for a draft (at most {MAX_BYTES // (1024 * 1024)} MB)")
    source = read_draft(path)
    return text_or_error(source.text, shown or source.path)


def text_or_error(text: str, shown: str) -> str:
    if "\x00" in text:
        raise CliError(f"{shown}: a binary file, not a draft")
    return text


def write_report(output: str, path: str | None) -> None:
    """A report to ``path`` (atomically), or to stdout when None."""
    if path is None:
        sys.stdout.write(output)
        sys.stdout.flush()
        return
    try:
        write_atomic(path, output.encode("utf-8"))
    except OSError as error:
        raise CliError(f"{path}: cannot write ({error.strerror or error})") from None
