"""Code lenses above open paragraphs, and the ``cicadraft.decide`` command they run, over
LSP: under VS Code (UTF-16) and Neovim 0.11 (UTF-8), on the reference draft and on lines
with characters outside the BMP; the setting ``cicadraft.codeLens.enable`` turns them
off."""

from __future__ import annotations

import asyncio

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from cicadraft.analysis import resolve as engine
from cicadraft.registry import default_registry
from cicadraft.syntax import parse
from conftest import SERVER, TIMEOUT, accept_registrations, encoding_of, open_draft, span_of, uri_for
from test_status_request import plain

REGISTRY = default_registry()


async def lenses(client: LanguageClient, uri: str) -> list[types.CodeLens]:
    found = await asyncio.wait_for(
        client.text_document_code_lens_async(types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))),
        TIMEOUT,
    )
    return list(found or [])


def by_line(found: list[types.CodeLens]) -> dict[int, list[str]]:
    lines: dict[int, list[str]] = {}
    for lens in found:
        lines.setdefault(lens.range.start.line, []).append(lens.command.title)
    return lines


async def decide(client: LanguageClient, argument: dict):
    return plain(
        await asyncio.wait_for(
            client.workspace_execute_command_async(types.ExecuteCommandParams(command="cicadraft.decide", arguments=[argument])),
            TIMEOUT,
        )
    )


def argument_of(found: list[types.CodeLens], line: int, title: str) -> dict:
    [lens] = [lens for lens in found if lens.range.start.line == line and lens.command.title == title]
    assert lens.command.command == "cicadraft.decide"
    return plain(lens.command.arguments[0])


class Editor:
    """What the client side does with the server's requests: picks a decision by its
    title, and applies the edit to its copy of the text."""

    def __init__(self, client: LanguageClient, text: str, pick: str | None):
        self.text = text
        self.asked: list[types.ShowMessageRequestParams] = []
        self.pick = pick

        @client.feature(types.WINDOW_SHOW_MESSAGE_REQUEST)
        def show_message_request(params: types.ShowMessageRequestParams):
            self.asked.append(params)
            for action in params.actions or ():
                if self.pick is not None and action.title.startswith(self.pick):
                    return action
            return None

        @client.feature(types.WORKSPACE_APPLY_EDIT)
        def apply_edit(params: types.ApplyWorkspaceEditParams):
            edit = params.edit
            if edit.document_changes:
                edits = [e for change in edit.document_changes for e in change.edits]
            else:
                edits = [e for changes in edit.changes.values() for e in changes]
            spans = [(span_of(client, self.text, e.range), e.new_text) for e in edits]
            for (start, end), new in sorted(spans, reverse=True):
                self.text = self.text[:start] + new + self.text[end:]
            return types.ApplyWorkspaceEditResult(applied=True)


async def test_lenses_on_the_reference_draft(client: LanguageClient, tmp_path, example_text):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, example_text)
    lines = by_line(await lenses(client, uri))
    line_of = {needle: example_text[: example_text.index(needle)].count("\n") for needle in (
        "1.10 A Member State", "- *Underlining*", "[11. Promote", "[11altern.", "13. Support", "[15. Encourage")}
    assert lines[line_of["[11. Promote"]] == ["IRAN -, AZER +", "Accept…", "Reject…"]
    assert lines[line_of["[11altern."]] == ["TUR +, IRAN +, AZER tcb", "Accept…", "Reject…"]  # in the order of the tags
    assert lines[line_of["1.10 A Member State"]] == ["IND -", "Accept…", "Reject…"]
    assert lines[line_of["13. Support"]][0] == "CHN tcb"
    assert lines[line_of["- *Underlining*"]][0] == "IRAN +/-, CHN +/-, IND +/-"
    assert lines[line_of["[15. Encourage"]] == ["IRAN +, SEC tcb", "Accept…", "Reject…"]
    assert len(lines) == 6  # the open paragraphs, and nothing above agreed text


async def test_a_lens_applies_the_code_action_edit(client: LanguageClient, tmp_path, example_text):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, example_text)
    line = example_text[: example_text.index("[11altern.")].count("\n")
    argument = argument_of(await lenses(client, uri), line, "Accept…")
    listed = await decide(client, {**argument, "list": True})
    assert "Accept TUR's proposal: keep “tolerance and”" in listed["choices"]
    editor = Editor(client, example_text, pick="Accept TUR's proposal: keep “tolerance and”")
    result = await decide(client, argument)
    assert result == {"applied": "Accept TUR's proposal: keep “tolerance and”"}
    [asked] = editor.asked
    assert asked.message.startswith("Accept in “[11altern. Promote")
    assert [a.title for a in asked.actions] == listed["choices"]
    draft = parse(example_text)
    number = next(b.index for b in draft.brackets if example_text[b.open :].startswith("[tolerance and]"))
    assert editor.text == engine.apply_edits(example_text, engine.accept(draft, number, "TUR", REGISTRY).edits)


async def test_cancelled_stale_and_bad_requests_change_nothing(client: LanguageClient, tmp_path, example_text):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, example_text)
    line = example_text[: example_text.index("[15. Encourage")].count("\n")
    argument = argument_of(await lenses(client, uri), line, "Reject…")
    editor = Editor(client, example_text, pick=None)  # the user closes the question
    assert await decide(client, argument) == {"applied": None}
    assert editor.text == example_text and len(editor.asked) == 1
    stale = await decide(client, {**argument, "version": 99, "choice": 0})
    assert "changed" in stale["error"]
    assert "choice must be" in (await decide(client, {**argument, "choice": 7}))["error"]
    assert "verb" in (await decide(client, {**argument, "verb": "maybe"}))["error"]
    assert editor.text == example_text


NON_BMP = (
    "1. 𝐓𝐞𝐱𝐭 agreed.\n"
    "2. 🇰🇿 Promote [𝒗𝒐𝒍𝒖𝒏𝒕𝒆𝒆𝒓𝒊𝒔𝒎] (+IRAN) and [dialogue] (AZER tcb) here.\r\n"
    "3. Δ [NOTE: 😀 check] only a note.\r"
    "4. 𝔄 [untagged] text.\n"
)


async def test_utf16_positions_and_edits_next_to_non_bmp_characters(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, NON_BMP)
    found = await lenses(client, uri)
    assert by_line(found) == {
        1: ["IRAN +, AZER tcb", "Accept…", "Reject…"],
        3: ["1 bracket(s), no delegation named", "Accept…", "Reject…"],
    }
    assert all(lens.range.start.character == 0 and lens.range.end == lens.range.start for lens in found)
    argument = argument_of(found, 1, "Reject…")
    # The paragraph's range runs to the end of its line, counted in the client's units
    # (the flag is two code points, four UTF-16 units, eight UTF-8 bytes).
    line_two = NON_BMP.split("\n")[1].removesuffix("\r")
    units = {"utf-16": len(line_two.encode("utf-16-le")) // 2, "utf-8": len(line_two.encode("utf-8"))}[encoding_of(client)]
    assert units >= len(line_two) + 14  # 14 characters outside the BMP
    assert argument["range"] == {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": units}}
    editor = Editor(client, NON_BMP, pick="Reject IRAN's proposal")
    assert (await decide(client, argument))["applied"].startswith("Reject IRAN's proposal: drop “𝒗𝒐𝒍𝒖𝒏𝒕𝒆𝒆𝒓𝒊𝒔𝒎”")
    assert editor.text == NON_BMP.replace(" [𝒗𝒐𝒍𝒖𝒏𝒕𝒆𝒆𝒓𝒊𝒔𝒎] (+IRAN)", "")
    # The bracket behind the flag and the bold letters is dropped, not its neighbours.
    assert "Promote and [dialogue]" in editor.text


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def lenses_off(lsp_client: LanguageClient):
    accept_registrations(lsp_client)
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            initialization_options={"cicadraft": {"codeLens": {"enable": False}}},
            locale="en",
        )
    )
    yield
    await lsp_client.shutdown_session()


async def test_the_setting_turns_them_off(lenses_off: LanguageClient, tmp_path, example_text):
    uri = uri_for(tmp_path)
    lenses_off.profile = "visual-studio-code"  # for open_draft: diagnostics are pushed
    await open_draft(lenses_off, uri, example_text)
    assert await lenses(lenses_off, uri) == []


async def test_turning_the_setting_off_asks_the_editor_to_refresh(client: LanguageClient, tmp_path, example_text):
    refreshed = asyncio.Event()

    @client.feature(types.WORKSPACE_CODE_LENS_REFRESH)
    def refresh(params) -> None:
        refreshed.set()

    uri = uri_for(tmp_path)
    await open_draft(client, uri, example_text)
    assert await lenses(client, uri)
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"cicadraft": {"codeLens": {"enable": False}}})
    )
    caps = client_capabilities(client.profile)
    if caps.workspace.code_lens and caps.workspace.code_lens.refresh_support:
        await asyncio.wait_for(refreshed.wait(), TIMEOUT)
    assert await lenses(client, uri) == []


async def test_russian_titles(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, NON_BMP)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"cicadraft": {"locale": "ru"}}))
    for _ in range(50):  # the configuration handler is a coroutine: a request may come first
        found = by_line(await lenses(client, uri))
        if found[1][1] != "Accept…":
            break
    assert found == {
        1: ["IRAN +, AZER tcb", "Принять…", "Отклонить…"],
        3: ["скобок: 1, без указания делегации", "Принять…", "Отклонить…"],
    }
