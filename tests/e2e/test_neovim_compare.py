""":CicadraftCompare in a real Neovim 0.11+ (editors/nvim/plugin/cicadraft.lua): the
draft in the buffer, changed and not saved, against its git HEAD and against another
file; the report in a scratch markdown buffer; a bad revision as one message."""

from __future__ import annotations

import subprocess
from pathlib import Path

from harness import EDITORS, SCRIPTS, Draft, draft, editor_env, require, run_editor  # noqa: F401
from test_neovim import lua_string


def test_neovim_compare(draft: Draft, editor_env: dict[str, str], tmp_path: Path):
    nvim = require("nvim", editor_env)
    git_env = dict(editor_env, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
                   GIT_COMMITTER_EMAIL="t@example.org", GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "Rev.0"]):
        subprocess.run(["git", *args], cwd=draft.project, env=git_env, check=True, capture_output=True, timeout=60)
    other = draft.path.parent / "Rev2.cicadraft"
    other.write_text(draft.text.replace("\n13. Support", "\n14. Support"), encoding="utf-8")

    init = tmp_path / "init.lua"
    init.write_text(f"vim.opt.runtimepath:prepend({lua_string(str(EDITORS / 'nvim'))})\nvim.lsp.enable('cicadraft')\n", encoding="utf-8")
    results = tmp_path / "results.json"
    run = run_editor(
        [nvim, "--clean", "--headless", "-u", str(init), "-l", str(SCRIPTS / "compare.lua"), str(draft.path), str(other), str(results)],
        env=editor_env, cwd=draft.path.parent, results=results,
    )
    seen = run.results
    assert seen["errors"] == []
    assert seen["command"] is True and seen["modified"] is True
    reports = {r["step"]: r for r in seen["reports"].values()}
    head = reports["head"]
    assert head["filetype"] == "markdown" and head["buftype"] == "nofile" and head["modifiable"] is False
    assert head["shown"] is True
    text = "\n".join(head["lines"])
    assert head["lines"][0] == "# Changes from SWG\\-739\\-2023.cicadraft@HEAD to SWG\\-739\\-2023.cicadraft"
    assert "position taken (\\+IND)" in text and "| IND |" in text  # the unsaved edit
    against_file = "\n".join(reports["file"]["lines"])
    assert "renumbered" in against_file and "position taken (\\+IND)" in against_file
    [message] = [m for m in seen["messages"] if "no-such-revision" in m["message"]]
    assert message["message"].startswith("cicadraft: ") and "\n" not in message["message"]
