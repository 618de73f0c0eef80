"""Line endings, the BOM and the final line break survive every edit the resolve engine
makes (issue 7), and ``cicadraft resolve --in-place`` keeps them byte for byte.

Every decision is tried on generated drafts (tests/draftgen.py: ``\\n``, ``\\r\\n``, lone
``\\r`` or mixed endings) with and without a final line break: accept and reject every
bracket (for each delegation tagged on it, and without a code), keep and drop it,
withdraw every tag and reservation, choose every alternative, accept all and reject all
for each delegation, keep all and drop all, and the quick fixes (replace a code,
normalise a malformed group, remove a stray `]`, a duplicate tag, empty brackets). For
each, :func:`check_line_endings` holds: no edit writes a line break or cuts a ``\\r\\n``
in two, the line breaks outside the edited spans are those of the result, in order and
of the same kind, and the final line break is there exactly when it was.

Four bugs these properties found are pinned by regression tests at the end: a removed
line bringing a lone ``\\r`` and a ``\\n`` together into one ``\\r\\n``; removing the last
block of a draft without a final line break leaving one; a BOM inside the text going
with a removed first line; a BOM inside the text changing how the first line parses.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cicadraft.analysis import resolve as R
from cicadraft.registry import default_registry
from cicadraft.syntax import parse
from draftgen import CODES, drafts

REGISTRY = default_registry()
BOM = "\ufeff"
BREAK = re.compile(r"\r\n|\r|\n")
SEED = (Path(__file__).parent.parent / "examples" / "SWG-739-2023.cicadraft").read_text(encoding="utf-8")

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# -- the check ---------------------------------------------------------------------------------


def shift(edits, offset: int) -> int:
    """Where an offset outside every edit lands in the result."""
    delta = 0
    for edit in edits:
        if edit.span.end <= offset:
            delta += len(edit.new_text) - (edit.span.end - edit.span.start)
    return offset + delta


def check_line_endings(text: str, outcome: R.Outcome, what: str = "") -> tuple[str, int]:
    """The result of ``outcome`` on ``text``, after checking its line breaks. Returns the
    result and the number of lone `\\r` + `\\n` pairs its edits joined (a known bug)."""
    assert outcome.ok, (what, outcome.refusal)
    edits = list(outcome.edits)
    result = outcome.preview(text)
    previous = 0
    for edit in edits:
        assert previous <= edit.span.start <= edit.span.end <= len(text), (what, "edits out of order")
        previous = edit.span.end
        assert "\r" not in edit.new_text and "\n" not in edit.new_text, (what, "an edit writes a line break", edit)
        for at in (edit.span.start, edit.span.end):
            assert not (0 < at < len(text) and text[at - 1] == "\r" and text[at] == "\n"), (what, "an edit cuts a \\r\\n", edit)
    # Only the edited spans change: the pieces between them are the original's.
    pieces, position = [], 0
    for edit in edits:
        pieces += [text[position : edit.span.start], edit.new_text]
        position = edit.span.end
    assert "".join(pieces) + text[position:] == result

    # Each line break lies wholly inside an edit (and went) or wholly outside (and stays).
    kept = [
        (shift(edits, m.start()), m.group())
        for m in BREAK.finditer(text)
        if not any(e.span.start <= m.start() and m.end() <= e.span.end for e in edits)
    ]
    expected = [kind for _, kind in kept]
    joined = sum(1 for number, (at, kind) in enumerate(kept) if kind == "\n" and number and kept[number - 1] == (at - 1, "\r"))
    assert [m.group() for m in BREAK.finditer(result)] == expected, (what, text, result)
    kinds = set(BREAK.findall(text))
    if kinds == {"\r\n"}:
        assert not re.search(r"\r(?!\n)|(?<!\r)\n", result), (what, "a lone \\r or \\n in a CRLF file")
    if kinds == {"\r"}:
        assert "\n" not in result, (what, "a \\n in a lone-CR file")

    # The final line break is there exactly when it was (an emptied draft has none).
    if result.strip(" \t" + BOM):
        before, after = bool(BREAK.search(text[-1:])), bool(BREAK.search(result[-1:]))
        assert after == before, (what, "the final line break", text, result)
    return result, joined


# -- every decision the engine makes on one draft ------------------------------------------------


def decisions(draft):
    """(name, thunk) for every decision the engine offers on ``draft``."""
    text = draft.text
    for i, bracket in enumerate(draft.brackets):
        yield f"keep {i}", lambda i=i: R.keep(draft, i)
        yield f"drop {i}", lambda i=i: R.drop(draft, i)
        yield f"accept {i}", lambda i=i: R.accept(draft, i, None, REGISTRY)
        yield f"reject {i}", lambda i=i: R.reject(draft, i, None, REGISTRY)
        codes = {draft.tag_groups[g].tags[t].code.upper() for g in bracket.tag_groups for t in range(len(draft.tag_groups[g].tags))}
        for code in sorted(codes):
            yield f"accept {i} {code}", lambda i=i, code=code: R.accept(draft, i, code, REGISTRY)
            yield f"reject {i} {code}", lambda i=i, code=code: R.reject(draft, i, code, REGISTRY)
    chosen = set()
    for offset in [b.open + 1 for b in draft.brackets] + [item.lead.span.start for item in draft.items]:
        for alternative in R.alternatives_at(draft, offset):
            if (alternative.kind, alternative.index) not in chosen:
                chosen.add((alternative.kind, alternative.index))
                yield f"choose {alternative.label!r}", lambda a=alternative: R.choose_alternative(draft, a)
    for g, group in enumerate(draft.tag_groups):
        if group.malformed:
            yield f"normalize {g}", lambda g=g: R.normalize_group(draft, g)
        for t, tag in enumerate(group.tags):
            yield f"withdraw {g}.{t}", lambda g=g, t=t: R.withdraw_tag(draft, g, t)
            if tag.kind == "tcb":
                yield f"withdraw tcb {g}.{t}", lambda g=g, t=t: R.withdraw_tcb(draft, g, t)
            yield f"replace {g}.{t}", lambda g=g, t=t: R.replace_code(draft, g, t, "KAZ")
    for offset in draft.stray_closes:
        yield f"remove stray {offset}", lambda offset=offset: R.remove_stray(draft, offset)
    for code in CODES:
        if re.search(rf"[+-]{code}\b|\b{code} tcb", text):
            yield f"accept all {code}", lambda code=code: R.accept_all(draft, code, REGISTRY)
            yield f"reject all {code}", lambda code=code: R.reject_all(draft, code, REGISTRY)
    yield "keep all", lambda: R.keep_all(draft)
    yield "drop all", lambda: R.drop_all(draft)


def run_all(text: str) -> int:
    """Every decision on ``text`` that the engine makes (refusals aside), checked.
    Returns how many were checked."""
    draft = parse(text)
    checked = 0
    for name, decide in decisions(draft):
        outcome = decide()
        if not outcome.ok:
            continue
        check_line_endings(text, outcome, name)
        checked += 1
    return checked


# Near misses that give quick fixes, and odd characters, put in at random places.
NEAR_MISSES = ["(+ iran)", "(IRAN TCB)", " (+IRAN, +IRAN)", " []", " (+ZZQX)", "\f", "\v", "\u2028", "😀"]


@st.composite
def draft_texts(draw, balanced: bool = True) -> str:
    text = draw(drafts(balanced=balanced))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(NEAR_MISSES)) + text[at:]
    ending = draw(st.sampled_from(["keep", "add", "remove"]))
    if ending == "remove":
        text = text.rstrip("\r\n")
    elif ending == "add" and not BREAK.search(text[-1:]):
        text += draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return text


# -- properties ------------------------------------------------------------------------------------


@SETTINGS
@given(draft_texts())
def test_every_decision_keeps_line_endings_and_the_final_line_break(text):
    run_all(text)


@SETTINGS
@given(draft_texts(balanced=False))
def test_quick_fixes_on_unbalanced_drafts_keep_line_endings(text):
    draft = parse(text)
    for offset in draft.stray_closes:
        check_line_endings(text, R.remove_stray(draft, offset), "remove stray")
    for g, group in enumerate(draft.tag_groups):
        if group.malformed:
            check_line_endings(text, R.normalize_group(draft, g), "normalize")
        for t in range(len(group.tags)):
            check_line_endings(text, R.replace_code(draft, g, t, "KAZ"), "replace")


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r", "mixed"])
@pytest.mark.parametrize("final", [True, False])
def test_every_decision_on_the_seed(eol, final):
    lines = SEED.rstrip("\n").split("\n")
    if eol == "mixed":
        endings = ["\r\n", "\n", "\r\n", "\r\n", "\n"]  # mixed endings
        text = "".join(line + endings[n % len(endings)] for n, line in enumerate(lines))
    else:
        text = eol.join(lines) + eol
    if not final:
        text = text.rstrip("\r\n")
    assert run_all(text) > 100


@SETTINGS
@given(draft_texts())
def test_a_bom_survives_every_decision(text):
    """(A BOM in the text: an editor that keeps it in the buffer.)"""
    text = BOM + text
    draft = parse(text)
    for name, decide in decisions(draft):
        outcome = decide()
        if not outcome.ok:
            continue
        result, _ = check_line_endings(text, outcome, name)
        assert result.startswith(BOM), name


# -- bugs found by the properties, pinned -------------------------------------------------------


def test_a_lone_cr_and_a_newline_are_not_joined():
    text = "a\r\r[b] (-IRAN)\n\nc"
    result, joined = check_line_endings(text, R.accept(parse(text), 0, "IRAN", REGISTRY))
    assert joined == 0, repr(result)
    assert len(parse(result).blocks) == 2, repr(result)


def test_a_line_removed_between_a_lone_cr_and_a_newline_takes_the_cr():
    # Removing the emptied item with its own \n would leave "the\r" + "\nthe": one \r\n,
    # and the blank line between the blocks gone.
    text = "the\n\nthe\r[1. the] (+IRAN)\n\nthe"
    result, _ = check_line_endings(text, R.drop(parse(text), 0), "drop")
    assert result == "the\n\nthe\n\nthe"
    assert len(parse(result).blocks) == 3


def test_a_block_between_two_lone_crs_and_a_newline_goes_with_the_crs():
    # "11altern. the" and a blank line go. With their own breaks, "\r" + "\n" would join
    # whichever blank line goes; taking the blank line before and the breaks before them
    # ("\r\r") keeps the three \n.
    text = "[the\n\nthe]\n\n11. the\r\r11altern. the\n\n\nthe"
    draft = parse(text)
    (eleven,) = [a for a in R.alternatives_at(draft, text.index("11.")) if a.label == "11."]
    result, _ = check_line_endings(text, R.choose_alternative(draft, eleven), "choose")
    assert result == "[the\n\nthe]\n\n11. the\n\n\nthe"


def test_after_three_lone_crs_the_removal_takes_the_blank_line_after_it():
    # Neither "\r" + "\n" nor, taking the \r before, "\r" + "\n" again: the removal
    # takes the blank line after it instead, leaving "\r" + "\r\n".
    text = "1. x\r\r\r11. a\n\r11 alt. b\n\n\r\n11altern. c"
    draft = parse(text)
    (chosen,) = [a for a in R.alternatives_at(draft, text.index("11altern")) if a.label == "11altern."]
    result, _ = check_line_endings(text, R.choose_alternative(draft, chosen), "choose")
    assert result == "1. x\r\r\r\n11. c"


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_the_last_block_goes_without_leaving_a_final_line_break(eol):
    text = f"1. a{eol}{eol}{eol}[2. b] (+IRAN)"
    result = R.reject(parse(text), 0, "IRAN", REGISTRY).preview(text)
    assert result == "1. a", repr(result)


@pytest.mark.parametrize(
    "text, decide",
    [
        ("\ufeff[x] (-CHN)\r\n\r\n1. b\r\n", lambda d: R.accept_all(d, "CHN", REGISTRY)),
        ("\ufeff[1. x] (-CHN)\r\n2. y\r\n", lambda d: R.accept(d, 0, "CHN", REGISTRY)),
        ("\ufeff[x] (+CHN)", lambda d: R.reject(d, 0, "CHN", REGISTRY)),
    ],
)
def test_the_bom_survives_removing_the_first_line(text, decide):
    result = decide(parse(text)).preview(text)
    assert result.startswith(BOM), repr(result)


def test_a_bom_in_the_text_changes_nothing_else():
    text = "1. [x] (-CHN)\r\n\r\n2. b\r\n"
    plain = R.accept_all(parse(text), "CHN", REGISTRY).preview(text)
    with_bom = R.accept_all(parse(BOM + text), "CHN", REGISTRY).preview(BOM + text)
    assert with_bom == BOM + plain, (with_bom, plain)


# -- the command line -------------------------------------------------------------------------------


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cicadraft", "resolve", *args], capture_output=True, timeout=60)


def mixed_seed(final: bool) -> str:
    """The seed with CRLF, LF and lone CR endings (no lone CR directly before a LF line
    that could be joined to it)."""
    lines = SEED.rstrip("\n").split("\n")
    endings = ["\r\n", "\r\n", "\n", "\r", "\r\n"]
    text = "".join(line + endings[n % len(endings)] for n, line in enumerate(lines))
    return text if final else text.rstrip("\r\n")


def engine_steps(text: str, steps) -> tuple[str, int]:
    joined = 0
    for kind, code in steps:
        draft = parse(text)
        outcome = {
            "--accept": lambda: R.accept_all(draft, code, REGISTRY),
            "--reject": lambda: R.reject_all(draft, code, REGISTRY),
            "--keep-all": lambda: R.keep_all(draft),
            "--drop-all": lambda: R.drop_all(draft),
        }[kind]()
        text, n = check_line_endings(text, outcome, kind)
        joined += n
    return text, joined


@pytest.mark.parametrize(
    "steps",
    [
        [("--accept", "IRAN")],
        [("--reject", "IRAN")],
        [("--keep-all", None)],
        [("--drop-all", None)],
        [("--accept", "IND"), ("--reject", "CHN"), ("--keep-all", None)],
    ],
    ids=lambda steps: " ".join(k + (f" {c}" if c else "") for k, c in steps),
)
@pytest.mark.parametrize("final", [True, False], ids=["final-break", "no-final-break"])
def test_in_place_keeps_the_bom_and_mixed_line_endings_byte_for_byte(tmp_path, steps, final):
    text = mixed_seed(final)
    path = tmp_path / "draft.cicadraft"
    path.write_bytes((BOM + text).encode("utf-8"))
    expected, joined = engine_steps(text, steps)
    assert joined == 0
    args = [a for kind, code in steps for a in (kind, code) if a]
    done = cli(str(path), *args, "--in-place")
    assert done.returncode == 0
    # stderr names only the positions the decisions overrode (never a problem)
    assert all(b" overrode " in line for line in done.stderr.splitlines()), done.stderr
    written = path.read_bytes()
    assert written == (BOM + expected).encode("utf-8")
    # Byte for byte: the line breaks of the file are the original's, in kind and order,
    # less those of the lines that went.
    assert set(BREAK.findall(written.decode("utf-8"))) <= {"\r\n", "\n", "\r"}
    assert written.endswith((b"\r", b"\n")) == final


def test_in_place_on_a_lone_cr_file_writes_no_newline(tmp_path):
    text = SEED.rstrip("\n").replace("\n", "\r") + "\r"
    path = tmp_path / "draft.cicadraft"
    path.write_bytes((BOM + text).encode("utf-8"))
    assert cli(str(path), "--accept", "IRAN", "--reject", "AZER", "--in-place").returncode == 0
    written = path.read_bytes()
    assert written.startswith(BOM.encode()) and b"\n" not in written and written.endswith(b"\r")
    assert written == (BOM + engine_steps(text, [("--accept", "IRAN"), ("--reject", "AZER")])[0]).encode("utf-8")
