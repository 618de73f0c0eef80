"""Applying validated file data (schema.RegistryData) to a registry: the shipped data
over the empty registry, a registry file, a workspace's cicadraft.toml.

Apart from store.py so that a check with the shipped registry cached (cache.py) and no
cicadraft.toml never loads it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .model import Body, Delegation, Dimension, PriorityArea, Role
from .store import Registry

if TYPE_CHECKING:
    from .schema import Problems, RegistryData


def patched(registry: Registry, data: RegistryData, problems: Problems, *, default_kind: str = "custom",
            replace_delegations: bool = False) -> Registry:
    """A new registry with validated file data applied; references that do not resolve
    are reported to `problems`.

    Delegations: new codes are added (kind `default_kind`); for a known code (or
    alias) the given fields replace the shipped ones, except that names merge by
    language and aliases / other_names / likely are added. With
    `replace_delegations`, the file's delegations replace the whole list.
    """
    delegs = {} if replace_delegations else dict(registry._delegations)

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
    dimensions = dict(registry._dimensions)
    for id, fields in data.dimensions.items():
        dimensions[id] = _dimension(id, fields, dimensions.get(id))
    areas = dict(registry._areas)
    for id, fields in data.areas.items():
        if id not in areas and not ("dimension" in fields and "names" in fields):
            import difflib  # only for a mistake

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

    bodies = dict(registry._bodies)
    for id, fields in data.bodies.items():
        bodies[id] = _body(id, fields, bodies.get(id))

    return Registry(delegs.values(), dimensions.values(), areas.values(), bodies.values(),
                    {**registry.sources, **data.sources}, data.as_of or registry.as_of)


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
