"""What a diff reports: changes in negotiators' terms and a summary per delegation.

The JSON form (:meth:`Report.as_json`) is a stable interface, documented in docs/diff.md:
new optional fields may appear, none changes meaning or goes away.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

SCHEMA_VERSION = 1

KINDS = (
    "proposal-added",
    "proposal-accepted",
    "proposal-dropped",
    "tag-added",
    "tag-withdrawn",
    "text-changed",
    "item-added",
    "item-removed",
    "item-renumbered",
    "item-moved",
)


@dataclass(slots=True)
class Change:
    kind: str
    old_item: str | None  # label, heading title, participle or first words in OLD
    new_item: str | None
    delegations: tuple[str, ...]
    old: str | None  # the text concerned in OLD, on one line
    new: str | None
    old_line: int | None  # 1-based
    new_line: int | None
    tag: str | None = None  # tag-added / tag-withdrawn: the tag, `+IND`, `AZER tcb`
    words: list[tuple[str, str]] | None = None  # text-changed: ("equal"|"delete"|"insert", text)
    order: tuple = field(default=(), compare=False, repr=False)  # where it sorts in the report

    def as_json(self) -> dict:
        data = {
            "kind": self.kind,
            "oldItem": self.old_item,
            "newItem": self.new_item,
            "delegations": list(self.delegations),
            "old": self.old,
            "new": self.new,
            "oldLine": self.old_line,
            "newLine": self.new_line,
        }
        if self.tag is not None:
            data["tag"] = self.tag
        if self.words is not None:
            data["words"] = [{"op": op, "text": text} for op, text in self.words]
        return data


@dataclass(slots=True)
class DelegationSummary:
    """Indexes into Report.changes."""

    gained: list[int] = field(default_factory=list)
    lost: list[int] = field(default_factory=list)
    joined: list[int] = field(default_factory=list)
    withdrew: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Report:
    changes: list[Change]
    old_units: int
    new_units: int
    paired: int  # units found in both
    delegations: dict[str, DelegationSummary] = field(default_factory=dict)

    @property
    def unrelated(self) -> bool:
        """Two drafts with next to nothing in common: the report lists everything."""
        smaller = min(self.old_units, self.new_units)
        return smaller >= 5 and self.paired * 10 < smaller

    def counts(self) -> dict[str, int]:
        counted = Counter(change.kind for change in self.changes)
        return {kind: counted[kind] for kind in KINDS if counted[kind]}

    def as_json(self) -> dict:
        return {
            "schema": SCHEMA_VERSION,
            "changes": [change.as_json() for change in self.changes],
            "summary": {
                "changes": len(self.changes),
                "kinds": self.counts(),
                "unrelated": self.unrelated,
                "delegations": {
                    code: {
                        "gained": entry.gained,
                        "lost": entry.lost,
                        "joined": entry.joined,
                        "withdrew": entry.withdrew,
                    }
                    for code, entry in sorted(self.delegations.items())
                },
            },
        }


def summarize(changes: list[Change], positions: list[dict[str, str]]) -> dict[str, DelegationSummary]:
    """Per delegation: ``positions[i]`` maps each delegation of change i to its stance
    there (``+``, ``-`` or ``tcb``).

    A proposal accepted is gained by its `+` and lost by its `-`; dropped, the other way
    round; a reservation (tcb) neither gains nor loses. A tag added or a proposal made is
    joining a position; a tag taken back (a reservation lifted too) is withdrawing.
    """
    found: dict[str, DelegationSummary] = {}
    for index, (change, stances) in enumerate(zip(changes, positions)):
        for code, stance in stances.items():
            entry = found.setdefault(code, DelegationSummary())
            if change.kind == "proposal-accepted":
                target = entry.gained if stance == "+" else entry.lost if stance == "-" else None
            elif change.kind == "proposal-dropped":
                target = entry.gained if stance == "-" else entry.lost if stance == "+" else None
            elif change.kind in ("tag-added", "proposal-added"):
                target = entry.joined
            elif change.kind == "tag-withdrawn":
                target = entry.withdrew
            else:
                target = None
            if target is not None and (not target or target[-1] != index):
                target.append(index)
    return {code: entry for code, entry in found.items() if entry.gained or entry.lost or entry.joined or entry.withdrew}
