"""Which unit of OLD is which unit of NEW.

1. Units equal word for word and tag for tag are paired in order (difflib on the units'
   keys, numbered by occurrence): in two revisions of one draft, that is nearly all.
2. Between two such runs, the units left over are paired by the words they share, a
   same label tipping the balance: `11altern.` that became `11.` after its twin was
   dropped shares its words with the old `11altern.`, not with the old `11.`.
3. What is still unpaired anywhere is paired across the whole draft, equal units first,
   then similar ones: those are the moved paragraphs.
4. A pair out of order with the longest run of pairs in order is a move.

Similarity is the Dice coefficient of the units' word multisets (difflib's quick_ratio):
linear in the units' lengths, and enough to tell paragraphs of one draft apart.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from difflib import SequenceMatcher
from itertools import repeat

from .units import Cut, Unit

SIMILAR = 0.5  # at least half the words in common: the same paragraph, reworded
MOVED_SIMILAR = 0.6  # a bar a little higher for a paragraph found elsewhere
_ALL_PAIRS = 4_000  # a region of up to this many candidate pairs is compared in full
_WINDOW = 8  # in a bigger region, each unit is compared with its neighbours only
_GLOBAL_PAIRS = 40_000


class _Bags:
    """Per unit, computed on first use: the multiset of all its words, and of its words
    outside brackets (what is left when every proposal is dropped)."""

    def __init__(self, cut: Cut):
        self.cut = cut
        self.bags: dict[int, tuple] = {}

    def of(self, index: int) -> tuple:
        found = self.bags.get(index)
        if found is None:
            unit = self.cut.units[index]
            depth = unit.depth
            every: list[str] = []
            outside: list[str] = []
            for w in self.cut.tokens.words[unit.t0 : unit.t1]:
                if w[:1] == "\x00":
                    depth = depth + 1 if w[1] == "[" else max(0, depth - 1)
                    continue
                every.append(w)
                if not depth:
                    outside.append(w)
            found = self.bags[index] = ((Counter(every), len(every)), (Counter(outside), len(outside)))
        return found


def _similarity(a: tuple, b: tuple) -> float:
    """The best of: all words against all words (a text edited or a proposal accepted),
    OLD's words outside brackets against all of NEW's (a proposal dropped), and the
    other way round (a proposal added)."""
    (every_a, outside_a), (every_b, outside_b) = a, b
    return max(_bag_similarity(every_a, every_b), _bag_similarity(outside_a, every_b), _bag_similarity(every_a, outside_b))


def _bag_similarity(a: tuple[Counter, int], b: tuple[Counter, int]) -> float:
    (bag_a, size_a), (bag_b, size_b) = a, b
    if not size_a or not size_b:
        return 1.0 if size_a == size_b else 0.0
    if 2 * min(size_a, size_b) < (SIMILAR - 0.1) * (size_a + size_b):
        return 0.0  # too different in length to reach the bar, even with a same label
    return _dice(bag_a, bag_b, size_a, size_b)


def _dice(bag_a: Counter, bag_b: Counter, size_a: int, size_b: int) -> float:
    if len(bag_a) > len(bag_b):
        bag_a, bag_b = bag_b, bag_a
    # The words in common, counted in C (map) rather than a generator: at 5 MB the diff
    # compares some 90,000 pairs of paragraphs.
    common = sum(map(min, bag_a.values(), map(bag_b.get, bag_a.keys(), repeat(0))))
    return 2 * common / (size_a + size_b)


def _compatible(a: Unit, b: Unit) -> bool:
    """A heading is never an item; a plain paragraph may become either (a caption is a
    heading only when a numbered paragraph follows it)."""
    return {a.kind, b.kind} != {"heading", "item"}


def _pair_by_similarity(old: Cut, new: Cut, olds: list[int], news: list[int], bags_old: _Bags, bags_new: _Bags,
                        threshold: float, limit: int, window: int) -> list[tuple[int, int]]:
    if not olds or not news:
        return []
    candidates: list[tuple[float, int, int]] = []
    if len(olds) * len(news) <= limit:
        pairs = ((i, j) for i in olds for j in news)
    else:  # neighbours by relative position, and units with the same label
        by_label: dict[str, list[int]] = {}
        for j in news:
            label = new.units[j].norm_label
            if label:
                by_label.setdefault(label, []).append(j)

        def nearby():
            for rank, i in enumerate(olds):
                centre = rank * len(news) // len(olds)
                seen = set()
                for j in news[max(0, centre - window) : centre + window + 1]:
                    seen.add(j)
                    yield i, j
                label = old.units[i].norm_label
                for j in by_label.get(label, ())[:window] if label else ():
                    if j not in seen:
                        yield i, j

        pairs = nearby()
    for i, j in pairs:
        a, b = old.units[i], new.units[j]
        if not _compatible(a, b):
            continue
        score = 1.0 if a.key == b.key else _similarity(bags_old.of(i), bags_new.of(j))
        if a.norm_label is not None and a.norm_label == b.norm_label:
            score += 0.1
        if score >= threshold:
            candidates.append((score, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    found = []
    for _, i, j in candidates:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        found.append((i, j))
    return found


def _numbered(c: Cut) -> list[str]:
    """Each unit's key, with the key of the unit before it and the number of the
    occurrence of that pair: the third `Recalling …` after a `PP2` of OLD goes with the
    third of NEW. On plain keys, a draft that repeats itself (decisions with the same
    preamble, drafts pasted one after another, a `[203X]` after each article) lets
    difflib pair a copy with the wrong one, and everything between looks moved. A unit
    that matches nothing here because its neighbour changed is paired by step 2."""
    seen: dict[str, int] = {}
    keys = []
    previous = ""
    for unit in c.units:
        key = f"{hash(previous)}\x1e{unit.key}"
        n = seen.get(key, 0)
        seen[key] = n + 1
        keys.append(f"{key}\x1e{n}")
        previous = unit.key
    return keys


def align(old: Cut, new: Cut) -> tuple[list[tuple[int, int]], set[tuple[int, int]]]:
    """Pairs (old unit, new unit) sorted by the old unit, and the pairs that moved."""
    matcher = SequenceMatcher(None, _numbered(old), _numbered(new), autojunk=False)
    pairs: list[tuple[int, int]] = []
    left_old: list[int] = []
    left_new: list[int] = []
    bags_old, bags_new = _Bags(old), _Bags(new)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(range(i1, i2), range(j1, j2)))
            continue
        olds, news = list(range(i1, i2)), list(range(j1, j2))
        found = _pair_by_similarity(old, new, olds, news, bags_old, bags_new, SIMILAR, _ALL_PAIRS, _WINDOW)
        pairs.extend(found)
        paired_old = {i for i, _ in found}
        paired_new = {j for _, j in found}
        left_old.extend(i for i in olds if i not in paired_old)
        left_new.extend(j for j in news if j not in paired_new)

    # Across the whole draft: the same unit elsewhere, then a similar one.
    if left_old and left_new:
        waiting: dict[str, list[int]] = {}
        for j in left_new:
            waiting.setdefault(new.units[j].key, []).append(j)
        rest_old = []
        taken: set[int] = set()
        for i in left_old:
            queue = waiting.get(old.units[i].key)
            if queue:
                j = queue.pop(0)
                taken.add(j)
                pairs.append((i, j))
            else:
                rest_old.append(i)
        rest_new = [j for j in left_new if j not in taken]
        if len(rest_old) * len(rest_new) <= _GLOBAL_PAIRS:
            pairs.extend(
                _pair_by_similarity(old, new, rest_old, rest_new, bags_old, bags_new, MOVED_SIMILAR, _GLOBAL_PAIRS, 0)
            )
    pairs.sort()
    return _untangle(old, new, pairs, _moved(pairs))


_UNTANGLE = 100  # moved pairs looked at, at most


def _untangle(old: Cut, new: Cut, pairs, moved):
    """Among pairs whose NEW units are identical (or whose OLD units are), which partner
    goes with which is arbitrary: give them in order, when that takes moves away. In
    ``[the]`` / ``the`` becoming ``the`` / ``the``, difflib pairs the two plain paragraphs,
    which makes the first one look moved."""
    if not moved or len(moved) > _UNTANGLE:
        return pairs, moved
    current = list(pairs)
    for side in ("new", "old"):
        for pair in sorted(moved):
            if pair not in set(current):
                continue
            if side == "new":
                key = new.units[pair[1]].key
                group = [p for p in current if new.units[p[1]].key == key]
            else:
                key = old.units[pair[0]].key
                group = [p for p in current if old.units[p[0]].key == key]
            if len(group) < 2:
                continue
            in_order = list(zip(sorted(i for i, _ in group), sorted(j for _, j in group)))
            trial = sorted(set(current) - set(group) | set(in_order))
            trial_moved = _moved(trial)
            if len(trial_moved) < len(moved):
                current, moved = trial, trial_moved
    return current, moved


def _moved(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The pairs outside one longest increasing run of new indexes (patience sorting)."""
    tails: list[int] = []  # new index ending the best run of each length
    tail_at: list[int] = []  # position in pairs of that tail
    back: list[int] = [-1] * len(pairs)
    for position, (_, j) in enumerate(pairs):
        length = bisect_left(tails, j)
        if length == len(tails):
            tails.append(j)
            tail_at.append(position)
        else:
            tails[length] = j
            tail_at[length] = position
        back[position] = tail_at[length - 1] if length else -1
    in_order = set()
    position = tail_at[-1] if tail_at else -1
    while position >= 0:
        in_order.add(position)
        position = back[position]
    return {pair for position, pair in enumerate(pairs) if position not in in_order}
