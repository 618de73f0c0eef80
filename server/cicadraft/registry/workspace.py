"""A workspace's cicadraft.toml: registry changes and settings (docs/configuration.md).

The file is data only: nothing in it is executed. Loading never raises; every mistake
becomes a ConfigProblem at its line, and the valid parts still apply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cicadraft.locales import LOCALES, quote, supported

from .model import ConfigProblem
from .loader import default_registry, load_registry_file
from .store import Registry

if TYPE_CHECKING:
    from .schema import Problems

# The TOML schema (and tomllib) is imported by the functions that read a cicadraft.toml:
# a draft without one never loads it.

CONFIG_NAME = "cicadraft.toml"

# Every diagnostic the analysis layer reports; [diagnostics] severity keys must be one of these.
DIAGNOSTIC_CODES = (
    "unclosed-bracket",
    "stray-bracket",
    "unknown-code",
    "malformed-tag",
    "floating-tag",
    "conflicting-tags",
    "duplicate-tag",
    "empty-bracket",
    "observer-tag",
    "duplicate-label",
)
SEVERITIES = ("error", "warning", "information", "hint", "off")

_SECTIONS = ("delegations", "aliases", "areas", "diagnostics", "settings", "import")


@dataclass(frozen=True)
class WorkspaceConfig:
    """What a cicadraft.toml says, validated. The empty config changes nothing."""

    path: str | None = None
    # Registry changes, as validated fields (see schema.DELEGATION_FIELDS / AREA_FIELDS):
    delegations: dict[str, dict] = field(default_factory=dict)  # code -> fields to add / override
    aliases: dict[str, str] = field(default_factory=dict)       # alias -> existing code
    areas: dict[str, dict] = field(default_factory=dict)        # area id -> fields (coordinators, co_coordinators, ...)
    # Settings:
    severities: dict[str, str] = field(default_factory=dict)    # diagnostic code -> one of SEVERITIES
    locale: str | None = None
    registry_file: str | None = None   # absolute path (written relative to the toml's folder)
    import_authors: dict[str, str] = field(default_factory=dict)  # [import.authors]: document author -> code
    profile: str | None = None         # a shipped registry profile (loader.PROFILES), e.g. "un"
    text: str = field(default="", repr=False, compare=False)    # the file's text, to place later problems


def find_workspace_config(start: str | Path) -> Path | None:
    """The nearest cicadraft.toml in `start` (a draft or a folder) or a folder above it."""
    here = Path(start).expanduser().absolute()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_workspace_config(path: str | Path) -> tuple[WorkspaceConfig, list[ConfigProblem]]:
    """Read a cicadraft.toml; never raises. A file that cannot be parsed gives an empty config."""
    from .schema import parse_registry, read_toml, unknown_key

    table, p = read_toml(path)
    if table is None:
        return WorkspaceConfig(path=str(path), text=p.text), p.in_order()
    for key in table:
        if key not in _SECTIONS:
            unknown_key(key, _SECTIONS, (), p, CONFIG_NAME)
    data = parse_registry(table, p, sections=("delegations", "aliases", "areas"))
    severities = _severities(table.get("diagnostics"), p)
    locale, registry_file, profile = _settings(table.get("settings"), Path(path), p)
    import_authors = _import_authors(table.get("import"), p)
    config = WorkspaceConfig(path=str(path), delegations=data.delegations, aliases=data.aliases,
                             areas=data.areas, severities=severities, locale=locale,
                             registry_file=registry_file, import_authors=import_authors, profile=profile,
                             text=p.text)
    return config, p.in_order()


def _severities(section, p: Problems) -> dict[str, str]:
    from .schema import check_table, unknown_key

    out: dict[str, str] = {}
    if section is None:
        return out
    table = check_table(section, ("diagnostics",), p, '[diagnostics] severity = { duplicate-tag = "off" }') or {}
    for key in table:
        if key != "severity":
            unknown_key(key, ["severity"], ("diagnostics",), p, "[diagnostics]")
    levels = table.get("severity")
    if levels is None:
        return out
    levels = check_table(levels, ("diagnostics", "severity"), p, 'severity = { duplicate-tag = "off" }') or {}
    for code, level in levels.items():
        where = ("diagnostics", "severity", code)
        if code not in DIAGNOSTIC_CODES:
            unknown_key(code, DIAGNOSTIC_CODES, ("diagnostics", "severity"), p, "the diagnostic severities")
        elif level not in SEVERITIES:
            p.add(where, f'The severity of {code} must be one of {", ".join(SEVERITIES)} (found {quote(level)}).')
        else:
            out[code] = level
    return out


def _settings(section, path: Path, p: Problems) -> tuple[str | None, str | None, str | None]:
    from .loader import PROFILES
    from .schema import check_table, unknown_key

    locale = registry_file = profile = None
    if section is None:
        return locale, registry_file, profile
    table = check_table(section, ("settings",), p, '[settings] locale = "ru"') or {}
    for key, value in table.items():
        where = ("settings", key)
        if key == "locale":
            if isinstance(value, str) and re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9.]+)*", value) and supported(value):
                locale = value
            else:
                p.add(where, f'“locale” must be one of {" or ".join(LOCALES)} in quotes, e.g. locale = "ru" (found {quote(value)}).')
        elif key == "registry":
            if isinstance(value, str) and value.strip():
                registry_file = str((path.absolute().parent / Path(value.strip()).expanduser()))
            else:
                p.add(where, f'“registry” must be the path of a registry file in quotes, e.g. registry = "our-codes.toml" (found {quote(value)}).')
        elif key == "profile":
            if isinstance(value, str) and value.strip().lower() in PROFILES:
                profile = value.strip().lower()
            else:
                choices = " or ".join(f'"{name}"' for name in PROFILES)
                p.add(where, f'“profile” must be one of {choices}, e.g. profile = "un" (found {quote(value)}). The CICA registry is used.')
        else:
            unknown_key(key, ["locale", "registry", "profile"], ("settings",), p, "[settings]")
    return locale, registry_file, profile


def _import_authors(section, p: Problems) -> dict[str, str]:
    """[import.authors]: who the authors of imported Word documents are (docs/import.md).
    Whether each code is known is checked against the registry when importing."""
    from .schema import check_table, unknown_key

    out: dict[str, str] = {}
    if section is None:
        return out
    table = check_table(section, ("import",), p, '[import.authors] "Jane Smith" = "IND"') or {}
    for key in table:
        if key != "authors":
            unknown_key(key, ["authors"], ("import",), p, "[import]")
    authors = table.get("authors")
    if authors is None:
        return out
    authors = check_table(authors, ("import", "authors"), p, '[import.authors] "Jane Smith" = "IND"') or {}
    for name, code in authors.items():
        if isinstance(code, str) and re.fullmatch(r"[A-Z0-9]{2,10}", code):
            out[name] = code
        else:
            p.add(("import", "authors", name), f"The delegation of author {quote(name)} must be a code in quotes, "
                  f'e.g. "{name}" = "IND" (found {quote(code)}).')
    return out


def workspace_registry(config: WorkspaceConfig, base: Registry | None = None
                       ) -> tuple[Registry, list[ConfigProblem]]:
    """The registry a workspace sees: `base` (default: the shipped one, with the profile
    the workspace chooses, e.g. "un"), replaced by the workspace's registry file if it
    names one, then with the workspace's changes applied.

    Also reports what only the registry can tell: an alias or coordinator naming an
    unknown code, an unknown area, a registry file that cannot be loaded.
    """
    from .changes import patched
    from .schema import Problems, RegistryData

    from .loader import profile_registry

    registry = base or (profile_registry(config.profile) if config.profile else default_registry())
    p = Problems(config.path or CONFIG_NAME, config.text)
    problems: list[ConfigProblem] = []
    if config.registry_file:
        alternative, file_problems = load_registry_file(config.registry_file, registry)
        if alternative is None and not Path(config.registry_file).is_file():
            p.add(("settings", "registry"), f"Registry file not found: {config.registry_file}. The built-in registry is used instead.")
        else:
            problems += file_problems
            if alternative is None:  # say so where the user chose the file, too
                p.add(("settings", "registry"), f"The registry file {config.registry_file} cannot be used "
                      "(see the problems reported in it). The built-in registry is used instead.")
            registry = alternative or registry
    changes = RegistryData(delegations=config.delegations, aliases=config.aliases, areas=config.areas)
    registry = patched(registry, changes, p)
    return registry, p.in_order() + problems
