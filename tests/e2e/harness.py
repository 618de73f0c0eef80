"""Shared parts of the end-to-end tests in real editors (Neovim, Emacs with eglot, Vim
with ALE), each driving ``cicadraft serve`` through the setup shipped in ``editors/``.
The test modules import the fixtures from here.

Each editor runs headless on a script from ``tests/e2e/editors/`` that writes what the
editor itself saw to a JSON file and exits non-zero when a step fails; the tests then
check those results and the saved file. A missing editor is a failure, not a skip
(``scripts/install-editors.sh`` installs all three).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EDITORS = REPO / "editors"
SCRIPTS = Path(__file__).resolve().parent / "editors"
SEED = REPO / "examples" / "SWG-739-2023.cicadraft"
TIMEOUT = 60  # seconds for one editor run; a run normally takes one or two
INSTALL_HINT = "run scripts/install-editors.sh (CI does) to install Neovim, Emacs/eglot and Vim/ALE"

# The draft every editor opens: the seed with three faults.
EDITS = [
    # the "]" of 1.10's bracket removed: its "[" is unclosed, its tag (-IND) floats
    ("four years]. (-IND)", "four years. (-IND)"),
    # an unknown code on an ASCII line (the quick fix replaces it with IND) ...
    ("(-CHN)] (+IND) diversity", "(-CHN)] (+INDD) diversity"),
    # ... and one behind a non-ASCII "’", where UTF-8, UTF-16 and code-point columns differ
    ("(-IRAN) (+AZER)", "(-IRAN) (+AZERR)"),
]


@dataclass(frozen=True)
class Spot:
    """A place in the draft, in each editor's own terms."""

    line: int  # 0-based
    char: int  # code points from the line's start (Emacs columns)
    byte: int  # UTF-8 bytes from the line's start (Neovim and Vim columns)


@dataclass(frozen=True)
class Draft:
    path: Path
    project: Path  # the folder with the cicadraft.toml
    text: str
    unclosed: Spot  # the "[" left open
    indd: Spot  # the code INDD
    azerr: Spot  # the code AZERR


def spot(text: str, needle: str, offset: int = 0) -> Spot:
    index = text.index(needle) + offset
    start = text.rfind("\n", 0, index) + 1
    before = text[start:index]
    return Spot(line=text.count("\n", 0, index), char=len(before), byte=len(before.encode("utf-8")))


@pytest.fixture
def draft(tmp_path: Path) -> Draft:
    text = SEED.read_text(encoding="utf-8")
    for old, new in EDITS:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    # The project: a cicadraft.toml (the root marker of every setup) above the draft's
    # folder; it also fixes the language of the messages.
    (tmp_path / "cicadraft.toml").write_text('[settings]\nlocale = "en"\n', encoding="utf-8")
    folder = tmp_path / "delegation"
    folder.mkdir()
    path = folder / "SWG-739-2023.cicadraft"
    path.write_text(text, encoding="utf-8", newline="\n")
    return Draft(
        path=path,
        project=tmp_path,
        text=text,
        unclosed=spot(text, "[, which should be not less than two"),
        indd=spot(text, "(+INDD)", 2),
        azerr=spot(text, "(+AZERR)", 2),
    )


@pytest.fixture
def editor_env(tmp_path: Path) -> dict[str, str]:
    """The environment of an editor run: this Python's ``bin/`` (where ``cicadraft`` and
    pip's ``nvim`` live) first on PATH, and a throwaway home so that nothing of the
    user's configuration is read and nothing is written into it."""
    home = tmp_path / "home"
    home.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("NVIM", "VIM", "EMACS", "XDG_"))}
    env.update(
        PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", os.defpath)]),
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local/share"),
        XDG_STATE_HOME=str(home / ".local/state"),
        XDG_CACHE_HOME=str(home / ".cache"),
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
        TERM="dumb",
    )
    return env


def require(program: str, env: dict[str, str]) -> str:
    """The editor's path, or a test failure saying how to install it."""
    found = shutil.which(program, path=env["PATH"])
    if found is None:
        pytest.fail(f"{program} is not installed: {INSTALL_HINT}", pytrace=False)
    server = shutil.which("cicadraft", path=env["PATH"])
    if server is None:
        pytest.fail("cicadraft is not on PATH: pip install -e . into this Python first", pytrace=False)
    # The editors would only report that the server died: say why, up front.
    check = subprocess.run([server, "--version"], env=env, capture_output=True, text=True, timeout=TIMEOUT)
    if check.returncode != 0:
        pytest.fail(f"{server} --version fails, so no editor can start the server:\n{check.stderr}", pytrace=False)
    return found


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    results: dict


def run_editor(
    argv: list[str],
    *,
    env: dict[str, str],
    cwd: Path,
    results: Path,
    logs: list[Path] = (),
    timeout: float = TIMEOUT,
) -> Run:
    """Run an editor in a process group of its own (the language server is its child),
    kill the whole group on timeout, and fail with everything useful for diagnosis
    unless the editor's script exited 0 after writing its results."""
    started = time.monotonic()
    process = subprocess.Popen(
        argv,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    timed_out = False
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        _kill_group(process)
        stdout, stderr = process.communicate()
    finally:
        _kill_group(process)  # whatever the editor left behind (a server that outlived it)
    seconds = time.monotonic() - started
    run = Run(
        returncode=process.returncode,
        stdout=stdout.decode("utf-8", "replace"),
        stderr=stderr.decode("utf-8", "replace"),
        seconds=seconds,
        results=_read_json(results),
    )
    if timed_out or run.returncode != 0 or not run.results:
        report = [
            f"{argv[0]} {'timed out after %ds' % timeout if timed_out else 'exited with %s' % run.returncode}"
            f" ({seconds:.1f} s)",
            f"command: {' '.join(map(str, argv))}",
            f"results: {json.dumps(run.results, indent=1, ensure_ascii=False)}",
            f"--- stdout\n{run.stdout[-6000:]}",
            f"--- stderr\n{run.stderr[-6000:]}",
        ]
        for log in logs:
            if log.exists():
                report.append(f"--- {log}\n{log.read_text(encoding='utf-8', errors='replace')[-8000:]}")
        pytest.fail("\n".join(report), pytrace=False)
    print(f"{argv[0]}: {seconds:.2f} s; steps: {run.results.get('steps')}")
    return run


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def by_code(diagnostics: list[dict], code: str) -> list[dict]:
    return [d for d in diagnostics if d.get("code") == code]
