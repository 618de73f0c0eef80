"""The pushed diagnostics as JSON text, built from pieces kept per block.

On a draft of 10,000 findings every keystroke sends the first thousand: building their
dicts, counting their columns and serialising them cost three times what finding them
does. But a block starts at a line start, so a block's own finding, written as the JSON
of an LSP ``Diagnostic``, only changes with the block's text: its lines are the block's
first line plus a line within the block, its characters are counted within the block's
lines, and its message, severity and code are the block's. Only three things come from
outside the block: the line the block starts on, the document-wide indexes of tag
groups and brackets in ``data`` (how many the blocks before hold), and the suggestions
for unknown codes (which prefer the codes the whole draft writes). So each block's
findings are rendered once into pieces with those three left open, and a publication
joins the pieces of the blocks it sends.

The text is exactly what ``json.dumps`` makes of :func:`~.lifecycle.diagnostic_dicts`
(the tests compare them after random edits).
"""

from __future__ import annotations

import json
from bisect import bisect_right

from cicadraft.analysis.diagnostics import Finding, rebase_indexes
from cicadraft.syntax import LineIndex, Span
from cicadraft.syntax.text import line_starts

from .positions import Positions

_dumps = json.dumps
# What json.dumps writes for a string (ASCII only, as pygls's json.dumps does), without
# its Python-level overhead: a thousand pieces are rendered on a draft's first open.
_quote = json.encoder.encode_basestring_ascii

SOURCE = "cicadraft"


class BlockPiece:
    """One of a block's own findings as JSON, with the block's first line, its data's
    group or bracket index (when it has one) and, for an unknown code, its preferred
    suggestions left open."""

    __slots__ = ("start_line", "middle", "end_line", "rest", "index_key", "index", "data_rest", "written", "preferred")

    def __init__(self, start_line, middle, end_line, rest, index_key, index, data_rest, written, preferred):
        self.start_line = start_line  # lines within the block
        self.end_line = end_line
        self.middle = middle  # from the start's character to the end's line
        self.rest = rest  # from the end's character to the data's first index (or the end)
        self.index_key = index_key  # "group", "bracket", None (no index) or "*" (see block_piece)
        self.index = index  # the index within the block
        self.data_rest = data_rest  # the data after the index, closing the diagnostic (for "*": the data)
        self.written = written  # an unknown code as written, else None
        self.preferred = preferred  # the preferred_spellings the piece was rendered with

    def json(self, first_line: int, group_base: int, bracket_base: int) -> str:
        head = f'{{"range": {{"start": {{"line": {first_line + self.start_line}{self.middle}{first_line + self.end_line}{self.rest}'
        key = self.index_key
        if key is None:
            return head
        if key == "group":
            return f"{head}{self.index + group_base}{self.data_rest}"
        if key == "bracket":
            return f"{head}{self.index + bracket_base}{self.data_rest}"
        return f"{head}{_dumps(rebase_indexes(self.data_rest, group_base, bracket_base))}}}"


def block_piece(severity: int, code: str, message: str, data: dict, start: tuple[int, int], end: tuple[int, int], written=None, preferred=None) -> BlockPiece:
    """A block's finding (``data`` with the block's own indexes) as a :class:`BlockPiece`;
    ``start`` and ``end`` are (line, character) within the block."""
    middle = f', "character": {start[1]}}}, "end": {{"line": '
    rest = f', "character": {end[1]}}}}}, "message": {_quote(message)}, "severity": {severity}, "code": {_quote(code)}, "source": "{SOURCE}"'
    index_key = index = None
    data_rest: object = ""
    if not data:
        rest += "}"
    else:
        first = next(iter(data))
        indexes = [key for key in ("group", "bracket") if key in data and (key == "group" or data[key] is not None)]
        if indexes == [first]:
            # The index is the data's first field (as the analysis writes them): the
            # JSON before and after it is fixed.
            index_key, index = first, data[first]
            others = {key: value for key, value in data.items() if key != first}
            rest += f', "data": {{{_quote(first)}: '
            data_rest = (", " + _dumps(others)[1:] if others else "}") + "}"
        elif not indexes:
            rest += f', "data": {_dumps(data)}}}'
        else:  # indexes elsewhere: the data is written out each time
            rest += ', "data": '
            index_key, data_rest = "*", data
    return BlockPiece(start[0], middle, end[0], rest, index_key, index, data_rest, written, preferred)


class DiagnosticJson:
    """The rendered pieces of one document's blocks, for one analyzer and encoding."""

    def __init__(self) -> None:
        self._analyzer = None
        self._encoding: str | None = None
        # id(block syntax) -> (the syntax, its pieces): a block's parse is shared by every
        # block of the same text, and so are its pieces. Only the blocks sent last time
        # are kept.
        self._blocks: dict[int, tuple] = {}

    def items(self, selection: list, analyzer, text: str, starts: list[int], syntaxes: list, line_table: list[int], encoding: str, severity_of) -> list[str]:
        """The JSON of each diagnostic of ``selection`` (see
        :meth:`DocumentFindings.first_selection`, made with ``analyzer``);
        ``severity_of`` gives a severity's LSP number."""
        if analyzer is not self._analyzer or encoding != self._encoding:
            # Other settings, registry or locale (a new analyzer), or another encoding.
            self._analyzer, self._encoding = analyzer, encoding
            self._blocks = {}
        kept = self._blocks
        used: dict[int, tuple] = {}
        out: list[str] = []
        cross: list[tuple[int, Finding]] = []
        last_number = -1
        first_line = 0
        pieces: list = []
        for pick in selection:
            if type(pick) is not tuple:  # a Finding across blocks
                cross.append((len(out), pick))
                out.append("")
                continue
            number, index, group_base, bracket_base = pick
            if number != last_number:
                last_number = number
                syntax = syntaxes[number]
                entry = used.get(id(syntax)) or kept.get(id(syntax))
                if entry is None or entry[0] is not syntax:
                    entry = (syntax, self._render_block(analyzer, text, starts[number], syntax, encoding, severity_of))
                used[id(syntax)] = entry
                pieces = entry[1]
                first_line = bisect_right(line_table, starts[number]) - 1
            rendered = pieces[index]
            if rendered.written is not None and analyzer.preferred_spellings(rendered.written) is not rendered.preferred:
                # The codes in use changed since: the suggestions may have.
                pieces[:] = self._render_block(analyzer, text, starts[number], syntaxes[number], encoding, severity_of)
                rendered = pieces[index]
            out.append(rendered.json(first_line, group_base, bracket_base))
        self._blocks = used
        if cross:
            positions = Positions(LineIndex(text, line_table), encoding)
            ranges = positions.line_columns([finding.span for _, finding in cross])
            for (slot, finding), (start, end) in zip(cross, ranges):
                out[slot] = _dumps(diagnostic_dict(finding, start, end, severity_of(finding.severity)))
        return out

    # -- rendering a block -------------------------------------------------------------------

    @staticmethod
    def _render_block(analyzer, text, base, syntax, encoding, severity_of) -> list[BlockPiece]:
        local = analyzer.local_findings(syntax)
        block_text = text[base : base + syntax.length]
        positions = _positions_in_block(block_text, local, encoding)
        wanted = analyzer.wanted
        pieces = []
        for (code, start, end, message, data), (start_position, end_position) in zip(local, positions):
            written = preferred = None
            if code == "unknown-code":
                written = block_text[start:end]
                preferred = analyzer.preferred_spellings(written)
                suggestions, preferred_message = preferred
                if suggestions != data.get("suggestions"):
                    message, data = preferred_message, {**data, "suggestions": suggestions}
            pieces.append(block_piece(severity_of(wanted[code]), code, message, data, start_position, end_position, written, preferred))
        return pieces


def _positions_in_block(block_text: str, local: list, encoding: str) -> list:
    """(line, character) within the block of each finding's start and end."""
    starts = line_starts(block_text)
    if "\r" in block_text or not (encoding == "utf-32" or block_text.isascii()):
        # Other line breaks, or columns that are not code points: the general walk.
        return Positions(LineIndex(block_text, starts), encoding).line_columns([Span(start, end) for _, start, end, _, _ in local])
    if len(starts) == 1:
        return [((0, start), (0, end)) for _, start, end, _, _ in local]
    positions = []
    for _, start, end, _, _ in local:
        start_line = bisect_right(starts, start) - 1
        end_line = bisect_right(starts, end) - 1
        positions.append(((start_line, start - starts[start_line]), (end_line, end - starts[end_line])))
    return positions


def diagnostic_dict(finding: Finding, start: tuple[int, int], end: tuple[int, int], severity: int) -> dict:
    """One finding as the JSON of the LSP's ``Diagnostic``."""
    entry = {
        "range": {"start": {"line": start[0], "character": start[1]}, "end": {"line": end[0], "character": end[1]}},
        "message": finding.message,
        "severity": severity,
        "code": finding.code,
        "source": SOURCE,
    }
    if finding.data:
        entry["data"] = finding.data
    return entry
