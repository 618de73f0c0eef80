"""What the reports say, in English and Russian."""

from __future__ import annotations

LOCALES = ("en", "ru")

_KINDS = {
    "en": {
        "proposal-added": "proposal added",
        "proposal-accepted": "proposal accepted",
        "proposal-dropped": "proposal dropped",
        "tag-added": "position taken",
        "tag-withdrawn": "position withdrawn",
        "text-changed": "text changed",
        "item-added": "paragraph added",
        "item-removed": "paragraph removed",
        "item-renumbered": "renumbered",
        "item-moved": "moved",
    },
    "ru": {
        "proposal-added": "внесено предложение",
        "proposal-accepted": "предложение принято",
        "proposal-dropped": "предложение снято",
        "tag-added": "заявлена позиция",
        "tag-withdrawn": "позиция отозвана",
        "text-changed": "изменён текст",
        "item-added": "добавлен пункт",
        "item-removed": "исключён пункт",
        "item-renumbered": "изменён номер",
        "item-moved": "перемещён",
    },
}

_WORDS = {
    "en": {
        "title": "Changes from {old} to {new}",
        "no-changes": "No changes in positions or text.",
        "changes": "Changes: {n}",
        "line": "line",
        "old": "Before",
        "new": "After",
        "delegations": "Delegations",
        "delegation": "Delegation",
        "gained": "gained",
        "lost": "lost",
        "joined": "joined",
        "withdrew": "withdrew",
        "by-delegation": "By delegation",
        "kind": "Change",
        "item": "Paragraph",
        "count": "Count",
        "unrelated": "The two drafts have next to nothing in common: is this the right pair of files?",
        "none": "—",
        "tag": "tag",
    },
    "ru": {
        "title": "Изменения: {old} → {new}",
        "no-changes": "Ни позиции, ни текст не изменились.",
        "changes": "изменений: {n}",
        "line": "строка",
        "old": "Было",
        "new": "Стало",
        "delegations": "Делегации",
        "delegation": "Делегация",
        "gained": "выиграла",
        "lost": "проиграла",
        "joined": "присоединилась",
        "withdrew": "отозвала",
        "by-delegation": "По делегациям",
        "kind": "Изменение",
        "item": "Пункт",
        "count": "Число",
        "unrelated": "У двух проектов почти нет общего текста: те ли это файлы?",
        "none": "—",
        "tag": "тег",
    },
}


def kind_name(kind: str, locale: str) -> str:
    return _KINDS.get(locale, _KINDS["en"])[kind]


def word(key: str, locale: str, **args) -> str:
    text = _WORDS.get(locale, _WORDS["en"])[key]
    return text.format(**args) if args else text


def item_of(change) -> str:
    """``11altern. → 11.``, or the one name there is."""
    old, new = change.old_item, change.new_item
    if old and new and old != new:
        return f"{old} → {new}"
    return old or new or "?"


def lines_of(change) -> str:
    old = change.old_line if change.old_line is not None else "–"
    new = change.new_line if change.new_line is not None else "–"
    return f"{old}→{new}"
