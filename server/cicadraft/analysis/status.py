"""Counting a draft's open business: brackets, proposals, unbalanced brackets, and each
delegation's positions. Pure Python, no LSP: the ``cicadraft/status`` request, the
hover card of a delegation and the command line all count the same way.

Rules:

* ``brackets`` counts every `[` that opens a bracket (closed or not; a `[^label]`
  footnote reference is not a bracket); ``openProposals`` those of them that are
  proposals: not editorial notes, cross-references, placeholders or ellipses (SPEC §3,
  §9; :mod:`cicadraft.syntax.bracket_roles`); ``unbalanced`` the stray `]` plus the unclosed `[`.
* A delegation's positions count every tag in the draft, attached to a bracket or
  floating, malformed or not, by what the tag asks for (SPEC §4: a sign wins over
  ``tcb``). Delegations are compared by canonical code, so ``IRAN`` and ``IRN`` count
  together; a code the registry does not know counts under its upper-case spelling.
* In the status answer each delegation is named by the first spelling the draft uses
  for it (``IRAN`` in the seed, although the registry's code is ``IRN``), so that the
  keys are the codes the negotiators see.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cicadraft.syntax import Bracket, Draft


@dataclass
class Positions:
    """One delegation's tags in a draft."""

    code: str  # the first spelling used in the draft, upper case
    canonical: str  # the registry's code (the spelling itself when unknown)
    plus: int = 0
    minus: int = 0
    tcb: int = 0
    # Tags attached to a bracket (what a decision on the whole draft can act on).
    attached_signs: int = 0
    attached_tcb: int = 0
    spellings: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.plus + self.minus + self.tcb

    def as_json(self) -> dict[str, int]:
        return {"plus": self.plus, "minus": self.minus, "tcb": self.tcb}


def canonical_code(code: str, registry) -> str:
    upper = code.upper()
    if registry is None:
        return upper
    return registry.canonical(code) or registry.canonical(upper) or upper


def count_positions(draft: Draft, registry) -> dict[str, Positions]:
    """Every delegation with a tag in the draft, keyed by canonical code, in the order
    of their first tag."""
    found: dict[str, Positions] = {}
    canon: dict[str, str] = {}
    for group in draft.tag_groups:
        attached = group.bracket is not None
        for tag in group.syntax.tags:  # relative spans: only codes and kinds are read here
            written = tag.code.upper()
            key = canon.get(written)
            if key is None:
                key = canon[written] = canonical_code(written, registry)
            entry = found.get(key)
            if entry is None:
                entry = found[key] = Positions(code=written, canonical=key)
            if written not in entry.spellings:
                entry.spellings.append(written)
            kind = tag.kind
            if kind == "+":
                entry.plus += 1
            elif kind == "-":
                entry.minus += 1
            else:
                entry.tcb += 1
            if attached:
                if kind == "tcb":
                    entry.attached_tcb += 1
                else:
                    entry.attached_signs += 1
    return found


def positions_of(draft: Draft, registry, code: str, counted: dict[str, Positions] | None = None) -> Positions:
    """One delegation's positions (zero counts when it has none)."""
    key = canonical_code(code, registry)
    counted = count_positions(draft, registry) if counted is None else counted
    return counted.get(key) or Positions(code=code.upper(), canonical=key)


def is_proposal(bracket: Bracket) -> bool:
    return bracket.is_proposal


def status(draft: Draft, registry, counted: dict[str, Positions] | None = None) -> dict:
    """The answer of ``cicadraft/status``::

        {"openProposals": 9, "brackets": 14, "unbalanced": 0,
         "delegations": {"IRAN": {"plus": 4, "minus": 2, "tcb": 0}, ...}}
    """
    counted = count_positions(draft, registry) if counted is None else counted
    unclosed = sum(1 for bracket in draft.brackets if bracket.close is None)
    delegations: dict[str, dict[str, int]] = {}
    for entry in counted.values():
        key = entry.code
        if key in delegations:  # two delegations first written the same way: cannot happen
            key = entry.canonical
        delegations[key] = entry.as_json()
    return {
        "openProposals": sum(1 for bracket in draft.brackets if is_proposal(bracket)),
        "brackets": len(draft.brackets),
        "unbalanced": len(draft.stray_closes) + unclosed,
        "delegations": delegations,
    }


# --------------------------------------------------------------------------------------
# One bracket


@dataclass
class BracketPosition:
    """One delegation's stand on one bracket: its tags there, what they ask for, and
    what accepting or rejecting it does (keep, drop, withdraw, conflict; None for
    nothing to do)."""

    code: str  # as first written on this bracket, upper case
    canonical: str
    tags: list[tuple[int, int]]  # (group index, tag index)
    kinds: set[str]

    @property
    def conflict(self) -> bool:
        return "+" in self.kinds and "-" in self.kinds

    @property
    def wish(self) -> str:
        """``+``, ``-``, ``tcb`` or ``conflict``."""
        if self.conflict:
            return "conflict"
        if "+" in self.kinds:
            return "+"
        if "-" in self.kinds:
            return "-"
        return "tcb"

    def effect(self, accepting: bool) -> str | None:
        wish = self.wish
        if wish == "conflict":
            return "conflict"
        if wish == "+":
            return "keep" if accepting else "drop"
        if wish == "-":
            return "drop" if accepting else "keep"
        return "withdraw" if accepting else None


def bracket_positions(draft: Draft, bracket: Bracket, registry) -> list[BracketPosition]:
    """The delegations tagged on a bracket, in the order of their first tag."""
    found: dict[str, BracketPosition] = {}
    for g in bracket.tag_groups:
        # The group's own tags (relative offsets): codes and kinds are all this reads,
        # and placing each tag in the document would build new spans for every one.
        for t, tag in enumerate(draft.tag_groups[g].syntax.tags):
            written = tag.code.upper()
            key = canonical_code(written, registry)
            entry = found.get(key)
            if entry is None:
                entry = found[key] = BracketPosition(written, key, [], set())
            entry.tags.append((g, t))
            entry.kinds.add(tag.kind)
    return list(found.values())


__all__ = [
    "BracketPosition",
    "Positions",
    "bracket_positions",
    "canonical_code",
    "count_positions",
    "positions_of",
    "status",
]
