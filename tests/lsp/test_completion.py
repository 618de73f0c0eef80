"""Completion of delegation codes and ``tcb`` inside tag groups, as VS Code and as
Neovim; nothing in prose."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from cicadraft.lsp.completion import TagContext, completion_items, tag_context
from cicadraft.registry import default_registry
from cicadraft.syntax import Span
from conftest import TIMEOUT, open_draft, position, span_of, uri_for
from markers import unmark


def text_in(client: LanguageClient, text: str, range_: types.Range) -> str:
    start, end = span_of(client, text, range_)
    return text[start:end]


async def complete(client: LanguageClient, uri: str, at: types.Position) -> list[types.CompletionItem]:
    result = await asyncio.wait_for(
        client.text_document_completion_async(
            types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=at)
        ),
        TIMEOUT,
    )
    if result is None:
        return []
    return list(result.items if isinstance(result, types.CompletionList) else result)


async def complete_marked(client: LanguageClient, tmp_path, source: str):
    marked = unmark(source)
    uri = uri_for(tmp_path)
    await open_draft(client, uri, marked.text)
    return marked, await complete(client, uri, position(client, marked.text, marked.cursor))


# -- the context, from the line before the cursor ------------------------------------------


@pytest.mark.parametrize(
    "line,what,signed,typed",
    [
        ("(", "code", False, ""),
        ("(+", "code", True, ""),
        ("(-", "code", True, ""),
        ("(\u2212", "code", True, ""),
        ("(+IR", "code", True, "IR"),
        ("(+ir", "code", True, "ir"),
        ("(+ IR", "code", True, "IR"),
        ("(SE", "code", False, "SE"),
        ("(+IND, ", "code", False, ""),
        ("(+IND,+", "code", True, ""),
        ("(+IND, -C", "code", True, "C"),
        ("(+IND; +P", "code", True, "P"),
        ("(AZER tcb, +I", "code", True, "I"),
        ("text [x] (+IND) [y] (-", "code", True, ""),
        ("(AZER ", "tcb", False, ""),
        ("(AZER t", "tcb", False, "t"),
        ("(+IND, CHN tc", "tcb", False, "tc"),
    ],
)
def test_tag_contexts(line, what, signed, typed):
    context = tag_context(line, 0, len(line))
    assert context is not None
    assert (context.what, context.signed, line[context.typed.start : context.typed.end]) == (what, signed, typed)


@pytest.mark.parametrize(
    "line",
    ["plain prose", "(see", "(a", "(2023", "(SOC) and", "(+IND) ", "(+IND ", "(AZER x", "(AZER tcbx", "(+1", "(MC/2023"],
)
def test_prose_is_no_tag_context(line):
    assert tag_context(line, 0, len(line)) is None


def test_items_name_delegations_in_the_locale():
    context = TagContext("code", True, Span(0, 0), 0)
    items = {item.label: item for item in completion_items(default_registry(), context, "ru", lambda text: text)}
    assert items["IRN"].detail == "Иран"
    assert items["IRAN"].detail == "Иран"
    assert "IRN" in items["IRAN"].documentation
    assert items["LAS"].documentation == "Наблюдатель"


# -- over LSP ---------------------------------------------------------------------------------


async def test_codes_after_a_sign_with_astral_characters_and_odd_separators(client: LanguageClient, tmp_path):
    marked, items = await complete_marked(
        client, tmp_path, "# 😀 Title\r\n\r\n1. 𝄞 text\f\u2028\v [a] (+IND) [b] «(+IR$0»\r\n2. next\n"
    )
    labels = {item.label for item in items}
    registry = default_registry()
    assert labels == set(registry.all_codes())
    iran = next(item for item in items if item.label == "IRAN")
    assert iran.detail == "Iran"
    assert iran.kind == types.CompletionItemKind.EnumMember
    assert iran.filter_text == "IRAN"
    assert "IRN" in iran.documentation
    assert next(item for item in items if item.label == "IND").documentation == "CICA Member State"
    edit = iran.text_edit
    assert isinstance(edit, types.TextEdit)  # nothing after the cursor to replace
    assert edit.new_text == "IRAN"
    assert text_in(client, marked.text, edit.range) == "IR"
    # Member States sort before observers.
    by_sort = sorted(items, key=lambda item: item.sort_text)
    assert registry.lookup(by_sort[0].label).kind == "member"
    assert registry.lookup(by_sort[-1].label).kind != "member"


async def test_a_code_without_sign_is_a_reservation(client: LanguageClient, tmp_path):
    marked, items = await complete_marked(client, tmp_path, "1. Text [a] (+IND, $0\n")
    aze = next(item for item in items if item.label == "AZE")
    assert aze.text_edit.new_text == "AZE tcb"
    assert text_in(client, marked.text, aze.text_edit.range) == ""


async def test_tcb_after_a_code_and_a_space(client: LanguageClient, tmp_path):
    marked, items = await complete_marked(client, tmp_path, "1. Text [a] (AZER t$0\r\n")
    assert [item.label for item in items] == ["tcb"]
    assert items[0].kind == types.CompletionItemKind.Keyword
    assert text_in(client, marked.text, items[0].text_edit.range) == "t"


async def test_inside_an_existing_code_the_rest_of_the_word_can_be_replaced(client: LanguageClient, tmp_path):
    marked, items = await complete_marked(client, tmp_path, "1. 😀 [a] (+IR$0AN) more\n")
    edit = next(item for item in items if item.label == "IRN").text_edit
    if client.profile.startswith("neovim"):  # no insertReplaceSupport
        assert isinstance(edit, types.TextEdit)
        assert text_in(client, marked.text, edit.range) == "IR"
    else:
        assert isinstance(edit, types.InsertReplaceEdit)
        assert text_in(client, marked.text, edit.insert) == "IR"
        assert text_in(client, marked.text, edit.replace) == "IRAN"


PROSE = [
    "The Secretariat (see paragraph$0 3) agreed.",
    "Plain prose $0here.",
    "(SOC) and (ICTs$0)",
    "1. [a] (+IND)$0 after",
    "(MC/2023/DR$0AFT/3)",
    "(a$0) lower case",
]


async def test_no_completion_in_prose(client: LanguageClient, tmp_path):
    for number, source in enumerate(PROSE):
        marked = unmark(source)
        uri = uri_for(tmp_path, f"prose{number}.cicadraft")
        await open_draft(client, uri, marked.text)
        assert await complete(client, uri, position(client, marked.text, marked.cursor)) == [], source


async def test_unknown_document_and_position_past_the_end(client: LanguageClient, tmp_path):
    text = "1. [a] (+"
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    assert await complete(client, uri_for(tmp_path, "never-opened.cicadraft"), types.Position(0, 9)) == []
    assert await complete(client, uri, types.Position(0, 50)) == []
    assert await complete(client, uri, types.Position(3, 0)) == []
    assert len(await complete(client, uri, types.Position(0, 9))) > 40
