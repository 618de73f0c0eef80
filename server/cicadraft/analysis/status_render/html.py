"""The HTML report: one self-contained page (no script, no font or image from outside),
printable on A4, with inline SVG charts (:mod:`.svg`): positions per delegation stacked
by sign, open and agreed paragraphs per section; and the tables of reservations and of
positions (or of open paragraphs, ``--by item``)."""

from __future__ import annotations

from html import escape

from cicadraft.analysis import messages
from cicadraft.analysis.html_page import page_start

from .svg import stacked_bars
from .words import drafts, facts, section_title, sign_name, who, word

SIGN_COLOURS = {"+": "#2e7d32", "-": "#c62828", "tcb": "#e0a100"}
AGREED_COLOUR, OPEN_COLOUR = "#8fb98b", "#e8743b"
CHART_ROWS = 40  # bars of the sections chart, at most

_STYLE = """
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, "Segoe UI", "DejaVu Sans", sans-serif; margin: 1.5em auto; max-width: 60em;
       padding: 0 1em; color: #1b1b1b; }
h1 { font-size: 1.45em; margin: 0 0 .4em; }
h2 { font-size: 1.2em; margin: 1.8em 0 .5em; padding-bottom: .2em; border-bottom: 2px solid #d5d9e0;
     overflow-wrap: anywhere; }
h3 { font-size: 1.02em; margin: 1.2em 0 .4em; }
table { border-collapse: collapse; width: 100%; margin: .3em 0 .8em; }
th, td { border: 1px solid #c9c9c9; padding: .3em .5em; vertical-align: top; text-align: left; }
thead th { background: #f0f2f5; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.text { overflow-wrap: anywhere; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15em 1.2em; margin: .4em 0 1em; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.sign { display: inline-block; min-width: 2.2em; text-align: center; border-radius: .3em; color: #fff;
        font-weight: 600; padding: 0 .3em; }
.sign-plus { background: #2e7d32; } .sign-minus { background: #c62828; } .sign-tcb { background: #e0a100; color: #1b1b1b; }
.problems { border-left: 4px solid #c62828; padding: .4em .9em; background: #fdecea; margin: .5em 0 1em; }
.problems ul { margin: .2em 0; padding-left: 1.2em; }
.none { color: #777; }
.charts { display: flex; flex-direction: column; gap: 1em; }
.charts figure { margin: 0; }
.charts figcaption { font-weight: 600; margin-bottom: .3em; }
svg.chart { width: 100%; height: auto; max-width: 760px; }
svg.chart text { font: 12px system-ui, "DejaVu Sans", sans-serif; fill: #1b1b1b; }
svg.chart text.in-bar { fill: #fff; font-size: 11px; font-weight: 600; }
footer { margin-top: 2em; color: #777; font-size: .85em; }
@media print {
  @page { size: A4 portrait; margin: 14mm 12mm; }
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  section.draft + section.draft, section.total { break-before: page; }
  tr, figure, dl.facts { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  thead { display: table-header-group; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

_SIGN_CLASS = {"+": "plus", "-": "minus", "tcb": "tcb"}


def _sign(sign: str, locale: str) -> str:
    return f'<span class="sign sign-{_SIGN_CLASS[sign]}" title="{escape(sign_name(sign, locale))}">{escape(sign)}</span>'


def _table(headers: list[tuple[str, str]], rows: list[list[str]]) -> str:
    """``headers`` are (text, css class); cells are HTML already escaped."""
    head = "".join(f'<th class="{cls}">{escape(text)}</th>' if cls else f"<th>{escape(text)}</th>" for text, cls in headers)
    body = []
    for row in rows:
        cells = "".join(f'<td class="{cls}">{cell}</td>' if cls else f"<td>{cell}</td>" for (_, cls), cell in zip(headers, row))
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _facts(view, locale: str) -> str:
    rows = "".join(f"<dt>{escape(name)}</dt><dd>{escape(value)}</dd>" for name, value in facts(view, locale))
    return f'<dl class="facts">{rows}</dl>'


def _delegation_chart(delegations, locale: str) -> str:
    series = [(f"{s} {sign_name(s, locale)}", SIGN_COLOURS[s]) for s in ("+", "-", "tcb")]
    rows = [(d.code, [d.plus, d.minus, d.tcb]) for d in delegations.values()]
    title = word("chart.delegations", locale)
    return f"<figure><figcaption>{escape(title)}</figcaption>{stacked_bars(title, rows, series)}</figure>"


def _section_chart(draft, locale: str) -> str:
    series = [(word("agreed", locale), AGREED_COLOUR), (word("open", locale), OPEN_COLOUR)]
    sections = draft.sections
    rows = [(section_title(s, locale), [s.agreed, s.open]) for s in sections[:CHART_ROWS]]
    if len(sections) > CHART_ROWS:  # a long draft: the rest as one bar, the chart stays a page
        rest = sections[CHART_ROWS - 1 :]
        rows[-1] = (word("more-sections", locale, n=len(rest)), [sum(s.agreed for s in rest), sum(s.open for s in rest)])
    title = word("sections", locale)
    return f"<figure><figcaption>{escape(title)}</figcaption>{stacked_bars(title, rows, series)}</figure>"


def _none(text: str) -> str:
    return f'<p class="none">{escape(text)}</p>'


def _positions(draft, locale: str) -> str:
    if not draft.delegations:
        return _none(word("no-positions", locale))
    headers = [(word("delegation", locale), ""), (word("sign", locale), ""), (word("paragraph", locale), ""),
               (word("line", locale), "n"), (word("text", locale), "text")]
    rows = []
    for d in draft.delegations.values():
        for p in d.positions:
            rows.append([escape(who(d, locale)), _sign(p.sign, locale), escape(p.item), str(p.line + 1), escape(p.text)])
    return _counts(draft.delegations, locale) + _table(headers, rows)


def _counts(delegations, locale: str) -> str:
    return _table(
        [(word("delegation", locale), ""), ("+", "n"), ("-", "n"), ("tcb", "n")],
        [[escape(who(d, locale)), str(d.plus), str(d.minus), str(d.tcb)] for d in delegations.values()],
    )


def _items(draft, locale: str) -> str:
    if not draft.items:
        return _none(word("no-open", locale))
    headers = [(word("paragraph", locale), ""), (word("line", locale), "n"), (word("proposals", locale), "n"),
               (word("holders", locale), "")]
    rows = []
    for p in draft.items:
        holders = ", ".join(
            f"{escape(code)} " + " ".join(_sign(s, locale) for s in signs) for code, signs in p.holders().items()
        )
        rows.append([escape(p.item), str(p.line + 1), str(p.proposals), holders or '<span class="none">—</span>'])
    return _table(headers, rows)


def _reservations(draft, locale: str) -> str:
    found = draft.reservations
    if not found:
        return _none(word("no-reservations", locale))
    headers = [(word("delegation", locale), ""), (word("paragraph", locale), ""), (word("line", locale), "n"),
               (word("text", locale), "text")]
    named = {d.canonical: who(d, locale) for d in draft.delegations.values()}
    rows = [[escape(named.get(p.canonical, p.code)), escape(p.item), str(p.line + 1), escape(p.text)] for p in found]
    return _table(headers, rows)


def _problems(draft, locale: str) -> str:
    if not draft.problems:
        return ""
    items = "".join(
        f"<li>{p.line + 1}:{p.column + 1}: {escape(messages.text(p.code, locale))}</li>" for p in draft.problems
    )
    return f'<div class="problems"><p>{escape(word("unbalanced", locale, n=draft.unbalanced))}</p><ul>{items}</ul></div>'


def _draft(draft, locale: str, by: str) -> list[str]:
    out = ['<section class="draft">', f"<h2>{escape(draft.path)}</h2>", _problems(draft, locale), _facts(draft, locale)]
    charts = []
    if draft.delegations:
        charts.append(_delegation_chart(draft.delegations, locale))
    if draft.sections:
        charts.append(_section_chart(draft, locale))
    if charts:
        out.append(f'<div class="charts">{"".join(charts)}</div>')
    out.append(f"<h3>{escape(word('reservations', locale))}</h3>")
    out.append(_reservations(draft, locale))
    out.append(f"<h3>{escape(word('by-item' if by == 'item' else 'by-delegation', locale))}</h3>")
    out.append(_items(draft, locale) if by == "item" else _positions(draft, locale))
    out.append("</section>")
    return out


def html(report, locale: str, by: str = "delegation") -> str:
    title = f"{word('title', locale)}: {drafts(len(report.drafts), locale)}"
    out = page_start(title, locale, _STYLE)
    if not report.drafts:
        out.append(_none(word("no-drafts", locale)))
    for draft in report.drafts:
        out += _draft(draft, locale, by)
    if len(report.drafts) > 1:
        total = report.total
        out += ['<section class="total">', f"<h2>{escape(word('total', locale))}: {escape(drafts(total.drafts, locale))}</h2>",
                _facts(total, locale)]
        if total.delegations:
            out.append(f'<div class="charts">{_delegation_chart(total.delegations, locale)}</div>')
            out.append(_counts(total.delegations, locale))
        out.append("</section>")
    out += [f"<footer>{escape(word('generated', locale))}</footer>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
