"""Drafts of several shapes for the benchmarks, seeded and sized.

A benchmark that one generator shapes is a benchmark the code can be tuned to, so every
measurement runs on each of these:

``generator``      today's generator (:mod:`benchmarks.generate`);
``items``          chapters of 5–15 items under ``Chapter N.`` headings, every item its
                   own block, 2–3 tag groups on every bracket, nesting to depth 4;
``long-brackets``  whole articles bracketed: brackets that open in one paragraph and
                   close paragraphs later, with tagged brackets nested inside;
``real``           the real drafts (the repository's example and the shared corpus,
                   ``other-negotiations`` included) concatenated up to the size;
``findings``       a draft full of findings: lower-case tags and unknown codes, about
                   10,000 findings per MB;
``long-lines``     a whole chapter on one line, as PDF conversions produce.

    python -m benchmarks.shapes --shape items --size 1MB > /tmp/items.cicadraft
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from .generate import CODES, SIZES, _phrase, generate

ROOT = Path(__file__).resolve().parents[1]


def _real_paths() -> list[Path]:
    paths = [ROOT / "examples" / "SWG-739-2023.cicadraft"]
    for folder in (ROOT.parent / "shared" / "examples", Path("/work/shared/examples")):
        if folder.is_dir():
            # The reference draft is the repository's example already.
            paths += sorted(p for p in folder.rglob("*.txt") if p.name != "SWG-739-2023.txt")
            break
    return paths


REAL = _real_paths()


def _cut(text: str, size: int) -> str:
    """The text cut to at most ``size`` characters, at a line end."""
    return text[:size].rsplit("\n", 1)[0] + "\n"


def real_drafts(size: int, seed: int = 0) -> str:
    """The real drafts, one after the other, repeated up to ``size``."""
    texts = [path.read_text(encoding="utf-8") for path in REAL]
    out, length, n = [], 0, 0
    while length < size:
        text = texts[n % len(texts)]
        out.append(text)
        length += len(text) + 2
        n += 1
    return _cut("\n\n".join(out), size)


def _groups(rng: random.Random, low: int, high: int, code=None) -> str:
    groups = []
    for code_ in rng.sample(CODES, rng.randint(low, high)):
        written = code(rng, code_) if code else code_
        kind = rng.random()
        groups.append(f"(+{written})" if kind < 0.45 else f"(-{written})" if kind < 0.85 else f"({written} tcb)")
    return " ".join(groups)


def _nested(rng: random.Random, depth: int, max_depth: int, tags) -> str:
    inner = _phrase(rng, 2, 8)
    if depth < max_depth and rng.random() < 0.6:
        inner += " " + _nested(rng, depth + 1, max_depth, tags) + " " + _phrase(rng, 1, 4)
    return f"[{inner}] {tags(rng)}"


def items(size: int, seed: int = 1) -> str:
    """Every item its own block, chapters of 5–15 items as ``Chapter N.`` headings,
    2–3 tag groups per bracket, brackets nested to depth 4."""
    tags = lambda r: _groups(r, 2, 3)  # noqa: E731

    def item(rng: random.Random, label: str) -> str:
        text = f"{label} {_phrase(rng, 3, 10)}"
        for _ in range(rng.randint(1, 2)):
            text += " " + _nested(rng, 1, 4, tags) + " " + _phrase(rng, 2, 8)
        return text

    return _chapters(size, seed, item)


def _chapters(size: int, seed: int, item) -> str:
    """Chapters of 5–15 items under ``Chapter N.`` headings, each item (``item(rng,
    label)``) its own block."""
    rng = random.Random(seed)
    out: list[str] = []
    length = 0
    chapter = 0
    while length < size:
        chapter += 1
        lines = [f"Chapter {chapter}. {_phrase(rng, 2, 5).capitalize()}", ""]
        for number in range(1, rng.randint(5, 15) + 1):
            lines += [item(rng, f"{chapter}.{number}") + ".", ""]
        chunk = "\n".join(lines) + "\n"
        out.append(chunk)
        length += len(chunk)
    return _cut("".join(out), size)


def long_brackets(size: int, seed: int = 1) -> str:
    """Whole articles in one bracket: a `[` before the article's first paragraph, the `]`
    after its last one, several blocks later; tagged brackets inside the paragraphs."""
    rng = random.Random(seed)
    out: list[str] = []
    length = 0
    article = 0
    tags = lambda r: _groups(r, 1, 3)  # noqa: E731
    while length < size:
        article += 1
        paragraphs = [f"Article {article}. {_phrase(rng, 2, 5).capitalize()}"]
        for number in range(1, rng.randint(3, 8) + 1):
            text = f"{number}. {_phrase(rng, 20, 60)}"
            if rng.random() < 0.5:
                text += " " + _nested(rng, 1, 3, tags) + " " + _phrase(rng, 5, 20)
            paragraphs.append(text + ".")
        paragraphs[1] = "[" + paragraphs[1]  # the article's whole body, in one bracket
        if rng.random() < 0.3:  # an alternative spanning paragraphs inside it
            at = rng.randrange(1, len(paragraphs))
            paragraphs[at] = "[" + paragraphs[at]
            paragraphs[-1] += "]"
        paragraphs[-1] += "] " + tags(rng)
        chunk = "\n\n".join(paragraphs) + "\n\n"
        out.append(chunk)
        length += len(chunk)
    return _cut("".join(out), size)


def _misspelled(rng: random.Random, code: str) -> str:
    kind = rng.random()
    if kind < 0.33:
        return code.lower()  # malformed-tag (and, for the real codes, nothing else)
    if kind < 0.55:
        return code[:-1] + rng.choice("QXZ")  # unknown-code, with suggestions
    return code


def full_of_findings(size: int, seed: int = 1) -> str:
    """Items whose brackets carry lower-case and unknown codes: about 10,000 findings
    in a megabyte, spread over the whole draft."""
    tags = lambda r: _groups(r, 2, 3, _misspelled)  # noqa: E731
    return _chapters(size, seed, lambda rng, label: f"{label} {_phrase(rng, 3, 8)} " + _nested(rng, 1, 2, tags) + " " + _phrase(rng, 2, 6))


def long_lines(size: int, seed: int = 1) -> str:
    """Today's draft with the blocks of every decision (several chapters) joined on one
    line: the paragraph breaks gone, as a PDF conversion leaves them (lines of 10–30 KB)."""
    text = generate(size * 2, seed=seed, unbalanced=True)
    decisions = text.split("DRAFT DECISION")
    joined = ["DRAFT DECISION" + " ".join(line for line in part.split("\n") if line.strip()) for part in decisions if part.strip()]
    return _cut("\n\n".join(joined), size)


SHAPES = {
    "generator": lambda size, seed: generate(size, seed=seed, unbalanced=True),
    "items": items,
    "long-brackets": long_brackets,
    "real": real_drafts,
    "findings": full_of_findings,
    "long-lines": long_lines,
}


def shape(name: str, size: int, seed: int = 7) -> str:
    return SHAPES[name](size, seed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", choices=SHAPES, default="items")
    parser.add_argument("--size", choices=SIZES, default="100KB")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    sys.stdout.write(shape(args.shape, SIZES[args.size], args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
