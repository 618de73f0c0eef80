"""What the document readers and writers return and raise."""

from __future__ import annotations

from dataclasses import dataclass, field


class DocumentError(Exception):
    """A document that cannot be read or written, in one line for the user (the CLI
    prints ``cicadraft: <message>`` and exits 2; the server answers with the message)."""


@dataclass
class ImportResult:
    """A document turned into draft text.

    ``notes`` are the things the user should know that are not in the text (a comment
    that is not a reservation, a formatting-only revision, a dropped running header),
    one line each, written to stderr by the CLI."""

    text: str
    notes: list[str] = field(default_factory=list)
