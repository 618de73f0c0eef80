"""Loading the shipped registry data and a user's alternative registry file."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from . import cache
from .model import ConfigProblem
from .store import Registry

if TYPE_CHECKING:
    from pathlib import Path

# The TOML schema, tomllib and importlib.resources are imported by the functions that
# read TOML: a check with the registry cached and no cicadraft.toml never loads them.

# The shipped data, in the package (data/*.toml is package data in pyproject.toml).
DATA_FILES = ("delegations.toml", "areas.toml", "bodies.toml")


@functools.cache
def default_registry() -> Registry:
    """The registry shipped with cicadraft, loaded once per process: from the cache
    (cache.py) when the data files have not changed since it was written."""
    return cache.cached_registry(load_shipped, DATA_FILES)


def load_shipped() -> Registry:
    """Read the shipped TOML through importlib.resources, so an installed package (a
    wheel, a zip) works without the source tree. Invalid shipped data is a bug: raise."""
    import tomllib
    from importlib import resources

    from .changes import patched
    from .schema import REGISTRY_SECTIONS, Problems, RegistryData, parse_registry, unknown_key

    data, problems = RegistryData(), []
    folder = resources.files(__package__).joinpath("data")
    for name in DATA_FILES:
        text = folder.joinpath(name).read_text(encoding="utf-8")
        p = Problems(f"cicadraft/registry/data/{name}", text)
        table = tomllib.loads(text)
        for key in table.keys() - set(REGISTRY_SECTIONS):
            unknown_key(key, REGISTRY_SECTIONS, (), p, "a registry data file")
        data.update(parse_registry(table, p))
        problems += p.items
    p = Problems("cicadraft/registry/data")
    registry = patched(Registry(), data, p)
    problems += p.items
    if problems:
        raise RuntimeError("invalid registry data shipped with cicadraft:\n" + "\n".join(map(str, problems)))
    return registry


# Registry profiles shipped beside the default (docs/conventions.md): a name chosen with
# `[settings] profile = "..."` in cicadraft.toml, and its data file in data/.
PROFILES = {"cica": None, "un": "un.toml"}


@functools.cache
def profile_registry(name: str) -> Registry:
    """The shipped registry with profile ``name`` applied over it (``cica`` is the
    default registry itself). The profile's tables add delegations and change the kind
    of known ones (in UN negotiations every state is a Party); nothing is removed, so
    CICA's customary codes stay known. Invalid shipped data is a bug: raise."""
    import tomllib
    from importlib import resources

    from .changes import patched
    from .schema import REGISTRY_SECTIONS, Problems, parse_registry, unknown_key

    base = default_registry()
    file_name = PROFILES[name]
    if file_name is None:
        return base
    text = resources.files(__package__).joinpath("data", file_name).read_text(encoding="utf-8")
    p = Problems(f"cicadraft/registry/data/{file_name}", text)
    table = tomllib.loads(text)
    for key in table.keys() - set(REGISTRY_SECTIONS):
        unknown_key(key, REGISTRY_SECTIONS, (), p, "a registry profile")
    registry = patched(base, parse_registry(table, p), p)
    if p.items:
        raise RuntimeError(f"invalid registry profile {name} shipped with cicadraft:\n" + "\n".join(map(str, p.items)))
    return registry


def load_registry_file(path: str | Path, base: Registry | None = None
                       ) -> tuple[Registry | None, list[ConfigProblem]]:
    """An alternative list of delegations chosen by the user; never raises.

    The file has the shape of the shipped data (see docs/configuration.md): its
    [delegations.CODE] tables REPLACE the shipped delegations (kind defaults to
    "member"); [aliases], [areas.ID], [dimensions.ID], [bodies.ID], [sources] and as_of
    are applied over the shipped data (`base`). Returns (None, problems) when the file
    cannot be read, is not TOML, or defines no delegation.
    """
    from .changes import patched
    from .schema import REGISTRY_SECTIONS, parse_registry, read_toml, unknown_key

    table, p = read_toml(path)
    if table is None:
        return None, p.in_order()
    for key in table.keys() - set(REGISTRY_SECTIONS):
        unknown_key(key, REGISTRY_SECTIONS, (), p, "a registry file")
    data = parse_registry(table, p)
    if not data.delegations:
        p.at(1, 1, "This registry file defines no delegation: add tables like [delegations.KAZ] with a name. "
                   "The built-in registry is used instead.")
        return None, p.in_order()
    registry = patched(base or default_registry(), data, p, default_kind="member", replace_delegations=True)
    return registry, p.in_order()
