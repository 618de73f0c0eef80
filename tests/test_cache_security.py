"""Caches are input another local user may have planted: nothing cicadraft reads from a
cache may run code or be trusted unless it and its folder belong to the user running
cicadraft and no one else can write them (cicadraft/user_cache.py).

The files are planted as root (CI and this machine run as root) and handed to
``nobody`` (uid 65534) with os.chown, or left world-writable; the old location (the
shared temporary folder, where lark's pickle cache and the scanner's tables used to be)
is planted too.
"""

from __future__ import annotations

import json
import marshal
import os
import pickle
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from cicadraft import user_cache
from cicadraft.registry import cache as registry_cache
from cicadraft.syntax.grammar import grammar_text, tokens_with_lark
from cicadraft.syntax.scanner import cache_key, cache_path, cache_source, derive_tables, load_scanner
from cicadraft.syntax.grammar import block_parser

NOBODY = 65534


def _require_root() -> None:
    # chown to another user needs root; the suite runs as root in CI (scripts/test.sh
    # in a container). Not a skip: a run that cannot plant files must say so.
    assert os.geteuid() == 0, "these tests plant files owned by another user: run them as root"


class Planted:
    """A pickle that, when loaded, creates ``marker``: proof that code ran."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (exec, (f"open({str(self.marker)!r}, 'w').write('code ran')",))


def _lark_pickle_name() -> str:
    """The file name lark's ``cache=True`` gives the shipped grammar with cicadraft's
    options (the name the old code read from the temporary folder)."""
    from lark import Lark

    with tempfile.TemporaryDirectory() as scratch:
        saved = tempfile.tempdir
        tempfile.tempdir = scratch
        try:
            # The same options, in the same order, as cicadraft.syntax.grammar (they are
            # part of lark's hash), with cache=True as the old code had it.
            Lark(grammar_text(), parser="lalr", lexer="contextual", start=["start", "tags"],
                 propagate_positions=False, maybe_placeholders=False, cache=True)
        finally:
            tempfile.tempdir = saved
        (name,) = os.listdir(scratch)
    return name


def _cicadraft(args: list[str], cwd: Path, tmpdir: Path, cache_home: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, TMPDIR=str(tmpdir), XDG_CACHE_HOME=str(cache_home))
    return subprocess.run([sys.executable, "-m", "cicadraft", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=120)


def _hostile(path: Path, how: str) -> None:
    if how == "owned by another user":
        os.chown(path, NOBODY, NOBODY)
        os.chmod(path, 0o644)
    else:
        os.chmod(path, 0o666 if path.is_file() else 0o777)


def _bullet_plus_tables(source: dict) -> dict:
    """Valid tables under the shipped grammar's recorded source, from a grammar in which
    `+` is a bullet: a scanner built from them tells itself apart."""
    edited = grammar_text().replace("BULLET.3: /[ \\t\\ufeff]*[-\\u2022](?=[ \\t])/", "BULLET.3: /[ \\t\\ufeff]*[-+\\u2022](?=[ \\t])/")
    assert edited != grammar_text()
    tables = derive_tables(block_parser(edited))
    tables["source"] = source
    return tables


def _scanned(text: str, scanner) -> list[tuple[str, int, str]]:
    return [(kind, start, text[start:end]) for kind, start, end in scanner.tokens(text)]


@pytest.mark.parametrize("how", ["owned by another user", "world-writable"])
def test_a_pickle_planted_in_the_temporary_folder_runs_no_code(tmp_path: Path, how: str):
    _require_root()
    shared = tmp_path / "tmp"
    shared.mkdir()
    marker = tmp_path / "code-ran"
    planted = shared / _lark_pickle_name()
    planted.write_bytes(b"0" * 64 + b"\n" + pickle.dumps(Planted(marker)))
    _hostile(planted, how)
    draft = tmp_path / "d.cicadraft"
    draft.write_text("1. Text [x] (+IND) end.\n", encoding="utf-8")
    # A cold cache: the scanner's tables are derived with lark, the moment the old code
    # unpickled lark's cache from the temporary folder.
    result = _cicadraft(["check", str(draft)], tmp_path, shared, tmp_path / "empty-cache")
    assert result.returncode == 0, result.stderr
    assert "1 draft checked: no problems found" in result.stdout
    assert not marker.exists(), "a pickle planted in the temporary folder ran code"


@pytest.mark.parametrize("how", ["owned by another user", "world-writable"])
def test_scanner_tables_planted_in_the_temporary_folder_are_not_read(tmp_path: Path, how: str):
    _require_root()
    shared = tmp_path / "tmp"
    shared.mkdir()
    source = cache_source(grammar_text())
    # The old name: .cicadraft_scanner_<uid>_<key>.json in the temporary folder.
    planted = shared / f".cicadraft_scanner_{os.getuid()}_{cache_key(source)}.json"
    planted.write_text(json.dumps(_bullet_plus_tables(source)), encoding="utf-8")
    _hostile(planted, how)
    code = "from cicadraft.syntax.scanner import block_scanner; print([t[0] for t in block_scanner().tokens('+ x')])"
    env = dict(os.environ, TMPDIR=str(shared), XDG_CACHE_HOME=str(tmp_path / "empty-cache"))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['LINE_TEXT']"  # the shipped grammar's reading, not the planted one's


@pytest.mark.parametrize("what", ["file owned by another user", "world-writable file", "folder owned by another user",
                                  "world-writable folder", "file a symbolic link"])
def test_untrusted_scanner_tables_in_the_cache_folder_are_not_read(tmp_path: Path, what: str):
    _require_root()
    folder = tmp_path / "cicadraft"
    folder.mkdir(mode=0o700)
    source = cache_source(grammar_text())
    path = Path(cache_path(cache_key(source), str(folder)))
    data = json.dumps(_bullet_plus_tables(source))
    if what == "file a symbolic link":
        target = tmp_path / "elsewhere.json"  # trusted itself: only the link is wrong
        target.write_text(data, encoding="utf-8")
        path.symlink_to(target)
    else:
        path.write_text(data, encoding="utf-8")
        os.chmod(path, 0o600)
        if what == "file owned by another user":
            os.chown(path, NOBODY, NOBODY)
        elif what == "world-writable file":
            os.chmod(path, 0o666)
        elif what == "folder owned by another user":
            os.chown(folder, NOBODY, NOBODY)
        else:
            os.chmod(folder, 0o777)
    scanner = load_scanner(directory=str(folder))
    assert _scanned("+ x", scanner) == tokens_with_lark("+ x")
    assert _scanned("+ x", scanner)[0][0] == "LINE_TEXT"


def test_trusted_tables_in_the_cache_folder_are_read(tmp_path: Path):
    # The counterpart of the test above: the same planted tables, ours and private, are
    # used (so the test above shows the checks at work, not a file that never counts).
    folder = tmp_path / "cicadraft"
    folder.mkdir(mode=0o700)
    source = cache_source(grammar_text())
    path = Path(cache_path(cache_key(source), str(folder)))
    path.write_text(json.dumps(_bullet_plus_tables(source)), encoding="utf-8")
    os.chmod(path, 0o600)
    assert _scanned("+ x", load_scanner(directory=str(folder)))[0][0] == "BULLET"


@pytest.mark.parametrize("how", ["owned by another user", "world-writable"])
def test_an_untrusted_registry_cache_is_not_read(tmp_path: Path, how: str):
    _require_root()
    cache_home = tmp_path / "xdg"
    draft = tmp_path / "d.cicadraft"
    draft.write_text("[x] (+IRN)\n", encoding="utf-8")
    assert _cicadraft(["check", str(draft)], tmp_path, tmp_path, cache_home).returncode == 0  # builds the caches
    path = Path(registry_cache.cache_file(str(cache_home / "cicadraft")))
    key, state = marshal.loads(path.read_bytes())
    state = (*state[:2], [d for d in state[2] if d["code"] != "IRN"], *state[3:])
    path.write_bytes(marshal.dumps((key, state)))
    _hostile(path, how)
    result = _cicadraft(["check", str(draft)], tmp_path, tmp_path, cache_home)
    assert (result.returncode, result.stdout) == (0, "1 draft checked: no problems found\n"), result.stdout


def test_the_cache_folder_is_made_private(tmp_path: Path):
    cache_home = tmp_path / "xdg"
    draft = tmp_path / "d.cicadraft"
    draft.write_text("1. x\n", encoding="utf-8")
    assert _cicadraft(["check", str(draft)], tmp_path, tmp_path, cache_home).returncode == 0
    folder = cache_home / "cicadraft"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = sorted(p.name for p in folder.iterdir())
    assert any(n.startswith("scanner-") for n in files) and any(n.startswith("registry-") for n in files), files
    for file in folder.iterdir():
        assert not file.stat().st_mode & 0o077, file  # written 0600
    assert not [p for p in (tmp_path).iterdir() if p.name.startswith((".lark_", ".cicadraft_scanner_"))]


def test_the_registry_and_the_scanner_share_one_cache_folder(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert registry_cache.cache_folder() == user_cache.cache_folder() == str(tmp_path / "xdg" / "cicadraft")
