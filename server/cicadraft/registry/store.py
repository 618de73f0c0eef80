"""The Registry: every lookup the other layers make, over immutable records."""

from __future__ import annotations

import re
from collections import Counter
from functools import cached_property
from typing import Iterable

from .model import Body, Delegation, Dimension, PriorityArea, Role, normalize_name

# Order of suggestions between equally close codes: states that negotiate come first.
_KIND_RANK = {"member": 0, "custom": 0, "participant": 1, "observer": 2, "partner": 3}
_SIMILARITY = 0.6  # difflib ratio: "INDD"~"IND" 0.86, "IDN"~"IND" 0.67, "INDD"~"IDN" 0.57
# A near miss of a `likely` variant is weaker evidence than a near miss of a real code:
# "TURK" is closer to TKM's variant "TURKM" than to TUR, yet TUR should come first.
_VARIANT_PENALTY = 0.15


class Registry:
    """Delegations, priority areas and bodies, with lookups by code and by name.

    Built once and never changed: changes.patched returns a new registry.
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
        # Similarity searches, kept: the registry never changes (see _similar_codes).
        self._similar: dict[str, list[tuple[str, Delegation]]] = {}
        self._ratios: dict[tuple[str, str], float] = {}
        self._counted: list[tuple[str, str, Delegation, Counter]] | None = None
        # Each letter: the positions in _counted_pool of the texts holding it, with how
        # many times they hold it (built with the pool).
        self._letter_index: dict[str, list[tuple[int, int]]] = {}
        self._letters_of: dict[str, Counter] = {}
        self._likely: dict[str, Delegation] = {}
        for d in delegs:
            for variant in d.likely:
                if variant.upper() not in self._codes:
                    self._likely.setdefault(variant.upper(), d)

    # The indexes by name are built on first use: normalizing every name takes a few ms
    # and checking tags (`cicadraft check`) looks up codes only.

    @cached_property
    def _names(self) -> dict[str, Delegation]:
        names: dict[str, Delegation] = {}
        delegs = self._delegations.values()
        # Display names first, so another delegation's variant cannot shadow them.
        for d in delegs:
            for name in d.names.values():
                names.setdefault(normalize_name(name), d)
        for d in delegs:
            for name in d.other_names:
                names.setdefault(normalize_name(name), d)
        return names

    @cached_property
    def _area_names(self) -> dict[str, PriorityArea]:
        area_names: dict[str, PriorityArea] = {}
        for a in self._areas.values():
            for name in (*a.names.values(), *a.aliases, a.id):
                area_names.setdefault(normalize_name(name), a)
        return area_names

    @cached_property
    def _body_keys(self) -> dict[str, Body]:
        body_keys: dict[str, Body] = {}
        for b in self._bodies.values():
            if b.abbr:
                body_keys.setdefault(b.abbr, b)
        for b in self._bodies.values():
            for name in (b.id, *b.names.values(), *b.aliases, *([b.abbr] if b.abbr else [])):
                body_keys.setdefault(normalize_name(name), b)
        return body_keys

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

    def suggest(self, code: str, limit: int = 3, in_use: Iterable[str] = ()) -> list[str]:
        """Known codes close to `code`, best first, one per delegation, never `code`.

        Order: the same code in upper case ("iran" -> IRAN), a `likely` variant's
        delegation ("AFGH" -> AFG), then the known spellings `in_use` (the codes a
        draft already writes: its "IRAN" before the registry's "IRN" for "IRNA"), then
        codes, aliases and variants by similarity.
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
            import difflib  # only when a code is unknown

            used = []
            wanted = None
            for spelling in dict.fromkeys(c.upper() for c in in_use):
                d = self._codes.get(spelling)
                if d is not None:
                    ratio = self._ratios.get((key, spelling))
                    if ratio is None:
                        # difflib's quick_ratio, an upper bound of ratio(), first (see
                        # _similar_codes): most spellings in use share too few letters.
                        if wanted is None:
                            wanted = Counter(key)
                        letters = self._letters_of.get(spelling)
                        if letters is None:
                            letters = self._letters_of[spelling] = Counter(spelling)
                        shared = sum(min(count, letters[letter]) for letter, count in wanted.items())
                        if 2.0 * shared / (len(key) + len(spelling)) < _SIMILARITY:
                            continue
                        if len(self._ratios) >= 65536:
                            self._ratios.clear()
                        ratio = self._ratios[(key, spelling)] = difflib.SequenceMatcher(None, key, spelling).ratio()
                    if ratio >= _SIMILARITY:
                        used.append((-ratio, spelling, d))
            for _, spelling, d in sorted(used, key=lambda s: s[:2]):
                offer(spelling, d)
            for candidate, d in self._similar_codes(key):
                offer(candidate, d)
        return out[:max(limit, 0)]

    def _similar_codes(self, key: str) -> list[tuple[str, Delegation]]:
        """The registry's codes, aliases and variants similar to ``key``, best first.
        The registry never changes, so each key is compared with the whole pool once:
        a folder of drafts repeats the same few unknown codes."""
        import difflib

        found = self._similar.get(key)
        if found is None:
            scored = []
            pool = self._counted_pool()
            # difflib's quick_ratio, an upper bound of ratio(): the letters each text
            # shares with the key, counted through the index of letters (a text that
            # shares none is not looked at). Most share too few, and are not compared further.
            shares: dict[int, int] = {}
            index = self._letter_index
            for letter, count in Counter(key).items():
                for position, held in index.get(letter, ()):
                    shares[position] = shares.get(position, 0) + (count if count < held else held)
            for position in sorted(shares):
                text, candidate, d, _ = pool[position]
                penalty = _VARIANT_PENALTY if text != candidate else 0.0
                if 2.0 * shares[position] / (len(key) + len(text)) - penalty < _SIMILARITY:
                    continue
                ratio = difflib.SequenceMatcher(None, key, text).ratio() - penalty
                if ratio >= _SIMILARITY:
                    scored.append((-ratio, _KIND_RANK.get(d.kind, 4), candidate, d))
            found = [(candidate, d) for *_, candidate, d in sorted(scored, key=lambda s: s[:3])]
            if len(self._similar) >= 4096:
                self._similar.clear()
            self._similar[key] = found
        return found

    def _counted_pool(self) -> list[tuple[str, str, Delegation, Counter]]:
        """The suggestion pool, each text with its letters counted (once per registry)."""
        pool = self._counted
        if pool is None:
            pool = self._counted = [(text, candidate, d, Counter(text)) for text, candidate, d in self._suggestion_pool()]
            index: dict[str, list[tuple[int, int]]] = {}
            for position, (_, _, _, letters) in enumerate(pool):
                for letter, count in letters.items():
                    index.setdefault(letter, []).append((position, count))
            self._letter_index = index
        return pool

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
