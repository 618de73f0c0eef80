"""Folding ranges over LSP, as VS Code and as Neovim."""

from __future__ import annotations

import asyncio

from lsprotocol import types
from pytest_lsp import LanguageClient

from conftest import TIMEOUT, open_draft, uri_for


async def folding(client: LanguageClient, uri: str) -> list[types.FoldingRange]:
    result = await asyncio.wait_for(
        client.text_document_folding_range_async(
            types.FoldingRangeParams(text_document=types.TextDocumentIdentifier(uri=uri))
        ),
        TIMEOUT,
    )
    return list(result or [])


async def test_example_sections_items_and_brackets_fold_by_line(client: LanguageClient, tmp_path, example_text):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, example_text)
    ranges = await folding(client, uri)
    lines = [(r.start_line, r.end_line) for r in ranges]
    assert len(lines) == len(set(lines)), "no two ranges on the same lines"
    assert all(r.end_line > r.start_line for r in ranges)
    assert all(r.start_character is None and r.end_character is None for r in ranges)
    assert all(r.kind == types.FoldingRangeKind.Region for r in ranges)
    # Chapter 1 and its two captions; the last title's section runs to the last line.
    for section in [(171, 199), (173, 189), (191, 199), (255, 300)]:
        assert section in lines
    chapter = next(r for r in ranges if (r.start_line, r.end_line) == (171, 199))
    if client.profile.startswith("neovim"):  # Neovim 0.11 shows collapsedText
        assert chapter.collapsed_text == "Chapter 1. Terms of Reference of Coordinators and Co-coordinators"
    else:
        assert chapter.collapsed_text is None


async def test_only_lsp_line_breaks_count_for_folding(client: LanguageClient, tmp_path):
    # Form feed, vertical tab, U+2028 and astral characters stay inside their line.
    text = "1. 😀 a\f[b\u2028c\vd]\r\ne (+IRAN)\r2. 𝄞 x\r\n\r\n3. [one\ntwo] (-CHN)\n"
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    ranges = await folding(client, uri)
    assert [(r.start_line, r.end_line) for r in ranges] == [(0, 2), (0, 1), (4, 5)]


async def test_unknown_document_gets_no_ranges(client: LanguageClient, tmp_path):
    assert await folding(client, uri_for(tmp_path, "never-opened.cicadraft")) == []


def test_folds_written_as_json_are_what_lsprotocol_objects_give():
    import json
    from pathlib import Path

    from cicadraft.analysis.structure import folding_regions
    from cicadraft.lsp.folding import folding_json
    from cicadraft.lsp.server import create_server
    from cicadraft.syntax import LineIndex, parse

    converter = create_server().protocol._converter
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path("/work/shared/examples").rglob("*.txt"))]
    texts += [(Path(__file__).parents[2] / "examples" / "SWG-739-2023.cicadraft").read_text(encoding="utf-8")]
    for text in texts:
        regions = folding_regions(parse(text), LineIndex(text))
        for collapsed in (True, False):
            objects = [
                types.FoldingRange(start_line=r.start_line, end_line=r.end_line, kind=types.FoldingRangeKind.Region,
                                   collapsed_text=r.collapsed_text if collapsed else None)
                for r in regions
            ]
            assert json.loads(json.dumps(folding_json(regions, collapsed))) == converter.unstructure(objects)
