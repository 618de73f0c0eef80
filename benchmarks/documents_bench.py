"""How long `cicadraft export` and PDF import take on big drafts.

The drafts are the real ones (the reference and the two corpus drafts) concatenated up to
the size. For each size it times the export to Word (plain and --track-changes), then has
LibreOffice print the export to PDF (not timed: that is LibreOffice's work) and times
`read_pdf` on it.

    python -m benchmarks.documents_bench             # 1 MB and 5 MB
    python -m benchmarks.documents_bench --smoke     # 100 KB, under a minute

Nothing here asserts a time: it prints numbers (median of --repeat runs).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .diff_bench import real_drafts


def timed(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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
    from cicadraft.documents.exporting import export_document
    from cicadraft.documents.pdf_reader import read_pdf
    from cicadraft.registry import default_registry

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="one small draft (100 KB), for the tests")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    sizes = [100_000] if args.smoke else [1_000_000, 5_000_000]
    registry = default_registry()
    print("| draft | export | export --track-changes | PDF pages | read_pdf |")
    print("| --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory(prefix="cicadraft-bench-") as work:
        folder = Path(work)
        for size in sizes:
            text = real_drafts(size)
            out = folder / f"draft-{size}.docx"
            plain = timed(lambda: export_document(text, out, registry=registry), args.repeat)
            tracked_out = folder / f"tracked-{size}.docx"
            tracked = timed(lambda: export_document(text, tracked_out, registry=registry, track_changes=True), args.repeat)
            pdf = printed_pdf(out, folder)
            import pypdf

            pages = len(pypdf.PdfReader(pdf).pages)
            reading = timed(lambda: read_pdf(pdf), args.repeat)
            print(f"| {len(text) / 1e6:.1f} MB | {plain:.2f} s | {tracked:.2f} s | {pages} | {reading:.2f} s |")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
