"""The server keeps big drafts out of the cyclic collector's way (lsp/memory.py) without
ever freezing garbage: frozen objects are never freed."""

from __future__ import annotations

import gc
import weakref

from lsprotocol import types

from cicadraft.lsp.documents import DraftDocument
from cicadraft.lsp.memory import settled


class _Node:
    """An object in a reference cycle, as an outline's nodes are (parent ↔ children)."""

    def __init__(self):
        self.me = self


def test_garbage_in_cycles_is_freed_before_a_freeze():
    for _ in range(3):
        gc.collect()  # what earlier tests left, out of the way
    node = _Node()
    gc.collect()  # the node reaches the oldest generation while alive, as after a request
    gone = weakref.ref(node)
    del node  # garbage now, reachable from its own cycle only
    before = gc.get_freeze_count()
    with settled():
        pass
    try:
        assert gone() is None, "a freeze kept garbage with reference cycles alive for good"
    finally:
        gc.unfreeze()  # leave the test process as it was
    assert gc.get_freeze_count() >= before


def test_the_model_after_an_edit_freezes_nothing():
    # After a keystroke the model is built from the previous one: a few new objects, left
    # to the collector. (Freezing on each keystroke froze the garbage of the requests
    # between them: 6 MB per outline request on a 1 MB draft.)
    text = "".join(f"{n}. Paragraph [words (+IND)] and more words.\n\n" for n in range(1, 400))
    document = DraftDocument("file:///m.cicadraft", 1, text)
    document.draft  # the first model, settled
    gc.unfreeze()
    for n in range(5):
        document.apply(types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=2 * n, character=4), end=types.Position(line=2 * n, character=4)),
            text="x"), "utf-16")
        assert document.state.builds_from_previous
        document.draft
        assert gc.get_freeze_count() == 0
