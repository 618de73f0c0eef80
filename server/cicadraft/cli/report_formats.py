"""Output formats of ``cicadraft check``: text, json, github (Actions annotations), sarif."""

from __future__ import annotations

from collections import Counter

from cicadraft import __version__
from cicadraft.analysis import messages
from cicadraft.analysis.diagnostics import DEFAULT_SEVERITY, REPORTED_CODES

FORMATS = ("text", "json", "github", "sarif")

_SEVERITY_ORDER = ("error", "warning", "information", "hint")


def render(format: str, reports: list, files: int, locale: str = "en") -> str:
    """The reports in ``format``. ``locale`` is for what people read (the text lines'
    severities and the summary line); the machine formats keep the severities' names."""
    return {"text": _text, "json": _json, "github": _github, "sarif": _sarif}[format](reports, files, locale)


def summary(reports: list, files: int, locale: str = "en") -> str:
    counts = Counter(r.severity for r in reports)
    checked = messages.plural("summary.checked", files, locale)
    if not reports:
        return messages.text("summary.none", locale, checked=checked)
    parts = [messages.plural(f"count.{s}", counts[s], locale) for s in _SEVERITY_ORDER if counts[s]]
    return messages.text("summary.found", locale, checked=checked, counts=", ".join(parts))


def _text(reports: list, files: int, locale: str) -> str:
    word = {s: messages.text(f"severity.{s}", locale) for s in _SEVERITY_ORDER}
    lines = [f"{r.path}:{r.line}:{r.column}: {word[r.severity]} {r.code} {r.message}" for r in reports]
    lines.append(summary(reports, files, locale))
    return "\n".join(lines) + "\n"


def _json(reports: list, files: int, locale: str) -> str:
    import json  # only the json and sarif formats need it

    payload = {
        "files": files,
        "summary": dict(Counter(r.severity for r in reports)),
        "findings": [
            {
                "path": r.path,
                "line": r.line,
                "column": r.column,
                "endLine": r.end_line,
                "endColumn": r.end_column,
                "severity": r.severity,
                "code": r.code,
                "message": r.message,
            }
            for r in reports
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVEL = {"error": "error", "warning": "warning", "information": "notice", "hint": "notice"}


def _github(reports: list, files: int, locale: str) -> str:
    lines = []
    for r in reports:
        properties = ",".join(
            [
                f"file={_escape_property(r.path)}",
                f"line={r.line}",
                f"col={r.column}",
                f"endLine={r.end_line}",
                f"endColumn={r.end_column}",
                f"title={_escape_property('cicadraft ' + r.code)}",
            ]
        )
        lines.append(f"::{_GITHUB_LEVEL[r.severity]} {properties}::{_escape_data(r.message)}")
    lines.append(summary(reports, files, locale))
    return "\n".join(lines) + "\n"


_SARIF_LEVEL = {"error": "error", "warning": "warning", "information": "note", "hint": "note"}


def _sarif(reports: list, files: int, locale: str) -> str:
    import json  # only the json and sarif formats need it

    rule_ids = list(REPORTED_CODES)
    rules = [
        {
            "id": code,
            "name": code,
            "shortDescription": {"text": code.replace("-", " ")},
            "defaultConfiguration": {"level": _SARIF_LEVEL[DEFAULT_SEVERITY.get(code, "error")]},
        }
        for code in rule_ids
    ]
    results = [
        {
            "ruleId": r.code,
            "ruleIndex": rule_ids.index(r.code),
            "level": _SARIF_LEVEL[r.severity],
            "message": {"text": r.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": r.path},
                        # SARIF columns count UTF-16 code units by default; we declare
                        # code points in the run's columnKind below.
                        "region": {
                            "startLine": r.line,
                            "startColumn": r.column,
                            "endLine": r.end_line,
                            "endColumn": r.end_column,
                        },
                    }
                }
            ],
        }
        for r in reports
    ]
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "cicadraft", "version": __version__, "rules": rules}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
