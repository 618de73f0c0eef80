"""A big draft's blocks scanned in a forked child (cicadraft.lsp.forked_scan) parse exactly
as when this process scans them, whatever the child does: sends every stretch, dies,
falls silent or sends what does not read back. No child is left behind, and no pipe."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from cicadraft.analysis.document_findings import analyze
from cicadraft.lsp import forked_scan
from cicadraft.lsp.lifecycle import MAX_DIAGNOSTICS
from cicadraft.registry import default_registry
from cicadraft.syntax import blocks, parse
from cicadraft.syntax.blocks import block_matches, parse_blocks
from cicadraft.syntax.incremental import DraftState
from cicadraft.syntax.scanner import block_scanner

from conftest import open_draft, span_of, uri_for
from findings_cap import capped

sys.path.insert(0, str(Path(__file__).parents[2]))
from benchmarks.shapes import SHAPES, shape  # noqa: E402

SIZE = 400_000  # above forked_scan.MIN_CHARS, so that a child scans


def block_texts(text: str) -> list[str]:
    return [match.group() for match in block_matches(text)]


def parsed_here(text: str) -> list:
    """The blocks' parses with every block scanned in this process, from an empty cache."""
    blocks._cache.entries.clear()
    return DraftState(text).syntaxes


def parsed_with_child(text: str) -> list:
    blocks._cache.entries.clear()
    return DraftState(text, forked_scan.scan_ahead).syntaxes


def unusual_draft(size: int) -> str:
    """CRLF and lone CR breaks, astral characters, NUL, BOM, tags of every spelling."""
    parts = []
    n = 0
    while sum(map(len, parts)) < size:
        n += 1
        parts.append(
            f"\ufeff{n}. 𝄞 text\r\n[with 😀 a [nested] (+ind) bracket] (-IRAN) (AZER tcb)\r(+CHN)\x00 [open {n}\n\n"
            f"Chapter {n}. Heading\r\n\r\n]{n} (+XXQ) ; [] (KAZ TCB)\n\n"
        )
    return "".join(parts)


def forks_of_this_process() -> set[int]:
    """This process's children that run what it runs (forks, not the servers the LSP
    tests start), zombies included."""
    children = set()
    for task in os.listdir(f"/proc/{os.getpid()}/task"):
        with open(f"/proc/{os.getpid()}/task/{task}/children") as listed:
            children.update(int(pid) for pid in listed.read().split())
    with open("/proc/self/cmdline", "rb") as own:
        command = own.read()
    forks = set()
    for pid in children:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as theirs:
                # (A zombie's command line reads empty.)
                if theirs.read() in (command, b""):
                    forks.add(pid)
        except OSError:
            pass
    return forks


def reaped_soon() -> bool:
    """Whether every scanning child is gone within a few seconds."""
    for _ in range(100):
        forked_scan._reap()
        if not forked_scan._unreaped:
            return True
        time.sleep(0.05)
    return False


def open_pipes() -> set[str]:
    pipes = set()
    for descriptor in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{descriptor}")
        except OSError:  # the listing's own descriptor, closed by now
            continue
        if target.startswith("pipe:"):
            pipes.add(f"{descriptor} {target}")
    return pipes


@pytest.fixture(autouse=True)
def no_leftovers():
    pipes = open_pipes()
    before = forks_of_this_process()
    yield
    assert reaped_soon()
    assert forks_of_this_process() <= before
    assert open_pipes() <= pipes


@pytest.mark.parametrize("name", SHAPES)
def test_the_child_scans_as_this_process_does(name):
    text = shape(name, SIZE, seed=3)
    texts = block_texts(text)
    blocks._cache.entries.clear()
    scanned = forked_scan.scan_ahead(texts)
    distinct = sum(len(t) for t in set(texts))
    if distinct < forked_scan.MIN_CHARS:
        # Repeated drafts (the real shape): most blocks would come from the cache.
        assert scanned is None
        return
    assert scanned is not None
    lists = list(scanned)
    assert len(lists) == len(texts)
    tokens = block_scanner().tokens
    sent = [(text_, found) for text_, found in zip(texts, lists) if found is not None]
    # Everything after the first stretch is the child's, but for a text seen before.
    assert len(sent) >= len(set(texts[len(texts) // 2 :])) // 2
    for text_, found in sent:
        assert found == tokens(text_)
    assert parsed_with_child(text) == parsed_here(text)


def test_unusual_text_parses_the_same():
    text = unusual_draft(SIZE)
    assert parsed_with_child(text) == parsed_here(text)


def test_a_second_open_of_the_same_draft_starts_no_child():
    text = shape("findings", SIZE, seed=4)
    parsed_with_child(text)
    assert forked_scan.scan_ahead(block_texts(text)) is None  # all in the parse cache


def test_small_drafts_switched_off_or_one_core_start_no_child(monkeypatch):
    blocks._cache.entries.clear()
    assert forked_scan.scan_ahead(block_texts(shape("findings", 100_000, seed=5))) is None
    texts = block_texts(shape("findings", SIZE, seed=5))
    monkeypatch.setenv(forked_scan.NO_FORK_VARIABLE, "1")
    assert forked_scan.scan_ahead(texts) is None
    monkeypatch.delenv(forked_scan.NO_FORK_VARIABLE)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert forked_scan.scan_ahead(texts) is None


def _dies(texts, stretches, reader, writer):
    os._exit(0)


def _falls_silent(texts, stretches, reader, writer):
    time.sleep(120)
    os._exit(0)


def _sends_garbage(texts, stretches, reader, writer):
    os.write(writer, (10).to_bytes(8, "little") + b"\x00not marsh")
    os.write(writer, (1 << 40).to_bytes(8, "little"))
    os._exit(0)


def _sends_a_wrong_count(texts, stretches, reader, writer):
    import marshal

    data = marshal.dumps([[("LINE_TEXT", 0, 1)]])
    os.write(writer, len(data).to_bytes(8, "little") + data)
    os._exit(0)


def _sends_wrong_tokens(texts, stretches, reader, writer):
    import marshal

    for first, after in stretches:
        data = marshal.dumps([[("NO_SUCH", 0, 10**9), "x"] for _ in range(first, after)])
        os.write(writer, len(data).to_bytes(8, "little") + data)
    os._exit(0)


@pytest.mark.parametrize("child", [_dies, _falls_silent, _sends_garbage, _sends_a_wrong_count, _sends_wrong_tokens])
def test_whatever_the_child_does_the_parse_is_the_same(monkeypatch, child):
    monkeypatch.setattr(forked_scan, "_child", child)
    monkeypatch.setattr(forked_scan, "STRETCH_WAIT_S", 0.5)
    text = shape("items", SIZE, seed=6)
    expected = parsed_here(text)
    started = time.monotonic()
    assert parsed_with_child(text) == expected
    assert time.monotonic() - started < 10


def test_a_reader_dropped_half_way_stops_the_child(monkeypatch):
    monkeypatch.setattr(forked_scan, "_child", _falls_silent)
    blocks._cache.entries.clear()
    scanned = forked_scan.scan_ahead(block_texts(shape("items", SIZE, seed=7)))
    assert scanned is not None
    next(scanned)
    del scanned  # the fixture checks that the child is gone and the pipe closed


def test_a_short_list_of_scans_leaves_the_rest_to_this_process():
    text = shape("generator", 50_000, seed=8)
    texts = block_texts(text)
    tokens = block_scanner().tokens
    blocks._cache.entries.clear()
    partly = parse_blocks(texts, iter([tokens(texts[0]), None]))
    assert partly == parsed_here(text)


# -- through the server ------------------------------------------------------------------


async def test_the_server_opens_a_big_draft_with_the_findings_of_a_whole_parse(client: LanguageClient, tmp_path):
    text = shape("findings", SIZE, seed=9) + "\n\n9.9 [an unclosed (+CHN) bracket at the end\n"
    expected, _ = capped(analyze(parse(text), default_registry()), MAX_DIAGNOSTICS)
    diagnostics = await open_draft(client, uri_for(tmp_path), text)
    published = [(d.code, *span_of(client, text, d.range)) for d in diagnostics if d.code != "too-many-findings"]
    assert published == [(finding.code, finding.span.start, finding.span.end) for finding in expected]
    assert any(d.code == "unclosed-bracket" for d in diagnostics)
    note = [d for d in diagnostics if d.code == "too-many-findings"]
    assert len(note) == 1 and note[0].severity == types.DiagnosticSeverity.Information
