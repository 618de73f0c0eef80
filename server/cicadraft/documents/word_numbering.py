"""Word's automatic numbering (``word/numbering.xml``) turned into label text, as Word
and LibreOffice display it: ``1.``, ``(a)``, ``iv)``, ``2.1.3``, ``01``.

A paragraph is numbered by ``w:numPr`` (``w:numId`` and ``w:ilvl``), its own or its
style's. ``w:num`` points at a ``w:abstractNum`` whose ``w:lvl`` elements give each
level's format (``w:numFmt``), pattern (``w:lvlText``, ``%1.%2`` being the counters of
levels 1 and 2), start value, restart rule (``w:lvlRestart``) and legal style
(``w:isLgl``: every counter in decimal). A ``w:num`` may override a level's start
(``w:startOverride``, which restarts that list) or the whole level (``w:lvlOverride/w:lvl``).
Counters belong to the abstract list, so two ``w:num`` of one ``w:abstractNum``
continue each other unless one overrides a start.
"""

from __future__ import annotations

from dataclasses import dataclass, field

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Bullets Word writes in symbol fonts (private-use code points) and their usual look.
BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf0fc": "✓", "\uf076": "❖", "o": "o", "\uf02d": "-", "–": "–", "•": "•", "-": "-", "▪": "▪", "➢": "➢", "✓": "✓", "❖": "❖", "\uf0a8": "•"}


@dataclass
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # restart after this (1-based) level is used; 0 = never
    legal: bool = False
    suffix: str = "tab"


@dataclass
class _List:
    levels: dict[int, Level] = field(default_factory=dict)


class Numbering:
    """Label text for numbered paragraphs, fed in document order."""

    def __init__(self, root=None, style_lists: dict[str, str] | None = None):
        """``style_lists``: the numId each numbering style sets (for w:numStyleLink)."""
        self._abstract: dict[str, dict[int, Level]] = {}
        self._nums: dict[str, tuple[str, dict[int, Level], dict[int, int]]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._pending_restarts: set[str] = set()
        self._last_level: dict[str, int] = {}
        if root is None:
            return
        for abstract in root.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in abstract.findall(f"{W}lvl"):
                ilvl = _int(lvl.get(f"{W}ilvl"), 0)
                levels[ilvl] = _level(lvl, Level())
            self._abstract[abstract.get(f"{W}abstractNumId")] = levels
        links = {}
        for abstract in root.iter(f"{W}abstractNum"):
            link = abstract.find(f"{W}numStyleLink")
            if link is not None and not self._abstract.get(abstract.get(f"{W}abstractNumId")):
                links[abstract.get(f"{W}abstractNumId")] = link.get(f"{W}val")
        abstract_of_num = {}
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            abstract_of_num[num.get(f"{W}numId")] = ref.get(f"{W}val") if ref is not None else None
        for num in root.iter(f"{W}num"):
            abstract_id = abstract_of_num[num.get(f"{W}numId")]
            if abstract_id in links:
                # A list defined by a numbering style: the style's own list's definition.
                linked = abstract_of_num.get((style_lists or {}).get(links[abstract_id]))
                if linked is not None and linked not in links:
                    abstract_id = linked
            overrides: dict[int, Level] = {}
            starts: dict[int, int] = {}
            for override in num.findall(f"{W}lvlOverride"):
                ilvl = _int(override.get(f"{W}ilvl"), 0)
                start = override.find(f"{W}startOverride")
                if start is not None:
                    starts[ilvl] = _int(start.get(f"{W}val"), 1)
                lvl = override.find(f"{W}lvl")
                if lvl is not None:
                    base = self._abstract.get(abstract_id, {}).get(ilvl, Level())
                    overrides[ilvl] = _level(lvl, Level(**vars(base)))
            self._nums[num.get(f"{W}numId")] = (abstract_id, overrides, starts)
            if starts:
                self._pending_restarts.add(num.get(f"{W}numId"))

    def level(self, num_id: str, ilvl: int) -> Level | None:
        entry = self._nums.get(num_id)
        if entry is None:
            return None
        abstract_id, overrides, _ = entry
        return overrides.get(ilvl) or self._abstract.get(abstract_id, {}).get(ilvl)

    def label(self, num_id: str, ilvl: int) -> tuple[str, bool] | None:
        """The next label of list ``num_id`` at level ``ilvl`` and whether it is a bullet;
        None when the paragraph is not numbered (numId 0 or unknown)."""
        if num_id in (None, "0") or num_id not in self._nums:
            return None
        abstract_id, overrides, starts = self._nums[num_id]
        ilvl = max(0, min(ilvl, 8))
        level = self.level(num_id, ilvl)
        if level is None:
            return None
        key = abstract_id if abstract_id is not None else f"num:{num_id}"
        counters = self._counters.setdefault(key, {})
        if num_id in self._pending_restarts:
            # The first paragraph of a list with a start override restarts every level.
            self._pending_restarts.discard(num_id)
            counters.clear()
            for lvl, start in starts.items():
                counters[lvl] = start - 1
        # Deeper levels restart when a shallower one is used (unless lvlRestart says otherwise).
        for deeper in list(counters):
            if deeper > ilvl:
                restart = self.level(num_id, deeper)
                after = restart.restart if restart is not None and restart.restart is not None else deeper
                if after != 0 and ilvl < after:
                    del counters[deeper]
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        if level.fmt == "bullet":
            return BULLETS.get(level.text, level.text) or "•", True
        return _expand(level.text, counters, lambda k: self.level(num_id, k), level.legal), False


def _expand(pattern: str, counters: dict[int, int], level_of, legal: bool) -> str:
    """A level's text with each %N replaced by level N's counter in its format."""
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "%" and i + 1 < len(pattern) and pattern[i + 1].isdigit():
            k = int(pattern[i + 1]) - 1
            lvl = level_of(k) or Level()
            value = counters.get(k)
            if value is None:
                value = lvl.start
            out.append(format_number(value, "decimal" if legal and lvl.fmt != "decimalZero" else lvl.fmt))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def format_number(value: int, fmt: str) -> str:
    """A counter in one of Word's number formats (the common ones; others as decimal)."""
    if fmt in ("lowerLetter", "upperLetter"):
        if value < 1:
            return str(value)
        # Word repeats the letter: 27 -> aa, 28 -> bb.
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        if value < 1 or value > 3999:
            return str(value)
        roman = _roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}" if value < 10 else str(value)
    if fmt == "ordinal":
        suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
        return f"{value}{suffix}"
    if fmt in ("decimalEnclosedParen",):
        return f"({value})"
    if fmt == "none":
        return ""
    return str(value)


def _roman(value: int) -> str:
    out = []
    for number, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out)


def _level(lvl, into: Level) -> Level:
    def val(tag):
        element = lvl.find(f"{W}{tag}")
        return None if element is None else element.get(f"{W}val", "")

    if (fmt := val("numFmt")) is not None:
        into.fmt = fmt
    if (text := val("lvlText")) is not None:
        into.text = text
    if (start := val("start")) is not None:
        into.start = _int(start, 1)
    if (restart := val("lvlRestart")) is not None:
        into.restart = _int(restart, None)
    if (legal := val("isLgl")) is not None:
        into.legal = legal.lower() not in ("0", "false", "off")
    if (suffix := val("suff")) is not None:
        into.suffix = suffix
    return into


def _int(text, default):
    try:
        return int(text)
    except (TypeError, ValueError):
        return default
