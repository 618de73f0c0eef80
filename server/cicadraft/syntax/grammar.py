"""Loading the lark grammar that ships inside the package (``cicadraft/grammars``).

The grammar file is the one source of truth for the syntax; this module only builds the
parser once per process and exposes the regular expressions of a few terminals that
the Python side reuses (the TAG pattern splits a tag group into its tags).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

from lark import Lark

GRAMMAR_NAME = "cicadraft.lark"


def grammar_text() -> str:
    return files("cicadraft").joinpath("grammars", GRAMMAR_NAME).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def block_parser() -> Lark:
    # LALR with the contextual lexer: linear time, no recursion in the parse itself, and
    # line leads are only tried where a line starts (see the grammar's header).
    # cache=True keeps lark's analysis of the grammar in the temporary folder, keyed by
    # the grammar's hash and lark's version: loading takes a few ms instead of ~50 ms,
    # which `cicadraft check` on save feels.
    return Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        start=["start", "tags"],
        propagate_positions=False,
        maybe_placeholders=False,
        cache=True,
    )


@lru_cache(maxsize=None)
def terminal_regex(name: str) -> re.Pattern[str]:
    terminal = block_parser().get_terminal(name)
    return re.compile(terminal.pattern.to_regexp())
