"""Hover cards over LSP, under both client profiles (UTF-16 VS Code, UTF-8 Neovim)."""

from __future__ import annotations

import asyncio

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from conftest import SERVER, TIMEOUT, accept_registrations, open_draft, position, span_of, uri_for


async def hover_at(client: LanguageClient, uri: str, text: str, offset: int) -> types.Hover | None:
    return await asyncio.wait_for(
        client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position(client, text, offset))
        ),
        TIMEOUT,
    )


async def card(client: LanguageClient, uri: str, text: str, needle: str, delta: int = 0, expect: str | None = None) -> str:
    """The hover text at ``needle`` (+ ``delta``), checking its range covers ``expect``."""
    offset = text.index(needle) + delta
    result = await hover_at(client, uri, text, offset)
    assert result is not None, needle
    assert isinstance(result.contents, types.MarkupContent)
    assert result.contents.kind == types.MarkupKind.Markdown
    if expect is not None:
        start, end = span_of(client, text, result.range)
        assert text[start:end] == expect
        assert start <= offset < end
    return result.contents.value


# -- delegations -----------------------------------------------------------------------------


async def test_a_tag_code(client: LanguageClient, tmp_path, example_text):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, example_text)
    value = await card(client, uri, example_text, "(+IRAN) [[cultural", 2, expect="IRAN")
    assert "**IRAN · Iran**" in value
    assert "CICA Member State since 1999" in value
    assert "Codes: IRN, IRAN" in value
    assert "coordinator of “Combating illicit drugs”" in value
    assert "coordinator of “Natural disaster management”" in value
    assert "In this draft: 3 × + (proposes), 2 × - (deletes), 0 × tcb (reserves)" in value


async def test_a_bare_code_in_prose_counts_aliases_together(client: LanguageClient, tmp_path):
    text = "The delegation of IRN spoke.\n\n1. Text [a] (+IRAN) [b] (-IRN) [c] (IRAN tcb) [d] (+IRN).\n"
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    value = await card(client, uri, text, "IRN spoke", 1, expect="IRN")
    assert "Iran" in value
    assert "In this draft: 2 × + (proposes), 1 × - (deletes), 1 × tcb (reserves)" in value


async def test_a_tcb_tag_and_an_observer(client: LanguageClient, tmp_path):
    text = "[a] (AZER tcb) [b] (+SAU)"
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    value = await card(client, uri, text, "tcb", 1, expect="AZER tcb")
    assert "AZER · Azerbaijan" in value
    value = await card(client, uri, text, "SAU", expect="SAU")
    assert "Observer since" in value


async def test_an_unknown_code_suggests_a_known_one(client: LanguageClient, tmp_path):
    text = "[a] (+INDD)"
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    value = await card(client, uri, text, "INDD", 2, expect="INDD")
    assert "Unknown delegation code" in value
    assert "IND (India)" in value


@pytest.mark.parametrize(
    "needle, expect, code",
    [
        ("Russian Federation as coordinator", "Russian Federation", "RUS"),
        ("China as co-coordinator", "China", "CHN"),
        ("Iraq to assume", "Iraq", "IRQ"),
        ("Israel submitted", "Israel", "ISR"),
    ],
)
async def test_a_member_state_named_in_prose(client: LanguageClient, tmp_path, example_text, needle, expect, code):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, example_text)
    value = await card(client, uri, example_text, needle, 2, expect=expect)
    assert f"**{code} · " in value
    assert "In this draft:" in value


async def test_names_ignore_case_and_quote_style(client: LanguageClient, tmp_path):
    text = "Offers of «IRAQ» and \"iraq\" and Россия.\n"
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    for needle, expect in (("IRAQ»", "«IRAQ»"), ("iraq\"", "\"iraq\""), ("Россия", "Россия")):
        value = await card(client, uri, text, needle, 1, expect=expect)
        assert "IRQ" in value or "RUS" in value


async def test_russias_roles_with_tenure(client: LanguageClient, tmp_path, example_text):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, example_text)
    value = await card(client, uri, example_text, "Russian Federation as", 0)
    assert (
        "coordinator of “Security of and in the use of information and communication technologies (ICTs)” (2024-2025)"
        in value
    )


# -- priority areas --------------------------------------------------------------------------


async def test_priority_areas_named_in_the_text(client: LanguageClient, tmp_path, example_text):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, example_text)
    ict = "“Security of and in the use of information and communication technologies (ICTs)”"
    value = await card(client, uri, example_text, ict, 10, expect=ict)
    assert "Dimension: New Challenges and Threats Dimension" in value
    assert "Coordinator: Russian Federation (RUS), 2024-2025" in value
    assert "Co-coordinators: China (CHN), 2024-2025" in value
    assert "Data as of 2025-04-30" in value

    value = await card(client, uri, example_text, "“Combating Terrorism”", 0, expect="“Combating Terrorism”")
    assert "**Combating terrorism**" in value
    assert "Coordinator: India (IND)" in value
    value = await card(client, uri, example_text, "“Sustainable Development”", 5, expect="“Sustainable Development”")
    assert "Environmental Dimension" in value
    assert "Coordinator: Thailand (THA)" in value


async def test_an_area_without_quotes_and_in_another_case(client: LanguageClient, tmp_path):
    text = "Work on COMBATING TERRORISM continues.\n"
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    value = await card(client, uri, text, "TERRORISM", 0, expect="COMBATING TERRORISM")
    assert "Coordinator: India (IND)" in value


# -- brackets --------------------------------------------------------------------------------


async def test_a_bracket_previews_accept_and_reject(client: LanguageClient, tmp_path, example_text):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, example_text)
    for needle, delta in (("[, which", 0), ("years]. (-IND)", 5)):
        value = await card(client, uri, example_text, needle, delta, expect=example_text[example_text.index(needle) + delta])
        assert "IND (India) proposes to delete it (-IND)" in value
        assert "If accepted: …the proposed tenure." in value
        assert "If rejected: …the proposed tenure, which should be" in value


async def test_a_bracket_with_a_proposal_and_a_reservation(client: LanguageClient, tmp_path, example_text):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, example_text)
    value = await card(client, uri, example_text, "[11altern.", 0, expect="[")
    assert "IRAN (Iran) proposes this text (+IRAN)" in value
    assert "AZER (Azerbaijan) reserves its position (AZER tcb)" in value
    assert "If kept: 11altern. Promote" in value
    assert "If dropped: the passage is removed" in value


async def test_a_nested_bracket_and_an_untagged_one(client: LanguageClient, tmp_path):
    text = "respect for [intercultural exchanges] (+IRAN) [[cultural [and religious] (-CHN)] (+IND) diversity] (-IND) end\n"
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    value = await card(client, uri, text, "[and religious]", 0, expect="[")
    assert "CHN (China) proposes to delete it (-CHN)" in value
    assert "If accepted:" in value and "[cultural\\] (+IND)" in value  # Markdown escapes the brackets
    text2 = "Text [alpha beta] more.\n"
    uri2 = uri_for(tmp_path, "untagged.cicadraft")
    await open_draft(client, uri2, text2)
    value = await card(client, uri2, text2, "beta]", 4, expect="]")
    assert "Bracketed text (no delegation named)" in value
    assert "If accepted: Text alpha beta more." in value
    assert "If rejected: Text more." in value


async def test_unbalanced_and_stray_brackets(client: LanguageClient, tmp_path):
    text = "[a] (+IND) and ] stray and [open\n"
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    value = await card(client, uri, text, "[a]", 0, expect="[")
    assert "not balanced" in value
    value = await card(client, uri, text, "] stray", 0, expect="]")
    assert "closes no bracket" in value
    value = await card(client, uri, text, "[open", 0, expect="[")
    assert "Unclosed bracket" in value


# -- abbreviations ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "needle, delta, expect, meaning",
    [
        ("(SOC)", 1, "SOC", "Senior Officials Committee"),
        ("(SWG) meeting", 1, "SWG", "Special Working Group"),
        ("(MC) decision", 1, "MC", "Ministerial Council"),
        ("(CBMs) proposed", 1, "CBMs", "Confidence building measure"),
        ("(RMT) as", 1, "RMT", "Road Map for CICA Transformation"),
        ("(CICA) presents", 1, "CICA", "Conference on Interaction and Confidence Building Measures in Asia"),
    ],
)
async def test_abbreviations(client: LanguageClient, tmp_path, example_text, needle, delta, expect, meaning):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, example_text)
    value = await card(client, uri, example_text, needle, delta, expect=expect)
    assert meaning in value


# -- positions -------------------------------------------------------------------------------


async def test_positions_after_astral_characters_crlf_and_odd_separators(client: LanguageClient, tmp_path):
    text = "𝄞 emoji 😀 line\r\n\f form feed \v vtab \u2028 sep 😀 Iraq [x] (+IND) and SOC\r\nnext 𝄞 China"
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    value = await card(client, uri, text, "Iraq", 2, expect="Iraq")
    assert "IRQ" in value
    value = await card(client, uri, text, "IND", 1, expect="IND")
    assert "India" in value
    value = await card(client, uri, text, "[x]", 0, expect="[")
    assert "IND (India) proposes this text" in value
    value = await card(client, uri, text, "SOC", 2, expect="SOC")
    assert "Senior Officials Committee" in value
    value = await card(client, uri, text, "China", 4, expect="China")
    assert "CHN" in value


async def test_nothing_under_the_cursor_is_null(client: LanguageClient, tmp_path):
    text = "Ordinary words here [x] (+IND).\n"
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    assert await hover_at(client, uri, text, text.index("words")) is None
    assert await hover_at(client, uri, text, text.index(" here")) is None
    assert await hover_at(client, uri, text, text.index("(+IND)")) is None  # the parenthesis
    assert await hover_at(client, uri, text, len(text)) is None


async def test_unknown_document_and_positions_past_the_end(client: LanguageClient, tmp_path):
    text = "Iraq\n"
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    other = uri_for(tmp_path, "not-open.cicadraft")
    result = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=other), position=types.Position(0, 0))
    )
    assert result is None
    for pos in (types.Position(0, 40), types.Position(7, 0), types.Position(1, 3)):
        result = await client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos)
        )
        assert result is None


# -- Russian -----------------------------------------------------------------------------------


async def test_russian_cards_after_a_configuration_change(client: LanguageClient, tmp_path, example_text):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, example_text)
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"cicadraft": {"locale": "ru"}})
    )
    value = await card(client, uri, example_text, "(+IRAN) [[cultural", 2, expect="IRAN")
    for _ in range(50):  # the notification and the request race: wait for the change
        if "Иран" in value:
            break
        await asyncio.sleep(0.05)
        value = await card(client, uri, example_text, "(+IRAN) [[cultural", 2, expect="IRAN")
    assert "**IRAN · Иран**" in value
    assert "Государство — член СВМДА с 1999" in value
    assert "В этом проекте: 3 × + (предлагает)" in value
    value = await card(client, uri, example_text, "[, which", 0)
    assert "IND (Индия) предлагает его исключить (-IND)" in value
    assert "Если принять: …the proposed tenure." in value
    value = await card(client, uri, example_text, "“Combating Terrorism”", 3)
    assert "**Борьба с терроризмом**" in value
    assert "Координатор: Индия (IND)" in value
    value = await card(client, uri, example_text, "(SOC)", 1)
    assert "Комитет старших должностных лиц" in value


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def russian_plain_client(lsp_client: LanguageClient):
    """VS Code's capabilities, but hover in plain text only, and Russian from the
    initialization options."""
    capabilities = client_capabilities("visual-studio-code")
    capabilities.text_document.hover.content_format = [types.MarkupKind.PlainText]
    accept_registrations(lsp_client)
    result = await lsp_client.initialize_session(
        types.InitializeParams(capabilities=capabilities, process_id=None, initialization_options={"locale": "ru"})
    )
    lsp_client.profile = "visual-studio-code"
    lsp_client.server_capabilities = result.capabilities
    yield
    await lsp_client.shutdown_session()


async def test_plain_text_and_russian_from_initialization_options(russian_plain_client: LanguageClient, tmp_path, example_text):
    client = russian_plain_client
    uri = uri_for(tmp_path)
    await open_draft(client, uri, example_text)
    offset = example_text.index("Iraq to assume") + 1
    result = await hover_at(client, uri, example_text, offset)
    assert result.contents.kind == types.MarkupKind.PlainText
    value = result.contents.value
    assert "**" not in value
    assert value.startswith("IRQ · Ирак")
    assert "Государство — член СВМДА" in value
    offset = example_text.index("[and religious]")
    value = (await hover_at(client, uri, example_text, offset)).contents.value
    assert "\\[" not in value  # nothing escaped in plain text
    assert "CHN (Китай) предлагает его исключить (-CHN)" in value
