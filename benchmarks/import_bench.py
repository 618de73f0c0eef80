"""How long `cicadraft import` takes on big Word documents with tracked changes.

The document is a draft of one of the two shapes of benchmarks/commands.py (the real
drafts, one from benchmarks/generate.py), one paragraph per line, with every tenth word
an insertion or a deletion by one of four delegations (real w:ins/w:del written with
python-docx and lxml), a numbered paragraph every 25 lines and a table after every
1,000 lines. Each row times the whole command, `cicadraft import DOC.docx -o DRAFT`; the
size is the draft it writes.

    python -m benchmarks.import_bench                                  # 1 MB and 5 MB
    python -m benchmarks.import_bench --append benchmarks/RESULTS.md   # and add the table there
    python -m benchmarks.import_bench --smoke                          # 100 KB, a few seconds

Nothing here asserts a time: it prints numbers (median of --repeat runs).
"""

from __future__ import annotations

import re
from pathlib import Path

from .commands import Table, arguments, cases, megabytes, row, wall

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
AUTHORS = ("India", "China", "Islamic Republic of Iran", "Türkiye")


def build(text: str, path: Path) -> tuple[int, int]:
    """A Word document of the draft's lines; returns (paragraphs, revisions)."""
    import docx
    from docx.oxml.ns import qn
    from lxml import etree

    from cicadraft.documents.word_writer import _new_paragraph as new_paragraph

    document = docx.Document()
    paragraphs = revisions = 0
    # splitlines: a form feed or \r in a real draft (PDF conversions) is a line break,
    # and XML takes no other control character.
    lines = (_CONTROL.sub(" ", line) for line in text.splitlines() if line.strip())
    for number, line in enumerate(lines):
        # Not document.add_paragraph: it looks for the body's section properties among all
        # its children each time (quadratic: a 5 MB document took many minutes to build).
        paragraph = new_paragraph(document)
        if number % 25 == 0:
            paragraph.style = "List Number"
        for index, word in enumerate(line.split(" ")):
            parent = paragraph._p
            if index % 10 == 9:
                deleted = index % 20 == 9
                parent = etree.SubElement(parent, qn("w:del" if deleted else "w:ins"))
                parent.set(qn("w:id"), str(revisions))
                parent.set(qn("w:author"), AUTHORS[revisions % len(AUTHORS)])
                revisions += 1
            run = etree.SubElement(parent, qn("w:r"))
            element = etree.SubElement(run, qn("w:delText" if parent.tag == qn("w:del") else "w:t"))
            element.text = word + " "
            element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        paragraphs += 1
        if number % 1000 == 999:
            table = document.add_table(rows=10, cols=3)
            for table_row in table.rows:
                for cell in table_row.cells:
                    cell.text = "ICT security"
    document.save(str(path))
    return paragraphs, revisions


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__.splitlines()[0], argv)
    table = Table(args.repeat)
    for folder, shape, size, make in cases(args):
        document, out = folder / "document.docx", folder / "imported.cicadraft"
        paragraphs, revisions = build(make(size), document)
        seconds, _ = wall("import", str(document), "-o", str(out), repeat=args.repeat)
        notes = f".docx {document.stat().st_size // 1000:,} KB, {paragraphs:,} paragraphs, {revisions:,} tracked changes"
        table.add(row("`import DOC.docx`", shape, megabytes(out.read_text(encoding="utf-8")), seconds, notes))
    table.finish(args, "`cicadraft import` (`python -m benchmarks.import_bench`)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
