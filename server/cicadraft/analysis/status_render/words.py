"""What the status report says, in English and Russian, and how it writes numbers."""

from __future__ import annotations

from cicadraft.analysis import messages
from cicadraft.locales import LOCALES  # noqa: F401 (re-exported for the command line)

messages.extend(
    {
        "status.title": {"en": "Where the negotiation stands", "ru": "Состояние переговоров"},
        "status.drafts": {
            "en": "{n} draft|{n} drafts",
            "ru": "{n} проект|{n} проекта|{n} проектов",
        },
        "status.paragraphs": {"en": "Paragraphs", "ru": "Пункты"},
        "status.paragraphs.value": {
            "en": "{total}: {agreed} agreed, {open} open",
            "ru": "{total}: согласовано {agreed}, открыто {open}",
        },
        "status.brackets": {"en": "Open brackets", "ru": "Открытые скобки"},
        "status.brackets.value": {
            "en": "{brackets} ({proposals} proposals, {notes} editorial notes)",
            "ru": "{brackets} (предложений: {proposals}, редакционных примечаний: {notes})",
        },
        "status.words": {"en": "Words agreed", "ru": "Согласовано слов"},
        "status.words.value": {"en": "{share} ({agreed} of {total})", "ru": "{share} ({agreed} из {total})"},
        "status.reservations": {"en": "Open reservations", "ru": "Неснятые оговорки"},
        "status.unbalanced": {
            "en": "The brackets are not balanced ({n}): the counts below are what the text says as it stands.",
            "ru": "Скобки не сбалансированы ({n}): ниже — подсчёт по тексту в нынешнем виде.",
        },
        "status.by-delegation": {"en": "Positions by delegation", "ru": "Позиции делегаций"},
        "status.by-item": {"en": "Open paragraphs: who holds what", "ru": "Открытые пункты: чья какая позиция"},
        "status.sections": {"en": "Open and agreed paragraphs by section", "ru": "Открытые и согласованные пункты по разделам"},
        "status.more-sections": {"en": "{n} more sections", "ru": "ещё разделов: {n}"},
        "status.chart.delegations": {"en": "Positions per delegation", "ru": "Позиции по делегациям"},
        "status.no-positions": {"en": "No delegation holds a position.", "ru": "Ни одна делегация не заявила позиций."},
        "status.no-open": {"en": "Every paragraph is agreed.", "ru": "Все пункты согласованы."},
        "status.no-reservations": {"en": "No reservations.", "ru": "Оговорок нет."},
        "status.no-drafts": {"en": "No drafts.", "ru": "Нет проектов."},
        "status.before-headings": {"en": "(before the first heading)", "ru": "(до первого заголовка)"},
        "status.total": {"en": "All drafts", "ru": "Все проекты"},
        "status.delegation": {"en": "Delegation", "ru": "Делегация"},
        "status.paragraph": {"en": "Paragraph", "ru": "Пункт"},
        "status.section": {"en": "Section", "ru": "Раздел"},
        "status.text": {"en": "Text", "ru": "Текст"},
        "status.line": {"en": "Line", "ru": "Строка"},
        "status.sign": {"en": "Position", "ru": "Позиция"},
        "status.holders": {"en": "Who holds what", "ru": "Позиции"},
        "status.proposals": {"en": "Proposals", "ru": "Предложения"},
        "status.agreed": {"en": "agreed", "ru": "согласовано"},
        "status.open": {"en": "open", "ru": "открыто"},
        "status.problems": {"en": "Problems", "ru": "Проблемы"},
        "status.sign.+": {"en": "proposes", "ru": "предлагает"},
        "status.sign.-": {"en": "deletes", "ru": "против"},
        "status.sign.tcb": {"en": "reserves", "ru": "оговорка"},
        "status.unknown": {"en": "not in the registry", "ru": "нет в реестре"},
        "status.generated": {"en": "cicadraft status", "ru": "cicadraft status"},
    }
)

SIGNS = ("+", "-", "tcb")


def word(key: str, locale: str, **values: object) -> str:
    return messages.text(f"status.{key}", locale, **values)


def drafts(n: int, locale: str) -> str:
    return messages.plural("status.drafts", n, locale)


def number(n: int, locale: str) -> str:
    """``3,664`` in English, ``3 664`` in Russian (a no-break space)."""
    grouped = f"{n:,}"
    return grouped.replace(",", "\u00a0") if locale == "ru" else grouped


def percent(share: float | None, locale: str) -> str:
    """``96.3%`` / ``96,3 %``; a dash for a draft without words."""
    if share is None:
        return "—"
    value = f"{share * 100:.1f}"
    return value.replace(".", ",") + "\u00a0%" if locale == "ru" else value + "%"


def sign_name(sign: str, locale: str) -> str:
    return word(f"sign.{sign}", locale)


def holders_text(holders: dict[str, list[str]]) -> str:
    """``IRAN +/-, AZER tcb``."""
    return ", ".join(f"{code} {'/'.join(signs)}" for code, signs in holders.items())


def who(delegation, locale: str) -> str:
    """``IRAN (Iran)``; an unknown code says so."""
    name = delegation.name_in(locale) or word("unknown", locale)
    return f"{delegation.code} ({name})"


def section_title(section, locale: str) -> str:
    return section.title or word("before-headings", locale)


def notes(view) -> int:
    return view.brackets - view.open_proposals


def facts(view, locale: str) -> list[tuple[str, str]]:
    """The headline numbers of a draft or of the totals, as (name, value) rows."""
    return [
        (word("paragraphs", locale), word("paragraphs.value", locale, total=number(view.paragraphs, locale),
                                          agreed=number(view.agreed, locale), open=number(view.open, locale))),
        (word("brackets", locale), word("brackets.value", locale, brackets=number(view.brackets, locale),
                                        proposals=number(view.open_proposals, locale), notes=number(notes(view), locale))),
        (word("words", locale), word("words.value", locale, share=percent(view.words.share, locale),
                                     agreed=number(view.words.agreed, locale), total=number(view.words.total, locale))),
        (word("reservations", locale), number(view.reservation_count, locale)),
    ]
