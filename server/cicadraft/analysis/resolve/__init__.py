"""The resolution engine: settling proposals as exact text edits (SPEC §6, §7).

Pure Python, no LSP and no I/O: the language server's code actions and the
``cicadraft resolve`` command both call these functions. Every decision returns an
:class:`Outcome`: minimal, sorted, non-overlapping :class:`TextEdit` s against
``draft.text`` (code-point offsets), or a :class:`Refusal` saying why nothing changed.
See docs/resolve.md for the rules, including those SPEC leaves open.
"""

from .alternatives import Alternative, alternatives_at, choose_alternative, choose_label, choose_option, options_at
from .decisions import (
    accept,
    accept_all,
    describe,
    drop,
    drop_all,
    keep,
    keep_all,
    normalize_group,
    reject,
    reject_all,
    remove_stray,
    unknown_code,
    replace_code,
    settle,
    withdraw_tag,
    withdraw_tcb,
    would_override,
    would_override_all,
    would_override_each,
)
from .edits import Outcome, Override, Refusal, TextEdit, apply_edits
from .structure import Codes

__all__ = [
    "Alternative",
    "Codes",
    "Outcome",
    "Override",
    "Refusal",
    "TextEdit",
    "accept",
    "accept_all",
    "alternatives_at",
    "apply_edits",
    "choose_alternative",
    "choose_label",
    "choose_option",
    "describe",
    "drop",
    "drop_all",
    "keep",
    "keep_all",
    "normalize_group",
    "options_at",
    "reject",
    "reject_all",
    "remove_stray",
    "replace_code",
    "settle",
    "unknown_code",
    "withdraw_tag",
    "withdraw_tcb",
    "would_override",
    "would_override_all",
    "would_override_each",
]
