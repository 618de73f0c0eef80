"""Reading registry tables out of TOML, for the shipped data, a user's registry file
and a workspace's cicadraft.toml alike: one schema, one validator.

Every check reports a ConfigProblem at the line of the offending key (found again in
the text, since tomllib keeps no positions) and skips only the bad part, so the valid
parts of a file still apply. Nothing read here is ever executed: it is data.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Sequence

from cicadraft.locales import quote

from .model import CODE_RE, KINDS, ConfigProblem

if TYPE_CHECKING:
    from pathlib import Path

CONFIDENCES = ("high", "medium", "low")
CATEGORIES = ("organization", "body", "advisory", "office", "document", "term")


# --------------------------------------------------------------------------------------
# Finding a key's line in TOML text

_PART = r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|[A-Za-z0-9_-]+'
_DOTTED = rf"(?:{_PART})(?:[ \t]*\.[ \t]*(?:{_PART}))*"
_HEADER_RE = re.compile(rf"[ \t]*\[\[?[ \t]*({_DOTTED})[ \t]*\]")
_ASSIGN_RE = re.compile(rf"[ \t]*({_DOTTED})[ \t]*=")


def _split_key(dotted: str) -> tuple[str, ...]:
    parts = []
    for part in re.findall(_PART, dotted):
        if part.startswith('"'):
            import json  # only to place a problem at a quoted key

            try:
                part = json.loads(part)
            except ValueError:
                part = part[1:-1]
        elif part.startswith("'"):
            part = part[1:-1]
        parts.append(part)
    return tuple(parts)


def locate(text: str, keypath: Sequence[Any], value: str | None = None) -> tuple[int, int]:
    """1-based (line, column) of the key at `keypath` in TOML `text`, best effort.

    Finds the header or `key =` line that matches the longest prefix of the path, then
    looks for the remaining keys (inline tables) and for `value` (an item of a list)
    after it, up to the next table header. List indexes in the path are skipped.
    """
    path = tuple(str(k) for k in keypath if not isinstance(k, int))
    lines = text.split("\n")  # as TOML counts lines (splitlines() would also split at \f, U+2028...)
    table: tuple[str, ...] = ()
    best = (0, 0, 0)  # (matched parts, line index, column index)
    for i, line in enumerate(lines):
        m = _HEADER_RE.match(line)
        if m:
            table = candidate = _split_key(m[1])
        else:
            m = _ASSIGN_RE.match(line)
            if not m:
                continue
            candidate = table + _split_key(m[1])
        n = min(len(candidate), len(path))
        # candidate is the path or a prefix of it; or longer, for a dotted key or header
        # defining something inside the path (`areas.x.coordinators = ...` for areas.x).
        if n > best[0] and path[:n] == candidate[:n]:
            best = (n, i, m.start(1))
            if n == len(path):
                break
    matched, row, col = best
    if matched == 0 and not path:
        return 1, 1
    # Search on from the match, within its table, for inline keys and the value.
    end = next((j for j in range(row + 1, len(lines)) if _HEADER_RE.match(lines[j])), len(lines))
    targets = [rf"(?<![\w-])[\"']?{re.escape(k)}[\"']?[ \t]*=" for k in path[matched:]]
    if value is not None:
        targets.append(rf"[\"']{re.escape(value)}[\"']|(?<![\w-]){re.escape(value)}(?![\w-])")
    r, c = row, col
    for pattern in targets:
        found = _search_lines(lines, pattern, r, c, end)
        if found:
            r, c = found
    return r + 1, c + 1


def _search_lines(lines, pattern, row, col, end):
    for i in range(row, end):
        m = re.compile(pattern).search(lines[i], col if i == row else 0)
        if m:
            return i, m.start()
    return None


# --------------------------------------------------------------------------------------
# Reading a file and collecting problems


class Problems:
    """The problems found in one file, placed at the line of the key concerned."""

    def __init__(self, path: str, text: str = ""):
        self.path, self.text = path, text
        self.items: list[ConfigProblem] = []

    def add(self, keypath: Sequence[Any], message: str, value: str | None = None) -> None:
        line, column = locate(self.text, keypath, value) if self.text else (1, 1)
        self.items.append(ConfigProblem(self.path, line, column, message))

    def at(self, line: int, column: int, message: str) -> None:
        self.items.append(ConfigProblem(self.path, max(line, 1), max(column, 1), message))

    def in_order(self) -> list[ConfigProblem]:
        """The problems in the order of the file."""
        return sorted(self.items, key=lambda p: (p.line, p.column))


def read_toml(path: str | Path) -> tuple[dict | None, Problems]:
    """Parse a TOML file; never raises. (None, problems) when it cannot be used at all."""
    problems = Problems(str(path))
    try:
        with open(path, "rb") as file:
            raw = file.read()
    except FileNotFoundError:
        problems.at(1, 1, f"File not found: {path}")
        return None, problems
    except OSError as exc:
        problems.at(1, 1, f"Cannot read {path}: {exc.strerror or exc}")
        return None, problems
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.at(line, 1, "This file is not UTF-8 text: save it as UTF-8. Nothing in it is applied.")
        return None, problems
    problems.text = text
    try:
        return tomllib.loads(text), problems
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
        if m:
            line, column = int(m[1]), int(m[2])
            message = message[: m.start()]
        else:  # "(at end of document)"
            message = re.sub(r"\s*\(at end of document\)$", "", message) + " at the end of the file"
            line, column = text.rstrip().count("\n") + 1, 1  # the last line with text
        problems.at(line, column, f"This file is not valid TOML: {message}. Nothing in it is applied until this is fixed.")
        return None, problems


# --------------------------------------------------------------------------------------
# Value checks. Each returns the cleaned value, or _BAD after reporting a problem.

_BAD = object()
_TYPE_NAMES = {str: "a text", bool: "true/false", int: "a number", float: "a number",
               list: "a list", dict: "a table", datetime.date: "a date", datetime.datetime: "a date"}


def _what(value: Any) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def dotted(keypath: Sequence[Any]) -> str:
    return ".".join(str(k) for k in keypath if not isinstance(k, int))


def _text(value, where, p, example='"..."'):
    if isinstance(value, str) and value.strip():
        return value.strip()
    p.add(where, f'“{where[-1]}” must be a text in quotes, e.g. {where[-1]} = {example} (found {_what(value)}).')
    return _BAD


def _since(value, where, p):
    if isinstance(value, (int, datetime.date)) and not isinstance(value, bool):
        return str(value)  # since = 2011 or since = 2023-12-26 read as TOML numbers/dates
    return _text(value, where, p, '"2011"')


def _choice(options):
    def check(value, where, p):
        if isinstance(value, str) and value in options:
            return value
        p.add(where, f'“{where[-1]}” must be one of {", ".join(options)} (found {quote(value)}).')
        return _BAD
    return check


def _texts(value, where, p):
    if not isinstance(value, list):
        p.add(where, f'“{where[-1]}” must be a list in square brackets, e.g. {where[-1]} = ["..."] (found {_what(value)}).')
        return _BAD
    out = []
    for item in value:
        if isinstance(item, str) and item.strip():
            out.append(item.strip())
        else:
            p.add(where, f'Every item of "{where[-1]}" must be a text in quotes (found {_what(item)}).')
    return tuple(dict.fromkeys(out))


def check_code(code: Any, where, p, what="code") -> bool:
    if isinstance(code, str) and CODE_RE.match(code):
        return True
    hint = f": write {quote(code.upper())}" if isinstance(code, str) and CODE_RE.match(code.upper()) else ""
    p.add(where, f"{quote(code)} is not a valid {what}: codes are 2 to 10 upper-case letters or digits{hint}.",
          value=code if isinstance(code, str) else None)
    return False


def _codes(value, where, p):
    items = _texts(value, where, p)
    if items is _BAD:
        return _BAD
    return tuple(c for c in items if check_code(c, where, p))


def _names(value, where, p):
    if not isinstance(value, dict):
        p.add(where, f'“{where[-1]}” must be a table of names by language, e.g. {where[-1]} = {{ en = "...", ru = "..." }} (found {_what(value)}).')
        return _BAD
    out = {}
    for locale, text in value.items():
        if not re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]+)*", locale):
            p.add((*where, locale), f'“{locale}” is not a language code (use en, ru, ...).')
        elif not (isinstance(text, str) and text.strip()):
            p.add((*where, locale), f'The "{locale}" entry of "{where[-1]}" must be a text in quotes (found {_what(text)}).')
        else:
            out[locale] = text.strip()
    return out


def _roles(role: str):
    def check(value, where, p):
        if not isinstance(value, list):
            p.add(where, f'“{where[-1]}” must be a list, e.g. {where[-1]} = [{{ code = "RUS", tenure = "2024-2025" }}] (found {_what(value)}).')
            return _BAD
        out = []
        for i, item in enumerate(value):
            if isinstance(item, str):
                item = {"code": item}
            if not isinstance(item, dict):
                p.add(where, f'Every item of "{where[-1]}" must be a code in quotes or a table like {{ code = "RUS" }} (found {_what(item)}).')
                continue
            fields = check_fields(item, _ROLE_FIELDS, (*where, i), p, f"an item of {where[-1]}")
            code = fields.get("code")
            if code is None:
                if "code" not in item:
                    p.add(where, f'An item of "{where[-1]}" has no code: write {{ code = "RUS", ... }}.')
                continue
            if check_code(code, where, p):
                out.append({**fields, "role": role})
        return tuple(out)
    return check


Check = Callable[[Any, tuple, Problems], Any]

_ROLE_FIELDS: dict[str, Check] = {
    "code": lambda v, w, p: v if isinstance(v, str) else _text(v, w, p, '"RUS"'),
    "tenure": lambda v, w, p: _since(v, w, p),
    "sources": _texts,
    "confidence": _choice(CONFIDENCES),
    "notes": _text,
}

DELEGATION_FIELDS: dict[str, Check] = {
    "kind": _choice(KINDS),
    "name": _text,
    "names": _names,
    "other_names": _texts,
    "since": _since,
    "aliases": _codes,
    "likely": _texts,
    "sources": _texts,
    "confidence": _choice(CONFIDENCES),
    "notes": _text,  # for people only
}

DIMENSION_FIELDS: dict[str, Check] = {
    "name": _text,
    "names": _names,
    "sources": _texts,
    "confidence": _choice(CONFIDENCES),
    "notes": _text,
}

AREA_FIELDS: dict[str, Check] = {
    "dimension": _text,
    "name": _text,
    "names": _names,
    "aliases": _texts,
    "coordinators": _roles("coordinator"),
    "co_coordinators": _roles("co-coordinator"),
    "sources": _texts,
    "confidence": _choice(CONFIDENCES),
    "ru_confidence": _choice(CONFIDENCES),
    "notes": _text,
}

BODY_FIELDS: dict[str, Check] = {
    "abbr": _text,
    "category": _choice(CATEGORIES),
    "name": _text,
    "names": _names,
    "aliases": _texts,
    "description": _text,
    "descriptions": _names,
    "sources": _texts,
    "confidence": _choice(CONFIDENCES),
    "ru_confidence": _choice(CONFIDENCES),
    "notes": _text,
}


def unknown_key(key: str, known: Sequence[str], where: tuple, p: Problems, place: str) -> None:
    import difflib  # only for a mistake

    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    hint = f' Did you mean "{close[0]}"?' if close else f" Known: {', '.join(known)}."
    p.add((*where, key), f'Unknown key "{key}" in {place}.{hint}')


def check_fields(table: dict, spec: dict[str, Check], where: tuple, p: Problems, place: str) -> dict:
    """The valid fields of `table`; `name`/`description` fold into names/descriptions.en."""
    out = {}
    for key, value in table.items():
        if key not in spec:
            unknown_key(key, list(spec), where, p, place)
            continue
        clean = spec[key](value, (*where, key), p)
        if clean is not _BAD:
            out[key] = clean
    for single, plural in (("name", "names"), ("description", "descriptions")):
        if single in out:
            out[plural] = {**out.get(plural, {}), "en": out.pop(single)}
    out.pop("notes", None)
    out.pop("ru_confidence", None)
    return out


def check_table(value: Any, where: tuple, p: Problems, example: str) -> dict | None:
    if isinstance(value, dict):
        return value
    p.add(where, f"[{dotted(where)}] must be a table, e.g. {example} (found {_what(value)}).")
    return None


# --------------------------------------------------------------------------------------
# A whole registry data file (or the registry part of a workspace file)


@dataclass
class RegistryData:
    """The registry sections of one file, validated; fields keyed by code or id."""

    as_of: str | None = None
    sources: dict[str, str] = field(default_factory=dict)
    delegations: dict[str, dict] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    dimensions: dict[str, dict] = field(default_factory=dict)
    areas: dict[str, dict] = field(default_factory=dict)
    bodies: dict[str, dict] = field(default_factory=dict)

    def update(self, other: "RegistryData") -> None:
        self.as_of = other.as_of or self.as_of
        for name in ("sources", "delegations", "aliases", "dimensions", "areas", "bodies"):
            getattr(self, name).update(getattr(other, name))


def _keyed(section: str, spec: dict[str, Check], what: str, example: str):
    def parse(value, p: Problems) -> dict[str, dict]:
        out: dict[str, dict] = {}
        table = check_table(value, (section,), p, example)
        for key, entry in (table or {}).items():
            where = (section, key)
            if section == "delegations" and not check_code(key, where, p, "delegation code"):
                continue
            entry = check_table(entry, where, p, example)
            if entry is not None:
                out[key] = check_fields(entry, spec, where, p, f"[{section}.{key}] ({what})")
        return out
    return parse


_SECTIONS = {
    "delegations": _keyed("delegations", DELEGATION_FIELDS, "a delegation", '[delegations.G77] name = "Group of 77"'),
    "dimensions": _keyed("dimensions", DIMENSION_FIELDS, "a dimension", '[dimensions.economic] name = "Economic Dimension"'),
    "areas": _keyed("areas", AREA_FIELDS, "a priority area", '[areas.ict-security] coordinators = [{ code = "RUS" }]'),
    "bodies": _keyed("bodies", BODY_FIELDS, "a body", '[bodies.soc] abbr = "SOC"'),
}

REGISTRY_SECTIONS = ("as_of", "sources", "delegations", "aliases", "dimensions", "areas", "bodies")


def parse_registry(data: dict, p: Problems, sections: Sequence[str] = REGISTRY_SECTIONS) -> RegistryData:
    """Validate the registry sections of `data`; keys outside `sections` are left to the caller."""
    out = RegistryData()
    for key in sections:
        if key not in data:
            continue
        value = data[key]
        if key == "as_of":
            as_of = _since(value, (key,), p)
            out.as_of = None if as_of is _BAD else as_of
        elif key == "sources":
            for name, text in (check_table(value, (key,), p, 'sources = { brief = "https://..." }') or {}).items():
                if _text(text, (key, name), p, '"https://..."') is not _BAD:
                    out.sources[name] = text.strip()
        elif key == "aliases":
            for alias, target in (check_table(value, (key,), p, '[aliases] PERSIA = "IRN"') or {}).items():
                if not check_code(alias, (key, alias), p, "alias"):
                    continue
                if isinstance(target, str) and CODE_RE.match(target):
                    out.aliases[alias] = target
                else:
                    p.add((key, alias), f'The alias {alias} must name an existing code in quotes, e.g. {alias} = "IRN" (found {quote(target)}).')
        else:
            setattr(out, key, _SECTIONS[key](value, p))
    return out
