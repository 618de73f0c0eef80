"""The ``cicadraft/positions`` request and the ``cicadraft.positions`` command over LSP,
under VS Code (UTF-16) and Neovim 0.11 (UTF-8): every range covers the bracket (and the
tag) it names, the counts agree with ``cicadraft/status``."""

from __future__ import annotations

import asyncio

from lsprotocol import types
from pytest_lsp import LanguageClient

from conftest import TIMEOUT, open_draft, position, span_of, uri_for
from test_status_request import plain, status


async def positions(client: LanguageClient, uri: str, delegation: str | None = None):
    params: dict = {"textDocument": {"uri": uri}}
    if delegation is not None:
        params["delegation"] = delegation
    return plain(await asyncio.wait_for(client.protocol.send_request_async("cicadraft/positions", params), TIMEOUT))


async def command(client: LanguageClient, *arguments):
    return plain(
        await asyncio.wait_for(
            client.workspace_execute_command_async(types.ExecuteCommandParams(command="cicadraft.positions", arguments=list(arguments))),
            TIMEOUT,
        )
    )


def covered(client: LanguageClient, text: str, range_: dict) -> str:
    start, end = span_of(client, text, types.Range(start=types.Position(**range_["start"]), end=types.Position(**range_["end"])))
    return text[start:end]


async def test_positions_of_the_reference_draft(client: LanguageClient, tmp_path, example_text):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, example_text)
    result = await positions(client, uri)
    assert result["uri"] == uri and result["version"] == 1
    delegations = {d["code"]: d for d in result["delegations"]}
    counts = (await plain_status(client, uri))["delegations"]
    assert {code: {k: d[k] for k in ("plus", "minus", "tcb")} for code, d in delegations.items()} == counts
    iran = delegations["IRAN"]
    assert iran["canonical"] == "IRN" and "Iran" in iran["name"]
    assert [(p["item"], p["sign"]) for p in iran["positions"]] == [
        ("Underlining", "+"), ("Underlining", "-"), ("11.", "-"), ("11altern.", "+"), ("15.", "+"),
    ]
    for delegation in result["delegations"]:
        for p in delegation["positions"]:
            bracket = covered(client, example_text, p["range"])
            assert bracket.startswith("[") and bracket.endswith("]"), bracket
            tag = covered(client, example_text, p["tagRange"])
            assert tag.lstrip("+-").split()[0].upper() in (delegation["code"], delegation["canonical"]), tag
            assert p["line"] == p["tagRange"]["start"]["line"]
    [azer_tcb] = [p for p in delegations["AZER"]["positions"] if p["sign"] == "tcb"]
    # The first words inside the bracket, without the label or the nested brackets.
    assert azer_tcb["item"] == "11altern." and azer_tcb["text"] == "Promote tolerance and volunteers’ participation in intercultural and…"
    assert covered(client, example_text, azer_tcb["tagRange"]) == "AZER tcb"


async def plain_status(client, uri):
    return plain(await status(client, uri))


async def test_one_delegation_by_any_spelling(client: LanguageClient, tmp_path, example_text):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, example_text)
    for spelling in ("IRAN", "IRN", "iran"):  # as the draft spells it, the registry code
        result = await positions(client, uri, spelling)
        assert [d["code"] for d in result["delegations"]] == ["IRAN"]
        assert len(result["delegations"][0]["positions"]) == 5
    assert (await positions(client, uri, "NOBODY"))["delegations"] == []
    assert await positions(client, uri_for(tmp_path, "never-opened.cicadraft")) is None


TEXT = "1. 🇰🇿 𝐓𝐞𝐱𝐭 [𝒗𝒐𝒍𝒖𝒏𝒕𝒆𝒆𝒓𝒊𝒔𝒎] (+IRAN) and\r\n2. Δ [dialogue] (AZER tcb) (-IRN)\n"


async def test_ranges_next_to_non_bmp_characters_and_after_edits(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, TEXT)
    result = await positions(client, uri)
    found = {(d["code"], p["sign"]): p for d in result["delegations"] for p in d["positions"]}
    assert covered(client, TEXT, found[("IRAN", "+")]["range"]) == "[𝒗𝒐𝒍𝒖𝒏𝒕𝒆𝒆𝒓𝒊𝒔𝒎]"
    assert covered(client, TEXT, found[("IRAN", "-")]["range"]) == "[dialogue]"
    assert covered(client, TEXT, found[("AZER", "tcb")]["tagRange"]) == "AZER tcb"
    assert found[("IRAN", "-")]["line"] == 1
    # (+IRAN) and (-IRN) are one delegation, named as first written, found by either code.
    for code in ("IRN", "IRAN"):
        [iran] = (await positions(client, uri, code))["delegations"]
        assert (iran["code"], iran["plus"], iran["minus"]) == ("IRAN", 1, 1)
    # An edit before the brackets moves them: the answer follows the document.
    start = position(client, TEXT, 0)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start, start), text="😀\n")],
        )
    )
    edited = "😀\n" + TEXT
    result = await positions(client, uri, "AZER")
    assert result["version"] == 2
    [azer] = result["delegations"][0]["positions"]
    assert covered(client, edited, azer["range"]) == "[dialogue]" and azer["line"] == 2


async def test_the_command_answers_locations(client: LanguageClient, tmp_path, example_text):
    provider = client.server_capabilities.execute_command_provider
    assert provider is not None and "cicadraft.positions" in provider.commands
    uri = uri_for(tmp_path)
    await open_draft(client, uri, example_text)
    every = await command(client, uri)
    assert len(every) == sum(len(d["positions"]) for d in (await positions(client, uri))["delegations"])
    assert all(location["uri"] == uri for location in every)
    iran = await command(client, uri, "IRAN")
    assert [covered(client, example_text, loc["range"])[:16] for loc in iran] == [
        "[intercivilizati", "[[cultural [and ", "[11. Promote vol", "[11altern. Promo", "[15. Encourage t",
    ]
    # In the order of the tags, as the request lists them.
    listed = sorted((p for d in (await positions(client, uri))["delegations"] for p in d["positions"]),
                    key=lambda p: (p["tagRange"]["start"]["line"], p["tagRange"]["start"]["character"]))
    assert [loc["range"] for loc in every] == [p["range"] for p in listed]
    assert await command(client, uri, "NOBODY") == []
    assert "not open" in (await command(client, uri_for(tmp_path, "never-opened.cicadraft")))["error"]
    assert "takes a document URI" in (await command(client))["error"]
    assert "takes a document URI" in (await command(client, uri, "IRAN", "extra"))["error"]
