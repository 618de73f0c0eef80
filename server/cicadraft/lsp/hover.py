"""Hover cards (``textDocument/hover``): what a delegation code, a Member State's name, a
priority area, a bracket or a CICA abbreviation under the cursor stands for.

Finding the token is :func:`cicadraft.analysis.mentions.mention_at` (current line only,
bisection over tag groups and brackets); the card is Markdown, or plain text for a
client that does not list ``markdown`` in ``hover.contentFormat``, in the draft's locale
(English or Russian). A bracket's card previews the text if the bracket is accepted and
if it is rejected, from the resolve engine's own edits.
"""

from __future__ import annotations

import re

from lsprotocol import types

from cicadraft.analysis import messages
from cicadraft.analysis.mentions import Mention, delegation_named, mention_at
from cicadraft.analysis.resolve import accept, apply_edits, drop, keep, reject
from cicadraft.analysis.status import Positions, bracket_positions, count_positions, positions_of
from cicadraft.syntax import LineIndex

from .guard import guarded

messages.extend(
    {
        # -- delegations ---------------------------------------------------------------
        "hover.kind.member": {"en": "CICA Member State", "ru": "Государство — член СВМДА"},
        "hover.kind.observer": {"en": "Observer", "ru": "Наблюдатель"},
        "hover.kind.partner": {"en": "Partner organization", "ru": "Организация-партнёр"},
        "hover.kind.participant": {"en": "Participant (not a state)", "ru": "Участник (не государство)"},
        "hover.kind.custom": {
            "en": "Added by this workspace's cicadraft.toml",
            "ru": "Добавлен файлом cicadraft.toml рабочей области",
        },
        "hover.since": {"en": "{kind} since {since}", "ru": "{kind} с {since}"},
        "hover.codes": {"en": "Codes: {codes}", "ru": "Коды: {codes}"},
        "hover.roles": {"en": "Priority areas:", "ru": "Приоритетные сферы:"},
        "hover.role.coordinator": {"en": "coordinator of “{area}”", "ru": "координатор в сфере «{area}»"},
        "hover.role.co-coordinator": {"en": "co-coordinator of “{area}”", "ru": "сокоординатор в сфере «{area}»"},
        "hover.role.tenure": {"en": "{role} ({tenure})", "ru": "{role} ({tenure})"},
        "hover.no-roles": {
            "en": "Coordinates no priority area.",
            "ru": "Не координирует ни одной приоритетной сферы.",
        },
        "hover.positions": {
            "en": "In this draft: {plus} × + (proposes), {minus} × - (deletes), {tcb} × tcb (reserves)",
            "ru": "В этом проекте: {plus} × + (предлагает), {minus} × - (против), {tcb} × tcb (оговорка)",
        },
        "hover.unknown-code": {"en": "Unknown delegation code", "ru": "Неизвестный код делегации"},
        "hover.unknown-code.suggest": {"en": "Did you mean {choices}?", "ru": "Возможно, имелось в виду {choices}?"},
        # -- priority areas ------------------------------------------------------------
        "hover.area.title": {"en": "Priority area", "ru": "Приоритетная сфера"},
        "hover.area.dimension": {"en": "Dimension: {dimension}", "ru": "Измерение: {dimension}"},
        "hover.area.coordinator": {"en": "Coordinator: {who}", "ru": "Координатор: {who}"},
        "hover.area.coordinators": {"en": "Coordinators: {who}", "ru": "Координаторы: {who}"},
        "hover.area.co-coordinators": {"en": "Co-coordinators: {who}", "ru": "Сокоординаторы: {who}"},
        "hover.area.nobody": {"en": "none known", "ru": "нет сведений"},
        "hover.area.as-of": {"en": "Data as of {date}", "ru": "Сведения на {date}"},
        # -- brackets ------------------------------------------------------------------
        "hover.bracket.proposal": {"en": "Proposal in brackets", "ru": "Предложение в скобках"},
        "hover.bracket.note": {"en": "Editorial note", "ru": "Редакционное примечание"},
        "hover.attribution": {"en": "Attribution", "ru": "Авторство"},
        "hover.attribution.led": {"en": "{who} leads this proposal", "ru": "{who} ведёт это предложение"},
        "hover.attribution.proposes": {"en": "{who} proposes this text", "ru": "{who} предлагает этот текст"},
        "hover.attribution.supports": {"en": "{who} supports it", "ru": "{who} поддерживает его"},
        "hover.attribution.deletes": {"en": "{who} wants it deleted", "ru": "{who} предлагает его исключить"},
        "hover.attribution.retains": {"en": "{who} wants it kept", "ru": "{who} предлагает его сохранить"},
        "hover.attribution.reserves": {"en": "{who} reserves its position", "ru": "{who} резервирует свою позицию"},
        "hover.attribution.prose": {
            "en": "Written as prose, not as a tag: decisions by delegation do not act on it.",
            "ru": "Записано текстом, а не тегом: решения по делегациям его не затрагивают.",
        },
        "hover.bracket.reference": {"en": "Cross-reference or drafting note", "ru": "Отсылка или редакционное указание"},
        "hover.bracket.placeholder": {"en": "Placeholder", "ru": "Место для заполнения"},
        "hover.bracket.ellipsis": {"en": "Text left out (ellipsis)", "ru": "Пропущенный текст (многоточие)"},
        "hover.bracket.not-a-proposal": {
            "en": "Not a proposal: not counted as open business and not offered for accept or reject.",
            "ru": "Не предложение: не считается открытым вопросом и не предлагается для принятия или отклонения.",
        },
        "hover.bracket.untagged": {
            "en": "Bracketed text (no delegation named)",
            "ru": "Текст в скобках (без указания делегации)",
        },
        "hover.bracket.unclosed": {"en": "Unclosed bracket", "ru": "Незакрытая скобка"},
        "hover.bracket.+": {"en": "{who} proposes this text ({tags})", "ru": "{who} предлагает этот текст ({tags})"},
        "hover.bracket.-": {"en": "{who} proposes to delete it ({tags})", "ru": "{who} предлагает его исключить ({tags})"},
        "hover.bracket.tcb": {
            "en": "{who} reserves its position ({tags})",
            "ru": "{who} оставляет за собой позицию ({tags})",
        },
        "hover.bracket.conflict": {
            "en": "{who} both proposes and opposes it ({tags})",
            "ru": "{who} одновременно предлагает и отклоняет его ({tags})",
        },
        "hover.bracket.accepted": {"en": "If accepted: {text}", "ru": "Если принять: {text}"},
        "hover.bracket.rejected": {"en": "If rejected: {text}", "ru": "Если отклонить: {text}"},
        "hover.bracket.kept": {"en": "If kept: {text}", "ru": "Если сохранить: {text}"},
        "hover.bracket.dropped": {"en": "If dropped: {text}", "ru": "Если исключить: {text}"},
        "hover.bracket.removed": {"en": "the passage is removed", "ru": "фрагмент удаляется"},
        "hover.bracket.unbalanced": {
            "en": "The brackets of this draft are not balanced: no preview until they are fixed.",
            "ru": "Скобки в проекте не сбалансированы: предпросмотр недоступен, пока они не исправлены.",
        },
        "hover.bracket.nested": {"en": "Inside another bracket (depth {depth}).", "ru": "Внутри другой скобки (уровень {depth})."},
    }
)

_SPACES = re.compile(r"\s+")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


class Card:
    """A hover card as Markdown or plain text. Values from the draft or the registry
    are escaped for Markdown; the catalogue's sentences are not."""

    def __init__(self, markdown: bool):
        self.markdown = markdown
        self.paragraphs: list[list[str]] = []

    def esc(self, text: str) -> str:
        return _md(text) if self.markdown else text

    def title(self, text: str) -> None:
        self.paragraphs.append([f"**{text}**" if self.markdown else text])

    def para(self, *lines: str) -> None:
        lines = tuple(line for line in lines if line)
        if lines:
            self.paragraphs.append(list(lines))

    def bullets(self, items: list[str]) -> None:
        if items:
            self.paragraphs.append([f"- {item}" for item in items])

    def render(self) -> str:
        joiner = "  \n" if self.markdown else "\n"
        return "\n\n".join(joiner.join(p) if not p[0].startswith("- ") else "\n".join(p) for p in self.paragraphs)


# --------------------------------------------------------------------------------------
# Position counts, cached per draft (a 1 MB draft has thousands of tags)

def cached_counts(document, registry) -> dict[str, Positions]:
    """The delegations' positions in an open document, counted once per structure
    (:attr:`cicadraft.syntax.Draft.structure`: typing text between tags leaves them
    as they were; a 1 MB draft has thousands of tags). Kept on the document, keyed by
    structure and registry, holding no draft alive."""
    draft = document.draft
    key = (draft.structure, id(registry))
    cached = getattr(document, "_cicadraft_counts", None)
    if cached is not None and cached[0] == key and cached[1] is registry:
        return cached[2]
    counted = count_positions(draft, registry)
    document._cicadraft_counts = (key, registry, counted)
    return counted


def codes_in_use(document, registry) -> list[str]:
    """Every spelling of a delegation code the document writes (upper case), from the
    counts: what unknown codes are compared with, without a pass over every tag."""
    return [spelling for entry in cached_counts(document, registry).values() for spelling in entry.spellings]


# --------------------------------------------------------------------------------------
# Cards


def _who(delegation, code: str, locale: str) -> str:
    return f"{code} ({delegation.name(locale)})" if delegation is not None else code


def delegation_card(card: Card, mention: Mention, document, registry, locale: str) -> None:
    draft = document.draft
    delegation = mention.delegation
    written = mention.text.upper() if mention.kind in ("tag", "code") else None
    if delegation is None:
        code = written or mention.text
        card.title(f"{card.esc(code)}: {messages.text('hover.unknown-code', locale)}")
        suggestions = [s for s in registry.suggest(code, in_use=codes_in_use(document, registry)) if s != code]
        if suggestions:
            choices = ", ".join(card.esc(_who(registry.lookup(s), s, locale)) for s in suggestions)
            card.para(messages.text("hover.unknown-code.suggest", locale, choices=choices))
        counted = positions_of(draft, registry, code, cached_counts(document, registry))
        card.para(messages.text("hover.positions", locale, plus=counted.plus, minus=counted.minus, tcb=counted.tcb))
        return
    heading = written if written and written != delegation.code else delegation.code
    card.title(f"{card.esc(heading)} · {card.esc(delegation.name(locale))}")
    kind = messages.text(f"hover.kind.{delegation.kind}", locale) if messages.has(f"hover.kind.{delegation.kind}") else delegation.kind
    status_line = messages.text("hover.since", locale, kind=kind, since=card.esc(delegation.since)) if delegation.since else kind
    card.para(status_line, messages.text("hover.codes", locale, codes=card.esc(", ".join(delegation.codes))))
    roles = registry.roles_of(delegation.code)
    if roles:
        items = []
        for area, role in roles:
            described = messages.text(f"hover.role.{role.role}", locale, area=card.esc(area.name(locale)))
            if role.tenure:
                described = messages.text("hover.role.tenure", locale, role=described, tenure=card.esc(role.tenure))
            items.append(described)
        card.para(messages.text("hover.roles", locale))
        card.bullets(items)
    else:
        card.para(messages.text("hover.no-roles", locale))
    counted = positions_of(draft, registry, delegation.code, cached_counts(document, registry))
    card.para(messages.text("hover.positions", locale, plus=counted.plus, minus=counted.minus, tcb=counted.tcb))


def area_card(card: Card, mention: Mention, registry, locale: str) -> None:
    area = mention.area
    card.title(card.esc(area.name(locale)))
    dimension = registry.dimension(area.dimension)
    dimension_name = dimension.name(locale) if dimension is not None else area.dimension
    nobody = messages.text("hover.area.nobody", locale)

    def people(roles) -> str:
        found = []
        for role in roles:
            delegation = registry.lookup(role.code)
            who = _who(delegation, role.code, locale) if delegation is None else f"{delegation.name(locale)} ({role.code})"
            found.append(card.esc(f"{who}, {role.tenure}" if role.tenure else who))
        return "; ".join(found) or nobody

    coordinators = area.coordinators
    key = "hover.area.coordinators" if len(coordinators) > 1 else "hover.area.coordinator"
    card.para(
        messages.text("hover.area.title", locale),
        messages.text("hover.area.dimension", locale, dimension=card.esc(dimension_name)),
    )
    card.para(
        messages.text(key, locale, who=people(coordinators)),
        messages.text("hover.area.co-coordinators", locale, who=people(area.co_coordinators)),
    )
    if registry.as_of:
        card.para(messages.text("hover.area.as-of", locale, date=card.esc(registry.as_of)))


def body_card(card: Card, mention: Mention, locale: str) -> None:
    body = mention.body
    card.title(f"{card.esc(mention.text)} · {card.esc(body.name(locale))}")
    description = body.description(locale)
    if description:
        card.para(card.esc(description))


def outcome_excerpt(text: str, edits, lines: LineIndex, locale: str = "en", context: int = 24, room: int = 56) -> str | None:
    """A short excerpt of what the text around some edits becomes: the end of the line
    before the first edit, then the changed part, shortened."""
    if not edits:
        return None
    first = edits[0].span.start
    last = edits[-1].span.end
    shifted = [type(e)(type(e.span)(e.span.start - first, e.span.end - first), e.new_text) for e in edits]
    middle = apply_edits(text[first:last], shifted)
    original = text[first:last]
    if not middle.strip() and ("\n" in original or "\r" in original):
        return messages.text("hover.bracket.removed", locale)
    line = lines.line_of(first)
    line_start = lines.starts[line]
    left = text[max(line_start, first - context) : first]
    cut_left = first - context > line_start
    if cut_left and " " in left:
        left = left[left.index(" ") + 1 :]
    right_line = lines.line_of(last)
    right_end = lines.line_end(right_line) if lines.starts[right_line] < last or last == len(text) else last
    right = text[last : max(last, min(right_end, last + context))]
    cut_right = last + context < right_end
    body = _SPACES.sub(" ", left + middle).lstrip()
    lead = "…" if cut_left or (left and line_start < first - len(left)) else ""
    if len(body) > room:
        cut = body.rfind(" ", 0, room)
        body = body[: cut if cut > room // 2 else room].rstrip(" ,;:") + "…"
        return lead + body
    tail = _SPACES.sub(" ", right)
    if cut_right and tail.strip():
        space = tail.rstrip().rfind(" ")
        tail = (tail[:space] if space > 0 else tail).rstrip() + "…"
    return (lead + _SPACES.sub(" ", body + tail)).strip()


def bracket_card(card: Card, mention: Mention, document, registry, locale: str) -> None:
    draft = document.draft
    bracket = draft.brackets[mention.bracket]
    if bracket.close is None:
        card.title(messages.text("hover.bracket.unclosed", locale))
        card.para(messages.text("unclosed-bracket", locale))
        return
    positions = bracket_positions(draft, bracket, registry)
    if bracket.role in ("reference", "placeholder", "ellipsis"):
        card.title(messages.text(f"hover.bracket.{bracket.role}", locale))
        card.para(messages.text("hover.bracket.not-a-proposal", locale))
        return
    if bracket.is_note:
        title = "hover.bracket.note"
    elif positions:
        title = "hover.bracket.proposal"
    else:
        title = "hover.bracket.untagged"
    card.title(messages.text(title, locale))
    items = []
    for position in positions:
        group_tags = ", ".join(
            draft.tag_groups[g].tags[t].normalized for g, t in position.tags
        )
        delegation = registry.lookup(position.canonical)
        items.append(
            messages.text(
                f"hover.bracket.{position.wish}",
                locale,
                who=card.esc(_who(delegation, position.code, locale)),
                tags=card.esc(group_tags),
            )
        )
    card.bullets(items)
    if bracket.depth:
        card.para(messages.text("hover.bracket.nested", locale, depth=bracket.depth))
    if not draft.balanced:
        card.para(messages.text("hover.bracket.unbalanced", locale))
        return
    signs = {p.wish for p in positions}
    if signs <= {"+", "-"} and len(signs) <= 1:
        previews = (("hover.bracket.accepted", accept), ("hover.bracket.rejected", reject))
    else:  # delegations disagree, or only reservations: show both ways
        previews = (("hover.bracket.kept", keep), ("hover.bracket.dropped", drop))
    lines = []
    for key, decide in previews:
        outcome = decide(draft, bracket.index) if decide in (keep, drop) else decide(draft, bracket.index, registry=registry)
        if not outcome.ok:
            continue
        excerpt = outcome_excerpt(draft.text, outcome.edits, document.lines, locale)
        if excerpt is not None:
            lines.append(messages.text(key, locale, text=card.esc(excerpt)))
    card.para(*lines)


_ATTRIBUTION_VERBS = {
    "led": "led", "proposed": "proposes", "submitted": "proposes", "sponsored": "proposes",
    "co-sponsored": "proposes", "speaker": "proposes", "propose": "proposes", "add": "proposes",
    "supported": "supports", "support": "supports", "facilitated": "led",
    "delete": "deletes", "oppose": "deletes", "object": "deletes", "bracket": "deletes",
    "retain": "retains", "reserve": "reserves",
}


def attribution_card(card: Card, mention: Mention, registry, locale: str) -> None:
    """Attribution written as prose (SPEC §9): who, and what each wants."""
    attribution = mention.attribution
    card.title(messages.text("hover.attribution", locale))
    wish = _ATTRIBUTION_VERBS.get(attribution.verb, "proposes")
    items = []
    for _, written in attribution.who:
        delegation = delegation_named(registry, written)
        if delegation is None:
            who = written
        elif written.upper() == written or "/" in written:  # a code: `EU`, `G77/China`
            who = _who(delegation, written, locale)
        else:  # a name: `Singapore`
            who = f"{delegation.name(locale)} ({delegation.code})"
        items.append(messages.text(f"hover.attribution.{wish}", locale, who=card.esc(who)))
    card.bullets(items)
    card.para(messages.text("hover.attribution.prose", locale))


def build_card(mention: Mention, document, registry, locale: str, markdown: bool) -> str:
    card = Card(markdown)
    if mention.kind in ("tag", "code", "name"):
        delegation_card(card, mention, document, registry, locale)
    elif mention.kind == "area":
        area_card(card, mention, registry, locale)
    elif mention.kind == "abbreviation":
        body_card(card, mention, locale)
    elif mention.kind in ("open", "close"):
        bracket_card(card, mention, document, registry, locale)
    elif mention.kind == "stray":
        card.para(messages.text("stray-bracket", locale))
    elif mention.kind == "attribution":
        attribution_card(card, mention, registry, locale)
    return card.render()


def _client_markdown(ls) -> bool:
    caps = ls.client_capabilities
    hover = caps.text_document.hover if caps and caps.text_document else None
    formats = hover.content_format if hover else None
    if not formats:
        return False
    return types.MarkupKind.Markdown in formats


def register(server) -> None:
    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @guarded(None)
    def hover(ls, params: types.HoverParams) -> types.Hover | None:
        document = ls.document(params.text_document.uri)
        if document is None:
            return None
        positions = document.positions(ls.encoding)
        offset = positions.offset_or_none(params.position)
        if offset is None:
            return None
        registry = ls.registry_for(document)
        mention = mention_at(document.draft, offset, registry, document.lines)
        if mention is None:
            return None
        markdown = _client_markdown(ls)
        value = build_card(mention, document, registry, ls.locale_for(document), markdown)
        if not value:
            return None
        kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
        return types.Hover(contents=types.MarkupContent(kind=kind, value=value), range=positions.range(mention.span))
