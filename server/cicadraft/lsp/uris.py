"""Document URIs and the files behind them, for every feature that reads from disk."""

from __future__ import annotations

from pygls.uris import to_fs_path


def fs_path(uri: str) -> str | None:
    """The file behind a document, or None for an unsaved buffer (``untitled:``)."""
    if not uri.startswith("file:"):
        return None
    try:
        return to_fs_path(uri)
    except Exception:
        return None
