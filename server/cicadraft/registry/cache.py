"""A cache of the shipped registry, so that each ``cicadraft check`` need not parse and
validate the TOML data again (about 10 ms, a large part of a check).

The registry is kept as plain data (dicts, tuples and strings, written with marshal;
never code) in the user's cache folder (:mod:`cicadraft.user_cache`:
``$XDG_CACHE_HOME/cicadraft``, else ``~/.cache/cicadraft``; a file there that another
user could have written is not read). It is used only if every file it was built from (the data files
and the modules that read them) has the same bytes as when it was written, and the
cicadraft and Python versions are the same. A cache that is missing, unreadable,
corrupt or stale is rebuilt from the TOML; a cache folder that cannot be written only
means the TOML is read each time. Writing is atomic: a temporary file, then a rename.

Only the shipped registry is cached: a workspace's cicadraft.toml and registry files
are read each time and applied over it.
"""

from __future__ import annotations

import marshal
import os
import sys
from typing import Callable, Sequence

from cicadraft import __version__
from cicadraft.user_cache import cache_folder, private_folder, read_private, write_private

from .model import Body, Delegation, Dimension, PriorityArea, Role
from .store import Registry

# Bump when the cached shape changes in a way the source files below do not show.
FORMAT = 1

# The modules that turn the data files into a Registry, besides the data files themselves.
CODE_FILES = ("cache.py", "changes.py", "loader.py", "model.py", "schema.py", "store.py")


def cache_file(folder: str) -> str:
    # One file per cicadraft and Python version, so that installations side by side
    # do not keep replacing each other's cache.
    return os.path.join(folder, f"registry-{__version__}-{sys.implementation.cache_tag}.marshal")


def source_key(data_files: Sequence[str], source_folder: str | None = None) -> tuple | None:
    """What the cached registry depends on: the versions, and the bytes of every file
    it is built from in `source_folder` (default: this package's folder). None when the
    files are not plain files on disk (e.g. inside a zip): then nothing is cached."""
    folder = source_folder or sys.modules[__package__].__path__[0]
    contents = []
    try:
        for name in (*(f"data/{n}" for n in data_files), *CODE_FILES):
            with open(os.path.join(folder, *name.split("/")), "rb") as file:
                contents.append((name, file.read()))
    except OSError:
        return None
    return (FORMAT, __version__, sys.version, tuple(contents))


def cached_registry(build: Callable[[], Registry], data_files: Sequence[str], *,
                    folder: str | None = None, source_folder: str | None = None) -> Registry:
    """The registry from the cache in `folder` (default: :func:`cache_folder`) if it is
    current, else ``build()``, which is then cached. See :func:`source_key`."""
    folder = folder or cache_folder()
    # Read before building: a file that changes meanwhile only makes the cache stale.
    key = source_key(data_files, source_folder)
    if folder is None or key is None:
        return build()
    path = cache_file(folder)
    registry = read(path, key)
    if registry is None:
        registry = build()
        write(path, key, registry)
    return registry


def read(path: str, key: tuple) -> Registry | None:
    """The cached registry, or None if the file is missing, unreadable, corrupt, stale
    or not trusted (see :func:`cicadraft.user_cache.read_private`)."""
    data = read_private(path)
    if data is None:
        return None
    try:
        stored_key, state = marshal.loads(data)
        if stored_key != key:
            return None
        return from_plain(state)
    except Exception:  # whatever is wrong with a cache file, the TOML is read instead
        return None


def write(path: str, key: tuple, registry: Registry) -> None:
    """Write the cache atomically; a failure (e.g. a read-only folder) is ignored."""
    try:
        data = marshal.dumps((key, to_plain(registry)))
    except ValueError:
        return
    if private_folder(os.path.dirname(path)) is not None:
        write_private(path, data)


def to_plain(registry: Registry) -> tuple:
    """The registry's records as dicts of their fields (see :func:`from_plain`)."""
    return (
        registry.as_of,
        registry.sources,
        [vars(d) for d in registry.delegations()],
        [vars(d) for d in registry.dimensions()],
        [{**vars(a), "roles": [vars(r) for r in a.roles]} for a in registry.areas()],
        [vars(b) for b in registry.bodies()],
    )


def from_plain(state: tuple) -> Registry:
    as_of, sources, delegations, dimensions, areas, bodies = state
    return Registry(
        [Delegation(**d) for d in delegations],
        [Dimension(**d) for d in dimensions],
        [PriorityArea(**{**a, "roles": tuple(Role(**r) for r in a["roles"])}) for a in areas],
        [Body(**b) for b in bodies],
        sources,
        as_of,
    )
