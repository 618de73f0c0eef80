"""The diff engine: what changed between two revisions of a draft, in negotiators' terms
(proposals accepted or dropped, delegations joining or withdrawing, paragraphs added,
removed, renumbered, moved or reworded). Pure Python, no I/O; see docs/diff.md.

The names below are loaded when first used: every command line builds the parser of
``diff`` (its formats and locales, from ``.render``), and loading the engine (difflib, the
units and the alignment, about 4 ms) for that slowed ``cicadraft check``.
"""

from __future__ import annotations

from importlib import import_module

_HOMES = {
    "compare": ".changes",
    "compare_drafts": ".changes",
    "KINDS": ".model",
    "SCHEMA_VERSION": ".model",
    "Change": ".model",
    "DelegationSummary": ".model",
    "Report": ".model",
}


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])


__all__ = ["KINDS", "SCHEMA_VERSION", "Change", "DelegationSummary", "Report", "compare", "compare_drafts"]
