"""Which registry and which file settings apply to a draft on disk: the shipped
registry, replaced by a registry file if one is chosen, changed by the nearest
``cicadraft.toml``. The command line and the language server both ask here, so they see
the same codes.

Files are read once and read again when their modification time changes: an edit to
``cicadraft.toml`` takes effect on the next check without restarting the server.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from .loader import default_registry
from .model import ConfigProblem
from .store import Registry
from .workspace import WorkspaceConfig, find_workspace_config, load_workspace_config, workspace_registry


@dataclass(frozen=True)
class Workspace:
    """The registry and settings that apply to the drafts of one folder."""

    registry: Registry
    config: WorkspaceConfig | None = None
    config_path: str | None = None
    problems: tuple[ConfigProblem, ...] = field(default=())

    @property
    def severities(self) -> dict[str, str]:
        return dict(self.config.severities) if self.config else {}

    @property
    def locale(self) -> str | None:
        return self.config.locale if self.config else None


def _mtime(path: str | None) -> int | None:
    if path is None:
        return None
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


class Workspaces:
    """A cache of :class:`Workspace` by the files behind it."""

    def __init__(self) -> None:
        self._loaded: dict[tuple, Workspace] = {}
        self._config_of_folder: dict[str, str | None] = {}

    def forget(self) -> None:
        """Drop what is cached: the next request reads the files again (a new
        cicadraft.toml may have appeared)."""
        self._loaded.clear()
        self._config_of_folder.clear()

    def for_draft(self, draft_path: str | None, registry_file: str | None = None) -> Workspace:
        """The workspace of a draft (None: a draft not on disk, e.g. stdin or an
        unsaved buffer, sees the current folder's). ``registry_file`` is a registry data
        file chosen outside cicadraft.toml (an editor setting); relative paths are taken
        from the cicadraft.toml's folder, else the current folder."""
        config_path = self._config_path(draft_path)
        if registry_file and not os.path.isabs(registry_file):
            registry_file = str(Path(config_path).parent / registry_file if config_path else Path(registry_file).absolute())
        key = (config_path, _mtime(config_path), registry_file, _mtime(registry_file))
        found = self._loaded.get(key)
        if found is None:
            found = self._loaded[key] = _load(config_path, registry_file)
        return found

    def _config_path(self, draft_path: str | None) -> str | None:
        folder = str(Path(draft_path).absolute().parent) if draft_path else os.getcwd()
        if folder not in self._config_of_folder:
            found = find_workspace_config(folder)
            self._config_of_folder[folder] = str(found) if found else None
        return self._config_of_folder[folder]


def _load(config_path: str | None, registry_file: str | None) -> Workspace:
    if config_path is None and registry_file is None:
        return Workspace(registry=default_registry())
    problems: list[ConfigProblem] = []
    config = WorkspaceConfig()
    if config_path:
        config, config_problems = load_workspace_config(config_path)
        problems.extend(config_problems)
    if registry_file:  # the editor's choice wins over the file's
        config = replace(config, registry_file=registry_file)
    registry, registry_problems = workspace_registry(config)
    problems.extend(registry_problems)
    return Workspace(registry=registry, config=config, config_path=config_path, problems=tuple(problems))
