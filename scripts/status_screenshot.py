"""Render ``cicadraft status --format html`` for some drafts and take a screenshot of the
page with headless Chromium: the picture in the README (docs/screenshots/status-report.png).

    python scripts/status_screenshot.py                      # the reference draft, English
    python scripts/status_screenshot.py --locale ru --out /tmp/ru.png DRAFT...

Chromium comes from scripts/install-vscode-test.sh. Exit status 0, or 2 with one line on
stderr when Chromium is missing or writes no picture.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "server"))

DEFAULT_OUT = ROOT / "docs" / "screenshots" / "status-report.png"
DEFAULT_DRAFTS = [ROOT / "examples" / "SWG-739-2023.cicadraft"]


def page(drafts: list[Path], locale: str, by: str) -> str:
    from cicadraft.analysis.status_render import render
    from cicadraft.analysis.status_report import report
    from cicadraft.registry import default_registry
    from cicadraft.syntax import parse

    pairs = [(path.name, parse(path.read_text(encoding="utf-8"))) for path in drafts]
    return render(report(pairs, default_registry()), "html", locale, by)


def screenshot(html: str, out: Path, width: int, height: int) -> None:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        raise SystemExit("status_screenshot: chromium is not installed: run scripts/install-vscode-test.sh")
    with tempfile.TemporaryDirectory(prefix="cicadraft-shot-") as folder:
        source = Path(folder) / "status.html"
        source.write_text(html, encoding="utf-8")
        out.parent.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--hide-scrollbars", f"--user-data-dir={Path(folder) / 'profile'}",
             f"--window-size={width},{height}", f"--screenshot={out}", source.as_uri()],
            capture_output=True, timeout=120,
        )
    if not out.exists() or not out.read_bytes().startswith(b"\x89PNG"):
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise SystemExit(f"status_screenshot: chromium wrote no picture ({tail[0]})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("drafts", nargs="*", type=Path, default=DEFAULT_DRAFTS, metavar="DRAFT")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--locale", choices=("en", "ru"), default="en")
    parser.add_argument("--by", choices=("delegation", "item"), default="delegation")
    parser.add_argument("--width", type=int, default=1100)
    parser.add_argument("--height", type=int, default=1300)
    args = parser.parse_args(argv)
    try:
        screenshot(page(args.drafts, args.locale, args.by), args.out, args.width, args.height)
    except SystemExit as error:
        print(error, file=sys.stderr)
        return 2
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
