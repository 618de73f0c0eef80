"""The registry of delegations, priority areas and CICA bodies (SPEC §5).

Pure Python, standard library only; it knows nothing of LSP. The facts ship as TOML in
`data/` (read through importlib.resources, and cached between runs: cache.py); a
workspace can change them with a cicadraft.toml (docs/configuration.md).

    registry = default_registry()
    registry.canonical("IRAN")          # "IRN"
    registry.suggest("AFGH")            # ["AFG"]
    config, problems = load_workspace_config(find_workspace_config(draft_path))
    registry, more_problems = workspace_registry(config)
"""

from .loader import default_registry, load_registry_file
from .model import (KINDS, Body, ConfigProblem, Delegation, Dimension, PriorityArea, Role,
                    normalize_name)
from .store import Registry
from .workspace import (CONFIG_NAME, DIAGNOSTIC_CODES, SEVERITIES, WorkspaceConfig,
                        find_workspace_config, load_workspace_config, workspace_registry)

__all__ = [
    "Body", "CONFIG_NAME", "ConfigProblem", "DIAGNOSTIC_CODES", "Delegation", "Dimension", "KINDS",
    "PriorityArea", "Registry", "Role", "SEVERITIES", "WorkspaceConfig", "default_registry",
    "find_workspace_config", "load_registry_file", "load_workspace_config", "normalize_name",
    "workspace_registry",
]
