"""The CSV report, for a spreadsheet: one row per position (``--by delegation``) or per
open paragraph (``--by item``), every draft in one table. The header is English and
fixed (a spreadsheet's formulas refer to it); lines are 1-based; RFC 4180 quoting.

A draft is untrusted text: a cell of its words that starts like a formula (``=``, ``+``,
``-``, ``@``) gets a leading ``'`` so that a spreadsheet shows it rather than runs it;
the ``sign`` column is ``+``, ``-`` or ``tcb`` as it is."""

from __future__ import annotations

import csv
import io

from .words import holders_text

_FORMULA = ("=", "+", "-", "@", "\t", "\r")

POSITION_COLUMNS = ("path", "delegation", "canonical", "name", "sign", "item", "line", "text")
ITEM_COLUMNS = ("path", "item", "line", "proposals", "holders")


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA) else value


def csv_table(report, by: str = "delegation") -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if by == "item":
        writer.writerow(ITEM_COLUMNS)
        for draft in report.drafts:
            for p in draft.items:
                writer.writerow((_cell(draft.path), _cell(p.item), p.line + 1, p.proposals, holders_text(p.holders())))
    else:
        writer.writerow(POSITION_COLUMNS)
        for draft in report.drafts:
            for d in draft.delegations.values():
                for p in d.positions:
                    writer.writerow(
                        (_cell(draft.path), d.code, d.canonical, _cell(d.name or ""), p.sign, _cell(p.item), p.line + 1, _cell(p.text))
                    )
    return out.getvalue()
