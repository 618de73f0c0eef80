"""Code actions over LSP: every edit applied to the text equals the resolve engine's
preview, under VS Code (UTF-16, lazy edits through codeAction/resolve, documentChanges),
Neovim 0.11 (UTF-8, lazy edits, plain ``changes``) and Emacs 29 (no resolve: eager
edits)."""

from __future__ import annotations

import asyncio

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from cicadraft.analysis import resolve as engine
from cicadraft.registry import default_registry
from cicadraft.syntax import parse
from cicadraft.syntax.text import LineIndex
from conftest import (
    SERVER,
    TIMEOUT,
    accept_registrations,
    current_diagnostics,
    encoding_of,
    initialize_params,
    open_draft,
    position,
    uri_for,
)

REGISTRY = default_registry()


async def start(lsp_client: LanguageClient, profile: str) -> None:
    accept_registrations(lsp_client)
    result = await lsp_client.initialize_session(initialize_params(profile, locale="en"))
    lsp_client.profile = profile
    lsp_client.server_capabilities = result.capabilities


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def eager_client(lsp_client: LanguageClient):
    """Emacs 29 (eglot): no codeAction/resolve, so every action carries its edit."""
    await start(lsp_client, "emacs@v29.1")
    yield
    await lsp_client.shutdown_session()


def offset_of(client: LanguageClient, text: str, pos: types.Position) -> int:
    return LineIndex(text).offset(pos.line, pos.character, encoding_of(client))


# -- helpers ----------------------------------------------------------------------------------


async def actions_at(
    client: LanguageClient,
    uri: str,
    text: str,
    start: int,
    end: int | None = None,
    only: list[str] | None = None,
    diagnostics: list[types.Diagnostic] | None = None,
    range_: types.Range | None = None,
) -> list[types.CodeAction]:
    if range_ is None:
        range_ = types.Range(position(client, text, start), position(client, text, start if end is None else end))
    result = await asyncio.wait_for(
        client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=range_,
                context=types.CodeActionContext(
                    diagnostics=diagnostics or [],
                    only=only,
                    trigger_kind=types.CodeActionTriggerKind.Invoked,
                ),
            )
        ),
        TIMEOUT,
    )
    return [a for a in result or [] if isinstance(a, types.CodeAction)]


def titled(actions: list[types.CodeAction], title: str) -> types.CodeAction:
    found = [a for a in actions if a.title == title]
    assert found, f"{title!r} not in {[a.title for a in actions]}"
    return found[0]


async def resolved(client: LanguageClient, action: types.CodeAction) -> types.CodeAction:
    if action.edit is not None:
        return action
    return await asyncio.wait_for(client.code_action_resolve_async(action), TIMEOUT)


def text_edits(client: LanguageClient, uri: str, edit: types.WorkspaceEdit) -> tuple[list[types.TextEdit], int | None]:
    """The TextEdits of a WorkspaceEdit and the version they are for (None from ``changes``)."""
    if edit.document_changes:
        (change,) = edit.document_changes
        assert isinstance(change, types.TextDocumentEdit)
        assert change.text_document.uri == uri
        return list(change.edits), change.text_document.version
    return list(edit.changes[uri]), None


def apply(client: LanguageClient, uri: str, text: str, edit: types.WorkspaceEdit) -> str:
    """Apply a WorkspaceEdit as an editor would, converting positions in the negotiated
    encoding with the test's own line index."""
    edits, _ = text_edits(client, uri, edit)
    spans = sorted(
        ((offset_of(client, text, e.range.start), offset_of(client, text, e.range.end), e.new_text) for e in edits),
        reverse=True,
    )
    for (start, end, _), (next_start, _, _) in zip(spans[1:], spans):
        assert end <= next_start, "overlapping edits"
    for start, end, new_text in spans:
        text = text[:start] + new_text + text[end:]
    return text


async def applied(client: LanguageClient, uri: str, text: str, action: types.CodeAction) -> str:
    action = await resolved(client, action)
    assert action.edit is not None, action.title
    return apply(client, uri, text, action.edit)


def check_edit_shape(client: LanguageClient, uri: str, action: types.CodeAction, version: int) -> None:
    """documentChanges with the document's version where the client supports them."""
    caps = client_capabilities(client.profile)
    edits, found_version = text_edits(client, uri, action.edit)
    assert edits
    if caps.workspace.workspace_edit and caps.workspace.workspace_edit.document_changes:
        assert action.edit.document_changes is not None
        assert found_version == version
    else:
        assert action.edit.changes is not None and action.edit.document_changes is None


def lazy(client: LanguageClient) -> bool:
    support = client_capabilities(client.profile).text_document.code_action.resolve_support
    return bool(support and "edit" in support.properties)


# -- accept, reject, withdraw -----------------------------------------------------------------


async def test_accept_and_reject_a_deletion_give_the_spec_text(client: LanguageClient, tmp_path, example_text):
    text = example_text
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    offset = text.index("[, which") + 5
    actions = await actions_at(client, uri, text, offset)
    titles = [a.title for a in actions]
    accept = next(a for a in actions if a.title.startswith("Accept IND's deletion: drop “, which should be"))
    reject = next(a for a in actions if a.title.startswith("Reject IND's deletion: keep “, which should be"))
    assert accept.title.endswith("…”") and len(accept.title) < len("Accept IND's deletion: drop “”") + 42
    assert accept.kind == "refactor.rewrite.cicadraft.accept"
    assert reject.kind == "refactor.rewrite.cicadraft.reject"
    assert "Withdraw IND's tag (-IND)" in titles
    if lazy(client):
        assert accept.edit is None and accept.data["op"] == "accept"

    draft = parse(text)
    bracket = draft.bracket_at(text.index("[, which")).index
    accepted = await applied(client, uri, text, accept)
    assert accepted == engine.accept(draft, bracket, "IND", REGISTRY).preview(text)
    assert "indicating the proposed tenure.\n" in accepted
    rejected = await applied(client, uri, text, reject)
    assert rejected == engine.reject(draft, bracket, "IND", REGISTRY).preview(text)
    assert "proposed tenure, which should be not less than two and not more than four years.\n" in rejected
    check_edit_shape(client, uri, await resolved(client, accept), 1)


async def test_a_proposal_with_a_reservation(client: LanguageClient, tmp_path, example_text):
    text = example_text
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    offset = text.index("[15. Encourage") + 10
    actions = await actions_at(client, uri, text, offset)
    accept = titled(actions, "Accept IRAN's proposal: keep “15. Encourage the Member States to…” (overrides SEC's reservation)")
    reject = titled(actions, "Reject IRAN's proposal: drop “15. Encourage the Member States to…” (overrides SEC's reservation)")
    withdraw = titled(actions, "Withdraw SEC's reservation (tcb)")
    titled(actions, "Withdraw IRAN's tag (+IRAN)")
    assert withdraw.kind == "refactor.rewrite.cicadraft.withdraw"
    assert not any(a.title.startswith(("Accept SEC", "Reject SEC")) for a in actions)

    draft = parse(text)
    number = draft.bracket_at(offset).index
    assert await applied(client, uri, text, accept) == engine.accept(draft, number, "IRAN", REGISTRY).preview(text)
    dropped = await applied(client, uri, text, reject)
    assert dropped == engine.reject(draft, number, "IRAN", REGISTRY).preview(text)
    assert "15. Encourage" not in dropped and dropped.rstrip().endswith("competencies for volunteers.")
    group = next(g for g, group in enumerate(draft.tag_groups) if text[group.span.start : group.span.end] == "(SEC tcb)")
    withdrawn = await applied(client, uri, text, withdraw)
    assert withdrawn == engine.withdraw_tcb(draft, group, 0).preview(text)
    assert withdrawn.rstrip().endswith("report to the Member States.] (+IRAN)")


async def test_a_nested_bracket_and_withdrawing_a_tag(client: LanguageClient, tmp_path, example_text):
    text = example_text
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    offset = text.index("[and religious]") + 3
    actions = await actions_at(client, uri, text, offset)
    titled(actions, "Accept CHN's deletion: drop “and religious”")
    withdraw = titled(actions, "Withdraw CHN's tag (-CHN)")
    # Only the innermost bracket at the cursor.
    assert not any("IND" in a.title for a in actions if a.kind.startswith("refactor.rewrite.cicadraft.accept"))
    draft = parse(text)
    group = next(g for g, group in enumerate(draft.tag_groups) if group.span.start > offset)
    result = await applied(client, uri, text, withdraw)
    assert result == engine.withdraw_tag(draft, group, 0).preview(text)
    assert "[[cultural [and religious]] (+IND)" in result


async def test_the_cursor_on_the_tags_after_a_bracket(client: LanguageClient, tmp_path, example_text):
    text = example_text
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    for offset in (text.index("(-IND)\n") + 3, text.index("(-IND)\n") + 6):
        actions = await actions_at(client, uri, text, offset)
        assert any(a.title.startswith("Accept IND's deletion") for a in actions)


async def test_untagged_brackets(client: LanguageClient, tmp_path):
    text = "1. Text [alpha beta] more.\n"
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    actions = await actions_at(client, uri, text, text.index("alpha"))
    keep = titled(actions, "Keep the bracketed text “alpha beta”")
    drop = titled(actions, "Drop the bracketed text “alpha beta”")
    assert keep.kind.endswith(".accept") and drop.kind.endswith(".reject")
    assert await applied(client, uri, text, keep) == "1. Text alpha beta more.\n"
    assert await applied(client, uri, text, drop) == "1. Text more.\n"


async def test_an_editorial_note(client: LanguageClient, tmp_path):
    text = "1. Text [NOTE: to be checked] more.\n"
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    actions = await actions_at(client, uri, text, text.index("checked"))
    note = titled(actions, "Remove the editorial note “NOTE: to be checked”")
    assert not any(a.title.startswith("Keep") for a in actions)
    assert await applied(client, uri, text, note) == "1. Text more.\n"


async def test_a_conflict_is_not_offered(client: LanguageClient, tmp_path):
    text = "1. Text [alpha] (+IND) (-IND) (+CHN) more.\n"
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    actions = await actions_at(client, uri, text, text.index("alpha"))
    titles = [a.title for a in actions]
    assert not any(t.startswith(("Accept IND", "Reject IND")) for t in titles)
    accept = titled(actions, "Accept CHN's proposal: keep “alpha” (overrides IND's unclear position)")
    assert await applied(client, uri, text, accept) == "1. Text alpha more.\n"


async def test_a_selection_covers_several_brackets(client: LanguageClient, tmp_path):
    text = "1. One [a] (+IND) two [b] (-CHN) three [c] (+TUR).\n"
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    actions = await actions_at(client, uri, text, text.index("[a]"), text.index("three"), only=["refactor"])
    titles = [a.title for a in actions]
    assert "Accept IND's proposal: keep “a”" in titles
    assert "Accept CHN's deletion: drop “b”" in titles
    assert not any("TUR" in t for t in titles)


async def test_positions_after_astral_characters_crlf_and_odd_separators(client: LanguageClient, tmp_path):
    text = "𝄞 emoji 😀 line\r\n\f ff \v vt \u2028 sep 😀 x [a 😀 b] (+IND) y\r\nnext 𝄞"
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    actions = await actions_at(client, uri, text, text.index("a 😀"))
    keep = titled(actions, "Accept IND's proposal: keep “a 😀 b”")
    drop = titled(actions, "Reject IND's proposal: drop “a 😀 b”")
    assert await applied(client, uri, text, keep) == "𝄞 emoji 😀 line\r\n\f ff \v vt \u2028 sep 😀 x a 😀 b y\r\nnext 𝄞"
    assert await applied(client, uri, text, drop) == "𝄞 emoji 😀 line\r\n\f ff \v vt \u2028 sep 😀 x y\r\nnext 𝄞"


# -- alternatives -------------------------------------------------------------------------------


async def test_choose_an_alternative_item(client: LanguageClient, tmp_path, example_text):
    text = example_text
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    offset = text.index("11altern. Promote") + 20
    actions = await actions_at(client, uri, text, offset)
    choose = titled(actions, "Choose alternative 11altern.")
    assert choose.kind == "refactor.rewrite.cicadraft.chooseAlternative"
    result = await applied(client, uri, text, choose)
    assert result == engine.choose_alternative(parse(text), offset).preview(text)
    assert "\n11. Promote [tolerance and] (+TUR) volunteers’ participation" in result
    assert "multiculturalism" not in result


async def test_choose_an_inline_alternative(client: LanguageClient, tmp_path, example_text):
    text = example_text
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    offset = text.index("[exchanges and mutual learning") + 3
    actions = await actions_at(client, uri, text, offset)
    choose = next(a for a in actions if a.kind == "refactor.rewrite.cicadraft.chooseAlternative")
    assert choose.title == "Choose the alternative “exchanges and mutual learning among…”"
    result = await applied(client, uri, text, choose)
    assert result == engine.choose_alternative(parse(text), offset).preview(text)


# -- source actions -------------------------------------------------------------------------------


async def test_accept_all_from_iran_gives_the_spec_text(client: LanguageClient, tmp_path, example_text):
    text = example_text
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    actions = await actions_at(client, uri, text, 0, only=["source"])
    titles = [a.title for a in actions]
    # Each title names the other delegations' positions the batch settles against them,
    # as `cicadraft resolve` does on stderr.
    accept_iran = (
        "Accept all from IRAN (Iran) (overrides IND's proposal, CHN's proposal, AZER's proposal, "
        "AZER's reservation, SEC's reservation)"
    )
    reject_iran = "Reject all from IRAN (Iran) (overrides IND's deletion, AZER's reservation, TUR's proposal, SEC's reservation)"
    for title in (
        accept_iran,
        reject_iran,
        "Accept all from CHN (China)",
        "Accept all from AZER (Azerbaijan) (overrides IRAN's deletion)",
        "Accept all from SEC (CICA Secretariat)",
    ):
        assert title in titles
    assert not any(t.startswith("Reject all from SEC") for t in titles)  # only a reservation to withdraw
    accept_all = titled(actions, accept_iran)
    assert accept_all.kind == "source.cicadraft.acceptAll"
    assert accept_all.data["code"] == "IRAN"
    assert titled(actions, reject_iran).kind == "source.cicadraft.rejectAll"

    result = await applied(client, uri, text, accept_all)
    assert result == engine.accept_all(parse(text), "IRAN", REGISTRY).preview(text)
    assert "respect for intercivilizational and intercultural exchanges and its role" in result
    assert "[11. Promote volunteers’ participation" not in result

    result = await applied(client, uri, text, titled(actions, reject_iran))
    assert result == engine.reject_all(parse(text), "IRAN", REGISTRY).preview(text)


async def test_source_actions_are_not_offered_on_every_cursor_move(client: LanguageClient, tmp_path, example_text):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, example_text)
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(types.Position(0, 0), types.Position(0, 0)),
            context=types.CodeActionContext(diagnostics=[], trigger_kind=types.CodeActionTriggerKind.Automatic),
        )
    )
    assert not any((a.kind or "").startswith("source") for a in result or [])


async def test_an_unbalanced_draft_offers_no_decision(client: LanguageClient, tmp_path):
    text = "1. Text [a] (+IND) and [open\n"
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    actions = await actions_at(client, uri, text, text.index("a]"))
    assert not any(a.kind.startswith("refactor") for a in actions)
    sources = await actions_at(client, uri, text, 0, only=["source"])
    if client_capabilities(client.profile).text_document.code_action.disabled_support:
        assert sources and all(a.disabled is not None and "not balanced" in a.disabled.reason for a in sources)
        assert all(a.edit is None for a in sources)
    else:
        assert sources == []


# -- only ---------------------------------------------------------------------------------------------


async def test_context_only_filters_by_kind_prefix(client: LanguageClient, tmp_path, example_text):
    text = example_text
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    offset = text.index("[15. Encourage") + 10
    everything = await actions_at(client, uri, text, offset)
    assert {a.kind for a in everything} == {
        "refactor.rewrite.cicadraft.accept",
        "refactor.rewrite.cicadraft.reject",
        "refactor.rewrite.cicadraft.withdraw",
        "source.cicadraft.acceptAll",
        "source.cicadraft.rejectAll",
    }
    accepts = await actions_at(client, uri, text, offset, only=["refactor.rewrite.cicadraft.accept"])
    assert accepts and {a.kind for a in accepts} == {"refactor.rewrite.cicadraft.accept"}
    refactors = await actions_at(client, uri, text, offset, only=["refactor"])
    assert {a.kind for a in refactors} == {
        "refactor.rewrite.cicadraft.accept",
        "refactor.rewrite.cicadraft.reject",
        "refactor.rewrite.cicadraft.withdraw",
    }
    rejects = await actions_at(client, uri, text, offset, only=["source.cicadraft.rejectAll"])
    assert rejects and {a.kind for a in rejects} == {"source.cicadraft.rejectAll"}
    assert await actions_at(client, uri, text, offset, only=["quickfix"]) == []
    assert await actions_at(client, uri, text, offset, only=["refactor.extract"]) == []


# -- quick fixes -------------------------------------------------------------------------------------


async def test_quick_fixes(client: LanguageClient, tmp_path):
    text = "1. A [x] (+INDD) and [y] (+ iran) and ] stray.\n"
    uri = uri_for(tmp_path)
    diagnostics = await open_draft(client, uri, text)
    by_code = {d.code: d for d in diagnostics}

    unknown = by_code["unknown-code"]
    actions = await actions_at(client, uri, text, 0, range_=unknown.range, diagnostics=[unknown], only=["quickfix"])
    assert actions[0].title == "Replace INDD with IND (India)"
    assert actions[0].is_preferred is True
    assert all(not a.is_preferred for a in actions[1:])
    assert all(a.kind == "quickfix" and a.diagnostics and a.diagnostics[0].code == "unknown-code" for a in actions)
    assert await applied(client, uri, text, actions[0]) == text.replace("INDD", "IND")

    malformed = by_code["malformed-tag"]
    actions = await actions_at(client, uri, text, 0, range_=malformed.range, diagnostics=[malformed], only=["quickfix"])
    fix = titled(actions, "Write (+IRAN)")
    assert fix.is_preferred is True
    assert await applied(client, uri, text, fix) == text.replace("(+ iran)", "(+IRAN)")

    stray = by_code["stray-bracket"]
    actions = await actions_at(client, uri, text, 0, range_=stray.range, diagnostics=[stray], only=["quickfix"])
    fix = titled(actions, "Remove the stray “]”")
    assert await applied(client, uri, text, fix) == "1. A [x] (+INDD) and [y] (+ iran) and stray.\n"


async def test_a_stale_diagnostic_gets_no_fix(client: LanguageClient, tmp_path):
    text = "1. A [x] (+INDD) here.\n"
    uri = uri_for(tmp_path)
    diagnostics = await open_draft(client, uri, text)
    unknown = next(d for d in diagnostics if d.code == "unknown-code")
    moved = types.Diagnostic(
        range=types.Range(position(client, text, 1), position(client, text, 5)),
        message=unknown.message,
        code="unknown-code",
        source="cicadraft",
        data={"group": 0, "tag": 0, "suggestions": ["IND"]},
    )
    assert await actions_at(client, uri, text, 0, range_=moved.range, diagnostics=[moved], only=["quickfix"]) == []


async def test_duplicate_tags_and_empty_brackets(client: LanguageClient, tmp_path):
    text = "1. A [x] (+IND) (+IND) and [ ] here.\n"
    uri = uri_for(tmp_path)
    diagnostics = await open_draft(client, uri, text)
    duplicate = next(d for d in diagnostics if d.code == "duplicate-tag")
    actions = await actions_at(client, uri, text, 0, range_=duplicate.range, diagnostics=[duplicate], only=["quickfix"])
    assert await applied(client, uri, text, titled(actions, "Remove the duplicate tag +IND")) == "1. A [x] (+IND) and [ ] here.\n"
    empty = next(d for d in diagnostics if d.code == "empty-bracket")
    actions = await actions_at(client, uri, text, 0, range_=empty.range, diagnostics=[empty], only=["quickfix"])
    assert await applied(client, uri, text, titled(actions, "Remove the empty brackets")) == "1. A [x] (+IND) (+IND) and here.\n"


# -- lazy and eager edits, stale actions ------------------------------------------------------------


async def test_lazy_edits_are_resolved_and_a_stale_action_gets_none(client: LanguageClient, tmp_path):
    text = "1. Text [alpha] (+IND) more.\n"
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    actions = await actions_at(client, uri, text, text.index("alpha"))
    accept = titled(actions, "Accept IND's proposal: keep “alpha”")
    assert lazy(client)  # both VS Code 1.65 and Neovim 0.11 resolve edits
    assert accept.edit is None
    assert accept.data["uri"] == uri and accept.data["version"] == 1

    fresh = await resolved(client, accept)
    check_edit_shape(client, uri, fresh, 1)

    # The text changes before the action is resolved: no edit for the old version.
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text="0. " + text)],
        )
    )
    await current_diagnostics(client, uri)
    stale = await asyncio.wait_for(client.code_action_resolve_async(accept), TIMEOUT)
    assert stale.edit is None


async def test_eager_edits_without_resolve_support(eager_client: LanguageClient, tmp_path, example_text):
    client = eager_client
    text = example_text
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    offset = text.index("[, which") + 5
    actions = await actions_at(client, uri, text, offset)
    assert actions and all(a.edit is not None for a in actions)
    accept = next(a for a in actions if a.title.startswith("Accept IND's deletion"))
    edits, version = text_edits(client, uri, accept.edit)
    assert version == 1
    assert "indicating the proposed tenure.\n" in apply(client, uri, text, accept.edit)

    sources = await actions_at(client, uri, text, 0, only=["source.cicadraft.acceptAll"])
    accept_all = next(a for a in sources if a.title.startswith("Accept all from IRAN (Iran) (overrides "))
    assert accept_all.data["code"] == "IRAN"
    assert "respect for intercivilizational and intercultural exchanges and its role" in apply(
        client, uri, text, accept_all.edit
    )

    # After a change, the action computed before still names version 1: the editor
    # refuses to apply it to version 2.
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text="Changed.\n" + text)],
        )
    )
    await current_diagnostics(client, uri)
    _, old_version = text_edits(client, uri, accept.edit)
    assert old_version == 1 != 2
    again = await actions_at(client, uri, "Changed.\n" + text, offset + len("Changed.\n"))
    accept = next(a for a in again if a.title.startswith("Accept IND's deletion"))
    assert text_edits(client, uri, accept.edit)[1] == 2


async def test_unknown_document_gets_no_actions(client: LanguageClient, tmp_path):
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri_for(tmp_path, "nope.cicadraft")),
            range=types.Range(types.Position(0, 0), types.Position(0, 0)),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    assert not result


async def test_russian_titles(client: LanguageClient, tmp_path):
    text = "1. Text [alpha] (-IND) more.\n"
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"cicadraft": {"locale": "ru"}}))
    for _ in range(50):
        actions = await actions_at(client, uri, text, text.index("alpha"))
        if any("IND" in a.title and a.title.startswith("Принять") for a in actions):
            break
        await asyncio.sleep(0.05)
    titles = [a.title for a in actions]
    assert "Принять исключение, предложенное IND: убрать «alpha»" in titles
    assert "Снять пометку IND (-IND)" in titles


# -- overridden positions ---------------------------------------------------------------------


async def test_titles_name_the_positions_a_decision_overrides(client: LanguageClient, tmp_path):
    # Settling a bracket for IND settles it for every tag on it (SPEC §6): Iran's
    # objection goes too, and the title says so before the action is chosen.
    text = "1. Text [x] (+IND) (-IRAN) end.\n2. Also [y [z] (+CHN)] (-IND).\n"
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    actions = await actions_at(client, uri, text, text.index("x]"))
    accept = titled(actions, "Accept IND's proposal: keep “x” (overrides IRAN's deletion)")
    titled(actions, "Accept IRAN's deletion: drop “x” (overrides IND's proposal)")
    titled(actions, "Reject IND's proposal: drop “x”")  # IRAN wanted it dropped too
    assert await applied(client, uri, text, accept) == engine.accept(parse(text), 0, "IND", REGISTRY).preview(text)
    assert engine.accept(parse(text), 0, "IND", REGISTRY).overridden == (engine.Override(0, "IRAN", "deletion"),)

    # Dropping a bracket drops the positions inside it.
    actions = await actions_at(client, uri, text, text.index("y ["))
    titled(actions, "Accept IND's deletion: drop “y [z] (+CHN)” (overrides CHN's proposal)")
    titled(actions, "Reject IND's deletion: keep “y [z] (+CHN)”")



async def test_whole_draft_titles_name_the_positions_they_override(client: LanguageClient, tmp_path):
    # "Accept all from IND" keeps [x] over Iran's deletion and drops [y …] with China's
    # proposal inside it; the title names both, as `cicadraft resolve` does on stderr.
    text = "1. Text [x] (+IND) (-IRAN) end.\n2. Also [y [z] (+CHN)] (-IND).\n"
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    actions = await actions_at(client, uri, text, 0, only=["source"])
    accept_ind = titled(actions, "Accept all from IND (India) (overrides IRAN's deletion, CHN's proposal)")
    titled(actions, "Reject all from IND (India)")  # what IRAN and nobody else opposed
    titled(actions, "Accept all from IRAN (Iran) (overrides IND's proposal)")
    titled(actions, "Reject all from IRAN (Iran)")
    titled(actions, "Accept all from CHN (China)")
    outcome = engine.accept_all(parse(text), "IND", REGISTRY)
    assert [(o.code, o.position) for o in outcome.overridden] == [("IRAN", "deletion"), ("CHN", "proposal")]
    assert await applied(client, uri, text, accept_ind) == outcome.preview(text) == "1. Text x end.\n2. Also.\n"

    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"cicadraft": {"locale": "ru"}}))
    for _ in range(50):
        actions = await actions_at(client, uri, text, 0, only=["source"])
        if any(a.title.startswith("Принять всё от IND") for a in actions):
            break
        await asyncio.sleep(0.05)
    titled(actions, "Принять всё от IND (Индия) (отменяет исключение, предложенное IRAN, предложение CHN)")
    titled(actions, "Отклонить всё от IRAN (Иран)")


def test_a_title_names_the_first_overridden_positions_and_counts_the_rest():
    # "Reject all from …" on a draft of hundreds of delegations overrode dozens of
    # positions: the menu entry names six and says how many more.
    from types import SimpleNamespace

    from cicadraft.lsp.code_actions import NAMED_OVERRIDES, overriding

    overrides = [SimpleNamespace(code=f"C{n:02d}", position="proposal") for n in range(10)]
    overrides += [SimpleNamespace(code="C00", position="proposal")]  # the same position twice: named once
    title = overriding("Reject all from X", overrides, "en")
    named = ", ".join(f"C{n:02d}'s proposal" for n in range(NAMED_OVERRIDES))
    assert title == f"Reject all from X (overrides {named} and {10 - NAMED_OVERRIDES} more)"
    assert overriding("Reject all from X", overrides[:NAMED_OVERRIDES], "en").endswith(f"C{NAMED_OVERRIDES - 1:02d}'s proposal)")
    assert "и ещё 4" in overriding("Отклонить всё от X", overrides, "ru")
