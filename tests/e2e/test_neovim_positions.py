""":CicadraftPositions [CODE] in a real Neovim 0.11+ (editors/nvim/plugin/
cicadraft_positions.lua): the positions of one delegation, or all, in the quickfix list
at their brackets (Neovim's byte columns), following unsaved edits; an unknown code is
one message."""

from __future__ import annotations

from pathlib import Path

from cicadraft.analysis.status import count_positions
from cicadraft.registry import default_registry
from cicadraft.syntax import parse
from harness import EDITORS, SCRIPTS, Draft, draft, editor_env, require, run_editor, spot  # noqa: F401
from test_neovim import lua_string

IRAN_BRACKETS = ["[intercivilizational", "[[cultural", "[11. Promote", "[11altern.", "[15. Encourage"]


def test_neovim_positions(draft: Draft, editor_env: dict[str, str], tmp_path: Path):
    nvim = require("nvim", editor_env)
    init = tmp_path / "init.lua"
    init.write_text(f"vim.opt.runtimepath:prepend({lua_string(str(EDITORS / 'nvim'))})\nvim.lsp.enable('cicadraft')\n", encoding="utf-8")
    results = tmp_path / "results.json"
    run = run_editor(
        [nvim, "--clean", "--headless", "-u", str(init), "-l", str(SCRIPTS / "positions.lua"), str(draft.path), str(results)],
        env=editor_env, cwd=draft.path.parent, results=results,
    )
    seen = run.results
    assert seen["errors"] == [] and seen["command"] is True

    # IRAN's five positions, in the order of their tags, each at its bracket's "[" (1-based
    # line, 1-based byte column), the quickfix window opened.
    iran = seen["lists"]["iran"]
    assert iran["title"] == "cicadraft: IRAN's positions" and iran["window"] == "quickfix"
    expected = [spot(draft.text, needle) for needle in IRAN_BRACKETS]
    assert [(i["lnum"], i["col"]) for i in iran["items"]] == [(s.line + 1, s.byte + 1) for s in expected]
    assert all(i["bufnr"] == seen["buf"] and i["valid"] == 1 for i in iran["items"])
    lines = draft.text.split("\n")
    assert [i["text"] for i in iran["items"]] == [lines[s.line] for s in expected]

    # Every delegation's: one entry per tag of the draft (INDD and AZERR are tags too).
    everything = seen["lists"]["all"]["items"]
    assert seen["lists"]["all"]["title"] == "cicadraft: positions"
    counted = count_positions(parse(draft.text), default_registry())
    assert len(everything) == sum(entry.total for entry in counted.values()) == 17
    assert {"IND", "INDD", "IRAN"} <= set(seen["completion"]) and all(c.startswith("I") for c in seen["completion"])

    [message] = [m for m in seen["messages"] if "NOBODY" in m["message"]]
    assert message["message"] == "cicadraft: no position of NOBODY in this draft"

    # After a line added at the top (not saved), the same brackets one line lower.
    edited = seen["lists"]["edited"]["items"]
    assert [(i["lnum"], i["col"]) for i in edited] == [(s.line + 2, s.byte + 1) for s in expected]
