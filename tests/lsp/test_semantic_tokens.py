"""Semantic tokens over LSP, as VS Code and as Neovim: the legend, token texts decoded
in the negotiated encoding, range requests, and the degraded answer on huge drafts.
Also the capabilities of the structure features (folding, outline, completion,
highlights, references, rename)."""

from __future__ import annotations

import asyncio

from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types
from pytest_lsp import LanguageClient

from cicadraft.lsp.semantic_tokens import MAX_TOKENS, TOKEN_MODIFIERS, TOKEN_TYPES, collect, encode
from cicadraft.registry import default_registry
from cicadraft.syntax import parse
from cicadraft.syntax import Span
from cicadraft.syntax.text import LineIndex
from conftest import TIMEOUT, encoding_of, open_draft, position, uri_for
from draftgen import drafts


def decode(client: LanguageClient, text: str, data) -> list[tuple[int, str, str, set[str]]]:
    """(line, token text, type, modifiers) for each token, checking that no token
    overlaps the one before or runs past the end of its line."""
    lines, enc = LineIndex(text), encoding_of(client)
    assert len(data) % 5 == 0
    found = []
    line = column = 0
    previous_end = (-1, -1)
    for i in range(0, len(data), 5):
        delta_line, delta_start, length, kind, mods = data[i : i + 5]
        line += delta_line
        column = column + delta_start if delta_line == 0 else delta_start
        assert length > 0
        start = lines.offset(line, column, enc)
        end = lines.offset(line, column + length, enc)
        assert lines.position(end, enc) == (line, column + length), "a token runs past its line"
        assert (line, column) >= previous_end, "tokens overlap"
        previous_end = (line, column + length)
        names = {name for bit, name in enumerate(TOKEN_MODIFIERS) if mods >> bit & 1}
        found.append((line, text[start:end], TOKEN_TYPES[kind], names))
    return found


async def full(client: LanguageClient, uri: str) -> list[int]:
    result = await asyncio.wait_for(
        client.text_document_semantic_tokens_full_async(
            types.SemanticTokensParams(text_document=types.TextDocumentIdentifier(uri=uri))
        ),
        TIMEOUT,
    )
    return list(result.data)


async def in_range(client: LanguageClient, uri: str, start: types.Position, end: types.Position) -> list[int]:
    result = await asyncio.wait_for(
        client.text_document_semantic_tokens_range_async(
            types.SemanticTokensRangeParams(
                text_document=types.TextDocumentIdentifier(uri=uri), range=types.Range(start=start, end=end)
            )
        ),
        TIMEOUT,
    )
    return list(result.data)


ODD = (
    "# Title 😀 𝄞 here\r\n"
    "\r\n"
    "1. 𝄞 text [x\f] (+IRAN) \u2028 [y [deep]] (-INDD)\v (AZER tcb)\r\n"
    "2bis 😀 [z] (+ ACMECORP) and (+LAS), words (-CHN)\r\n"
    "11 alt. [NOTE: pending] ] end\n"
)


async def test_tokens_with_astral_characters_crlf_and_odd_separators(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, ODD)
    tokens = decode(client, ODD, await full(client, uri))
    assert tokens == [
        (0, "# Title 😀 𝄞 here", "heading", {"level1"}),
        (2, "1.", "label", set()),
        (2, "[", "bracket", {"depth1"}),
        (2, "]", "bracket", {"depth1"}),
        (2, "+", "sign", {"proposed"}),
        (2, "IRAN", "delegation", {"proposed"}),
        (2, "[", "bracket", {"depth1"}),
        (2, "[", "bracket", {"depth2"}),
        (2, "]", "bracket", {"depth2"}),
        (2, "]", "bracket", {"depth1"}),
        (2, "-", "sign", {"opposed"}),
        (2, "INDD", "delegation", {"opposed", "unknown"}),
        (2, "AZER", "delegation", {"reserved"}),  # a group after a group still attaches
        (2, "tcb", "reservation", {"reserved"}),
        (3, "2bis", "label", {"inserted"}),
        (3, "[", "bracket", {"depth1"}),
        (3, "]", "bracket", {"depth1"}),
        (3, "+", "sign", {"proposed", "malformed"}),
        (3, "ACMECORP", "delegation", {"proposed", "malformed", "unknown"}),
        (3, "+", "sign", {"proposed", "floating"}),  # words stand between it and the `]`
        (3, "LAS", "delegation", {"proposed", "observer", "floating"}),
        (3, "-", "sign", {"opposed", "floating"}),
        (3, "CHN", "delegation", {"opposed", "floating"}),
        (4, "11 alt.", "label", {"alternative"}),
        (4, "[", "bracket", {"depth1", "editorial"}),
        (4, "NOTE", "note", set()),
        (4, "]", "bracket", {"depth1", "editorial"}),
        (4, "]", "bracket", {"unmatched"}),
    ]


async def test_multi_line_titles_give_one_token_per_line_around_brackets(client: LanguageClient, tmp_path):
    text = "DRAFT [ROAD] MAP\nFOR CICA 😀 TRANSFORMATION\n\n1. Text\n"
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    tokens = decode(client, text, await full(client, uri))
    assert [(line, word, kind) for line, word, kind, _ in tokens] == [
        (0, "DRAFT", "heading"),
        (0, "[", "bracket"),
        (0, "ROAD", "heading"),
        (0, "]", "bracket"),
        (0, "MAP", "heading"),
        (1, "FOR CICA 😀 TRANSFORMATION", "heading"),
        (3, "1.", "label"),
    ]


async def test_range_request_gives_the_tokens_of_its_lines(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, ODD)
    line3 = ODD.index("2bis")
    everything = decode(client, ODD, await full(client, uri))
    # Part of a line gives the tokens of the whole line.
    tokens = decode(client, ODD, await in_range(client, uri, position(client, ODD, line3 + 8), position(client, ODD, line3 + 12)))
    assert tokens == [token for token in everything if token[0] == 3]
    assert [word for _, word, _, _ in tokens] == ["2bis", "[", "]", "+", "ACMECORP", "+", "LAS", "-", "CHN"]
    # Two lines, the first one from its end.
    tokens = decode(client, ODD, await in_range(client, uri, position(client, ODD, line3 - 3), position(client, ODD, line3 + 2)))
    assert tokens == [token for token in everything if token[0] in (2, 3)]
    # A range past the end of the document is clamped to it.
    tail = ODD.index("11 alt.")
    tokens = decode(
        client, ODD, await in_range(client, uri, position(client, ODD, tail), types.Position(line=99, character=5))
    )
    assert [word for _, word, _, _ in tokens] == ["11 alt.", "[", "NOTE", "]", "]"]


async def test_unknown_document_gets_no_tokens(client: LanguageClient, tmp_path):
    uri = uri_for(tmp_path, "never-opened.cicadraft")
    assert await full(client, uri) == []
    assert await in_range(client, uri, types.Position(0, 0), types.Position(5, 0)) == []


async def test_huge_drafts_degrade_to_range_tokens_and_say_so_once(client: LanguageClient, tmp_path):
    line = "[[[[[[[[[[x]]]]]]]]]]\n"
    count = MAX_TOKENS // 20 + 10  # twenty bracket tokens a line
    text = line * count
    uri = uri_for(tmp_path)
    await open_draft(client, uri, text)
    assert await full(client, uri) == []
    assert await full(client, uri) == []
    tokens = decode(client, text, await in_range(client, uri, types.Position(5, 0), types.Position(6, 0)))
    assert [(line_number, word) for line_number, word, _, _ in tokens] == [(5, "[")] * 10 + [(5, "]")] * 10
    assert [mods for *_, mods in tokens][:4] == [{"depth1"}, {"depth2"}, {"depth3"}, {"depth4"}]
    told = [m.message for m in client.log_messages if "very large" in m.message]
    assert len(told) == 1 and uri in told[0]


# -- capabilities ------------------------------------------------------------------------


async def test_capabilities_of_the_structure_features(client: LanguageClient):
    caps = client.server_capabilities
    tokens = caps.semantic_tokens_provider
    assert list(tokens.legend.token_types) == TOKEN_TYPES
    assert list(tokens.legend.token_modifiers) == TOKEN_MODIFIERS
    assert tokens.full is True and tokens.range is True
    assert caps.folding_range_provider
    assert caps.document_symbol_provider
    assert caps.document_highlight_provider
    assert caps.references_provider
    assert set(caps.completion_provider.trigger_characters) == {"(", "+", "-", " ", ","}
    assert caps.rename_provider == types.RenameOptions(prepare_provider=True)


# -- properties on generated drafts (no server) ------------------------------------------------



@settings(max_examples=40, deadline=None)
@given(st.one_of(drafts(), drafts(balanced=False)), st.sampled_from(["utf-16", "utf-8"]), st.data())
def test_tokens_of_any_draft_are_sorted_single_line_and_disjoint(text, enc, data):
    lines = LineIndex(text)
    draft = parse(text)
    tokens = collect(draft, default_registry(), lines)
    # A window gives the tokens of the lines it touches, exactly as the full request.
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    touched = range(lines.line_of(lo), lines.line_of(max(hi - 1, lo)) + 1)
    assert collect(draft, default_registry(), lines, lo, hi) == [t for t in tokens if lines.line_of(t[0]) in touched]
    end = -1
    for start, stop, kind, _mods in tokens:
        assert end <= start < stop
        assert lines.line_of(start) == lines.line_of(stop) and stop <= lines.line_end(lines.line_of(start))
        end = stop
    data = encode(tokens, lines, enc)
    assert len(data) == 5 * len(tokens)
    # Decoding gives back the same offsets.
    line = column = 0
    for i, (start, stop, _, _) in enumerate(tokens):
        delta_line, delta_start, length = data[5 * i : 5 * i + 3]
        line += delta_line
        column = column + delta_start if delta_line == 0 else delta_start
        assert lines.offset(line, column, enc) == start
        assert lines.offset(line, column + length, enc) == stop


def test_range_tokens_equal_the_full_tokens_of_their_lines_on_every_benchmark_shape():
    """The range path walks up the nesting and builds only the window's items: on the
    benchmarks' shapes (long brackets across blocks, whole chapters on one line, unclosed
    brackets), a window still gets exactly the full request's tokens of its lines."""
    import random
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parents[2]))
    from benchmarks.shapes import SHAPES, shape

    rng = random.Random(5)
    registry = default_registry()
    for name in SHAPES:
        text = shape(name, 40_000, seed=2)
        for broken in (text, text.replace("]", "", 3)):
            lines = LineIndex(broken)
            tokens = collect(parse(broken), registry, lines)
            assert tokens
            for _ in range(20):
                lo = rng.randrange(len(broken))
                hi = min(len(broken), lo + rng.randrange(1, 4000))
                touched = range(lines.line_of(lo), lines.line_of(max(hi - 1, lo)) + 1)
                assert collect(parse(broken), registry, lines, lo, hi) == [t for t in tokens if lines.line_of(t[0]) in touched]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "é", "😀", "\ud800", " ", "[", "\n", "\r\n", "\r", "Ж", "x"]), max_size=40).map("".join),
    st.sampled_from(["utf-16", "utf-8", "utf-32"]),
    st.lists(st.integers(-2, 45), max_size=30),
)
def test_the_offset_walker_gives_the_line_index_positions_in_any_order(text, enc, offsets):
    # The walker counts a line's code units only where its characters are not one unit
    # each (non-ASCII in UTF-8 or UTF-16); columns elsewhere are offset differences.
    from cicadraft.lsp.semantic_tokens import OffsetWalker

    lines = LineIndex(text)
    walker = OffsetWalker(lines, enc)
    for offset in sorted(offsets) + offsets:
        assert walker.position(offset) == lines.position(offset, enc)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "é", "😀", "\ud800", " ", "[", "\n", "\r\n", "\r", "Ж", "x"]), max_size=40).map("".join),
    st.sampled_from(["utf-16", "utf-8", "utf-32"]),
    st.lists(st.tuples(st.integers(-3, 45), st.integers(-3, 45)), max_size=20),
)
def test_many_spans_at_once_have_the_line_index_positions(text, enc, pairs):
    # Positions.line_columns walks the sorted offsets once, counting units only on lines
    # that are not one unit per character; offsets outside the text are clamped.
    from cicadraft.lsp.positions import Positions

    lines = LineIndex(text)
    spans = [Span(a, b) for a, b in pairs]
    assert Positions(lines, enc).line_columns(spans) == [(lines.position(s.start, enc), lines.position(s.end, enc)) for s in spans]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "é", "😀", " ", "[", "\n", "\r\n", "\r", "x"]), max_size=40).map("".join),
    st.sampled_from(["utf-16", "utf-8", "utf-32"]),
    st.lists(st.tuples(st.integers(-2, 45), st.integers(0, 6)), max_size=20),
)
def test_encoding_tokens_places_them_as_the_line_index_does(text, enc, spans):
    # encode places tokens on one-unit-per-character lines by offset differences: the
    # same five integers as stated plainly with LineIndex, for any token, also one that
    # runs past its line's end or out of the text.
    lines = LineIndex(text)
    tokens = sorted((start, start + size, 1, 0) for start, size in spans)
    expected, previous_line, previous_start = [], 0, 0
    for start, end, kind, mods in tokens:
        line, column = lines.position(start, enc)
        end_line, end_column = lines.position(end, enc)
        length = end_column - column if end_line == line else 0
        if length <= 0:
            continue
        delta = line - previous_line
        expected += [delta, column - previous_start if delta == 0 else column, length, kind, mods]
        previous_line, previous_start = line, column
    assert encode(tokens, lines, enc) == expected
