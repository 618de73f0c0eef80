"""The records of the registry: delegations, priority areas, dimensions, bodies.

Plain frozen dataclasses; nothing here reads files. Fields after the ones the other
layers rely on have defaults, so they can be built from partial data.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

KINDS = ("member", "observer", "partner", "participant", "custom")
ROLES = ("coordinator", "co-coordinator")

# SPEC §4: a CODE is upper case letters and digits, 2 to 10 long.
CODE_RE = re.compile(r"[A-Z0-9]{2,10}\Z")


def pick(texts: dict[str, str], locale: str | None) -> str | None:
    """The text for `locale` ("ru", "ru-RU", "ru_KZ"), else English, else any."""
    if locale:
        if locale in texts:
            return texts[locale]
        base = re.split(r"[-_]", locale, maxsplit=1)[0].lower()
        if base in texts:
            return texts[base]
    return texts.get("en") or next(iter(texts.values()), None)


# Quote marks of every style drafters paste: straight, curly, guillemets, low-9, primes.
_QUOTES = dict.fromkeys(map(ord, "\"'`´“”„‟«»‘’‚‛‹›″′"), None)
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−"), "-")


def normalize_name(text: str) -> str:
    """A matching key for a name in prose.

    Ignores case, quote style, extra spaces, diacritics (Türkiye = Turkiye, ё = е, the
    stray stress marks of some Russian sources), dash style, a leading "the" and
    trailing punctuation.
    """
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES).translate(_DASHES))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = " ".join(text.casefold().split()).strip(" .,;:")
    if text.startswith("the "):
        text = text[4:]
    return text


@dataclass(frozen=True)
class Delegation:
    """A delegation (a state, an observer, a partner organisation) and its codes."""

    code: str                     # canonical code (ISO alpha-3 for states)
    kind: str                     # one of KINDS
    names: dict[str, str]         # {"en": ..., "ru": ...}
    since: str | None = None
    aliases: tuple[str, ...] = ()  # customary codes accepted as this delegation (IRAN)
    likely: tuple[str, ...] = ()   # typo-ish variants: only for suggestions
    sources: tuple[str, ...] = ()
    other_names: tuple[str, ...] = ()  # further names, for recognising it in prose
    confidence: str | None = None

    def name(self, locale: str = "en") -> str:
        return pick(self.names, locale) or self.code

    @property
    def codes(self) -> tuple[str, ...]:
        """The canonical code and the accepted aliases."""
        return (self.code, *self.aliases)


@dataclass(frozen=True)
class Role:
    """A delegation's role in a priority area."""

    code: str
    role: str                     # "coordinator" | "co-coordinator"
    tenure: str | None = None
    sources: tuple[str, ...] = ()
    confidence: str | None = None


@dataclass(frozen=True)
class Dimension:
    """One of the dimensions that group the priority areas."""

    id: str
    names: dict[str, str]
    sources: tuple[str, ...] = ()
    confidence: str | None = None

    def name(self, locale: str = "en") -> str:
        return pick(self.names, locale) or self.id


@dataclass(frozen=True)
class PriorityArea:
    """A priority area and its coordinators."""

    id: str
    dimension: str                # a Dimension id
    names: dict[str, str]
    aliases: tuple[str, ...] = ()  # other ways prose names the area
    roles: tuple[Role, ...] = ()
    sources: tuple[str, ...] = ()
    confidence: str | None = None

    def name(self, locale: str = "en") -> str:
        return pick(self.names, locale) or self.id

    @property
    def coordinators(self) -> tuple[Role, ...]:
        return tuple(r for r in self.roles if r.role == "coordinator")

    @property
    def co_coordinators(self) -> tuple[Role, ...]:
        return tuple(r for r in self.roles if r.role == "co-coordinator")


@dataclass(frozen=True)
class Body:
    """A CICA body, office, document or term, with its names and descriptions."""

    abbr: str | None              # "SOC"; None for bodies without an abbreviation
    names: dict[str, str]
    descriptions: dict[str, str]
    sources: tuple[str, ...] = ()
    id: str = ""                  # "soc", "summit": a key for every body
    category: str = "body"        # organization | body | advisory | office | document | term
    aliases: tuple[str, ...] = ()  # other names and abbreviations ("КСДЛ")
    confidence: str | None = None

    def name(self, locale: str = "en") -> str:
        return pick(self.names, locale) or self.abbr or self.id

    def description(self, locale: str = "en") -> str:
        return pick(self.descriptions, locale) or ""


@dataclass(frozen=True)
class ConfigProblem:
    """Something wrong in a configuration or registry file, for the person editing it."""

    path: str
    line: int = 1                 # 1-based; 1:1 when the place is unknown
    column: int = 1
    message: str = field(default="")

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"
