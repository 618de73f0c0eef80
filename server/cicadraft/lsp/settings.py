"""Settings of the language server, from three sources, later ones winning:

1. the ``cicadraft.toml`` above a draft (shared by a delegation or secretariat team);
2. ``initializationOptions`` sent by the editor at start;
3. the editor's ``workspace/configuration`` section ``cicadraft`` (re-read when the
   client says the configuration changed).

Settings of the wrong type are reported once, in plain words, and the default is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from cicadraft.analysis.diagnostics import CODES, SEVERITIES
from cicadraft.locales import quote

VALIDATE_MODES = ("onType", "onSave")
LOCALES = ("auto", "en", "ru")


@dataclass(frozen=True)
class Settings:
    validate: str = "onType"
    severity: dict[str, str] = field(default_factory=dict)
    locale: str = "auto"  # "auto" follows the client's locale
    registry: str | None = None  # a registry data file chosen by the user
    debounce_ms: int = 0  # diagnostics go out on every change; kept for slow machines
    code_lens: bool = True  # the lens above each open paragraph (who holds what, accept/reject)


def read_settings(raw: Any, base: Settings | None = None) -> tuple[Settings, list[str]]:
    """Settings from a client's JSON object (accepting it bare or under ``cicadraft``).
    Returns the settings and the problems found, each a sentence."""
    settings = base or Settings()
    problems: list[str] = []
    if raw is None:
        return settings, problems
    if isinstance(raw, dict) and isinstance(raw.get("cicadraft"), dict):
        raw = raw["cicadraft"]
    if not isinstance(raw, dict):
        return settings, [f"cicadraft settings must be an object, not {type(raw).__name__}: using the defaults"]

    changes: dict[str, Any] = {}
    validate = raw.get("validate")
    if validate is not None:
        if validate in VALIDATE_MODES:
            changes["validate"] = validate
        else:
            problems.append(f"cicadraft.validate must be onType or onSave, not {quote(validate)}: using {settings.validate}")

    severity = raw.get("severity")
    if severity is not None:
        if isinstance(severity, dict):
            accepted = dict(settings.severity)
            for code, level in severity.items():
                if code not in CODES:
                    problems.append(f"cicadraft.severity: unknown code {quote(code)} (known: {', '.join(CODES)})")
                elif level not in (*SEVERITIES, "off"):
                    problems.append(
                        f"cicadraft.severity.{code} must be error, warning, information, hint or off, not {quote(level)}"
                    )
                else:
                    accepted[code] = level
            changes["severity"] = accepted
        else:
            problems.append("cicadraft.severity must be an object mapping a code to a severity: ignored")

    locale = raw.get("locale")
    if locale is not None:
        if locale in LOCALES:
            changes["locale"] = locale
        else:
            problems.append(f"cicadraft.locale must be auto, en or ru, not {quote(locale)}: using {settings.locale}")

    registry = raw.get("registry")
    if registry is not None:
        if isinstance(registry, str):
            changes["registry"] = registry or None
        else:
            problems.append("cicadraft.registry must be a file path: ignored")

    debounce = raw.get("debounce", raw.get("debounceMs"))
    if debounce is not None:
        if isinstance(debounce, int) and not isinstance(debounce, bool) and 0 <= debounce <= 10_000:
            changes["debounce_ms"] = debounce
        else:
            problems.append(f"cicadraft.debounce must be a whole number of milliseconds (0-10000), not {quote(debounce)}")

    # ``{"codeLens": {"enable": false}}`` as VS Code and Neovim send it; also the dotted key.
    lens = raw.get("codeLens")
    enable = lens.get("enable") if isinstance(lens, dict) else raw.get("codeLens.enable")
    if lens is not None and not isinstance(lens, dict):
        problems.append("cicadraft.codeLens must be an object such as {\"enable\": false}: ignored")
    elif enable is not None:
        if isinstance(enable, bool):
            changes["code_lens"] = enable
        else:
            problems.append(f"cicadraft.codeLens.enable must be true or false, not {quote(enable)}: using {str(settings.code_lens).lower()}")

    return replace(settings, **changes), problems
