"""The real programs the PDF and export tests hand their files to: LibreOffice
(headless Writer: converts, re-saves, prints; :mod:`documents.oracle` accepts and
rejects tracked changes through its UNO bridge), headless Chromium (prints HTML to PDF)
and poppler's pdftoppm (renders a PDF page to an image, for a scanned document). scripts/test.sh installs them;
a missing one fails the test that needs it, with the command that installs it."""

from __future__ import annotations

import html
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = Path("/work/shared/examples")
REFERENCE = REPO / "examples" / "SWG-739-2023.cicadraft"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def drafts() -> dict[str, str]:
    """The reference draft and the shared drafts of other negotiations."""
    found = {"SWG-739-2023": REFERENCE.read_text(encoding="utf-8")}
    corpus = sorted((REPO.parent / "shared" / "examples" / "other-negotiations").glob("*.txt"))
    for path in corpus or sorted((SHARED / "other-negotiations").glob("*.txt")):
        found[path.stem] = path.read_text(encoding="utf-8")
    return found


def need(tool: str, package: str) -> str:
    path = shutil.which(tool) or (tool if Path(tool).exists() else None)
    if not path:
        pytest.fail(f"{tool} is not installed: run scripts/test.sh (it installs {package})", pytrace=False)
    return path


def soffice(profile: Path, *args: str, timeout: int = 240) -> subprocess.CompletedProcess:
    """Run LibreOffice headless with its own user profile (two instances sharing one
    profile would wait for each other's lock)."""
    need("soffice", "libreoffice-writer-nogui")
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", *args],
        capture_output=True, timeout=timeout,
    )
    return done


def convert(profile: Path, source: Path, target_format: str, outdir: Path) -> Path:
    """``soffice --convert-to``: ``pdf``, ``docx`` (re-saved by Writer) or ``txt``."""
    outdir.mkdir(parents=True, exist_ok=True)
    done = soffice(profile, "--convert-to", target_format, "--outdir", str(outdir), str(source))
    extension = target_format.split(":")[0]
    result = outdir / f"{source.stem}.{extension}"
    assert result.exists(), f"LibreOffice did not convert {source.name} to {target_format}: {done.stderr.decode(errors='replace')[-1500:]}"
    return result


def chromium_pdf(tmp_path: Path, page_html: str, name: str, *, header_footer: bool = True) -> Path:
    """Print an HTML page to PDF with headless Chromium; by default with Chromium's
    running header (date, title) and footer (address, page x/y) on every page."""
    need(CHROMIUM, "chromium (scripts/install-vscode-test.sh)")
    source = tmp_path / f"{name}.html"
    source.write_text(page_html, encoding="utf-8")
    pdf = tmp_path / f"{name}.pdf"
    flags = [] if header_footer else ["--no-pdf-header-footer"]
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'chromium-profile'}",
         *flags, f"--print-to-pdf={pdf}", source.as_uri()],
        capture_output=True, timeout=180,
    )
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF"), done.stderr.decode("utf-8", "replace")[-2000:]
    return pdf


def text_page(text: str, title: str = "Draft") -> str:
    """A draft as an HTML page that keeps its lines (Chromium wraps the long ones)."""
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title></head><body>'
        f'<pre style="white-space: pre-wrap; font-family: serif; font-size: 12pt">{html.escape(text)}</pre></body></html>'
    )


def page_images(pdf: Path, outdir: Path) -> list[Path]:
    """Each page of ``pdf`` as a PNG (poppler's pdftoppm), as a scanner would give it."""
    need("pdftoppm", "poppler-utils")
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(outdir / "page")], check=True, timeout=120)
    return sorted(outdir.glob("page*.png"))
