"""The VS Code extension (vscode-client/cicadraft.vsix) in a real VS Code: code-server
4.100.3 driven in headless Chromium by tests/e2e/vscode/drive.mjs (playwright-core).

The test installs the .vsix into a throwaway code-server, points ``cicadraft.server.path``
at this Python's ``cicadraft``, opens a workspace with the harness's draft (an unclosed
``[``, the unknown codes INDD and AZERR) and lets the driver use the editor as a person
would: the Problems panel and the error squiggle, a hover card, the quick fix from Ctrl+.
and Ctrl+S, the Negotiation view and the code lenses. It then checks what VS Code showed and the file saved on disk.

Everything comes from ``scripts/install-vscode-test.sh`` (code-server and playwright-core
in .cache/vscode-e2e/, Debian's chromium, the .vsix): anything missing is a failure, not
a skip. The screenshots go to the test's tmp folder; with CICADRAFT_UPDATE_SCREENSHOTS=1
they replace the ones in docs/screenshots/ (see docs/screenshots/README.md).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from harness import REPO, SEED, Draft, draft, spot  # noqa: F401
from test_neovim_documents import build_docx

from cicadraft.analysis import resolve as engine
from cicadraft.registry import default_registry
from cicadraft.syntax import parse

CACHE = Path(os.environ.get("CICADRAFT_VSCODE_CACHE", REPO / ".cache" / "vscode-e2e"))
CODE_SERVER = CACHE / "node_modules" / ".bin" / "code-server"
PLAYWRIGHT = CACHE / "node_modules" / "playwright-core" / "package.json"
CHROMIUM = Path("/usr/bin/chromium")
VSIX = REPO / "vscode-client" / "cicadraft.vsix"
DRIVER = Path(__file__).resolve().parent / "vscode" / "drive.mjs"
SCREENSHOTS = REPO / "docs" / "screenshots"
INSTALL_HINT = "run scripts/install-vscode-test.sh (scripts/test.sh does) to install code-server, chromium and the .vsix"
START_TIMEOUT = 60  # code-server answering on its port
DRIVE_TIMEOUT = 120  # the whole browser session; it normally takes 15-25 s


def require(path: Path, what: str) -> None:
    if not path.exists():
        pytest.fail(f"{what} is missing ({path}): {INSTALL_HINT}", pytrace=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def kill_group(process: subprocess.Popen) -> None:
    """End the process and everything it started (the extension host, the server)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def tail(path: Path, limit: int = 6000) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-limit:]
    except OSError as error:
        return f"({error})"


@pytest.mark.parametrize("mode", ["full", "missing-server"])
def test_vscode(draft: Draft, tmp_path_factory: pytest.TempPathFactory, mode: str):
    """``full``: diagnostics, hover, a quick fix and save. ``missing-server``: the
    extension's plain message when cicadraft cannot be found."""
    node = shutil.which("node")
    if node is None:
        pytest.fail(f"node is not installed: {INSTALL_HINT}", pytrace=False)
    require(CODE_SERVER, "code-server")
    require(PLAYWRIGHT, "playwright-core")
    require(CHROMIUM, "Debian's chromium")
    require(VSIX, "the extension's .vsix")
    server = Path(sys.executable).parent / "cicadraft"
    require(server, "the cicadraft executable of this Python (pip install -e .)")

    # code-server's state, and the workspace: a copy of the harness's project (the draft
    # in delegation/, a cicadraft.toml) under a name that reads well in the screenshots.
    state = tmp_path_factory.mktemp("code-server")
    workspace = state / "cica-drafts"
    shutil.copytree(draft.project, workspace)
    path = workspace / draft.path.relative_to(draft.project)
    balanced = workspace / "delegation" / BALANCED  # the reference draft as it is, for "Accept all"
    if mode == "full":  # a git repository, for "Compare with previous revision…"
        balanced.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8", newline="\n")
        commit_draft(workspace)
        # For "Import Word or PDF document…": a Word file with Ivan Petrov's tracked
        # change, and cicadraft.toml saying whose delegate he is.
        build_docx(workspace / "circular.docx")
        with (workspace / "cicadraft.toml").open("a", encoding="utf-8") as config_file:
            config_file.write('\n[import.authors]\n"Ivan Petrov" = "RUS"\n')
    user_data, extensions, home = state / "user-data", state / "extensions", state / "home"
    for folder in (user_data / "User", extensions, home):
        folder.mkdir(parents=True)
    server_setting = str(server) if mode == "full" else str(state / "not-installed" / "cicadraft")
    (user_data / "User" / "settings.json").write_text(
        json.dumps(
            {
                "cicadraft.server.path": server_setting,
                "security.workspace.trust.enabled": False,
                "workbench.startupEditor": "none",
                "workbench.tips.enabled": False,
                "workbench.enableExperiments": False,
                "workbench.secondarySideBar.defaultVisibility": "hidden",
                "chat.commandCenter.enabled": False,
                "telemetry.telemetryLevel": "off",
                "update.mode": "none",
                "extensions.autoCheckUpdates": False,
                "extensions.ignoreRecommendations": True,
                "editor.cursorBlinking": "solid",
                "editor.minimap.enabled": False,
                "editor.fontSize": 15,
                "editor.hover.delay": 300,
                "files.autoSave": "off",
                "window.zoomLevel": 0,
                "cicadraft.trace.server": "messages",  # in the output printed on a failure
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith(("VSCODE_", "XDG_", "CODE_SERVER"))}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        # The extension host inherits this: cicadraft is also on its PATH (the setting
        # above is what it uses; code-server may take PATH from a login shell).
        PATH=os.pathsep.join([str(server.parent), env.get("PATH", os.defpath)]),
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
    )
    common = [
        "--user-data-dir",
        str(user_data),
        "--extensions-dir",
        str(extensions),
        "--disable-telemetry",
        "--disable-update-check",
        "--disable-workspace-trust",
    ]
    install = subprocess.run(
        [str(CODE_SERVER), *common, "--install-extension", str(VSIX)],
        env=env,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT,
    )
    assert install.returncode == 0, f"code-server --install-extension failed:\n{install.stdout}\n{install.stderr}"
    assert any(p.name.startswith("cicadraft.cicadraft-") for p in extensions.iterdir()), install.stdout

    port = free_port()
    log = state / "code-server.log"
    started = time.monotonic()
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [
                str(CODE_SERVER),
                *common,
                "--bind-addr",
                f"127.0.0.1:{port}",
                "--auth",
                "none",
                "--log",
                "debug",
                str(workspace),
            ],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    driver = None
    results_path = state / "results.json"
    failure_png = state / "failure.png"
    shots = SCREENSHOTS if os.environ.get("CICADRAFT_UPDATE_SCREENSHOTS") == "1" else state / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url, process, log)

        text = draft.text
        unclosed = spot(text, "[, which should be not less than two")
        iran = spot(text, "(+IRAN) (AZER tcb)", 2)
        indd = draft.indd
        config = {
            "cache": str(CACHE),
            "chromium": str(CHROMIUM),
            "url": url,
            "workspace": str(workspace),
            "file": path.name,
            "relativePath": str(path.relative_to(workspace)),
            # 1-based line:column for Go to Line (columns in UTF-16 units; these lines have
            # no characters outside the BMP, so code points are the same)
            "unclosed": {"line": unclosed.line + 1, "column": unclosed.char + 1},
            "hover": {"line": iran.line + 1, "column": iran.char + 1, "code": "IRAN"},
            "unknown": {"line": indd.line + 1, "column": indd.char + 2, "code": "INDD"},
            "fixTitle": "Replace INDD with IND",
            "fixed": "(+IND) diversity",
            "screenshots": str(shots),
            "failureScreenshot": str(failure_png),
            "results": str(results_path),
            "mode": mode,
            "compare": {"subject": COMMIT_SUBJECT} if mode == "full" else None,
            "acceptAll": {"file": BALANCED, "code": "IRAN"} if mode == "full" else None,
            "documents": {"source": str(workspace / "circular.docx"), "name": "circular.cicadraft",
                          "expect": "Strengthen cooperation", "out": str(workspace / "exported.docx")}
            if mode == "full" else None,
            "negotiation": {"before": "INDD", "code": "IRAN", "item": "11altern.", "lens": "TUR +, IRAN +, AZER tcb"}
            if mode == "full" else None,
        }
        config_path = state / "config.json"
        config_path.write_text(json.dumps(config, indent=1), encoding="utf-8")
        driver = subprocess.Popen(
            [node, str(DRIVER), str(config_path)],
            cwd=state,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # chromium is its child: killed with it on a timeout
        )
        timed_out = False
        try:
            stdout, stderr = driver.communicate(timeout=DRIVE_TIMEOUT)
        except subprocess.TimeoutExpired:
            timed_out = True
            kill_group(driver)
            stdout, stderr = driver.communicate()
        results = read_json(results_path)
        if timed_out or driver.returncode != 0 or not results:
            report = [
                f"drive.mjs {'timed out after %ds' % DRIVE_TIMEOUT if timed_out else 'exited with %s' % driver.returncode}"
                f" ({time.monotonic() - started:.1f} s since code-server started)",
                f"results: {json.dumps(results, indent=1, ensure_ascii=False)}",
                f"--- driver stdout\n{stdout.decode('utf-8', 'replace')[-4000:]}",
                f"--- driver stderr\n{stderr.decode('utf-8', 'replace')[-4000:]}",
                *diagnosis(log, user_data),
            ]
            if failure_png.exists():
                report.append(f"screenshot of the failure: {failure_png}")
            pytest.fail("\n".join(report), pytrace=False)
    finally:
        if driver is not None:
            kill_group(driver)
        kill_group(process)

    print(f"VS Code: {results['seconds']:.1f} s in the browser; steps: {results['steps']}")
    assert results["errors"] == []
    assert results["language"] == "CICA draft"  # the extension's language for *.cicadraft
    if mode == "missing-server":
        message = results["missingMessage"]
        assert "no such executable" in message and "pip install cicadraft" in message, message
        assert path.read_text(encoding="utf-8") == draft.text
        return

    # Problems lists the unclosed bracket (an error, squiggled in the editor) and the two
    # unknown codes, with the server's words.
    problems = "\n".join(results["problems"])
    assert "never closed" in problems
    assert "INDD" in problems and "AZERR" in problems
    assert results["squiggles"]["error"] >= 1

    # The hover card over IRAN, from the server's registry.
    assert "Iran" in results["hover"]

    # Ctrl+. on INDD: the menu offers the quick fixes (IND, IDN); clicking the first
    # replaced INDD with IND, and Ctrl+S saved that and nothing else.
    assert any(title.startswith("Replace INDD with IND") for title in results["actions"]), results["actions"]
    expected = draft.text.replace("(+INDD)", "(+IND)")
    assert path.read_text(encoding="utf-8") == expected
    problems_after = "\n".join(results["problemsAfter"])
    assert "INDD" not in problems_after and "AZERR" in problems_after and "never closed" in problems_after

    # The extension's status item (asked again after the edit): "$(law) N open
    # $(warning) 1", the 1 for the unclosed "[".
    assert re.fullmatch(r"\d+ open\s+1", results["statusItem"]), results["statusItem"]

    # Compare with previous revision…: the commit offered, and the report against it in a
    # tab: the quick fix is INDD's tag withdrawn and IND's added.
    assert any(COMMIT_SUBJECT in row for row in results["compareRevisions"]), results["compareRevisions"]
    assert results["compareTab"].startswith("Changes from")
    report = results["compareReport"]
    assert "position taken" in report and "+IND" in report and "position withdrawn" in report and "+INDD" in report, report

    # Accept all from a delegation…: the pick shows each delegation with its name (read
    # from the action) and the action's title, which names the other delegations'
    # positions it overrides; choosing IRAN applied the engine's edit, saved as it is.
    seed = SEED.read_text(encoding="utf-8")
    # (a row's text runs label, description and detail together: compared without spaces)
    rows = [re.sub(r"\s+", "", row) for row in results["acceptAllRows"]]
    assert "CHN" "China" "AcceptallfromCHN(China)" in rows, rows
    assert "AZER" "Azerbaijan" "AcceptallfromAZER(Azerbaijan)(overridesIRAN'sdeletion)" in rows, rows
    chosen = (
        "IRAN" "Iran" "Accept all from IRAN (Iran) (overrides IND's proposal, CHN's proposal, AZER's proposal, "
        "AZER's reservation, SEC's reservation)"
    )
    assert re.sub(r"\s+", "", results["acceptAllChosen"]) == re.sub(r"\s+", "", chosen), results["acceptAllChosen"]
    assert balanced.read_text(encoding="utf-8") == engine.accept_all(parse(seed), "IRAN", default_registry()).preview(seed)

    # The Negotiation view: INDD before the quick fix, IND after it (the view follows
    # edits); IRAN's positions by paragraph; the click on "+ 11altern." selected that
    # bracket (VS Code counts the selection in UTF-16 units, as the server's range is).
    assert any(row.split(" ")[0] == "INDD" for row in results["negotiationBefore"]), results["negotiationBefore"]
    rows = results["negotiationAfter"]
    assert any(row.startswith("IND ") for row in rows) and not any(row.startswith("INDD ") for row in rows), rows
    assert any(row.startswith("IRAN 3 + 2 − 0 tcb") and "Iran" in row for row in rows), rows
    assert any(row.startswith("+ 11altern. Promote tolerance and") for row in results["negotiationPositions"])
    start = draft.text.index("[11altern.")
    end = draft.text.index("] (+IRAN) (AZER tcb)", start) + 1
    line = draft.text.count("\n", 0, start)
    column = start - draft.text.rfind("\n", 0, start)
    selected = len(draft.text[start:end].encode("utf-16-le")) // 2
    assert results["negotiationSelection"] == f"Ln {line + 1}, Col {column} ({selected} selected)", results["negotiationSelection"]
    # The lens above it says who holds what; no Accept…/Reject… in this draft, whose
    # unclosed "[" makes every decision unsafe (tests/lsp/test_code_lens.py applies them).
    assert "TUR +, IRAN +, AZER tcb" in results["codeLenses"], results["codeLenses"]
    assert "IRAN -, AZERR +" in results["codeLenses"], results["codeLenses"]
    assert not any("Accept…" in text for text in results["codeLenses"]), results["codeLenses"]

    # Import Word or PDF document…: a new, unsaved cicadraft tab, Ivan Petrov's tracked
    # insertion as RUS's proposal (the workspace's cicadraft.toml maps him). Export to
    # Word… with proposals as tracked changes: a Word revision by the delegation.
    assert results["importTab"].startswith("circular.cicadraft") and results["importLanguage"] == "CICA draft"
    assert "Promote dialogue among civilizations;" in results["importText"]
    assert "in trade] (+RUS)" in results["importText"], results["importText"]
    assert any("tracked changes" in kind for kind in results["exportKinds"]), results["exportKinds"]
    assert "exported to" in results["exportMessage"] and "exported.docx" in results["exportMessage"]
    authors = revision_authors(workspace / "exported.docx")
    assert len(authors) == 1 and "Russia" in authors.pop()

    for name in ("vscode-diagnostics.png", "vscode-hover.png", "vscode-quickfix.png", "vscode-compare.png", "vscode-negotiation.png",
                 "vscode-import.png"):
        picture = shots / name
        assert picture.stat().st_size > 10_000, picture


COMMIT_SUBJECT = "Rev.0 as circulated"
WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def revision_authors(path: Path) -> set[str]:
    """The authors of the tracked insertions and deletions in a .docx."""
    import docx

    body = docx.Document(path).element.body
    return {r.get(f"{WORD}author") for tag in ("ins", "del") for r in body.iter(f"{WORD}{tag}")}
BALANCED = "balanced.cicadraft"


def commit_draft(workspace: Path) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="Secretariat", GIT_AUTHOR_EMAIL="sec@example.org", GIT_COMMITTER_NAME="Secretariat",
               GIT_COMMITTER_EMAIL="sec@example.org", GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", COMMIT_SUBJECT]):
        subprocess.run(["git", *args], cwd=workspace, env=env, check=True, capture_output=True, timeout=60)


def wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if process.poll() is not None:
            pytest.fail(f"code-server exited with {process.returncode}:\n{tail(log)}", pytrace=False)
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"code-server did not answer on {url} within {START_TIMEOUT} s:\n{tail(log)}", pytrace=False)
        time.sleep(0.2)


def diagnosis(log: Path, user_data: Path) -> list[str]:
    """code-server's log, and the logs of the extension host and of the extension's
    output channel (its messages and, with cicadraft.trace.server, the LSP traffic)."""
    parts = [f"--- {log}\n{tail(log)}"]
    logs = user_data / "logs"
    if logs.is_dir():
        for path in sorted(logs.rglob("*.log")):
            name = path.name.lower()
            if "cicadraft" in name or name in ("exthost.log", "remoteexthost.log"):
                parts.append(f"--- {path}\n{tail(path, 12000)}")
    return parts


def read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
