"""Every sentence cicadraft says to a negotiator, in English and Russian (CICA's working
languages). Callers pass a key and the values to fill in; a missing Russian text falls
back to English rather than failing."""

from __future__ import annotations

from cicadraft.locales import LOCALES, normalize_locale, supported  # noqa: F401 (re-exported)

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
    # -- positions and decisions (resolve on the command line, code action titles) ---
    "position.proposal": {"en": "{code}'s proposal", "ru": "предложение {code}"},
    "position.deletion": {"en": "{code}'s deletion", "ru": "исключение, предложенное {code}"},
    "position.reservation": {"en": "{code}'s reservation", "ru": "оговорку {code}"},
    "position.position": {"en": "{code}'s unclear position", "ru": "неясную позицию {code}"},
    "overrides": {"en": "{title} (overrides {positions})", "ru": "{title} (отменяет {positions})"},
    "overrides.more": {"en": "{positions} and {count} more", "ru": "{positions} и ещё {count}"},
    "resolve.overrode": {
        "en": "{option} overrode {position} here",
        "ru": "{option} отменило здесь {position}",
    },
    "resolve.left-alone": {
        "en": "left alone: {code} both proposes and opposes this bracket; settle it by hand",
        "ru": "оставлено как есть: {code} одновременно предлагает и отклоняет этот текст; решите вручную",
    },
    # -- the command line's summary (forms separated by "|": see plural()) -------------
    "severity.error": {"en": "error", "ru": "ошибка"},
    "severity.warning": {"en": "warning", "ru": "предупреждение"},
    "severity.information": {"en": "information", "ru": "замечание"},
    "severity.hint": {"en": "hint", "ru": "подсказка"},
    "summary.checked": {
        "en": "{n} draft checked|{n} drafts checked",
        "ru": "Проверен {n} проект|Проверено {n} проекта|Проверено {n} проектов",
    },
    "summary.none": {"en": "{checked}: no problems found", "ru": "{checked}: проблем не найдено"},
    "summary.found": {"en": "{checked}: {counts}", "ru": "{checked}: {counts}"},
    "count.error": {"en": "{n} error|{n} errors", "ru": "{n} ошибка|{n} ошибки|{n} ошибок"},
    "count.warning": {
        "en": "{n} warning|{n} warnings",
        "ru": "{n} предупреждение|{n} предупреждения|{n} предупреждений",
    },
    "count.information": {"en": "{n} note|{n} notes", "ru": "{n} замечание|{n} замечания|{n} замечаний"},
    "count.hint": {"en": "{n} hint|{n} hints", "ru": "{n} подсказка|{n} подсказки|{n} подсказок"},
    "config-error": {
        "en": "{message}",
        "ru": "{message}",
    },
}


def text(key: str, locale: str = "en", **values: object) -> str:
    entry = _CATALOG.get(key)
    if entry is None:
        return key
    template = entry.get(normalize_locale(locale)) or entry["en"]
    return template.format(**values)


def plural(key: str, n: int, locale: str = "en") -> str:
    """The form of ``key`` for the number ``n``: English has one and many
    ("1 error", "2 errors"); Russian one, few and many ("1 ошибка", "2 ошибки",
    "5 ошибок"; 21 is "one", 11 to 14 are "many")."""
    language = normalize_locale(locale)
    entry = _CATALOG[key]
    forms = (entry.get(language) or entry["en"]).split("|")
    if language == "ru" and len(forms) == 3:
        if n % 10 == 1 and n % 100 != 11:
            form = 0
        elif 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            form = 1
        else:
            form = 2
    else:
        form = 0 if n == 1 else 1
    return forms[min(form, len(forms) - 1)].format(n=n)


def has(key: str) -> bool:
    return key in _CATALOG


def extend(entries: dict[str, dict[str, str]]) -> None:
    """Add a module's own sentences (hover cards, action titles) to the catalogue."""
    for key, translations in entries.items():
        if key in _CATALOG:
            raise ValueError(f"message key {key!r} defined twice")
        _CATALOG[key] = translations
