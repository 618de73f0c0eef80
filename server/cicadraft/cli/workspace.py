"""The registry and settings that apply to a draft named on the command line."""

from __future__ import annotations

from cicadraft.registry.workspaces import Workspace, Workspaces

_workspaces = Workspaces()


def workspace_for(path: str) -> Workspace:
    """The workspace of a draft path ("-" means the current folder)."""
    return _workspaces.for_draft(None if path == "-" else path)
