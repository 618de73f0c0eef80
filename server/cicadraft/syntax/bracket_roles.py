"""What a bracket is for (SPEC §3, §9): a proposal, or one of the brackets UN drafts use
for other things, which are not contested text.

* ``note``: an editorial note, ``[NOTE …]``, ``[Note: …]``, ``[Placeholder for …]``,
  ``[Agreed ad ref]`` (SPEC §3), and status notes such as ``[Deleted]``,
  ``[To be discussed]``, ``[Chair's note: …]``;
* ``reference``: a cross-reference or drafting instruction, ``[Merge with II.8]``,
  ``[see PP 4 above]``, ``[Moved to article 41 bis]``;
* ``placeholder``: a value still to be filled in, ``[x]``, ``[X]``, ``[XX]``, ``[20XX]``,
  ``[Y]``, ``[X on Reporting]``, ``[insert number]``, ``[document symbol to be added]``,
  ``[date]``;
* ``ellipsis``: text left out, ``[…]``, ``[...]``, ``[. . .]``.

A bracket that carries a delegation's tag is a proposal whatever it holds (somebody
takes a position on it), except the notes of SPEC §3, which were always told by their
first word. Only short brackets are looked at (a placeholder is a few words), so the
classification costs nothing on the long brackets of a real draft.
"""

from __future__ import annotations

import re

PROPOSAL, NOTE, REFERENCE, PLACEHOLDER, ELLIPSIS = "proposal", "note", "reference", "placeholder", "ellipsis"
ROLES = (PROPOSAL, NOTE, REFERENCE, PLACEHOLDER, ELLIPSIS)

# SPEC §3: told by the first word, tagged or not (the behaviour CICA drafts rely on).
_SPEC_NOTE = re.compile(r"[\s*]*(?:NOTE\b|Note:|Placeholder\b|(?i:agreed ad ref\b))")

# The brackets longer than this are never placeholders, references or ellipses.
_SHORT = 80

_ELLIPSIS = re.compile(r"\s*(?:…|\.\s?\.\s?\.)\s*")
_PLACEHOLDER = re.compile(
    r"""\s*(?:
        [XYZ]{1,3}                           # [x] [X] [XX] [Y]
      | \d{2,3}X{1,2}                        # [20XX] [203X]: a year still open
      | [XYZ]\ on\ [\w ,'’-]+                # [X on Reporting]: an article still unnumbered
      | insert\b[^\[\]]*                     # [insert number]
      | [^\[\]]*\bto\ be\ (?:added|inserted|completed|determined|specified|provided|confirmed)\b[^\[\]]*
      | (?:number|date|year|symbol|percentage|per\ cent)
      | (?:●|•|_{2,}|\.{4,}|…{2,})
    )\s*\.?\s*""",
    re.I | re.X,
)
_REFERENCE = re.compile(
    r"""[\s*]*(?:
        see\b | cf\.? | merge[ds]?\ with\b | merged?\ into\b | to\ be\ merged\b | moved?\ (?:to|from|as)\b
      | as\ in\ (?:paragraph|para|article|section|PP|OP)\b | refer(?:s|ence)?\ to\b
      | (?:paragraph|para\.?|article)\ moved\b
    )""",
    re.I | re.X,
)
_STATUS_NOTE = re.compile(
    r"""[\s*]*(?:
        (?:chair|chairs|chair's|chair’s|facilitator|facilitators|co-facilitators|secretariat|president)(?:'s|’s|s')?\ (?:note|proposal|comment|text)\b
      | (?:paragraph\ |para\.?\ |text\ )?deleted\.?\s*$
      | to\ be\ (?:discussed|considered|revisited|reviewed|further\ discussed|decided)\b
      | (?:tbc|tbd)\.?\s*$ | editorial\ note\b | footnote\b
    )""",
    re.I | re.X,
)


def spec_note(text: str, inner_start: int) -> bool:
    """Whether the bracket whose text starts at ``inner_start`` is a note of SPEC §3."""
    return _SPEC_NOTE.match(text, inner_start) is not None


def glued_to_word(text: str, open_offset: int, close_offset: int | None) -> bool:
    """Whether the bracket stands inside a word: a letter or digit right before its
    `[` or right after its `]` (`Part[y][ies]`, `[g][G]uidelines`, `member[s]`)."""
    before = text[open_offset - 1] if open_offset > 0 else ""
    after = text[close_offset + 1] if close_offset is not None and close_offset + 1 < len(text) else ""
    return before.isalnum() or after.isalnum()


def classify(text: str, open_offset: int, close_offset: int | None, tagged: bool) -> str:
    """The role of the bracket ``[`` at ``open_offset``, ``]`` at ``close_offset``
    (None when unclosed)."""
    inner = open_offset + 1
    if spec_note(text, inner):
        return NOTE
    if tagged or close_offset is None or close_offset - inner > _SHORT:
        return PROPOSAL
    if "[" in text[inner:close_offset]:
        return PROPOSAL  # holds brackets of its own: a grouping of proposals
    if glued_to_word(text, open_offset, close_offset):
        return PROPOSAL  # `a[n]`, `member[s]`: an inline alternative of the word
    if _ELLIPSIS.fullmatch(text, inner, close_offset):
        return ELLIPSIS
    if _PLACEHOLDER.fullmatch(text, inner, close_offset):
        return PLACEHOLDER
    if _REFERENCE.match(text, inner, close_offset):
        return REFERENCE
    if _STATUS_NOTE.match(text, inner, close_offset):
        return NOTE
    return PROPOSAL
