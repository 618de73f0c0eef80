"""The Registry: every lookup the other layers make, over immutable records."""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Iterable

from .model import (Body, Delegation, Dimension, PriorityArea, Role,
                    normalize_name)
from .schema import Problems, RegistryData

if TYPE_CHECKING:
    from .workspace import WorkspaceConfig

# Order of suggestions between equally close codes: states that negotiate come first.
_KIND_RANK = {"member": 0, "custom": 0, "participant": 1, "observer": 2, "partner": 3}
_SIMILARITY = 0.6  # difflib ratio: "INDD"~"IND" 0.86, "IDN"~"IND" 0.67, "INDD"~"IDN" 0.57
# A near miss of a `likely` variant is weaker evidence than a near miss of a real code:
# "TURK" is closer to TKM's variant "TURKM" than to TUR, yet TUR should come first.
_VARIANT_PENALTY = 0.15


class Registry:
    """Delegations, priority areas and bodies, with lookups by code and by name.

    Built once and never changed: `merged` returns a new registry.
    """

    def __init__(self, delegations: Iterable[Delegation] = (), dimensions: Iterable[Dimension] = (),
                 areas: Iterable[PriorityArea] = (), bodies: Iterable[Body] = (),
                 sources: dict[str, str] | None = None, as_of: str = ""):
        self.as_of = as_of
        self.sources = dict(sources or {})
        self._delegations = {d.code: d for d in delegations}
        self._dimensions = {d.id: d for d in dimensions}
        self._areas = {a.id: a for a in areas}
        self._bodies = {b.id or b.abbr or b.name(): b for b in bodies}

        delegs = list(self._delegations.values())
        # Canonical codes win over aliases; the first delegation claiming an alias keeps it.
        self._codes: dict[str, Delegation] = {}
        for d in delegs:
            for alias in d.aliases:
                self._codes.setdefault(alias, d)
        self._codes.update((d.code, d) for d in delegs)
        self._likely: dict[str, Delegation] = {}
        for d in delegs:
            for variant in d.likely:
                if variant.upper() not in self._codes:
                    self._likely.setdefault(variant.upper(), d)
        # Display names first, so another delegation's variant cannot shadow them.
        self._names: dict[str, Delegation] = {}
        for d in delegs:
            for name in d.names.values():
                self._names.setdefault(normalize_name(name), d)
        for d in delegs:
            for name in d.other_names:
                self._names.setdefault(normalize_name(name), d)

        self._area_names: dict[str, PriorityArea] = {}
        for a in self._areas.values():
            for name in (*a.names.values(), *a.aliases, a.id):
                self._area_names.setdefault(normalize_name(name), a)
        self._body_keys: dict[str, Body] = {}
        for b in self._bodies.values():
            if b.abbr:
                self._body_keys.setdefault(b.abbr, b)
        for b in self._bodies.values():
            for name in (b.id, *b.names.values(), *b.aliases, *([b.abbr] if b.abbr else [])):
                self._body_keys.setdefault(normalize_name(name), b)

    # -- delegations ---------------------------------------------------------------

    def lookup(self, code: str) -> Delegation | None:
        """The delegation with this exact code or alias (codes are upper case)."""
        return self._codes.get(code)

    def is_known(self, code: str) -> bool:
        return code in self._codes

    def canonical(self, code: str) -> str | None:
        """The canonical code: IRAN -> IRN; None when unknown."""
        d = self._codes.get(code)
        return d.code if d else None

    def suggest(self, code: str, limit: int = 3) -> list[str]:
        """Known codes close to `code`, best first, one per delegation, never `code`.

        Order: the same code in upper case ("iran" -> IRAN), a `likely` variant's
        delegation ("AFGH" -> AFG), then codes, aliases and variants by similarity.
        """
        own = self._codes.get(code)
        seen = {own.code} if own else set()
        out: list[str] = []

        def offer(candidate: str, d: Delegation) -> None:
            if candidate != code and d.code not in seen:
                seen.add(d.code)
                out.append(candidate)

        key = code.strip().upper()
        bare = re.sub(r"[^0-9A-Z]", "", key)  # "+ IRAN", "AFG." -> the letters only
        keys = list(dict.fromkeys(k for k in (key, bare) if k))
        for k in keys:
            if k in self._codes:
                offer(k, self._codes[k])
        for k in keys:
            if k in self._likely:
                offer(self._likely[k].code, self._likely[k])
        if key:
            scored = []
            for text, candidate, d in self._suggestion_pool():
                ratio = difflib.SequenceMatcher(None, key, text).ratio()
                if text != candidate:
                    ratio -= _VARIANT_PENALTY
                if ratio >= _SIMILARITY:
                    scored.append((-ratio, _KIND_RANK.get(d.kind, 4), candidate, d))
            for *_, candidate, d in sorted(scored, key=lambda s: s[:3]):
                offer(candidate, d)
        return out[:max(limit, 0)]

    def _suggestion_pool(self) -> list[tuple[str, str, Delegation]]:
        """(text to compare, code to offer, delegation): variants offer the canonical code."""
        pool = [(c, c, d) for c, d in self._codes.items()]
        pool += [(v, d.code, d) for v, d in self._likely.items()]
        return pool

    def delegations(self) -> list[Delegation]:
        return list(self._delegations.values())

    def all_codes(self) -> list[str]:
        """Canonical codes and aliases, sorted."""
        return sorted(self._codes)

    def delegation_by_name(self, name: str) -> Delegation | None:
        """By English or Russian name or another known name; ignores case, quotes, spaces."""
        return self._names.get(normalize_name(name))

    def name_patterns(self) -> list[tuple[str, Delegation]]:
        """Every name of every delegation, for finding delegations named in prose.

        Longest first, so a scanner trying them in order prefers "Islamic Republic of
        Iran" over "Iran". Match them ignoring case (normalize_name gives the key).
        """
        pairs = {}
        for d in self._delegations.values():
            for name in (*d.names.values(), *d.other_names):
                pairs.setdefault(name, d)
        return sorted(pairs.items(), key=lambda p: (-len(p[0]), p[0]))

    # -- priority areas ------------------------------------------------------------

    def area_by_name(self, name: str) -> PriorityArea | None:
        """By English or Russian name, an alias, or id; ignores case and quote style."""
        return self._area_names.get(normalize_name(name))

    def area(self, id: str) -> PriorityArea | None:
        return self._areas.get(id)

    def areas(self) -> list[PriorityArea]:
        return list(self._areas.values())

    def dimension(self, id: str) -> Dimension | None:
        return self._dimensions.get(id)

    def dimensions(self) -> list[Dimension]:
        return list(self._dimensions.values())

    def roles_of(self, code: str) -> list[tuple[PriorityArea, Role]]:
        """Every area the delegation (by any of its codes) coordinates or co-coordinates."""
        target = self.canonical(code) or code
        return [(a, r) for a in self._areas.values() for r in a.roles
                if (self.canonical(r.code) or r.code) == target]

    # -- bodies --------------------------------------------------------------------

    def body(self, abbr: str) -> Body | None:
        """By abbreviation ("SOC", "КСДЛ"), id, or name; ignores case and quotes."""
        return self._body_keys.get(abbr) or self._body_keys.get(normalize_name(abbr))

    def bodies(self) -> list[Body]:
        return list(self._bodies.values())

    # -- changes -------------------------------------------------------------------

    def merged(self, overrides: "WorkspaceConfig") -> "Registry":
        """A new registry with the workspace's delegations, aliases and areas applied."""
        return self.patched(RegistryData(delegations=overrides.delegations, aliases=overrides.aliases,
                                         areas=overrides.areas),
                            Problems(overrides.path or "cicadraft.toml", overrides.text))

    def patched(self, data: RegistryData, problems: Problems, *, default_kind: str = "custom",
                replace_delegations: bool = False) -> "Registry":
        """Apply validated file data; report references that do not resolve to `problems`.

        Delegations: new codes are added (kind `default_kind`); for a known code (or
        alias) the given fields replace the shipped ones, except that names merge by
        language and aliases / other_names / likely are added. With
        `replace_delegations`, the file's delegations replace the whole list.
        """
        delegs = {} if replace_delegations else dict(self._delegations)

        def resolve(code: str) -> str | None:
            """The canonical code of `code` among the delegations so far."""
            if code in delegs:
                return code
            return next((c for c, d in delegs.items() if code in d.aliases), None)

        for code, fields in data.delegations.items():
            target = resolve(code)  # [delegations.IRAN] changes IRN
            if target is None:
                delegs[code] = _new_delegation(code, fields, default_kind)
            else:
                delegs[target] = _patch_delegation(delegs[target], fields)
            owner = target or code
            for alias in fields.get("aliases", ()):  # this file's choice wins, as for [aliases]
                _take_alias(delegs, alias, owner)

        # A code may belong to one delegation only: drop aliases that are another's code.
        for code, d in list(delegs.items()):
            clash = [a for a in d.aliases if a in delegs and a != code]
            for a in clash:
                problems.add(("delegations", code, "aliases"),
                             f"{a} is already the code of {delegs[a].name()}: it cannot also be an alias of {code}.", value=a)
            if clash:
                delegs[code] = replace(d, aliases=tuple(a for a in d.aliases if a not in clash))

        for alias, target in data.aliases.items():
            owner = resolve(target)
            if owner is None:
                problems.add(("aliases", alias), f"{alias} = \"{target}\": {target} is not a known code.", value=target)
                continue
            if alias in delegs and alias != owner:
                problems.add(("aliases", alias), f"{alias} is already the code of {delegs[alias].name()}: it cannot be an alias of {owner}.")
                continue
            _take_alias(delegs, alias, owner)
            if alias != owner and alias not in delegs[owner].aliases:
                delegs[owner] = replace(delegs[owner], aliases=(*delegs[owner].aliases, alias))

        known = Registry(delegs.values())
        dimensions = dict(self._dimensions)
        for id, fields in data.dimensions.items():
            dimensions[id] = _dimension(id, fields, dimensions.get(id))
        areas = dict(self._areas)
        for id, fields in data.areas.items():
            if id not in areas and not ("dimension" in fields and "names" in fields):
                close = difflib.get_close_matches(id, list(areas), n=1)
                hint = f' Did you mean "{close[0]}"?' if close else ""
                problems.add(("areas", id), f'Unknown priority area "{id}".{hint} A new area needs a dimension and a name.')
                continue
            dim = fields.get("dimension")
            if dim is not None and dim not in dimensions:
                problems.add(("areas", id, "dimension"), f'Unknown dimension "{dim}". Known: {", ".join(dimensions)}.')
                fields = {k: v for k, v in fields.items() if k != "dimension"}
                if id not in areas:
                    continue
            for key in ("coordinators", "co_coordinators"):
                if key not in fields:
                    continue
                for role in fields[key]:
                    if not known.is_known(role["code"]):
                        problems.add(("areas", id, key), f'{role["code"]} is not a known code: ignored.', value=role["code"])
                fields = {**fields, key: tuple(r for r in fields[key] if known.is_known(r["code"]))}
            areas[id] = _area(id, fields, areas.get(id), known)

        bodies = dict(self._bodies)
        for id, fields in data.bodies.items():
            bodies[id] = _body(id, fields, bodies.get(id))

        return Registry(delegs.values(), dimensions.values(), areas.values(), bodies.values(),
                        {**self.sources, **data.sources}, data.as_of or self.as_of)


def _take_alias(delegs: dict[str, Delegation], alias: str, owner: str) -> None:
    """Remove `alias` from every delegation but `owner`: the latest file to name it wins."""
    for code, d in delegs.items():
        if alias in d.aliases and code != owner:
            delegs[code] = replace(d, aliases=tuple(a for a in d.aliases if a != alias))


# --------------------------------------------------------------------------------------
# Building records from validated fields (schema.check_fields output)


def _new_delegation(code: str, f: dict, default_kind: str) -> Delegation:
    return Delegation(code=code, kind=f.get("kind", default_kind), names=dict(f.get("names", {})),
                      since=f.get("since"), aliases=tuple(a for a in f.get("aliases", ()) if a != code),
                      likely=f.get("likely", ()), sources=f.get("sources", ()),
                      other_names=f.get("other_names", ()), confidence=f.get("confidence"))


def _patch_delegation(d: Delegation, f: dict) -> Delegation:
    # A replaced display name stays a known name, so prose that uses it still matches.
    old_names = tuple(n for loc, n in d.names.items() if loc in f.get("names", {}) and f["names"][loc] != n)
    return replace(
        d,
        kind=f.get("kind", d.kind),
        names={**d.names, **f.get("names", {})},
        since=f.get("since", d.since),
        aliases=tuple(dict.fromkeys(a for a in (*d.aliases, *f.get("aliases", ())) if a != d.code)),
        likely=tuple(dict.fromkeys((*d.likely, *f.get("likely", ())))),
        other_names=tuple(dict.fromkeys((*d.other_names, *old_names, *f.get("other_names", ())))),
        sources=f.get("sources", d.sources),
        confidence=f.get("confidence", d.confidence),
    )


def _dimension(id: str, f: dict, old: Dimension | None) -> Dimension:
    return Dimension(id=id, names={**(old.names if old else {}), **f.get("names", {})},
                     sources=f.get("sources", old.sources if old else ()),
                     confidence=f.get("confidence", old.confidence if old else None))


def _area(id: str, f: dict, old: PriorityArea | None, known: Registry) -> PriorityArea:
    sources = f.get("sources", old.sources if old else ())
    confidence = f.get("confidence", old.confidence if old else None)
    roles = list(old.roles) if old else []
    for key, role in (("coordinators", "coordinator"), ("co_coordinators", "co-coordinator")):
        if key in f:  # a given list replaces that role's list
            # A role without its own sources rests on those given with it for the area
            # (never on the sources of the facts it replaces).
            roles = [r for r in roles if r.role != role] + [
                Role(code=known.canonical(r["code"]) or r["code"], role=role, tenure=r.get("tenure"),
                     sources=r.get("sources", f.get("sources", ())),
                     confidence=r.get("confidence", f.get("confidence")))
                for r in f[key]]
    roles.sort(key=lambda r: r.role != "coordinator")  # coordinators first, order kept
    return PriorityArea(
        id=id, dimension=f.get("dimension", old.dimension if old else ""),
        names={**(old.names if old else {}), **f.get("names", {})},
        aliases=tuple(dict.fromkeys((*(old.aliases if old else ()), *f.get("aliases", ())))),
        roles=tuple(roles), sources=sources, confidence=confidence)


def _body(id: str, f: dict, old: Body | None) -> Body:
    return Body(
        abbr=f.get("abbr", old.abbr if old else None),
        names={**(old.names if old else {}), **f.get("names", {})},
        descriptions={**(old.descriptions if old else {}), **f.get("descriptions", {})},
        sources=f.get("sources", old.sources if old else ()), id=id,
        category=f.get("category", old.category if old else "body"),
        aliases=tuple(dict.fromkeys((*(old.aliases if old else ()), *f.get("aliases", ())))),
        confidence=f.get("confidence", old.confidence if old else None))

