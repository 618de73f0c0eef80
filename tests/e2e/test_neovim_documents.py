""":CicadraftImport and :CicadraftExport in a real Neovim 0.11+
(editors/nvim/plugin/cicadraft_documents.lua): a Word document with a tracked change by
a mapped author comes in as a new draft buffer with the change as a proposal; the
buffer, edited and not saved, goes out as a Word document; a file that is not a Word
document is one message."""

from __future__ import annotations

from pathlib import Path

from harness import EDITORS, SCRIPTS, editor_env, require, run_editor  # noqa: F401
from test_neovim import lua_string


def build_docx(path: Path) -> None:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("1. Promote dialogue among civilizations;")
    paragraph = document.add_paragraph("2. Strengthen cooperation")
    ins = OxmlElement("w:ins")
    for key, value in (("w:id", "1"), ("w:author", "Ivan Petrov"), ("w:date", "2026-11-30T10:00:00Z")):
        ins.set(qn(key), value)
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.set(qn("xml:space"), "preserve")
    text.text = " in trade"
    run.append(text)
    ins.append(run)
    paragraph._p.append(ins)
    document.save(path)


def test_neovim_import_export(editor_env: dict[str, str], tmp_path: Path):
    import docx

    nvim = require("nvim", editor_env)
    source = tmp_path / "circular.docx"
    build_docx(source)
    out = tmp_path / "exported.docx"
    results = tmp_path / "results.json"
    (tmp_path / "results.json.fake.docx").write_bytes(b"plain text, not a zip")
    init = tmp_path / "init.lua"
    init.write_text(f"vim.opt.runtimepath:prepend({lua_string(str(EDITORS / 'nvim'))})\nvim.lsp.enable('cicadraft')\n", encoding="utf-8")
    run = run_editor(
        [nvim, "--clean", "--headless", "-u", str(init), "-l", str(SCRIPTS / "documents.lua"), str(source), str(out), str(results)],
        env=editor_env, cwd=tmp_path, results=results,
    )
    seen = run.results
    assert seen["errors"] == []
    assert seen["commands"] is True
    imported = seen["imported"]
    assert imported["name"] == str(tmp_path / "circular.cicadraft") and imported["filetype"] == "cicadraft"
    text = "\n".join(imported["lines"])
    assert "1. Promote dialogue among civilizations;" in text
    assert "(+RUS)" in text and "in trade]" in text, text

    paragraphs = [p.text for p in docx.Document(out).paragraphs]
    assert any("Added in the editor [text] (+KAZ)" in p for p in paragraphs), paragraphs
    assert any("Promote dialogue" in p for p in paragraphs)
    [bad] = [m for m in seen["messages"] if "fake.docx" in m["message"]]
    assert bad["message"].startswith("cicadraft: ") and "\n" not in bad["message"]
