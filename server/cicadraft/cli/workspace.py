"""The registry and settings that apply to a draft on disk: the shipped registry,
changed by the nearest ``cicadraft.toml`` above the draft (and the registry file it
names). Shared by ``check`` and ``resolve`` so both see the same codes."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from cicadraft.registry import (
    ConfigProblem,
    Registry,
    WorkspaceConfig,
    default_registry,
    find_workspace_config,
    load_workspace_config,
)


@dataclass(frozen=True)
class Workspace:
    registry: Registry
    config: WorkspaceConfig | None
    problems: tuple[ConfigProblem, ...] = field(default=())

    @property
    def severities(self) -> dict[str, str]:
        return dict(self.config.severities) if self.config else {}


def workspace_for(path: str) -> Workspace:
    """The workspace of a draft path ("-" means the current folder)."""
    start = Path.cwd() if path == "-" else Path(path).resolve().parent
    config_path = find_workspace_config(start)
    return _load(str(config_path) if config_path else None)


@lru_cache(maxsize=32)
def _load(config_path: str | None) -> Workspace:
    if config_path is None:
        return Workspace(registry=default_registry(), config=None)
    config, problems = load_workspace_config(config_path)
    return Workspace(registry=default_registry().merged(config), config=config, problems=tuple(problems))
