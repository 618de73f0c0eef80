"""The diff engine: what changed between two revisions of a draft, in negotiators' terms
(proposals accepted or dropped, delegations joining or withdrawing, paragraphs added,
removed, renumbered, moved or reworded). Pure Python, no I/O; see docs/diff.md.
"""

from .changes import compare, compare_drafts
from .model import KINDS, SCHEMA_VERSION, Change, DelegationSummary, Report

__all__ = ["KINDS", "SCHEMA_VERSION", "Change", "DelegationSummary", "Report", "compare", "compare_drafts"]
