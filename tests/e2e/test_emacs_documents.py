"""M-x cicadraft-import and M-x cicadraft-export (editors/emacs/cicadraft.el) in a real
Emacs with eglot, in batch mode: a Word document with a tracked change comes in as a new
draft buffer (the author mapped by the draft folder's cicadraft.toml), the visited
draft, edited and not saved, goes out as a Word document with its one-delegation
proposals as tracked changes, and a file that is not a Word document is one user error."""

from __future__ import annotations

import glob
from pathlib import Path

from harness import EDITORS, SCRIPTS, SEED, editor_env, require, run_editor  # noqa: F401
from test_emacs import DEBIAN_ELPA, elisp_string
from test_neovim_documents import build_docx
from test_vscode import revision_authors


def test_emacs_import_export(editor_env: dict[str, str], tmp_path: Path):
    import docx

    emacs = require("emacs", editor_env)
    packages = sorted(glob.glob(f"{DEBIAN_ELPA}/*"))
    init = tmp_path / "init.el"
    init.write_text(
        "".join(f"(add-to-list 'load-path {elisp_string(d)})\n" for d in packages)
        + "".join(f"(load {elisp_string(a)} nil t)\n" for d in packages for a in glob.glob(f"{d}/*-autoloads.el"))
        + f"(add-to-list 'load-path {elisp_string(str(EDITORS / 'emacs'))})\n"
        "(require 'cicadraft)\n"
        "(add-hook 'cicadraft-mode-hook #'eglot-ensure)\n",
        encoding="utf-8",
    )
    # A balanced draft (the reference circular): export writes its proposals as tracked
    # changes only when every bracket is closed.
    project = tmp_path / "project"
    project.mkdir()
    (project / "cicadraft.toml").write_text('[settings]\nlocale = "en"\n\n[import.authors]\n"Ivan Petrov" = "RUS"\n', encoding="utf-8")
    path = project / "SWG-739-2023.cicadraft"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    source = project / "circular.docx"
    build_docx(source)
    out, fake = tmp_path / "exported.docx", tmp_path / "fake.docx"
    fake.write_bytes(b"plain text, not a zip")
    results = tmp_path / "results.json"
    run = run_editor(
        [emacs, "--batch", "-Q", "-l", str(init), "-l", str(SCRIPTS / "documents.el"),
         str(path), str(source), str(out), str(fake), str(results)],
        env=editor_env, cwd=project, results=results,
    )
    seen = run.results
    assert seen["errors"] == []
    assert seen["commands"] is True
    imported = seen["imported"]
    assert imported["name"] == str(project / "circular.cicadraft") and imported["mode"] == "cicadraft-mode"
    assert "1. Promote dialogue among civilizations;" in imported["text"]
    assert "in trade] (+RUS)" in imported["text"], imported["text"]

    assert seen["exported"] == str(out)
    paragraphs = [p.text for p in docx.Document(out).paragraphs]
    assert any("Added in Emacs" in p for p in paragraphs), paragraphs
    authors = revision_authors(out)
    assert any("Kazakhstan" in a for a in authors), authors  # (+KAZ) became KAZ's revision
    assert seen["bad"].startswith("cicadraft: ") and "fake.docx" in seen["bad"] and "\n" not in seen["bad"]
