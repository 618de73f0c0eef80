"""What a round trip through a document must keep of a draft: its words, its brackets
(in order, each with the words inside it), its tag groups and its paragraph labels, as
the cicadraft parser sees them. Layout (line breaks, blank lines, spaces, emphasis
markers) is the document's to change."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cicadraft.syntax import parse

_WORD = re.compile(r"\w+")
# A line that is only a number: a page number that a PDF extraction left in the text.
_BARE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$", re.MULTILINE)


@dataclass
class Content:
    words: list[str]
    brackets: list[list[str]]  # the words inside each bracket, in order of their `[`
    tags: list[str]  # each tag group, normalised, in order
    attached: list[int | None]  # for each tag group, the rank of its bracket
    labels: list[str]


def has_page_number_lines(text: str) -> bool:
    return bool(_BARE_NUMBER.search(text))


def content(text: str, *, without_numbers: bool = False) -> Content:
    """``without_numbers`` leaves out the words that are only a number of one to three
    digits (labels are still compared, as labels)."""
    draft = parse(text)
    length = len(text)

    def words(part: str) -> list[str]:
        found = _WORD.findall(part)
        return [w for w in found if not (w.isdigit() and len(w) <= 3)] if without_numbers else found

    return Content(
        words=words(text),
        brackets=[words(text[b.inner(length).start : b.inner(length).end]) for b in draft.brackets],
        tags=[group.normalized for group in draft.tag_groups],
        attached=[group.bracket for group in draft.tag_groups],
        labels=[item.label for item in draft.items if item.label],
    )


def assert_same_content(original: Content, read_back: Content, where: str) -> None:
    """Field by field, with the first difference in the message."""
    for field in ("tags", "attached", "labels", "brackets", "words"):
        a, b = getattr(original, field), getattr(read_back, field)
        if a != b:
            first = next((n for n, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            raise AssertionError(
                f"{where}: {field} differ at #{first}: {a[first:first + 6]!r} != {b[first:first + 6]!r} "
                f"({len(a)} vs {len(b)})"
            )
