"""How much a pipe may hold: the server's pipes to the client, and the scanning child's
(see :mod:`.forked_scan`)."""

from __future__ import annotations

try:
    import fcntl
except ImportError:  # not on Windows
    fcntl = None  # type: ignore[assignment]

# How many bytes a pipe may hold when widened (Linux: up to /proc/sys/fs/pipe-max-size,
# 1 MiB by default, for any user).
PIPE_SIZE = 1 << 20
_SET_PIPE_SIZE = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None


def widen_pipe(descriptor: int) -> None:
    """Let the pipe behind ``descriptor`` hold PIPE_SIZE bytes; where it is no pipe, or
    the system says no, nothing changes."""
    if _SET_PIPE_SIZE is None:
        return
    try:
        fcntl.fcntl(descriptor, _SET_PIPE_SIZE, PIPE_SIZE)
    except (OSError, ValueError):
        pass


__all__ = ["PIPE_SIZE", "widen_pipe"]
