"""A seeded generator of realistic negotiation drafts, for the benchmarks.

The shape follows the reference draft (examples/SWG-739-2023.cicadraft): titles,
chapters and captions; numbered and bulleted items; about 30% of the items carrying
brackets nested up to depth 4, each with 1 to 3 tag groups; tags after punctuation.
The ``unbalanced`` variant drops or adds a bracket in about 1% of the brackets.

    python -m benchmarks.generate --size 1MB --seed 7 > /tmp/draft.cicadraft
"""

from __future__ import annotations

import argparse
import random
import sys

CODES = ["IND", "CHN", "IRAN", "AZER", "TUR", "PAK", "RUS", "KAZ", "SEC", "KOR", "THA", "UZB", "MNG", "QAT"]
WORDS = (
    "the member states shall promote cooperation in the priority area of confidence building "
    "measures including exchange of information expert meetings concept papers action plans "
    "regional security sustainable development volunteerism youth council secretariat "
    "coordinator co-coordinator tenure review implementation dimension catalogue voluntary basis"
).split()
PREAMBLE_VERBS = ["Recalling", "Reaffirming", "Emphasizing", "Recognizing", "Stressing", "Underlining", "Noting"]

SIZES = {"10KB": 10_000, "100KB": 100_000, "1MB": 1_000_000, "5MB": 5_000_000}


def _phrase(rng: random.Random, low: int = 3, high: int = 12) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def _tags(rng: random.Random) -> str:
    groups = []
    for code in rng.sample(CODES, rng.randint(1, 3)):  # one position per delegation
        kind = rng.random()
        groups.append(f"(+{code})" if kind < 0.45 else f"(-{code})" if kind < 0.85 else f"({code} tcb)")
    return " ".join(groups)


def _bracketed(rng: random.Random, depth: int, unbalanced: bool) -> str:
    inner = _phrase(rng, 2, 8)
    if depth < 4 and rng.random() < 0.35:
        inner += " " + _bracketed(rng, depth + 1, unbalanced) + " " + _phrase(rng, 1, 4)
    opening, closing = "[", "]"
    if unbalanced and rng.random() < 0.01:
        if rng.random() < 0.5:
            closing = ""
        else:
            opening = ""
    punctuation = rng.choice(["", "", ".", ",", ";"])
    return f"{opening}{inner}{punctuation}{closing} {_tags(rng)}"


def _item_text(rng: random.Random, unbalanced: bool) -> str:
    text = _phrase(rng, 8, 30)
    if rng.random() < 0.30:
        parts = [_phrase(rng, 2, 10)]
        for _ in range(rng.randint(1, 2)):
            parts.append(_bracketed(rng, 1, unbalanced))
            parts.append(_phrase(rng, 2, 10))
        text = " ".join(parts)
    return text


def generate(size: int, seed: int = 1, unbalanced: bool = False) -> str:
    rng = random.Random(seed)
    out: list[str] = []
    length = 0
    chapter = 0
    while length < size:
        title = f"DRAFT DECISION OF THE CICA MINISTERIAL COUNCIL NO. {rng.randint(1, 99)}"
        block = [title, "", "The CICA Ministerial Council,", ""]
        for _ in range(rng.randint(2, 5)):
            block.append(f"- *{rng.choice(PREAMBLE_VERBS)}* {_item_text(rng, unbalanced)};")
        block.append("")
        for _ in range(rng.randint(2, 4)):
            chapter += 1
            block += [f"Chapter {chapter}. {_phrase(rng, 2, 5).capitalize()}", ""]
            block += [_phrase(rng, 1, 3).capitalize(), ""]
            for number in range(1, rng.randint(4, 12)):
                label = f"{chapter}.{number}"
                text = f"{label} {_item_text(rng, unbalanced)}."
                if rng.random() < 0.1:
                    text = f"[{text}] {_tags(rng)}"
                block += [text, ""]
        chunk = "\n".join(block) + "\n\n"
        out.append(chunk)
        length += len(chunk)
    return "".join(out)[:size].rsplit("\n", 1)[0] + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=SIZES, default="100KB")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--unbalanced", action="store_true")
    args = parser.parse_args()
    sys.stdout.write(generate(SIZES[args.size], args.seed, args.unbalanced))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
