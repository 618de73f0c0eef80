"""Every sentence cicadraft says to a negotiator, in English and Russian (CICA's working
languages). Callers pass a key and the values to fill in; a missing Russian text falls
back to English rather than failing."""

from __future__ import annotations

LOCALES = ("en", "ru")

_CATALOG: dict[str, dict[str, str]] = {
    # -- diagnostics -------------------------------------------------------------------
    "unclosed-bracket": {
        "en": "This “[” is never closed: add the matching “]” where the contested text ends.",
        "ru": "Эта «[» нигде не закрыта: добавьте парную «]» в конце спорного текста.",
    },
    "stray-bracket": {
        "en": "This “]” closes no bracket: remove it, or add the missing “[”.",
        "ru": "Эта «]» не закрывает ни одной скобки: удалите её или добавьте недостающую «[».",
    },
    "unknown-code": {
        "en": "Unknown delegation code “{code}”{suggestion}",
        "ru": "Неизвестный код делегации «{code}»{suggestion}",
    },
    "unknown-code.suggestion": {
        "en": ": did you mean {choices}?",
        "ru": ": возможно, имелось в виду {choices}?",
    },
    "unknown-code.none": {
        "en": ": add it to cicadraft.toml if it is a new participant.",
        "ru": ": добавьте его в cicadraft.toml, если это новый участник.",
    },
    "malformed-tag": {
        "en": "Malformed tag “{written}” ({problems}): write “{fixed}”.",
        "ru": "Неправильно записанная пометка «{written}» ({problems}): пишите «{fixed}».",
    },
    "malformed-tag.space-after-sign": {"en": "space after the sign", "ru": "пробел после знака"},
    "malformed-tag.lowercase-code": {"en": "code in lower case", "ru": "код строчными буквами"},
    "malformed-tag.uppercase-tcb": {"en": "“tcb” must be lower case", "ru": "«tcb» пишется строчными"},
    "malformed-tag.dash-sign": {"en": "a dash instead of a minus", "ru": "тире вместо минуса"},
    "malformed-tag.sign-and-tcb": {
        "en": "both a sign and “tcb”",
        "ru": "одновременно знак и «tcb»",
    },
    "malformed-tag.semicolon": {"en": "tags separated by “;”", "ru": "пометки разделены «;»"},
    "floating-tag": {
        "en": "Tag group {group} is not attached to any bracket: only spaces and . , ; : may stand between a “]” and its tags.",
        "ru": "Группа пометок {group} не относится ни к одной скобке: между «]» и пометками допустимы только пробелы и знаки . , ; :",
    },
    "conflicting-tags": {
        "en": "{code} both proposes (+) and opposes (-) this bracket: its position is unclear.",
        "ru": "{code} одновременно предлагает (+) и отклоняет (-) этот текст: позиция неясна.",
    },
    "duplicate-tag": {
        "en": "{tag} is already on this bracket.",
        "ru": "Пометка {tag} уже стоит у этой скобки.",
    },
    "empty-bracket": {
        "en": "Empty brackets: nothing is proposed here.",
        "ru": "Пустые скобки: здесь ничего не предлагается.",
    },
    "observer-tag": {
        "en": "{code} ({name}) is an observer, not a Member State.",
        "ru": "{code} ({name}) является наблюдателем, а не государством-членом.",
    },
    "duplicate-label": {
        "en": "Paragraph {label} appears twice in this section (first on line {line}).",
        "ru": "Пункт {label} встречается в этом разделе дважды (впервые в строке {line}).",
    },
    "too-many-findings": {
        "en": "Only the first {shown} findings are shown here ({omitted} more, errors first): run “cicadraft check” for the full list.",
        "ru": "Здесь показаны только первые {shown} замечаний (ещё {omitted}, сначала ошибки): полный список даёт «cicadraft check».",
    },
    "config-error": {
        "en": "{message}",
        "ru": "{message}",
    },
}


def normalize_locale(locale: str | None) -> str:
    """``ru-RU``, ``ru_RU.UTF-8`` → ``ru``; anything unknown → ``en``."""
    if not locale:
        return "en"
    short = locale.replace("_", "-").split("-")[0].split(".")[0].lower()
    return short if short in LOCALES else "en"


def text(key: str, locale: str = "en", **values: object) -> str:
    entry = _CATALOG.get(key)
    if entry is None:
        return key
    template = entry.get(normalize_locale(locale)) or entry["en"]
    return template.format(**values)


def has(key: str) -> bool:
    return key in _CATALOG


def extend(entries: dict[str, dict[str, str]]) -> None:
    """Add a module's own sentences (hover cards, action titles) to the catalogue."""
    for key, translations in entries.items():
        if key in _CATALOG:
            raise ValueError(f"message key {key!r} defined twice")
        _CATALOG[key] = translations
