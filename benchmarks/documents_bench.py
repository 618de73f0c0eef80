"""How long `cicadraft export` and the import of a PDF take on big drafts.

Two shapes of draft (benchmarks/commands.py): the real drafts (the repository's and
shared/examples/) concatenated up to the size, and one from benchmarks/generate.py. Per
draft: `cicadraft export DRAFT -o DOC.docx`, the same with `--track-changes`, then
LibreOffice prints the plain export to PDF (not timed: that is LibreOffice's work) and
`cicadraft import DOC.pdf -o DRAFT` reads it back. Each row times the whole command.

    python -m benchmarks.documents_bench                                  # 1 MB and 5 MB
    python -m benchmarks.documents_bench --append benchmarks/RESULTS.md   # and add the table there
    python -m benchmarks.documents_bench --smoke                          # 100 KB, under a minute

Nothing here asserts a time: it prints numbers (median of --repeat runs, one by default).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .commands import Table, arguments, cases, megabytes, row, wall


def printed_pdf(docx: Path, folder: Path) -> Path:
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("soffice is not installed: run scripts/test.sh (it installs libreoffice-writer-nogui)")
    subprocess.run(
        [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(folder), str(docx)],
        capture_output=True, timeout=3600, check=True,
    )
    return folder / f"{docx.stem}.pdf"


def main(argv: list[str] | None = None) -> int:
    # One run per row unless asked: at 5 MB the PDF is thousands of pages.
    args = arguments(__doc__.splitlines()[0], argv, repeat=1)
    table = Table(args.repeat)
    for folder, shape, size, make in cases(args):
        text = make(size)
        draft, plain, tracked = folder / "draft.cicadraft", folder / "export.docx", folder / "tracked.docx"
        draft.write_text(text, encoding="utf-8")
        mb = megabytes(text)
        seconds, _ = wall("export", str(draft), "-o", str(plain), repeat=args.repeat)
        table.add(row("`export -o DOC.docx`", shape, mb, seconds, f".docx {plain.stat().st_size // 1000:,} KB"))
        seconds, _ = wall("export", "--track-changes", str(draft), "-o", str(tracked), repeat=args.repeat)
        table.add(row("`export --track-changes`", shape, mb, seconds, f".docx {tracked.stat().st_size // 1000:,} KB"))
        pdf = printed_pdf(plain, folder)
        import pypdf

        pages = len(pypdf.PdfReader(pdf).pages)
        imported = folder / "from-pdf.cicadraft"
        seconds, _ = wall("import", str(pdf), "-o", str(imported), repeat=args.repeat)
        table.add(row("`import DOC.pdf`", shape, megabytes(imported.read_text(encoding="utf-8")), seconds,
                      f"the plain export printed by LibreOffice: {pages:,} pages, {pdf.stat().st_size // 1000:,} KB"))
    table.finish(args, "`cicadraft export` and PDF import (`python -m benchmarks.documents_bench`)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
