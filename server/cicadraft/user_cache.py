"""The user's own cache folder, where every cicadraft cache lives (the registry's, the
block scanner's tables), and reading and writing files in it safely.

The folder is ``$XDG_CACHE_HOME/cicadraft``, else ``~/.cache/cicadraft``, created with
mode 0700. A cache file is input like any other, and one that another local user could
have written is not input at all: before a file is read, the folder and the file must
belong to the user running cicadraft and must not be writable by the group or others
(and the file must be a regular file, not a link). Nothing read from here is ever
unpickled or executed; callers store plain data (JSON, marshal of dicts and strings) and
validate it. When the checks fail, or the folder cannot be made, the caller builds what
it wanted in memory: a cache only ever saves time.

Imports only the standard library, and only what every process loads anyway: each
`cicadraft check` goes through here.
"""

from __future__ import annotations

import os
import stat

NAME = "cicadraft"


def cache_folder() -> str | None:
    """Where the caches live; None when there is no home folder to put them in."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, empty or relative: the XDG default
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, NAME) if os.path.isabs(base) else None


def _trusted(status: os.stat_result) -> bool:
    """Owned by this user, and neither group- nor world-writable."""
    if hasattr(os, "getuid") and status.st_uid != os.getuid():
        return False
    return not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def trusted_folder(folder: str) -> bool:
    """Whether ``folder`` is a real folder (not a link) this user alone can write to."""
    try:
        status = os.lstat(folder)
    except (OSError, ValueError):
        return False
    return stat.S_ISDIR(status.st_mode) and _trusted(status)


def private_folder(folder: str | None = None, create: bool = True) -> str | None:
    """``folder`` (default: :func:`cache_folder`, created 0700 when missing and
    ``create``) if it passes :func:`trusted_folder`, else None."""
    folder = folder or cache_folder()
    if folder is None:
        return None
    if create:
        try:
            os.makedirs(folder, mode=0o700, exist_ok=True)
        except (OSError, ValueError):
            return None
    return folder if trusted_folder(folder) else None


def read_private(path: str) -> bytes | None:
    """The bytes of a cache file, or None when it is missing, unreadable, or when it or
    its folder could have been written by someone else."""
    if not trusted_folder(os.path.dirname(path) or "."):
        return None
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(path, flags)
    except (OSError, ValueError):
        return None
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode) or not _trusted(status):
            return None
        with os.fdopen(handle, "rb") as file:
            handle = -1
            return file.read()
    except OSError:
        return None
    finally:
        if handle >= 0:
            os.close(handle)


def write_private(path: str, data: bytes) -> bool:
    """Write a cache file atomically (a temporary file of mode 0600 in the same folder,
    then a rename), in a folder that passes :func:`trusted_folder`. False when it could
    not be written; the caller carries on without the cache."""
    import tempfile  # writing is rare: a cold cache

    folder, name = os.path.split(path)
    if not trusted_folder(folder or "."):
        return False
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder or ".")
    except (OSError, ValueError):
        return False
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
        return True
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        return False
