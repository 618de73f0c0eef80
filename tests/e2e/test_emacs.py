"""Emacs with eglot and editors/emacs/cicadraft.el, in batch mode.

The init file is the setup from editors/README.md; tests/e2e/editors/check.el visits
the draft and records Flymake's diagnostics (from eglot), a hover, and a quick fix
chosen through eglot-code-actions, then saves.
"""

from __future__ import annotations

import glob
from pathlib import Path

from harness import EDITORS, SCRIPTS, Draft, by_code, draft, editor_env, require, run_editor  # noqa: F401

# Debian's elpa-eglot (Emacs 28) lives here; -Q skips the site startup that activates
# it, so the init file does it (load-path and autoloads, as package activation does).
DEBIAN_ELPA = "/usr/share/emacs/site-lisp/elpa"


def elisp_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def test_emacs(draft: Draft, editor_env: dict[str, str], tmp_path: Path):
    emacs = require("emacs", editor_env)
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
