"""The extension's own tests (vscode-client: `npm test`): the TextMate grammar, tokenized
with the engine VS Code uses (vscode-textmate + vscode-oniguruma), and the language
configuration. Run here so that the project's one test command covers them.

vscode-client/node_modules comes from ``npm ci`` (scripts/install-vscode-test.sh runs
it): without it, or without node, the test fails rather than skips.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from harness import REPO

CLIENT = REPO / "vscode-client"
HINT = "run scripts/install-vscode-test.sh (or `npm ci` in vscode-client)"


def test_vscode_grammar():
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail(f"npm is not installed: {HINT}", pytrace=False)
    for module in ("vscode-textmate", "vscode-oniguruma"):
        if not (CLIENT / "node_modules" / module / "package.json").is_file():
            pytest.fail(f"vscode-client/node_modules/{module} is missing: {HINT}", pytrace=False)
    run = subprocess.run([npm, "test"], cwd=CLIENT, capture_output=True, text=True, timeout=120)
    output = run.stdout + run.stderr
    assert run.returncode == 0, f"npm test failed in vscode-client (exit status {run.returncode}):\n{output[-8000:]}"
    # node's test runner closes with "# pass N" and "# fail 0".
    passed = re.search(r"^# pass (\d+)$", run.stdout, re.MULTILINE)
    failed = re.search(r"^# fail (\d+)$", run.stdout, re.MULTILINE)
    assert passed and int(passed.group(1)) > 0, output[-4000:]
    assert failed and int(failed.group(1)) == 0, output[-4000:]
    print(f"vscode-client npm test: {passed.group(1)} passed")
