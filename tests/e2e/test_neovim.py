"""Neovim 0.11+ with editors/nvim (vim.lsp.config + vim.lsp.enable), headless.

The init.lua is the setup from editors/README.md; tests/e2e/editors/check.lua drives
Neovim's own LSP client: diagnostics, hover, folding ranges, a quick fix through
vim.lsp.buf.code_action() and :write.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from harness import EDITORS, SCRIPTS, Draft, by_code, draft, editor_env, require, run_editor  # noqa: F401

MINIMUM = (0, 11)


def lua_string(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def test_neovim(draft: Draft, editor_env: dict[str, str], tmp_path: Path):
    nvim = require("nvim", editor_env)
    version = subprocess.run([nvim, "--version"], env=editor_env, capture_output=True, text=True, timeout=60).stdout
    found = re.search(r"NVIM v(\d+)\.(\d+)", version)
    assert found and tuple(map(int, found.groups())) >= MINIMUM, f"Neovim 0.11 or newer is needed, found: {version[:40]}"

    init = tmp_path / "init.lua"
    init.write_text(
        f"vim.opt.runtimepath:prepend({lua_string(str(EDITORS / 'nvim'))})\n"
        "vim.lsp.enable('cicadraft')\n"
        "vim.o.foldmethod = 'expr'\n"
        "vim.o.foldexpr = 'v:lua.vim.lsp.foldexpr()'\n",
        encoding="utf-8",
    )
    results = tmp_path / "results.json"
    run = run_editor(
        [nvim, "--clean", "--headless", "-u", str(init), "-l", str(SCRIPTS / "check.lua"), str(draft.path), str(results)],
        env=editor_env,
        cwd=draft.path.parent,
        results=results,
        logs=[tmp_path / "home/.local/state/nvim/lsp.log"],
    )
    seen = run.results
    assert seen["errors"] == []
    assert seen["filetype"] == "cicadraft"  # from ftdetect/cicadraft.lua
    assert seen["server_name"] == "cicadraft"
    assert seen["root_dir"] == str(draft.project)  # root_markers: the cicadraft.toml above

    # Neovim 0.11 declares pull diagnostics: it pulls, and the server pushes nothing for
    # the draft (otherwise each finding would show twice). It does push (empty)
    # diagnostics for the cicadraft.toml, a file Neovim does not have open.
    assert seen["pull_provider"] is True
    assert seen["pulls"] >= 2  # after opening and after the quick fix's change
    assert str(draft.path) not in seen["pushes"]
    assert set(seen["pushes"]) <= {str(draft.project / "cicadraft.toml")}

    # Positions as Neovim stores them: 0-based lines, byte columns (the server and
    # Neovim negotiated the position encoding; the columns must come out right either way).
    diagnostics = seen["diagnostics"]
    [unclosed] = by_code(diagnostics, "unclosed-bracket")
    assert (unclosed["lnum"], unclosed["col"], unclosed["end_lnum"], unclosed["end_col"]) == (
        draft.unclosed.line,
        draft.unclosed.byte,
        draft.unclosed.line,
        draft.unclosed.byte + 1,
    )
    assert unclosed["severity"] == "ERROR" and unclosed["source"] == "cicadraft"
    unknown = {(d["lnum"], d["col"], d["end_col"]): d for d in by_code(diagnostics, "unknown-code")}
    assert set(unknown) == {
        (draft.indd.line, draft.indd.byte, draft.indd.byte + 4),
        (draft.azerr.line, draft.azerr.byte, draft.azerr.byte + 5),  # behind a 3-byte "’"
    }
    assert "INDD" in unknown[(draft.indd.line, draft.indd.byte, draft.indd.byte + 4)]["message"]
    assert unknown[(draft.indd.line, draft.indd.byte, draft.indd.byte + 4)]["severity"] == "WARN"

    assert "Iran" in seen["hover"]  # the cursor on IRAN in (+IRAN)

    ranges = seen["folding_ranges"]
    lines = draft.text.split("\n")
    assert ranges and all(0 <= r["startLine"] < r["endLine"] < len(lines) for r in ranges)
    chapter = next(i for i, line in enumerate(lines) if line.startswith("Chapter 1."))
    assert any(r["startLine"] == chapter for r in ranges), "no fold for the section Chapter 1."
    assert seen["chapter_foldlevels"][1] >= 1  # Neovim folds with them (vim.lsp.foldexpr)

    # The quick fix was applied in the buffer and :write saved it: on disk, INDD became
    # IND and nothing else changed (Neovim adds the missing final newline).
    assert any("IND" in title for title in seen["code_actions"])
    expected = draft.text.replace("(+INDD)", "(+IND)")
    assert draft.path.read_text(encoding="utf-8") in (expected, expected + "\n")
    assert seen["diagnostics_after"] == len(diagnostics) - 1
