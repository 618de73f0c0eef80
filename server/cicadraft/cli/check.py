"""``cicadraft check PATH...``: report the findings on drafts, for on-save hooks and CI.

Exit status: 0 without errors, 1 with errors (with ``--strict``, warnings count too),
2 for a usage error or an unreadable file.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

from cicadraft.analysis.diagnostics import CODES, SEVERITIES
from cicadraft.analysis.document_findings import analyze
from cicadraft.locales import LOCALES, normalize_locale, quote, supported
from cicadraft.syntax import parse
from cicadraft.syntax.text import LineIndex

from . import report_formats
from .files import EXTENSION, CliError, expand_paths, read_draft
from .workspace import workspace_for



@dataclass(frozen=True)
class Report:
    """One finding placed for output: 1-based lines, columns in code points."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    severity: str
    code: str
    message: str


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "check",
        help="report problems in drafts",
        description="Report unbalanced brackets, unknown delegation codes, malformed tags and other problems.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="draft files or folders (every *.cicadraft below); - reads stdin")
    parser.add_argument("--format", choices=report_formats.FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("--strict", action="store_true", help="warnings fail the check too (exit status 1)")
    parser.add_argument(
        "--severity",
        action="append",
        default=[],
        metavar="CODE=LEVEL",
        help="change a code's severity (error, warning, information, hint, off); repeatable",
    )
    parser.add_argument(
        "--locale", default=None, type=_locale, help="language of the messages: en or ru (default: cicadraft.toml, else en)"
    )
    parser.set_defaults(run=run)


def _locale(value: str) -> str:
    if supported(value) is None:
        raise argparse.ArgumentTypeError(f"“{value}” is not a language cicadraft speaks: use {' or '.join(LOCALES)}")
    return value


def _severity_overrides(pairs: list[str]) -> dict[str, str]:
    overrides: dict[str, str] = {}
    for pair in pairs:
        code, _, level = pair.partition("=")
        if code not in CODES:
            raise CliError(f"--severity: unknown code {quote(code)} (known: {', '.join(CODES)})")
        if level not in (*SEVERITIES, "off"):
            raise CliError(f"--severity: {quote(level)} is not one of error, warning, information, hint, off")
        overrides[code] = level
    return overrides


@dataclass(frozen=True)
class FileResult:
    """What checking one draft gave: its findings and the problems of the cicadraft.toml
    that applies, or why it could not be checked (``error``, one line)."""

    path: str
    reports: tuple[Report, ...] = ()
    config_reports: tuple[Report, ...] = ()
    locale: str = "en"
    error: str | None = None


def check_file(path: str, overrides: dict[str, str], locale: str | None) -> FileResult:
    """Check one draft. Never raises for a problem of the file: a file that cannot be
    read comes back with its ``error``, so that the other drafts are still checked
    (and, being independent, could be checked side by side)."""
    try:
        draft_file = read_draft(path)
    except CliError as error:
        return FileResult(path, error=str(error))
    workspace = workspace_for(path)
    severities = {**workspace.severities, **overrides}
    chosen = normalize_locale(locale or workspace.locale)
    draft = parse(draft_file.text)
    lines = LineIndex(draft_file.text)
    reports = []
    for finding in analyze(draft, workspace.registry, severities, chosen):
        line, column = lines.position(finding.span.start)
        end_line, end_column = lines.position(finding.span.end)
        reports.append(
            Report(draft_file.path, line + 1, column + 1, end_line + 1, end_column + 1, finding.severity, finding.code, finding.message)
        )
    config_reports = tuple(
        Report(p.path, p.line, p.column, p.line, p.column, "error", "config-error", p.message) for p in workspace.problems
    )
    return FileResult(draft_file.path, tuple(reports), config_reports, chosen)


def run(args: argparse.Namespace) -> int:
    overrides = _severity_overrides(args.severity)
    paths = expand_paths(args.paths)
    if not paths:
        raise CliError(f"no {EXTENSION} files under {', '.join(args.paths)}")
    results = [check_file(path, overrides, args.locale) for path in paths]
    reports: list[Report] = []
    config_reports: dict[tuple, Report] = {}
    checked = [r for r in results if r.error is None]
    for result in checked:
        reports.extend(result.reports)
        for report in result.config_reports:  # one cicadraft.toml may serve many drafts: report it once
            config_reports.setdefault((report.path, report.line, report.column, report.message), report)
    everything = list(config_reports.values()) + reports
    if checked:  # nothing to summarise when no draft could be read
        locale = normalize_locale(args.locale or checked[0].locale)
        sys.stdout.write(report_formats.render(args.format, everything, files=len(checked), locale=locale))
        sys.stdout.flush()
    unreadable = [r for r in results if r.error is not None]
    for result in unreadable:
        print(f"cicadraft: {result.error}", file=sys.stderr)
    if unreadable:
        return 2
    failing = {"error", "warning"} if args.strict else {"error"}
    return 1 if any(r.severity in failing for r in everything) else 0
