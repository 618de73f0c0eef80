"""The HTML status report in a real browser: headless Chromium prints it to PDF on A4
and pdftotext reads the words back, in English and Russian; the screenshot script takes
a picture of it, whose pixels hold the charts' colours (tests/chromium.py)."""

from __future__ import annotations

import struct
import subprocess
import sys
import zlib
from pathlib import Path

from chromium import CHROMIUM, pdf_pages, printed, require

from cicadraft.analysis.status_render import render
from cicadraft.analysis.status_render.html import AGREED_COLOUR, CHART_ROWS, OPEN_COLOUR, SIGN_COLOURS
from cicadraft.analysis.status_report import report
from cicadraft.registry import default_registry
from cicadraft.syntax import parse

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "SWG-739-2023.cicadraft"
OTHERS = sorted(Path("/work/shared/examples/other-negotiations").glob("*.txt"))
A4 = (595.0, 842.0)  # points, portrait


def reference_page(locale: str, by: str = "delegation") -> str:
    drafts = [("SWG-739-2023.cicadraft", parse(EXAMPLE.read_text(encoding="utf-8")))]
    return render(report(drafts, default_registry()), "html", locale, by)


def test_page_is_self_contained():
    page = reference_page("en")
    for outside in ("<script", "src=", "href=", "url(", "@import", "http:", "https:", "@font-face"):
        assert outside not in page, outside
    assert page.count("<svg") == 2  # positions per delegation, paragraphs per section


def test_chromium_prints_the_english_report_on_a4(tmp_path):
    text = printed(tmp_path, reference_page("en"))
    assert "Where the negotiation stands: 1 draft" in text
    assert "Paragraphs 130: 124 agreed, 6 open" in text
    assert "Words agreed 96.3% (3,664 of 3,803)" in text
    assert "Open reservations 3" in text
    assert "AZER (Azerbaijan) 11altern. 293 Promote tolerance" in text  # the table of reservations
    assert "+ proposes" in text and "- deletes" in text and "tcb reserves" in text  # the chart's legend
    assert "Chapter 3. Review of CBM implementation" in text  # a bar of the sections chart
    assert "IRAN (Iran)" in text and "which should be not less than two and…" in text
    sizes = pdf_pages(tmp_path)
    assert sizes and all(abs(w - A4[0]) < 2 and abs(h - A4[1]) < 2 for w, h in sizes), sizes


def test_chromium_prints_the_russian_report(tmp_path):
    page = reference_page("ru", by="item")
    assert '<html lang="ru">' in page
    text = printed(tmp_path, page)
    assert "Состояние переговоров: 1 проект" in text
    assert "Пункты 130: согласовано 124, открыто 6" in text
    assert "Согласовано слов 96,3 % (3 664 из 3 803)" in text
    assert "Неснятые оговорки" in text and "Открытые пункты: чья какая позиция" in text
    assert "+ предлагает" in text and "согласовано" in text and "открыто" in text


def test_several_drafts_print_one_per_page_and_the_totals(tmp_path):
    drafts = [("SWG-739-2023.cicadraft", parse(EXAMPLE.read_text(encoding="utf-8")))]
    drafts += [(p.name, parse(p.read_text(encoding="utf-8"))) for p in OTHERS]
    page = render(report(drafts, default_registry()), "html", "en", "item")
    text = printed(tmp_path, page)
    assert "Where the negotiation stands: 3 drafts" in text
    assert "The brackets are not balanced (3)" in text  # the plastics text, reported with its problems
    assert "All drafts: 3 drafts" in text and "Paragraphs 395:" in text
    assert len(pdf_pages(tmp_path)) >= 4  # each draft and the totals start a page


def _pixels(png: bytes) -> tuple[int, int, set[tuple[int, int, int]]]:
    """Width, height and the colours of an 8-bit RGB or RGBA PNG (what Chromium writes),
    decoded here: the tests have no imaging library."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    at, idat, header = 8, b"", None
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at : at + 8])
        body = png[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    step = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * step
    previous = bytearray(stride)
    colours: set[tuple[int, int, int]] = set()
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 1:
            for i in range(step, stride):
                line[i] = (line[i] + line[i - step]) & 0xFF
        elif kind == 2:
            for i in range(stride):
                line[i] = (line[i] + previous[i]) & 0xFF
        elif kind == 3:
            for i in range(stride):
                left = line[i - step] if i >= step else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - step] if i >= step else 0
                b = previous[i]
                c = previous[i - step] if i >= step else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        colours.update(zip(line[0::step], line[1::step], line[2::step]))
        previous = line
    return width, height, colours


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def test_screenshot_script_shows_the_charts(tmp_path):
    require(CHROMIUM)
    out = tmp_path / "status.png"
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "status_screenshot.py"), "--out", str(out), "--width", "900", "--height", "800"],
        capture_output=True, text=True, timeout=180,
    )
    assert done.returncode == 0, done.stderr
    width, height, colours = _pixels(out.read_bytes())
    assert (width, height) == (900, 800)
    for colour in (*SIGN_COLOURS.values(), AGREED_COLOUR, OPEN_COLOUR):
        assert _rgb(colour) in colours, colour  # every series of both charts is on the picture


def test_a_long_draft_keeps_its_sections_chart_to_a_page():
    chapters = "\n\n".join(f"Chapter {n}. Part {n}\n\n{n}.1 Text [open] (+IND).\n{n}.2 Agreed." for n in range(1, 61))
    page = render(report([("long.cicadraft", parse(chapters))], default_registry()), "html", "en")
    chart = page.split("<svg")[2]
    assert chart.count('class="label"') == CHART_ROWS
    assert "Chapter 39. Part 39" in chart and "Chapter 40. Part 40" not in chart
    assert "21 more sections" in chart  # chapters 40 to 60 are one bar
