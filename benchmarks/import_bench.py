"""How long `cicadraft import` takes on a big Word document with tracked changes.

The document is the reference circular repeated up to the size, one paragraph per line,
with every tenth word an insertion or a deletion by one of four delegations (real
w:ins/w:del written with python-docx and lxml), and a numbered list and a table each
repetition.

    python -m benchmarks.import_bench            # about 1 MB and 5 MB of text
    python -m benchmarks.import_bench --smoke    # about 100 KB, a few seconds

Nothing here asserts a time: it prints numbers (median of --repeat runs).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "examples" / "SWG-739-2023.cicadraft"
AUTHORS = ("India", "China", "Islamic Republic of Iran", "Türkiye")


def build(size: int, path: Path) -> tuple[int, int]:
    """A document of about ``size`` characters; returns (paragraphs, revisions)."""
    import docx
    from docx.oxml.ns import qn
    from lxml import etree

    lines = [line for line in REFERENCE.read_text(encoding="utf-8").split("\n") if line.strip()]
    document = docx.Document()
    length = paragraphs = revisions = 0
    while length < size:
        for number, line in enumerate(lines):
            paragraph = document.add_paragraph(style="List Number" if number % 25 == 0 else None)
            for index, word in enumerate(line.split(" ")):
                parent = paragraph._p
                if index % 10 == 9:
                    deleted = index % 20 == 9
                    parent = etree.SubElement(parent, qn("w:del" if deleted else "w:ins"))
                    parent.set(qn("w:id"), str(revisions))
                    parent.set(qn("w:author"), AUTHORS[revisions % len(AUTHORS)])
                    revisions += 1
                run = etree.SubElement(parent, qn("w:r"))
                text = etree.SubElement(run, qn("w:delText" if parent.tag == qn("w:del") else "w:t"))
                text.text = word + " "
                text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            paragraphs += 1
            length += len(line) + 1
        table = document.add_table(rows=10, cols=3)
        for row in table.rows:
            for cell in row.cells:
                cell.text = "ICT security"
    document.save(str(path))
    return paragraphs, revisions


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="one small document, a few seconds")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    from cicadraft.documents.importing import import_document
    from cicadraft.registry import default_registry

    registry = default_registry()
    sizes = [100_000] if args.smoke else [1_000_000, 5_000_000]
    print("| document | paragraphs | revisions | .docx size | draft size | import (median) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = Path(folder) / f"bench-{size}.docx"
            paragraphs, revisions = build(size, path)
            times, text = [], ""
            for _ in range(1 if args.smoke else args.repeat):
                start = time.perf_counter()
                text = import_document(path, registry=registry).text
                times.append(time.perf_counter() - start)
            print(f"| {size // 1000} KB of text | {paragraphs} | {revisions} | {path.stat().st_size // 1000} KB "
                  f"| {len(text) // 1000} KB | {statistics.median(times):.2f} s |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
