"""Headless Chromium for the tests of the HTML reports: print a page to PDF and read its
words back with pdftotext. Chromium comes from scripts/install-vscode-test.sh, pdftotext
from scripts/test.sh (poppler-utils); a missing tool fails the test with that message."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def require(*tools: str) -> None:
    for tool in tools:
        if not shutil.which(tool):
            pytest.fail(f"{tool} is not installed: run scripts/test.sh (it installs chromium and poppler-utils)", pytrace=False)


def printed(tmp_path: Path, page: str, name: str = "report") -> str:
    """The words of ``page`` as Chromium prints it to PDF, runs of spaces as one."""
    require(CHROMIUM, "pdftotext")
    html = tmp_path / f"{name}.html"
    html.write_text(page, encoding="utf-8")
    pdf = tmp_path / f"{name}.pdf"
    done = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
         html.as_uri()],
        capture_output=True, timeout=120,
    )
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF"), done.stderr.decode("utf-8", "replace")[-2000:]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, timeout=60, check=True)
    return " ".join(text.stdout.decode("utf-8").split())


def pdf_pages(tmp_path: Path, name: str = "report") -> list[tuple[float, float]]:
    """The page sizes (points) of a PDF that :func:`printed` made, read by pdfinfo."""
    require("pdfinfo")
    done = subprocess.run(["pdfinfo", "-l", "999", str(tmp_path / f"{name}.pdf")], capture_output=True, text=True, timeout=60, check=True)
    sizes = []
    for line in done.stdout.splitlines():
        if line.startswith("Page") and "size:" in line:
            width, _, height = line.split("size:")[1].split()[:3]
            sizes.append((float(width), float(height)))
    return sizes
