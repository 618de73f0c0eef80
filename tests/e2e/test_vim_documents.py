""":CicadraftImport and :CicadraftExport in a real Vim 9 (editors/vim/plugin/cicadraft_documents.vim,
which runs the cicadraft command line): a Word document with a tracked change by a
mapped author comes in as a new draft buffer, the buffer edited and not written goes
out as a Word document, and a file that is not a Word document is one error message
and no new buffer."""

from __future__ import annotations

from pathlib import Path

from harness import EDITORS, SCRIPTS, editor_env, require, run_editor  # noqa: F401
from test_neovim_documents import build_docx
from test_vim import vim_string


def test_vim_import_export(editor_env: dict[str, str], tmp_path: Path):
    import docx

    vim = require("vim", editor_env)
    vimrc = tmp_path / "vimrc"
    vimrc.write_text(
        "set nocompatible\n"
        f"execute 'set runtimepath^=' . fnameescape({vim_string(str(EDITORS / 'vim'))})\n"
        "filetype plugin on\n",
        encoding="utf-8",
    )
    source, out, fake = tmp_path / "circular.docx", tmp_path / "exported.docx", tmp_path / "fake.docx"
    build_docx(source)
    fake.write_bytes(b"plain text, not a zip")
    results = tmp_path / "results.json"
    env = dict(editor_env, DOC_SOURCE=str(source), DOC_OUT=str(out), DOC_FAKE=str(fake), CHECK_RESULTS=str(results))
    run = run_editor(
        [vim, "-N", "-u", str(vimrc), "-i", "NONE", "-n", "-es", "-S", str(SCRIPTS / "documents.vim")],
        env=env, cwd=tmp_path, results=results,
    )
    seen = run.results
    assert seen["errors"] == []
    assert seen["commands"] is True
    imported = seen["imported"]
    assert imported["name"] == str(tmp_path / "circular.cicadraft") and imported["filetype"] == "cicadraft"
    text = "\n".join(imported["lines"])
    assert "1. Promote dialogue among civilizations;" in text and "(+RUS)" in text, text

    paragraphs = [p.text for p in docx.Document(out).paragraphs]
    assert any("Added in the editor [text] (+KAZ)" in p for p in paragraphs), paragraphs
    assert seen["buffers_after_bad"] == seen["buffers"]
    errors = [m for m in seen["messages"] if m.startswith("cicadraft:") and "fake.docx" in m]
    assert errors, seen["messages"]
