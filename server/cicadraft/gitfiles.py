"""A file's text at a git revision, for ``cicadraft diff --git`` and the editor's compare
command: ``git show REV:./NAME`` run in the file's folder (a list argv, no shell)."""

from __future__ import annotations

import os

from cicadraft.locales import quote

MAX_BYTES = 64 * 1024 * 1024  # a draft is text: anything bigger is a wrong file


class GitError(Exception):
    """Why the revision could not be read, in one line."""


def git_show(revision: str, path: str, timeout: float = 60) -> bytes:
    import subprocess

    if not revision or revision.startswith("-") or any(c in revision for c in "\0\n"):
        raise GitError(f"{quote(revision)} is not a git revision")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise GitError(f"{path}: no such folder")
    try:
        done = subprocess.run(
            ["git", "show", f"{revision}:./{os.path.basename(path)}"],
            cwd=folder, capture_output=True, timeout=timeout, check=False, stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git took more than {timeout:g} s") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"{path}: git show {revision}: {message[0] if message else 'failed'}")
    if len(done.stdout) > MAX_BYTES:
        raise GitError(f"{path}@{revision}: too big for a draft")
    return done.stdout
