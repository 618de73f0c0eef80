"""Small inline SVG charts for the HTML report: horizontal bars stacked by series.

Our own few lines rather than a charting library: the page must stay one file without
script, and two bar charts need no more. Text is escaped; sizes are in user units, so
the chart scales with the page (``width: 100%`` in the report's style) and prints sharp.
"""

from __future__ import annotations

from html import escape

_ROW = 22  # height of one bar row
_BAR = 14
_LABEL = 290  # room for the row labels
_VALUE = 44  # room for the total after the bar
_LEGEND = 26


def _width(text: str) -> float:
    """About how wide ``text`` is at 12px in a sans-serif face (no script can measure
    it on a page without one): capitals and wide letters count more."""
    return sum(8.6 if c.isupper() or c in "mwMWЖШЩЮ" else 3.6 if c in " .,;:il'’|" else 7.1 for c in text)


def _short(label: str, room: float = _LABEL - 14) -> str:
    if _width(label) <= room:
        return label
    cut = label
    while cut and _width(cut) + 8 > room:
        cut = cut[:-1]
    return cut.rstrip() + "…"


def stacked_bars(title: str, rows: list[tuple[str, list[int]]], series: list[tuple[str, str]], width: int = 760) -> str:
    """A chart of one bar per row, its segments the row's values in ``series`` order.

    ``series`` are (name, CSS colour); each row is (label, values). The row's full
    label is its tooltip (``<title>``) when cut."""
    peak = max((sum(values) for _, values in rows), default=0) or 1
    span = width - _LABEL - _VALUE
    height = _LEGEND + _ROW * max(len(rows), 1) + 6
    out = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(title)}" preserveAspectRatio="xMinYMin meet">',
        f"<title>{escape(title)}</title>",
    ]
    x = _LABEL
    for name, colour in series:  # the legend
        out.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{x + 16}" y="14" class="legend">{escape(name)}</text>')
        x += 28 + 8 * len(name)
    for number, (label, values) in enumerate(rows):
        y = _LEGEND + number * _ROW
        shown = _short(label)
        tooltip = f"<title>{escape(label)}</title>" if shown != label else ""
        out.append(f'<text x="{_LABEL - 8}" y="{y + _BAR - 2}" text-anchor="end" class="label">{tooltip}{escape(shown)}</text>')
        x = float(_LABEL)
        for (name, colour), value in zip(series, values):
            if value <= 0:
                continue
            length = span * value / peak
            out.append(
                f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{_BAR}" fill="{colour}">'
                f"<title>{escape(label)}: {escape(name)} {value}</title></rect>"
            )
            if length >= 18:
                out.append(f'<text x="{x + length / 2:.1f}" y="{y + _BAR - 3}" text-anchor="middle" class="in-bar">{value}</text>')
            x += length
        out.append(f'<text x="{x + 6:.1f}" y="{y + _BAR - 2}" class="total">{sum(values)}</text>')
    out.append("</svg>")
    return "".join(out)
