"""The cache of the shipped registry (cicadraft/registry/cache.py): built when missing,
used when current, rebuilt when stale or corrupt, harmless when it cannot be written,
and never in the way of a workspace's cicadraft.toml."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from cicadraft.registry import Registry, cache, default_registry, loader


def snapshot(registry: Registry) -> tuple:
    """Everything a registry holds and answers, for comparing two of them."""
    return (
        registry.as_of,
        registry.sources,
        registry.delegations(),
        registry.dimensions(),
        registry.areas(),
        registry.bodies(),
        registry.all_codes(),
        registry.name_patterns(),
        [registry.delegation_by_name(name).code for name, _ in registry.name_patterns()],
        [registry.area_by_name(a.name("ru")).id for a in registry.areas()],
        [registry.body(b.name("ru")).id for b in registry.bodies()],
        registry.suggest("AFGH"),
        registry.suggest("INDD"),
    )


class Builds:
    """load_shipped, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> Registry:
        self.calls += 1
        return loader.load_shipped()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "cicadraft"


def cached(folder: Path, build, source_folder: Path | None = None) -> Registry:
    return cache.cached_registry(build, loader.DATA_FILES, folder=str(folder),
                                 source_folder=str(source_folder) if source_folder else None)


def test_a_cold_cache_is_built_and_a_warm_one_is_used(folder: Path):
    build = Builds()
    first = cached(folder, build)
    assert build.calls == 1
    assert Path(cache.cache_file(str(folder))).is_file()
    second = cached(folder, build)
    assert build.calls == 1  # from the cache
    assert second is not first
    assert snapshot(second) == snapshot(first) == snapshot(loader.load_shipped())


def test_the_cache_is_plain_data(folder: Path):
    cached(folder, Builds())
    key, state = marshal.loads(Path(cache.cache_file(str(folder))).read_bytes())
    assert key == cache.source_key(loader.DATA_FILES)

    def plain(value) -> bool:
        if isinstance(value, (list, tuple)):
            return all(plain(v) for v in value)
        if isinstance(value, dict):
            return all(isinstance(k, str) and plain(v) for k, v in value.items())
        return value is None or isinstance(value, (str, bytes, int))

    assert plain(key) and plain(state)


@pytest.mark.parametrize("content", [b"", b"garbage", marshal.dumps([1, 2, 3]), marshal.dumps(("key", "state"))])
def test_a_corrupt_cache_is_rebuilt(folder: Path, content: bytes):
    build = Builds()
    cached(folder, build)
    path = Path(cache.cache_file(str(folder)))
    path.write_bytes(content)
    registry = cached(folder, build)
    assert build.calls == 2
    assert snapshot(registry) == snapshot(loader.load_shipped())
    cached(folder, build)  # the rebuilt cache is whole again
    assert build.calls == 2


def test_a_cache_truncated_halfway_is_rebuilt(folder: Path):
    build = Builds()
    cached(folder, build)
    path = Path(cache.cache_file(str(folder)))
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert snapshot(cached(folder, build)) == snapshot(loader.load_shipped())
    assert build.calls == 2


def test_a_cache_of_other_versions_is_not_used(folder: Path):
    build = Builds()
    registry = loader.load_shipped()
    key = list(cache.source_key(loader.DATA_FILES))
    key[1] = "0.0.0-other"  # the cicadraft version
    folder.mkdir(parents=True)
    cache.write(cache.cache_file(str(folder)), tuple(key), registry)
    cached(folder, build)
    assert build.calls == 1


def copy_of_the_package(tmp_path: Path) -> Path:
    """The files the registry is built from, copied; served to load_shipped through
    importlib.resources, as a wheel would."""
    target = tmp_path / "package"
    (target / "data").mkdir(parents=True)
    shipped = resources.files("cicadraft.registry")
    for name in loader.DATA_FILES:
        (target / "data" / name).write_bytes(shipped.joinpath("data", name).read_bytes())
    for name in cache.CODE_FILES:
        (target / name).write_bytes(shipped.joinpath(name).read_bytes())
    return target


def test_a_changed_data_file_makes_the_cache_stale(tmp_path: Path, folder: Path, monkeypatch):
    package = copy_of_the_package(tmp_path)
    monkeypatch.setattr(resources, "files", lambda name: package)
    build = Builds()
    assert cached(folder, build, package).lookup("MNG").name() == "Mongolia"
    delegations = package / "data" / "delegations.toml"
    stat = delegations.stat()
    text = delegations.read_text(encoding="utf-8").replace('en = "Mongolia"', 'en = "Mongolie"')
    delegations.write_text(text, encoding="utf-8")  # the same size...
    os.utime(delegations, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # ...and the same time
    assert cached(folder, build, package).lookup("MNG").name() == "Mongolie"
    assert build.calls == 2
    assert cached(folder, build, package).lookup("MNG").name() == "Mongolie"
    assert build.calls == 2


def test_a_changed_module_makes_the_cache_stale(tmp_path: Path, folder: Path):
    package = copy_of_the_package(tmp_path)
    build = Builds()
    cached(folder, build, package)
    with (package / "store.py").open("a", encoding="utf-8") as file:
        file.write("\n# changed\n")
    cached(folder, build, package)
    assert build.calls == 2


def test_without_the_files_on_disk_nothing_is_cached(tmp_path: Path, folder: Path):
    package = copy_of_the_package(tmp_path)
    (package / "data" / "areas.toml").unlink()  # as inside a zip: no file to compare
    build = Builds()
    cached(folder, build, package)
    cached(folder, build, package)
    assert build.calls == 2
    assert not folder.exists()


@pytest.mark.parametrize("blocker", ["a file where the folder should be", "a folder where the file should be"])
def test_a_cache_folder_that_cannot_be_written_still_gives_the_registry(tmp_path: Path, blocker: str):
    # (Permissions would not stop root, which runs some CI: block the writes otherwise.)
    build = Builds()
    if blocker == "a file where the folder should be":
        (tmp_path / "taken").write_text("not a folder", encoding="utf-8")
        folder = tmp_path / "taken" / "cicadraft"
    else:
        folder = tmp_path / "cicadraft"
        folder.mkdir()
        Path(cache.cache_file(str(folder))).mkdir()  # the rename onto it fails
    registry = cached(folder, build)
    assert snapshot(registry) == snapshot(loader.load_shipped())
    assert not Path(cache.cache_file(str(folder))).is_file()
    if folder.is_dir():
        assert not list(folder.glob("*.tmp"))  # the failed write left nothing behind
    cached(folder, build)
    assert build.calls == 2


def test_the_cache_folder_follows_xdg(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_folder() == str(tmp_path / "xdg" / "cicadraft")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for ignored in ("", "relative/path"):
        monkeypatch.setenv("XDG_CACHE_HOME", ignored)
        assert cache.cache_folder() == str(tmp_path / "home" / ".cache" / "cicadraft")


def test_the_default_registry_is_the_cached_one():
    assert snapshot(default_registry()) == snapshot(loader.load_shipped())


# -- through the command line ----------------------------------------------------------


def check(*args: str, cache_home: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    return subprocess.run([sys.executable, "-m", "cicadraft", "check", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=60)


def test_check_builds_then_uses_the_cache(tmp_path: Path):
    draft = tmp_path / "d.cicadraft"
    draft.write_text("[x] (+IRN) (+INDD)\n", encoding="utf-8")
    cache_home = tmp_path / "xdg"
    path = Path(cache.cache_file(str(cache_home / "cicadraft")))
    cold = check(str(draft), cache_home=cache_home, cwd=tmp_path)
    assert path.is_file()
    warm = check(str(draft), cache_home=cache_home, cwd=tmp_path)
    assert (warm.returncode, warm.stdout, warm.stderr) == (cold.returncode, cold.stdout, cold.stderr)
    assert "did you mean IND (India), IDN (Indonesia)?" in warm.stdout
    assert "IRN" not in warm.stdout

    # The warm run really reads the cache: a current cache without IRN makes IRN unknown.
    key, state = marshal.loads(path.read_bytes())
    state = (*state[:2], [d for d in state[2] if d["code"] != "IRN"], *state[3:])
    path.write_bytes(marshal.dumps((key, state)))
    edited = check(str(draft), cache_home=cache_home, cwd=tmp_path)
    assert "Unknown delegation code “IRN”" in edited.stdout


def test_a_workspace_config_applies_over_the_cached_registry(tmp_path: Path):
    (tmp_path / "cicadraft.toml").write_text(
        '[delegations.G77]\nname = "Group of 77"\n\n[aliases]\nPERSIA = "IRN"\n', encoding="utf-8")
    draft = tmp_path / "d.cicadraft"
    draft.write_text("[x] (+G77) (+PERSIA) (+INDD)\n", encoding="utf-8")
    cache_home = tmp_path / "xdg"
    results = [check(str(draft), cache_home=cache_home, cwd=tmp_path) for _ in range(2)]  # cold, then warm
    assert Path(cache.cache_file(str(cache_home / "cicadraft"))).is_file()
    for result in results:
        assert "G77" not in result.stdout and "PERSIA" not in result.stdout
        assert "unknown-code" in result.stdout  # INDD
    assert results[0].stdout == results[1].stdout

    # The cache holds the shipped registry only: without the cicadraft.toml, G77 is unknown again.
    (tmp_path / "cicadraft.toml").unlink()
    alone = check(str(draft), cache_home=cache_home, cwd=tmp_path)
    assert "Unknown delegation code “G77”" in alone.stdout


def test_an_unusable_cache_home_does_not_break_check(tmp_path: Path):
    (tmp_path / "file").write_text("", encoding="utf-8")
    draft = tmp_path / "d.cicadraft"
    draft.write_text("[x] (+INDD)\n", encoding="utf-8")
    result = check(str(draft), cache_home=tmp_path / "file", cwd=tmp_path)
    assert result.returncode == 0 and result.stderr == ""
    assert "did you mean IND (India), IDN (Indonesia)?" in result.stdout


def test_the_package_copy_helper_covers_every_file_of_the_key(tmp_path: Path):
    package = copy_of_the_package(tmp_path)
    assert cache.source_key(loader.DATA_FILES, str(package)) == cache.source_key(loader.DATA_FILES)
