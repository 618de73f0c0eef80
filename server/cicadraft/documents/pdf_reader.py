"""A PDF circular turned into draft text (issue 12, docs/pdf-import.md).

pypdf extracts each page's text; the vertical gaps between its lines (from the text
positions pypdf reports) become blank lines; this module then does what a reader's eye
does:

1. drops the running headers and footers (lines that come back, with only their
   numbers changed, at the top or bottom of most pages) and bare page numbers;
2. joins the lines a typesetter wrapped back into paragraphs: a line continues the one
   before when that one was full (the next word would not have fitted), unless it starts
   with a paragraph label or a bullet; short lines (titles, addresses) stay lines;
3. undoes end-of-line hyphenation: ``imple-`` + ``mentation`` is one word, but
   ``confidence-`` + ``building`` keeps its hyphen (see :func:`_join_hyphenated`);
4. keeps everything else as printed: brackets, tags, labels and bullets are text.

Bold and italic are not recovered (a PDF's text layer has no emphasis, only fonts).
A PDF without a text layer (a scan) or protected by a password is refused in one line.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_left
from collections import Counter
from pathlib import Path

from .errors import DocumentError, ImportResult

#: Bounds for untrusted files: bigger or longer documents are refused, not read slowly.
MAX_BYTES = 200 * 1024 * 1024
MAX_PAGES = 5000
TIME_LIMIT = 600.0  # seconds of text extraction (pypdf reads 3 to 5 pages a second)

# Ligatures some producers (Chromium, TeX) keep in the text layer.
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"})
_SOFT_HYPHEN = "\u00ad"
# A hyphen a typesetter put at a line end: `-`, the Unicode hyphen, or a soft hyphen
# shown as one (Chromium writes U+00AD U+2010, pypdf may put a space between).
_LINE_END_HYPHEN = re.compile(r"(?<=\w)\s?[\u00ad]?\s?[-\u2010\u00ad]$")
_SPACES = re.compile(r"[ \t\u00a0]+")
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"\w+")
# A line that is only a page number: `7`, `- 7 -`, `7/16`, `Page 7 of 16`, `Стр. 7`.
_PAGE_NUMBER = re.compile(
    r"(?:(?:page|p\.|стр\.?|страница)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:/|of|из)\s*\d{1,4})?",
    re.IGNORECASE,
)
_GLUED_ENDS = ("(-", "(+", "[-", "[", "(", "/", "\u2010", "–")
# Words after which a number is a reference, not a paragraph label on the next line.
_REFERRING_WORDS = frozenset(
    "article articles paragraph paragraphs para. section chapter part annex rule resolution decision no. "
    "статья статьи статьей пункт пункта пунктом раздел раздела глава главы приложение приложения".split()
)
_ZONE = 3  # lines at the top and at the bottom of a page where running heads live
# Prefixes English and Russian write with a hyphen (`co-coordinator`, `non-state`):
# at a line end, their hyphen is kept when nothing else in the document decides.
_HYPHENATED_PREFIXES = frozenset(
    "co non self ex anti cross multi well full semi vice mid long high low wide экс вице".split()
)


def read_pdf(path: Path) -> ImportResult:
    """The text of the PDF at ``path`` as a draft, with notes on what was dropped."""
    path = Path(path)
    pages = _page_texts(path)
    notes: list[str] = []
    if not any(_WORD.search(page) for page in pages):
        raise DocumentError(
            f"{path}: has no text layer (a scanned document?): cicadraft reads the text of a PDF, not its "
            "images; run it through OCR first (e.g. “ocrmypdf”) and import the result"
        )
    empty = [str(n + 1) for n, page in enumerate(pages) if not _WORD.search(page)]
    if empty:
        notes.append(f"page{'s' if len(empty) > 1 else ''} {', '.join(empty)} ha{'ve' if len(empty) > 1 else 's'} no text (blank, or scanned) and gave nothing")
    page_lines = [_clean_lines(page) for page in pages]
    page_lines = _drop_running_lines(page_lines, notes)
    return ImportResult(text=_reflow(page_lines), notes=notes)


# --------------------------------------------------------------------------------------
# Extraction


def _page_texts(path: Path) -> list[str]:
    import logging
    import warnings

    # pypdf reports what it repaired in a damaged file through logging and warnings;
    # the user gets the one line that matters (or the text), not its diary.
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR + 10)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _read_pages(path)
    finally:
        logger.setLevel(level)


def _read_pages(path: Path) -> list[str]:
    import pypdf  # lazily: only importing a PDF needs it
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PyPdfError

    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DocumentError(f"{path}: no such file") from None
    if size > MAX_BYTES:
        raise DocumentError(f"{path}: too big to import ({size // (1024 * 1024)} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB)")
    if size == 0:
        raise DocumentError(f"{path}: is empty, not a PDF")
    with path.open("rb") as handle:
        if b"%PDF-" not in handle.read(1024):
            raise DocumentError(f"{path}: is not a PDF (no “%PDF-” header)")
    try:
        reader = pypdf.PdfReader(path, strict=False)
        if reader.is_encrypted:
            # A PDF with only an owner password (printing allowed, editing restricted)
            # opens with the empty user password; one with a user password does not.
            try:
                opened = reader.decrypt("")
            except DependencyError:
                raise DocumentError(
                    f"{path}: is encrypted (AES) and cannot be decrypted here: save or print an unprotected copy and import that"
                ) from None
            if not opened:
                raise DocumentError(f"{path}: is protected by a password: open it, save an unprotected copy and import that")
        count = len(reader.pages)
        if count > MAX_PAGES:
            raise DocumentError(f"{path}: has {count} pages; cicadraft imports at most {MAX_PAGES}")
        deadline = time.monotonic() + TIME_LIMIT
        texts = []
        for page in reader.pages:
            texts.append(_page_text(page))
            if time.monotonic() > deadline:
                raise DocumentError(f"{path}: reading its text took more than {TIME_LIMIT:.0f} s; gave up at page {len(texts)} of {count}")
        return texts
    except FileNotDecryptedError:
        raise DocumentError(f"{path}: is protected by a password: open it, save an unprotected copy and import that") from None
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError, ZeroDivisionError) as error:
        # pypdf signals a damaged file in many ways; each is the same thing for the user.
        reason = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
        raise DocumentError(f"{path}: is not a readable PDF ({reason})") from None


def _page_text(page) -> str:
    """The page's text as pypdf's plain mode reads it (its word spacing is right where
    the layout mode's grid splits kerned words), with a blank line wherever the gap
    to the line before is clearly wider than the page's usual line spacing."""
    pieces: list[tuple[int, float, float]] = []  # (offset in the text, y, font height)
    length = 0

    def visit(text, cm, tm, font, size):
        nonlocal length
        if text.strip():
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            height = abs(size * tm[3] * cm[3]) or abs(size)
            pieces.append((length, y, height))
        length += len(text)

    text = page.extract_text(visitor_text=visit)
    if length != len(text):  # the pieces do not add up to the text: no geometry to go by
        return text
    offsets = [offset for offset, _, _ in pieces]
    lines: list[tuple[str, float | None, float]] = []
    position = 0
    for line in text.split("\n"):
        # The line's first piece; a line inside a piece that held line breaks itself
        # has that piece's position.
        number = bisect_left(offsets, position)
        if number == len(pieces) or pieces[number][0] >= position + max(len(line), 1):
            number -= 1
        y, height = (pieces[number][1], pieces[number][2]) if number >= 0 and line.strip() else (None, 0.0)
        lines.append((line, y, height))
        position += len(line) + 1
    steps = [lines[n - 1][1] - lines[n][1] for n in range(1, len(lines)) if lines[n][1] is not None and lines[n - 1][1] is not None]
    usual = sorted(step for step in steps if step > 0)
    spacing = usual[len(usual) // 2] if usual else 0.0
    out: list[str] = []
    for n, (line, y, height) in enumerate(lines):
        previous = lines[n - 1][1] if n else None
        if out and y is not None and previous is not None and spacing:
            step = previous - y
            if step > max(spacing * 1.35, height * 1.5) or step < -spacing:
                out.append("")  # a paragraph gap, or a jump up (a new column, a footer read first)
        out.append(line)
    return "\n".join(out)


def _clean_lines(page: str) -> list[str]:
    """A page's lines with runs of spaces collapsed and ligatures spelled out; blank
    lines kept as "" (a vertical gap)."""
    return [_SPACES.sub(" ", line).strip() for line in page.translate(_LIGATURES).splitlines()]


# --------------------------------------------------------------------------------------
# Running headers, footers and page numbers


def _zones(lines: list[str]) -> tuple[list[int], list[int]]:
    """Indexes of the first and last few non-blank lines of a page."""
    filled = [n for n, line in enumerate(lines) if line]
    return filled[:_ZONE], filled[-_ZONE:] if len(filled) > _ZONE else filled[_ZONE:]


def _drop_running_lines(pages: list[list[str]], notes: list[str]) -> list[list[str]]:
    """Pages without the lines that repeat at their top or bottom (numbers aside) on
    at least half the pages (two at least), and without bare page numbers there."""
    keys: Counter[str] = Counter()
    for lines in pages:
        top, bottom = _zones(lines)
        keys.update({("top", _running_key(lines[n])) for n in top} | {("bottom", _running_key(lines[n])) for n in bottom})
    needed = max(2, (len(pages) + 1) // 2)
    repeated = {key for key, count in keys.items() if count >= needed}
    dropped: Counter[str] = Counter()
    numbers = 0
    result = []
    for number, lines in enumerate(pages, start=1):
        top, bottom = _zones(lines)
        gone = set()
        for zone, indexes in (("top", top), ("bottom", bottom)):
            for n in indexes:
                if _is_page_number(lines[n], number, len(pages)):  # (before: every number repeats as "#")
                    gone.add(n)
                    numbers += 1
                elif (zone, _running_key(lines[n])) in repeated:
                    gone.add(n)
                    dropped[lines[n]] += 1
        kept = [line for n, line in enumerate(lines) if n not in gone]
        while kept and not kept[0]:
            kept.pop(0)
        while kept and not kept[-1]:
            kept.pop()
        result.append(kept)
    if dropped:
        kinds = len({_running_key(line) for line in dropped})
        example = max(dropped, key=dropped.get)
        notes.append(f"dropped {kinds} running header or footer line{'s' if kinds > 1 else ''} repeated on the pages (e.g. “{example}”)")
    if numbers:
        notes.append(f"dropped the page numbers of {numbers} page{'s' if numbers > 1 else ''}")
    return result


def _running_key(line: str) -> str:
    return _DIGITS.sub("#", line.casefold())


def _is_page_number(line: str, page: int, pages: int) -> bool:
    if not _PAGE_NUMBER.fullmatch(line):
        return False
    first = int(_DIGITS.search(line).group())
    # A printed page number is near the page's own (a circular may number from its
    # cover, or from 2): a lone "2023" at the top of a page is text, not a number.
    return abs(first - page) <= 3 or first <= pages + 3


# --------------------------------------------------------------------------------------
# Paragraphs


def _reflow(pages: list[list[str]]) -> str:
    """Lines joined into paragraphs, blocks separated by one blank line."""
    lines_all = [line for lines in pages for line in lines if line]
    width = _full_width(lines_all)
    hyphens = _Hyphens(lines_all)
    blocks: list[list[str]] = []  # each block a list of lines (items and kept breaks)
    current: list[str] = []
    printed = ""  # the line as printed before this one (current[-1] may be several joined)
    for lines in pages:
        for n, line in enumerate(lines):
            if not line:
                if current:
                    blocks.append(current)
                    current = []
                continue
            first_on_page = n == 0 or not any(lines[:n])
            continues = bool(current) and _continues(printed, line, width)
            printed = line
            if continues:
                current[-1] = _join(current[-1], line, hyphens)
            elif current and not first_on_page:
                current.append(line)
            else:
                if current:
                    blocks.append(current)
                current = [line]
    if current:
        blocks.append(current)
    return "\n\n".join("\n".join(block) for block in blocks) + "\n" if blocks else ""


def _full_width(lines: list[str]) -> int:
    """The length of a full line of body text: the longest lines, not counting a few
    outliers (a table row, a URL)."""
    if not lines:
        return 1
    lengths = sorted(len(line) for line in lines)
    return max(lengths[int(len(lengths) * 0.95) - 1 if len(lengths) > 20 else -1], 1)


def _starts_item(line: str) -> bool:
    from cicadraft.syntax import parse_block

    lead = parse_block(line).leads[0]
    return lead is not None


def _continues(previous: str, line: str, width: int) -> bool:
    """Whether ``line`` is the wrapped rest of ``previous``: the first word of ``line``
    would not have fitted at the end of ``previous``, and ``line`` opens no item (or
    ``previous`` stopped in mid-sentence), or ``previous`` ends with a hyphen."""
    first_word = line.split(" ", 1)[0]
    full = len(previous) + 1 + len(first_word) > width * 0.9
    if _starts_item(line):
        # `… under article` + `41 bis. …`: a number after a word that refers to one
        # continues the line; anything else label-like opens an item (`…; and` + `(b)`).
        last = previous.rsplit(" ", 1)[-1].casefold()
        return full and last in _REFERRING_WORDS
    if _LINE_END_HYPHEN.search(previous) or previous.endswith(_SOFT_HYPHEN):
        return True
    return full


class _Hyphens:
    """Decides the hyphens at line ends (see :meth:`real`)."""

    def __init__(self, lines: list[str]):
        # Every word and hyphenated word, case-folded, but for the parts of the words
        # split at line ends (which are what is to be decided).
        self.words: Counter[str] = Counter()
        split_before = False
        for line in lines:
            tokens = re.findall(r"\w+(?:-\w+)*", line)
            split_after = bool(_LINE_END_HYPHEN.search(line))
            if split_before and tokens:
                tokens.pop(0)
            if split_after and tokens:
                tokens.pop()
            split_before = split_after
            for token in tokens:
                self.words[token.casefold()] += 1
                if "-" in token:
                    self.words.update(part.casefold() for part in token.split("-"))
        # Whether the document's typesetter hyphenated words at all: some line-end
        # hyphen splits a word the document spells elsewhere without it.
        self.hyphenating = False
        for previous, line in zip(lines, lines[1:]):
            split = self._split(previous, line)
            if split and self._evidence(*split) is False:
                self.hyphenating = True
                break

    @staticmethod
    def _split(previous: str, line: str) -> tuple[str, str] | None:
        match = _LINE_END_HYPHEN.search(previous)
        right = re.match(r"\w+", line)
        if match is None or right is None:
            return None
        return re.search(r"\w+$", previous[: match.start()]).group(), right.group()

    def _evidence(self, left: str, right: str) -> bool | None:
        if self.words[f"{left}-{right}".casefold()]:  # (elsewhere: the split parts are not counted)
            return True
        if self.words[f"{left}{right}".casefold()]:
            return False
        return None

    def real(self, left: str, right: str, mark: str) -> bool:
        """Whether the hyphen between ``left`` (at a line end) and ``right`` (starting
        the next line) is a real one. A soft hyphen never is. Then the document
        decides: a word it spells elsewhere with the hyphen keeps it, one it spells
        without loses it. Then the shape of the parts: a capital or a digit next to the
        hyphen (``SWG-739``, ``Co-Coordinator``), two parts that are both words of the
        document elsewhere, or a prefix that takes a hyphen mean a real hyphen. What is
        left (``imple-mentation``) was the typesetter's when the document shows that
        it hyphenated words, and a real hyphen when it does not."""
        if "\u00ad" in mark or (mark.strip() == "\u2010" and " " in mark):
            return False  # a soft hyphen, shown only because the line broke there
        evidence = self._evidence(left, right)
        if evidence is not None:
            return evidence
        if right[:1].isupper() or right[:1].isdigit() or left[-1:].isdigit():
            return True
        if self.words[left.casefold()] and self.words[right.casefold()]:
            return True
        if left.casefold() in _HYPHENATED_PREFIXES:
            return True
        return not self.hyphenating


def _join(previous: str, line: str, hyphens: _Hyphens) -> str:
    if previous.endswith(_SOFT_HYPHEN):
        return previous[:-1] + line
    match = _LINE_END_HYPHEN.search(previous)
    split = hyphens._split(previous, line) if match else None
    if split is None:
        # A line broken after a sign, an opening bracket or a slash (`(-` + `IRAN)`,
        # `MC/2023/` + `DRAFT/3`) continues without a space: none stood there.
        glue = "" if previous.endswith(_GLUED_ENDS) else " "
        return f"{previous}{glue}{line}"
    stem = previous[: match.start()]
    return f"{stem}{'-' if hyphens.real(*split, match.group()) else ''}{line}"
