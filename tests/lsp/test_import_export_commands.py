"""The ``cicadraft.import`` and ``cicadraft.export`` commands over LSP: a Word document in
as draft text (its tracked changes as proposals, authors mapped by the options and by
cicadraft.toml), the draft as the editor has it out as a Word document; bad input as one
line in ``error``, and the server still answering afterwards."""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from conftest import TIMEOUT, open_draft, uri_for
from test_status_request import plain


async def run(client: LanguageClient, command: str, *arguments):
    return plain(
        await asyncio.wait_for(
            client.workspace_execute_command_async(types.ExecuteCommandParams(command=command, arguments=list(arguments))),
            TIMEOUT,
        )
    )


def word_document(path: Path, paragraphs: list[str], insertion: tuple[str, str] | None = None) -> Path:
    """A .docx by python-docx; ``insertion`` = (author, text) adds a tracked insertion to
    the last paragraph, as Word writes it (w:ins around a run)."""
    import docx
    from docx.oxml.ns import qn
    from docx.oxml import OxmlElement

    document = docx.Document()
    for text in paragraphs:
        paragraph = document.add_paragraph(text)
    if insertion:
        author, text = insertion
        ins = OxmlElement("w:ins")
        ins.set(qn("w:id"), "1")
        ins.set(qn("w:author"), author)
        ins.set(qn("w:date"), "2026-11-30T10:00:00Z")
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        run.append(t)
        ins.append(run)
        paragraph._p.append(ins)
    document.save(path)
    return path


def paragraphs_of(path: Path) -> list[str]:
    import docx

    return [p.text for p in docx.Document(path).paragraphs if p.text.strip()]


async def test_the_commands_are_advertised(client: LanguageClient):
    provider = client.server_capabilities.execute_command_provider
    assert provider is not None and {"cicadraft.import", "cicadraft.export"} <= set(provider.commands)


async def test_import_a_word_document_by_uri_and_by_path(client: LanguageClient, tmp_path):
    source = word_document(tmp_path / "circular.docx", ["1. Promote [tolerance] (+IND) and dialogue;"])
    for argument in (source.as_uri(), str(source)):
        result = await run(client, "cicadraft.import", argument)
        assert "error" not in result, result
        assert result["name"] == "circular.cicadraft"
        assert "1. Promote [tolerance] (+IND) and dialogue;" in result["text"]


async def test_import_maps_authors_from_the_options_and_from_cicadraft_toml(client: LanguageClient, tmp_path):
    source = word_document(tmp_path / "amended.docx", ["2. Strengthen cooperation"], insertion=("Ivan Petrov", " in trade"))
    unmapped = await run(client, "cicadraft.import", source.as_uri())
    assert "Ivan Petrov" in unmapped["error"] and "\n" not in unmapped["error"]

    mapped = await run(client, "cicadraft.import", source.as_uri(), {"authors": {"Ivan Petrov": "RUS"}})
    assert "[ in trade] (+RUS)" in mapped["text"] or "[in trade] (+RUS)" in mapped["text"], mapped

    (tmp_path / "cicadraft.toml").write_text('[import.authors]\n"Ivan Petrov" = "KAZ"\n', encoding="utf-8")
    configured = await run(client, "cicadraft.import", source.as_uri())
    assert "(+KAZ)" in configured.get("text", ""), configured


async def test_export_writes_the_text_the_editor_has(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path, "draft.cicadraft")
    (tmp_path / "draft.cicadraft").write_text("1. Saved text.\n", encoding="utf-8")
    await open_draft(client, uri, "1. Unsaved [text] (+IND).\n")
    out = tmp_path / "draft.docx"
    result = await run(client, "cicadraft.export", uri, out.as_uri())
    assert result == {"path": str(out), "notes": result["notes"]}
    assert any("Unsaved [text] (+IND)" in p for p in paragraphs_of(out))

    clean = tmp_path / "clean.docx"
    result = await run(client, "cicadraft.export", uri, str(clean), {"clean": True})
    assert "error" not in result, result
    assert any(p.startswith("1.") and "Unsaved text" in p and "[" not in p for p in paragraphs_of(clean))


async def test_bad_input_is_one_line_and_the_server_goes_on(client: LanguageClient, tmp_path, example_text):
    not_a_zip = tmp_path / "fake.docx"
    not_a_zip.write_bytes(b"this is not a Word document")
    uri = uri_for(tmp_path)
    await open_draft(client, uri, example_text)
    answers = [
        await run(client, "cicadraft.import"),
        await run(client, "cicadraft.import", str(tmp_path / "missing.docx")),
        await run(client, "cicadraft.import", not_a_zip.as_uri()),
        await run(client, "cicadraft.import", "https://example.org/circular.docx"),
        await run(client, "cicadraft.import", str(not_a_zip), {"authors": ["not", "a", "map"]}),
        await run(client, "cicadraft.export", uri),
        await run(client, "cicadraft.export", uri, str(tmp_path / "out.txt")),
        await run(client, "cicadraft.export", uri, str(tmp_path / "out.docx"), {"clean": True, "trackChanges": True}),
        await run(client, "cicadraft.export", uri, str(tmp_path / "no-such-folder" / "out.docx")),
    ]
    for answer in answers:
        assert set(answer) == {"error"}, answer
        assert answer["error"] and "\n" not in answer["error"] and "Traceback" not in answer["error"]
    assert not (tmp_path / "out.txt").exists() and not (tmp_path / "out.docx").exists()
    # Still answering.
    result = await run(client, "cicadraft.export", uri, str(tmp_path / "after.docx"))
    assert result["path"].endswith("after.docx")
