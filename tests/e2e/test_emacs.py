"""Emacs with eglot and editors/emacs/cicadraft.el, in batch mode.

The init file is the setup from editors/README.md; tests/e2e/editors/check.el visits
the draft and records Flymake's diagnostics (from eglot), a hover, and a quick fix
chosen through eglot-code-actions, then saves.
"""

from __future__ import annotations

import glob
from pathlib import Path

from harness import EDITORS, SCRIPTS, Draft, by_code, draft, editor_env, require, run_editor, spot  # noqa: F401

# Debian's elpa-eglot (Emacs 28) lives here; -Q skips the site startup that activates
# it, so the init file does it (load-path and autoloads, as package activation does).
DEBIAN_ELPA = "/usr/share/emacs/site-lisp/elpa"


def elisp_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_init(tmp_path: Path) -> Path:
    init = tmp_path / "init.el"
    packages = sorted(glob.glob(f"{DEBIAN_ELPA}/*"))
    init.write_text(
        "".join(f"(add-to-list 'load-path {elisp_string(d)})\n" for d in packages)
        + "".join(f"(load {elisp_string(a)} nil t)\n" for d in packages for a in glob.glob(f"{d}/*-autoloads.el"))
        + f"(add-to-list 'load-path {elisp_string(str(EDITORS / 'emacs'))})\n"
        "(require 'cicadraft)\n"
        "(add-hook 'cicadraft-mode-hook #'eglot-ensure)\n",
        encoding="utf-8",
    )
    return init


def test_emacs(draft: Draft, editor_env: dict[str, str], tmp_path: Path):
    emacs = require("emacs", editor_env)
    init = write_init(tmp_path)
    results = tmp_path / "results.json"
    run = run_editor(
        [emacs, "--batch", "-Q", "-l", str(init), "-l", str(SCRIPTS / "check.el"), str(draft.path), str(results)],
        env=editor_env,
        cwd=draft.path.parent,
        results=results,
    )
    seen = run.results
    assert seen["errors"] == []
    assert seen["mode"] == "cicadraft-mode"  # from auto-mode-alist
    assert seen["server_name"] == "cicadraft"
    assert seen["language_id"] == "cicadraft"

    # Flymake's positions: 0-based lines (as recorded), columns in characters. eglot 1.9
    # speaks UTF-16, which matches characters on these lines (the "’" is one unit).
    diagnostics = seen["diagnostics"]
    [unclosed] = by_code(diagnostics, "unclosed-bracket")
    assert (unclosed["line"], unclosed["col"], unclosed["end_col"]) == (
        draft.unclosed.line,
        draft.unclosed.char,
        draft.unclosed.char + 1,
    )
    assert unclosed["type"] == "eglot-error"
    assert "never closed" in unclosed["text"]
    unknown = {(d["line"], d["col"], d["end_col"]): d for d in by_code(diagnostics, "unknown-code")}
    assert set(unknown) == {
        (draft.indd.line, draft.indd.char, draft.indd.char + 4),
        (draft.azerr.line, draft.azerr.char, draft.azerr.char + 5),
    }
    assert unknown[(draft.indd.line, draft.indd.char, draft.indd.char + 4)]["type"] == "eglot-warning"

    assert "Iran" in seen["hover"]

    # The quick fix was applied and the buffer saved: INDD became IND, nothing else
    # changed (text-mode adds the missing final newline).
    expected = draft.text.replace("(+INDD)", "(+IND)")
    assert draft.path.read_text(encoding="utf-8") in (expected, expected + "\n")
    assert seen["diagnostics_after"] == len(diagnostics) - 1


def test_emacs_positions(draft: Draft, editor_env: dict[str, str], tmp_path: Path):
    """M-x cicadraft-positions: IRAN's positions as FILE:LINE:COL lines in a compilation
    buffer (Emacs columns: characters, 1-based there), and `next-error' lands on the
    first bracket."""
    emacs = require("emacs", editor_env)
    init = write_init(tmp_path)
    results = tmp_path / "results.json"
    run = run_editor(
        [emacs, "--batch", "-Q", "-l", str(init), "-l", str(SCRIPTS / "positions.el"), str(draft.path), str(results)],
        env=editor_env,
        cwd=draft.path.parent,
        results=results,
    )
    seen = run.results
    assert seen["errors"] == []
    assert seen["mode"] == "compilation-mode"
    assert {"IND", "INDD", "IRAN", "AZERR"} <= set(seen["completion"])
    name = draft.path.name
    assert seen["lines"][0] == f"cicadraft: IRAN's positions in {name}"
    found = [spot(draft.text, needle) for needle in ("[intercivilizational", "[[cultural", "[11. Promote", "[11altern.", "[15. Encourage")]
    assert [line.split(": ", 1)[0] for line in seen["lines"][1:]] == [f"{name}:{s.line + 1}:{s.char + 1}" for s in found]
    # The text from the bracket on, cut at 160 characters (a paragraph may be one long line).
    line = draft.text.split("\n")[found[2].line]
    assert seen["lines"][3] == f"{name}:{found[2].line + 1}:1: {line[:160]}" and len(line) > 160
    assert seen["landed"]["buffer"] == name and seen["landed"]["line"] == found[0].line + 1
    assert seen["landed"]["text"].startswith("[intercivilizational")
