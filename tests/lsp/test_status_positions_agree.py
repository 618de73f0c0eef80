"""The positions of analysis/positions.py (what ``cicadraft status`` reports) agree with
what the running server says: the ``cicadraft/status`` request and the hover card of
each delegation, on the reference draft and a hand-written one, under both profiles."""

from __future__ import annotations

import asyncio
import re

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from conftest import TIMEOUT, open_draft, position, uri_for
from test_status_request import plain

from cicadraft.analysis.positions import collect, tally
from cicadraft.registry import default_registry
from cicadraft.syntax import parse

HAND = "1. [a] (+IRAN) and [b] (-IRN, CHN tcb).\n2. Floating (+IRAN) here [c] (- CHN).\n\n- *Recalling* [d] (AZER tcb)\n"
_COUNTS = re.compile(r"(\d+) × \+ .*?(\d+) × - .*?(\d+) × tcb")


async def _hover_counts(client: LanguageClient, uri: str, text: str, offset: int) -> tuple[int, ...]:
    result = await asyncio.wait_for(
        client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position(client, text, offset))
        ),
        TIMEOUT,
    )
    found = _COUNTS.search(result.contents.value)
    assert found, result.contents.value
    return tuple(int(n) for n in found.groups())


@pytest.mark.parametrize("which", ["reference", "hand"])
async def test_positions_agree_with_the_server(client: LanguageClient, tmp_path, example_text, which):
    text = example_text if which == "reference" else HAND
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    answer = plain(await asyncio.wait_for(
        client.protocol.send_request_async("cicadraft/status", {"textDocument": {"uri": uri}}), TIMEOUT
    ))
    found = collect(parse(text), default_registry())
    counts = tally(found.positions)
    assert counts == answer["delegations"] and counts
    for code, entry in counts.items():
        first = next(p for p in found.positions if p.code == code)
        offset = first.tag_start + (1 if text[first.tag_start] in "+-" else 0)
        while text[offset] == " ":  # "(- CHN)": the code after the space
            offset += 1
        assert await _hover_counts(client, uri, text, offset) == (entry["plus"], entry["minus"], entry["tcb"]), code
