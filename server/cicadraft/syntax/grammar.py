"""The lark grammar that ships inside the package (``cicadraft/grammars``), and lark's
own parser of it.

The grammar file is the one source of truth for the syntax. Lark compiles it; the block
scanner (:mod:`cicadraft.syntax.scanner`) runs the terminal regexes lark compiled, in the
order lark's contextual lexer tries them, and lark's LALR parse (:func:`block_parser`,
:func:`tokens_with_lark`) is the reference the tests compare the scanner against.

Lark is imported only inside these functions: a process whose scanner tables are cached
(see :mod:`cicadraft.syntax.scanner`) never loads it, which `cicadraft check` on save
feels (importing lark takes about a third of a check run).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lark import Lark

GRAMMAR_NAME = "cicadraft.lark"
_GRAMMAR_FILE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "grammars", GRAMMAR_NAME)


@lru_cache(maxsize=1)
def grammar_text() -> str:
    """The shipped grammar. Every process reads it (the scanner's cache is keyed by it):
    a plain read of the file beside the package, since importlib.resources would first
    import its readers (zipfile among them), a few ms of every `cicadraft check`; it
    stays the way for a package that is not a folder of files (a zip)."""
    try:
        with open(_GRAMMAR_FILE, encoding="utf-8") as file:
            return file.read()
    except OSError:
        from importlib.resources import files

        return files("cicadraft").joinpath("grammars", GRAMMAR_NAME).read_text(encoding="utf-8")


def block_parser(grammar: str | None = None) -> Lark:
    """Lark's parser of ``grammar`` (the shipped grammar by default)."""
    return _lark_parser(grammar_text() if grammar is None else grammar)


@lru_cache(maxsize=4)
def _lark_parser(grammar: str) -> Lark:
    from lark import Lark

    # LALR with the contextual lexer: linear time, no recursion in the parse itself, and
    # line leads are only tried where a line starts (see the grammar's header).
    # No lark cache (cache=False): lark's cache is a pickle, by default in the shared
    # temporary folder under a predictable name, and unpickling a file another local
    # user planted runs their code. The scanner's JSON tables (in the user's own cache
    # folder) are what spares a process lark; only a cold cache pays lark's ~50 ms.
    return Lark(
        grammar,
        parser="lalr",
        lexer="contextual",
        start=["start", "tags"],
        propagate_positions=False,
        maybe_placeholders=False,
        cache=False,
    )


def tokens_with_lark(text: str, grammar: str | None = None) -> list[tuple[str, int, str]]:
    """``(type, start, value)`` of every token lark's LALR parser is fed for a block, in
    order, ignored terminals left out: what the scanner must reproduce. Raises lark's
    error where lark's parse fails."""
    interactive = block_parser(grammar).parse_interactive(text, start="start")
    tokens = [(token.type, token.start_pos, str(token)) for token in interactive.iter_parse()]
    interactive.feed_eof()
    return tokens
