"""Fuzzing the live server (issue 7): random drafts and random edit sequences, sent
through pytest-lsp to one real server per test function, under the VS Code profile
(UTF-16, pushed diagnostics) and the Neovim 0.11 profile (UTF-8, pulled diagnostics).

The drafts and edits hold what breaks naive tools: brackets and tags, astral characters
(😀 𝄞), CRLF and lone CR, form feed, vertical tab, U+2028, a BOM and NUL.

What must hold:

- nothing fails: the server stays up, answers every request and logs no failure;
- every range in every answer (diagnostics, folding, symbols, highlights, references,
  hover, completion, prepareRename and rename, semantic tokens decoded, code action
  edits) lies inside its document, on character boundaries of the negotiated encoding;
- after incremental edits the server's text equals the client's: the edited document
  answers exactly like a fresh document opened with the same final text (diagnostics,
  ``cicadraft/status``, semantic tokens, folding, symbols);
- every code action, applied (resolved through codeAction/resolve where the profile
  does that), gives exactly the resolve engine's preview of the same text, and leaves a
  balanced draft balanced.

Hypothesis cannot drive an async pytest-lsp test directly, so the server tests draw
their cases from a seeded ``random.Random`` (piece soups, any characters, and realistic
drafts that hypothesis draws once, derandomized, from ``draftgen``), with a fixed budget;
a failing case is printed whole in the assertion message, ready to replay. The same
kind of edits also runs as a proper hypothesis property (with shrinking) against the
server's document layer in-process. Positions are converted by this file's own
implementation of the LSP rules (:class:`Ref`), not the server's :class:`LineIndex`, so
a bug there cannot hide itself.
"""

from __future__ import annotations

import asyncio
import functools
import random
import re

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lsprotocol import types
from pytest_lsp import LanguageClient

from cicadraft.analysis import resolve as engine
from cicadraft.lsp.documents import DraftDocument
from cicadraft.registry import default_registry
from cicadraft.syntax import parse
from conftest import TIMEOUT, encoding_of, pulls
from draftgen import drafts as realistic_drafts

REGISTRY = default_registry()
PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS

# Budgets: each test function runs once per profile, on one server.
EDIT_CASES = 26
ACTION_CASES = 24
PURE_EXAMPLES = 150
REALISTIC = 60  # realistic drafts drawn once, shared by the tests

# -- the reference: LSP positions, written independently of the server ---------------------

_BREAK = re.compile(r"\r\n|\r|\n")


def units(segment: str, encoding: str) -> int:
    if encoding == "utf-16":
        return len(segment.encode("utf-16-le", "surrogatepass")) // 2
    if encoding == "utf-8":
        return len(segment.encode("utf-8", "surrogatepass"))
    return len(segment)


class Ref:
    """Lines and positions of one text by the LSP rule (breaks: ``\\r\\n``, ``\\r``, ``\\n``)."""

    def __init__(self, text: str, encoding: str):
        self.text = text
        self.encoding = encoding
        self.lines: list[tuple[int, int]] = []  # (start, end of content)
        start = 0
        for match in _BREAK.finditer(text):
            self.lines.append((start, match.start()))
            start = match.end()
        self.lines.append((start, len(text)))

    def line_length(self, line: int) -> int:
        start, end = self.lines[line]
        return units(self.text[start:end], self.encoding)

    def position(self, offset: int) -> types.Position:
        for number, (start, end) in enumerate(self.lines):
            next_start = self.lines[number + 1][0] if number + 1 < len(self.lines) else len(self.text) + 1
            if offset < next_start:
                return types.Position(number, units(self.text[start : min(offset, end)], self.encoding))
        raise AssertionError(offset)

    def offset(self, position: types.Position) -> int:
        """The offset of a position that lies inside the text, on a character boundary."""
        assert self.valid(position), (position, self.text)
        start, end = self.lines[position.line]
        count = 0
        for i, ch in enumerate(self.text[start:end]):
            if count == position.character:
                return start + i
            count += units(ch, self.encoding)
        assert count == position.character
        return end

    def valid(self, position: types.Position) -> bool:
        if not (0 <= position.line < len(self.lines)) or position.character < 0:
            return False
        start, end = self.lines[position.line]
        count = 0
        for ch in self.text[start:end]:
            if count == position.character:
                return True
            if count > position.character:
                return False  # inside a surrogate pair or a UTF-8 sequence
            count += units(ch, self.encoding)
        return count == position.character

    def check_range(self, range_: types.Range, what: str) -> tuple[int, int]:
        for end in (range_.start, range_.end):
            assert self.valid(end), f"{what}: {range_} does not lie inside {self.text!r}"
        start, end = self.offset(range_.start), self.offset(range_.end)
        assert start <= end, f"{what}: {range_} ends before it starts"
        return start, end

    def apply(self, edits: list[tuple[types.Range, str]]) -> str:
        spans = sorted((self.check_range(r, "edit") + (new,) for r, new in edits), reverse=True)
        for (_, end, _), (next_start, _, _) in zip(spans[1:], spans):
            assert end <= next_start, "overlapping edits"
        text = self.text
        for start, end, new in spans:
            text = text[:start] + new + text[end:]
        return text


# -- cases ----------------------------------------------------------------------------------

ODD = ["😀", "𝄞", "\r\n", "\r", "\f", "\v", "\u2028", "\ufeff", "\x00", "Ж"]
PIECES = [
    "[", "]", "[[", "]]", "(+IRAN)", "(-CHN)", "(AZER tcb)", "(+IND, +PAK)", "(+ iran)", "(INDD tcb)",
    "(+IRAN) (+IRAN)", "(SOC)", "(a)", "[^1]", "1. ", "2bis ", "11altern. ", "11. ", "- ", "# Title",
    "Chapter 2. X", "Functions", "DRAFT TITLE HERE", "NOTE", "[NOTE: later]", "[]", " ", "  ", ".", ",",
    ";", "text", "words here", "\n", "\n\n", "\r\n\r\n", "(", ")", "+", "-", "*", *ODD,
]
pieces = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
small_pieces = st.lists(st.sampled_from(PIECES), max_size=5).map("".join)


@st.composite
def sprinkled(draw, base=realistic_drafts()) -> str:
    """A realistic (balanced) draft with odd characters put in at random places."""
    text = draw(base)
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(ODD)) + text[at:]
    return text


texts = st.one_of(pieces, sprinkled(), sprinkled(realistic_drafts(balanced=False)), st.text(max_size=60))

# An edit is (start, length, new text); start and length are reduced modulo the text
# they apply to. ``None`` as the start replaces the whole document.
edits = st.tuples(
    st.one_of(*[st.integers(0, 10_000)] * 9, st.none()),
    st.integers(0, 12),
    st.one_of(small_pieces, st.text(max_size=6), st.sampled_from(ODD)),
)
changes = st.lists(st.lists(edits, min_size=1, max_size=3), min_size=1, max_size=6)


def record(strategy, count: int) -> list:
    """``count`` examples of ``strategy``, the same on every run."""
    found: list = []

    @settings(
        max_examples=count,
        database=None,
        derandomize=True,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def keep(example):
        found.append(example)

    keep()
    return found


@functools.cache
def realistic_texts() -> tuple[str, ...]:
    """Distinct realistic drafts (balanced or not) with odd characters, from hypothesis."""
    found = record(st.one_of(sprinkled(), sprinkled(), sprinkled(realistic_drafts(balanced=False))), REALISTIC)
    return tuple(dict.fromkeys(found))


def soup(rng: random.Random, most: int) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, most)))


def random_text(rng: random.Random) -> str:
    """A piece soup, a realistic draft, or any characters at all."""
    kind = rng.random()
    if kind < 0.4:
        return soup(rng, 40)
    if kind < 0.9:
        return rng.choice(realistic_texts())
    return "".join(chr(rng.choice([rng.randint(0, 0x7F), rng.randint(0, 0x2FFF), rng.randint(0x10000, 0x1FFFF)])) for _ in range(rng.randint(0, 60)))


def random_edit(rng: random.Random):
    """(start, length, new text), start and length to be reduced modulo the text; a
    start of None replaces the whole document."""
    kind = rng.random()
    if kind < 0.6:
        new = soup(rng, 4)
    elif kind < 0.85:
        new = rng.choice(ODD)
    else:
        new = random_text(rng)[: rng.randint(0, 30)]
    start = None if rng.random() < 0.04 else rng.randint(0, 10_000)
    return start, rng.choice([0, 0, 1, 1, 2, 5, 12, 40]), new


def random_case(rng: random.Random):
    batches = [[random_edit(rng) for _ in range(rng.randint(1, 3))] for _ in range(rng.randint(1, 6))]
    return random_text(rng), batches


# -- talking to the server ------------------------------------------------------------------


def follow_publications(client: LanguageClient) -> None:
    """Record each pushed diagnostics with the version it is for."""
    client.published = {}

    def publish(params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published[params.uri] = (params.version, list(params.diagnostics))

    client.protocol.fm._features.pop(PUBLISH, None)
    client.feature(PUBLISH)(publish)


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def ask(awaitable):
    return await asyncio.wait_for(awaitable, TIMEOUT)


async def status(client: LanguageClient, uri: str):
    return plain(await ask(client.protocol.send_request_async("cicadraft/status", {"textDocument": {"uri": uri}})))


def plain(value):
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "_asdict"):
        return {k: plain(v) for k, v in value._asdict().items()}
    if hasattr(value, "__dict__") and not isinstance(value, type):
        return {k: plain(v) for k, v in vars(value).items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


async def diagnostics_of(client: LanguageClient, uri: str, version: int) -> list[types.Diagnostic]:
    """The diagnostics of ``version`` of a document, pulled or pushed as the profile does."""
    if pulls(client):
        report = await ask(client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=doc(uri))))
        return list(report.items)
    # A request answered after the change means every publication before it has arrived.
    await status(client, uri)
    for _ in range(100):
        found = client.published.get(uri)
        if found is not None and found[0] == version:
            return found[1]
        await asyncio.sleep(0.05)
    raise AssertionError(f"no diagnostics for version {version} of {uri}: {client.published.get(uri)}")


def open_document(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    client.published.pop(uri, None)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="cicadraft", version=version, text=text)
        )
    )


def close_document(client: LanguageClient, uri: str) -> None:
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=doc(uri)))


def assert_no_failure(client: LanguageClient, case) -> None:
    failures = [m.message for m in client.log_messages if m.type == types.MessageType.Error or " failed: " in m.message]
    assert not failures, f"the server failed on {case!r}:\n" + "\n".join(failures)
    assert client.error is None, client.error
    assert client._server is not None and client._server.returncode is None, "the server is gone"


# -- checking answers -----------------------------------------------------------------------


def check_diagnostics(ref: Ref, diagnostics) -> None:
    for diagnostic in diagnostics:
        ref.check_range(diagnostic.range, f"diagnostic {diagnostic.code}")


def check_tokens(ref: Ref, data) -> None:
    assert len(data) % 5 == 0
    line = column = 0
    for i in range(0, len(data), 5):
        delta_line, delta_start, length, _, _ = data[i : i + 5]
        line += delta_line
        column = column + delta_start if delta_line == 0 else delta_start
        assert length > 0
        ref.check_range(types.Range(types.Position(line, column), types.Position(line, column + length)), "semantic token")


def check_symbols(ref: Ref, symbols) -> None:
    for symbol in symbols or ():
        if isinstance(symbol, types.SymbolInformation):
            ref.check_range(symbol.location.range, "symbol")
            continue
        outer = ref.check_range(symbol.range, "symbol")
        inner = ref.check_range(symbol.selection_range, "symbol selection")
        assert outer[0] <= inner[0] <= inner[1] <= outer[1], symbol
        check_symbols(ref, symbol.children)


def check_folding(ref: Ref, ranges) -> None:
    for folding in ranges or ():
        assert 0 <= folding.start_line <= folding.end_line < len(ref.lines), (folding, len(ref.lines))
        if folding.start_character is not None:
            assert folding.start_character <= ref.line_length(folding.start_line)
        if folding.end_character is not None:
            assert folding.end_character <= ref.line_length(folding.end_line)


def check_completion(ref: Ref, result) -> None:
    items = result.items if isinstance(result, types.CompletionList) else (result or ())
    for item in items:
        edit = item.text_edit
        if isinstance(edit, types.TextEdit):
            ref.check_range(edit.range, "completion edit")
        elif isinstance(edit, types.InsertReplaceEdit):
            insert = ref.check_range(edit.insert, "completion insert")
            replace = ref.check_range(edit.replace, "completion replace")
            assert replace[0] == insert[0] and insert[1] <= replace[1]
        for extra in item.additional_text_edits or ():
            ref.check_range(extra.range, "completion additional edit")


async def structure(client: LanguageClient, uri: str) -> tuple:
    """The document-wide answers that depend on every character of the text."""
    tokens = await ask(client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(text_document=doc(uri))))
    folding = await ask(client.text_document_folding_range_async(types.FoldingRangeParams(text_document=doc(uri))))
    symbols = await ask(client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc(uri))))
    symbols = [
        (s.name, s.kind, s.location.range, s.container_name) if isinstance(s, types.SymbolInformation) else s
        for s in symbols or ()
    ]
    return list(tokens.data), list(folding or ()), symbols


async def probe_at(client: LanguageClient, ref: Ref, uri: str, offset: int) -> None:
    """The requests an editor sends at the cursor; every range in the answers must fit."""
    at = ref.position(offset)
    hover = await ask(client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=at)))
    if hover is not None and hover.range is not None:
        ref.check_range(hover.range, "hover")
    highlights = await ask(
        client.text_document_document_highlight_async(types.DocumentHighlightParams(text_document=doc(uri), position=at))
    )
    for highlight in highlights or ():
        ref.check_range(highlight.range, "highlight")
    references = await ask(
        client.text_document_references_async(
            types.ReferenceParams(text_document=doc(uri), position=at, context=types.ReferenceContext(include_declaration=True))
        )
    )
    for location in references or ():
        assert location.uri == uri
        ref.check_range(location.range, "reference")
    completion = await ask(client.text_document_completion_async(types.CompletionParams(text_document=doc(uri), position=at)))
    check_completion(ref, completion)
    prepared = await ask(client.text_document_prepare_rename_async(types.PrepareRenameParams(text_document=doc(uri), position=at)))
    if isinstance(prepared, types.Range):
        ref.check_range(prepared, "prepareRename")
    elif prepared is not None and hasattr(prepared, "range"):
        ref.check_range(prepared.range, "prepareRename")
    if prepared is not None:
        renamed = await ask(client.text_document_rename_async(types.RenameParams(text_document=doc(uri), position=at, new_name="KAZ")))
        if renamed is not None:
            for change in renamed.document_changes or ():
                assert change.text_document.uri == uri
                ref.apply([(e.range, e.new_text) for e in change.edits])
            for changed_uri, text_edits in (renamed.changes or {}).items():
                assert changed_uri == uri
                ref.apply([(e.range, e.new_text) for e in text_edits])


async def check_everything(client: LanguageClient, ref: Ref, uri: str, rng: random.Random) -> tuple:
    tokens, folding, symbols = await structure(client, uri)
    check_tokens(ref, tokens)
    check_folding(ref, folding)
    check_symbols(ref, symbols)
    end = ref.position(len(ref.text))
    ranged = await ask(
        client.text_document_semantic_tokens_range_async(
            types.SemanticTokensRangeParams(text_document=doc(uri), range=types.Range(types.Position(0, 0), end))
        )
    )
    check_tokens(ref, ranged.data)
    for offset in {0, len(ref.text), rng.randint(0, len(ref.text)), rng.randint(0, len(ref.text))}:
        await probe_at(client, ref, uri, offset)
    return tokens, folding, symbols


# -- the edits ------------------------------------------------------------------------------


def content_change(ref: Ref, edit):
    """The LSP change for one generated edit on the client's text, and the text after it.
    Offsets go through positions and back, as in an editor: an offset between `\\r` and
    `\\n` is not addressable and becomes the end of its line."""
    start, length, new_text = edit
    if start is None:
        return types.TextDocumentContentChangeWholeDocument(text=new_text), new_text
    start %= len(ref.text) + 1
    end = min(start + length, len(ref.text))
    range_ = types.Range(ref.position(start), ref.position(end))
    return types.TextDocumentContentChangePartial(range=range_, text=new_text), ref.apply([(range_, new_text)])


async def test_random_edit_sequences_keep_the_servers_text_equal_to_the_clients(client: LanguageClient, tmp_path):
    follow_publications(client)
    encoding = encoding_of(client)
    rng = random.Random(7)
    for number in range(EDIT_CASES):
        text, batches = random_case(rng)
        case = (text, batches)
        edited, fresh = (tmp_path / f"edited-{number}.cicadraft").as_uri(), (tmp_path / f"fresh-{number}.cicadraft").as_uri()
        open_document(client, edited, text)
        ref = Ref(text, encoding)
        check_diagnostics(ref, await diagnostics_of(client, edited, 1))
        version = 1
        for batch in batches:
            content = []
            for edit in batch:
                change, after = content_change(ref, edit)
                content.append(change)
                ref = Ref(after, encoding)
            version += 1
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=edited, version=version),
                    content_changes=content,
                )
            )
            if rng.random() < 0.5:  # a look in between, as an editor does while typing
                check_diagnostics(ref, await diagnostics_of(client, edited, version))
                await check_everything(client, ref, edited, rng)
        after_edits = await diagnostics_of(client, edited, version)
        check_diagnostics(ref, after_edits)
        answers = await check_everything(client, ref, edited, rng)

        # The same final text, opened fresh: every answer must be the same.
        open_document(client, fresh, ref.text)
        assert after_edits == await diagnostics_of(client, fresh, 1), case
        assert await status(client, edited) == await status(client, fresh), case
        assert answers == await structure(client, fresh), case
        close_document(client, edited)
        close_document(client, fresh)
        assert_no_failure(client, case)


# -- code actions ---------------------------------------------------------------------------


def expected_outcome(text: str, op: str, args: dict) -> engine.Outcome:
    draft = parse(text)
    if op in ("accept", "reject"):
        return getattr(engine, op)(draft, args["bracket"], args.get("code"), REGISTRY)
    if op in ("keep", "drop"):
        return getattr(engine, op)(draft, args["bracket"])
    if op == "withdrawTag":
        return engine.withdraw_tag(draft, args["group"], args["tag"])
    if op == "withdrawTcb":
        return engine.withdraw_tcb(draft, args["group"], args["tag"])
    if op == "choose":
        return engine.choose_alternative(draft, args["offset"])
    if op in ("acceptAll", "rejectAll"):
        return (engine.accept_all if op == "acceptAll" else engine.reject_all)(draft, args["code"], REGISTRY)
    if op == "replaceCode":
        return engine.replace_code(draft, args["group"], args["tag"], args["newCode"])
    if op == "normalize":
        return engine.normalize_group(draft, args["group"])
    if op == "removeStray":
        return engine.remove_stray(draft, args["offset"])
    raise AssertionError(f"an action with an unknown op: {op!r}")


def workspace_text_edits(edit: types.WorkspaceEdit, uri: str, version: int) -> list[types.TextEdit]:
    if edit.document_changes is not None:
        (change,) = edit.document_changes
        assert isinstance(change, types.TextDocumentEdit)
        assert change.text_document.uri == uri and change.text_document.version == version
        return list(change.edits)
    assert set(edit.changes) == {uri}
    return list(edit.changes[uri])


def overlaps(ref: Ref, diagnostic: types.Diagnostic, lo: int, hi: int) -> bool:
    start, end = ref.check_range(diagnostic.range, "diagnostic")
    return start <= hi and lo <= end


async def check_actions_at(client, ref: Ref, uri: str, version: int, lo: int, hi: int, diagnostics, rng, case) -> int:
    """Ask for the actions on ``[lo, hi)`` (with the diagnostics there, as an editor sends
    them), apply some of them and compare with the engine. Returns how many were applied."""
    range_ = types.Range(ref.position(lo), ref.position(hi))
    lo, hi = ref.check_range(range_, "request")
    context = types.CodeActionContext(
        diagnostics=[d for d in diagnostics if overlaps(ref, d, lo, hi)],
        trigger_kind=types.CodeActionTriggerKind.Invoked,
    )
    result = await ask(client.text_document_code_action_async(types.CodeActionParams(text_document=doc(uri), range=range_, context=context)))
    actions = [a for a in result or () if isinstance(a, types.CodeAction) and a.disabled is None]
    rng.shuffle(actions)
    balanced = parse(ref.text).balanced
    applied = 0
    for action in actions[:8]:
        data = action.data
        assert isinstance(data, dict) and data["uri"] == uri and data["version"] == version, action
        args = {k: v for k, v in data.items() if k not in ("uri", "version", "op")}
        outcome = expected_outcome(ref.text, data["op"], args)
        if action.edit is None:
            action = await ask(client.code_action_resolve_async(action))
        assert action.edit is not None, (action.title, case)
        result_text = ref.apply([(e.range, e.new_text) for e in workspace_text_edits(action.edit, uri, version)])
        assert outcome.ok, (action.title, outcome.refusal, case)
        assert result_text == outcome.preview(ref.text), (action.title, case)
        if balanced:
            assert parse(result_text).balanced, (action.title, case)
        applied += 1
    return applied


async def test_every_code_action_applied_gives_the_engines_preview(client: LanguageClient, tmp_path):
    follow_publications(client)
    encoding = encoding_of(client)
    rng = random.Random(11)
    applied = 0
    for number in range(ACTION_CASES):
        text = rng.choice(realistic_texts()) if rng.random() < 0.8 else random_text(rng)
        some_edits = [random_edit(rng) for _ in range(rng.choice([0, 0, 1, 2, 3]))]
        uri = (tmp_path / f"actions-{number}.cicadraft").as_uri()
        open_document(client, uri, text)
        ref = Ref(text, encoding)
        version = 1
        if some_edits:  # actions on a text the server knows through incremental edits
            content = []
            for edit in some_edits:
                change, after = content_change(ref, edit)
                content.append(change)
                ref = Ref(after, encoding)
            version = 2
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=content
                )
            )
        case = (text, some_edits)
        diagnostics = await diagnostics_of(client, uri, version)
        check_diagnostics(ref, diagnostics)
        draft = parse(ref.text)
        spots = [rng.randint(0, len(ref.text)) for _ in range(3)]
        spots += [b.open + 1 for b in rng.sample(draft.brackets, min(2, len(draft.brackets)))]
        for spot in spots:
            applied += await check_actions_at(client, ref, uri, version, spot, spot, diagnostics, rng, case)
        lo = rng.randint(0, len(ref.text))
        applied += await check_actions_at(client, ref, uri, version, lo, min(len(ref.text), lo + rng.randint(1, 200)), diagnostics, rng, case)
        # Each diagnostic's own range, as when the editor asks for its quick fixes.
        for diagnostic in diagnostics[:4]:
            start, end = ref.check_range(diagnostic.range, "diagnostic")
            applied += await check_actions_at(client, ref, uri, version, start, end, diagnostics, rng, case)
        close_document(client, uri)
        assert_no_failure(client, case)
    assert applied >= 10 * ACTION_CASES, f"only {applied} actions were applied: the cases are too poor"


@pytest.mark.parametrize("text", ["a [b] (+CHN, +CHN) ]", "a [] b ]"])
async def test_a_quick_fix_the_engine_refuses_is_not_offered(client: LanguageClient, tmp_path, text):
    """Found by the fuzzing above (fixed in 0934ed1): lazily resolved quick fixes that the
    engine refuses on an unbalanced draft were offered, then resolved to no edit."""
    follow_publications(client)

    async def quick_fixes(uri: str, text: str) -> list[types.CodeAction]:
        open_document(client, uri, text)
        diagnostics = await diagnostics_of(client, uri, 1)
        (fixable,) = [d for d in diagnostics if d.code in ("duplicate-tag", "empty-bracket")]
        result = await ask(
            client.text_document_code_action_async(
                types.CodeActionParams(
                    text_document=doc(uri),
                    range=fixable.range,
                    context=types.CodeActionContext(diagnostics=[fixable], only=[types.CodeActionKind.QuickFix]),
                )
            )
        )
        resolved = []
        for action in result or ():
            if action.edit is None:
                action = await ask(client.code_action_resolve_async(action))
            assert action.edit is not None, f"{action.title!r} was offered but resolves to nothing"
            resolved.append(action)
        return resolved

    await quick_fixes((tmp_path / "unbalanced.cicadraft").as_uri(), text)
    # Once the brackets balance, the fix is offered, and it resolves.
    assert len(await quick_fixes((tmp_path / "balanced.cicadraft").as_uri(), text.rstrip(" ]"))) == 1


# -- the same edits, in-process: the server's document layer on many more cases -----------------


@settings(max_examples=PURE_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(texts, changes, st.sampled_from(["utf-16", "utf-8", "utf-32"]))
def test_the_document_layer_applies_lsp_changes_like_the_reference(text, batches, encoding):
    document = DraftDocument("file:///d.cicadraft", 1, text)
    ref = Ref(text, encoding)
    for batch in batches:
        for edit in batch:
            change, after = content_change(ref, edit)
            document.apply(change, encoding)
            ref = Ref(after, encoding)
            assert document.text == ref.text
    assert [f.span for f in document.findings(REGISTRY, {}, "en")] == [
        f.span for f in DraftDocument("file:///e.cicadraft", 1, ref.text).findings(REGISTRY, {}, "en")
    ]
