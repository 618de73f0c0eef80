"""The languages cicadraft speaks (CICA's working languages), and how a locale written
by a user or sent by an editor is read. Pure data: the registry (cicadraft.toml's
``locale``), the messages and the command line all check against this one list."""

from __future__ import annotations

LOCALES = ("en", "ru")


def language_of(locale: str | None) -> str:
    """The language part of a locale: ``ru-RU``, ``ru_RU.UTF-8`` → ``ru``."""
    return (locale or "").replace("_", "-").split("-")[0].split(".")[0].lower()


def supported(locale: str | None) -> str | None:
    """The language cicadraft speaks for ``locale``, or None when it speaks none of it
    (for what a user chose: an unknown one is an error to report, not English)."""
    language = language_of(locale)
    return language if language in LOCALES else None


def normalize_locale(locale: str | None) -> str:
    """For what an editor sends as its own locale: anything unknown → ``en``."""
    return supported(locale) or "en"
