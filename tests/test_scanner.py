"""The block scanner equals lark's parse of the grammar (cicadraft.syntax.scanner).

Lark's LALR parse with the contextual lexer is the reference: the scanner must yield the
very tokens lark's parser is fed (type, start, value; ignored text left out), and a
block's syntax built from the scanner must equal the one built plainly from lark's tree
(tests/reference_parse.py). Then
the cache of the scanner's tables: built and written when cold, loaded without lark
when warm, rebuilt when damaged or derived from another grammar.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from draftgen import drafts
from reference_parse import reference_block
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cicadraft.syntax import scanner as scanner_module
from cicadraft.syntax.blocks import BLOCK, _parse_block, parse_block_with_lark
from cicadraft.syntax.grammar import block_parser, grammar_text, tokens_with_lark
from cicadraft.syntax.scanner import (
    Scanner,
    _first_characters,
    _node_pattern,
    UnsupportedGrammar,
    block_scanner,
    cache_key,
    cache_path,
    cache_source,
    derive_tables,
    load_scanner,
    terminal_regex,
)

ROOT = Path(__file__).parents[1]


def scanned(text: str, scanner: Scanner | None = None) -> list[tuple[str, int, str]]:
    return [(kind, start, text[start:end]) for kind, start, end in (scanner or block_scanner()).tokens(text)]


def blocks_of(text: str) -> list[str]:
    return [match.group() for match in BLOCK.finditer(text)]


def assert_same_as_lark(text: str) -> None:
    assert scanned(text) == tokens_with_lark(text)
    assert _parse_block(text) == reference_block(text) == parse_block_with_lark(text)


# -- random texts ----------------------------------------------------------------------------

# The grammar's special characters and forms, and the characters that break naive tools:
# every lead form, tag groups well formed and not, footnotes, line breaks of each kind,
# the blanks a word processor leaves (NBSP, BOM, form feed), astral characters.
PIECES = [
    "[", "]", "(", ")", "[^x]", "[^", "(+IND)", "( -iran tcb)", "(AZER tcb)", "(+IND, +PAK)", "(+ iran)",
    "(–CHN)", "(−CHN)", "(SOC)", ";", ",", ".", ":", "0", "1", "7", "12", "1.", "1.1", "2bis", "2 bis", "2.bis",
    "11altern.", "11 alt.", "1A.", "PP3", "OP6alt", "Alt1", "(a)", "(iv)", "-", "•", "#", "##", "*", "**",
    " ", "  ", "\t", "\u00a0", "\ufeff", "\r", "\n", "\r\n", "\f", "\v", "\u2028", "\x00", "a", "Z", "tcb",
    "word", "Ж", "😀", "𝄞",
]
pieces = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
characters = st.text(alphabet=st.sampled_from("[]()^+-–;,.:#*•01 \t\u00a0\ufeff\r\n\f aZbtc😀"), max_size=60)
# Brackets, every kind of white space and the gap punctuation, densely: what decides
# empty pairs and whether a tag group attaches across text, a line break or a lead.
FOCUSED = ["[", "]", "(+IND)", "(AZER tcb)", "(", " ", "\t", "\u00a0", "\u2028", ".", ",", ";", ":", "\n", "\r\n",
           "\r", "x", "1. ", "- ", "# ", "[^1]"]
focused = st.lists(st.sampled_from(FOCUSED), max_size=16).map("".join)
# One- to three-line blocks of words, some upper case, some with a division word or
# trailing punctuation: the heading rules (title, division, caption and its 8 words).
WORDS = ["DRAFT", "TITLE", "OF", "Chapter", "Article", "Annex", "Глава", "II", "3", "the", "word", "ß", "ǅ", "*", "**"]
heading_line = st.builds(
    lambda lead, words: lead + " ".join(words),
    st.sampled_from(["", "", "", "1. ", "- ", "# ", "[1. "]),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=11),
)
headings = st.builds(
    lambda lines, end: "\n".join(lines) + end,
    st.lists(heading_line, min_size=1, max_size=3),
    st.sampled_from(["", "", ".", ":", " [x]", " (+IND)"]),
)
# Option markers, division lines and introductions (options.block_marks): markers after a
# paragraph number or `(a)`, behind `[` or emphasis, words that start like markers, and
# lines that end in `:` or in prose.
MARK_PIECES = ["Option 1:", "OPTION I", "Option A.1", "option (a)", "Alt", "Alt.", "Alt 2", "alt2", "Alternative",
               "Article 24", "ARTICLE 1bis", "Part IV", "Section", "Chapter 3", "Annex", "Статья 5", "Приложение",
               "Part", "Options", "Altogether", "Particles", "1. ", "2 bis ", "(a) ", "(iv) ", "1.10 ", "[", "**", "*",
               " ", "\t", "\ufeff", ":", ".", ";", ",", "\n", "\r\n", "\r", "word", "Some text", "[x]", "(+IND)"]
marks = st.lists(st.sampled_from(MARK_PIECES), max_size=14).map("".join)
texts = st.one_of(pieces, characters, focused, headings, marks, st.text(max_size=80))

PROPERTY = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(texts)
def test_the_scanner_yields_the_tokens_lark_parses(text):
    assert scanned(text) == tokens_with_lark(text)


@PROPERTY
@given(texts)
def test_a_block_from_the_scanner_equals_the_block_from_lark_tree(text):
    assert _parse_block(text) == reference_block(text) == parse_block_with_lark(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(drafts(), drafts(balanced=False)))
def test_generated_drafts_scan_like_lark(text):
    for block in blocks_of(text) + [text]:
        assert_same_as_lark(block)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "[15. Encourage the Member States.] (+IRAN)\n**1.** Bold label",
        "[[1. not a label behind two brackets",
        "see (a) below, and (a) at the start",
        "(a) starts a line",
        "# Heading\n## [x] (-CHN)",
        "1.\r\n2bis\r3ter\n",
        "[^1] [^] [^a b] (+IND,+PAK;-CHN)",
        "\ufeff- bullet\n\ufeff1. label",
        "OP6alt. (iv) x\nAlt 1. y",
        "trailing ignored text only",
        "[\t] [\u00a0] [ \u2028 ] [\r\n] [ x ]",
        "[a]\n. (+IND)",
        "[a]\n  , ; (+IND) x (-CHN)",
        "[a]\nword (+IND)",
        "[a]\n1. (+IND)",
        "one two three four five six seven eight",
        "one two three four five six seven eight nine",
        "DRAFT TITLE\nOF THE COUNCIL",
        "Chapter II. Cooperation",
        "DRAFT TITLE\n1. THE TEXT",
        "DRAFT TITLE\n- A BULLET",
    ],
)
def test_edge_cases_scan_like_lark(text):
    assert_same_as_lark(text)


# -- real and generated drafts ---------------------------------------------------------------


def _generate_module():
    spec = importlib.util.spec_from_file_location("benchmark_generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MARK_WORDS = ["Option 2:", "OPTION II", "option b", "Alternative", "ALT", "Alt.", "alt3", "Article 4", "ARTICLE 2",
              "Chapter 1", "CHAPTER", "Part V", "PART", "Section 2", "SECTION", "Annex", "ANNEX", "Глава 2", "Статья 1",
              "Раздел", "Приложение"]


@pytest.mark.parametrize("prefix", ["", "1. ", "2bis ", "(a) ", "[", "**", " \t", "\ufeff", "x\n", "x\r\n", "x\r", "1. intro:\n"])
def test_every_marker_and_division_word_at_a_line_start_is_read_like_the_reference(prefix):
    # The marks of a block are found through a prefilter on each line's first letters;
    # each word, after each kind of line start, must give the reference's marks.
    for word in MARK_WORDS:
        for suffix in ["", " text", ":", " [x] (+IND)."]:
            assert_same_as_lark(prefix + word + suffix)


def test_every_block_of_the_examples_scans_like_lark():
    examples = sorted((ROOT / "examples").glob("*.cicadraft"))
    assert examples
    for path in examples:
        text = path.read_bytes().decode("utf-8")
        for block in blocks_of(text):
            assert_same_as_lark(block)


def test_every_block_of_a_megabyte_draft_scans_like_lark():
    generate = _generate_module()
    text = generate.generate(generate.SIZES["1MB"], seed=7, unbalanced=True)
    blocks = blocks_of(text)
    assert len(blocks) > 1000
    for block in blocks:
        assert_same_as_lark(block)


# -- the tables come from the grammar --------------------------------------------------------


def test_terminal_regexes_are_lark_compiled_ones():
    parser = block_parser()
    for name in ("TAG", "TAG_GROUP", "LABEL", "BULLET", "LINE_TEXT"):
        assert terminal_regex(name).pattern == parser.get_terminal(name).pattern.to_regexp()


def test_an_edited_grammar_changes_the_scanner(tmp_path):
    # `+` as a bullet: the edit reaches the scanner through lark's compiled terminal.
    grammar = grammar_text().replace("BULLET.3: /[ \\t\\ufeff]*[-\\u2022](?=[ \\t])/", "BULLET.3: /[ \\t\\ufeff]*[-+\\u2022](?=[ \\t])/")
    assert grammar != grammar_text()
    edited = load_scanner(grammar, directory=str(tmp_path))
    text = "+ a bullet now\n- and still"
    assert scanned(text, edited) == tokens_with_lark(text, grammar)
    assert scanned(text, edited)[0][0] == "BULLET"
    assert scanned(text)[0][0] == "LINE_TEXT"


# Two small grammars for what the shipped one does not exercise. In the first, the
# configurations after `a` and after `c` try the same terminal (B) but lead on to
# different ones: they must stay apart. In the second, an ignored terminal also matches
# where a terminal of higher priority does: lark takes the latter, so must the scanner.
ALIKE_LEXERS = """
start: A B C | C B A
tags: A
A: "a"
B: "b"
C: "c"
%ignore " "
"""
OVERLAPPING_IGNORE = """
start: (WORD | NUM)*
tags: NUM
NUM.2: /[0-9]+/
WORD.1: /[a-z]+/
SEP: /[ 0-9]+/
%ignore SEP
"""


@pytest.mark.parametrize(
    "grammar, texts",
    [
        (ALIKE_LEXERS, ["a b c", "c b a", "cba", " a  b c "]),
        (OVERLAPPING_IGNORE, ["12 ab 3", "ab12", " 7 x 8", "", "9"]),
    ],
)
def test_other_grammars_scan_like_lark(tmp_path, grammar, texts):
    scanner = load_scanner(grammar, directory=str(tmp_path))
    for text in texts:
        assert scanned(text, scanner) == tokens_with_lark(text, grammar)


def test_an_ignored_terminal_is_guarded_only_against_terminals_that_can_start_where_it_does():
    # `(` and digits never start the ignored TEXT, so the guard leaves them out (a tag
    # group is not matched twice); a case-insensitive part is not read, so it stays in.
    order = (("GROUP", r"\([a-z]+\)"), ("DIGITS", r"[0-9]+"), ("NOCASE", r"(?i:x)y"), ("TEXT", r"[^()0-9\n]+"))
    pattern = _node_pattern(order, frozenset({"TEXT"}))
    assert pattern.startswith(r"(?:(?!(?:(?i:x)y))(?:[^()0-9\n]+))*+(?:(?P<GROUP>")
    fully_guarded = pattern.replace(r"(?!(?:(?i:x)y))", r"(?!(?:\([a-z]+\))|(?:[0-9]+)|(?:(?i:x)y))")
    for text in ["ab (cd) 12 xy Xy", "(a)", "12ab", "Xyz (q", ""]:
        position = 0
        while position < len(text):
            short, full = re.match(pattern, text[position:]), re.match(fully_guarded, text[position:])
            assert (short.group(), short.lastgroup) == (full.group(), full.lastgroup)
            position += max(short.end(), 1)


@pytest.mark.parametrize(
    "regexp, first",
    [
        (r"[^\[\]\(\r\n]+", (True, frozenset("[](\r\n"))),
        (r"\((?:[ \t])*x", (False, frozenset("("))),
        (r"(?=q)y|[ab]z", (False, frozenset("yab"))),
        (r"[ \t]*#", (False, frozenset(" \t#"))),
        (r"a*", None),  # may match empty
        (r"(?i:a)", None),
        (r"\d+", None),
    ],
)
def test_first_characters_of_a_terminal(regexp, first):
    assert _first_characters(regexp, 0) == first


def test_a_recursive_grammar_is_refused():
    grammar = textwrap.dedent(
        """
        start: "[" start "]" | WORD
        tags: WORD
        WORD: /[a-z]+/
        """
    )
    with pytest.raises(UnsupportedGrammar):
        derive_tables(block_parser(grammar))


# -- the cache -------------------------------------------------------------------------------


def shipped_cache_file(directory: Path) -> Path:
    return Path(cache_path(cache_key(cache_source(grammar_text())), str(directory)))


def test_a_cold_cache_is_built_and_written(tmp_path):
    path = shipped_cache_file(tmp_path)
    assert not path.exists()
    scanner = load_scanner(directory=str(tmp_path))
    assert path.is_file()
    tables = json.loads(path.read_text(encoding="utf-8"))
    assert tables["source"] == cache_source(grammar_text())
    assert scanned("1. a [b] (+IND)", scanner) == tokens_with_lark("1. a [b] (+IND)")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # the atomic write left nothing behind


def _run(code: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "xdg"))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)


PARSE_AND_REPORT = textwrap.dedent(
    """
    import sys
    from cicadraft.syntax.blocks import parse_block
    syntax = parse_block("[1. Encourage] (+IRAN, -CHN) the (SOC) [^1]\\n- more ( -iran tcb)")
    assert syntax.tag_groups and syntax.tag_groups[0][1].tags[0].code == "IRAN", syntax
    print(sorted(name for name in sys.modules if name == "lark" or name.startswith("lark.")))
    """
)


def test_a_warm_cache_is_loaded_without_importing_lark(tmp_path):
    cold = _run(PARSE_AND_REPORT, tmp_path)
    assert cold.returncode == 0, cold.stderr
    assert "'lark'" in cold.stdout  # the cold process derived the tables with lark
    path = shipped_cache_file(tmp_path / "xdg" / "cicadraft")
    assert path.is_file()
    written = path.stat().st_mtime_ns

    warm = _run(PARSE_AND_REPORT, tmp_path)
    assert warm.returncode == 0, warm.stderr
    assert warm.stdout.strip() == "[]"
    assert path.stat().st_mtime_ns == written


@pytest.mark.parametrize("content", ["", "{not json", "[]", '{"source": 1}', "\x00\x01garbage"])
def test_a_corrupt_cache_file_is_rebuilt(tmp_path, content):
    path = shipped_cache_file(tmp_path)
    path.write_text(content, encoding="utf-8")
    scanner = load_scanner(directory=str(tmp_path))
    assert scanned("[a] (+IND)", scanner) == tokens_with_lark("[a] (+IND)")
    assert json.loads(path.read_text(encoding="utf-8"))["source"] == cache_source(grammar_text())


def test_damaged_tables_with_the_right_source_are_rebuilt(tmp_path):
    load_scanner(directory=str(tmp_path))
    path = shipped_cache_file(tmp_path)
    tables = json.loads(path.read_text(encoding="utf-8"))
    tables["nodes"][0]["pattern"] = "(unbalanced"
    path.write_text(json.dumps(tables), encoding="utf-8")
    scanner = load_scanner(directory=str(tmp_path))
    assert scanned("1. x", scanner) == tokens_with_lark("1. x")
    assert json.loads(path.read_text(encoding="utf-8"))["nodes"][0]["pattern"] != "(unbalanced"


def test_tables_derived_from_another_grammar_are_rebuilt(tmp_path):
    # A file under the shipped grammar's name whose tables were derived from another
    # grammar (or another lark version): its recorded source differs, so it is rebuilt.
    path = shipped_cache_file(tmp_path)
    other_source = dict(cache_source(grammar_text()), grammar="start: WORD\ntags: WORD\nWORD: /[a-z]+/\n")
    stale = derive_tables(block_parser(other_source["grammar"]))
    stale["source"] = other_source
    path.write_text(json.dumps(stale), encoding="utf-8")
    scanner = load_scanner(directory=str(tmp_path))
    assert scanned("1. a [b] (+IND)", scanner) == tokens_with_lark("1. a [b] (+IND)")
    assert json.loads(path.read_text(encoding="utf-8"))["source"] == cache_source(grammar_text())


def test_another_lark_or_cicadraft_version_means_another_cache_file():
    source = cache_source(grammar_text())
    assert cache_key(dict(source, lark="0.0.1")) != cache_key(source)
    assert cache_key(dict(source, cicadraft="0.0.1")) != cache_key(source)
    assert cache_key(dict(source, grammar=source["grammar"] + "\n")) != cache_key(source)


def test_an_unwritable_cache_folder_still_scans(tmp_path):
    missing = tmp_path / "no-such-folder"
    scanner = load_scanner(directory=str(missing))
    assert scanned("[1. a] (+IND)", scanner) == tokens_with_lark("[1. a] (+IND)")
    assert not missing.exists()
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    scanner = load_scanner(directory=str(not_a_folder))
    assert scanned("# b", scanner) == tokens_with_lark("# b")


def test_the_process_wide_scanner_works_when_the_cache_folder_cannot_be_made(tmp_path):
    # XDG_CACHE_HOME below a file (root ignores permission bits, so a read-only folder
    # would not do): the tables cannot be cached; they are built in memory and used.
    (tmp_path / "file").write_text("x")
    code = textwrap.dedent(
        """
        from cicadraft.syntax import parse
        print(len(parse("[1. a] (+IND)").brackets), len(parse("[1. a] (+IND)").tag_groups))
        """
    )
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "file" / "xdg"))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1 1"


def test_the_scanner_module_caches_one_scanner_per_process():
    assert scanner_module.block_scanner() is scanner_module.block_scanner()
