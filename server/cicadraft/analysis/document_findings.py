"""The findings of a whole document, kept up to date block by block.

Most findings belong to one block and are cached with the block's parse (see
:class:`~cicadraft.analysis.diagnostics.Analyzer`). What crosses blocks is brackets
paired across blocks (and stray or unclosed ones) and paragraph labels repeated within a
section. A naive pass over every block on each keystroke costs milliseconds on a 1 MB
draft (thousands of blocks), more than the whole budget of an edit. So
:class:`DocumentFindings` keeps, per block, the few figures the cross-block pass needs
(how many tag groups and `[` the block holds, its label signature) and the sorted list of
the blocks that matter to it (those with findings of their own or with brackets that
pair across blocks). An edit replaces a window of blocks: only that window is looked at
again, and the pass walks the blocks that matter, not all of them.

The command line runs the same code on the whole document at once, so the CLI and the
server always report the same findings.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from itertools import chain
from operator import attrgetter, itemgetter

from cicadraft.syntax.model import BlockSyntax, Span
from cicadraft.syntax.options import ScopeWalk, block_events, opens_option
from cicadraft.syntax.text import line_starts

from . import messages
from .diagnostics import NO_RANKS, SEVERITIES, Analyzer, Finding, rebase_indexes


def analyze(draft, registry, severities: dict[str, str] | None = None, locale: str = "en") -> list[Finding]:
    """Every finding on ``draft``, sorted by position. ``severities`` maps a code to a
    severity or ``"off"``; codes it does not name keep their default."""
    return findings_of(Analyzer(registry, severities, locale), draft)


def findings_of(analyzer: Analyzer, draft) -> list[Finding]:
    """Every finding on ``draft`` at once, with an analyzer that may have seen earlier
    versions (its per-block results are reused). For successive versions of one
    document, keep a :class:`DocumentFindings` instead."""
    starts = [block.span.start for block in draft.blocks]
    syntaxes = [block.syntax for block in draft.blocks]
    return DocumentFindings(analyzer, syntaxes).findings(draft.text, starts, syntaxes)


def _label_key(syntax: BlockSyntax) -> tuple | None:
    """What the duplicate-label pass reads from a block: whether it heads a section (a
    caption only when a labelled block follows, so whether the block itself starts with
    a label matters to the block before), and its labels and option markers in order.
    None when it holds nothing of these, which is most blocks without a label."""
    heading = syntax.heading
    labels = syntax.labels
    marks = syntax.marks
    leads = syntax.leads
    lead = leads[0] if leads else None
    starts_with_label = lead is not None and lead.kind == "label"
    if heading is None and not labels and not marks and not starts_with_label:
        return None
    heading_key = None
    if heading is not None and not (heading.kind == "caption" and opens_option(syntax)):
        heading_key = (heading.level, heading.kind == "caption")
    if not marks:  # labels alone (most blocks that have any): in text order already
        if len(labels) == 1:  # the most common: one label, leading the block
            return (heading_key, starts_with_label, (("label", 0, labels[0][1]),))
        return (heading_key, starts_with_label, tuple([("label", position, normalized) for position, (_, normalized) in enumerate(labels)]))
    return (heading_key, starts_with_label, tuple(_without_offsets(event) for event in block_events(syntax)))


_NOWHERE = Span(0, 0)


def _without_offsets(event: tuple) -> tuple:
    """A label or mark event as the duplicate-label walk reads it: without offsets,
    which the walk does not use, so that typing in a block that holds labels or
    option markers leaves its key (and the walk's result) as it was."""
    if event[0] == "label":
        return event[:3]
    mark = event[1]
    return ("mark", mark._replace(line=0, span=_NOWHERE))


class DocumentFindings:
    """The findings of one document for one :class:`Analyzer`, maintained across edits.

    ``replace(first, old_after, syntaxes)`` says that blocks ``first .. old_after - 1``
    were replaced by the blocks now at ``first .. new_after - 1`` of ``syntaxes``;
    ``findings(text, starts, syntaxes)`` gives the sorted findings of the current text.
    """

    def __init__(self, analyzer, syntaxes: list[BlockSyntax]):
        self.analyzer = analyzer
        self.group_counts: list[int] = []
        self.open_counts: list[int] = []
        self.label_keys: list[tuple | None] = []
        # The blocks' parses as this object last saw them (the caller's list changes in
        # place as edits come in): what an edit replaced is read from here.
        self.syntaxes: list[BlockSyntax] = []
        # How often each delegation code (upper case) is written in the whole document:
        # the spellings unknown codes are compared with. Counted when first needed
        # (None until then): a draft without unknown codes never needs it.
        self.code_counts: Counter[str] | None = None
        # The blocks with findings of their own, and the blocks with brackets that pair
        # across blocks (the ones the cross-block pass visits), in order.
        self.local_blocks: list[int] = []
        self.pairing_blocks: list[int] = []
        # How many findings of each severity (in SEVERITIES order) each block has of its
        # own, and in the whole document: what sending only the first ones needs.
        self.local_ranks: list[tuple[int, ...]] = []
        self.rank_totals = [0] * len(SEVERITIES)
        # Repeated labels as (block, label, first block, first label), positions within
        # syntax.labels; None when the label signatures changed since it was computed.
        self.duplicates: list[tuple[int, int, int, int]] | None = None
        self._findings: list | None = None
        self._open(syntaxes)

    def _open(self, syntaxes: list[BlockSyntax]) -> None:
        """The figures of every block of a document that opens: what :meth:`replace`
        keeps, each worked out in one pass over the blocks (a 1 MB draft has thousands)."""
        self.syntaxes = list(syntaxes)
        self.group_counts = [s.group_count for s in syntaxes]
        self.open_counts = [s.open_count for s in syntaxes]
        self.label_keys = [_label_key(s) for s in syntaxes]
        local_ranks = self.analyzer.local_ranks
        self.local_ranks = ranks = [local_ranks(s) for s in syntaxes]
        self.local_blocks = [number for number, counted in enumerate(ranks) if counted]
        self.pairing_blocks = [number for number, s in enumerate(syntaxes) if s.open_unmatched or s.close_unmatched]
        totals = [0] * len(SEVERITIES)
        for number in self.local_blocks:
            for rank, count in enumerate(ranks[number]):
                totals[rank] += count
        self.rank_totals = totals

    # -- edits ---------------------------------------------------------------------------

    def replace(self, first: int, old_after: int, new_after: int, syntaxes: list[BlockSyntax]) -> None:
        window = syntaxes[first:new_after]
        local_ranks = self.analyzer.local_ranks
        self.group_counts[first:old_after] = [s.group_count for s in window]
        self.open_counts[first:old_after] = [s.open_count for s in window]
        keys = [_label_key(s) for s in window]
        changed = keys != self.label_keys[first:old_after]
        self.label_keys[first:old_after] = keys
        if changed and self.duplicates is not None:
            self._walk_again(first, old_after, new_after)
        counts = self.code_counts
        if counts is not None:
            for old in self.syntaxes[first:old_after]:
                if old.tag_groups:
                    counts.subtract(_codes_of(old))
            for new in window:
                if new.tag_groups:
                    counts.update(_codes_of(new))
        self.syntaxes[first:old_after] = window
        shift = new_after - old_after
        fresh_local = []
        fresh_pairing = []
        ranks = []
        for offset, s in enumerate(window):
            counted = local_ranks(s)
            ranks.append(counted)
            if counted:
                fresh_local.append(first + offset)
            if s.open_unmatched or s.close_unmatched:
                fresh_pairing.append(first + offset)
        totals = self.rank_totals
        for old in self.local_ranks[first:old_after]:
            if old is not NO_RANKS:
                for rank, count in enumerate(old):
                    totals[rank] -= count
        for new in ranks:
            if new is not NO_RANKS:
                for rank, count in enumerate(new):
                    totals[rank] += count
        self.local_ranks[first:old_after] = ranks
        _splice(self.local_blocks, first, old_after, shift, fresh_local)
        _splice(self.pairing_blocks, first, old_after, shift, fresh_pairing)
        self._findings = None

    def _walk_again(self, first: int, old_after: int, new_after: int) -> None:
        """The label keys of blocks ``first .. new_after - 1`` changed: walk again only
        the sections around them. A heading that is not a caption starts the walk's
        scopes afresh (every option closed, a new region and paragraph), so no label
        after it repeats one before it, and what the walk finds after it depends on
        nothing before it but an introduction still pending (see _repeated_labels)."""
        keys = self.label_keys
        start = first - 1
        while start > 0 and not _starts_afresh(keys[start]):
            start -= 1
        start = max(start, 0)
        stop = new_after
        while stop < len(keys) and not _starts_afresh(keys[stop]):
            stop += 1
        shift = new_after - old_after
        duplicates = self.duplicates
        low = bisect_left(duplicates, (start,))
        high = bisect_left(duplicates, (stop - shift,))
        moved = [(block + shift, label, first_block + shift, first_label) for block, label, first_block, first_label in duplicates[high:]]
        self.duplicates = duplicates[:low] + _repeated_labels(keys, start, stop) + moved

    # -- the findings ---------------------------------------------------------------------

    def findings(self, text: str, starts: list[int], syntaxes: list[BlockSyntax], line_starts_of_text: list[int] | None = None) -> list:
        """Every finding, sorted by position. ``line_starts_of_text`` (the document's
        line table, when the caller has one) only serves the messages of repeated
        labels, which name the line of the first one."""
        if self._findings is not None:
            return self._findings
        found = self._cross_block(text, starts, syntaxes, line_starts_of_text)
        for number, group_base, bracket_base in self._bases(self.local_blocks):
            self._add_local(found, starts[number], syntaxes[number], group_base, bracket_base)
        found = self.analyzer.prefer_spellings_in_use(found, text, self._codes_in_use())
        found.sort(key=_position)
        self._findings = found
        return found

    def first_findings(
        self, limit: int, text: str, starts: list[int], syntaxes: list[BlockSyntax], line_starts_of_text: list[int] | None = None
    ) -> tuple[list, int]:
        """What an editor is sent when it is sent at most ``limit`` findings: the errors
        first, then the warnings, and so on, of each severity the first ones in the
        document; in document order. And how many findings there are in all.

        The same as taking them from :meth:`findings`, without building every finding
        (see :meth:`first_selection`)."""
        selection, total = self.first_selection(limit, text, starts, syntaxes, line_starts_of_text)
        analyzer = self.analyzer
        add = analyzer.add
        kept: list = []
        for pick in selection:
            if isinstance(pick, Finding):
                kept.append(pick)
            else:
                number, index, group_base, bracket_base = pick
                code, start, end, message, data = analyzer.local_findings(syntaxes[number])[index]
                base = starts[number]
                add(kept, code, base + start, base + end, message, rebase_indexes(data, group_base, bracket_base))
        kept = analyzer.prefer_spellings_in_use(kept, text, self._codes_in_use())
        return kept, total

    def first_selection(
        self, limit: int, text: str, starts: list[int], syntaxes: list[BlockSyntax], line_starts_of_text: list[int] | None = None
    ) -> tuple[list, int]:
        """The findings :meth:`first_findings` gives, in the same order, each either a
        :class:`Finding` (those that cross blocks) or, for a block's own finding,
        ``(block, index, groups before the block, brackets before the block)``: the
        ``index``-th of ``analyzer.local_findings`` of the block, whose message may still
        name other suggestions (``analyzer.preferred_spellings``, set up for the codes
        the draft writes now). The server keeps what it renders of a block's own
        findings, valid wherever the block moves. And how many findings there are in all.

        The blocks' own findings are counted per severity as edits come in, so only
        the blocks holding the findings sent are visited (a draft of 10,000 findings
        sends its first 1,000 and looks at the blocks that hold them)."""
        cross = self._cross_block(text, starts, syntaxes, line_starts_of_text)
        cross_ranks = [0] * len(SEVERITIES)
        for finding in cross:
            cross_ranks[_RANK[finding.severity]] += 1
        totals = [local + other for local, other in zip(self.rank_totals, cross_ranks)]
        quotas = []
        left = limit
        for total in totals:
            quotas.append(min(total, left))
            left -= quotas[-1]
        # Of each severity, the first `quota` of the blocks' own findings suffice: with
        # the cross-block ones, they hold the first `quota` of the whole document.
        needed = [min(quota, local) for quota, local in zip(quotas, self.rank_totals)]
        taken = [0] * len(SEVERITIES)
        # (start, end, code, rank, what): sorted like Findings, the cross-block ones
        # first among equals as before.
        candidates = [(f.span.start, f.span.end, f.code, _RANK[f.severity], f) for f in cross]
        if any(needed):
            analyzer = self.analyzer
            local = analyzer.local_findings
            rank_of = analyzer._rank_of
            local_ranks = self.local_ranks
            wanted = [rank for rank, count in enumerate(needed) if count]  # the ranks still short
            unknown = False  # whether a block visited holds an unknown code
            for number, group_base, bracket_base in self._bases(self.local_blocks):
                counts = local_ranks[number]
                for rank in wanted:
                    if counts[rank]:
                        break
                else:
                    continue  # nothing the block holds is still needed
                base = starts[number]
                for index, (code, start, end, _, _) in enumerate(local(syntaxes[number])):
                    if code == "unknown-code":
                        unknown = True
                    rank = rank_of[code]
                    if taken[rank] < needed[rank]:
                        taken[rank] += 1
                        candidates.append((base + start, base + end, code, rank, (number, index, group_base, bracket_base)))
                wanted = [rank for rank in wanted if taken[rank] < needed[rank]]
                if not wanted:
                    break
            if unknown:
                # The visited blocks are the ones whose findings are rendered, and only an
                # unknown code's rendering asks for preferred_spellings.
                analyzer.use_spellings(self._codes_in_use())
        candidates.sort(key=_CANDIDATE_POSITION)
        kept = []
        for candidate in candidates:
            rank = candidate[3]
            if quotas[rank]:
                quotas[rank] -= 1
                kept.append(candidate[4])
        return kept, sum(totals)

    # -- the passes -------------------------------------------------------------------------

    def _bases(self, numbers: list[int]):
        """``(block, groups before it, brackets before it)`` for the blocks ``numbers``
        (in order): the bases that make a block's indexes document-wide."""
        group_counts = self.group_counts
        open_counts = self.open_counts
        group_base = bracket_base = previous = 0
        for number in numbers:
            if number > previous:
                group_base += sum(group_counts[previous:number])
                bracket_base += sum(open_counts[previous:number])
                previous = number
            yield number, group_base, bracket_base

    def _add_local(self, found: list, base: int, syntax: BlockSyntax, group_base: int, bracket_base: int) -> None:
        add = self.analyzer.add
        for code, start, end, message, data in self.analyzer.local_findings(syntax):
            add(found, code, base + start, base + end, message, rebase_indexes(data, group_base, bracket_base))

    def _codes_in_use(self):
        counts = self.code_counts
        if counts is None:
            counts = self.code_counts = _code_counts(self.syntaxes)
        return (code for code, count in counts.items() if count > 0)

    def _cross_block(self, text: str, starts: list[int], syntaxes: list[BlockSyntax], line_starts_of_text: list[int] | None) -> list:
        """The findings that cross blocks: brackets paired across blocks, stray and
        unclosed ones, labels repeated within a section (unsorted)."""
        analyzer = self.analyzer
        add = analyzer.add
        found: list = []
        stack: list[tuple[int, int, int]] = []  # brackets open across blocks: (block, event, bracket index)
        for number, group_base, bracket_base in self._bases(self.pairing_blocks):
            syntax = syntaxes[number]
            if syntax.close_unmatched:
                analyzer.closes_across_blocks(text, starts, syntaxes, number, stack, group_base, found)
            for event in syntax.open_unmatched:
                stack.append((number, event, bracket_base + syntax.open_ranks[event]))
        locale = analyzer.locale
        for opener_block, opener_event, bracket in stack:
            offset = starts[opener_block] + syntaxes[opener_block].events[opener_event][0]
            add(found, "unclosed-bracket", offset, offset + 1, messages.text("unclosed-bracket", locale), {"bracket": bracket})

        if analyzer.wanted["duplicate-label"] != "off":
            if self.duplicates is None:
                self.duplicates = _repeated_labels(self.label_keys)
            lines = line_starts_of_text
            for block, label, first_block, first_label in self.duplicates:
                lead = syntaxes[block].labels[label][0]
                first = starts[first_block] + syntaxes[first_block].labels[first_label][0].span.start
                if lines is None:
                    lines = line_starts(text)
                first_line = bisect_right(lines, first)  # 1-based: the lines starting at or before it
                base = starts[block]
                add(
                    found,
                    "duplicate-label",
                    base + lead.span.start,
                    base + lead.span.end,
                    messages.text("duplicate-label", locale, label=lead.text, line=first_line),
                    {"label": lead.text},
                )
        return found


_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}
_CANDIDATE_POSITION = itemgetter(0, 1, 2)


def _splice(numbers: list[int], first: int, old_after: int, shift: int, fresh: list[int]) -> None:
    """Blocks ``first .. old_after - 1`` were replaced: put ``fresh`` (the new ones of
    them on the list) in their place and move the numbers after them by ``shift``."""
    low = bisect_left(numbers, first)
    high = bisect_left(numbers, old_after)
    if shift:
        numbers[low:] = fresh + [number + shift for number in numbers[high:]]
    else:
        numbers[low:high] = fresh


def _codes_of(syntax: BlockSyntax) -> tuple[str, ...]:
    if not syntax.tag_groups:
        return ()
    return tuple(tag.code.upper() for _, group in syntax.tag_groups for tag in group.tags)


def _code_counts(syntaxes: list[BlockSyntax]) -> Counter[str]:
    """How often each code (upper case) is written in the blocks: the groups counted by
    their text, then each distinct group's codes (drafts repeat the same few groups)."""
    groups = list(map(_GROUP, chain.from_iterable([syntax.tag_groups for syntax in syntaxes if syntax.tag_groups])))
    texts = Counter(map(_TEXT, groups))
    by_text = dict(zip(map(_TEXT, groups), groups))  # groups of one text are equal
    counts: Counter[str] = Counter()
    for text, times in texts.items():
        for tag in by_text[text].tags:
            counts[tag.code.upper()] += times
    return counts


_GROUP = itemgetter(1)
_TEXT = attrgetter("text")


def _position(finding) -> tuple[int, int, str]:
    return (finding.span.start, finding.span.end, finding.code)


def _starts_afresh(key: tuple | None) -> bool:
    """Whether the walk starts its scopes afresh at this block: a heading, not a caption."""
    return key is not None and key[0] is not None and not key[0][1]


def _pending_introduction(keys: list[tuple | None], before: int):
    """The introduction (a mark) the walk holds on reaching block ``before``: the last
    label or mark before it, when that is an introduction (new regions keep it)."""
    for number in range(before - 1, -1, -1):
        key = keys[number]
        if key is not None and key[2]:
            event = key[2][-1]
            return event[1] if event[0] == "mark" and event[1].kind == "intro" else None
    return None


def _repeated_labels(keys: list[tuple | None], start: int = 0, stop: int | None = None) -> list[tuple[int, int, int, int]]:
    """Labels written twice in one scope (SPEC §2, §9): paragraph numbers within a
    section, article or option; sub-paragraph labels within their paragraph. A section
    runs from a heading to the next one; a caption is a heading only when a labelled
    block follows it. The scopes are those of :class:`cicadraft.syntax.options.ScopeWalk`,
    the walk the outline and "Choose Option 2" use too.

    ``start`` is 0 or a block that starts afresh. The blocks are walked section by
    section, each from a heading that starts afresh (see DocumentFindings._walk_again):
    no label repeats one of an earlier section, so a section whose labels are all
    written once (most, in a draft numbered throughout or by section) is not walked."""
    if stop is None:
        stop = len(keys)
    repeated: list[tuple[int, int, int, int]] = []
    afresh = [number for number in range(start + 1, stop) if (key := keys[number]) is not None and key[0] is not None and not key[0][1]]
    begin = start
    for end in afresh + [stop]:
        written = [event[2] for key in keys[begin:end] if key is not None for event in key[2] if event[0] == "label"]
        if len(set(written)) < len(written):
            _walk_section(keys, begin, end, repeated)
        begin = end
    return repeated


def _walk_section(keys: list[tuple | None], start: int, stop: int, repeated: list[tuple[int, int, int, int]]) -> None:
    """The repeated labels of blocks ``start .. stop - 1`` (``start`` 0 or a block that
    starts afresh), added to ``repeated``."""
    count = len(keys)
    first_label: dict[tuple, tuple[int, int]] = {}
    walk = ScopeWalk()
    if start:
        # Blocks ``start ..`` walked on their own: ``start`` starts afresh, with the
        # introduction pending there.
        introduction = _pending_introduction(keys, start)
        if introduction is not None:
            walk.mark(introduction, _NOWHERE, 0)
    for number in range(start, stop):
        key = keys[number]
        if key is None:
            continue
        heading, _, events = key
        if heading is not None:
            is_caption = heading[1]
            if not is_caption or (number + 1 < count and (following := keys[number + 1]) is not None and following[1]):
                walk.new_region(0, not is_caption)
        for event in events:
            if event[0] == "label":
                _, position, label = event
                scope = walk.label(label, 0)
                first = first_label.setdefault((scope, label), (number, position))
                if first != (number, position):
                    repeated.append((number, position, first[0], first[1]))
            elif event[1].kind == "division":
                walk.new_region(0)
            else:
                walk.mark(event[1], _NOWHERE, 0)
