"""Scanning a big draft's blocks on a second core while this process builds them.

A draft that opens is parsed whole before its first diagnostics can go out, and the
parse is two passes of Python work per token: the scanner's (the regex matches that
give ``(type, start, end)``) and the builder's (the block's brackets, tags and leads
from those tokens). On a 1 MB draft full of tag groups each pass costs 30-40 ms. The
scanner needs nothing but the block texts, and its token lists are tuples of a string
and two integers, which :mod:`marshal` writes and reads in C. So for a big draft a
forked child scans the blocks after the first stretch and sends their token lists
through a pipe, stretch by stretch, while this process scans the first stretch itself
and then builds every block from the lists as they arrive.

This is a server policy, like :mod:`.memory`: the syntax layer only takes the token
lists it is given (:func:`cicadraft.syntax.blocks.parse_blocks`). The child runs nothing
but the scanner and ``os.write``, exits with ``os._exit`` (no cleanup of the server's
state, no flush of its stdout, which is the LSP channel), and its pipe carries only what
it wrote. Whatever goes wrong (no fork on this system, a child that dies or falls silent,
a stretch that does not read back) costs nothing but the speed: the blocks not received
are scanned here, as they always were.
"""

from __future__ import annotations

import gc
import logging
import marshal
import os
import select
import signal
import sys
import time
import warnings
from collections.abc import Iterator

from cicadraft.syntax.blocks import parsed_texts
from cicadraft.syntax.scanner import block_scanner

from .pipes import PIPE_SIZE, widen_pipe

logger = logging.getLogger("cicadraft.lsp")

# Below this many characters a draft is parsed in a few tens of milliseconds at most,
# and a fork (a few milliseconds for the server's address space) would not pay.
MIN_CHARS = 256 * 1024
# The characters of text per stretch: small enough that this process soon has its first
# lists to build from, big enough that a stretch's pipe write and read stay cheap.
STRETCH_CHARS = 64 * 1024
# How long to wait for a stretch before scanning the rest here (the child scans a
# stretch in milliseconds; this is for a child the system stopped or killed).
STRETCH_WAIT_S = 5.0
_HEADER = 8  # bytes of a stretch's length, little-endian
_MAX_STRETCH_BYTES = 64 << 20  # far more than a stretch's lists take

# Children that finished but were not waited for yet (reaped on the next scan).
_unreaped: list[int] = []


# Set to 1 to parse every draft in the server's own process (a sandbox that forbids or
# mishandles fork, or a measurement without the child).
NO_FORK_VARIABLE = "CICADRAFT_NO_FORK"


def available() -> bool:
    """Whether a child can scan here: Linux, where ``fork`` copies nothing but the page
    tables and a child that only computes is safe beside the server's threads; with a
    second core to run it on; and not switched off."""
    if sys.platform != "linux" or not hasattr(os, "fork") or os.environ.get(NO_FORK_VARIABLE, "") not in ("", "0"):
        return False
    try:
        return len(os.sched_getaffinity(0)) >= 2
    except (AttributeError, OSError):
        return (os.cpu_count() or 1) >= 2


def scan_ahead(texts: list[str]) -> Iterator[list | None] | None:
    """For each of ``texts``, in order, its token list as the block scanner gives it, or
    None where this process is to scan it; None for all of them (no child) when the
    draft is small or no child can be started."""
    _reap()
    if not available() or _unknown_chars(texts) < MIN_CHARS:
        return None
    stretches = _stretches(texts)
    if len(stretches) < 2:
        return None
    try:
        reader, writer = os.pipe()
    except OSError:
        return None
    # A stretch's lists (about 50 KB) cross without the child waiting on a reader that
    # is still building the stretch before.
    widen_pipe(writer)
    try:
        with warnings.catch_warnings():
            # Python 3.12 warns on any fork beside other threads; this child only scans.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        return None
    if pid == 0:  # pragma: no cover - the child: its coverage is not collected
        _child(texts, stretches[1:], reader, writer)
    os.close(writer)
    return _Received(texts, stretches, reader, pid)


def _unknown_chars(texts: list[str]) -> int:
    """The characters of the distinct texts that are not parsed yet: what a child would
    spare this process (a draft of repeated or already opened blocks takes them from
    the parse cache)."""
    if sum(map(len, texts)) < MIN_CHARS:
        return 0
    known = parsed_texts()
    return sum(len(text) for text in set(texts) if text not in known)


def _stretches(texts: list[str]) -> list[tuple[int, int]]:
    """``(first, after)`` block ranges of about STRETCH_CHARS characters each."""
    stretches = []
    first = size = 0
    for number, text in enumerate(texts):
        size += len(text)
        if size >= STRETCH_CHARS:
            stretches.append((first, number + 1))
            first, size = number + 1, 0
    if first < len(texts):
        stretches.append((first, len(texts)))
    return stretches


def _child(texts: list[str], stretches: list[tuple[int, int]], reader: int, writer: int) -> None:  # pragma: no cover
    try:
        # The collector would walk (and so copy) the parent's whole heap.
        gc.disable()
        os.close(reader)
        # The server's stdin and stdout are the LSP channel: holding them would keep the
        # client from seeing the server exit while this child runs.
        for descriptor in (0, 1):
            try:
                os.close(descriptor)
            except OSError:
                pass
        tokens = block_scanner().tokens
        # A block the parent has parsed before, or will have by the time it gets there
        # (an earlier block of the same text), comes from its cache: none is sent.
        known = parsed_texts()
        seen = set(texts[: stretches[0][0]])
        for first, after in stretches:
            lists = []
            for text in texts[first:after]:
                if text in seen or text in known:
                    lists.append(None)
                    continue
                seen.add(text)
                try:
                    lists.append(tokens(text))
                except Exception:  # scanned in the parent, which has the fallbacks
                    lists.append(None)
            data = marshal.dumps(lists)
            _write_all(writer, len(data).to_bytes(_HEADER, "little"))
            _write_all(writer, data)
    except BaseException:
        pass
    finally:
        os._exit(0)


def _write_all(descriptor: int, data: bytes) -> None:  # pragma: no cover - in the child
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


class _Received:
    """The token lists in order: None for the first stretch (this process scans it while
    the child starts), then the child's, stretch by stretch; None for the rest once a
    stretch fails to come. Closed (the pipe shut, the child stopped if still busy) when
    exhausted, on :meth:`close`, or when dropped."""

    def __init__(self, texts: list[str], stretches: list[tuple[int, int]], reader: int, pid: int):
        self._count = len(texts)
        self._stretches = stretches
        self._reader: int | None = reader
        self._pid = pid
        self._given = 0  # lists handed out so far
        self._pending: list = [None] * (stretches[0][1] - stretches[0][0])
        self._next_stretch = 1
        self._failed = False

    def __iter__(self) -> _Received:
        return self

    def __next__(self) -> list | None:
        if self._given >= self._count:
            self.close()
            raise StopIteration
        if not self._pending:
            self._pending = self._more()
        self._given += 1
        return self._pending.pop()

    def _more(self) -> list:
        """The next stretch's lists, reversed (handed out with ``pop``)."""
        if not self._failed and self._reader is not None and self._next_stretch < len(self._stretches):
            first, after = self._stretches[self._next_stretch]
            self._next_stretch += 1
            lists = _read_stretch(self._reader, after - first)
            if lists is not None:
                lists.reverse()
                return lists
            logger.debug("The scanning child sent no stretch %d: scanning the rest here", self._next_stretch - 1)
            self._failed = True
        self.close()
        return [None] * (self._count - self._given)

    def close(self) -> None:
        if self._reader is None:
            return
        os.close(self._reader)
        self._reader = None
        if self._failed or self._next_stretch < len(self._stretches):
            _stop(self._pid)  # not done yet: its work is no longer wanted
        _unreaped.append(self._pid)
        _reap()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # pragma: no cover - at interpreter exit
            pass


def _read_stretch(reader: int, count: int) -> list | None:
    header = _read_exactly(reader, _HEADER)
    if header is None:
        return None
    size = int.from_bytes(header, "little")
    if size > _MAX_STRETCH_BYTES:
        return None
    data = _read_exactly(reader, size)
    if data is None:
        return None
    try:
        lists = marshal.loads(data)
    except (ValueError, EOFError, TypeError):
        return None
    if type(lists) is not list or len(lists) != count:
        return None
    return lists


def _read_exactly(reader: int, size: int) -> bytes | None:
    parts = []
    deadline = time.monotonic() + STRETCH_WAIT_S
    waiting = select.poll()
    waiting.register(reader, select.POLLIN)
    while size:
        left = deadline - time.monotonic()
        if left <= 0 or not waiting.poll(left * 1000):
            return None
        try:
            part = os.read(reader, min(size, PIPE_SIZE))
        except OSError:
            return None
        if not part:  # the child is gone
            return None
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass


def _reap() -> None:
    """Wait for the children that have exited (without blocking on the others)."""
    for pid in list(_unreaped):
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            done = pid  # reaped elsewhere
        except OSError:
            continue
        if done:
            _unreaped.remove(pid)


__all__ = ["MIN_CHARS", "NO_FORK_VARIABLE", "available", "scan_ahead"]
