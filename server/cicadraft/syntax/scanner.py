"""The block scanner: lark's contextual lexer, replayed by the regex engine alone.

The grammar (``grammar/cicadraft.lark``) stays the one source of truth. Lark compiles it;
from lark's LALR parse table and its contextual lexer this module derives, once, a small
automaton of *lexer nodes*: which terminals lark would try at each point of a block, in
which order, which of them are ignored, and which node each token leads to. Every node
becomes one regular expression built from lark's own terminal regexes, so running it
yields exactly the token stream that lark's parser sees (type, start and value of every
non-ignored token) with the skipping of ignored text done inside the regex engine. The
tests compare the two streams on random and real drafts
(``tests/test_scanner.py``, against :func:`cicadraft.syntax.grammar.tokens_with_lark`).

Why an automaton and not hand-written rules: lark's contextual lexer chooses the
terminals by the parser's state after the last shifted token, and tries them in the
order ``(-priority, -max_width, -len(pattern), name)``, taking the first that matches;
an ignored terminal is skipped and the same terminals are tried again. Reading all of
that off lark's objects means an edit of the grammar changes the scanner with it.

Building the automaton needs lark (tens of milliseconds to import); using it does not.
The derived tables are small (a few regex strings), so they are cached as JSON in the
user's own cache folder (:mod:`cicadraft.user_cache`; never the shared temporary folder,
where another local user could plant a file), keyed by a hash of the grammar text, the
cicadraft and lark versions and this module's source. The file records those inputs
whole and is used only when they equal the current ones, and only when it and its folder
belong to this user and no one else can write them. A process with a warm cache never
imports lark; when the cache cannot be read or written, the tables are built in memory.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache

# Bumped when the layout of the cached tables changes (a change of the way they are
# derived is caught by the checksum of this module's source, see cache_source).
TABLES_FORMAT = 1

# The start symbol of a block (the grammar's other start, `tags`, only documents the
# inside of a tag group).
START = "start"

# More configurations than this means the grammar's parse stack grows with the input
# (a recursive rule instead of a flat repetition): no finite automaton replays that.
_MAX_CONFIGURATIONS = 10_000


class UnsupportedGrammar(Exception):
    """The grammar uses a lark feature the scanner does not replay."""


class ScanError(Exception):
    """The text has a token lark's parser would reject (the grammar accepts any text,
    so this only happens after an edit of the grammar): parse it with lark instead."""


# -- deriving the tables from lark ---------------------------------------------------------


def derive_tables(parser) -> dict:
    """The scanner's tables, read off a ``Lark`` object built with ``parser="lalr"`` and
    ``lexer="contextual"``.

    The walk feeds every token the contextual lexer could produce to lark's own parser
    state (reductions included) and records which parser configuration (state stack)
    each one leads to. Configurations that try the same terminals in the same order and
    move alike are then merged (Moore's partition refinement), which leaves a few nodes:
    for this grammar the start of a line, the rest of a line, and the point just after a
    `[` that opens a line (where a label may still follow).
    """
    import re as re_module

    from lark import Token
    from lark.exceptions import UnexpectedToken

    interactive = parser.parse_interactive("", start=START)
    lexer = interactive.lexer_thread.lexer
    lexers = getattr(lexer, "lexers", None)
    if lexers is None:
        raise UnsupportedGrammar("the scanner replays lark's contextual lexer: build with lexer='contextual'")

    terminals: dict[str, str] = {t.name: t.pattern.to_regexp() for t in parser.terminals}
    flags = None

    def describe(state: int) -> tuple:
        basic = lexers[state]
        scanner = basic.scanner  # built on first use: it applies lark's `_create_unless`
        if basic.callback:
            # A string terminal folded into a regex terminal (or a user callback) would
            # change token types after matching; the scanner does not replay that.
            raise UnsupportedGrammar(f"lexer callbacks are not replayed: {sorted(basic.callback)}")
        if basic.re is not re_module or basic.use_bytes:
            raise UnsupportedGrammar("the scanner runs Python's `re` on str")
        nonlocal flags
        if flags is None:
            flags = basic.g_regex_flags
        elif flags != basic.g_regex_flags:  # pragma: no cover - one flag set per Lark
            raise UnsupportedGrammar("lexers with different regex flags")
        # `scanner.terminals` is the list lark's scanner joins into its alternation, in
        # lark's order; `ignore_types` are matched and dropped.
        order = tuple((t.name, t.pattern.to_regexp()) for t in scanner.terminals)
        return order, frozenset(basic.ignore_types)

    def feed(state, kind: str, is_end: bool = False):
        successor = state.copy(deepcopy_values=False)
        try:
            successor.feed_token(Token(kind, ""), is_end)
        except UnexpectedToken:
            return None
        return successor

    # Walk the reachable parser configurations.
    first = interactive.parser_state
    configurations = {tuple(first.state_stack): first}
    pending = [first]
    lexing: dict[tuple, tuple] = {}
    moves: dict[tuple, dict[str, tuple | None]] = {}
    accepts_end: dict[tuple, bool] = {}
    while pending:
        state = pending.pop()
        key = tuple(state.state_stack)
        order, ignore = describe(state.position)
        lexing[key] = (order, ignore)
        accepts_end[key] = feed(state, "$END", is_end=True) is not None
        moves[key] = {}
        for name, _ in order:
            if name in ignore:
                continue  # lark drops the token: the parser state does not change
            successor = feed(state, name)
            if successor is None:
                moves[key][name] = None
                continue
            target = tuple(successor.state_stack)
            moves[key][name] = target
            if target not in configurations:
                configurations[target] = successor
                pending.append(successor)
                if len(configurations) > _MAX_CONFIGURATIONS:
                    raise UnsupportedGrammar("the parse stack grows with the input: the `start` rule must be flat")

    # Merge equivalent configurations: start from "same terminals, same order, same end"
    # and split classes until members also move alike (class numbers, not nested
    # labels, so each round hashes small tuples).
    keys = sorted(configurations)
    first_ids: dict = {}
    classes = {key: first_ids.setdefault((lexing[key], accepts_end[key]), len(first_ids)) for key in keys}
    while True:
        ids: dict = {}
        refined = {
            key: ids.setdefault(
                (classes[key], tuple(sorted((n, -1 if t is None else classes[t]) for n, t in moves[key].items()))),
                len(ids),
            )
            for key in keys
        }
        if len(ids) == len(set(classes.values())):  # splitting only refines: no split, done
            break
        classes = refined
    # Number the classes in order of first reach from the start, so the tables are stable.
    start_key = tuple(first.state_stack)
    numbers: dict = {}
    order_of_reach = [start_key]
    seen = {start_key}
    for key in order_of_reach:
        numbers.setdefault(classes[key], len(numbers))
        for name, _ in lexing[key][0]:
            target = moves[key].get(name)
            if target is not None and target not in seen:
                seen.add(target)
                order_of_reach.append(target)
    nodes: list[dict | None] = [None] * len(numbers)
    for key in order_of_reach:
        number = numbers[classes[key]]
        if nodes[number] is not None:
            continue
        order, ignore = lexing[key]
        nodes[number] = {
            "pattern": _node_pattern(order, ignore, flags or 0),
            "moves": {n: (None if t is None else numbers[classes[t]]) for n, t in moves[key].items()},
            "end": accepts_end[key],
        }
    return {"flags": flags or 0, "terminals": terminals, "start": 0, "nodes": nodes}


def _node_pattern(order: tuple[tuple[str, str], ...], ignore: frozenset[str], flags: int = 0) -> str:
    """One node's regex: skip ignored terminals the way lark does, then match the first
    non-ignored terminal that lark would pick, captured under its name; or match empty
    (nothing but ignored text until the end, or nothing lark could lex).

    Lark tries the terminals in ``order`` at a position and takes the first that
    matches. An ignored terminal therefore wins only where no terminal before it in the
    order matches; that is the negative look-ahead guarding each ignored branch. The
    guard leaves out the terminals that cannot start where the ignored one does (their
    first characters differ, see :func:`_first_characters`): `(` opens a tag group and
    never the ignored text, so a group is not matched twice, once by the guard. The
    skipping loop is possessive: lark never reconsiders a skipped piece.
    """
    skips = []
    before: list[tuple[str, str]] = []
    for name, regexp in order:
        if name in ignore:
            if any(earlier == regexp for _, earlier in before):
                # An earlier terminal with the very same regex always wins (TEXT after
                # LINE_TEXT where a line starts): the branch could never be taken.
                continue
            starts = _first_characters(regexp, flags)
            rivals = [f"(?:{earlier})" for _, earlier in before if not _disjoint(starts, _first_characters(earlier, flags))]
            guard = "(?!" + "|".join(rivals) + ")" if rivals else ""
            skips.append(f"{guard}(?:{regexp})")
        else:
            before.append((name, regexp))
    skip = "(?:" + "|".join(skips) + ")*+" if skips else ""
    tokens = "|".join(f"(?P<{name}>{regexp})" for name, regexp in order if name not in ignore)
    return f"{skip}(?:{tokens}|)"


# A set of characters: ``(False, chars)`` is those characters, ``(True, chars)`` all
# characters but those; None is "not known" (any character, or the empty string).
_CharSet = tuple[bool, frozenset[str]] | None


def _first_characters(regexp: str, flags: int) -> _CharSet:
    """The characters a non-empty match of ``regexp`` can start with, over-estimated;
    None when the regex may match the empty string or is not plain enough to tell (a
    case-insensitive part, a class by category, a back-reference). Read off the regex
    engine's own parse of the pattern."""
    if flags & re.IGNORECASE:
        return None
    try:
        from re import _parser

        found, nullable = _first_of_sequence(_parser.parse(regexp, flags).data)
    except Exception:  # an unexpected node or a parser of another Python: not known
        return None
    return None if nullable else found


def _first_of_sequence(items) -> tuple[_CharSet, bool]:
    """``(first characters, may match empty)`` of a sequence of parsed regex items."""
    from re import _constants as c

    found: _CharSet = (False, frozenset())
    for op, av in items:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # zero width: the next item consumes the first character
        if op is c.LITERAL:
            item, nullable = (False, frozenset(chr(av))), False
        elif op is c.NOT_LITERAL:
            item, nullable = (True, frozenset(chr(av))), False
        elif op is c.IN:
            item, nullable = _class_characters(av), False
        elif op is c.BRANCH:
            item, nullable = (False, frozenset()), False
            for alternative in av[1]:
                first, empty = _first_of_sequence(alternative)
                item, nullable = _union(item, first), nullable or empty
        elif op is c.SUBPATTERN:
            if av[1] & re.IGNORECASE:
                return None, True
            item, nullable = _first_of_sequence(av[3])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            item, nullable = _first_of_sequence(av[2])
            nullable = nullable or av[0] == 0
        elif op is c.ATOMIC_GROUP:
            item, nullable = _first_of_sequence(av)
        else:
            return None, True
        found = _union(found, item)
        if found is None or not nullable:
            return found, False
    return found, True


def _class_characters(items) -> _CharSet:
    from re import _constants as c

    negated = False
    chars: set[str] = set()
    for op, av in items:
        if op is c.NEGATE:
            negated = True
        elif op is c.LITERAL:
            chars.add(chr(av))
        elif op is c.RANGE and av[1] - av[0] < 4096:
            chars.update(chr(code) for code in range(av[0], av[1] + 1))
        else:
            return None
    return (negated, frozenset(chars))


def _union(a: _CharSet, b: _CharSet) -> _CharSet:
    if a is None or b is None:
        return None
    (a_not, a_chars), (b_not, b_chars) = a, b
    if not a_not and not b_not:
        return (False, a_chars | b_chars)
    if a_not and b_not:
        return (True, a_chars & b_chars)
    excluded, included = (a_chars, b_chars) if a_not else (b_chars, a_chars)
    return (True, excluded - included)


def _disjoint(a: _CharSet, b: _CharSet) -> bool:
    """Whether no character is in both (False when either is not known)."""
    if a is None or b is None:
        return False
    (a_not, a_chars), (b_not, b_chars) = a, b
    if a_not and b_not:
        return False
    if not a_not and not b_not:
        return not (a_chars & b_chars)
    excluded, included = (a_chars, b_chars) if a_not else (b_chars, a_chars)
    return included <= excluded


# -- the cache -----------------------------------------------------------------------------


def _lark_version() -> str:
    """Lark's version without importing lark (importing it is what the cache saves):
    read off its ``__init__.py``, or that file's text when the version is not found."""
    from importlib.util import find_spec

    try:
        spec = find_spec("lark")
        with open(spec.origin, encoding="utf-8") as init:  # type: ignore[union-attr, arg-type]
            source = init.read()
    except (ImportError, AttributeError, TypeError, ValueError, OSError):
        return "missing"
    found = re.search(r"""^__version__\s*(?::\s*str\s*)?=\s*["']([^"']+)["']""", source, re.M)
    return found.group(1) if found else source


def _derivation_checksum() -> str:
    """A checksum of this module's source: tables derived by older code are stale even
    when the versions agree (an editable install under development)."""
    import zlib

    try:
        with open(__file__, "rb") as source:
            return f"{zlib.crc32(source.read()):08x}"
    except (OSError, NameError):  # pragma: no cover - no source file (a frozen build)
        return "unknown"


def cache_source(grammar: str) -> dict:
    """What the tables are derived from. Recorded whole in the cache file, so a stale
    file is recognised exactly, not only by its name."""
    from cicadraft import __version__

    return {
        "format": TABLES_FORMAT,
        "cicadraft": __version__,
        "lark": _lark_version(),
        "scanner": _derivation_checksum(),
        "grammar": grammar,
    }


def cache_key(source: dict) -> str:
    """A 64-bit hash of :func:`cache_source`, for the file name. zlib's checksums rather
    than hashlib: zlib is loaded already, while hashlib loads OpenSSL, a few ms of every
    `cicadraft check`; the name only keeps variants apart, the recorded source decides."""
    import zlib

    data = json.dumps(source, sort_keys=True).encode("utf-8", "surrogatepass")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def cache_path(key: str, directory: str) -> str:
    """Where the tables for ``key`` are cached in ``directory``."""
    return os.path.join(directory, f"scanner-{key}.json")


def _read_cache(path: str, source: dict) -> dict | None:
    from cicadraft.user_cache import read_private

    data = read_private(path)  # None when missing, or when someone else could have written it
    if data is None:
        return None
    try:
        tables = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        return None
    if not isinstance(tables, dict) or tables.get("source") != source:
        return None  # damaged, or derived from another grammar or version
    return tables


def _write_cache(path: str, tables: dict) -> bool:
    """Write atomically (a reader sees the old file or the new one, never half of one);
    False when the folder is not writable."""
    from cicadraft.user_cache import write_private

    return write_private(path, json.dumps(tables).encode("utf-8", "surrogatepass"))


def build_tables(source: dict) -> dict:
    """Derive the tables with lark (imports it)."""
    from .grammar import block_parser

    tables = derive_tables(block_parser(source["grammar"]))
    tables["source"] = source
    return tables


def load_scanner(grammar: str | None = None, directory: str | None = None) -> Scanner:
    """The scanner for ``grammar`` (the shipped grammar by default), from the cache in
    ``directory`` (by default the user's cache folder, created when missing) when it
    holds valid tables derived from this grammar with these versions, else built with
    lark and cached there."""
    from cicadraft.user_cache import private_folder

    from .grammar import grammar_text

    source = cache_source(grammar_text() if grammar is None else grammar)
    folder = private_folder(directory, create=directory is None)
    if folder is None:  # no trustworthy place for a cache: build in memory
        return Scanner(build_tables(source))
    path = cache_path(cache_key(source), folder)
    tables = _read_cache(path, source)
    if tables is not None:
        try:
            return Scanner(tables)
        except Exception:  # a damaged file that still parsed as JSON: rebuild it
            pass
    tables = build_tables(source)
    scanner = Scanner(tables)
    _write_cache(path, tables)
    return scanner


@lru_cache(maxsize=1)
def block_scanner() -> Scanner:
    """The scanner of the shipped grammar, loaded once per process."""
    return load_scanner()


# -- scanning ------------------------------------------------------------------------------


class Scanner:
    """Runs the derived tables over a block's text. Validates the tables on construction
    (a cache file is input like any other)."""

    __slots__ = ("tables", "nodes", "start", "_terminals")

    def __init__(self, tables: dict):
        flags = int(tables["flags"])
        nodes = []
        raw_nodes = tables["nodes"]
        for raw in raw_nodes:
            moves = {}
            for name, target in dict(raw["moves"]).items():
                if target is None:
                    moves[str(name)] = -1
                elif isinstance(target, int) and 0 <= target < len(raw_nodes):
                    moves[str(name)] = target
                else:
                    raise ValueError(f"bad move target {target!r}")
            pattern = re.compile(str(raw["pattern"]), flags)
            if set(pattern.groupindex) != set(moves):
                raise ValueError("a node's groups and moves differ")
            # By group number, which a match gives without looking a name up: the token
            # type of each group and the node it moves to (None and 0 for the unnamed
            # groups and for no group, the empty match at the end).
            kinds: list[str | None] = [None] * (pattern.groups + 1)
            targets = [0] * (pattern.groups + 1)
            for name, number in pattern.groupindex.items():
                kinds[number] = name
                targets[number] = moves[name]
            nodes.append((pattern.finditer, tuple(kinds), tuple(targets), bool(raw["end"])))
        start = tables["start"]
        if not (isinstance(start, int) and 0 <= start < len(nodes)):
            raise ValueError("bad start node")
        terminals = tables["terminals"]
        if not isinstance(terminals, dict) or not all(isinstance(v, str) for v in terminals.values()):
            raise ValueError("bad terminals")
        self.tables = tables
        self.nodes = tuple(nodes)
        self.start = start
        self._terminals: dict[str, re.Pattern[str]] = {}

    def terminal(self, name: str) -> re.Pattern[str]:
        """A terminal's regex as lark compiles it (e.g. TAG, to split a tag group)."""
        found = self._terminals.get(name)
        if found is None:
            found = self._terminals[name] = re.compile(self.tables["terminals"][name], int(self.tables["flags"]))
        return found

    def tokens(self, text: str) -> list[tuple[str, int, int]]:
        """``(type, start, end)`` of every token lark's parser would see in ``text``, in
        order. Raises :class:`ScanError` where lark would fail."""
        nodes = self.nodes
        node = self.start
        position = 0
        length = len(text)
        # A list, not a generator: a block is read whole, and a generator's resumption
        # per token cost more than the list.
        found: list[tuple[str, int, int]] = []
        append = found.append
        while True:
            finditer, kinds, targets, accepts_end = nodes[node]
            # Consecutive matches of one node's pattern are contiguous: the pattern
            # always matches where the previous match ended (it may match empty), and
            # the token's group ends the match (it closes last, so it is lastindex).
            for match in finditer(text, position):
                group = match.lastindex or 0
                kind = kinds[group]
                if kind is None:
                    if match.end() == length and accepts_end:
                        return found
                    raise ScanError(f"no token lark's parser accepts at {match.end()}")
                start, position = match.span(group)
                append((kind, start, position))
                target = targets[group]
                if position == length:
                    # At the end only the empty match is left (no terminal is empty):
                    # decided here, without running the next node's pattern to find it.
                    if target >= 0 and nodes[target][3]:
                        return found
                    raise ScanError(f"lark's parser rejects {kind} at {start}" if target < 0 else f"no token lark's parser accepts at {length}")
                if target != node:
                    if target < 0:
                        raise ScanError(f"lark's parser rejects {kind} at {start}")
                    node = target
                    break
            else:  # pragma: no cover - a node's pattern matches everywhere, if only empty
                raise ScanError(f"the scanner stopped at {position}")


def terminal_regex(name: str) -> re.Pattern[str]:
    """A terminal's regex as lark compiles it, from the scanner's tables (so from the
    cache when it is warm, without lark)."""
    return block_scanner().terminal(name)
