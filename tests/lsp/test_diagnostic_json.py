"""The pushed diagnostics, built from pieces kept per block across edits
(cicadraft.lsp.diagnostic_json), are the very JSON text that ``json.dumps`` makes of the
diagnostics of a document analysed from scratch: after random edit sequences (line breaks
added and removed before blocks, CRLF and lone CR, astral characters before findings on
the same line), in every position encoding, with severity tables and the locale changed
between edits, and with the cap's too-many-findings note."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsprotocol import types

from cicadraft.analysis.diagnostics import CODES, SEVERITIES
from cicadraft.lsp import lifecycle
from cicadraft.lsp.documents import DraftDocument
from cicadraft.registry import default_registry
from cicadraft.syntax.text import LineIndex, count_units

sys.path.insert(0, str(Path(__file__).parents[2]))
from benchmarks.shapes import shape  # noqa: E402

REGISTRY = default_registry()
URI = "file:///tmp/diagnostic-json.cicadraft"
ENCODINGS = ("utf-16", "utf-8", "utf-32")


def server(encoding: str, severities: dict | None = None, locale: str = "en"):
    """What lifecycle's diagnostics need of the server."""
    severities = severities or {}
    return SimpleNamespace(
        encoding=encoding,
        registry_for=lambda document: REGISTRY,
        severities_for=lambda document: severities,
        locale_for=lambda document: locale,
        first_findings=lambda document, limit: document.first_findings(REGISTRY, severities, locale, limit),
    )


def from_scratch(text: str, version: int, srv) -> str:
    """The publishDiagnostics parameters of a fresh document, as pygls would write them."""
    fresh = DraftDocument(URI, version, text)
    return json.dumps({"uri": URI, "diagnostics": lifecycle.diagnostic_dicts(srv, fresh), "version": version})


def change(document: DraftDocument, start: int, end: int, inserted: str, encoding: str) -> None:
    """An edit as an editor sends it: a range in the negotiated encoding."""
    lines = LineIndex(document.text)

    def position(offset: int) -> types.Position:
        line, character = lines.position(offset, encoding)
        return types.Position(line=line, character=character)

    document.apply(
        types.TextDocumentContentChangePartial(range=types.Range(start=position(start), end=position(end)), text=inserted),
        encoding,
    )
    document.version = (document.version or 0) + 1


def assert_published_as_from_scratch(document: DraftDocument, srv) -> None:
    published = lifecycle.publish_params_json(srv, document)
    assert published == from_scratch(document.text, document.version, srv)
    json.loads(published)  # and it is JSON


# Pieces with findings of every kind, line breaks of every kind and characters that
# take more than one unit in UTF-16 and UTF-8.
PIECES = [
    "[", "]", "(+IRAN)", "(+iran)", "(+IRNA)", "(INDD tcb)", "(+IND, +IND)", "(+IND) (-IND)", "[ ]",
    "1. ", "1. ", "(a) ", "Chapter 2. X", "words", "𝄞", "😀 ", "é", "\n", "\n\n", "\r\n", "\r\n\r\n", "\r", "\r\r",
]
drafts = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
edits = st.lists(st.tuples(st.floats(0, 1), st.integers(0, 6), st.sampled_from(PIECES + [""])), max_size=10)
severity_tables = st.dictionaries(st.sampled_from(CODES), st.sampled_from([*SEVERITIES, "off"]), max_size=4)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts, edits, severity_tables, st.sampled_from(ENCODINGS), st.sampled_from([1, 3, 1000]))
def test_pieces_kept_across_edits_publish_what_a_fresh_analysis_does(text, steps, severities, encoding, cap):
    original_cap = lifecycle.MAX_DIAGNOSTICS
    lifecycle.MAX_DIAGNOSTICS = cap  # a small cap: the note, and findings left out
    try:
        srv = server(encoding)
        document = DraftDocument(URI, 1, text)
        assert_published_as_from_scratch(document, srv)
        for number, (where, removed, inserted) in enumerate(steps):
            start = int(where * len(document.text))
            change(document, start, min(start + removed, len(document.text)), inserted, encoding)
            if number == len(steps) // 2:
                # The settings change half way: new severities, another locale.
                srv = server(encoding, severities, "ru" if number % 2 else "en")
                document.forget_findings()
            assert_published_as_from_scratch(document, srv)
    finally:
        lifecycle.MAX_DIAGNOSTICS = original_cap


def test_a_finding_after_astral_characters_counts_them_in_the_editors_units():
    text = "1. 𝄞😀 [text] (+IRNA)\r\n\r\n2. é [a] (+iran)\r3. [b] (INDD tcb)\n"
    for encoding in ENCODINGS:
        srv = server(encoding)
        document = DraftDocument(URI, 1, text)
        published = json.loads(lifecycle.publish_params_json(srv, document))
        unknown = next(d for d in published["diagnostics"] if d["code"] == "unknown-code")
        before = text[: text.index("IRNA")]
        assert unknown["range"]["start"] == {"line": 0, "character": count_units(before, encoding)}
        assert_published_as_from_scratch(document, srv)


def test_line_breaks_added_before_a_block_move_its_kept_diagnostics():
    srv = server("utf-16")
    document = DraftDocument(URI, 1, "intro\n\n1. [a] (+iran) (+IRNA)\n\n2. [b] (+IND) (-IND)\n")
    lifecycle.publish_params_json(srv, document)  # the pieces are rendered and kept
    for inserted in ("\n", "\r\n\r\n", "𝄞\r", "[", "(+IND) "):
        change(document, 0, 0, inserted, "utf-16")
        assert_published_as_from_scratch(document, srv)
    change(document, 0, 4, "", "utf-16")  # and removed
    assert_published_as_from_scratch(document, srv)


def test_codes_newly_in_use_change_the_suggestions_of_kept_unknown_codes():
    srv = server("utf-16")
    document = DraftDocument(URI, 1, "1. [a] (+IRNA)\n\n2. [b] (+IND)\n")
    before = json.loads(lifecycle.publish_params_json(srv, document))
    change(document, len(document.text), len(document.text), "\n3. [c] (+IRAN)\n", "utf-16")
    after = json.loads(lifecycle.publish_params_json(srv, document))
    assert_published_as_from_scratch(document, srv)
    first = [d for d in before["diagnostics"] if d["code"] == "unknown-code"][0]
    again = [d for d in after["diagnostics"] if d["code"] == "unknown-code"][0]
    assert again["data"]["suggestions"][0] == "IRAN"  # the spelling the draft now writes
    assert first["range"] == again["range"]


@pytest.mark.parametrize("name", ["findings", "real", "items"])
def test_random_edits_on_benchmark_shapes_publish_what_a_fresh_analysis_does(name):
    rng = random.Random(name)
    srv = server("utf-16")
    document = DraftDocument(URI, 1, shape(name, 40_000, seed=3))
    assert_published_as_from_scratch(document, srv)
    for _ in range(12):
        start = rng.randrange(len(document.text) + 1)
        end = min(start + rng.choice([0, 0, 1, 2, 40]), len(document.text))
        change(document, start, end, rng.choice(["x", "[", "]", "", "\n", "\n\n", "(+ind)", "(-INDD)", "𝄞"]), "utf-16")
        assert_published_as_from_scratch(document, srv)



def test_new_severities_and_locale_render_the_kept_blocks_again():
    document = DraftDocument(URI, 1, "1. [a] (+iran) (+IRNA)\n\n2. [b] (+IND) (+IND) [ ]\n")
    english = server("utf-16")
    first = lifecycle.publish_params_json(english, document)
    for severities, locale in (({"unknown-code": "error", "malformed-tag": "hint"}, "en"), ({}, "ru"), ({"duplicate-tag": "off"}, "ru")):
        srv = server("utf-16", severities, locale)
        document.forget_findings()
        assert_published_as_from_scratch(document, srv)
        assert lifecycle.publish_params_json(srv, document) != first
    for encoding in ENCODINGS:  # and another encoding
        assert_published_as_from_scratch(document, server(encoding))


@pytest.mark.parametrize(
    "data",
    [{}, {"fix": "(+IND)"}, {"group": 2}, {"group": 2, "tag": 0, "suggestions": ["IND"]}, {"bracket": 4, "code": "IND"},
     {"bracket": None, "code": "IND"}, {"tag": 1, "group": 2}, {"group": 1, "bracket": 3}],
)
def test_a_block_piece_is_the_json_of_its_diagnostic_with_the_indexes_made_document_wide(data):
    from cicadraft.analysis.diagnostics import rebase_indexes
    from cicadraft.lsp.diagnostic_json import block_piece

    rendered = block_piece(2, "unknown-code", "Unknown “IRNA”", data, (1, 4), (2, 0)).json(10, 100, 1000)
    expected = {
        "range": {"start": {"line": 11, "character": 4}, "end": {"line": 12, "character": 0}},
        "message": "Unknown “IRNA”",
        "severity": 2,
        "code": "unknown-code",
        "source": "cicadraft",
    }
    if data:
        expected["data"] = rebase_indexes(data, 100, 1000)
    assert rendered == json.dumps(expected)
