"""Keeping big drafts out of the cyclic garbage collector's way (a server policy: the
syntax layer, shared with the command line and the tests, leaves the process alone).

A draft's parse and its whole-draft model are tens of thousands of small objects without
reference cycles; reference counting frees them when the draft or its version goes.
Left to the cyclic collector, they would be traversed by the following collections:
pauses of tens of milliseconds on a 1 MB draft (120 ms for 5 MB), during an open and on
some later keystroke or hover.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def settled():
    """Build without the collector, then move everything alive out of its reach
    (``gc.freeze``, constant time). Every generation is collected first, so that garbage
    left by other code (an outline's nodes, which refer to each other) is not frozen with
    the draft: frozen, it would never be freed. That full collection visits only what was
    made since the last freeze. Used for whole drafts only (an open, a whole-text change,
    a model assembled afresh), never on each keystroke, so short-lived cycles are still
    collected."""
    collecting = gc.isenabled()
    if collecting:
        gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
