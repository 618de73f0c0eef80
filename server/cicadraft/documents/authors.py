"""Who is who: the authors of a Word document's revisions and comments mapped to the
delegation codes of their proposals.

In order: the explicit mapping (``--author NAME=CODE``, then ``[import.authors]`` in
cicadraft.toml), an author that is itself a code or alias the registry knows ("IND",
"IRAN"), and the registry's names in English and Russian, with the usual wrappings
stripped ("Delegation of India", "Делегация Индии" is not inflected away, but "India
delegation", "Mission of India" and "India (MFA)" are). An author that maps to nothing
is an error listing every such author with the closest codes: a misattributed proposal
is worse than none.
"""

from __future__ import annotations

import re
from typing import Iterable

from cicadraft.locales import quote

from .errors import DocumentError

# Wrappings around a delegation's name in an author field.
_PREFIXES = re.compile(
    r"^(?:the\s+)?(?:(?:permanent\s+)?(?:delegation|mission|representative|embassy|government|ministry of foreign affairs)"
    r"\s+(?:of\s+)?(?:the\s+)?|делегация\s+|представитель\s+|миссия\s+)", re.IGNORECASE)
_SUFFIXES = re.compile(r"\s+(?:delegation|mission|team|делегация)$", re.IGNORECASE)
_CODE = re.compile(r"[A-Z0-9]{2,10}")


def key(name: str) -> str:
    """How author names are compared: case and spacing do not matter."""
    return " ".join(name.casefold().split())


def _candidates(name: str) -> list[str]:
    """The spellings of a delegation an author field may hold, most literal first."""
    text = " ".join(name.split())
    out = [text]
    inner = re.findall(r"\(([^()]+)\)", text)
    outer = re.sub(r"\s*\([^()]*\)", "", text).strip()
    for candidate in (outer, *inner):
        if candidate and candidate not in out:
            out.append(candidate)
    for candidate in list(out):
        stripped = _SUFFIXES.sub("", _PREFIXES.sub("", candidate)).strip(" ,.;:-")
        if stripped and stripped not in out:
            out.append(stripped)
    return out


def code_for(name: str, registry, explicit: dict[str, str]) -> str | None:
    """The code an author's proposals carry, or None."""
    wanted = explicit.get(key(name))
    if wanted is not None:
        return wanted
    for candidate in _candidates(name):
        code = candidate.strip().upper()
        if _CODE.fullmatch(code) and candidate.strip() == code and registry.lookup(code) is not None:
            return code
        delegation = registry.delegation_by_name(candidate)
        if delegation is not None:
            return delegation.code
    return None


def closest_codes(name: str, registry, limit: int = 3) -> list[str]:
    """Codes whose names or spellings are close to an author's name, best first."""
    import difflib

    from cicadraft.registry.model import normalize_name

    found: list[str] = []
    names = {normalize_name(text): d.code for text, d in registry.name_patterns()}
    for candidate in _candidates(name):
        for match in difflib.get_close_matches(normalize_name(candidate), list(names), n=limit, cutoff=0.6):
            found.append(names[match])
        bare = re.sub(r"[^0-9A-Za-z]", "", candidate).upper()
        if 2 <= len(bare) <= 10:
            found += registry.suggest(bare, limit=limit)
    return list(dict.fromkeys(found))[:limit]


def map_authors(names: Iterable[str], registry, explicit: dict[str, str] | None = None, *, where: str = "") -> dict[str, str]:
    """Every author's code; DocumentError naming every author that maps to nothing."""
    explicit = {key(k): v for k, v in (explicit or {}).items()}
    mapped: dict[str, str] = {}
    missing: list[str] = []
    for name in dict.fromkeys(names):
        code = code_for(name, registry, explicit)
        if code is None:
            missing.append(name)
        else:
            mapped[name] = code
    if missing:
        parts = []
        for name in missing:
            close = closest_codes(name, registry)
            hint = f"closest: {', '.join(close)}" if close else "no close code"
            parts.append(f"{quote(name or '(no name)')} ({hint})")
        some = "an author maps" if len(missing) == 1 else f"{len(missing)} authors map"
        example = f"{missing[0] or 'NAME'}=CODE"
        raise DocumentError(f"{where}{some} to no delegation: {'; '.join(parts)}. Name the delegation with "
                            f"--author {quote(example)} or in [import.authors] in cicadraft.toml; nothing was written")
    return mapped


def check_explicit(mapping: dict[str, str], registry, source: str) -> dict[str, str]:
    """Validate NAME=CODE pairs given by the user: the code must be one the registry knows."""
    out = {}
    for name, code in mapping.items():
        if not name.strip():
            raise DocumentError(f"{source}: an author name is empty (write NAME=CODE)")
        if not _CODE.fullmatch(code):
            raise DocumentError(f"{source}: {quote(code)} for {quote(name)} is not a delegation code "
                                "(2 to 10 upper-case letters and digits, e.g. IND)")
        if registry.lookup(code) is None:
            close = registry.suggest(code)
            hint = f" (closest: {', '.join(close)})" if close else ""
            raise DocumentError(f"{source}: {quote(code)} for {quote(name)} is not a known delegation code{hint}")
        out[name] = code
    return out


def configured_authors(workspace, explicit: dict[str, str], explicit_source: str) -> dict[str, str]:
    """The authors an import maps: the workspace's ``[import.authors]``, then the ones
    given on the command or in the editor's request (which win), each code checked
    against the workspace's registry."""
    mapping: dict[str, str] = {}
    config = workspace.config
    if config is not None and config.import_authors:
        mapping.update(check_explicit(config.import_authors, workspace.registry, f"{workspace.config_path}: [import.authors]"))
    mapping.update(check_explicit(explicit, workspace.registry, explicit_source))
    return mapping
