"""Hypothesis strategies that generate `.cicadraft` drafts in the style of real CICA
circulars: blocks of labelled items and bullets separated by blank lines, brackets nested
a few levels deep, tag groups (`+X`, `-X`, `X tcb`, several per group or per bracket)
from a small set of codes including an alias pair (IRAN = IRN), punctuation between a
`]` and its tags (`…years]. (-IND)`), adjacent and grouped inline alternatives,
alternative items (`11.` / `11altern.`), editorial notes, footnote references, brackets
spanning lines and blocks, stray spaces and tabs, and `\\n`, `\\r\\n` or `\\r` line
endings (sometimes mixed).

    from draftgen import drafts
    @given(drafts())
    def test_something(text): ...

Every generated draft is balanced (``parse(text).balanced``); ``drafts(balanced=False)``
may add a stray `]` or an unclosed `[`.
"""

from __future__ import annotations

from hypothesis import strategies as st

CODES = ("IRAN", "IRN", "CHN", "IND", "AZER", "SEC", "TUR")
WORDS = (
    "the", "Member", "States", "shall", "promote", "volunteers", "of", "CICA", "dialogue",
    "peace", "and", "cooperation", "(SOC)", "2023", "“We", "Together”", "tolerance",
)
PUNCTUATION = (",", ".", ";", ":")
LABELS = ("1.", "2.", "11.", "1.1", "2bis", "(a)", "OP6", "PP3")
BULLETS = ("- ", "- *Recalling* ", "• ")
NOTES = ("NOTE: to be checked", "Placeholder for text", "Agreed ad ref")


@st.composite
def tags(draw) -> str:
    code = draw(st.sampled_from(CODES))
    kind = draw(st.sampled_from(("+", "+", "-", "-", "tcb")))
    return f"{code} tcb" if kind == "tcb" else f"{kind}{code}"


@st.composite
def tag_groups(draw) -> str:
    inner = draw(st.lists(tags(), min_size=1, max_size=2))
    return "(" + ", ".join(inner) + ")"


@st.composite
def spaces(draw) -> str:
    return draw(st.sampled_from((" ", " ", " ", " ", "  ", "\t")))


@st.composite
def bracket(draw, depth: int) -> str:
    """A bracket with its attached tag groups (maybe none), e.g. `[text]. (-IND)`."""
    if draw(st.integers(0, 12)) == 0:
        return "[" + draw(st.sampled_from(NOTES)) + "]"
    lead = draw(st.sampled_from(("", "", "", ", ")))
    inner = lead + draw(phrase(depth + 1))
    groups = draw(st.lists(tag_groups(), max_size=2))
    tail = ""
    if groups:
        before = draw(st.sampled_from(("", "", ".", ";", ",")))
        tail = before + "".join(draw(spaces()) + g for g in groups)
    return f"[{inner}]{tail}"


@st.composite
def alternatives(draw, depth: int) -> str:
    """Adjacent alternatives `[a] (+X) [b] (+Y)`, or grouped ones `[[a] (-X), [b] (+X)]`."""
    members = [draw(bracket(depth + 1)) for _ in range(draw(st.integers(2, 3)))]
    if draw(st.booleans()):
        separator = draw(st.sampled_from((" ", " / ")))
        return separator.join(members)
    separator = draw(st.sampled_from((", ", " / ", " ", "; ", " or ")))
    groups = draw(st.lists(tag_groups(), max_size=1))
    return "[" + separator.join(members) + "]" + "".join(" " + g for g in groups)


@st.composite
def phrase(draw, depth: int = 0) -> str:
    """Words, punctuation, brackets and alternatives on one line."""
    pieces: list[str] = []
    choices = ["word", "word", "word", "punct"]
    if depth < 3:
        choices += ["bracket", "bracket", "alternatives"]
    if depth == 0:
        choices += ["footnote"]
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(choices))
        if kind == "word":
            piece = draw(st.sampled_from(WORDS))
        elif kind == "punct":
            piece = draw(st.sampled_from(PUNCTUATION))
        elif kind == "bracket":
            piece = draw(bracket(depth))
        elif kind == "alternatives":
            piece = draw(alternatives(depth))
        else:
            piece = "[^1]"
        if pieces and not (kind == "punct" and draw(st.booleans())):
            pieces.append(draw(spaces()))
        pieces.append(piece)
    return "".join(pieces)


@st.composite
def line(draw) -> str:
    indent = draw(st.sampled_from(("", "", "", "  ")))
    form = draw(st.sampled_from(("plain", "label", "label", "bullet", "wrapped")))
    body = draw(phrase())
    if form == "plain":
        return indent + body
    if form == "bullet":
        return indent + draw(st.sampled_from(BULLETS)) + body
    label = draw(st.sampled_from(LABELS))
    if form == "label":
        return indent + label + " " + body
    # a whole item in brackets, as `[11. Promote …;] (-IRAN) (+AZER)`
    groups = draw(st.lists(tag_groups(), min_size=1, max_size=2))
    return "[" + label + " " + body + "]" + "".join(" " + g for g in groups)


@st.composite
def alternative_items(draw) -> list[str]:
    """Blocks `N. …`, `Naltern. …` (each maybe bracketed whole, with tags)."""
    number = draw(st.sampled_from(("11", "3", "OP6")))
    suffixes = draw(st.sampled_from((["."] if number.isdigit() else [""],)))
    labels = [number + suffixes[0]] + [
        number + draw(st.sampled_from(("altern.", "alt", " alt.")))
        for _ in range(draw(st.integers(1, 2)))
    ]
    if draw(st.booleans()):
        labels = labels[1:]  # alternatives whose base item is not there
    blocks = []
    for label in labels:
        body = label + " " + draw(phrase())
        if draw(st.booleans()):
            body = "[" + body + "]" + "".join(" " + g for g in draw(st.lists(tag_groups(), min_size=1, max_size=2)))
        blocks.append(body)
    return blocks


@st.composite
def drafts(draw, balanced: bool = True) -> str:
    style = draw(st.sampled_from(("\n", "\n", "\r\n", "\r\n", "\r", "mixed")))

    def eol() -> str:
        return draw(st.sampled_from(("\n", "\r\n", "\r"))) if style == "mixed" else style

    blocks: list[str] = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(("lines", "lines", "lines", "alternatives", "spanning")))
        if kind == "alternatives":
            blocks.extend(draw(alternative_items()))
            continue
        lines = [draw(line()) for _ in range(draw(st.integers(1, 3)))]
        if kind == "spanning":  # a bracket across lines, maybe across blocks
            gap = eol() if draw(st.booleans()) else eol() + eol()
            tail = "".join(" " + g for g in draw(st.lists(tag_groups(), max_size=2)))
            lines = ["[" + lines[0], *lines[1:-1], lines[-1] + gap + draw(phrase()) + "]" + tail] if len(lines) > 1 else [
                "[" + lines[0] + gap + draw(phrase()) + "]" + tail
            ]
        blocks.append(eol().join(lines))
    text = ""
    for number, block in enumerate(blocks):
        if number:
            text += eol() + "".join(eol() for _ in range(draw(st.integers(1, 2))))
        text += block
    if draw(st.booleans()):
        text += eol()
    if not balanced and draw(st.booleans()):
        position = draw(st.integers(0, len(text)))
        text = text[:position] + draw(st.sampled_from(("[", "]"))) + text[position:]
    return text
