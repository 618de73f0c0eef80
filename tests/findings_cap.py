"""The cap on the findings an editor is sent, stated plainly for the tests to compare
with: errors first, then warnings, information, hints, each the first ones in the
document, sent in document order."""

from __future__ import annotations

from cicadraft.analysis.diagnostics import SEVERITIES


def capped(findings: list, limit: int) -> tuple[list, int]:
    """The cap as the server first applied it, on the whole list of findings; and how
    many there are in all."""
    rank = {severity: number for number, severity in enumerate(SEVERITIES)}
    ranked = sorted(range(len(findings)), key=lambda i: (rank[findings[i].severity], i))
    return [findings[i] for i in sorted(ranked[:limit])], len(findings)
