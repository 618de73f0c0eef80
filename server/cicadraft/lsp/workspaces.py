"""Which registry and which file settings apply to an open draft: the shipped registry,
changed by the nearest ``cicadraft.toml`` and by a registry file the user chose.

Loaded once per file and re-read when a file's modification time changes, so an edit to
``cicadraft.toml`` takes effect on the next check without restarting the server.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from cicadraft.registry import (
    ConfigProblem,
    Registry,
    WorkspaceConfig,
    default_registry,
    find_workspace_config,
    load_registry_file,
    load_workspace_config,
)


@dataclass(frozen=True)
class DraftWorkspace:
    registry: Registry
    config: WorkspaceConfig | None = None
    config_path: str | None = None
    problems: tuple[ConfigProblem, ...] = field(default=())

    @property
    def severities(self) -> dict[str, str]:
        return dict(self.config.severities) if self.config else {}


def _mtime(path: str | None) -> float | None:
    if path is None:
        return None
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


class WorkspaceRegistries:
    def __init__(self) -> None:
        self._by_key: dict[tuple, DraftWorkspace] = {}
        self._config_of_folder: dict[str, str | None] = {}

    def forget(self) -> None:
        """Drop every cached file: the next request reads them again."""
        self._by_key.clear()
        self._config_of_folder.clear()

    def for_path(self, draft_path: str | None, registry_setting: str | None) -> DraftWorkspace:
        config_path = self._config_path(draft_path)
        registry_path = registry_setting
        if registry_path and not os.path.isabs(registry_path) and config_path:
            registry_path = str(Path(config_path).parent / registry_path)
        key = (config_path, _mtime(config_path), registry_path, _mtime(registry_path))
        found = self._by_key.get(key)
        if found is None:
            found = self._by_key[key] = self._load(config_path, registry_path)
        return found

    def _config_path(self, draft_path: str | None) -> str | None:
        if not draft_path:
            return None
        folder = str(Path(draft_path).parent)
        if folder not in self._config_of_folder:
            found = find_workspace_config(folder)
            self._config_of_folder[folder] = str(found) if found else None
        return self._config_of_folder[folder]

    def _load(self, config_path: str | None, registry_path: str | None) -> DraftWorkspace:
        registry = default_registry()
        problems: list[ConfigProblem] = []
        config = None
        if config_path:
            config, config_problems = load_workspace_config(config_path)
            problems.extend(config_problems)
            registry = registry.merged(config)
        if registry_path:
            chosen, file_problems = load_registry_file(registry_path, base=registry)
            problems.extend(file_problems)
            if chosen is not None:
                registry = chosen
        return DraftWorkspace(registry=registry, config=config, config_path=config_path, problems=tuple(problems))
