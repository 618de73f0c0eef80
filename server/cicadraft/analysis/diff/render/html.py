"""The HTML report: one self-contained page (no script, no outside resource), OLD and NEW
side by side, printable (A4, landscape, no cut rows, colours kept)."""

from __future__ import annotations

from html import escape

from cicadraft.analysis.html_page import page_start

from .text import shorten
from .words import item_of, kind_name, lines_of, word

_STYLE = """
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, "Segoe UI", "DejaVu Sans", sans-serif; margin: 1.5em; color: #1b1b1b; }
h1 { font-size: 1.4em; margin: 0 0 .6em; }
h2 { font-size: 1.15em; margin: 1.4em 0 .5em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #c9c9c9; padding: .35em .55em; vertical-align: top; text-align: left; }
thead th { background: #f0f0f0; }
table.changes td.text { width: 50%; word-wrap: break-word; overflow-wrap: anywhere; }
tr.change-head td { background: #f7f7f7; border-bottom: none; }
.kind { display: inline-block; padding: 0 .45em; border-radius: .3em; font-size: .9em; background: #e4e9f2; }
.k-proposal-accepted, .k-tag-added, .k-item-added { background: #dcf2de; }
.k-proposal-dropped, .k-tag-withdrawn, .k-item-removed { background: #f8dcdc; }
.line { color: #666; font-size: .9em; float: right; }
del { background: #fbd3d3; text-decoration: line-through; }
ins { background: #cdeccf; text-decoration: none; }
.none { color: #999; }
.note { border-left: 4px solid #d9a400; padding: .3em .8em; background: #fff8e1; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { margin: 0; font-size: 10pt; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _side(change, side: str) -> str:
    if change.words is not None:
        keep = "insert" if side == "old" else "delete"
        parts = []
        for op, value in change.words:
            if op == keep:
                continue
            if op == "equal":
                parts.append(escape(value))
            else:
                tag = "del" if op == "delete" else "ins"
                parts.append(f"<{tag}>{escape(value)}</{tag}>")
        return " ".join(parts)
    value = change.old if side == "old" else change.new
    if value is None:
        return '<span class="none">—</span>'
    value = escape(shorten(value, 2000))
    if change.tag and (change.kind, side) in (("tag-added", "new"), ("tag-withdrawn", "old")):
        mark = escape(change.tag)
        at = value.rfind(mark)  # the tags stand after the bracket's text
        if at >= 0:
            tag = "ins" if change.kind == "tag-added" else "del"
            value = f"{value[:at]}<{tag}>{mark}</{tag}>{value[at + len(mark):]}"
        return value
    if change.kind in ("proposal-dropped", "item-removed", "tag-withdrawn") and side == "old":
        return f"<del>{value}</del>" if change.kind != "tag-withdrawn" else value
    if change.kind in ("proposal-added", "item-added") and side == "new":
        return f"<ins>{value}</ins>"
    return value


def html(report, old_name: str, new_name: str, locale: str) -> str:
    title = word("title", locale, old=old_name, new=new_name)
    out = page_start(title, locale, _STYLE)
    if report.unrelated:
        out.append(f'<p class="note">{escape(word("unrelated", locale))}</p>')
    if not report.changes:
        out.append(f'<p class="no-changes">{escape(word("no-changes", locale))}</p>')
    else:
        out.append('<table class="counts"><thead><tr>'
                   f"<th>{escape(word('kind', locale))}</th><th>{escape(word('count', locale))}</th></tr></thead><tbody>")
        for kind, n in report.counts().items():
            out.append(f'<tr><td><span class="kind k-{kind}">{escape(kind_name(kind, locale))}</span></td><td>{n}</td></tr>')
        out.append("</tbody></table>")
        if report.delegations:
            keys = ("gained", "lost", "joined", "withdrew")
            out.append(f"<h2>{escape(word('by-delegation', locale))}</h2>")
            out.append('<table class="delegations"><thead><tr>'
                       f"<th>{escape(word('delegation', locale))}</th>"
                       + "".join(f"<th>{escape(word(k, locale))}</th>" for k in keys) + "</tr></thead><tbody>")
            for code, entry in sorted(report.delegations.items()):
                cells = []
                for key in keys:
                    names = dict.fromkeys(item_of(report.changes[i]) for i in getattr(entry, key))
                    cells.append(escape(", ".join(names)) if names else '<span class="none">—</span>')
                out.append(f"<tr><th>{escape(code)}</th>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
            out.append("</tbody></table>")
        out.append(f"<h2>{escape(word('changes', locale, n=len(report.changes)))}</h2>")
        out.append('<table class="changes"><thead><tr>'
                   f"<th>{escape(word('old', locale))}: {escape(old_name)}</th>"
                   f"<th>{escape(word('new', locale))}: {escape(new_name)}</th></tr></thead>")
        for change in report.changes:
            who = change.tag or ", ".join(change.delegations)
            head = (f'<strong>{escape(item_of(change))}</strong> '
                    f'<span class="kind k-{change.kind}">{escape(kind_name(change.kind, locale))}</span>')
            if who:
                head += f" {escape(who)}"
            head += f'<span class="line">{escape(word("line", locale))} {escape(lines_of(change))}</span>'
            out.append(f'<tbody class="change" data-kind="{change.kind}">'
                       f'<tr class="change-head"><td colspan="2">{head}</td></tr>'
                       f'<tr><td class="text old">{_side(change, "old")}</td>'
                       f'<td class="text new">{_side(change, "new")}</td></tr></tbody>')
        out.append("</table>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
